// Trunk hook (post_build, after scripts/csp.mjs, which changes index.html): writes the service
// worker to the site's root and names it in index.html. The worker precaches every file the
// build holds at this point, the on-demand ones included (sandbox/, and whatever later build
// hooks add), listed from the directory itself so that a new file needs no list kept by hand;
// its cache version is a hash of those names and contents, so any change makes a new worker and
// a new cache. A debug build (`trunk serve`) gets a worker that removes itself instead: a
// cache-first page would hide each rebuild behind a reload.
// Run it again on a built directory (as tests/e2e/offline.test.mjs does to make "a new build")
// and it rewrites the worker for the files as they are now.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import { join, relative, sep } from 'node:path';

const WORKER = 'service-worker.js';
const META = `<meta name="service-worker" content="${WORKER}" />`;

const staging = process.env.TRUNK_STAGING_DIR ?? 'dist';
const release = (process.env.TRUNK_PROFILE ?? 'release') === 'release';
const source = (name) => readFileSync(join(import.meta.dirname, name), 'utf8');

/** Every file under `dir`, as sorted URL paths relative to it (`sandbox/x.wasm`). */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((path) => path !== WORKER && !path.split('/').some((part) => part.startsWith('.')))
    .sort();
}

const indexFile = join(staging, 'index.html');
let html = readFileSync(indexFile, 'utf8');
if (release && !html.includes(META)) {
  // The page registers the worker only when this names it (src/offline.rs), so a page built
  // without this hook, or in debug, never does.
  html = html.replace('<head>', `<head>\n    ${META}`);
  writeFileSync(indexFile, html);
}

if (!release) {
  writeFileSync(join(staging, WORKER), source('retire-worker.js'));
} else {
  const files = filesUnder(staging);
  if (!files.includes('index.html')) throw new Error(`${staging}/index.html is missing`);
  const version = createHash('sha256');
  for (const file of files) {
    version.update(`${file}\0`).update(createHash('sha256').update(readFileSync(join(staging, file))).digest());
  }
  const worker = source('service-worker.js')
    .replace(/^const VERSION = __VERSION__;$/m, () => `const VERSION = ${JSON.stringify(version.digest('hex').slice(0, 16))};`)
    .replace(/^const FILES = __FILES__;$/m, () => `const FILES = ${JSON.stringify(files, null, 2)};`);
  if (worker.includes('= __')) throw new Error(`offline/${WORKER}: a placeholder was not filled in`);
  // Minified: the page fetches its worker on every first visit.
  writeFileSync(join(staging, WORKER), transformSync(worker, { minify: true }).code);
}
