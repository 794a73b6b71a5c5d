// End-to-end harness: serves the release build from a sub-path, starts the reference SCIM
// server, and drives Debian's Chromium through playwright-core. A failing test leaves a
// screenshot and its console log in tests/e2e/artifacts/.
import { spawn } from 'node:child_process';
import { createReadStream, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SHARED = resolve(ROOT, '../shared');
export const OKTA_SUITE = join(SHARED, 'okta/Okta-SCIM-20-SPEC-Test.json');
export const OKTA_INITIAL_SCRIPT = join(SHARED, 'okta/Initial_Script_Spec.txt');
const ARTIFACTS = join(ROOT, 'tests/e2e/artifacts');
// Not the root: the page must work from any sub-path of a plain static host.
export const SUB_PATH = '/tools/scim/';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** A plain static file server for `dist/`, mounted at SUB_PATH on 127.0.0.1. */
export async function serveDist(dir = join(ROOT, 'dist')) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(SUB_PATH)) {
      res.writeHead(404).end('not found');
      return;
    }
    let file = normalize(join(dir, path.slice(SUB_PATH.length)));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      statSync(file);
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}${SUB_PATH}`;
  return { url, close: () => new Promise((ok) => server.close(ok)) };
}

/** Starts the reference server binary on a free port; resolves with its base URL. */
export async function startScimServer(args = []) {
  const bin = process.env.SCIM_SERVER_BIN ?? join(ROOT, 'target/debug/scim-server');
  const child = spawn(bin, ['--port', '0', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  const firstLine = await new Promise((ok, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`scim-server exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', ok);
  });
  const baseUrl = firstLine.match(/https?:\/\/\S+/)?.[0];
  if (!baseUrl) throw new Error(`unexpected first line from scim-server: ${firstLine}`);
  return { baseUrl, stop: () => child.kill() };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Opens a fresh page at `url` and runs `body(page, consoleLog)`. On failure the page's
 * screenshot and console log are saved under tests/e2e/artifacts/ before the error is rethrown.
 */
export async function withPage(browser, name, url, body) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const consoleLog = [];
  page.on('console', (m) => consoleLog.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => consoleLog.push({ type: 'pageerror', text: String(e) }));
  try {
    await page.goto(url);
    await body(page, consoleLog);
  } catch (error) {
    mkdirSync(ARTIFACTS, { recursive: true });
    const stem = join(ARTIFACTS, name.replace(/[^a-z0-9]+/gi, '-'));
    await page.screenshot({ path: `${stem}.png`, fullPage: true }).catch(() => {});
    writeFileSync(`${stem}.console.log`, consoleLog.map((m) => `[${m.type}] ${m.text}`).join('\n'));
    console.error(`artifacts saved: ${stem}.png, ${stem}.console.log`);
    throw error;
  } finally {
    await context.close();
  }
}

/**
 * What the demo's panel says once its worker is loaded: from then on the demo needs no
 * network (src/components/demo_panel.rs).
 */
export const DEMO_LOADED = 'The demo server is loaded: it runs with the network off from now on.';

/**
 * Console entries that are errors (console.error or uncaught exceptions). Chromium also logs
 * every 4xx/5xx response as an error; suites ask for those on purpose, so they are left out.
 */
export const consoleErrors = (log) =>
  log.filter(
    (m) =>
      (m.type === 'error' || m.type === 'pageerror') &&
      !/^Failed to load resource: the server responded with a status of [45]\d\d/.test(m.text),
  );

/** Picks a suite file through the page's real file input and waits for its plan. */
export async function loadSuite(page, file, name) {
  await page.getByLabel('Suite file').setInputFiles(file);
  await page.getByRole('heading', { name }).waitFor();
}

/** Types each variable into the input labelled with its name. */
export async function fillVariables(page, values) {
  for (const [name, value] of Object.entries(values)) {
    await page.getByLabel(name, { exact: true }).fill(value);
  }
}

/** Clicks Run and waits until the page's run state is `state` (done by default). */
export async function runToEnd(page, { pauses = 'Skip pauses', state = 'done' } = {}) {
  await page.getByLabel(pauses).check();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.locator(`main[data-run-state="${state}"]`).waitFor({ timeout: 60_000 });
}

/** The variables Okta's Initial Script would set, for runs without a script host. */
export const OKTA_SCRIPT_VARIABLES = {
  randomGivenName: 'Runscope123',
  randomFamilyName: 'Abcdefgh123',
  randomEmail: 'Runscope123Abcdefgh123@atko.com',
  randomUsername: 'Runscope123Abcdefgh123@atko.com',
  randomUsernameCaps: 'RUNSCOPE123ABCDEFGH123@ATKO.COM',
  InvalidUserEmail: 'abcdefgh@atko.com',
  UserIdThatDoesNotExist: '010101001010101011001010101011',
};

/** Outcome of each result row, by the step's note. */
export async function outcomesByNote(page) {
  return page.locator('li.step').evaluateAll((rows) =>
    rows.map((r) => [r.querySelector('.step-note')?.textContent ?? '', r.dataset.outcome]),
  );
}

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on the page as it is now (WCAG 2.0–2.2 A and AA, and best practices) and
 * returns the violations, each as "rule: first target". The page's CSP blocks injected
 * script tags, so axe is evaluated as text.
 */
export async function axeViolations(page) {
  await page.evaluate((src) => (0, eval)(src), AXE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
    });
    return result.violations.map((v) => `${v.id}: ${v.nodes[0]?.target?.join(' ')} (${v.nodes.length})`);
  });
  return violations;
}

/** Whether the page scrolls sideways (its content is wider than the viewport). */
export const scrollsSideways = (page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
