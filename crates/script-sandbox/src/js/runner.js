// The worker's main: lock the global scope down once, then run one script per message and
// answer with one JSON text.

const LIMIT = 10000;

// Appends a record, keeping at most LIMIT per list.
function keep(list, item, what) {
  if (list.length < LIMIT) append(list, item);
  else if (list.length === LIMIT && typeof item === 'string') append(list, '… more ' + what + ' dropped');
}

function errorText(error) {
  try {
    if (error instanceof AssertionError) return toText(error.message);
    if (error !== null && typeof error === 'object' && typeof error.message === 'string') {
      const name = typeof error.name === 'string' ? error.name : 'Error';
      let text = name + ': ' + error.message;
      if (name === 'ReferenceError' && matches(/^(document|window|localStorage|sessionStorage|navigator|location)\b/, error.message)) {
        text += ' (scripts run in a sandbox, apart from the page)';
      }
      if (name === 'EvalError') text += " (the page's Content Security Policy must allow 'unsafe-eval')";
      return text;
    }
    return plain(error);
  } catch (e) {
    return 'the script threw a value that cannot be shown';
  }
}

// The globals one script sees, writing what it does into `out`.
function scriptApi(job, out) {
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
      apply(mapSet, store, [key, text]);
      keep(out.variables_set, { name: key, value: text }, 'variables');
    },
  };
  const log = function (...values) {
    let line = '';
    for (let i = 0; i < values.length; i++) line += (i > 0 ? ' ' : '') + plain(values[i]);
    keep(out.logs, line, 'log lines');
  };
  const record = (passed, message, expected, actual) =>
    keep(out.assertions, { passed, message, expected, actual }, 'assertions');
  const api = {
    variables,
    request: job.request ? requestObject(job.request) : undefined,
    response: job.response ? responseObject(job.response) : undefined,
    log,
    console: { log, info: log, debug: log, warn: log, error: log, trace: log },
    assert: makeAssert(record),
    encode_base64: encodeBase64,
    decode_base64: decodeBase64,
    get_secret(name) {
      const value = variables.get(name);
      if (value === undefined) throw new ErrorCtor('get_secret: no variable named ' + toText(name) + '; secrets are variables in this runner');
      return value;
    },
  };
  for (let i = 0; i < MISSING_LIBRARIES.length; i++) {
    api[MISSING_LIBRARIES[i][0]] = missingLibrary(MISSING_LIBRARIES[i][0], MISSING_LIBRARIES[i][1]);
  }
  return api;
}

function runJob(job, shots) {
  const out = { id: job.id, variables_set: [], request: null, logs: [], assertions: [], thrown: null, tainted: false };
  const api = scriptApi(job, out);
  // As globals, not parameters: a script may declare its own `log` or `request` with let.
  const names = objectKeys(api);
  for (let i = 0; i < names.length; i++) {
    defineProperty(G, names[i], { value: api[names[i]], writable: true, configurable: true });
  }
  try {
    refuseImport(job.source);
    const script = new FunctionCtor(toText(job.source));
    apply(script, undefined, []);
  } catch (error) {
    out.thrown = errorText(error);
  }
  if (job.kind === 'pre_request') {
    try {
      // Read through the global: a script may have assigned a whole new request.
      out.request = requestPairs(G.request);
    } catch (error) {
      if (out.thrown === null) out.thrown = 'the changed request could not be read: ' + errorText(error);
    }
  }
  out.tainted = !resetRealm(shots);
  return out;
}

function answer(job, shots) {
  try {
    return stringify(runJob(job, shots));
  } catch (error) {
    const fallback = { id: job.id, thrown: 'the script result could not be sent: ' + errorText(error), tainted: true };
    return stringify(fallback);
  }
}

lockDown();
const SHOTS = (function () {
  const objects = trackedObjects();
  const shots = [];
  for (let i = 0; i < objects.length; i++) append(shots, snapshot(objects[i]));
  return shots;
})();

listen('message', function (event) {
  let job;
  try {
    job = parseJson(toText(event.data));
  } catch (error) {
    return;
  }
  post(answer(job, SHOTS));
});
