// Takes the README's screenshots of the built page (needs `trunk build --release` in dist/
// and `cargo build -p scim-server`): a run with a failing step, that step opened, a CORS
// failure, the plan, the environment with Okta's Initial Script and the workshop demo, and a
// phone. Also, for looking at rather than the README, the results at 1024×768 (a projector).
// Usage: node scripts/screenshot.mjs [OUT_DIR] [light|dark]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  OKTA_INITIAL_SCRIPT,
  OKTA_SUITE,
  fillVariables,
  launchBrowser,
  loadSuite,
  runToEnd,
  serveDist,
  startScimServer,
} from '../tests/e2e/harness.mjs';

const [outDir = 'docs', scheme = 'light'] = process.argv.slice(2);
const token = 'screenshot-token';
const site = await serveDist();
const good = await startScimServer(['--token', token, '--fault', 'duplicates-accepted']);
const noCors = await startScimServer(['--token', token, '--fault', 'no-cors']);
const browser = await launchBrowser();

async function shoot(name, viewport, steps) {
  const page = await browser.newPage({ viewport, colorScheme: scheme });
  page.on('console', (m) => m.type() === 'error' && !/status of [45]\d\d/.test(m.text()) && console.log(`[console] ${m.text()}`));
  await page.goto(site.url);
  await steps(page);
  const path = join(outDir, `${name}.png`);
  await page.screenshot({ path });
  console.log(`saved ${path}`);
  await page.close();
}

/** Scrolls so that `selector` is at the top of the viewport. */
async function top(page, selector) {
  await page.locator(selector).first().evaluate((e) => e.scrollIntoView({ block: 'start' }));
}

async function okta(page, baseUrl) {
  await loadSuite(page, OKTA_SUITE, 'Okta SCIM 2.0 SPEC Test');
  await fillVariables(page, { SCIMBaseURL: baseUrl, auth: `Bearer ${token}` });
  await page.getByLabel('Initial script').fill(readFileSync(OKTA_INITIAL_SCRIPT, 'utf8'));
}

const wide = { width: 1280, height: 900 };
try {
  await shoot('screenshot-plan', wide, async (page) => {
    await okta(page, good.baseUrl);
    await top(page, '#plan-heading');
  });
  await shoot('screenshot-results', wide, async (page) => {
    await okta(page, good.baseUrl);
    await runToEnd(page);
    await page.getByRole('button', { name: 'Collapse all' }).click();
    await top(page, '#results-heading');
  });
  await shoot('screenshot-step', wide, async (page) => {
    await okta(page, good.baseUrl);
    await runToEnd(page);
    await top(page, 'li.step[data-outcome="fail"]');
  });
  await shoot('screenshot-cors', wide, async (page) => {
    await okta(page, noCors.baseUrl);
    await runToEnd(page);
    await top(page, '.summary');
  });
  await shoot('screenshot-environment', wide, async (page) => {
    await loadSuite(page, OKTA_SUITE, 'Okta SCIM 2.0 SPEC Test');
    await page.getByLabel('Initial script').fill(readFileSync(OKTA_INITIAL_SCRIPT, 'utf8'));
    await page.getByText('Workshop demo server').click();
    await page.getByRole('button', { name: 'Demo server' }).click();
    await page.getByLabel(/^plain-errors/).check();
    await top(page, '#env-heading');
  });
  await shoot('screenshot-phone', { width: 360, height: 780 }, async (page) => {
    await okta(page, good.baseUrl);
    await runToEnd(page);
    await top(page, '.summary');
  });
  await shoot('projector-results', { width: 1024, height: 768 }, async (page) => {
    await page.getByRole('button', { name: 'Larger text' }).click();
    await okta(page, good.baseUrl);
    await runToEnd(page);
    await top(page, '#results-heading');
  });
} finally {
  await browser.close();
  good.stop();
  noCors.stop();
  await site.close();
}
