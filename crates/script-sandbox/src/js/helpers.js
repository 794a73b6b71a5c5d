// Runscope's helper functions, and the request/response objects a script sees.

// UTF-8 text to base64.
function encodeBase64(value) {
  const bytes = new TextEncoderCtor().encode(plain(value));
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += fromCharCode(bytes[i]);
  return binaryToBase64(binary);
}

// base64 (standard or URL-safe, padding optional) to UTF-8 text.
function decodeBase64(value) {
  let text = plain(value).replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  while (text.length % 4 !== 0) text += '=';
  const binary = base64ToBinary(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoderCtor().decode(bytes);
}

// A library Runscope includes and this runner does not: any use names it.
function missingLibrary(global, library) {
  const refuse = () => {
    throw new ErrorCtor(global + ' (' + library + ') is not available in this runner');
  };
  return new ProxyCtor(function () {}, { get: refuse, set: refuse, apply: refuse, construct: refuse });
}

const MISSING_LIBRARIES = [
  ['_', 'Underscore.js'],
  ['moment', 'Moment.js'],
  ['CryptoJS', 'CryptoJS'],
  ['marked', 'Marked'],
];

// [[name, [values]]] to { name: [values] }; repeated names merge.
function toDict(pairs) {
  const dict = {};
  if (!isArray(pairs)) return dict;
  for (let i = 0; i < pairs.length; i++) {
    const name = toText(pairs[i][0]);
    const values = isArray(pairs[i][1]) ? pairs[i][1].slice() : [];
    if (isArray(dict[name])) dict[name] = dict[name].concat(values);
    else dict[name] = values;
  }
  return dict;
}

// A script's { name: [values] } back to pairs. A lone value is a one-item list; a name set
// to null or undefined is dropped.
function fromDict(dict) {
  const pairs = [];
  if (dict === null || typeof dict !== 'object') return pairs;
  const names = objectKeys(dict);
  for (let i = 0; i < names.length; i++) {
    const value = dict[names[i]];
    if (value === null || value === undefined) continue;
    const values = [];
    if (isArray(value)) {
      for (let j = 0; j < value.length; j++) append(values, plain(value[j]));
    } else {
      append(values, plain(value));
    }
    append(pairs, [names[i], values]);
  }
  return pairs;
}

function requestObject(request) {
  return {
    method: request.method,
    url: request.url,
    scheme: request.scheme,
    host: request.host,
    path: request.path,
    params: toDict(request.params),
    headers: toDict(request.headers),
    form: toDict(request.form),
    body: request.body,
  };
}

// The request as a script left it, in the page's form.
function requestPairs(request) {
  const text = (value) => (value === null || value === undefined ? '' : plain(value));
  return {
    method: text(request.method),
    url: text(request.url),
    scheme: text(request.scheme),
    host: text(request.host),
    path: text(request.path),
    params: fromDict(request.params),
    headers: fromDict(request.headers),
    form: fromDict(request.form),
    body: text(request.body),
  };
}

// The response, frozen: scripts may read it only.
function responseObject(response) {
  const headers = toDict(response.headers);
  const names = objectKeys(headers);
  for (let i = 0; i < names.length; i++) freeze(headers[names[i]]);
  return freeze({
    status: response.status,
    reason: response.reason,
    headers: freeze(headers),
    body: response.body,
    response_time_ms: response.response_time_ms,
    size_bytes: response.size_bytes,
  });
}
