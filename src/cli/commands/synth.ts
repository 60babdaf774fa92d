/** `gatehouse synth`: one Terraform stack per account, or nothing at all when any file is broken. */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { IamDataCatalog } from '../../adapters/iam-data-catalog.js';
import { ProvenanceError, resolveProvenance, type ProvenanceFlags, type ProvenanceSource } from '../../app/provenance.js';
import { synthBootstrap, synthRepository, type BootstrapOutcome, type SynthOutcome } from '../../app/synth.js';
import { plural } from '../../render/report-table.js';
import { renderStackMatrix } from '../../render/stack-matrix.js';
import { renderText } from '../../render/text.js';
import { parse } from '../args.js';
import { OPTIONS } from '../options.js';
import { asCommandError, clockFrom, EXIT, rootDirectory, rootOf, UsageError, type CliIo } from '../io.js';

export async function synthCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, OPTIONS.synth);
  const today = clockFrom(io, values.today).today();
  const source = rootOf(io, values.root);
  if (values.bootstrap) return bootstrapCommand(values, io);
  const out = resolve(io.cwd, values.out ?? 'cdktf.out');
  const flags = { commit: values.commit, change: values.change, repoUrl: repositoryUrlFlag(values['repo-url']) };
  // Git history is read while the files load and validate (git is another process).
  const provenance = provenanceOf(rootDirectory(io, values.root), flags, io.env);
  const perIdentity = provenance.then((p) => p.provenance);
  perIdentity.catch(() => undefined); // synth awaits it, unless validation stopped it first
  const outcome = await synthRepository(source, {
    today,
    out,
    provenance: perIdentity,
    catalog: new IamDataCatalog(),
    ...(values.previous ? { previous: resolve(io.cwd, values.previous) } : {}),
  });
  if (outcome.ok) io.stdout(renderProvenance(await provenance));
  if (outcome.ok && values.matrix) await writeFile(resolve(io.cwd, values.matrix), `${renderStackMatrix(outcome)}\n`);
  io.stdout(renderSynthOutcome(outcome, values.out ?? 'cdktf.out'));
  return outcome.ok ? EXIT.ok : EXIT.findings;
}

/** The provenance of this run, from git history unless --commit/--change say otherwise. */
export function provenanceOf(directory: string, flags: ProvenanceFlags, env: CliIo['env']): Promise<ProvenanceSource> {
  return asCommandError([ProvenanceError], () => resolveProvenance(directory, flags, env));
}

/** `--repo-url`: the repository's web address pull request links are built on, never with credentials. */
export function repositoryUrlFlag(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash) {
    // The value is not echoed: a URL with credentials in it must not reach a CI log.
    throw new UsageError('--repo-url takes the web address of the repository, e.g. https://github.com/acme/gatehouse (http or https, without credentials, query or fragment)');
  }
  return url.href.replace(/\/+$/, '');
}

/** One line that says where the commit and change tags came from, and which identities have none. */
export function renderProvenance(source: ProvenanceSource): string {
  if (source.mode === 'run-wide') {
    const { commit, change } = source.provenance;
    const tags = commit || change ? [commit && `commit ${commit}`, change && `change ${change}`].filter(Boolean).join(', ') : 'no commit or change tag';
    const why = source.reason.flags ? 'from --commit/--change' : `not in a git work tree (${source.reason.outsideGit}); from the GitHub Actions environment`;
    return `provenance: run-wide, ${tags} on every identity (${why})\n`;
  }
  const links = source.repositoryUrl ? `pull requests linked under ${source.repositoryUrl}/pull/` : 'no pull request links (pass --repo-url or set GITHUB_REPOSITORY)';
  const lines = [`provenance: per identity, the last commit that changed its file; ${links}`];
  const dirty = source.uncommitted;
  if (dirty.length > 0) {
    const named = dirty.slice(0, 3).join(', ') + (dirty.length > 3 ? `, and ${dirty.length - 3} more` : '');
    lines.push(`  ${plural(dirty.length, 'identity file')} with uncommitted changes carry no commit or change tag: ${named} (commit them; apply synthesizes a clean checkout)`);
  }
  return `${lines.join('\n')}\n`;
}

type SynthValues = ReturnType<typeof parse<typeof OPTIONS.synth>>['values'];

/** `gatehouse synth --bootstrap --github-repo org/name`: the one-time stacks an administrator applies. */
async function bootstrapCommand(values: SynthValues, io: CliIo): Promise<number> {
  const repository = values['github-repo'];
  if (!repository || !/^[^/\s]+\/[^/\s]+$/.test(repository)) throw new UsageError('--bootstrap needs --github-repo org/name: the repository whose workflows assume the deploy and read roles');
  const outLabel = values.out ?? 'cdktf.bootstrap';
  const outcome = await synthBootstrap(rootOf(io, values.root), {
    out: resolve(io.cwd, outLabel),
    repository,
  });
  io.stdout(renderBootstrapOutcome(outcome, outLabel));
  return outcome.ok ? EXIT.ok : EXIT.findings;
}

