//! What a script must not reach: the page, web APIs, and anything of another script.

use super::*;

#[test]
fn the_page_and_its_storage_are_out_of_reach() {
    for name in ["document", "localStorage", "window"] {
        let out = run(&format!(
            "variables.set('seen', {name}.title || 'reached');"
        ));
        let message = thrown(&out);
        assert!(
            message.starts_with(&format!("ReferenceError: {name} is not defined")),
            "{message}"
        );
        assert!(message.contains("scripts run in a sandbox"), "{message}");
        assert!(out.variables_set.is_empty());
    }
    let out = run("btoa('x')");
    assert_eq!(
        thrown(&out),
        "ReferenceError: btoa is not defined (use decode_base64 and encode_base64)"
    );
    let out = run("log(typeof document, typeof localStorage, typeof indexedDB, typeof self);");
    assert_eq!(out.error, None);
    assert_eq!(out.logs, ["undefined undefined undefined undefined"]);
}

#[test]
fn no_web_api_exists_however_it_is_reached() {
    let attempts = [
        (
            "fetch('http://127.0.0.1:9/x')",
            "ReferenceError: fetch is not defined",
        ),
        (
            "new XMLHttpRequest()",
            "ReferenceError: XMLHttpRequest is not defined",
        ),
        (
            "new WebSocket('ws://127.0.0.1:9')",
            "ReferenceError: WebSocket is not defined",
        ),
        (
            "importScripts('http://127.0.0.1:9/x.js')",
            "ReferenceError: importScripts is not defined",
        ),
        (
            "postMessage('forged')",
            "ReferenceError: postMessage is not defined",
        ),
        (
            "setTimeout(() => {}, 0)",
            "ReferenceError: setTimeout is not defined",
        ),
        (
            "self.when('message')",
            "ReferenceError: self is not defined",
        ),
        (
            "navigator.sendBeacon('http://127.0.0.1:9/')",
            "ReferenceError: navigator is not defined",
        ),
        (
            "Function('return this')().fetch('/x')",
            "TypeError: not a function",
        ),
        ("globalThis.fetch('/x')", "TypeError: not a function"),
    ];
    for (source, expected) in attempts {
        let out = run(source);
        let message = thrown(&out);
        assert!(message.starts_with(expected), "{source}: {message}");
    }
    // The global object holds JavaScript's built-ins and the script API, nothing else.
    let out = run(
        "var api = ['variables', 'request', 'response', 'log', 'console', 'assert', 'encode_base64',\n\
           'decode_base64', 'get_secret', 'xml2json'];\n\
         log(Object.getOwnPropertyNames(globalThis).filter(n => !api.includes(n)).sort().join(' '));",
    );
    let globals = out.logs.first().cloned().unwrap_or_default();
    for web in [
        "fetch",
        "Worker",
        "WebAssembly",
        "XMLHttpRequest",
        "importScripts",
        "Intl",
    ] {
        assert!(!globals.split(' ').any(|g| g == web), "{web} in {globals}");
    }
    for builtin in [
        "JSON",
        "Promise",
        "FinalizationRegistry",
        "Iterator",
        "Uint8Array",
    ] {
        assert!(
            globals.split(' ').any(|g| g == builtin),
            "{builtin} not in {globals}"
        );
    }
}

#[test]
fn import_of_any_spelling_loads_nothing() {
    let attempts = [
        "import/**/('http://127.0.0.1:9/c.json', {with: {type: 'json'}})",
        "import\n('http://127.0.0.1:9/c.json')",
        "import<!--\n('http://127.0.0.1:9/c.json')",
        "eval('imp' + 'ort(\"http://127.0.0.1:9/x.js\")')",
        "new Function('return imp' + 'ort(\"http://127.0.0.1:9/x.js\")')()",
    ];
    for source in attempts {
        let wrapped = format!(
            "Promise.resolve().then(() => {source}).then(\n\
               () => log('loaded'), e => log('refused: ' + e));"
        );
        let out = run(&wrapped);
        // quickjs-ng 0.11 does not parse import attributes at all: a SyntaxError then.
        let refused = out.logs.len() == 1 && out.logs[0].starts_with("refused: ");
        let unparsed = matches!(&out.error, Some(ScriptError::Thrown { message }) if message.starts_with("SyntaxError"));
        assert!(refused || unparsed, "{source}: {out:?}");
    }
    let out = run("import x from 'http://127.0.0.1:9/x.js';");
    assert!(thrown(&out).starts_with("SyntaxError"), "{out:?}");
}

