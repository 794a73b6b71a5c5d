// Weighs a built page by part: what index.html loads on a first visit (itself, the files it
// links, the main wasm its loader fetches, and the split loader its glue imports) and, apart,
// the page's own on-demand modules (the rest of its folder, scripts/split.mjs) and each worker
// the page starts on demand (every file in the folder of the file its <meta> names),
// raw and gzipped at level 9 (as bench/run.mjs counts). Usage: node scripts/weigh.mjs [dist]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const weigh = (path) => {
  const bytes = readFileSync(join(dist, path));
  return { path, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const html = readFileSync(join(dist, 'index.html'), 'utf8');
// The page's own files: link hrefs and module imports (the loader imports the glue and names
// the wasm), each once.
const linked = [...html.matchAll(/(?:href|from|module_or_path:)\s*=?\s*["']\.\/([^"']+)["']/g)]
  .map((m) => m[1])
  .filter((p, i, all) => all.indexOf(p) === i);
// The service worker's script, which the page registers on load (what it then precaches in the
// background is not the page's first load).
const serviceWorker = html.match(/<meta name="service-worker" content="([^"]+)"/)?.[1];
if (serviceWorker) linked.push(serviceWorker);
// The page's split: its glue imports the loader of the on-demand modules beside it.
const appFolder = linked.find((p) => /^app-\w+\/[^/]+\.js$/.test(p))?.split('/')[0];
if (appFolder) linked.push(`${appFolder}/__wasm_split.js`);
const walk = (dir) =>
  readdirSync(join(dist, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(dist, path)).isDirectory() ? walk(path) : [relative('.', path)];
  });
// Workers by the meta that names each: every file in the worker's folder.
const workers = [...html.matchAll(/<meta name="([\w-]+-worker)" content="([^"/]+)\/[^"]+"/g)].map(
  ([, name, folder]) => ({ name, files: walk(folder) }),
);

const rows = [];
const group = (title, paths) => {
  const parts = paths.map(weigh);
  parts.forEach((p) => rows.push(`  ${p.path.padEnd(52)} ${kb(p.raw).padStart(10)} ${kb(p.gzip).padStart(10)}`));
  const raw = parts.reduce((n, p) => n + p.raw, 0);
  const gzip = parts.reduce((n, p) => n + p.gzip, 0);
  rows.push(`${title.padEnd(54)} ${kb(raw).padStart(10)} ${kb(gzip).padStart(10)}`, '');
  return gzip;
};
console.log(`${'part'.padEnd(54)} ${'raw'.padStart(10)} ${'gzip -9'.padStart(10)}`);
group('first load (index.html and what it loads)', ['index.html', ...linked]);
if (appFolder) {
  const parts = walk(appFolder).filter((p) => !linked.includes(p));
  group('page parts (on demand: the suite reader, the plan, the variables, a run, the results)', parts);
}
for (const w of workers) group(`${w.name} (on demand)`, w.files);
console.log(rows.join('\n'));