function renderBootstrapOutcome(outcome: BootstrapOutcome, outLabel: string): string {
  if (!outcome.ok) return `${renderText(outcome.findings, 0)}bootstrap stopped: the catalog does not load; nothing was written to ${outLabel}\n`;
  const lines = [`provider ${outcome.provider.source} ${outcome.provider.version}; ${outcome.stacks.length} bootstrap stack(s) written to ${outLabel} (local state: keep it, or migrate it)`];
  for (const stack of outcome.stacks) lines.push(`stack bootstrap-${stack.account}: ${Object.values(stack.resources).reduce((a, b) => a + b, 0)} resources in ${stack.file}`);
  return `${lines.join('\n')}\n`;
}

/** The per-stack summary: identities, resources, what was left out and why, and what changed. */
export function renderSynthOutcome(outcome: SynthOutcome, outLabel: string): string {
  if (!outcome.ok) {
    const errors = outcome.findings.filter((f) => f.severity === 'error').length;
    return `${renderText(outcome.findings, outcome.identityCount)}synth stopped by ${plural(errors, 'error')}: nothing was written to ${outLabel}\n`;
  }
  const lines: string[] = [];
  const warnings = outcome.findings.filter((f) => f.severity !== 'error');
  if (warnings.length > 0) lines.push(renderText(warnings, outcome.identityCount).trimEnd());
  lines.push(`provider ${outcome.provider.source} ${outcome.provider.version}; ${plural(outcome.stacks.length, 'stack')} written to ${outLabel}`);
  for (const stack of outcome.stacks) {
    const total = Object.values(stack.resources).reduce((sum, n) => sum + n, 0);
    const shard = stack.retired ? ', a shard the account no longer has' : stack.shard.count > 1 ? `, shard ${stack.shard.index + 1} of ${stack.shard.count}` : '';
    const changed = outcome.comparedWithPrevious ? (stack.changed ? ', changed' : ', unchanged') : '';
    lines.push(`stack ${stack.stack}: ${plural(stack.roles + stack.users, 'identity', 'identities')} (${plural(stack.roles, 'role')}, ${plural(stack.users, 'user')}), ${plural(total, 'resource')} in ${stack.file}${shard}${changed}`);
    const types = Object.entries(stack.resources).sort(([a], [b]) => a.localeCompare(b));
    if (types.length > 0) lines.push(`  ${types.map(([type, n]) => `${type} ${n}`).join(', ')}`);
    if (total === 0) lines.push(stack.retired ? '  no identities: applying it lets moved identities go and destroys the rest' : '  no identities: applying this stack destroys whatever Gatehouse still manages in it');
    if (stack.movedIn.length > 0) lines.push(`  adopts (import, no re-create): ${stack.movedIn.join(', ')}`);
    if (stack.movedOut.length > 0) lines.push(`  lets go (removed, destroy = false): ${stack.movedOut.join(', ')}`);
    if (stack.shard.index === 0 && !stack.retired) for (const o of outcome.state.omitted.filter((x) => x.account === stack.account)) lines.push(`  left out ${o.identity} (${o.file}): ${o.reason}`);
  }
  if (outcome.state.omitted.length === 0) lines.push('left out: nothing (no identity has expired)');
  for (const note of outcome.state.notes) lines.push(`note ${note.identity} (${note.file}): ${note.message}`);
  lines.push(...renderChanges(outcome));
  for (const orphan of outcome.orphanStacks) {
    lines.push(`warning ${orphan}: its account is no longer in catalog/accounts.yaml; the directory was left in place (run terraform destroy there before removing it)`);
  }
  return `${lines.join('\n')}\n`;
}

function renderChanges(outcome: Extract<SynthOutcome, { ok: true }>): string[] {
  const changes = outcome.changes;
  if (!changes) return ['renames: no previous synth to compare with (pass --previous DIR); a renamed identity is a destroy plus a create'];
  const lines: string[] = [];
  for (const r of changes.renamed) {
    lines.push(`renamed? ${r.account}: ${r.type} ${r.from} -> ${r.to}: IAM cannot rename, so apply destroys ${r.from} (its ARN and credentials) and creates ${r.to}; update whatever uses the old ARN`);
  }
  for (const r of changes.removed) lines.push(`removed ${r.account}: ${r.type} ${r.name} is destroyed on apply`);
  for (const a of changes.added) lines.push(`added ${a.account}: ${a.type} ${a.name}`);
  if (lines.length === 0) lines.push('no identities added or removed since the previous synth');
  return lines;
}
