//! What a script must not reach: the page, its storage, the network, later scripts.

use super::*;

#[wasm_bindgen_test]
async fn the_page_and_its_storage_are_out_of_reach() {
    let host = host();
    let vars = Variables::new();
    for name in ["document", "localStorage", "window"] {
        let source = format!("variables.set('seen', {name}.title || 'reached');");
        let out = host.run(input(ScriptKind::Initial, &source, &vars)).await;
        let message = thrown(&out);
        assert!(
            message.starts_with(&format!("ReferenceError: {name} is not defined")),
            "{message}"
        );
        assert!(message.contains("apart from the page"), "{message}");
        assert!(out.variables_set.is_empty());
    }
    let out = host
        .run(input(
            ScriptKind::Initial,
            "log(typeof document, typeof localStorage, typeof indexedDB);",
            &vars,
        ))
        .await;
    assert_eq!(out.error, None);
    assert_eq!(out.logs, ["undefined undefined function"]);
}

#[wasm_bindgen_test]
async fn the_network_is_refused() {
    let host = host();
    let vars = Variables::new();
    let attempts = [
        (
            "fetch('http://127.0.0.1:9/x')",
            "fetch is not available to scripts",
        ),
        (
            "new XMLHttpRequest()",
            "XMLHttpRequest is not available to scripts",
        ),
        (
            "new WebSocket('ws://127.0.0.1:9')",
            "WebSocket is not available",
        ),
        (
            "importScripts('http://127.0.0.1:9/x.js')",
            "importScripts is not available",
        ),
        (
            "self.fetch('http://127.0.0.1:9/x')",
            "fetch is not available",
        ),
        (
            "Function('return this')().fetch('/x')",
            "fetch is not available",
        ),
        ("postMessage('forged')", "postMessage is not available"),
        (
            "import('http://127.0.0.1:9/x.js')",
            "import() is not available",
        ),
        (
            "eval('imp' + 'ort(\"http://127.0.0.1:9/x.js\")')",
            "import() is not available",
        ),
        ("new navigator.constructor()", "navigator is not defined"),
    ];
    for (source, expected) in attempts {
        let out = host.run(input(ScriptKind::Initial, source, &vars)).await;
        let message = thrown(&out);
        assert!(message.contains(expected), "{source}: {message}");
    }
}

#[wasm_bindgen_test]
async fn what_a_script_changes_does_not_reach_the_next_one() {
    let host = host();
    let vars = Variables::new();
    let meddle = "leaked = 1; JSON.stringify = function () { return '{}'; };\n\
                  Array.prototype.push = function () {}; Object.prototype.get = 1;";
    let out = host.run(input(ScriptKind::Initial, meddle, &vars)).await;
    assert_eq!(out.error, None);
    let out = host
        .run(input(
            ScriptKind::Initial,
            "var a = []; a.push(1); log(typeof leaked, JSON.stringify(a), ({}).get);\n\
             assert.equal(1, 1);",
            &vars,
        ))
        .await;
    assert_eq!(out.error, None);
    assert_eq!(out.logs, ["undefined [1] undefined"]);
    assert_eq!(out.assertions.len(), 1);

    // A script that freezes a built-in leaves a worker that is replaced, not reused.
    let out = host
        .run(input(
            ScriptKind::Initial,
            "Object.freeze(Array.prototype); log('frozen');",
            &vars,
        ))
        .await;
    assert_eq!(out.logs, ["frozen"]);
    let out = host
        .run(input(
            ScriptKind::Initial,
            "Array.prototype.extra = 1; log(Object.isFrozen(Array.prototype));",
            &vars,
        ))
        .await;
    assert_eq!(out.logs, ["false"]);
}
