// Trunk post-build hook: adds a Content-Security-Policy to the built index.html. Trunk's
// loader is an inline module script whose text changes with every build, so its hash is
// computed here. The policy lets the page run only its own code, load only its own files,
// start workers only from its own blobs (the script sandbox), and send requests to any http
// or https server, since the server under test is the user's choice. 'unsafe-eval' is there
// because the sandbox worker inherits this policy and compiles suite scripts with
// `new Function`; the page itself never evaluates text.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const file = join(process.env.TRUNK_STAGING_DIR ?? 'dist', 'index.html');
let html = readFileSync(file, 'utf8');
const hashes = [...html.matchAll(/<script type="module">([\s\S]*?)<\/script>/g)].map(
  ([, body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`,
);
const policy = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval' ${hashes.join(' ')}`,
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' http: https:",
  "worker-src blob:",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
html = html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
writeFileSync(file, html);
