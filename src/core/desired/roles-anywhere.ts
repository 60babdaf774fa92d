/**
 * What the deploy role needs for the Roles Anywhere profiles synth emits (one per certificate
 * workload), as an addition to its policy: create only profiles tagged as Gatehouse's, and manage
 * only those. Trust anchors are the bootstrap's; the deploy role cannot touch them.
 */
import { MANAGED_BY_TAG } from './tags.js';
import type { DesiredAccountTarget, IamStatement } from './types.js';

export function rolesAnywhereDeployStatements(account: DesiredAccountTarget): IamStatement[] {
  const profiles = `arn:${account.partition}:rolesanywhere:${account.region}:${account.id}:profile/*`;
  return [
    {
      Sid: 'CreateGatehouseProfiles',
      Effect: 'Allow',
      Action: ['rolesanywhere:CreateProfile', 'rolesanywhere:TagResource'],
      Resource: ['*'],
      Condition: { StringEquals: { [`aws:RequestTag/${MANAGED_BY_TAG.key}`]: [MANAGED_BY_TAG.value] } },
    },
    {
      Sid: 'ManageGatehouseProfiles',
      Effect: 'Allow',
      Action: ['rolesanywhere:DeleteProfile', 'rolesanywhere:DisableProfile', 'rolesanywhere:EnableProfile', 'rolesanywhere:GetProfile', 'rolesanywhere:ListTagsForResource', 'rolesanywhere:TagResource', 'rolesanywhere:UntagResource', 'rolesanywhere:UpdateProfile'],
      Resource: [profiles],
      Condition: { StringEquals: { [`aws:ResourceTag/${MANAGED_BY_TAG.key}`]: [MANAGED_BY_TAG.value] } },
    },
  ];
}
