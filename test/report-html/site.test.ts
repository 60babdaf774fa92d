/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { REPO_ROOT, removeRepos } from '../support/repo-fixture.js';
import { launch, openPage, type OpenedPage } from './browser.js';
import { BROKEN_FILE, HEAD_NAMES, HOSTILE, makeReportRepo, TODAY } from './fixture.js';

let browser: Browser;
let repo: { root: string; base: string };
let out: string;
let run: Awaited<ReturnType<typeof runCli>>;
let index: OpenedPage;

beforeAll(async () => {
  [browser, repo] = await Promise.all([launch(), makeReportRepo()]);
  out = join(repo.root, '..', `${repo.root.split('/').at(-1)}-site`);
  run = await runCli(['report', '--root', repo.root, '--today', TODAY, '--format', 'html', '--out', out, '--base', repo.base, '--repo-url', 'https://github.com/acme/governance'], { cwd: repo.root });
  index = await openPage(browser, out, 'index.html');
});
afterAll(async () => {
  await browser?.close();
  await removeRepos();
});

const rowNames = (opened: OpenedPage) => opened.page.$$eval('#inventory-table tbody tr:not([hidden])', (rows) => rows.map((row) => row.getAttribute('data-identity')));

describe('gatehouse report --format html, opened in Chromium', () => {
  it('writes index.html and one page per identity, and the page loads with no console error and no request outside the report', async () => {
    expect(run.code).toBe(0);
    // index.html, one plain inventory page, six identity pages.
    expect(run.stdout).toContain(`wrote 8 page(s) for 6 identities to ${out}/index.html`);
    expect((await readdir(join(out, 'identity'))).sort()).toEqual(HEAD_NAMES.map((name) => `${name}.html`));
    expect(index.errors).toEqual([]);
    expect(index.outside).toEqual([]);
    const csp = await index.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+';/);
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo.root, encoding: 'utf8' }).trim();
    expect(await index.page.locator('header.top .meta').innerText()).toBe(`Report of ${TODAY} · commit ${head.slice(0, 12)}`);
  });

  it('lists every identity once in the inventory, with owner, account, risk and the pull request that last changed it', async () => {
    expect((await rowNames(index)).sort()).toEqual(HEAD_NAMES);
    const hostile = await index.page.locator('tr[data-identity="data-hostile"]').innerText();
    expect(hostile).toContain('@acme/data');
    expect(hostile).toContain('acme-dev');
    expect(hostile).toMatch(/#7/);
    const prLink = await index.page.locator('tr[data-identity="data-hostile"] a[href^="https://"]').getAttribute('href');
    expect(prLink).toBe('https://github.com/acme/governance/pull/7');
  });

  it('draws every overview chart and the access graph as SVG with marks in them', async () => {
    for (const id of ['chart-owners', 'chart-accounts', 'chart-expiry', 'chart-reviews', 'chart-exceptions']) {
      const marks = await index.page.locator(`#${id} svg [aria-roledescription="bar"]`).count();
      expect(marks, id).toBeGreaterThan(0);
      const box = await index.page.locator(`#${id} svg`).boundingBox();
      expect(box!.width, id).toBeGreaterThan(200);
    }
    const graph = index.page.locator('#access-graph-chart svg');
    const labels = await graph.locator('text').allTextContents();
    for (const name of HEAD_NAMES) expect(labels).toContain(name);
    expect(labels).toEqual(expect.arrayContaining(['acme-prod (prod)', 'AWS account 444455556666', 'iam', 'Workloads', 'Services']));
  });

  it('filters the inventory as the user types, focused from the keyboard with /', async () => {
    const { page } = index;
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('filter');
    await page.keyboard.type('payments');
    await expect.poll(() => rowNames(index)).toEqual(['payments-api', 'payments-deployer']);
    expect(await page.locator('#filter-count').innerText()).toBe('2 of 6 identities');
    await page.keyboard.type(' deployer');
    await expect.poll(() => rowNames(index)).toEqual(['payments-deployer']);
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await rowNames(index)).length).toBe(6);
  });

  it('sorts by a column from the keyboard: Enter on the Risk header puts the riskiest last, again puts it first', async () => {
    const { page } = index;
    const risk = page.locator('th button', { hasText: 'Risk' });
    await risk.focus();
    await page.keyboard.press('Enter');
    expect(await risk.locator('xpath=..').getAttribute('aria-sort')).toBe('ascending');
    const scores = () => page.$$eval('#inventory-table tbody tr', (rows) => rows.map((row) => Number(((row as HTMLTableRowElement).cells[5] as HTMLTableCellElement).dataset.v)));
    const ascending = await scores();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await page.keyboard.press('Enter');
    const descending = await scores();
    expect(descending).toEqual([...ascending].reverse());
  });

  it('marks what changed since --base: the added identity, the removed one, and the one whose risk went up', async () => {
    const since = await index.page.locator('#since').innerText();
    expect(since).toMatch(/1 added, 1 removed, 1 changed in risk/);
    expect(since).toContain('platform-retired');
    expect(await index.page.locator('tr[data-identity="data-hostile"] .change-added').count()).toBe(1);
    expect(await index.page.locator('tr[data-identity="platform-notifier"] .change-risk-up').count()).toBe(1);
    expect(await index.page.locator('tr[data-identity="platform-retired"]').count()).toBe(0);
    // What the since section tells a reader to type when its lists are cut.
    await index.page.locator('#filter').fill('added');
    await expect.poll(() => rowNames(index)).toEqual(['data-hostile']);
    await index.page.locator('#filter').fill('risk');
    await expect.poll(() => rowNames(index)).toEqual(['platform-notifier']);
    await index.page.locator('#filter').fill('');
  });

  it("shows an identity's grants expanded from its catalog role, its findings, trust and provenance", async () => {
    const opened = await openPage(browser, out, 'identity/payments-deployer.html');
    expect(opened.errors).toEqual([]);
    expect(opened.outside).toEqual([]);
    const grants = await opened.page.locator('#grants').innerText();
    expect(grants).toContain('iam:PassRole');
    expect(await opened.page.locator('#findings').innerText()).toMatch(/passrole-unscoped/);
    expect(await opened.page.locator('#trust').innerText()).toContain('repo:acme/payments:environment:production');
    expect(await opened.page.locator('#provenance').innerText()).toMatch(/Initial governance repository \(#1\)/);
    await opened.page.context().close();

    const api = await openPage(browser, out, 'identity/payments-api.html');
    // s3-object-reader expanded: its two statements with the parameters filled in.
    const apiGrants = await api.page.locator('#grants').innerText();
    expect(apiGrants).toContain('s3:GetObject');
    expect(apiGrants).toContain('arn:aws:s3:::acme-invoices/invoices/*');
    expect(apiGrants).toContain('s3:ListBucket');
    await api.page.context().close();
  });

  it('abuse: a file broken to keep an identity out of the audit is named on the overview and on stderr', async () => {
    expect(run.stderr).toBe('gatehouse report: 1 identity file(s) could not be loaded and are not in the report; run gatehouse validate\n');
    const alert = await index.page.locator('#overview [role="alert"]').innerText();
    expect(alert).toContain('1 identity file(s) could not be loaded');
    expect(alert).toContain(BROKEN_FILE);
  });

  it('abuse: a commit subject that closes the inventory data element stays data, shown as text in the row', async () => {
    // Escaping alone, not the CSP: the page has exactly its data element and its one script.
    const scripts = await index.page.$$eval('script', (elements) => elements.map((element) => element.getAttribute('type') ?? 'script'));
    expect(scripts).toEqual(['application/json', 'script']);
    const title = await index.page.locator('tr[data-identity="data-hostile"] span.mono[title]').getAttribute('title');
    expect(title).toMatch(/^\d{4}-\d{2}-\d{2}: /);
    expect(title!.slice(12)).toBe(HOSTILE.commit);
  });

  it('lists every identity in plain tables that need no script, linked from the inventory', async () => {
    const links = await index.page.locator('#inventory-pages a').evaluateAll((anchors) => anchors.map((a) => [a.textContent, a.getAttribute('href')]));
    expect(links).toEqual([['1–6', 'inventory/1.html']]);
    const plain = await openPage(browser, out, 'inventory/1.html', { javaScript: false });
    expect(plain.errors).toEqual([]);
    expect(plain.outside).toEqual([]);
    const names = await plain.page.$$eval('tbody tr', (rows) => rows.map((row) => row.getAttribute('data-identity')));
    expect([...names].sort()).toEqual(HEAD_NAMES);
    expect(await plain.page.locator('tr[data-identity="payments-api"] td:first-child a').getAttribute('href')).toBe('../identity/payments-api.html');
    expect(await plain.page.locator('tr[data-identity="data-hostile"]').innerText()).toMatch(/#7/);
    await plain.page.context().close();
    // Without script the index says where the rows are instead of showing an empty table in silence.
    const bare = await openPage(browser, out, 'index.html', { javaScript: false });
    expect(await bare.page.locator('#inventory .alert').innerText()).toContain('every identity is in the plain tables linked below');
    await bare.page.context().close();
  });

  it('abuse: markup in a description, ticket, exception reason or commit subject is shown as text and never runs', async () => {
    for (const path of ['index.html', 'inventory/1.html', 'identity/data-hostile.html', 'identity/data-legacy-export.html']) {
      const opened = await openPage(browser, out, path);
      expect(await opened.page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), path).toBeUndefined();
      expect(await opened.page.locator('main script, main img, main [onerror], main [onload]').count(), path).toBe(0);
      expect(opened.outside, path).toEqual([]);
      await opened.page.context().close();
    }
    const hostile = await openPage(browser, out, 'identity/data-hostile.html');
    expect(await hostile.page.locator('main').innerText()).toContain(HOSTILE.description);
    expect(await hostile.page.locator('main').innerText()).toContain(HOSTILE.ticket);
    expect(await hostile.page.locator('#provenance').innerText()).toContain(HOSTILE.commit);
    await hostile.page.context().close();
    const legacy = await openPage(browser, out, 'identity/data-legacy-export.html');
    expect(await legacy.page.locator('#exceptions').innerText()).toContain(HOSTILE.reason);
    await legacy.page.context().close();
  });

  it('writes a screenshot of the overview as a test artifact', async () => {
    const artifacts = join(REPO_ROOT, 'test-artifacts');
    await mkdir(artifacts, { recursive: true });
    const shot = await index.page.screenshot({ path: join(artifacts, 'report-overview-example.png') });
    expect(shot.length).toBeGreaterThan(20_000);
  });
});

