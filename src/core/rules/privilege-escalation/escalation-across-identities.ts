/**
 * Escalation judged across identities, as an attacker would move: identities bound to one workload
 * are one principal (the union of their grants), and an identity that can assume another managed
 * identity's role, or pass it to a service it can run code in, holds what that identity holds
 * (multi-hop, as pathfinding.cloud describes). Only identities that can hop at all are resolved
 * here; the rest of the repository costs one cached look-up per action pattern.
 */
import { qualifiedName } from '../../aws/action-catalog.js';
import type { ActionExpander } from '../../aws/action-patterns.js';
import { wildcardRegex } from '../../aws/action-patterns.js';
import { admitsPassedToService } from '../../aws/conditions.js';
import { effectiveAccess, type GrantedAction } from '../../aws/effective-access.js';
import { GATEHOUSE_PATH } from '../../desired/desired-state.js';
import { CSF, OWASP, SP800_53 } from '../../lint/frameworks.js';
import { repositoryRule, type RepositoryContext, type RuleFinding } from '../../lint/types.js';
import { accountPartition, usesStaticCredentials, type DocPath, type SourcedIdentity } from '../../model.js';
import { resolveGrants, statementPath } from '../../resolve.js';
import { sharedWorkloads } from '../reuse/workload-binding.js';
import { catalogAccountIds, pathData, pathLabel } from './escalation-path.js';
import { heldPaths, PATH_ACTIONS, type HeldPath, type PathContext } from './evaluate.js';

const ASSUME = 'sts:assumerole';
const PASS = 'iam:passrole';
const HOP_ACTIONS: ReadonlySet<string> = new Set(['sts', 'iam', ASSUME, PASS]);
/** Deep enough for any chain a review would miss; bounded so a cycle of trusts cannot loop. */
const MAX_HOPS = 4;

/** Per action set, per expander, per pattern: whether it can grant one of the actions. Patterns repeat across thousands of files. */
const grantingPatterns = new WeakMap<ReadonlySet<string>, WeakMap<ActionExpander, Map<string, boolean>>>();
function mayGrant(patterns: readonly string[] | undefined, notActions: readonly string[] | undefined, expander: ActionExpander, actions: ReadonlySet<string>): boolean {
  if (notActions) return true; // NotAction grants nearly everything: resolve and look
  let byExpander = grantingPatterns.get(actions);
  if (!byExpander) grantingPatterns.set(actions, (byExpander = new WeakMap()));
  let cache = byExpander.get(expander);
  if (!cache) byExpander.set(expander, (cache = new Map()));
  return (patterns ?? []).some((pattern) => {
    let hit = cache.get(pattern);
    // A role template's placeholder is filled per identity: only the resolved action can say.
    if (hit === undefined) cache.set(pattern, (hit = pattern.includes('{') || expander.expand(pattern).some((a) => actions.has(qualifiedName(a).toLowerCase()))));
    return hit;
  });
}

/** Cheap, from the file alone: could this identity be granted any of the actions at all? */
function couldBeGranted({ doc }: SourcedIdentity, context: RepositoryContext, actions: ReadonlySet<string>): boolean {
  return doc.spec.grants.some((grant) => {
    if ('statement' in grant) return mayGrant(grant.statement.actions, grant.statement.notActions, context.expander, actions);
    const role = context.repository.catalog.roles[grant.role];
    return role?.statements.some((s) => mayGrant(s.actions, s.notActions, context.expander, actions)) ?? false;
  });
}

/** Could this identity assume or pass a role at all? */
const couldHop = (identity: SourcedIdentity, context: RepositoryContext) => couldBeGranted(identity, context, HOP_ACTIONS);

interface ManagedRole {
  readonly identity: SourcedIdentity;
  readonly arn: string;
}

/** The role ARN synth gives each identity that is a role (static-credential identities are users: nobody assumes them). */
function managedRoles(context: RepositoryContext): ManagedRole[] {
  const roles: ManagedRole[] = [];
  for (const identity of context.repository.identities) {
    const account = context.repository.catalog.accounts[identity.doc.spec.account];
    if (!account || usesStaticCredentials(identity.doc)) continue;
    roles.push({ identity, arn: `arn:${accountPartition(account)}:iam::${account.id}:role${GATEHOUSE_PATH}${identity.doc.metadata.name}` });
  }
  return roles;
}

/** Whether an action granted on `resources` reaches `arn`. */
const reaches = (resources: readonly string[], arn: string) => resources.some((r) => r === '*' || wildcardRegex(r).test(arn));

interface Hop {
  readonly to: SourcedIdentity;
  /** "sts:AssumeRole" or "iam:PassRole to lambda.amazonaws.com via passrole-lambda-invoke". */
  readonly how: string;
  /** Where in the hopping identity's file the hop is granted. */
  readonly path: DocPath;
}

