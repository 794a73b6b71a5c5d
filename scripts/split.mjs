// Trunk hook (post_build, first: scripts/csp.mjs hashes the loader this changes, and the service
// worker precaches the files this writes): cuts the page's wasm into a main module and the
// modules its parts load on first use (src/on_demand.rs, issue #16), in place of Trunk's two
// files. Trunk runs wasm-bindgen right after cargo, with no hook between them, so this starts
// again from cargo's own output (linked with --emit-relocs by build.rs):
//   wasm-split-cli (pinned in scripts/setup) -> wasm-bindgen --keep-lld-exports (the main
//   module must export the function table the other modules import) -> wasm-opt on each module
//   (release only; Trunk's own wasm-opt is off for the page in index.html).
// The result goes in a folder named by its content's hash, `app-<hash>/`, under wasm-split's
// fixed names (`chunk_N.wasm`, `__wasm_split.js`), so a browser never pairs a new page with an
// old module; index.html's loader, preload links and their `integrity` follow.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { transformSync } from 'esbuild';
import { join } from 'node:path';

const STEM = 'scim-suite-runner';
const OPT_FEATURES = [
  '--enable-reference-types',
  '--enable-bulk-memory',
  '--enable-nontrapping-float-to-int',
  '--enable-sign-ext',
  '--enable-mutable-globals',
];

const root = join(import.meta.dirname, '..');
const staging = process.env.TRUNK_STAGING_DIR ?? join(root, 'dist');
const release = (process.env.TRUNK_PROFILE ?? 'release') === 'release';
const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const linked = join(target, 'wasm32-unknown-unknown', release ? 'release' : 'debug', `${STEM}.wasm`);

// The glue must come from the wasm-bindgen Trunk uses (Trunk.toml; scripts/setup installs it).
const wantBindgen = readFileSync(join(root, 'Trunk.toml'), 'utf8').match(/^wasm_bindgen = "([^"]+)"/m)?.[1];
const haveBindgen = execFileSync('wasm-bindgen', ['--version'], { encoding: 'utf8' }).trim();
if (haveBindgen !== `wasm-bindgen ${wantBindgen}`) {
  throw new Error(`${haveBindgen} on PATH, Trunk.toml wants ${wantBindgen}: run scripts/setup`);
}

const run = (command, args) => execFileSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
const work = mkdtempSync(join(tmpdir(), 'split-'));
try {
  const split = join(work, 'split');
  const out = join(work, 'out');
  run('wasm-split-cli', [linked, split, '--out-name', STEM]);
  run('wasm-bindgen', [join(split, `${STEM}.wasm`), '--out-dir', out, '--target', 'web', '--no-typescript', '--keep-lld-exports']);
  for (const name of readdirSync(split)) {
    if (name !== `${STEM}.wasm`) cpSync(join(split, name), join(out, name));
  }
  const modules = readdirSync(out).filter((name) => name.endsWith('.wasm'));
  if (!readdirSync(out).includes('__wasm_split.js') || modules.length < 2) {
    throw new Error(`${linked} held no on-demand parts: was it built with the "split" feature?`);
  }
  if (release) {
    const wasmOpt = join(root, 'node_modules', '.bin', 'wasm-opt');
    // WASM_NAMES=1 keeps the functions' names, for a profiler (docs/benchmarks.md).
    const keepNames = process.env.WASM_NAMES ? ['-g'] : [];
    for (const name of modules) {
      // wasm-opt warns of each name subsection it does not know (wasm-split's); it drops them.
      const result = spawnSync(wasmOpt, ['-Oz', ...keepNames, ...OPT_FEATURES, join(out, name), '-o', join(out, name)], {
        encoding: 'utf8',
      });
      const said = result.stderr.split('\n').filter((line) => line && !/unknown name subsection/.test(line));
      if (said.length) console.error(said.join('\n'));
      if (result.status !== 0) throw new Error(`wasm-opt failed on ${name}`);
    }
    // The JavaScript glue minified (esbuild, already the sandbox worker's bundler): 4 KB
    // less gzipped on every first visit. Exports and `import.meta.url` stay as they are.
    for (const name of readdirSync(out).filter((name) => name.endsWith('.js'))) {
      const file = join(out, name);
      writeFileSync(file, transformSync(readFileSync(file, 'utf8'), { minify: true, format: 'esm' }).code);
    }
  }

  const files = readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(out.length + 1))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(join(out, file)));
  const folder = `app-${hash.digest('hex').slice(0, 16)}`;
  cpSync(out, join(staging, folder), { recursive: true });

  // Trunk's files give way: the loader, the preload links and their integrity name the new ones.
  const indexFile = join(staging, 'index.html');
  let html = readFileSync(indexFile, 'utf8');
  const integrity = (file) =>
    `sha384-${createHash('sha384').update(readFileSync(join(staging, folder, file))).digest('base64')}`;
  for (const [suffix, file] of [['.js', `${STEM}.js`], ['_bg.wasm', `${STEM}_bg.wasm`]]) {
    const old = new RegExp(`\\./${STEM}-[0-9a-f]+${suffix.replace('.', '\\.')}`, 'g');
    const names = [...new Set(html.match(old) ?? [])];
    if (names.length !== 1) throw new Error(`index.html names Trunk's ${suffix} file ${names.length} times, not once`);
    rmSync(join(staging, names[0]));
    html = html
      .replace(
        new RegExp(`(href="${names[0].replace(/\./g, '\\.')}"[^>]*integrity=")[^"]*"`),
        (_, head) => `${head}${integrity(file)}"`,
      )
      .replaceAll(names[0], `./${folder}/${file}`);
  }
  writeFileSync(indexFile, html);
} finally {
  rmSync(work, { recursive: true, force: true });
}
