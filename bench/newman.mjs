// Newman, Postman's command-line runner (what a tester would otherwise pick), on the runner
// benchmark's workload (bench/workload.mjs) against the same reference server. scripts/bench
// installs the pinned newman into a cache folder outside the repository and names it in
// NEWMAN_HOME; nothing here touches the repository's package.json.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REQUESTS, postmanCollection } from './workload.mjs';

/** The newman CLI in NEWMAN_HOME, or null when the bench was started without it. */
export const newmanCli = () =>
  process.env.NEWMAN_HOME ? join(process.env.NEWMAN_HOME, 'node_modules/newman/bin/newman.js') : null;

/**
 * Runs the collection once with `reporter` ('json': the run's summary to a file and nothing
 * on the console; 'cli': the console output a user sees, read from a pipe and dropped).
 * Resolves with the process's wall time and Newman's own run time (from its first request to
 * its end, without node's start-up), both in ms; rejects unless all 3,000 checks passed.
 */
export async function runNewman(cli, { baseUrl, token, reporter }) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-newman-'));
  try {
    const collection = join(dir, 'collection.json');
    const summary = join(dir, 'summary.json');
    writeFileSync(collection, JSON.stringify(postmanCollection()));
    const args = [cli, 'run', collection, '--env-var', `base=${baseUrl}`, '--env-var', `auth=Bearer ${token}`];
    // The JSON summary is what the checks are read from; with 'cli' it is written too.
    args.push('--reporters', reporter === 'cli' ? 'cli,json' : 'json', '--reporter-json-export', summary);
    const started = performance.now();
    const code = await new Promise((ok, fail) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
      child.stdout.resume();
      child.once('error', fail);
      child.once('exit', ok);
    });
    const wall = performance.now() - started;
    const { run } = JSON.parse(readFileSync(summary, 'utf8'));
    const { assertions, requests } = run.stats;
    if (code !== 0 || requests.total !== REQUESTS || assertions.total !== 3 * REQUESTS || assertions.failed !== 0) {
      throw new Error(`newman: exit ${code}, ${requests.total} requests, ${assertions.failed} of ${assertions.total} checks failed`);
    }
    return { wall, run: run.timings.completed - run.timings.started };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
