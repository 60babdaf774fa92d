/// <reference lib="dom" />
/**
 * The report site of a generated 2,000-identity repository (bench/generate-repository.ts), in
 * Chromium: every identity is in the inventory, the charts are drawn, filtering by typing still
 * works at this size, and nothing is fetched.
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRepository } from '../../bench/generate-repository.js';
import { MAX_GRAPH_IDENTITIES } from '../../src/render/report-html/access-graph.js';
import { runCli } from '../cli/run-cli.js';
import { REPO_ROOT } from '../support/repo-fixture.js';
import { launch, openPage, type OpenedPage } from './browser.js';

const COUNT = 2000;
let browser: Browser;
let temp: string;
let out: string;
let names: string[];
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

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'gatehouse-report-large-'));
  const root = join(temp, 'repo');
  out = join(temp, 'site');
  [browser] = await Promise.all([launch(), generateRepository(root, COUNT)]);
  names = await namesInFiles(root);
  const run = await runCli(['report', '--root', root, '--today', '2026-11-25', '--format', 'html', '--out', out], { cwd: temp });
  expect(run.code).toBe(0);
  stderr = run.stderr;
  index = await openPage(browser, out, 'index.html');
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await rm(temp, { recursive: true, force: true });
});

const visibleRows = () => index.page.locator('#inventory-table tbody tr:not([hidden])').count();

describe(`the report site of ${COUNT} generated identities`, () => {
  it('loads every file and shows every identity in the inventory, each with its own page', async () => {
    expect(stderr).toBe('');
    expect(names).toHaveLength(COUNT);
    const rows = await index.page.$$eval('#inventory-table tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-identity') ?? ''));
    expect(rows.sort()).toEqual(names);
    expect((await readdir(join(out, 'identity'))).length).toBe(COUNT);
    expect(index.errors).toEqual([]);
    expect(index.outside).toEqual([]);
  });

  it('draws the charts, folding long tails, and the access graph of the riskiest identities', async () => {
    for (const id of ['chart-owners', 'chart-accounts', 'chart-expiry', 'chart-reviews', 'chart-exceptions']) {
      expect(await index.page.locator(`#${id} svg [aria-roledescription="bar"]`).count(), id).toBeGreaterThan(0);
    }
    // 24 accounts: the chart keeps 19 and folds the rest into one bar.
    expect(await index.page.locator('#chart-accounts svg').innerHTML()).toContain('other accounts');
    expect(await index.page.locator('#access').innerText()).toContain(`Showing the ${MAX_GRAPH_IDENTITIES} riskiest of ${COUNT} identities`);
    const identityBoxes = await index.page.locator('#access-graph-chart svg text').allTextContents();
    expect(identityBoxes.filter((label) => names.includes(label))).toHaveLength(MAX_GRAPH_IDENTITIES);
  });

  it('filters by typing: one identity by name, then a team', async () => {
    const { page } = index;
    const one = names[1234]!;
    await page.locator('#filter').fill('');
    await page.locator('#filter').pressSequentially(one);
    await expect.poll(visibleRows).toBe(names.filter((name) => name.includes(one)).length);
    expect(await page.locator(`tr[data-identity="${one}"]`).isVisible()).toBe(true);
    await page.locator('#filter').fill('');
    await page.locator('#filter').pressSequentially('@acme/ledger');
    await expect.poll(visibleRows).toBe(names.filter((name) => name.startsWith('ledger-')).length);
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
