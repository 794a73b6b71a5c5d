// The prelude's front door. The host calls begin(job) to give the script Runscope's API as
// globals, runs the script, then calls finish(...) for what the script did, as JSON text.
// Output is capped so that no script can send back more than a few megabytes.

const LOG_CHARS = 1024 * 1024;
const LOG_LINES = 10000;
const ASSERTIONS = 10000;
const ASSERTION_CHARS = 2 * 1024 * 1024;
const MESSAGE_CHARS = 4000;
const VARIABLE_CHARS = 8 * 1024 * 1024;
const VARIABLE_SETS = 10000;

// Names of the page and of web APIs that do not exist here, for a clearer ReferenceError.
const WEB_NAMES = /^(document|window|self|localStorage|sessionStorage|indexedDB|caches|navigator|location|fetch|XMLHttpRequest|WebSocket|EventSource|importScripts|postMessage|setTimeout|setInterval|Worker|BroadcastChannel|require|process)\b/;

function errorText(error) {
  try {
    if (isAssertionError(error)) return toText(error.message);
    if (error !== null && typeof error === 'object' && typeof error.message === 'string') {
      const name = typeof error.name === 'string' ? error.name : 'Error';
      let text = name + ': ' + error.message;
      if (name === 'ReferenceError' && matches(WEB_NAMES, error.message)) {
        text += ' (scripts run in a sandbox: no page, network, timers or messaging)';
      } else if (name === 'ReferenceError' && matches(/^(atob|btoa)\b/, error.message)) {
        text += ' (use decode_base64 and encode_base64)';
      }
      return text;
    }
    return plain(error);
  } catch (e) {
    return 'the script threw a value that cannot be shown';
  }
}

// Held while the script runs and let go when it runs out of memory, so that finish has room
// to write what the script did.
const RESERVE_BYTES = 2 * 1024 * 1024;

let job = null;
let out = null;
let reserve = null;

function newOutput() {
  return {
    variables_set: list(),
    logs: list(),
    assertions: list(),
    logChars: 0,
    logsDropped: 0,
    assertionChars: 0,
    assertionsDropped: 0,
    droppedFailures: 0,
    variableChars: 0,
  };
}

function keepLog(line) {
  if (out.logs.length >= LOG_LINES || out.logChars >= LOG_CHARS) {
    out.logsDropped++;
    return;
  }
  let text = line;
  if (text.length > LOG_CHARS - out.logChars) text = cut(text, LOG_CHARS - out.logChars) + '…';
  out.logChars += text.length;
  append(out.logs, text);
}

function keepAssertion(passed, message, expected, actual) {
  const text = message.length > MESSAGE_CHARS ? cut(message, MESSAGE_CHARS) + '…' : message;
  const size = text.length + (expected ? expected.length : 0) + (actual ? actual.length : 0);
  if (out.assertions.length >= ASSERTIONS || out.assertionChars + size > ASSERTION_CHARS) {
    out.assertionsDropped++;
    if (!passed) out.droppedFailures++;
    return;
  }
  out.assertionChars += size;
  append(out.assertions, record({ passed, message: text, expected, actual }));
}

function scriptApi() {
  const store = new MapCtor();
  const initial = isArray(job.variables) ? job.variables : [];
  for (let i = 0; i < initial.length; i++) apply(mapSet, store, [toText(initial[i].name), toText(initial[i].value)]);
  const variables = {
    get(name) {
      const key = toText(name);
      return apply(mapHas, store, [key]) ? apply(mapGet, store, [key]) : undefined;
    },
    set(name, value) {
      const key = toText(name);
      const text = value === undefined || value === null ? '' : plain(value);
      if (out.variables_set.length >= VARIABLE_SETS) {
        throw new ErrorCtor('variables.set: a script may set at most ' + VARIABLE_SETS + ' variables');
      }
      if (out.variableChars + key.length + text.length > VARIABLE_CHARS) {
        throw new ErrorCtor('variables.set(' + inspect(cut(key, 100)) + '): the variables a script sets may hold at most 8 MB in all');
      }
      out.variableChars += key.length + text.length;
      apply(mapSet, store, [key, text]);
      append(out.variables_set, record({ name: key, value: text }));
    },
  };
  const log = function (...values) {
    let line = '';
    for (let i = 0; i < values.length; i++) {
      line += (i > 0 ? ' ' : '') + plain(values[i]);
      if (line.length > LOG_CHARS) break;
    }
    keepLog(line);
  };
  const api = {
    variables,
    request: job.request ? requestObject(job.request) : undefined,
    response: job.response ? responseObject(job.response) : undefined,
    log,
    console: { log, info: log, debug: log, warn: log, error: log, trace: log },
    assert: makeAssert((passed, message, expected, actual) => keepAssertion(passed, message, expected, actual)),
    encode_base64: encodeBase64,
    decode_base64: decodeBase64,
    get_secret(name) {
      const value = variables.get(name);
      if (value === undefined) throw new ErrorCtor('get_secret: no variable named ' + toText(name) + '; secrets are variables in this runner');
      return value;
    },
  };
  adoptLibraries(api);
  return api;
}

// Reads the job (JSON text: kind, variables, request, response, the libraries the host
// loaded) and sets the globals.
function begin(jobText) {
  job = parseJson(jobText);
  out = newOutput();
  reserve = new ArrayBuffer(RESERVE_BYTES);
  const api = scriptApi();
  // As globals, not parameters: a script may declare its own `log` or `request` with let.
  const names = objectKeys(api);
  for (let i = 0; i < names.length; i++) {
    defineProperty(G, names[i], { value: api[names[i]], writable: true, configurable: true });
  }
}

// Whether what the script threw is QuickJS's out-of-memory error: `InternalError: out of
// memory`, or null when even that error could not be allocated (QuickJS then throws null
// rather than recurse; a script that throws null itself is taken for one that ran out of
// memory). Allocates nothing, so it works when memory is full.
function outOfMemory(error) {
  if (error === null) return true;
  return error instanceof InternalErrorCtor && error.message === 'out of memory';
}

// Frees the reserve and what the script holds through globals, so that finish can run after
// the script ran out of memory.
function release() {
  reserve = null;
  const names = ownKeys(G);
  for (let i = 0; i < names.length; i++) deleteProperty(G, names[i]);
}

// What the script did, as JSON text. `threw` and `error`: whether it threw, and what;
// `stopped`: the host stopped it (time or memory), so its request is not read.
function finish(threw, error, stopped) {
  const result = record({
    variables_set: out.variables_set,
    request: null,
    logs: out.logs,
    assertions: out.assertions,
    thrown: threw ? errorText(error) : null,
  });
  if (job.kind === 'pre_request' && !stopped) {
    try {
      // Read through the global: a script may have assigned a whole new request.
      result.request = requestPairs(reflectGet(G, 'request'));
    } catch (e) {
      if (result.thrown === null) result.thrown = 'the changed request could not be read: ' + errorText(e);
    }
  }
  if (out.logsDropped > 0) {
    append(out.logs, '… the log was cut at 1 MB or 10,000 lines: ' + out.logsDropped + ' more lines were not kept');
  }
  if (out.assertionsDropped > 0) {
    const failed = out.droppedFailures;
    append(out.assertions, record({
      passed: failed === 0,
      message: '… ' + out.assertionsDropped + ' more assertions were not kept (' + failed + ' of them failed)',
      expected: null,
      actual: null,
    }));
  }
  return stringify(result);
}
