/// <reference lib="dom" />
/**
 * The report site of a generated 2,000-identity repository (bench/generate-repository.ts), in
 * Chromium: every identity is in the inventory (paged through, and in the plain tables), the
 * charts are drawn, filtering by typing still works at this size, index.html stays small enough
 * that 50,000 identities fit under 15 MB, and nothing is fetched.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRepository } from '../../bench/generate-repository.js';
import { MAX_GRAPH_IDENTITIES } from '../../src/render/report-html/access-graph.js';
import { INVENTORY_PAGE_ROWS, PLAIN_PAGE_ROWS } from '../../src/render/report-html/inventory.js';
import { runCli } from '../cli/run-cli.js';
import { REPO_ROOT } from '../support/repo-fixture.js';
import { launch, openPage, type OpenedPage } from './browser.js';

const COUNT = 2000;
let browser: Browser;
let temp: string;
let out: string;
let names: string[];
/** Identities with a GitHub Actions workload, counted in the files. */
let github: number;
let index: OpenedPage;
let stderr: string;

/** The names in the files themselves, read without Gatehouse's loader: the oracle for "every identity". */
async function namesInFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const team of await readdir(join(root, 'identities'))) {
    for (const file of await readdir(join(root, 'identities', team))) {
      const match = /^metadata:\n {2}name: (\S+)$/m.exec(await readFile(join(root, 'identities', team, file), 'utf8'));
      if (match) found.push(match[1]!);
    }
  }
  return found.sort();
}

async function filesMatching(root: string, pattern: RegExp): Promise<number> {
  let count = 0;
  for (const team of await readdir(join(root, 'identities'))) {
    for (const file of await readdir(join(root, 'identities', team))) if (pattern.test(await readFile(join(root, 'identities', team, file), 'utf8'))) count++;
  }
  return count;
}

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'gatehouse-report-large-'));
  const root = join(temp, 'repo');
  out = join(temp, 'site');
  [browser] = await Promise.all([launch(), generateRepository(root, COUNT)]);
  names = await namesInFiles(root);
  github = await filesMatching(root, /^ {4}githubActions:/m);
  const run = await runCli(['report', '--root', root, '--today', '2026-11-25', '--format', 'html', '--out', out], { cwd: temp });
  expect(run.code).toBe(0);
  stderr = run.stderr;
  index = await openPage(browser, out, 'index.html');
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await rm(temp, { recursive: true, force: true });
});

const visibleRows = () => index.page.locator('#inventory-table tbody tr').count();
const shownNames = () => index.page.$$eval('#inventory-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-identity') ?? ''));
const range = () => index.page.locator('#inventory-range').innerText();

