// A real browser for the web console's tests: Debian's chromium (apt-get install chromium; .ci/run
// installs it), driven by playwright-core, headless. Browsers cannot be downloaded here, so
// playwright's own builds are not used. Pages are found by the accessible names the issue made
// the console's contract (getByLabel, getByRole), as a screen reader user finds them.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { cleanup, KEY_A, REPO, startTestServer, type TestServer } from './server';
import type { AccessKey } from '../../src/auth/keys';
import { until } from './jobs';

export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here: only when the executable is missing. */
export const NO_BROWSER: string | false = existsSync(CHROMIUM) ? false
  : `${CHROMIUM} is missing: the console's browser tests need Debian's chromium package (apt-get install chromium)`;

/** Chromium's sandbox off only as root (CI), where Chromium refuses to start with it; kept for everyone else. */
export const SANDBOX_ARGS: string[] = process.getuid?.() === 0 ? ['--no-sandbox'] : [];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: SANDBOX_ARGS });
}

/**
 * A Chromium whose pages are tabs of one window, as a user's are: bringing one to the front hides
 * the others for real (document.hidden, visibilitychange, the timers of a background tab).
 * Playwright's own launch cannot: it turns on focus emulation for every page of its contexts,
 * which keeps each page visible whatever is in front. So Chromium is started here with a
 * DevTools port and attached with connectOverCDP({ noDefaults: true }), whose default context
 * gets no such override (nor a viewport or media emulation: newPage() of consoleSuite sets them).
 */
export async function launchTabbedBrowser(): Promise<{ browser: Browser; context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'ci-chromium-'));
  const child = spawn(CHROMIUM, ['--headless', ...SANDBOX_ARGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, '--no-first-run', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    // Asked to quit over DevTools, as its own window would: its helper processes end with it.
    // Killed if it has not within 5 s.
    const quit = browser?.newBrowserCDPSession().then((s) => s.send('Browser.close')).catch(() => undefined);
    const late = setTimeout(() => child.kill('SIGKILL'), 5_000);
    if (!quit) child.kill();
    await exited;
    clearTimeout(late);
    // A helper process may still be writing to the profile for a moment: retried on ENOTEMPTY.
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let err = '';
      const onData = (d: Buffer): void => {
        err += d.toString();
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
        if (!m) return;
        // Read on, so a full pipe never stalls it, but no longer kept.
        child.stderr.off('data', onData).resume();
        resolve(m[1]);
      };
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`chromium exited with ${code} before listening:\n${err}`)));
    });
    browser = await chromium.connectOverCDP(endpoint, { noDefaults: true, isLocal: true });
    return { browser, context: browser.contexts()[0], close };
  } catch (e) {
    await close();
    throw e;
  }
}

export interface ConsoleSuite {
  /** Set once the file's before() ran; the same for every test of the file. */
  readonly server: TestServer;
  readonly browser: Browser;
  /** One context for the file: its pages share a profile, each with its own sessionStorage. */
  readonly context: BrowserContext;
  /** Script errors of every page the suite opened (and of pages given to watchErrors with it). */
  readonly errors: string[];
  /** A new tab, 1280x900 with reduced motion, 15 s for each action, its script errors collected. */
  newPage(): Promise<Page>;
}

type ServerOptions = NonNullable<Parameters<typeof startTestServer>[0]>;

const VIEWPORT = { width: 1280, height: 900 };

/**
 * The setup every browser test file of the console shares, as before() and after() of the file
 * that calls it (at its top level): one server, one browser, one context. The server imports a
 * row per commit (batchSize 1), so jobs move in steps a bar can show, from local files on every
 * leg: with S3 the PreSignedUrl is the bucket's, out of the page's reach (docs/console.md). Pages
 * are 1280x900 with reduced motion, so screenshots show the bars' final widths, not their 0.4 s
 * transition. `tabs`: pages are tabs of one window (launchTabbedBrowser), for tests of a hidden
 * tab. after() closes it all and asserts that no page had a script error.
 */
export function consoleSuite(opts: {
  server?: ServerOptions;
  tabs?: boolean;
  /** The file's own setup, once the server and the browser are up: in the same before(), as hooks of a file's top level may run at once. */
  setup?(suite: ConsoleSuite): Promise<void> | void;
} = {}): ConsoleSuite {
  const serverOptions = opts.server ?? { worker: { concurrency: 1, batchSize: 1 }, blobStore: { kind: 'files' } };
  let server: TestServer | undefined;
  let browser: { browser: Browser; context: BrowserContext; close(): Promise<void> } | undefined;
  const errors: string[] = [];
  const got = <T>(what: string, v: T | undefined): T => {
    if (v === undefined) throw new Error(`consoleSuite: no ${what} before the file's before() ran`);
    return v;
  };
  const launch = async (): Promise<typeof browser> => {
    if (opts.tabs) return launchTabbedBrowser();
    const b = await launchBrowser();
    return { browser: b, context: await b.newContext({ viewport: VIEWPORT, reducedMotion: 'reduce' }), close: () => b.close() };
  };
  before(async () => {
    if (NO_BROWSER) return;
    // Both at once; each kept as soon as it is up, so after() closes it even when the other failed.
    const started = await Promise.allSettled([
      startTestServer(serverOptions).then((s) => { server = s; }), launch().then((b) => { browser = b; }),
    ]);
    for (const r of started) if (r.status === 'rejected') throw r.reason;
    await opts.setup?.(suite);
  });
  after(async () => {
    if (NO_BROWSER) return;
    // The server is closed whatever the browser's close did: a server left listening keeps the file's process alive.
    try {
      await browser?.close();
    } finally {
      await server?.close();
      if (server) cleanup(server.dataDir);
    }
    assert.deepEqual(errors, [], 'no script error in the page');
  });
  const suite: ConsoleSuite = {
    get server() { return got('server', server); },
    get browser() { return got('browser', browser).browser; },
    get context() { return got('browser', browser).context; },
    errors,
    async newPage() {
      const page = await got('browser', browser).context.newPage();
      if (opts.tabs) {
        await page.setViewportSize(VIEWPORT);
        await page.emulateMedia({ reducedMotion: 'reduce' });
      }
      page.setDefaultTimeout(15_000);
      watchErrors(page, errors);
      return page;
    },
  };
  return suite;
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
