// How values read in messages, logs and variables.

// Chai's lower-case type names: 'null', 'array', 'object', 'date', 'regexp', 'map', ...
function typeName(value) {
  if (value === null) return 'null';
  if (isArray(value)) return 'array';
  if (typeof value !== 'object') return typeof value;
  return apply(objectToString, value, []).slice(8, -1).toLowerCase();
}

// A value as Chai writes it: 'text' in single quotes, [ 1, 2 ], { a: 1 }.
function inspect(value, depth) {
  depth = depth || 0;
  switch (typeof value) {
    case 'string':
      return "'" + value.replace(/'/g, "\\'") + "'";
    case 'number':
      if (value === 0) return 1 / value < 0 ? '-0' : '+0';
      return toText(value);
    case 'bigint':
      return toText(value) + 'n';
    case 'function':
      return value.name ? '[Function ' + value.name + ']' : '[Function]';
    case 'symbol':
      return value.toString();
    case 'object':
      break;
    default:
      return toText(value);
  }
  if (value === null) return 'null';
  const type = typeName(value);
  if (type === 'regexp') return toText(value);
  if (type === 'date') return isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (type === 'error') return '[' + value.name + ': ' + value.message + ']';
  if (depth >= 3) return isArray(value) ? '[Array]' : '[Object]';
  if (isArray(value)) {
    if (value.length === 0) return '[]';
    const items = [];
    for (let i = 0; i < value.length; i++) append(items, inspect(value[i], depth + 1));
    return '[ ' + items.join(', ') + ' ]';
  }
  const fields = fieldsOf(value, depth);
  return fields.length === 0 ? '{}' : '{ ' + fields.join(', ') + ' }';
}

function fieldsOf(object, depth) {
  const names = objectKeys(object);
  const fields = [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const key = matches(/^[A-Za-z_$][\w$]*$/, name) ? name : inspect(name);
    append(fields, key + ': ' + inspect(object[name], depth + 1));
  }
  return fields;
}

// Chai 4.5 (loupe) shortens a value in a message to 40 characters: 'text…', or the items
// that fit and a count of the rest, [ 1, 2, …(3) ].
const SHORT = 40;

function shortened(value) {
  if (typeof value === 'string') {
    const text = inspect(value);
    return text.length > SHORT ? text.slice(0, SHORT - 2) + "…'" : text;
  }
  if (isArray(value)) {
    const items = [];
    for (let i = 0; i < value.length; i++) append(items, inspect(value[i], 1));
    return shortList('[ ', items, ' ]', '[]');
  }
  if (typeName(value) === 'object') return shortList('{ ', fieldsOf(value, 0), ' }', '{}');
  return inspect(value);
}

function shortList(open, items, close, empty) {
  if (items.length === 0) return empty;
  const whole = open + items.join(', ') + close;
  if (whole.length <= SHORT) return whole;
  for (let n = items.length - 1; n > 0; n--) {
    const text = open + items.slice(0, n).join(', ') + ', …(' + (items.length - n) + ')' + close;
    if (text.length <= SHORT) return text;
  }
  return whole;
}

// A value in a message, as Chai 4.5 shows it: shortened, and when still too long, the
// kind of value alone.
function display(value) {
  const text = shortened(value);
  if (text.length < SHORT) return text;
  if (typeof value === 'function') return value.name ? '[Function: ' + value.name + ']' : '[Function]';
  if (isArray(value)) return '[ Array(' + value.length + ') ]';
  if (typeName(value) === 'object') {
    const names = objectKeys(value);
    const shown = names.length > 2 ? names.slice(0, 2).join(', ') + ', ...' : names.join(', ');
    return '{ Object (' + shown + ') }';
  }
  return text;
}

// A value as an assertion's expected or actual text: whole, within reason.
function show(value) {
  const text = inspect(value);
  return text.length > 4000 ? text.slice(0, 4000) + '…' : text;
}

// A value in a log line or a variable: text as it is, objects as JSON.
function plain(value) {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  if (value !== null && typeof value === 'object') {
    if (typeName(value) === 'error') return value.name + ': ' + value.message;
    try {
      const json = stringify(value);
      if (typeof json === 'string') return json;
    } catch (e) {
      // Cyclic or not serializable: fall back to Chai's notation.
    }
    return inspect(value);
  }
  return typeof value === 'function' || typeof value === 'symbol' ? inspect(value) : toText(value);
}
