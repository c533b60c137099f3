// A real browser for the web console's tests: Debian's chromium (apt-get install chromium; .ci/run
// installs it), driven by playwright-core, headless. Browsers cannot be downloaded here, so
// playwright's own builds are not used. Pages are found by the accessible names the issue made
// the console's contract (getByLabel, getByRole), as a screen reader user finds them.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { KEY_A, REPO, type TestServer } from './server';
import type { AccessKey } from '../../src/auth/keys';
import { until } from './jobs';

export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here: only when the executable is missing. */
export const NO_BROWSER: string | false = existsSync(CHROMIUM) ? false
  : `${CHROMIUM} is missing: the console's browser tests need Debian's chromium package (apt-get install chromium)`;

export function launchBrowser(): Promise<Browser> {
  // No sandbox: CI runs as root, where Chromium refuses to start with one.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

/** Where the tests' screenshots go (git-ignored): test-output/console/. */
export function screenshotPath(name: string): string {
  const dir = join(REPO, 'test-output', 'console');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}

/** The page's uncaught script errors, collected (into `errors`, when given) for an assertion at the end. */
export function watchErrors(page: Page, errors: string[] = []): string[] {
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** Opens the console and signs in with a key, as a user types it. */
export async function signIn(page: Page, server: TestServer, key: AccessKey = KEY_A, region = 'us-west-2'): Promise<void> {
  await page.goto(`${server.url}/console/`);
  await page.getByLabel('Access key ID').fill(key.accessKeyId);
  await page.getByLabel('Secret access key').fill(key.secretAccessKey);
  await page.getByLabel('Region').fill(region);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'User pools', exact: true }).waitFor();
}

/** An import job's row on a pool page, by its name. */
export const jobRow = (page: Page, jobName: string): Locator => page.getByRole('article', { name: jobName, exact: true });

export interface BarState {
  /** Rows processed, from the counters' text (Imported + Skipped + Failed). */
  done: number;
  /** The bar's aria-valuenow and aria-valuemax: none while the file's row count is not known. */
  now: number | undefined;
  max: number | undefined;
  status: string;
  counters: string;
}

/**
 * A job row's progress bar (aria-valuenow/max), the status text next to it, and its counters,
 * read in one go in the page: a poll landing between separate reads would mix two states.
 */
export async function barState(row: Locator): Promise<BarState> {
  // The page's elements, typed as far as this function uses them (this suite has no DOM types).
  type Found = { getAttribute(name: string): string | null; textContent: string | null };
  const seen = await row.evaluate((el: { querySelector(selector: string): Found }) => {
    const bar = el.querySelector('[role="progressbar"]');
    return {
      now: bar.getAttribute('aria-valuenow'), max: bar.getAttribute('aria-valuemax'),
      status: el.querySelector('.status').textContent ?? '', counters: el.querySelector('.counters').textContent ?? '',
    };
  });
  const num = (v: string | null): number | undefined => (v === null ? undefined : Number(v));
  const m = /^Imported (\d+) · Skipped (\d+) · Failed (\d+)/.exec(seen.counters);
  return {
    done: m ? Number(m[1]) + Number(m[2]) + Number(m[3]) : 0,
    now: num(seen.now), max: num(seen.max), status: seen.status, counters: seen.counters,
  };
}

/** Waits (polling, never a fixed sleep) until the row's bar and status satisfy ok. */
export function untilBar(what: string, row: Locator, ok: (s: BarState) => boolean, timeoutMs = 30_000): Promise<BarState> {
  return until(what, () => barState(row), ok, timeoutMs);
}
