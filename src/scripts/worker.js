// The script sandbox: a dedicated worker that runs one suite script per message and answers
// with what it did. Started from a Blob URL by src/scripts/mod.rs. A worker has no DOM and no
// localStorage; before any suite code runs, everything that could reach the network, the page
// or other contexts is removed, so a script can only compute, log, assert and set variables.
'use strict';

const reply = self.postMessage.bind(self);
self.addEventListener('message', (event) => reply(JSON.stringify(run(JSON.parse(event.data)))));

(function lockDown() {
  const names = [
    'fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'WebTransport', 'EventSource',
    'importScripts', 'indexedDB', 'caches', 'BroadcastChannel', 'Worker', 'SharedWorker',
    'MessageChannel', 'postMessage', 'onmessage', 'addEventListener', 'removeEventListener',
    'dispatchEvent', 'close', 'navigator', 'location', 'Request', 'Response', 'Headers',
    'FileReaderSync', 'CacheStorage', 'IDBFactory', 'crossOriginIsolated', 'reportError',
  ];
  for (let scope = self; scope; scope = Object.getPrototypeOf(scope)) {
    for (const name of names) {
      if (!Object.prototype.hasOwnProperty.call(scope, name)) continue;
      try { delete scope[name]; } catch (_) { /* not configurable: overwritten below */ }
      if (Object.prototype.hasOwnProperty.call(scope, name)) {
        try { Object.defineProperty(scope, name, { value: undefined, writable: false }); } catch (_) { /* gone */ }
      }
    }
  }
})();

/** The text form Runscope stores: strings as they are, everything else as JSON. */
function text(value) {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try { return JSON.stringify(value) ?? String(value); } catch (_) { return String(value); }
}

/** How a value reads in a message: `"abc"`, `42`, `[1,2]`. */
function show(value) {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return '[function]';
  if (value instanceof RegExp) return String(value);
  try { return JSON.stringify(value) ?? String(value); } catch (_) { return String(value); }
}

const toObject = (pairs) => {
  const out = {};
  for (const [name, values] of pairs ?? []) out[name] = [...(out[name] ?? []), ...values];
  return out;
};
const toPairs = (object) =>
  Object.entries(object ?? {}).map(([name, v]) => [name, (Array.isArray(v) ? v : [v]).map(text)]);

function jsRequest(r) {
  return { ...r, params: toObject(r.params), headers: toObject(r.headers), form: toObject(r.form) };
}
function engineRequest(r) {
  return {
    method: text(r.method), url: text(r.url), scheme: text(r.scheme), host: text(r.host),
    path: text(r.path), params: toPairs(r.params), headers: toPairs(r.headers),
    form: toPairs(r.form), body: text(r.body),
  };
}

function run(job) {
  const out = { variables_set: [], request: null, logs: [], assertions: [], error: null };
  const vars = new Map(job.variables);
  const variables = {
    get: (name) => (vars.has(String(name)) ? vars.get(String(name)) : undefined),
    set: (name, value) => {
      const entry = { name: String(name), value: text(value) };
      vars.set(entry.name, entry.value);
      out.variables_set.push(entry);
    },
  };
  const log = (...values) => { out.logs.push(values.map((v) => (typeof v === 'string' ? v : show(v))).join(' ')); };
  const console = { log, info: log, warn: log, error: log, debug: log };
  const request = job.request ? jsRequest(job.request) : undefined;
  const response = job.response ? { ...job.response, headers: toObject(job.response.headers) } : undefined;
  if (response) Object.freeze(response);
  const before = request && JSON.stringify(engineRequest(request));
  try {
    const script = new Function(
      'variables', 'request', 'response', 'log', 'console', 'assert',
      'encode_base64', 'decode_base64', 'get_secret', job.source,
    );
    script(variables, request, response, log, console, makeAssert(out.assertions),
      encodeBase64, decodeBase64, (name) => variables.get(name));
  } catch (error) {
    out.error = { kind: 'thrown', message: messageOf(error) };
  }
  if (request && job.kind === 'pre_request') {
    const after = engineRequest(request);
    if (JSON.stringify(after) !== before) out.request = after;
  }
  return out;
}

/** Runscope's helper libraries this sandbox does not carry, by the name scripts use. */
const MISSING_LIBRARIES = { _: 'Underscore', moment: 'Moment.js', CryptoJS: 'CryptoJS', marked: 'Marked' };

