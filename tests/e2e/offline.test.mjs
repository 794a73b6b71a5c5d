// Offline after one visit: the service worker (offline/service-worker.js, written by
// offline/build.mjs) precaches every file of the release build; a reload with the network off
// loads the page, a bundled suite, and runs Okta's suite with its Initial Script (QuickJS's
// worker from the cache) against the in-page demo server. A new build is announced on the next
// visit; nothing but the page's own files is ever answered from the cache; a browser without
// service workers still gets a working page.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { after, before, test } from 'node:test';
import {
  OKTA_INITIAL_SCRIPT,
  OKTA_SUITE,
  ROOT,
  axeViolations,
  consoleErrors,
  fillVariables,
  launchBrowser,
  loadSuite,
  outcomesByNote,
  runToEnd,
  serveDist,
  startScimServer,
  withPage,
} from './harness.mjs';

const DIST = join(ROOT, 'dist');
const NEW_VERSION = 'A new version of this page was installed; reload to use it.';
const TOKEN = 'offline-token';

let site, browser, scim;
before(async () => {
  [site, browser, scim] = await Promise.all([serveDist(), launchBrowser(), startScimServer(['--token', TOKEN])]);
});
after(async () => {
  await browser?.close();
  scim?.stop();
  await site?.close();
});

/** Every file of a built site but the service worker, as URL paths relative to it. */
const builtFiles = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((f) => f !== 'service-worker.js')
    .sort();

/** Waits until a service worker controls the page: it activates only once all is precached. */
const untilControlled = (page) =>
  page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });

/** The page's caches: name → the URLs each holds, sorted. */
const cachedUrls = (page) =>
  page.evaluate(async () => {
    const all = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      all[name] = (await cache.keys()).map((r) => r.url).sort();
    }
    return all;
  });

test("after one visit, a reload offline works: a bundled suite loads and Okta's suite with its script passes on the demo", async () => {
  await withPage(browser, 'offline reload', site.url, async (page, log) => {
    await untilControlled(page);
    const caches = await cachedUrls(page);
    assert.equal(Object.keys(caches).length, 1, `one cache: ${Object.keys(caches)}`);
    const expected = [site.url, ...builtFiles(DIST).map((f) => new URL(f, site.url).href)].sort();
    assert.deepEqual(Object.values(caches)[0], expected, 'every built file, and nothing else, is precached');
    // The first install has nothing newer to announce.
    assert.equal(await page.getByText(NEW_VERSION).count(), 0);

    const context = page.context();
    const failed = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    const [fromNetwork, fromWorker] = [[], []];
    page.on('response', (r) => r.url().startsWith(site.url) && (r.fromServiceWorker() ? fromWorker : fromNetwork).push(r.url()));
    await context.setOffline(true);
    await page.reload();
    await page.getByLabel('Suite file').waitFor();

    await page.getByRole('button', { name: 'SCIM quick check' }).click();
    await page.getByRole('heading', { name: 'SCIM quick check' }).waitFor();
    await loadSuite(page, OKTA_SUITE, 'Okta SCIM 2.0 SPEC Test');
    await page.getByLabel('Initial script').fill(readFileSync(OKTA_INITIAL_SCRIPT, 'utf8'));
    await page.locator('summary', { hasText: 'Workshop demo server' }).click();
    await page.getByRole('button', { name: 'Demo server', exact: true }).click();
    await runToEnd(page);
    const outcomes = await outcomesByNote(page);
    assert.deepEqual(outcomes.filter(([, o]) => o !== 'pass'), []);
    assert.equal(outcomes.length, 12);

    assert.deepEqual(failed, [], 'no request failed');
    assert.deepEqual(fromNetwork, [], 'every file of the page came from the service worker');
    // The script sandbox's worker and QuickJS's WebAssembly, fetched on demand, among them.
    for (const part of [/sandbox\/script-worker-\w+\.js$/, /sandbox\/quickjs-ng-\w+\.wasm$/]) {
      assert.ok(fromWorker.some((url) => part.test(url)), `${part} from the cache: ${fromWorker}`);
    }
    assert.deepEqual(consoleErrors(log), []);
  });
});

