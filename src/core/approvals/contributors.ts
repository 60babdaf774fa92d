/**
 * Who contributed to a pull request, from its commits as GitHub attributes them: their approvals
 * do not count (as policy-bot's `allow_contributor: false`). Pure.
 *
 * - The GitHub accounts GitHub linked each commit's author and committer to are contributors.
 * - A `Co-authored-by:` trailer names a contributor by email: a GitHub no-reply address names its
 *   login; another address names the account a commit of this pull request links it to.
 * - A commit author or committer GitHub links to no account, or a co-author no email above
 *   identifies, is unattributed: the gate cannot tell who it is, so it cannot exclude them, and
 *   fails closed until the commit is re-authored with an email of a GitHub account.
 *
 * Commit metadata is written by whoever makes the commit: this excludes everyone the commits
 * name, but a pusher who forges another person's email is not named. Branch protection's
 * "approval of the last push by someone else" covers the last push; signed commits cover the rest.
 */

export interface CommitFacts {
  readonly sha: string;
  readonly authorLogin: string | null;
  readonly committerLogin: string | null;
  readonly authorEmail: string;
  readonly committerEmail: string;
  readonly message: string;
}

export interface Contributor {
  readonly login: string;
  /** Short shas of the commits that name them, for the check summary. */
  readonly commits: readonly string[];
}

export interface UnattributedCommit {
  readonly sha: string;
  /** `author <email>`, `committer <email>` or `co-author <email>`. */
  readonly who: string;
}

export interface Contributors {
  readonly contributors: readonly Contributor[];
  readonly unattributed: readonly UnattributedCommit[];
}

const CO_AUTHOR = /^co-authored-by:[ \t]*(.*?)[ \t]*<([^<>\s]+)>[ \t]*$/gim;
/** `login@users.noreply.github.com` or `12345+login@users.noreply.github.com`. */
const NOREPLY = /^(?:\d+\+)?([a-z0-9](?:[a-z0-9-]{0,38}))@users\.noreply\.github\.com$/i;

export function contributorsOf(commits: readonly CommitFacts[]): Contributors {
  const byLogin = new Map<string, { login: string; commits: string[] }>();
  const unattributed: UnattributedCommit[] = [];
  const add = (login: string, sha: string) => {
    const entry = byLogin.get(login.toLowerCase()) ?? { login, commits: [] };
    const short = sha.slice(0, 7);
    if (!entry.commits.includes(short)) entry.commits.push(short);
    byLogin.set(login.toLowerCase(), entry);
  };
  // An email a commit of this pull request links to an account names that account elsewhere too.
  const linked = new Map<string, string>();
  for (const commit of commits) {
    if (commit.authorLogin && commit.authorEmail) linked.set(commit.authorEmail.toLowerCase(), commit.authorLogin);
    if (commit.committerLogin && commit.committerEmail) linked.set(commit.committerEmail.toLowerCase(), commit.committerLogin);
  }

  for (const commit of commits) {
    for (const [role, login, email] of [
      ['author', commit.authorLogin, commit.authorEmail],
      ['committer', commit.committerLogin, commit.committerEmail],
    ] as const) {
      if (login) add(login, commit.sha);
      else unattributed.push({ sha: commit.sha, who: `${role} <${email || 'no email'}>` });
    }
    for (const match of commit.message.matchAll(CO_AUTHOR)) {
      const email = match[2]!;
      const login = NOREPLY.exec(email)?.[1] ?? linked.get(email.toLowerCase());
      if (login) add(login, commit.sha);
      else unattributed.push({ sha: commit.sha, who: `co-author <${email}>` });
    }
  }
  return { contributors: [...byLogin.values()], unattributed };
}
