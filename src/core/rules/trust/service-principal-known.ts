import type { ActionCatalog } from '../../aws/action-catalog.js';
import { CSF, OWASP } from '../../lint/frameworks.js';
import { identityRule } from '../../lint/types.js';
import { suggestionData } from '../../text/suggest.js';

/** Service principals whose prefix is not the service's IAM prefix. */
const PRINCIPAL_ALIASES = [
  'ecs-tasks', 'edgelambda', 'events', 'scheduler', 'states', 'pipes', 'delivery.logs', 'logs', 'monitoring',
  'vpc-flow-logs', 'replication.dynamodb', 'build.apigateway', 'batch', 'spot', 'spotfleet', 'autoscaling',
  'application-autoscaling', 'elasticmapreduce', 'firehose', 'config', 'backup', 'datasync', 'transfer',
  'cloudtrail', 'guardduty', 'inspector', 'securityhub', 'appsync', 'bedrock', 'sagemaker', 'codebuild',
  'codepipeline', 'codedeploy', 'pods.eks', 'eks', 'eks-fargate-pods', 'apigateway', 'glue', 'ec2', 'lambda',
];

/** Built once per action catalogue: hundreds of awsService identities ask the same question. */
const principalsByCatalog = new WeakMap<ActionCatalog, ReadonlySet<string>>();
function knownPrincipals(catalog: ActionCatalog): ReadonlySet<string> {
  let known = principalsByCatalog.get(catalog);
  if (!known) principalsByCatalog.set(catalog, (known = new Set([...PRINCIPAL_ALIASES, ...catalog.services()])));
  return known;
}

export default identityRule(
  {
    id: 'service-principal-known',
    title: 'Service principal does not exist',
    category: 'trust',
    severity: 'error',
    frameworks: [OWASP.insecureCloudConfig, CSF.identitiesManaged],
    description: 'awsService must be an AWS service principal such as lambda.amazonaws.com. A misspelt principal makes the role unusable, and the follow-up fix is often a broader trust.',
    fix: 'Write the principal as <service>.amazonaws.com (the message suggests the closest one).',
    messages: {
      'unknown-principal': '"{{principal}}" is not a known AWS service principal.{{didYouMean}}',
    },
  },
  ({ doc, expander }) => {
    const principal = doc.spec.workload.awsService;
    if (principal === undefined) return [];
    const path = ['spec', 'workload', 'awsService'];
    const match = /^([a-z0-9.-]+)\.amazonaws\.com$/.exec(principal);
    const known = knownPrincipals(expander.catalog);
    if (match && known.has(match[1] as string)) return [];
    const name = match?.[1] ?? principal.replace(/\..*$/, '');
    return [{ messageId: 'unknown-principal', data: { principal, ...suggestionData(name, known, (service) => `${service}.amazonaws.com`) }, path }];
  },
);
