// Built-ins the runner relies on, taken before any script runs: a script may replace the
// globals (JSON, Object.keys, String, ...) but not these references.
const G = self;
const apply = Reflect.apply;
const ownKeys = Reflect.ownKeys;
const deleteProperty = Reflect.deleteProperty;
const defineProperty = Reflect.defineProperty;
const getOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
const getPrototypeOf = Reflect.getPrototypeOf;
const setPrototypeOf = Reflect.setPrototypeOf;
const isExtensible = Reflect.isExtensible;
const objectKeys = Object.keys;
const objectIs = Object.is;
const freeze = Object.freeze;
const isArray = Array.isArray;
const toText = String;
const fromCharCode = String.fromCharCode;
const stringify = JSON.stringify;
const parseJson = JSON.parse;
const objectToString = Object.prototype.toString;
const regexpTest = RegExp.prototype.test;
const FunctionCtor = Function;
const ErrorCtor = Error;
const ProxyCtor = Proxy;
const MapCtor = Map;
const mapGet = Map.prototype.get;
const mapHas = Map.prototype.has;
const mapSet = Map.prototype.set;
const SetCtor = Set;
const setHas = Set.prototype.has;
const TextEncoderCtor = TextEncoder;
const TextDecoderCtor = TextDecoder;
const binaryToBase64 = btoa;
const base64ToBinary = atob;
const reflectGet = Reflect.get;
const mathAbs = Math.abs;

// Only the runner talks to the page and hears from it.
const post = apply(FunctionCtor.prototype.bind, G.postMessage, [G]);
const listen = apply(FunctionCtor.prototype.bind, G.addEventListener, [G]);
const EVENT_TARGET = EventTarget.prototype;

function matches(re, text) {
  return apply(regexpTest, re, [text]);
}

// Appends to one of the runner's own arrays without Array.prototype.push, which a
// script may have replaced.
function append(list, item) {
  list[list.length] = item;
}