test('nothing but the page\'s own files is answered by the service worker or cached', async () => {
  await withPage(browser, 'offline scope', site.url, async (page) => {
    await untilControlled(page);
    const before = await cachedUrls(page);
    const answered = [];
    page.on('response', (r) => answered.push({ url: r.url(), fromServiceWorker: r.fromServiceWorker() }));
    await page.getByRole('button', { name: 'SCIM quick check' }).click();
    await page.getByRole('heading', { name: 'SCIM quick check' }).waitFor();
    await fillVariables(page, { SCIMBaseURL: scim.baseUrl, auth: `Bearer ${TOKEN}` });
    await runToEnd(page);
    assert.deepEqual((await outcomesByNote(page)).map(([, o]) => o), Array(8).fill('pass'));
    // Another path of the page's own host, not one of its files.
    const other = await page.evaluate(async () => (await fetch('not-a-file-of-the-page.json')).status);
    assert.equal(other, 404);

    const toServer = answered.filter((a) => a.url.startsWith(scim.baseUrl));
    assert.ok(toServer.length >= 8, `the run's requests were seen: ${toServer.length}`);
    assert.deepEqual(toServer.filter((a) => a.fromServiceWorker), [], 'the server under test is never answered by the worker');
    const stray = answered.filter((a) => a.url.endsWith('not-a-file-of-the-page.json'));
    assert.equal(stray.length, 1);
    assert.equal(stray[0].fromServiceWorker, false);
    assert.deepEqual(await cachedUrls(page), before, 'the run added nothing to the cache');
    // Chromium's static routing sends them past the worker without waking it (Resource Timing
    // says which source the router chose).
    const routed = await page.evaluate(async ({ base, auth }) => {
      const url = `${base}/Users?count=1&routed`;
      await (await fetch(url, { headers: { Authorization: auth } })).text();
      return performance.getEntriesByName(url)[0]?.toJSON().workerMatchedSourceType;
    }, { base: scim.baseUrl, auth: `Bearer ${TOKEN}` });
    assert.equal(routed, 'network');
  });
});

test('a new build is installed on the next visit, the page says so, and Reload brings it in', async () => {
  const copy = mkdtempSync(join(tmpdir(), 'scim-offline-'));
  cpSync(DIST, copy, { recursive: true });
  const second = await serveDist(copy);
  try {
    await withPage(browser, 'offline update', second.url, async (page, log) => {
      await untilControlled(page);
      const [oldCache] = Object.keys(await cachedUrls(page));

      // A new build: a changed bundled suite, and the worker written again as the build does.
      const suiteFile = join(copy, 'suites/scim-quick-check.json');
      const suite = JSON.parse(readFileSync(suiteFile, 'utf8'));
      writeFileSync(suiteFile, JSON.stringify({ ...suite, name: 'SCIM quick check, new build' }));
      execFileSync('node', [join(ROOT, 'offline/build.mjs')], {
        env: { ...process.env, TRUNK_STAGING_DIR: copy, TRUNK_PROFILE: 'release' },
      });

      // The next visit is still the old build, from the cache, and says a new one is ready.
      await page.goto(second.url);
      const notice = page.getByRole('status').filter({ hasText: NEW_VERSION });
      await notice.waitFor({ timeout: 60_000 });
      assert.deepEqual(await axeViolations(page), []);
      await page.getByRole('button', { name: 'SCIM quick check' }).click();
      await page.getByRole('heading', { name: 'SCIM quick check', exact: true }).waitFor();

      await Promise.all([page.waitForEvent('load'), notice.getByRole('button', { name: 'Reload' }).click()]);
      await page.getByLabel('Suite file').waitFor();
      await page.getByRole('button', { name: 'SCIM quick check' }).click();
      await page.getByRole('heading', { name: 'SCIM quick check, new build' }).waitFor();
      assert.equal(await page.getByText(NEW_VERSION).count(), 0);
      const caches = await cachedUrls(page);
      assert.equal(Object.keys(caches).length, 1, 'the old cache is deleted');
      assert.notEqual(Object.keys(caches)[0], oldCache);
      assert.deepEqual(consoleErrors(log), []);
    });
  } finally {
    await second.close();
    rmSync(copy, { recursive: true, force: true });
  }
});

