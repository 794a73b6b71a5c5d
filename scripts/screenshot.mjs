// Takes a screenshot of the built page as a new user sees it, after loading Okta's suite.
// Usage: node scripts/screenshot.mjs OUT.png [WIDTH] [dark]   (needs a release build in dist/)
import { OKTA_SUITE, launchBrowser, serveDist } from '../tests/e2e/harness.mjs';

const [out = 'screenshot.png', width = '1280', scheme = 'light'] = process.argv.slice(2);
const site = await serveDist();
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: 900 }, colorScheme: scheme });
  page.on('console', (m) => console.log(`[console.${m.type()}] ${m.text()}`));
  await page.goto(site.url);
  await page.getByLabel('Suite file').setInputFiles(OKTA_SUITE);
  await page.waitForTimeout(300);
  await page.screenshot({ path: out, fullPage: true });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
  await site.close();
}
