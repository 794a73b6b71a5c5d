// The lock-down: what a script may not reach, and undoing what it changed.

// Globals a script keeps: JavaScript's own and a few web ones that reach nothing outside.
const KEEP = new SetCtor([
  'Object', 'Function', 'Array', 'Number', 'Boolean', 'String', 'Symbol', 'BigInt', 'Date',
  'RegExp', 'Promise', 'Proxy', 'Reflect', 'JSON', 'Math', 'Intl', 'Map', 'Set', 'WeakMap',
  'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Iterator', 'Error', 'AggregateError',
  'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError',
  'SuppressedError', 'DisposableStack', 'AsyncDisposableStack', 'ArrayBuffer', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
  'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array',
  'BigUint64Array', 'globalThis', 'Infinity', 'NaN', 'undefined', 'eval', 'isFinite', 'isNaN',
  'parseFloat', 'parseInt', 'decodeURI', 'decodeURIComponent', 'encodeURI',
  'encodeURIComponent', 'escape', 'unescape',
  'self', 'console', 'atob', 'btoa', 'TextEncoder', 'TextDecoder', 'URL', 'URLSearchParams',
  'crypto', 'Crypto', 'SubtleCrypto', 'CryptoKey', 'structuredClone', 'DOMException',
  'performance',
]);

// Names a script may reasonably try, with a clear refusal instead of a ReferenceError.
const NO_NETWORK = 'scripts may not use the network';
const REFUSED = {
  fetch: NO_NETWORK,
  XMLHttpRequest: NO_NETWORK,
  WebSocket: NO_NETWORK,
  WebSocketStream: NO_NETWORK,
  WebTransport: NO_NETWORK,
  EventSource: NO_NETWORK,
  importScripts: NO_NETWORK,
  Worker: NO_NETWORK,
  SharedWorker: NO_NETWORK,
  indexedDB: 'scripts may not use storage',
  caches: 'scripts may not use storage',
  BroadcastChannel: 'scripts run apart from the page',
  postMessage: 'scripts run apart from the page',
  close: 'scripts run apart from the page',
  setTimeout: 'scripts run synchronously',
  setInterval: 'scripts run synchronously',
};

function refuser(name, reason) {
  return function () {
    throw new ErrorCtor(name + ' is not available to scripts: ' + reason);
  };
}

// import() is syntax, not a global: refuse code that names it, including code a script
// builds at run time with eval or Function.
function refuseImport(code) {
  if (typeof code === 'string' && matches(/\bimport\s*\(/, code)) {
    throw new ErrorCtor('import() is not available to scripts: ' + NO_NETWORK);
  }
}

function guardCodeBuilders() {
  const evaluate = G.eval;
  defineProperty(G, 'eval', {
    value: function (code) {
      refuseImport(code);
      return evaluate(code);
    },
    writable: true,
    configurable: true,
  });
  const builders = [
    FunctionCtor,
    getPrototypeOf(async function () {}).constructor,
    getPrototypeOf(function* () {}).constructor,
    getPrototypeOf(async function* () {}).constructor,
  ];
  for (let i = 0; i < builders.length; i++) {
    const Builder = builders[i];
    const guarded = function (...args) {
      if (args.length > 0) refuseImport(toText(args[args.length - 1]));
      return apply(Builder, undefined, args);
    };
    guarded.prototype = Builder.prototype;
    defineProperty(Builder.prototype, 'constructor', { value: guarded, writable: true, configurable: true });
    if (Builder === FunctionCtor) defineProperty(G, 'Function', { value: guarded, writable: true, configurable: true });
  }
}

function lockDown() {
  // The global object and its own prototypes (not EventTarget's or Object's).
  const scopes = [G];
  for (let p = getPrototypeOf(G); p && p !== EVENT_TARGET && p !== Object.prototype; p = getPrototypeOf(p)) {
    append(scopes, p);
  }
  for (let s = 0; s < scopes.length; s++) {
    const names = ownKeys(scopes[s]);
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      if (typeof name !== 'string' || name === 'constructor' || apply(setHas, KEEP, [name])) continue;
      if (!deleteProperty(scopes[s], name)) {
        defineProperty(scopes[s], name, { value: undefined, writable: false, configurable: false });
      }
    }
  }
  // Nothing may listen for the page's messages but the runner.
  deleteProperty(EVENT_TARGET, 'addEventListener');
  deleteProperty(EVENT_TARGET, 'removeEventListener');
  deleteProperty(EVENT_TARGET, 'dispatchEvent');
  const refused = objectKeys(REFUSED);
  for (let i = 0; i < refused.length; i++) {
    const name = refused[i];
    defineProperty(G, name, { value: refuser(name, REFUSED[name]), writable: false, configurable: false });
  }
  guardCodeBuilders();
}

// Objects whose properties a script could change to disturb later scripts.
function trackedObjects() {
  const list = [G, EVENT_TARGET, G.console];
  const constructors = [
    Object, FunctionCtor, G.Function, Array, String, Number, Boolean, Symbol, BigInt, Date, RegExp,
    Promise, Map, Set, WeakMap, WeakSet, Error, TypeError, RangeError, SyntaxError,
    ReferenceError, AssertionError, ArrayBuffer, Uint8Array, TextEncoder, TextDecoder, URL,
    URLSearchParams, getPrototypeOf(Uint8Array),
    getPrototypeOf(async function () {}).constructor,
    getPrototypeOf(function* () {}).constructor,
  ];
  for (let i = 0; i < constructors.length; i++) {
    append(list, constructors[i]);
    append(list, constructors[i].prototype);
  }
  append(list, JSON);
  append(list, Math);
  append(list, Reflect);
  append(list, getPrototypeOf([][Symbol.iterator]()));
  return list;
}

// A descriptor with no prototype, so a script's additions to Object.prototype (a `get`,
// say) cannot change what it means.
function descriptorOf(object, key) {
  const descriptor = getOwnPropertyDescriptor(object, key);
  if (descriptor) setPrototypeOf(descriptor, null);
  return descriptor;
}

function snapshot(object) {
  const keys = ownKeys(object);
  const saved = new MapCtor();
  for (let i = 0; i < keys.length; i++) apply(mapSet, saved, [keys[i], descriptorOf(object, keys[i])]);
  return { object, keys, saved };
}

function sameDescriptor(a, b) {
  return !!a && objectIs(a.value, b.value) && a.get === b.get && a.set === b.set &&
    a.writable === b.writable && a.enumerable === b.enumerable && a.configurable === b.configurable;
}

// Puts one object's properties back as they were; false when that is impossible.
function restore(shot) {
  const object = shot.object;
  let ok = isExtensible(object);
  const now = ownKeys(object);
  for (let i = 0; i < now.length; i++) {
    if (!apply(mapHas, shot.saved, [now[i]]) && !deleteProperty(object, now[i])) ok = false;
  }
  for (let i = 0; i < shot.keys.length; i++) {
    const key = shot.keys[i];
    const want = apply(mapGet, shot.saved, [key]);
    if (!sameDescriptor(descriptorOf(object, key), want) && !defineProperty(object, key, want)) ok = false;
  }
  return ok;
}

// Undoes what the last script changed in the shared realm; false when it cannot.
function resetRealm(shots) {
  let ok = true;
  for (let i = 0; i < shots.length; i++) {
    try {
      if (!restore(shots[i])) ok = false;
    } catch (e) {
      ok = false;
    }
  }
  return ok;
}
