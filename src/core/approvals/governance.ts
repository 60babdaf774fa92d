/**
 * Governance files: everything that decides how identities are checked, synthesized and applied.
 *
 * Governance is an allow-list. Every path a pull request changes is a governance change except an
 * identity file (`identities/**` ending in .yaml or .yml, no dot-file or dot-directory on the way),
 * because anything else can change what runs: a `tsconfig.json` whose `paths` redirect a module
 * (tsx honours it, so plan, lint and the apply-time synth would run the author's code), a
 * `.gitattributes` with `working-tree-encoding` (the checkout would read other bytes than the
 * review saw), a lockfile, a workflow, a file outside the Gatehouse root.
 *
 * The base policy may exempt documentation (`governanceExempt` globs), and nothing else: an
 * exemption applies only to a documentation file outside the engine's directories, never to a
 * dot-file, a manifest, a config or code, whatever the glob says.
 */

/** Prefixes CODEOWNERS gives the governance owners explicitly (everything else falls to its `*` line). */
export const GOVERNANCE_PREFIXES = ['catalog/', '.github/', 'src/', 'stacks/', 'bin/'] as const;
export const GOVERNANCE_FILES = ['package.json', 'package-lock.json', '.npmrc'] as const;

/** The only files a policy exemption can reach: text and images that no tool executes or configures itself from. */
const EXEMPTABLE_EXTENSIONS = /\.(md|markdown|txt|rst|adoc|png|jpe?g|gif|svg|pdf)$/i;

const IDENTITY_FILE = /^identities\/(?:[^/]+\/)*[^/]+\.ya?ml$/;

/** Paths are repository-relative and `/`-separated; a path outside the Gatehouse root starts with `../`. */
export function isIdentityPath(path: string): boolean {
  return IDENTITY_FILE.test(path) && !segments(path).some(isDotSegment);
}

/**
 * Whether a changed path is a governance change. `exempt` comes from the BASE policy's
 * `governanceExempt`: a pull request cannot exempt its own files by editing the policy.
 */
export function isGovernancePath(path: string, exempt: readonly string[] = []): boolean {
  const normalized = path.replace(/^\/+/, '');
  if (isIdentityPath(normalized)) return false;
  return !(exemptable(normalized) && exempt.some((glob) => globRegex(glob).test(normalized)));
}

/** Whether a policy exemption can reach a path at all: documentation outside the engine, nothing else. */
export function exemptable(path: string): boolean {
  const parts = segments(path);
  const basename = parts.at(-1) ?? '';
  return (
    EXEMPTABLE_EXTENSIONS.test(basename) &&
    !parts.some(isDotSegment) &&
    basename !== 'CODEOWNERS' &&
    !GOVERNANCE_PREFIXES.some((prefix) => path.startsWith(prefix))
  );
}

/** The teams that must approve a governance change: every governance owner, and the security team. */
export function governanceTeams(policy: { readonly governanceOwners: readonly string[]; readonly securityTeam: string }): string[] {
  const seen = new Set<string>();
  return [...policy.governanceOwners, policy.securityTeam].filter((team) => !seen.has(team.toLowerCase()) && seen.add(team.toLowerCase()));
}

const compiled = new Map<string, RegExp>();

/** `*` matches within one path segment, `**` across segments, `?` one character. */
export function globRegex(glob: string): RegExp {
  let regex = compiled.get(glob);
  if (regex) return regex;
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index]!;
    if (char === '*' && glob[index + 1] === '*') {
      // `**/` also matches no directory at all: `docs/**/x.md` covers `docs/x.md`.
      source += glob[index + 2] === '/' ? '(?:.*/)?' : '.*';
      index += glob[index + 2] === '/' ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  regex = new RegExp(`^${source}$`);
  compiled.set(glob, regex);
  return regex;
}

function segments(path: string): string[] {
  return path.split('/').filter((part) => part !== '' && part !== '..');
}

function isDotSegment(part: string): boolean {
  return part.startsWith('.');
}
