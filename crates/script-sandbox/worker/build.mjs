// Trunk hook (build stage): bundles the script worker (script-worker.mjs with
// quickjs-emscripten-core) with esbuild and copies QuickJS's WebAssembly beside it, into
// $TRUNK_STAGING_DIR/sandbox/, each named by its content's hash so that a browser never
// pairs a new page with an old worker. scripts/csp.mjs then names the worker in index.html.
// The prelude is joined from the files src/prelude.rs lists, in its order: both hosts
// evaluate the same text.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const crate = resolve(import.meta.dirname, '..');
const out = join(process.env.TRUNK_STAGING_DIR ?? 'dist', 'sandbox');
const hash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

const list = readFileSync(join(crate, 'src/prelude.rs'), 'utf8');
const parts = [...list.matchAll(/include_str!\("(prelude\/[\w.-]+\.js)"\)/g)].map((m) => m[1]);
if (parts.length === 0) throw new Error('src/prelude.rs lists no prelude files');
const prelude = parts.map((part) => readFileSync(join(crate, 'src', part), 'utf8')).join('');

const require = createRequire(join(crate, 'worker/'));
const wasm = readFileSync(require.resolve('@jitl/quickjs-ng-wasmfile-release-sync/wasm'));
const wasmFile = `quickjs-ng-${hash(wasm)}.wasm`;

const bundled = await build({
  entryPoints: [join(crate, 'worker/script-worker.mjs')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  write: false,
  logLevel: 'warning',
  define: { __PRELUDE__: JSON.stringify(prelude), __WASM_FILE__: JSON.stringify(wasmFile) },
});
const worker = bundled.outputFiles[0].contents;

mkdirSync(out, { recursive: true });
writeFileSync(join(out, wasmFile), wasm);
writeFileSync(join(out, `script-worker-${hash(worker)}.js`), worker);
