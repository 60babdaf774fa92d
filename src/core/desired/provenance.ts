/**
 * Provenance (the commit and pull request tags) added to a desired state computed without it. Lint
 * computes the desired state once (synth-constraints); synth renders that same state with the
 * provenance it reads from git, instead of computing everything again. Provenance feeds only the
 * tags of each identity and of its secrets (they share the identity's tags), so nothing else changes.
 */
import type { Repository, SourcedIdentity } from '../model.js';
import { withProvenanceTags } from './tags.js';
import type { DesiredAccount, DesiredIdentity, DesiredState, Provenance } from './types.js';

export type ProvenanceOf = Provenance | ((identity: SourcedIdentity) => Provenance);

export function withProvenance(state: DesiredState, repository: Repository, provenance: ProvenanceOf): DesiredState {
  const bySourceFile = new Map(repository.identities.map((identity) => [identity.file, identity]));
  const provenanceOf = (identity: DesiredIdentity): Provenance => {
    if (typeof provenance !== 'function') return provenance;
    const source = bySourceFile.get(identity.file);
    if (!source) throw new Error(`internal error: desired identity ${identity.name} has no source file ${identity.file}`);
    return provenance(source);
  };
  const tagged = <T extends DesiredIdentity>(identity: T): T => {
    const found = provenanceOf(identity);
    if (found.commit === undefined && found.change === undefined) return identity;
    const tags = withProvenanceTags(identity.tags, found);
    return { ...identity, tags, secrets: identity.secrets.map((secret) => ({ ...secret, tags })) };
  };
  const accounts: Record<string, DesiredAccount> = {};
  for (const [key, account] of Object.entries(state.accounts)) accounts[key] = { ...account, roles: account.roles.map(tagged), users: account.users.map(tagged) };
  return { ...state, accounts };
}
