// Trunk hook (build stage): bundles the script worker (script-worker.mjs with
// quickjs-emscripten-core) with esbuild and copies QuickJS's WebAssembly beside it, into
// $TRUNK_STAGING_DIR/sandbox/, each named by its content's hash so that a browser never
// pairs a new page with an old worker. scripts/csp.mjs then names the worker in index.html.
// The prelude is joined from the files src/prelude.rs lists, in its order: both hosts
// evaluate the same text.
//
// Runscope's libraries (the table in src/libraries.rs) go to sandbox/libraries/, one file
// each, minified, with the package's licence at its head and a hashed name; the worker
// fetches a file only for a script that needs it. sandbox/THIRD-PARTY-NOTICES.txt holds every
// licence of what sandbox/ ships; sandbox/files.json lists its files (for precaching).
import { build, transform } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const crate = resolve(import.meta.dirname, '..');
const root = resolve(crate, '../..');
const out = join(process.env.TRUNK_STAGING_DIR ?? 'dist', 'sandbox');
const hash = (bytes) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);
const read = (path) => readFileSync(path, 'utf8');

const list = read(join(crate, 'src/prelude.rs'));
const parts = [...list.matchAll(/include_str!\("(prelude\/[\w.-]+\.js)"\)/g)].map((m) => m[1]);
if (parts.length === 0) throw new Error('src/prelude.rs lists no prelude files');
const prelude = parts.map((part) => read(join(crate, 'src', part))).join('');

const require = createRequire(join(crate, 'worker/'));
const wasm = readFileSync(require.resolve('@jitl/quickjs-ng-wasmfile-release-sync/wasm'));
const wasmFile = `quickjs-ng-${hash(wasm)}.wasm`;

// The libraries: each `Library { … }` of src/libraries.rs, one `field: "value",` a line.
const source = read(join(crate, 'src/libraries.rs'));
const start = source.indexOf('pub(crate) const LIBRARIES');
const table = source.slice(start, source.indexOf('\n];', start));
const libraries = [...table.matchAll(/Library \{\n([\s\S]*?)\n\s*\}/g)].map(([, body]) => {
  const field = (name) => body.match(new RegExp(`^\\s*${name}: "([^"]*)",$`, 'm'))?.[1];
  const library = Object.fromEntries(['key', 'name', 'package', 'version', 'path', 'licence'].map((f) => [f, field(f)]));
  for (const [f, v] of Object.entries(library)) if (!v) throw new Error(`src/libraries.rs: a library without ${f}`);
  return library;
});
if (libraries.length === 0) throw new Error('src/libraries.rs lists no libraries');

const comment = (text) => text.replaceAll('*/', '* /');
const notices = [];
const libraryFiles = {};
for (const l of libraries) {
  const dir = join(root, 'node_modules', l.package);
  const installed = JSON.parse(read(join(dir, 'package.json'))).version;
  if (installed !== l.version) {
    throw new Error(`node_modules has ${l.package} ${installed}, src/libraries.rs pins ${l.version}: run npm ci`);
  }
  const licence = read(join(dir, l.licence)).trim();
  // Chai's legal comments (its own and those of the packages bundled into chai.js) stay.
  const { code } = await transform(read(join(dir, l.path)), { minify: true, legalComments: 'inline', charset: 'utf8' });
  const text = `/*! ${l.name}: npm ${l.package} ${l.version}. Licence (${l.licence}):\n${comment(licence)}\n*/\n${code}`;
  const file = `${l.key}-${hash(text)}.js`;
  libraryFiles[l.key] = file;
  mkdirSync(join(out, 'libraries'), { recursive: true });
  writeFileSync(join(out, 'libraries', file), text);
  notices.push([`${l.name} (npm ${l.package} ${l.version}), sandbox/libraries/${file}`, licence]);
}
// chai.js bundles these packages; their notices go with it.
for (const dep of ['assertion-error', 'check-error', 'deep-eql', 'get-func-name', 'loupe', 'pathval', 'type-detect']) {
  const dir = join(root, 'node_modules', dep);
  const meta = JSON.parse(read(join(dir, 'package.json')));
  const file = ['LICENSE', 'LICENSE.md', 'license'].map((f) => join(dir, f)).find(existsSync);
  notices.push([`${dep} (npm ${meta.version}), bundled in Chai`, file ? read(file).trim() : `${meta.license} (as its package.json says; the package has no licence file)`]);
}
for (const pkg of ['quickjs-emscripten-core', '@jitl/quickjs-ng-wasmfile-release-sync']) {
  const dir = join(root, 'node_modules', pkg);
  const meta = JSON.parse(read(join(dir, 'package.json')));
  notices.push([`${pkg} (npm ${meta.version}): QuickJS (quickjs-ng) and its bindings, in the worker and ${wasmFile}`, read(join(dir, 'LICENSE')).trim()]);
}

const bundled = await build({
  entryPoints: [join(crate, 'worker/script-worker.mjs')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  write: false,
  logLevel: 'warning',
  define: {
    __PRELUDE__: JSON.stringify(prelude),
    __WASM_FILE__: JSON.stringify(wasmFile),
    __LIBRARIES__: JSON.stringify(libraryFiles),
  },
});
const worker = bundled.outputFiles[0].contents;
const workerFile = `script-worker-${hash(worker)}.js`;

mkdirSync(out, { recursive: true });
writeFileSync(join(out, wasmFile), wasm);
writeFileSync(join(out, workerFile), worker);
writeFileSync(
  join(out, 'THIRD-PARTY-NOTICES.txt'),
  'Third-party software in sandbox/ (the script sandbox), with its licences.\n\n' +
    notices.map(([what, text]) => `== ${what}\n\n${text}\n`).join('\n'),
);
const files = [workerFile, wasmFile, ...Object.values(libraryFiles).map((f) => `libraries/${f}`), 'THIRD-PARTY-NOTICES.txt'];
writeFileSync(join(out, 'files.json'), `${JSON.stringify({ worker: workerFile, files }, null, 2)}\n`);
