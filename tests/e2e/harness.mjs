// The e2e harness: a real `cordon serve` on a loopback port over a fresh demo city, and
// Debian's Chromium driven by playwright-core. Screenshots go to tests/e2e/artifacts/.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const sourceDir = resolve(here, '../..');
export const webDist = process.env.CORDON_WEB_DIST ?? join(sourceDir, 'web', 'dist');
export const cordonBinary = process.env.CORDON_BINARY ?? join(sourceDir, 'build', 'src', 'cli', 'cordon');
export const chromiumPath = process.env.CORDON_CHROMIUM ?? '/usr/bin/chromium';
export const artifacts = join(here, 'artifacts');

// playwright-core is a dependency of web/, resolved from there.
const requireFromWeb = createRequire(join(sourceDir, 'web', 'package.json'));

// Ends the process as "skipped" for CTest (exit 77, SKIP_RETURN_CODE) when the suite
// cannot run here, saying why.
export function skipUnlessRunnable() {
  const missing = missingPrerequisite();
  if (missing) {
    console.log(`e2e: skipped: ${missing}`);
    process.exit(77);
  }
}

// Why the suite cannot run here, or null when it can.
function missingPrerequisite() {
  if (!existsSync(cordonBinary)) return `no cordon binary at ${cordonBinary}`;
  if (!existsSync(join(webDist, 'index.html'))) return `web UI not built at ${webDist} (make web, or npm install --no-save && npm run build in web/)`;
  if (!existsSync(chromiumPath)) return `no Chromium at ${chromiumPath} (apt-get install chromium)`;
  try {
    requireFromWeb.resolve('playwright-core');
  } catch {
    return 'playwright-core is not installed (make web, or npm install --no-save in web/)';
  }
  return null;
}

// Builds a small demo city into a temporary database and serves it with the built UI.
// Without the demo outbreak: the scenarios create the orders and cases they look for.
export async function startServer({ residents = 2000 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cordon-e2e-'));
  const db = join(dir, 'demo.db');
  const built = spawnSync(cordonBinary, ['demo', '--db', db, '--residents', String(residents), '--no-serve', '--no-outbreak'], {
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`cordon demo failed: ${built.stderr}`);
  const child = spawn(cordonBinary, ['serve', '--db', db, '--port', '0', '--web', webDist], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`cordon serve did not start: ${stderr}`)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /cordon serving (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`cordon serve exited with ${code}: ${stderr}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.on('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  const { chromium } = requireFromWeb('playwright-core');
  // No network here: everything that would phone home is off, or Chromium stalls on it.
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

// One cordon server (startServer's options) and one Chromium for the calling test file:
// started before its first test, stopped after its last. The answer's `server` and
// `browser` are set once the file's `before` hook has run.
export function useServerAndBrowser(serverOptions) {
  const suite = { server: undefined, browser: undefined };
  before(async () => {
    suite.server = await startServer(serverOptions);
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}

// "YYYY-MM-DD" in the deployment's time zone, `days` from today.
export function shanghaiDay(days = 0) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

// A fresh context (own cookies and localStorage) at a viewport.
export async function newPage(browser, baseURL, viewport = DESKTOP) {
  const context = await browser.newContext({
    baseURL,
    viewport,
    deviceScaleFactor: 1,
    isMobile: viewport.width < 700,
    hasTouch: viewport.width < 700,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  // Script errors and blocked resources (the Content-Security-Policy) fail the test in
  // finish(); failed API calls are expected (a 401 before sign-in) and not collected.
  const faults = [];
  page.on('pageerror', (e) => faults.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) faults.push(m.text());
  });
  page.faults = faults;
  return page;
}

// Closes the page's context after checking that it ran without script errors.
export async function finish(page) {
  const faults = [...page.faults];
  await page.context().close();
  if (faults.length) throw new Error(`the page reported faults:\n${faults.join('\n')}`);
}

export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

export async function signIn(page, username, password) {
  await page.goto('/login');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('form[data-test=login-form] button[type=submit]');
}

// Signs a demo account in (password "cordon-NAME") and waits for the home page.
export async function signInHome(page, username) {
  await signIn(page, username, `cordon-${username}`);
  await page.waitForSelector('[data-test=welcome]');
}

// Calls the API from inside the page (its session cookie and CSRF token).
export async function apiGet(page, path) {
  return page.evaluate(async (p) => {
    const r = await fetch(`/api/v1${p}`);
    return r.json();
  }, path);
}

// Sends a change to the API from inside the page, as another tab of the same user
// would; returns the HTTP status.
export async function apiSend(page, method, path, body) {
  return page.evaluate(
    async ([m, p, b]) => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('cordon_csrf=')).split('=')[1];
      const r = await fetch(`/api/v1${p}`, {
        method: m,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify(b),
      });
      return r.status;
    },
    [method, path, body],
  );
}
