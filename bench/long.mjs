// Long suites in the page: load and run 1,000, 10,000 and 100,000 steps against a local
// server that answers at once, and Cancel's latency in the middle of the 100,000. The cost per
// step must stay flat as suites grow. Used by bench/run.mjs; `node bench/long.mjs [sizes…]`
// runs it alone (after `trunk build --release`).
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { launchBrowser, serveDist } from '../tests/e2e/harness.mjs';

/** A server that answers every request with `{}`, CORS open, kept alive. */
async function startFastServer() {
  const server = createServer((req, res) => {
    const cors = {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Headers': '*',
      'Access-Control-Max-Age': '600',
    };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end('{}');
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

const suite = (steps) => ({
  name: `long-${steps}.json`,
  mimeType: 'application/json',
  buffer: Buffer.from(
    JSON.stringify({
      name: `long-${steps}`,
      steps: Array.from({ length: steps }, (_, i) => ({
        step_type: 'request',
        method: 'GET',
        url: `{{base}}/items/${i}`,
        assertions: [{ source: 'response_status', comparison: 'equal_number', value: 200 }],
      })),
    }),
  ),
});

/** Loads a suite of `steps` steps; resolves with the page and the load time in ms. */
async function load(browser, site, server, steps) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(site.url);
  const file = suite(steps);
  const start = Date.now();
  await page.getByLabel('Suite file').setInputFiles(file);
  await page.getByRole('heading', { name: `long-${steps}` }).waitFor({ timeout: 600_000 });
  const loadMs = Date.now() - start;
  await page.getByLabel('base', { exact: true }).fill(server.url);
  await page.getByLabel('Skip pauses').check();
  return { context, page, loadMs };
}

/** Marks, inside the page, when the run state next becomes `state`. */
const watch = (page, state) =>
  page.evaluate((state) => {
    window.__reached = new Promise((resolve) => {
      const main = document.querySelector('main');
      new MutationObserver((_, o) => {
        if (main.dataset.runState === state) {
          o.disconnect();
          resolve(performance.now());
        }
      }).observe(main, { attributes: true, attributeFilter: ['data-run-state'] });
    });
  }, state);

/** Samples, inside the page, [time, steps done] every 250 ms until the run ends. */
const sampleProgress = (page) =>
  page.evaluate(() => {
    window.__samples = [];
    const timer = setInterval(() => {
      const p = document.querySelector('.progress progress');
      if (p) window.__samples.push([performance.now(), Number(p.value)]);
    }, 250);
    window.__reached.then(() => clearInterval(timer));
  });

/** µs a step between the samples nearest `from` and `to` steps done. */
function perStepBetween(samples, from, to) {
  const at = (n) => samples.find(([, done]) => done >= n) ?? samples.at(-1);
  const [t0, n0] = at(from);
  const [t1, n1] = at(to);
  return n1 > n0 ? ((t1 - t0) * 1000) / (n1 - n0) : NaN;
}

/**
 * Runs each size to the end; returns [{ steps, loadMs, runMs, perStepUs, firstTenthUs,
 * lastTenthUs }]: the mean cost a step, and that of the first and the last tenth of the run
 * (a cost that grows with the rows shown makes the last tenth dearer).
 */
export async function longRuns(browser, site, server, sizes) {
  const out = [];
  for (const steps of sizes) {
    const { context, page, loadMs } = await load(browser, site, server, steps);
    await watch(page, 'done');
    await sampleProgress(page);
    const clicked = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const done = await page.evaluate(() => window.__reached);
    const samples = await page.evaluate(() => window.__samples);
    const runMs = done - clicked;
    const r = {
      steps,
      loadMs,
      runMs,
      perStepUs: (runMs * 1000) / steps,
      firstTenthUs: perStepBetween(samples, 0, steps / 10),
      lastTenthUs: perStepBetween(samples, (steps * 9) / 10, steps),
    };
    out.push(r);
    const us = (x) => `${x.toFixed(0)} µs`;
    console.error(
      `long: ${steps} steps: load ${loadMs} ms, run ${runMs.toFixed(0)} ms, ${us(r.perStepUs)} a step ` +
        `(first tenth ${us(r.firstTenthUs)}, last tenth ${us(r.lastTenthUs)})`,
    );
    await context.close();
  }
  return out;
}

/**
 * Starts a run of `steps`, lets `after` steps finish, clicks Cancel; returns the ms from the
 * click to the next frame (the page answering) and to `data-run-state="cancelled"`.
 */
export async function cancelLatency(browser, site, server, steps, after) {
  const { context, page } = await load(browser, site, server, steps);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction((after) => {
    const p = document.querySelector('.progress progress');
    return p && Number(p.value) >= after;
  }, after, { timeout: 600_000, polling: 100 });
  await watch(page, 'cancelled');
  const [frameMs, cancelledMs] = await page.evaluate(async () => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Cancel');
    const t0 = performance.now();
    button.click();
    const frame = await new Promise((r) => requestAnimationFrame(() => r(performance.now())));
    const cancelled = await window.__reached;
    return [frame - t0, cancelled - t0];
  });
  await context.close();
  return { frameMs, cancelledMs };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = process.argv.slice(2).map(Number);
  const [site, server, browser] = await Promise.all([serveDist(), startFastServer(), launchBrowser()]);
  try {
    await longRuns(browser, site, server, sizes.length ? sizes : [1000, 10000]);
    const c = await cancelLatency(browser, site, server, 100000, 2000);
    console.error(`cancel at 2,000 of 100,000: next frame ${c.frameMs.toFixed(0)} ms, cancelled shown ${c.cancelledMs.toFixed(0)} ms`);
  } finally {
    await browser.close();
    server.close();
    await site.close();
  }
}

export { startFastServer };