function messageOf(error) {
  if (error instanceof AssertionError) return error.message;
  const missing = error instanceof ReferenceError && /^(\S+) is not defined/.exec(error.message);
  if (missing && MISSING_LIBRARIES[missing[1]]) {
    return `the script uses ${missing[1]} (${MISSING_LIBRARIES[missing[1]]}), a Runscope helper library this runner does not provide`;
  }
  if (error instanceof ReferenceError && /\b(document|window|localStorage|sessionStorage)\b/.test(error.message)) {
    return `${error.message}: suite scripts run in a sandbox without the page, its DOM or its storage`;
  }
  if (error instanceof TypeError && /is not a function|undefined/.test(error.message)) {
    return `${error.name}: ${error.message} (network, storage and messaging APIs are not available to suite scripts)`;
  }
  return error && error.name ? `${error.name}: ${error.message}` : String(error);
}

function encodeBase64(value) {
  return btoa(String.fromCharCode(...new TextEncoder().encode(String(value))));
}
function decodeBase64(value) {
  return new TextDecoder().decode(Uint8Array.from(atob(String(value)), (c) => c.charCodeAt(0)));
}

class AssertionError extends Error {
  constructor(message) { super(message); this.name = 'AssertionError'; }
}

/** What Chai's type-detect says of `value`: 'null', 'array', 'regexp', 'date', ... */
function typeName(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof RegExp) return 'regexp';
  if (value instanceof Date) return 'date';
  return typeof value;
}

function deepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (typeName(a) !== typeName(b)) return false;
  if (a instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof RegExp) return String(a) === String(b);
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}

function includes(haystack, needle) {
  if (typeof haystack === 'string') return haystack.includes(String(needle));
  if (Array.isArray(haystack)) return haystack.some((x) => (typeof needle === 'object' ? deepEqual(x, needle) : x === needle));
  if (haystack && typeof haystack === 'object' && needle && typeof needle === 'object') {
    return Object.keys(needle).every((k) => deepEqual(haystack[k], needle[k]));
  }
  return false;
}