export default repositoryRule(
  {
    id: 'escalation-across-identities',
    title: 'Privilege escalation through other identities',
    category: 'privilege-escalation',
    severity: 'error',
    frameworks: [OWASP.overprivileged, OWASP.reuse, CSF.leastPrivilege, SP800_53.privilegedAccounts, SP800_53.separationOfDuties],
    description:
      "Escalation is judged per principal, not per file. Identities bound to one workload are one principal: a path split between them is a path. An identity that can assume another managed identity's role (its crossAccount trust names this identity's account), or pass that role to a service it can run code in (the other identity's awsService), holds that identity's paths too, through any number of hops; the message shows the chain.",
    fix: 'Break the chain: drop the sts:AssumeRole or iam:PassRole on the other identity\'s role, narrow the other identity\'s trust, or remove the path from the identity at the end of the chain.',
    identifiedBy: ['pathId', 'identities'],
    messages: {
      'shared-workload-path': 'with {{group}}, bound to the same workload, can escalate privileges ({{pathLabel}}): {{actions}} lets it {{how}}',
      // `chain` reads `"a" → (sts:AssumeRole) "b" → (iam:PassRole to …) "c"`; `paths` lists what the last one holds.
      'path-through-identities': 'can escalate privileges through other identities: {{chain}}, which holds {{paths}}',
    },
  },
  (context) => {
    const accounts = context.repository.catalog.accounts;
    const pathContext: PathContext = { expander: context.expander, today: context.today, catalogAccounts: catalogAccountIds(accounts) };
    const ownPaths = new Map<SourcedIdentity, HeldPath[]>();
    const pathsOf = (identity: SourcedIdentity) => {
      let found = ownPaths.get(identity);
      if (!found) ownPaths.set(identity, (found = heldPaths(context.grantsOf(identity).statements, pathContext)));
      return found;
    };
    const findings: RuleFinding[] = [];

    // One workload, one principal: the paths that exist only in the union of the group's grants.
    for (const group of sharedWorkloads(context.repository.identities)) {
      if (!group.some(context.wanted)) continue;
      const union = group.flatMap((identity) => context.grantsOf(identity).statements);
      const alone = new Set(group.flatMap((identity) => pathsOf(identity).map((held) => held.path.id)));
      const combined = heldPaths(union, pathContext).filter((held) => !alone.has(held.path.id));
      if (combined.length === 0) continue;
      const names = group.map((i) => i.doc.metadata.name);
      const shown = { group: names.map((name) => `"${name}"`).join(', '), identities: names.join(', ') };
      for (const identity of group) {
        for (const held of combined) {
          findings.push({
            messageId: 'shared-workload-path',
            data: { ...shown, ...pathData(held) },
            path: ['spec', 'workload'],
            file: identity.file,
            identity: identity.doc.metadata.name,
          });
        }
      }
    }

    // Hops: who can become whom.
    const roles = managedRoles(context);
    if (roles.length === 0) return findings;
    // Roles indexed by what lets another identity reach them (the trusted account, the service),
    // so each hopping identity looks only at the roles it could reach, not at every role.
    // Only a crossAccount role trusts an account's principals: sts:AssumeRole reaches no other
    // role (EKS, GitHub Actions and services assume theirs with tokens no identity holds).
    const byTrustedAccount = indexRoles(roles, (role) => role.identity.doc.spec.workload.crossAccount?.accountId);
    const byService = indexRoles(roles, (role) => role.identity.doc.spec.workload.awsService);
    // Paths of an identity reached by a hop: its grants are resolved here and let go (the engine
    // keeps what grantsOf resolves); most hold nothing, so only the paths found are kept.
    const reachedPaths = (identity: SourcedIdentity) => {
      let found = ownPaths.get(identity);
      if (!found) {
        // Most reached identities hold no action of any path: their grants need not be resolved.
        found = couldBeGranted(identity, context, PATH_ACTIONS) ? heldPaths(resolveGrants(identity.doc, context.repository.catalog).statements, pathContext) : [];
        ownPaths.set(identity, found);
      }
      return found;
    };
    const hopAccess = new Map<SourcedIdentity, HopAccess | undefined>();
    // Kept only for identities whose file could hop: the rest (nearly all) are asked again, cheaply.
    const accessOf = (from: SourcedIdentity): HopAccess | undefined => {
      if (hopAccess.has(from)) return hopAccess.get(from);
      if (!couldHop(from, context)) return undefined;
      const access = effectiveAccess(context.grantsOf(from).statements, context.expander, HOP_ACTIONS, context.today);
      const assume = access.get(ASSUME);
      const pass = access.get(PASS);
      const found = assume || pass ? { assume, pass } : undefined;
      hopAccess.set(from, found);
      return found;
    };
    // A hop to an identity that holds no path and can hop nowhere shows nothing and leads nowhere:
    // leaving it out changes no finding, and keeps the hops of a PassRole on "*" few.
    const worthReaching = (to: SourcedIdentity) => reachedPaths(to).length > 0 || accessOf(to) !== undefined;
    const hopsOf = new Map<SourcedIdentity, Hop[]>();
    const hopsFrom = (from: SourcedIdentity): Hop[] => {
      let hops = hopsOf.get(from);
      if (hops) return hops;
      const hopping = accessOf(from);
      if (!hopping) return NO_HOPS;
      hops = [];
      hopsOf.set(from, hops);
      const { assume, pass } = hopping;
      const fromAccount = accounts[from.doc.spec.account]?.id;
      // Services it can run code in with a passed role: the PassRole paths it completes but for the role.
      const launchers = pass ? pathsOf(from).filter((held) => held.path.passRoleTo !== undefined) : [];
      // An identity in an account the catalog lacks is in no account a role could trust.
      const candidates = new Set<number>(assume && fromAccount !== undefined ? byTrustedAccount.get(fromAccount) : []);
      if (pass) for (const [service, indexes] of byService) if (launchers.some((held) => held.path.passRoleTo!.includes(service))) for (const index of indexes) candidates.add(index);
      // In the order of the repository, as every role was looked at before.
      for (const index of [...candidates].sort((a, b) => a - b)) {
        const role = roles[index]!;
        if (role.identity === from) continue;
        const workload = role.identity.doc.spec.workload;
        const viaAssume = assume && fromAccount !== undefined && workload.crossAccount?.accountId === fromAccount ? firstVia(assume, (v) => reaches(v.resources, role.arn)) : undefined;
        if (viaAssume) {
          if (worthReaching(role.identity)) hops.push({ to: role.identity, how: 'sts:AssumeRole', path: statementPath(viaAssume.statement) });
          continue;
        }
        const service = workload.awsService;
        if (!pass || service === undefined) continue;
        const launcher = launchers.find((held) => held.path.passRoleTo!.includes(service));
        const viaPass = launcher ? firstVia(pass, (v) => reaches(v.resources, role.arn) && admitsPassedToService(v.statement.conditions, service)) : undefined;
        if (launcher && viaPass && worthReaching(role.identity)) hops.push({ to: role.identity, how: `iam:PassRole to ${service} (${launcher.path.id})`, path: statementPath(viaPass.statement) });
      }
      return hops;
    };

    for (const start of context.repository.identities) {
      // Findings go on the file of the identity a chain starts from.
      if (!context.wanted(start)) continue;
      const first = hopsFrom(start);
      if (first.length === 0) continue;
      // Breadth first: the shortest chain to each identity is the one worth showing.
      const seen = new Set<SourcedIdentity>([start]);
      let frontier: { at: SourcedIdentity; chain: Hop[] }[] = [{ at: start, chain: [] }];
      for (let depth = 0; depth < MAX_HOPS && frontier.length > 0; depth++) {
        const next: typeof frontier = [];
        for (const { at, chain } of frontier) {
          for (const hop of hopsFrom(at)) {
            if (seen.has(hop.to)) continue;
            seen.add(hop.to);
            const path = [...chain, hop];
            next.push({ at: hop.to, chain: path });
            const inherited = reachedPaths(hop.to);
            if (inherited.length === 0) continue;
            const steps = path.map((h) => ` → (${h.how}) "${h.to.doc.metadata.name}"`).join('');
            const data = {
              chain: `"${start.doc.metadata.name}"${steps}`,
              identities: [start, ...path.map((h) => h.to)].map((i) => i.doc.metadata.name).join(', '),
              target: hop.to.doc.metadata.name,
              hops: path.length,
              paths: inherited.map(pathLabel).join('; '),
              pathIds: inherited.map((held) => held.path.id).join(', '),
            };
            findings.push({
              messageId: 'path-through-identities',
              data,
              path: path[0]!.path,
              file: start.file,
              identity: start.doc.metadata.name,
            });
          }
        }
        frontier = next;
      }
    }
    return findings;
  },
);

const NO_HOPS: Hop[] = [];

interface HopAccess {
  readonly assume: GrantedAction | undefined;
  readonly pass: GrantedAction | undefined;
}

/** Positions in `roles` by a key of the role's identity (its trusted account, its service), in order. */
function indexRoles(roles: readonly ManagedRole[], keyOf: (role: ManagedRole) => string | undefined): Map<string, number[]> {
  const index = new Map<string, number[]>();
  roles.forEach((role, position) => {
    const key = keyOf(role);
    if (key === undefined) return;
    const list = index.get(key);
    if (list) list.push(position);
    else index.set(key, [position]);
  });
  return index;
}

function firstVia(granted: GrantedAction, test: (via: GrantedAction['via'][number]) => boolean) {
  return granted.via.find(test);
}
