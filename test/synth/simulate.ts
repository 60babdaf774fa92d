/**
 * IAM decisions for the synth tests, taken by @cloud-copilot/iam-simulate (an independent
 * evaluator), never by logic of our own. A simulation the evaluator rejects as malformed fails
 * the test rather than reading as a denial.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { IamPolicyDocument } from '../../src/core/desired/index.js';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface SimulatedRequest {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly accountId: string;
  readonly context?: Record<string, string | string[]>;
  readonly identityPolicies?: readonly IamPolicyDocument[];
  readonly resourcePolicy?: IamPolicyDocument;
}

export async function decide(request: SimulatedRequest): Promise<Decision> {
  const result = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.accountId },
        contextVariables: request.context ?? {},
      },
      identityPolicies: (request.identityPolicies ?? []).map((policy, index) => ({ name: `policy-${index}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(request.resourcePolicy ? { resourcePolicy: request.resourcePolicy } : {}),
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`iam-simulate refused the simulation: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}