describe(`the report site of ${COUNT} generated identities`, () => {
  it('loads every file and shows every identity in the inventory, a page at a time, each with its own page', async () => {
    expect(stderr).toBe('');
    expect(names).toHaveLength(COUNT);
    expect(await range()).toBe(`Showing 1–${INVENTORY_PAGE_ROWS} of ${COUNT}.`);
    const next = index.page.locator('#inventory-pager button[data-page="next"]');
    const seen: string[] = [];
    for (let page = 0; ; page++) {
      const shown = await shownNames();
      expect(shown.length).toBe(Math.min(INVENTORY_PAGE_ROWS, COUNT - page * INVENTORY_PAGE_ROWS));
      seen.push(...shown);
      if (await next.isDisabled()) break;
      // From the keyboard, as a reader without a mouse would.
      await next.focus();
      await index.page.keyboard.press('Enter');
    }
    expect(await range()).toBe(`Showing ${COUNT - INVENTORY_PAGE_ROWS + 1}–${COUNT} of ${COUNT}.`);
    expect(seen.sort()).toEqual(names);
    await index.page.locator('#inventory-pager button[data-page="previous"]').click();
    expect(await range()).toBe(`Showing ${COUNT - 2 * INVENTORY_PAGE_ROWS + 1}–${COUNT - INVENTORY_PAGE_ROWS} of ${COUNT}.`);
    expect((await readdir(join(out, 'identity'))).length).toBe(COUNT);
    expect(index.errors).toEqual([]);
    expect(index.outside).toEqual([]);
  });

  it('keeps index.html to a size that stays under 15 MB at 50,000 identities, and lists every identity in plain tables', async () => {
    const bytes = (await stat(join(out, 'index.html'))).size;
    expect(bytes).toBeLessThan((15 * 1024 * 1024 * COUNT) / 50_000);
    const pages = (await readdir(join(out, 'inventory'))).sort();
    expect(pages).toEqual(Array.from({ length: Math.ceil(COUNT / PLAIN_PAGE_ROWS) }, (_, i) => `${i + 1}.html`).sort());
    const listed: string[] = [];
    for (const page of pages) listed.push(...[...(await readFile(join(out, 'inventory', page), 'utf8')).matchAll(/<tr data-identity="([^"]+)">/g)].map((match) => match[1]!));
    expect(listed.sort()).toEqual(names);
  });

  it('sorts every identity, not only the page shown: the riskiest identity of all comes first', async () => {
    const { page } = index;
    const risk = page.locator('th button', { hasText: 'Risk' });
    await risk.click();
    await risk.click();
    expect(await risk.locator('xpath=..').getAttribute('aria-sort')).toBe('descending');
    const top = await page.$$eval('#inventory-table tbody tr', (rows) => rows.map((row) => Number(((row as HTMLTableRowElement).cells[5] as HTMLTableCellElement).dataset.v)));
    expect(top).toEqual([...top].sort((a, b) => b - a));
    expect(await range()).toBe(`Showing 1–${INVENTORY_PAGE_ROWS} of ${COUNT}.`);
    // The whole repository's highest score, read from the plain tables rather than from the script.
    let highest = -1;
    for (const file of await readdir(join(out, 'inventory'))) {
      for (const match of (await readFile(join(out, 'inventory', file), 'utf8')).matchAll(/badge tier-(\w+)">\w+<\/span> <span class="mono">(\d+)</g)) {
        highest = Math.max(highest, ['low', 'medium', 'high', 'critical'].indexOf(match[1]!) * 1000 + Number(match[2]));
      }
    }
    expect(top[0]).toBe(highest);
  });

  it('draws the charts, folding long tails, and the access graph of the riskiest identities', async () => {
    for (const id of ['chart-owners', 'chart-accounts', 'chart-expiry', 'chart-reviews', 'chart-exceptions']) {
      expect(await index.page.locator(`#${id} svg [aria-roledescription="bar"]`).count(), id).toBeGreaterThan(0);
    }
    // 24 accounts: the chart keeps 19 and folds the rest into one bar.
    expect(await index.page.locator('#chart-accounts svg').innerHTML()).toContain('other accounts');
    // The overview's short tables say where the rest are.
    expect(await index.page.locator('#chart-exceptions').innerText()).toMatch(/\d+ more exceptions expire later: sort the inventory by Exceptions/);
    expect(await index.page.locator('#access').innerText()).toContain(`Showing the ${MAX_GRAPH_IDENTITIES} riskiest of ${COUNT} identities`);
    const identityBoxes = await index.page.locator('#access-graph-chart svg text').allTextContents();
    expect(identityBoxes.filter((label) => names.includes(label))).toHaveLength(MAX_GRAPH_IDENTITIES);
  });

  it('filters every identity by typing: one identity by name, a team, then a workload kind with more identities than a page', async () => {
    const { page } = index;
    const one = names[1234]!;
    await page.locator('#filter').fill('');
    await page.locator('#filter').pressSequentially(one);
    const matching = names.filter((name) => name.includes(one));
    await expect.poll(shownNames).toEqual(expect.arrayContaining([one]));
    expect((await shownNames()).sort()).toEqual(matching);
    await page.locator('#filter').fill('');
    await page.locator('#filter').pressSequentially('@acme/ledger');
    await expect.poll(async () => (await shownNames()).sort()).toEqual(names.filter((name) => name.startsWith('ledger-')));
    await page.locator('#filter').fill('');
    await page.locator('#filter').pressSequentially('githubactions');
    expect(github).toBeGreaterThan(INVENTORY_PAGE_ROWS);
    await expect.poll(() => page.locator('#filter-count').innerText()).toBe(`${github} of ${COUNT} identities`);
    expect(await visibleRows()).toBe(INVENTORY_PAGE_ROWS);
    expect(await range()).toBe(`Showing 1–${INVENTORY_PAGE_ROWS} of ${github}.`);
  });

  it('writes a screenshot of the overview as a test artifact (the README shows a copy: docs/report-overview.png)', async () => {
    const artifacts = join(REPO_ROOT, 'test-artifacts');
    await mkdir(artifacts, { recursive: true });
    await index.page.locator('#filter').fill('');
    await index.page.evaluate(() => window.scrollTo(0, 0));
    // The headline figures and the first four charts: what an auditor sees first.
    const reviews = (await index.page.locator('#chart-reviews').boundingBox())!;
    const clip = { x: 0, y: 0, width: 1440, height: Math.ceil(reviews.y + reviews.height + 24) };
    const shot = await index.page.screenshot({ path: join(artifacts, 'report-overview.png'), clip, fullPage: true });
    expect(shot.length).toBeGreaterThan(50_000);
  });
});