#[test]
fn what_a_script_changes_does_not_reach_the_next_one() {
    let meddle = "leaked = 1; JSON.stringify = function () { return '{}'; };\n\
                  Array.prototype.push = function () {}; Object.prototype.get = 1;\n\
                  Object.freeze(Array.prototype);";
    let out = run(meddle);
    assert_eq!(out.error, None);
    let out = run(
        "var a = []; a.push(1); log(typeof leaked, JSON.stringify(a), ({}).get, Object.isFrozen(Array.prototype));\n\
         assert.equal(1, 1);",
    );
    assert_eq!(out.error, None);
    assert_eq!(out.logs, ["undefined [1] undefined false"]);
    assert_eq!(out.assertions.len(), 1);
}

#[test]
fn changed_prototypes_of_iterators_typed_arrays_and_arrays_do_not_persist() {
    let meddle = "Iterator.prototype.map = function () { return 'hijacked' };\n\
                  Object.getPrototypeOf(Uint8Array).prototype.join = function () { return 'hijacked' };\n\
                  Object.setPrototypeOf(Array.prototype, { includes() { return true } });\n\
                  Object.setPrototypeOf(Object.prototype, null);";
    assert_eq!(run(meddle).error, None);
    let out = run(
        "log(typeof [1].values().map(x => x).next, new Uint8Array([1, 2]).join('-'),\n\
             Object.getPrototypeOf(Array.prototype) === Object.prototype, [].includes(1));",
    );
    assert_eq!(out.logs, ["function 1-2 true false"]);
}

#[test]
fn a_script_output_survives_its_own_tampering_with_built_ins() {
    let out = run(
        "log('kept'); assert.isTrue(true, 'kept too'); variables.set('v', 'x');\n\
         Object.prototype.toJSON = () => 'forged'; Array.prototype.toJSON = () => 'forged';\n\
         JSON.stringify = null; Array.prototype.join = null; String.prototype.slice = null;",
    );
    assert_eq!(out.error, None, "{out:?}");
    assert_eq!(out.logs, ["kept"]);
    assert_eq!(out.assertions[0].message, "kept too");
    assert_eq!(variable(&out, "v"), Some("x"));
}

/// One script's leftovers (a queued promise callback, an async loop, a finalizer) run before
/// its own output is taken, or not at all; never in or after the next script.
#[test]
fn queued_work_runs_inside_its_own_script_only() {
    let vars = Variables::new();
    let out = run_input(input(
        ScriptKind::PostResponse,
        "Promise.resolve().then(() => { assert.equal = () => {}; globalThis.leaked = 1; log('later') });\n\
         new FinalizationRegistry(() => { globalThis.leaked = 2 }).register({}, 'gone');\n\
         log('now');",
        &vars,
    ));
    assert_eq!(out.error, None);
    assert_eq!(out.logs, ["now", "later"]);

    let out = run_input(ScriptInput {
        time_limit_ms: 300,
        ..input(
            ScriptKind::PostResponse,
            "(async () => { for (;;) { await null; assert.equal = () => {} } })(); log('looping');",
            &vars,
        )
    });
    assert_eq!(out.error, Some(ScriptError::Timeout { limit_ms: 300 }));
    assert_eq!(out.logs, ["looping"]);

    let out = run_input(input(
        ScriptKind::PostResponse,
        "log(typeof leaked); assert.equal(1, 2, 'must fail');",
        &vars,
    ));
    assert_eq!(out.logs, ["undefined"]);
    assert_eq!(thrown(&out), "must fail: expected 1 to equal 2");
    assert!(!out.assertions[0].passed);
}

#[test]
fn an_assertion_failing_in_a_promise_callback_still_fails() {
    let out = run("Promise.resolve().then(() => assert.equal(response, 1, 'later'));");
    assert_eq!(out.assertions.len(), 1);
    assert!(!out.assertions[0].passed);
}