describe('gatehouse report --format html: the output directory', () => {
  it('refuses a directory that holds anything but a previous report, and deletes nothing in it', async () => {
    const target = join(repo.root, '..', `${repo.root.split('/').at(-1)}-occupied`);
    await mkdir(target, { recursive: true });
    await writeFile(join(target, 'notes.txt'), 'mine');
    const refused = await runCli(['report', '--root', repo.root, '--today', TODAY, '--format', 'html', '--out', target], { cwd: repo.root });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is not empty and holds no previous Gatehouse report');
    expect(await readFile(join(target, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('replaces a previous report whole: the page of an identity removed since is gone, and so is an inventory page past the end', async () => {
    await writeFile(join(out, 'identity', 'platform-retired.html'), 'stale');
    await writeFile(join(out, 'inventory', '2.html'), 'stale');
    const again = await runCli(['report', '--root', repo.root, '--today', TODAY, '--format', 'html', '--out', out], { cwd: repo.root });
    expect(again.code).toBe(0);
    expect((await readdir(join(out, 'identity'))).sort()).toEqual(HEAD_NAMES.map((name) => `${name}.html`));
    expect(await readdir(join(out, 'inventory'))).toEqual(['1.html']);
  });

  it('needs --out with html, and --base names a commit', async () => {
    const noOut = await runCli(['report', '--root', repo.root, '--format', 'html'], { cwd: repo.root });
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--out DIR');
    const badBase = await runCli(['report', '--root', repo.root, '--format', 'html', '--out', join(out, '..', 'x-site'), '--base', 'no-such-ref'], { cwd: repo.root });
    expect(badBase.code).toBe(2);
    expect(badBase.stderr).toContain('"no-such-ref" does not name a commit');
  });
});
