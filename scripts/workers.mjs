// The page's on-demand Rust workers (index.html's `data-type="worker"` links: the workshop
// demo, the report): trunk writes
// each as <stem>.js (wasm-bindgen's `web` glue) and <stem>_bg.wasm in the build's root, under
// fixed names. Here each pair moves into a folder named by its content's hash, so that a
// browser never pairs a new page with an old worker, beside a small module that starts it;
// the page finds that module through a <meta name="<stem>"> (src/worker.rs).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The workers: the stem trunk names their files by (the crate's binary) and their folder. */
const WORKERS = [
  { stem: 'demo-worker', folder: 'demo' },
  { stem: 'report-worker', folder: 'report' },
];

/** Moves each worker into its hashed folder; returns the <meta> tags that name them. */
export function placeWorkers(staging) {
  return WORKERS.map(({ stem, folder }) => {
    const glue = join(staging, `${stem}.js`);
    const wasm = join(staging, `${stem}_bg.wasm`);
    const hash = createHash('sha256')
      .update(readFileSync(glue))
      .update(readFileSync(wasm))
      .digest('hex')
      .slice(0, 16);
    const dir = `${folder}-${hash}`;
    mkdirSync(join(staging, dir), { recursive: true });
    renameSync(glue, join(staging, dir, `${stem}.js`));
    renameSync(wasm, join(staging, dir, `${stem}_bg.wasm`));
    // The glue finds its wasm beside itself (import.meta.url); its main() starts listening.
    const loader = `${stem}-loader.js`;
    writeFileSync(join(staging, dir, loader), `import init from './${stem}.js';\nawait init();\n`);
    return `<meta name="${stem}" content="${dir}/${loader}" />`;
  });
}
