// Trunk post-build hook: adds a Content-Security-Policy to the built index.html, and names
// the script sandbox's worker (built into sandbox/ by crates/script-sandbox/worker/build.mjs)
// in a <meta> the page reads when a run first has a script; nothing loads it before. The
// Rust workers (the workshop demo) move into hashed folders and are named the same way
// (scripts/workers.mjs).
// Trunk's loader is an inline module script whose text changes with every build, so its hash
// is computed here. The policy lets the page run only its own code and compile only its own
// WebAssembly (no 'unsafe-eval': nothing on the page compiles JavaScript text; suite scripts
// run inside QuickJS in the worker), load only its own files, start workers only from its own
// files, and send requests to any http or https server, since the server under test is the
// user's choice.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { placeWorkers } from './workers.mjs';

const staging = process.env.TRUNK_STAGING_DIR ?? 'dist';
const file = join(staging, 'index.html');
let html = readFileSync(file, 'utf8');
const hashes = [...html.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].map(
  ([, body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`,
);
const worker = readdirSync(join(staging, 'sandbox')).find((name) => /^script-worker-\w+\.js$/.test(name));
if (!worker) throw new Error('sandbox/script-worker-*.js is missing: the build hook did not run');
const workers = placeWorkers(staging);
const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' http: https:",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
html = html.replace(
  '<head>',
  `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />` +
    `\n    <meta name="script-worker" content="sandbox/${worker}" />` +
    workers.map((meta) => `\n    ${meta}`).join(''),
);
writeFileSync(file, html);
