// Runscope's helper functions, and the request/response objects a script sees. QuickJS has
// no atob, btoa or TextEncoder, so base64 and UTF-8 are written out here.

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

// Code units to text, a slice at a time (String.fromCharCode takes only so many arguments).
function unitsToText(units) {
  const parts = [];
  for (let i = 0; i < units.length; i += 8192) {
    append(parts, apply(fromCharCode, undefined, units.slice(i, i + 8192)));
  }
  return join(parts, '');
}

// Text to UTF-8 bytes; a lone surrogate becomes U+FFFD, as TextEncoder does.
function utf8Bytes(text) {
  const bytes = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) {
      append(bytes, c);
    } else if (c < 0x800) {
      append(bytes, 0xc0 | (c >> 6));
      append(bytes, 0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      append(bytes, 0xe0 | (c >> 12));
      append(bytes, 0x80 | ((c >> 6) & 0x3f));
      append(bytes, 0x80 | (c & 0x3f));
    } else {
      append(bytes, 0xf0 | (c >> 18));
      append(bytes, 0x80 | ((c >> 12) & 0x3f));
      append(bytes, 0x80 | ((c >> 6) & 0x3f));
      append(bytes, 0x80 | (c & 0x3f));
    }
  }
  return bytes;
}

// UTF-8 bytes to text; each malformed sequence becomes one U+FFFD, as TextDecoder does.
function utf8Text(bytes) {
  const units = [];
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need = 0;
    let code = 0;
    let lower = 0x80;
    let upper = 0xbf;
    if (b < 0x80) {
      append(units, b);
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      code = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      code = b & 0x0f;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      code = b & 0x07;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else {
      append(units, 0xfffd);
      i++;
      continue;
    }
    let j = i + 1;
    let complete = true;
    for (let k = 0; k < need; k++, j++) {
      const next = bytes[j];
      if (j >= bytes.length || next < lower || next > upper) {
        complete = false;
        break;
      }
      lower = 0x80;
      upper = 0xbf;
      code = (code << 6) | (next & 0x3f);
    }
    i = j;
    if (!complete) {
      append(units, 0xfffd);
    } else if (code >= 0x10000) {
      append(units, 0xd800 + ((code - 0x10000) >> 10));
      append(units, 0xdc00 + ((code - 0x10000) & 0x3ff));
    } else {
      append(units, code);
    }
  }
  return unitsToText(units);
}

// UTF-8 text to base64.
function encodeBase64(value) {
  const bytes = utf8Bytes(plain(value));
  const units = [];
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
    append(units, BASE64.charCodeAt(n >> 18));
    append(units, BASE64.charCodeAt((n >> 12) & 63));
    append(units, i + 1 < bytes.length ? BASE64.charCodeAt((n >> 6) & 63) : 61);
    append(units, i + 2 < bytes.length ? BASE64.charCodeAt(n & 63) : 61);
  }
  return unitsToText(units);
}

// base64 (standard or URL-safe, padding optional, white space ignored) to UTF-8 text.
function decodeBase64(value) {
  const text = plain(value).replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/').replace(/={1,2}$/, '');
  if (text.length % 4 === 1 || !matches(/^[A-Za-z0-9+/]*$/, text)) {
    throw new ErrorCtor('decode_base64: the text is not base64');
  }
  const bytes = [];
  for (let i = 0; i < text.length; i += 4) {
    const chunk = text.slice(i, i + 4);
    let n = 0;
    for (let j = 0; j < 4; j++) n = (n << 6) | (j < chunk.length ? BASE64.indexOf(chunk[j]) : 0);
    append(bytes, (n >> 16) & 255);
    if (chunk.length > 2) append(bytes, (n >> 8) & 255);
    if (chunk.length > 3) append(bytes, n & 255);
  }
  return utf8Text(bytes);
}

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
  const pairs = list();
  if (dict === null || typeof dict !== 'object') return pairs;
  const names = objectKeys(dict);
  for (let i = 0; i < names.length; i++) {
    const value = dict[names[i]];
    if (value === null || value === undefined) continue;
    const values = list();
    if (isArray(value)) {
      for (let j = 0; j < value.length; j++) append(values, plain(value[j]));
    } else {
      append(values, plain(value));
    }
    const pair = list();
    append(pair, names[i]);
    append(pair, values);
    append(pairs, pair);
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

// The request as a script left it, in the engine's form.
function requestPairs(request) {
  const text = (value) => (value === null || value === undefined ? '' : plain(value));
  return record({
    method: text(request.method),
    url: text(request.url),
    scheme: text(request.scheme),
    host: text(request.host),
    path: text(request.path),
    params: fromDict(request.params),
    headers: fromDict(request.headers),
    form: fromDict(request.form),
    body: text(request.body),
  });
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
