// The browser's script host, in a dedicated Web Worker started by the page's
// WorkerScriptHost. It compiles QuickJS (quickjs-ng built to WebAssembly) once, then runs each
// job the page sends in a new QuickJS runtime, with the same steps as the native host
// (src/native.rs): evaluate the prelude, begin, evaluate the script, run its pending jobs,
// finish. Scripts see only what the prelude gives them: nothing of this worker is reachable
// from inside QuickJS. Bundled by worker/build.mjs, which defines __PRELUDE__, __WASM_FILE__
// and __LIBRARIES__ (library key -> its file in libraries/ beside this worker: a job's
// libraries are downloaded at the first job that needs them, then kept).
import { newQuickJSWASMModuleFromVariant, newVariant } from 'quickjs-emscripten-core';
import variant from '@jitl/quickjs-ng-wasmfile-release-sync';

const PAGE_BYTES = 64 * 1024;
// The WebAssembly module's own data and C stack, below QuickJS's heap.
const MODULE_BYTES = 16 * 1024 * 1024;

const compiled = compile(new URL(__WASM_FILE__, import.meta.url));
// Library key -> its text (a promise), once asked for; forgotten when the download failed.
const librarySources = new Map();
// The keys whose text has arrived.
const librariesHere = new Set();
// The QuickJS instance, created at the first job and replaced after one that broke it.
let engine = null;

function post(message) {
  self.postMessage(JSON.stringify(message));
}

async function compile(url) {
  try {
    return await WebAssembly.compileStreaming(fetch(url));
  } catch (streamingFailed) {
    // A host that serves .wasm with another type: compile the bytes instead.
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url.pathname} answered ${response.status}`);
    return WebAssembly.compile(await response.arrayBuffer());
  }
}

// A QuickJS instance in its own memory, capped so that QuickJS fails an allocation (and the
// script gets "out of memory") before the tab would: QuickJS cannot count its heap here.
async function engineFor(memoryLimitBytes) {
  if (engine && engine.memoryLimitBytes === memoryLimitBytes) return engine.quickjs;
  const memory = new WebAssembly.Memory({
    initial: MODULE_BYTES / PAGE_BYTES,
    maximum: Math.ceil((MODULE_BYTES + memoryLimitBytes) / PAGE_BYTES),
  });
  const quickjs = await newQuickJSWASMModuleFromVariant(
    newVariant(variant, { wasmModule: await compiled, wasmMemory: memory }),
  );
  engine = { quickjs, memoryLimitBytes };
  return quickjs;
}

function librarySource(key) {
  let text = librarySources.get(key);
  if (text) return text;
  const file = __LIBRARIES__[key];
  if (!file) return Promise.reject(new Error(`the library ${key} is not in this build`));
  const url = new URL(`libraries/${file}`, import.meta.url);
  text = fetch(url).then(async (response) => {
    if (!response.ok) throw new Error(`${url.pathname} answered ${response.status}`);
    const body = await response.text();
    librariesHere.add(key);
    return body;
  });
  text.catch(() => librarySources.delete(key));
  librarySources.set(key, text);
  return text;
}

// The texts of the job's libraries, in order; says "loading" first when one must be
// downloaded, so the page waits for that too.
async function librariesFor(job) {
  const keys = Array.isArray(job.libraries) ? job.libraries.map(String) : [];
  if (keys.some((key) => !librariesHere.has(key))) post({ type: 'loading', id: job.id });
  return Promise.all(keys.map(async (key) => [key, await librarySource(key)]));
}

function describe(error) {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

// Handles that must be disposed before their runtime is.
class Handles {
  constructor() {
    this.list = [];
  }
  keep(handle) {
    this.list.push(handle);
    return handle;
  }
  dispose() {
    for (const handle of this.list.reverse()) if (handle.alive) handle.dispose();
    this.list = [];
  }
}

// The time limit, as the interrupt handler sees it.
function budget(limitMs) {
  const state = { deadline: Date.now() + limitMs, fired: false };
  state.interrupts = () => {
    if (Date.now() < state.deadline) return false;
    state.fired = true;
    return true;
  };
  state.grace = (ms) => {
    state.deadline = Math.max(Date.now(), state.deadline) + ms;
  };
  return state;
}

// How an evaluation ended: completed, threw (with the thrown value) or stopped by the host.
// The prelude's outOfMemory says whether an exception is QuickJS's out-of-memory error.
function outcome(context, result, time, outOfMemory, handles) {
  if (!result.error) {
    result.value.dispose();
    return { completed: true };
  }
  const error = handles.keep(result.error);
  if (time.fired) return { stopped: 'timeout' };
  if (isTrue(context, context.callFunction(outOfMemory, context.undefined, error), handles)) {
    return { stopped: 'memory' };
  }
  return { threw: error };
}

function isTrue(context, result, handles) {
  const value = handles.keep(result.error ?? result.value);
  return !result.error && context.typeof(value) === 'boolean' && context.dump(value) === true;
}

function errorText(context, error) {
  try {
    const value = context.dump(error);
    return value && typeof value === 'object' ? `${value.name}: ${value.message}` : String(value);
  } catch {
    return 'an error that cannot be shown';
  }
}

function runIn(runtime, context, job, jobText, libraries, time, handles) {
  const prelude = context.evalCode(__PRELUDE__, 'prelude.js', { type: 'global' });
  if (prelude.error) {
    return { failure: `the prelude did not start: ${errorText(context, handles.keep(prelude.error))}` };
  }
  const control = handles.keep(prelude.value);
  const begin = handles.keep(context.getProp(control, 'begin'));
  const finish = handles.keep(context.getProp(control, 'finish'));
  const release = handles.keep(context.getProp(control, 'release'));
  const outOfMemory = handles.keep(context.getProp(control, 'outOfMemory'));
  const ended = (result) => outcome(context, result, time, outOfMemory, handles);

  // The libraries the script names, between the prelude and begin, inside its limits.
  for (const [key, source] of libraries) {
    const loaded = ended(context.evalCode(source, `${key}.js`, { type: 'global' }));
    if (loaded.stopped) return { stopped: loaded.stopped };
    if (loaded.threw) return { failure: `the library ${key} could not be loaded: ${errorText(context, loaded.threw)}` };
  }
  const text = handles.keep(context.newString(jobText));
  let end = ended(context.callFunction(begin, context.undefined, text));
  if (end.threw) {
    return { failure: `the prelude could not read the job: ${errorText(context, end.threw)}` };
  }
  if (end.completed) {
    end = ended(context.evalCode(job.source, 'script.js', { type: 'global' }));
  }
  // What the script left queued (promise callbacks, async functions) runs now, inside the
  // same time limit; nothing is left when the runtime is disposed. A job that throws is
  // ignored, as a browser would, unless the host stopped it.
  while (!end.stopped) {
    const ran = runtime.executePendingJobs(-1);
    if (!ran.error) break;
    const queued = ended(ran);
    if (queued.stopped) end = queued;
  }
  // An interrupt inside an async function may end up as a rejected promise rather than an
  // exception here; the script was cut short all the same.
  if (time.fired) end = { stopped: 'timeout' };
  const stopped = end.stopped ?? null;
  if (stopped === 'memory') {
    const released = context.callFunction(release, context.undefined);
    handles.keep(released.error ?? released.value);
  }
  if (stopped) time.grace(job.finish_grace_ms);
  const threw = end.threw ? context.true : context.false;
  const error = end.threw ?? context.undefined;
  const written = context.callFunction(finish, context.undefined, threw, error, stopped ? context.true : context.false);
  if (written.error) {
    const why = errorText(context, handles.keep(written.error));
    return { stopped, failure: stopped ? null : `the prelude could not write the script's output: ${why}` };
  }
  const output = context.getString(handles.keep(written.value));
  return { stopped, output };
}

