/**
 * What AWS recorded about an identity's use of its permissions (IAM's service last-accessed
 * report), in Gatehouse's own vocabulary. Adapters build it from the AWS response; the core only
 * reads it, and reading it can only ever keep or remove a grant, never add one.
 */
import type { ActionInfo } from '../aws/action-catalog.js';

export interface ActionUsage {
  /** As IAM names it, e.g. `GetObject`. */
  readonly name: string;
  /** ISO 8601; absent when the action was not used within IAM's tracking period. */
  readonly lastAccessed?: string;
}

export interface ServiceUsage {
  /** Service prefix, e.g. `s3`. */
  readonly namespace: string;
  /** ISO 8601; absent when no action of the service was used within the tracking period. */
  readonly lastAuthenticated?: string;
  /** Actions IAM tracks one by one; absent for services it tracks at service level only. */
  readonly trackedActions?: readonly ActionUsage[];
}

export interface IdentityUsage {
  /** ARN of the role or user the report is about. */
  readonly arn: string;
  readonly services: readonly ServiceUsage[];
  /** When IAM completed the report: the date the evidence speaks for. */
  readonly reportedAt?: string;
}

/**
 * How the last use of an action is known: tracked for the action itself, only for its service
 * as a whole, or not at all (the report says nothing of the service).
 */
export type UsageBasis = 'action' | 'service' | 'no-data';

export interface ActionLastUse {
  readonly basis: UsageBasis;
  /** ISO 8601, or null for never used (within the tracking period) or unknown. */
  readonly lastAccessed: string | null;
}

/** Indexes a report for look-ups by action; service and action names compare case-insensitively. */
export class UsageIndex {
  private readonly services = new Map<string, { service: ServiceUsage; actions?: Map<string, ActionUsage> }>();

  constructor(readonly usage: IdentityUsage) {
    for (const service of usage.services) {
      const actions = service.trackedActions && new Map(service.trackedActions.map((action) => [action.name.toLowerCase(), action]));
      this.services.set(service.namespace.toLowerCase(), actions ? { service, actions } : { service });
    }
  }

  lastUse(action: ActionInfo): ActionLastUse {
    const entry = this.services.get(action.service.toLowerCase());
    if (entry === undefined) return { basis: 'no-data', lastAccessed: null };
    const tracked = entry.actions?.get(action.name.toLowerCase());
    // A service with action-level tracking still leaves some actions untracked: judge those by the service.
    if (tracked !== undefined) return { basis: 'action', lastAccessed: tracked.lastAccessed ?? null };
    return { basis: 'service', lastAccessed: entry.service.lastAuthenticated ?? null };
  }
}
