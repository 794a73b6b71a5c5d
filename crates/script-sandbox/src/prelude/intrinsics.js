// Built-ins the prelude relies on, taken before the script runs: a script may replace the
// globals (JSON, Object.keys, String, ...) or their methods, but not these references, so
// what it did is still reported as it happened.
const G = globalThis;
const apply = Reflect.apply;
const ownKeys = Reflect.ownKeys;
const deleteProperty = Reflect.deleteProperty;
const defineProperty = Reflect.defineProperty;
const reflectGet = Reflect.get;
const setPrototypeOf = Reflect.setPrototypeOf;
const objectKeys = Object.keys;
const objectIs = Object.is;
const freeze = Object.freeze;
const createObject = Object.create;
const isArray = Array.isArray;
const toText = String;
const fromCharCode = String.fromCharCode;
const stringSlice = String.prototype.slice;
const stringify = JSON.stringify;
const parseJson = JSON.parse;
const objectToString = Object.prototype.toString;
const regexpTest = RegExp.prototype.test;
const arrayJoin = Array.prototype.join;
const ErrorCtor = Error;
// QuickJS's own: it throws an InternalError when the script runs out of memory or time.
const InternalErrorCtor = InternalError;
const ProxyCtor = Proxy;
const MapCtor = Map;
const mapGet = Map.prototype.get;
const mapHas = Map.prototype.has;
const mapSet = Map.prototype.set;
const mathAbs = Math.abs;
const mathMin = Math.min;

function matches(re, text) {
  return apply(regexpTest, re, [text]);
}

// Appends to one of the prelude's own arrays without Array.prototype.push, which a script
// may have replaced.
function append(list, item) {
  list[list.length] = item;
}

function cut(text, length) {
  return apply(stringSlice, text, [0, length]);
}

function join(list, separator) {
  return apply(arrayJoin, list, [separator]);
}

// An array with no prototype, for the same reason as `record`.
function list() {
  const out = [];
  setPrototypeOf(out, null);
  return out;
}

// A plain record with no prototype: a script's additions to Object.prototype (a toJSON, a
// getter) cannot change how it is written out.
function record(fields) {
  const out = createObject(null);
  const names = objectKeys(fields);
  for (let i = 0; i < names.length; i++) out[names[i]] = fields[names[i]];
  return out;
}