function runJob(quickjs, job, jobText, libraries) {
  const runtime = quickjs.newRuntime();
  runtime.setMemoryLimit(job.memory_limit_bytes);
  runtime.setMaxStackSize(job.stack_limit_bytes);
  const time = budget(job.time_limit_ms);
  runtime.setInterruptHandler(time.interrupts);
  const context = runtime.newContext();
  const handles = new Handles();
  // A failure in here may leave QuickJS half-way through a call: the instance is dropped
  // (by handle()), not disposed.
  const reply = runIn(runtime, context, job, jobText, libraries, time, handles);
  try {
    handles.dispose();
    context.dispose();
    runtime.dispose();
  } catch {
    engine = null;
  }
  return reply;
}

// A script that recursed deeper than the browser's own stack before QuickJS's limit: the
// browser stopped it inside QuickJS, which is left unusable.
function isBrowserStackOverflow(error) {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

let queue = Promise.resolve();

async function handle(jobText) {
  let job;
  try {
    job = JSON.parse(jobText);
  } catch {
    return;
  }
  let libraries;
  try {
    libraries = await librariesFor(job);
  } catch (error) {
    const failure = `a library the script needs could not be downloaded: ${describe(error)}`;
    post({ type: 'done', id: job.id, stopped: null, output: null, failure });
    return;
  }
  let reply;
  try {
    reply = runJob(await engineFor(job.memory_limit_bytes), job, jobText, libraries);
  } catch (error) {
    engine = null;
    reply = isBrowserStackOverflow(error)
      ? { output: JSON.stringify({ thrown: 'RangeError: Maximum call stack size exceeded (what the script logged and asserted is lost)' }) }
      : { failure: describe(error) };
  }
  post({ type: 'done', id: job.id, stopped: reply.stopped ?? null, output: reply.output ?? null, failure: reply.failure ?? null });
}

self.onmessage = (event) => {
  queue = queue.then(() => handle(String(event.data)));
};

compiled.then(
  () => post({ type: 'ready' }),
  (error) => post({ type: 'unavailable', reason: `QuickJS could not be loaded: ${describe(error)}` }),
);