test('a debug build served where a release build was (trunk serve after scripts/serve) retires the worker', async () => {
  const copy = mkdtempSync(join(tmpdir(), 'scim-offline-'));
  cpSync(DIST, copy, { recursive: true });
  const second = await serveDist(copy);
  try {
    await withPage(browser, 'offline retire', second.url, async (page) => {
      await untilControlled(page);
      // What a debug build writes: no worker named in index.html, offline/retire-worker.js.
      const index = join(copy, 'index.html');
      writeFileSync(index, readFileSync(index, 'utf8').replace(/\s*<meta name="service-worker"[^>]*>/, ''));
      const suiteFile = join(copy, 'suites/scim-quick-check.json');
      writeFileSync(suiteFile, JSON.stringify({ ...JSON.parse(readFileSync(suiteFile, 'utf8')), name: 'SCIM quick check, debug build' }));
      execFileSync('node', [join(ROOT, 'offline/build.mjs')], {
        env: { ...process.env, TRUNK_STAGING_DIR: copy, TRUNK_PROFILE: 'debug' },
      });

      // The visit finds the retiring worker, which reloads the tab from the network.
      await Promise.all([page.waitForEvent('load'), page.goto(second.url)]);
      await page.waitForFunction(() => navigator.serviceWorker.controller === null, null, { timeout: 60_000 });
      await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistrations()).length === 0);
      assert.deepEqual(await cachedUrls(page), {}, 'the caches are gone');
      await page.reload();
      await page.getByRole('button', { name: 'SCIM quick check' }).click();
      await page.getByRole('heading', { name: 'SCIM quick check, debug build' }).waitFor();
    });
  } finally {
    await second.close();
    rmSync(copy, { recursive: true, force: true });
  }
});

// Where the browser offers no service worker, or refuses to register one (file:// pages,
// private windows, storage blocked), the first visit works as before.
for (const [name, init, check] of [
  [
    'navigator.serviceWorker missing',
    () => delete Navigator.prototype.serviceWorker,
    async (page) => assert.equal(await page.evaluate(() => 'serviceWorker' in navigator), false),
  ],
  [
    'registration refused',
    () => {
      window.registerCalls = 0;
      ServiceWorkerContainer.prototype.register = () => {
        window.registerCalls += 1;
        return Promise.reject(new DOMException('The user denied permission to use Service Worker.', 'SecurityError'));
      };
    },
    async (page) => {
      assert.equal(await page.evaluate(() => window.registerCalls), 1, 'the page tried once');
      assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null);
    },
  ],
]) {
  test(`without service workers (${name}) the page works online`, async () => {
    const context = await browser.newContext();
    await context.addInitScript(init);
    const page = await context.newPage();
    const log = [];
    page.on('console', (m) => log.push({ type: m.type(), text: m.text() }));
    page.on('pageerror', (e) => log.push({ type: 'pageerror', text: String(e) }));
    try {
      await page.goto(site.url);
      await page.waitForLoadState('networkidle');
      await page.getByRole('button', { name: 'SCIM quick check' }).click();
      await fillVariables(page, { SCIMBaseURL: scim.baseUrl, auth: `Bearer ${TOKEN}` });
      await runToEnd(page);
      assert.deepEqual((await outcomesByNote(page)).map(([, o]) => o), Array(8).fill('pass'));
      await check(page);
      assert.deepEqual(consoleErrors(log), []);
    } finally {
      await context.close();
    }
  });
}
