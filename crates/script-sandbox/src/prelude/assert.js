// Chai's assert interface (the subset Runscope scripts use), written here rather than
// bundled: messages follow Chai 4 ("msg: expected 1 to equal 2"), and a failed assertion
// throws an AssertionError as Chai's does. Each call is also recorded, passed or failed.

class AssertionError extends ErrorCtor {
  constructor(message) {
    super(message);
    this.name = 'AssertionError';
  }
}

// Chai's deep-eql in short: same type, same own enumerable keys, equal values; NaN equals
// NaN, +0 is not -0.
function deepEqual(a, b, depth) {
  if (a === b) return a !== 0 || 1 / a === 1 / b;
  if (a !== a && b !== b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  depth = depth || 0;
  const type = typeName(a);
  if (depth > 100 || type !== typeName(b)) return false;
  if (type === 'date') return objectIs(a.getTime(), b.getTime());
  if (type === 'regexp') return toText(a) === toText(b);
  if (type === 'map' || type === 'set') {
    return deepEqual(Array.from(a.entries()), Array.from(b.entries()), depth + 1);
  }
  const keysA = objectKeys(a);
  const keysB = objectKeys(b);
  if (keysA.length !== keysB.length) return false;
  for (let i = 0; i < keysA.length; i++) {
    const key = keysA[i];
    if (keysB.indexOf(key) < 0 || !deepEqual(a[key], b[key], depth + 1)) return false;
  }
  return true;
}

function article(type) {
  return /^[aeiou]/i.test(type) ? 'an' : 'a';
}

function sizeOf(value) {
  const type = typeName(value);
  return type === 'map' || type === 'set' ? value.size : value.length;
}

// Whether `haystack` includes `needle`: a substring, a list item, a map value or set
// member. Undefined for a haystack of another kind.
function includes(haystack, needle, same) {
  if (typeof haystack === 'string') return haystack.indexOf(needle) >= 0;
  const type = typeName(haystack);
  if (type === 'array') return haystack.some((item) => same(item, needle));
  if (type === 'set' || type === 'map') {
    return Array.from(haystack.values()).some((item) => same(item, needle));
  }
  return undefined;
}

function strictSame(a, b) {
  return a === b || (a !== a && b !== b);
}

// Whether every member of `subset` is in `superset` (as many times), and for `exact` no more.
function members(superset, subset, same, exact) {
  if (!isArray(superset) || !isArray(subset)) return false;
  if (exact && superset.length !== subset.length) return false;
  const left = superset.slice();
  for (let i = 0; i < subset.length; i++) {
    const at = left.findIndex((item) => same(item, subset[i]));
    if (at < 0) return false;
    left.splice(at, 1);
  }
  return true;
}

// A new `assert` whose results go to `report(passed, message, expected, actual)`.
function makeAssert(report) {
  const d = display;

  // One check. A failure's message is "msg: description" (Chai's form); a success's is the
  // caller's message, or the description when there is none.
  function check(passed, msg, description, expected, actual) {
    const given = msg === undefined || msg === null || msg === '' ? '' : toText(msg);
    let message = given || description;
    if (!passed && given) message = given + ': ' + description;
    const hasValues = arguments.length > 3;
    report(!!passed, message, hasValues ? show(expected) : null, hasValues ? show(actual) : null);
    if (!passed) throw new AssertionError(message);
  }

  // Chai's include on objects: each property of `needle` (for the negation, none of them).
  function checkProperties(haystack, needle, msg, same, negate) {
    const word = same === deepEqual ? 'deep property ' : 'property ';
    const names = objectKeys(needle);
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const present = name in haystack;
      const actual = present ? haystack[name] : undefined;
      const ok = present && same(actual, needle[name]);
      const start = 'expected ' + d(haystack) + (negate ? ' to not have ' : ' to have ') + word + d(name);
      if (!negate && !present) check(false, msg, start);
      if (!negate && !ok) check(false, msg, start + ' of ' + d(needle[name]) + ', but got ' + d(actual), needle[name], actual);
      if (negate && ok) check(false, msg, start + ' of ' + d(needle[name]), needle[name], actual);
    }
  }

  function checkIncludes(haystack, needle, msg, same, negate) {
    const verb = (negate ? ' to not ' : ' to ') + (same === deepEqual ? 'deep include ' : 'include ');
    if (typeName(haystack) === 'object' && needle !== null && typeof needle === 'object') {
      checkProperties(haystack, needle, msg, same, negate);
      check(true, msg, 'expected ' + d(haystack) + verb + d(needle));
      return;
    }
    const found = includes(haystack, needle, same);
    if (found === undefined) {
      const kind = typeName(haystack);
      check(false, msg, 'the given combination of arguments (' + kind + ' and ' + typeName(needle) +
        ') is invalid for this assertion. You can use an array, a map, an object, a set, a string, ' +
        'or a weakset instead of a ' + kind);
    }
    check(negate ? !found : found, msg, 'expected ' + d(haystack) + verb + d(needle));
  }

  // assert(expression, message): Chai reports the message alone. Without one Chai says
  // "Unspecified AssertionError"; the description says more.
  const assert = function (expression, msg) {
    const given = msg === undefined || msg === null ? '' : toText(msg);
    check(expression, undefined, given || 'expected ' + d(expression) + ' to be truthy');
  };

  assert.fail = function (actual, expected, message) {
    if (arguments.length < 2) {
      check(false, undefined, actual === undefined ? 'assert.fail()' : toText(actual));
    }
    check(false, undefined, message === undefined ? 'assert.fail()' : toText(message), expected, actual);
  };

  assert.ok = assert.isOk = (v, m) => check(v, m, 'expected ' + d(v) + ' to be truthy');
  assert.notOk = assert.isNotOk = (v, m) => check(!v, m, 'expected ' + d(v) + ' to be falsy');

  assert.equal = (act, exp, m) => check(act == exp, m, 'expected ' + d(act) + ' to equal ' + d(exp), exp, act);
  assert.notEqual = (act, exp, m) => check(act != exp, m, 'expected ' + d(act) + ' to not equal ' + d(exp), exp, act);
  assert.strictEqual = (act, exp, m) => check(act === exp, m, 'expected ' + d(act) + ' to equal ' + d(exp), exp, act);
  assert.notStrictEqual = (act, exp, m) => check(act !== exp, m, 'expected ' + d(act) + ' to not equal ' + d(exp), exp, act);
  assert.deepEqual = assert.deepStrictEqual = (act, exp, m) =>
    check(deepEqual(act, exp), m, 'expected ' + d(act) + ' to deeply equal ' + d(exp), exp, act);
  assert.notDeepEqual = (act, exp, m) =>
    check(!deepEqual(act, exp), m, 'expected ' + d(act) + ' to not deeply equal ' + d(exp), exp, act);

  assert.isTrue = (v, m) => check(v === true, m, 'expected ' + d(v) + ' to be true', true, v);
  assert.isNotTrue = (v, m) => check(v !== true, m, 'expected ' + d(v) + ' to not be true', true, v);
  assert.isFalse = (v, m) => check(v === false, m, 'expected ' + d(v) + ' to be false', false, v);
  assert.isNotFalse = (v, m) => check(v !== false, m, 'expected ' + d(v) + ' to not be false', false, v);
  assert.isNull = (v, m) => check(v === null, m, 'expected ' + d(v) + ' to equal null', null, v);
  assert.isNotNull = (v, m) => check(v !== null, m, 'expected ' + d(v) + ' to not equal null', null, v);
  assert.isUndefined = (v, m) => check(v === undefined, m, 'expected ' + d(v) + ' to equal undefined', undefined, v);
  assert.isDefined = (v, m) => check(v !== undefined, m, 'expected ' + d(v) + ' to not equal undefined', undefined, v);
  assert.exists = (v, m) => check(v !== null && v !== undefined, m, 'expected ' + d(v) + ' to exist');
  assert.notExists = (v, m) => check(v === null || v === undefined, m, 'expected ' + d(v) + ' to not exist');
  assert.isNaN = (v, m) => check(typeof v === 'number' && v !== v, m, 'expected ' + d(v) + ' to be NaN');
  assert.isNotNaN = (v, m) => check(!(typeof v === 'number' && v !== v), m, 'expected ' + d(v) + ' not to be NaN');
  assert.isFinite = (v, m) => check(typeof v === 'number' && isFinite(v), m, 'expected ' + d(v) + ' to be a finite number');

  // isArray, isNotArray, isObject, ...: Chai's type names.
  const types = { Array: 'array', Object: 'object', String: 'string', Number: 'number', Boolean: 'boolean', Function: 'function' };
  objectKeys(types).forEach((suffix) => {
    const type = types[suffix];
    const name = article(type) + ' ' + type;
    assert['is' + suffix] = (v, m) => check(typeName(v) === type, m, 'expected ' + d(v) + ' to be ' + name);
    assert['isNot' + suffix] = (v, m) => check(typeName(v) !== type, m, 'expected ' + d(v) + ' not to be ' + name);
  });
  assert.typeOf = (v, type, m) => {
    const want = toText(type).toLowerCase();
    check(typeName(v) === want, m, 'expected ' + d(v) + ' to be ' + article(want) + ' ' + want, want, typeName(v));
  };
  assert.notTypeOf = (v, type, m) => {
    const want = toText(type).toLowerCase();
    check(typeName(v) !== want, m, 'expected ' + d(v) + ' not to be ' + article(want) + ' ' + want, want, typeName(v));
  };
  assert.instanceOf = (v, ctor, m) =>
    check(v instanceof ctor, m, 'expected ' + d(v) + ' to be an instance of ' + ((ctor && ctor.name) || 'the constructor'));
  assert.notInstanceOf = (v, ctor, m) =>
    check(!(v instanceof ctor), m, 'expected ' + d(v) + ' to not be an instance of ' + ((ctor && ctor.name) || 'the constructor'));

  assert.include = (hay, needle, m) => checkIncludes(hay, needle, m, strictSame, false);
  assert.notInclude = (hay, needle, m) => checkIncludes(hay, needle, m, strictSame, true);
  assert.deepInclude = (hay, needle, m) => checkIncludes(hay, needle, m, deepEqual, false);
  assert.notDeepInclude = (hay, needle, m) => checkIncludes(hay, needle, m, deepEqual, true);
  assert.oneOf = (v, list, m) =>
    check(isArray(list) && list.indexOf(v) >= 0, m, 'expected ' + d(v) + ' to be one of ' + d(list));

  assert.match = (v, re, m) => check(re.exec(v) !== null, m, 'expected ' + d(v) + ' to match ' + toText(re));
  assert.notMatch = (v, re, m) => check(re.exec(v) === null, m, 'expected ' + d(v) + ' not to match ' + toText(re));

  assert.lengthOf = (v, n, m) => {
    if (v === null || v === undefined) check(false, m, 'expected ' + d(v) + " to have property 'length'");
    const size = sizeOf(v);
    check(size === n, m, 'expected ' + d(v) + ' to have a length of ' + d(n) + ' but got ' + d(size), n, size);
  };
  assert.isEmpty = (v, m) => {
    const size = typeName(v) === 'object' ? objectKeys(v).length : sizeOf(v);
    check(size === 0, m, 'expected ' + d(v) + ' to be empty');
  };
  assert.isNotEmpty = (v, m) => {
    const size = typeName(v) === 'object' ? objectKeys(v).length : sizeOf(v);
    check(size > 0, m, 'expected ' + d(v) + ' not to be empty');
  };

  const has = (obj, prop) => obj !== null && obj !== undefined && prop in Object(obj);
  assert.property = (obj, prop, m) => check(has(obj, prop), m, 'expected ' + d(obj) + ' to have property ' + d(prop));
  assert.notProperty = (obj, prop, m) => check(!has(obj, prop), m, 'expected ' + d(obj) + ' to not have property ' + d(prop));
  const propertyVal = (same, negate, word) => (obj, prop, val, m) => {
    const present = has(obj, prop);
    const actual = present ? obj[prop] : undefined;
    const ok = present && same(actual, val);
    const text = 'expected ' + d(obj) + (negate ? ' to not have ' : ' to have ') + word + 'property ' + d(prop) +
      ' of ' + d(val) + (negate ? '' : ', but got ' + d(actual));
    check(negate ? !ok : ok, m, text, val, actual);
  };
  assert.propertyVal = propertyVal(strictSame, false, '');
  assert.notPropertyVal = propertyVal(strictSame, true, '');
  assert.deepPropertyVal = propertyVal(deepEqual, false, 'deep ');
  assert.notDeepPropertyVal = propertyVal(deepEqual, true, 'deep ');

  assert.isAbove = (v, n, m) => check(v > n, m, 'expected ' + d(v) + ' to be above ' + d(n), n, v);
  assert.isAtLeast = (v, n, m) => check(v >= n, m, 'expected ' + d(v) + ' to be at least ' + d(n), n, v);
  assert.isBelow = (v, n, m) => check(v < n, m, 'expected ' + d(v) + ' to be below ' + d(n), n, v);
  assert.isAtMost = (v, n, m) => check(v <= n, m, 'expected ' + d(v) + ' to be at most ' + d(n), n, v);
  assert.closeTo = assert.approximately = (v, exp, delta, m) =>
    check(mathAbs(v - exp) <= delta, m, 'expected ' + d(v) + ' to be close to ' + d(exp) + ' +/- ' + d(delta), exp, v);

  assert.sameMembers = (a, b, m) =>
    check(members(a, b, strictSame, true), m, 'expected ' + d(a) + ' to have the same members as ' + d(b), b, a);
  assert.sameDeepMembers = (a, b, m) =>
    check(members(a, b, deepEqual, true), m, 'expected ' + d(a) + ' to have the same members as ' + d(b), b, a);
  assert.includeMembers = (a, b, m) =>
    check(members(a, b, strictSame, false), m, 'expected ' + d(a) + ' to be a superset of ' + d(b), b, a);
  assert.includeDeepMembers = (a, b, m) =>
    check(members(a, b, deepEqual, false), m, 'expected ' + d(a) + ' to be a superset of ' + d(b), b, a);

  // throws(fn, [ErrorType | text | RegExp], [message]).
  assert.throws = assert.throw = assert.Throw = (fn, expected, m) => {
    let thrown;
    let threw = false;
    try {
      fn();
    } catch (e) {
      threw = true;
      thrown = e;
    }
    if (!threw) check(false, m, 'expected ' + d(fn) + ' to throw an error');
    const text = thrown !== null && typeof thrown === 'object' ? toText(thrown.message) : toText(thrown);
    if (typeof expected === 'function') {
      check(thrown instanceof expected, m, 'expected ' + d(fn) + ' to throw ' + (expected.name || 'the given error') + ' but ' + d(thrown) + ' was thrown');
    } else if (typeName(expected) === 'regexp') {
      check(expected.test(text), m, 'expected ' + d(fn) + ' to throw error matching ' + toText(expected) + ' but got ' + d(text));
    } else if (typeof expected === 'string') {
      check(text.indexOf(expected) >= 0, m, 'expected ' + d(fn) + ' to throw error including ' + d(expected) + ' but got ' + d(text));
    } else {
      check(true, m === undefined ? expected : m, 'expected ' + d(fn) + ' to throw an error');
    }
  };
  assert.doesNotThrow = (fn, m) => {
    try {
      fn();
    } catch (e) {
      check(false, typeof m === 'string' ? m : undefined, 'expected ' + d(fn) + ' to not throw an error but ' + d(e) + ' was thrown');
    }
    check(true, typeof m === 'string' ? m : undefined, 'expected ' + d(fn) + ' to not throw an error');
  };

  // Any other member of Chai's assert: say so by name rather than "not a function".
  return new ProxyCtor(assert, {
    get(target, name, receiver) {
      if (typeof name !== 'string' || name in target) return reflectGet(target, name, receiver);
      return () => {
        throw new ErrorCtor('assert.' + name + ' is not available in this runner');
      };
    },
  });
}
