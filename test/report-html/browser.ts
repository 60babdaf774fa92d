/**
 * Opens report pages in headless Chromium (Debian's `chromium`, driven by playwright-core) the
 * way a reader would: from disk, with every request watched. Anything that is not a file of the
 * report directory is aborted and recorded, so "fetches nothing" is checked, not assumed; console
 * errors, uncaught exceptions and CSP violations are recorded too.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.GATEHOUSE_CHROMIUM ?? '/usr/bin/chromium';

export interface OpenedPage {
  readonly page: Page;
  /** Console errors and uncaught exceptions. */
  readonly errors: string[];
  /** Requests outside the report directory (all aborted). */
  readonly outside: string[];
}

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install it (apt-get install -y chromium; .ci/run does) or set GATEHOUSE_CHROMIUM`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

export async function openPage(browser: Browser, directory: string, path: string, options: { readonly viewport?: { width: number; height: number }; readonly javaScript?: boolean } = {}): Promise<OpenedPage> {
  const viewport = options.viewport ?? { width: 1440, height: 1000 };
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, javaScriptEnabled: options.javaScript ?? true });
  const errors: string[] = [];
  const outside: string[] = [];
  const allowed = pathToFileURL(directory).href;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${allowed}/`)) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  // Routes see network requests; this sees every request, file: ones included.
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${allowed}/`) && !outside.includes(url)) outside.push(url);
  });
  await page.goto(pathToFileURL(`${directory}/${path}`).href, { waitUntil: 'load' });
  return { page, errors, outside };
}