/** Chai's assert interface, the part Runscope suites use. Records every check. */
function makeAssert(record) {
  function check(passed, userMessage, description, expected, actual, hasValues = true) {
    const message = userMessage ? `${userMessage}: ${description}` : description;
    record.push({
      passed: Boolean(passed),
      message: passed && userMessage ? String(userMessage) : message,
      expected: hasValues ? show(expected) : null,
      actual: hasValues ? show(actual) : null,
    });
    if (!passed) throw new AssertionError(message);
  }
  const assert = (expression, message) =>
    check(expression, message, `expected ${show(expression)} to be truthy`, true, expression, false);
  Object.assign(assert, {
    ok: (v, m) => check(v, m, `expected ${show(v)} to be truthy`, true, v, false),
    isOk: (v, m) => assert.ok(v, m),
    notOk: (v, m) => check(!v, m, `expected ${show(v)} to be falsy`, false, v, false),
    isNotOk: (v, m) => assert.notOk(v, m),
    equal: (a, e, m) => check(a == e, m, `expected ${show(a)} to equal ${show(e)}`, e, a),
    notEqual: (a, e, m) => check(a != e, m, `expected ${show(a)} to not equal ${show(e)}`, e, a),
    strictEqual: (a, e, m) => check(a === e, m, `expected ${show(a)} to equal ${show(e)}`, e, a),
    notStrictEqual: (a, e, m) => check(a !== e, m, `expected ${show(a)} to not equal ${show(e)}`, e, a),
    deepEqual: (a, e, m) => check(deepEqual(a, e), m, `expected ${show(a)} to deeply equal ${show(e)}`, e, a),
    notDeepEqual: (a, e, m) => check(!deepEqual(a, e), m, `expected ${show(a)} to not deeply equal ${show(e)}`, e, a),
    isTrue: (v, m) => check(v === true, m, `expected ${show(v)} to be true`, true, v),
    isFalse: (v, m) => check(v === false, m, `expected ${show(v)} to be false`, false, v),
    isNull: (v, m) => check(v === null, m, `expected ${show(v)} to be null`, null, v),
    isNotNull: (v, m) => check(v !== null, m, `expected ${show(v)} to not be null`, 'not null', v),
    isUndefined: (v, m) => check(v === undefined, m, `expected ${show(v)} to be undefined`, undefined, v),
    isDefined: (v, m) => check(v !== undefined, m, 'expected undefined to not be undefined', 'defined', v),
    isArray: (v, m) => check(Array.isArray(v), m, `expected ${show(v)} to be an array`, 'array', typeName(v)),
    isNotArray: (v, m) => check(!Array.isArray(v), m, `expected ${show(v)} not to be an array`, 'not array', typeName(v)),
    isObject: (v, m) => check(typeName(v) === 'object', m, `expected ${show(v)} to be an object`, 'object', typeName(v)),
    isString: (v, m) => check(typeof v === 'string', m, `expected ${show(v)} to be a string`, 'string', typeName(v)),
    isNumber: (v, m) => check(typeof v === 'number', m, `expected ${show(v)} to be a number`, 'number', typeName(v)),
    isBoolean: (v, m) => check(typeof v === 'boolean', m, `expected ${show(v)} to be a boolean`, 'boolean', typeName(v)),
    isFunction: (v, m) => check(typeof v === 'function', m, `expected ${show(v)} to be a function`, 'function', typeName(v)),
    typeOf: (v, t, m) => check(typeName(v) === t, m, `expected ${show(v)} to be a ${t}`, t, typeName(v)),
    notTypeOf: (v, t, m) => check(typeName(v) !== t, m, `expected ${show(v)} not to be a ${t}`, t, typeName(v)),
    instanceOf: (v, c, m) => check(v instanceof c, m, `expected ${show(v)} to be an instance of ${c && c.name}`, c && c.name, typeName(v)),
    include: (h, n, m) => check(includes(h, n), m, `expected ${show(h)} to include ${show(n)}`, n, h),
    notInclude: (h, n, m) => check(!includes(h, n), m, `expected ${show(h)} to not include ${show(n)}`, n, h),
    match: (v, re, m) => check(re.test(v), m, `expected ${show(v)} to match ${re}`, String(re), v),
    notMatch: (v, re, m) => check(!re.test(v), m, `expected ${show(v)} not to match ${re}`, String(re), v),
    lengthOf: (v, n, m) => {
      const length = v == null ? undefined : v.length ?? v.size;
      check(length === n, m, `expected ${show(v)} to have a length of ${n} but got ${length}`, n, length);
    },
    property: (o, p, m) => check(o != null && p in Object(o), m, `expected ${show(o)} to have property ${show(p)}`, p, o),
    notProperty: (o, p, m) => check(!(o != null && p in Object(o)), m, `expected ${show(o)} to not have property ${show(p)}`, p, o),
    propertyVal: (o, p, v, m) => check(o != null && o[p] === v, m, `expected ${show(o)} to have property ${show(p)} of ${show(v)}`, v, o == null ? undefined : o[p]),
    isAbove: (v, n, m) => check(v > n, m, `expected ${show(v)} to be above ${show(n)}`, n, v),
    isAtLeast: (v, n, m) => check(v >= n, m, `expected ${show(v)} to be at least ${show(n)}`, n, v),
    isBelow: (v, n, m) => check(v < n, m, `expected ${show(v)} to be below ${show(n)}`, n, v),
    isAtMost: (v, n, m) => check(v <= n, m, `expected ${show(v)} to be at most ${show(n)}`, n, v),
    isEmpty: (v, m) => {
      const size = v == null ? 0 : typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).length : v.length;
      check(size === 0, m, `expected ${show(v)} to be empty`, 'empty', v);
    },
    isNotEmpty: (v, m) => {
      const size = v == null ? 0 : typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).length : v.length;
      check(size > 0, m, `expected ${show(v)} not to be empty`, 'not empty', v);
    },
    exists: (v, m) => check(v != null, m, `expected ${show(v)} to exist`, 'exists', v),
    notExists: (v, m) => check(v == null, m, `expected ${show(v)} to not exist`, 'does not exist', v),
    // Chai: fail(message), or fail(actual, expected, message).
    fail(actual, expected, message) {
      const single = arguments.length < 2;
      const text = String(single ? actual ?? 'assert.fail()' : message ?? `expected ${show(actual)} to equal ${show(expected)}`);
      record.push({ passed: false, message: text, expected: single ? null : show(expected), actual: single ? null : show(actual) });
      throw new AssertionError(text);
    },
  });
  return assert;
}
