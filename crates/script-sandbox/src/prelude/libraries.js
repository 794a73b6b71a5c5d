// Runscope's helper libraries, set up after the host has evaluated the files a script needs
// (src/libraries.rs): each file defines its globals on the global object, as in a browser.
// Chai's expect and should record every assertion as the prelude's assert does; Marked is
// callable, as Runscope's older Marked was; a library Runscope has and this runner lacks is
// a global that names it when touched.

// Chai's AssertionError, once Chai is loaded: such an error reads as its message alone.
let ChaiAssertionError = null;

function isAssertionError(error) {
  return error instanceof AssertionError || (ChaiAssertionError !== null && error instanceof ChaiAssertionError);
}

// A library Runscope includes and this runner does not: any use names it.
function missingLibrary(global, library) {
  const refuse = () => {
    throw new ErrorCtor(global + ' (' + library + ') is not available in this runner');
  };
  return new ProxyCtor(function () {}, { get: refuse, set: refuse, apply: refuse, construct: refuse });
}

// The value a library file left on the global object; an error when it left none.
function loadedGlobal(name, library) {
  const value = reflectGet(G, name);
  if (value === undefined || value === null) throw new ErrorCtor(library + ' did not define ' + name);
  return value;
}

// Chai's expect and should, recording each assertion. Chai's own checks inside an assertion
// (new Assertion(…, true), "lockSsfi") are recorded only when they fail, since the failure
// ends the assertion the script wrote.
function adoptChai(api, named) {
  const chai = loadedGlobal('chai', 'Chai');
  const util = chai.util;
  ChaiAssertionError = chai.AssertionError;
  const proto = chai.Assertion.prototype;
  const chaiAssert = proto.assert;
  proto.assert = function () {
    const internal = util.flag(this, 'lockSsfi') === true;
    try {
      apply(chaiAssert, this, arguments);
    } catch (e) {
      if (e instanceof ChaiAssertionError) {
        const diff = e.showDiff === true;
        keepAssertion(false, toText(e.message), diff ? show(e.expected) : null, diff ? show(e.actual) : null);
      }
      throw e;
    }
    if (!internal) keepAssertion(true, toText(util.getMessage(this, arguments)), null, null);
  };
  api.chai = chai;
  api.expect = chai.expect;
  // Only for a script that names it: should is a getter on every object's prototype.
  if (named.indexOf('should') >= 0) api.should = chai.should();
}

// The globals of the libraries the host loaded for this script (job.libraries), and of
// those this runner lacks (job.missing_libraries), added to the script's API.
function adoptLibraries(api) {
  const loaded = isArray(job.libraries) ? job.libraries : [];
  const named = isArray(job.library_globals) ? job.library_globals : [];
  if (loaded.indexOf('chai') >= 0) adoptChai(api, named);
  if (loaded.indexOf('marked') >= 0) {
    const marked = loadedGlobal('marked', 'Marked');
    api.marked = typeof marked.marked === 'function' ? marked.marked : marked;
  }
  if (loaded.indexOf('underscore') >= 0) loadedGlobal('_', 'Underscore.js');
  if (loaded.indexOf('moment') >= 0) loadedGlobal('moment', 'Moment.js');
  if (loaded.indexOf('crypto-js') >= 0) loadedGlobal('CryptoJS', 'CryptoJS');
  if (loaded.indexOf('tv4') >= 0) loadedGlobal('tv4', 'tv4');
  const missing = isArray(job.missing_libraries) ? job.missing_libraries : [];
  for (let i = 0; i < missing.length; i++) {
    api[toText(missing[i][0])] = missingLibrary(toText(missing[i][0]), toText(missing[i][1]));
  }
}
