//! The sandbox in headless Chromium: `cargo test -p script-sandbox --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use script_sandbox::WorkerScriptHost;
use suite_engine::{
    ScriptError, ScriptHost, ScriptInput, ScriptKind, ScriptOutput, ScriptRequest, ScriptResponse,
    Variables,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const OKTA_INITIAL_SCRIPT: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/okta/Initial_Script_Spec.txt"
));
const OKTA_SUITE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/okta/Okta-SCIM-20-SPEC-Test.json"
));

fn host() -> WorkerScriptHost {
    WorkerScriptHost::new().expect("workers start in Chromium")
}

fn input<'a>(kind: ScriptKind, source: &'a str, variables: &'a Variables) -> ScriptInput<'a> {
    ScriptInput {
        kind,
        source,
        variables,
        request: None,
        response: None,
        time_limit_ms: 2_000,
    }
}

async fn run(source: &str) -> ScriptOutput {
    host()
        .run(input(ScriptKind::Initial, source, &Variables::new()))
        .await
}

fn thrown(out: &ScriptOutput) -> &str {
    match &out.error {
        Some(ScriptError::Thrown { message }) => message,
        other => panic!("expected a thrown error, got {other:?}"),
    }
}

fn variable<'a>(out: &'a ScriptOutput, name: &str) -> Option<&'a str> {
    out.variables_set
        .iter()
        .rev()
        .find(|v| v.name == name)
        .map(|v| v.value.as_str())
}

/// The Groups step's post-response script, from Okta's suite file.
fn okta_groups_script() -> String {
    let suite: serde_json::Value = serde_json::from_str(OKTA_SUITE).expect("Okta's suite is JSON");
    let steps = suite["steps"].as_array().expect("steps");
    steps
        .iter()
        .flat_map(|s| s["scripts"].as_array().into_iter().flatten())
        .filter_map(|s| s.as_str())
        .find(|s| s.contains("Resources"))
        .expect("a script about Groups")
        .to_string()
}

fn groups_response(body: &str) -> ScriptResponse {
    ScriptResponse {
        status: 200,
        reason: "OK".into(),
        headers: vec![("Content-Type".into(), vec!["application/scim+json".into()])],
        body: body.into(),
        response_time_ms: 12.0,
        size_bytes: body.len() as u64,
    }
}

#[wasm_bindgen_test]
async fn okta_initial_script_sets_the_random_user() {
    let out = run(OKTA_INITIAL_SCRIPT).await;
    assert_eq!(out.error, None);
    let email = variable(&out, "randomEmail").expect("randomEmail");
    assert!(
        email.starts_with("Runscope") && email.ends_with("@atko.com"),
        "{email}"
    );
    assert_eq!(variable(&out, "randomUsername"), Some(email));
    assert_eq!(
        variable(&out, "randomUsernameCaps"),
        Some(email.to_uppercase().as_str())
    );
    assert!(variable(&out, "randomGivenName").is_some());
    assert!(variable(&out, "randomFamilyName").is_some());
    assert_eq!(
        variable(&out, "InvalidUserEmail"),
        Some("abcdefgh@atko.com")
    );
    assert_eq!(
        variable(&out, "UserIdThatDoesNotExist"),
        Some("010101001010101011001010101011")
    );
}

#[wasm_bindgen_test]
async fn okta_groups_script_passes_on_a_list_of_groups() {
    let script = okta_groups_script();
    let vars = Variables::new();
    let response = groups_response(
        r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,
            "Resources":[{"id":"g1","displayName":"Admins"}]}"#,
    );
    let out = host()
        .run(ScriptInput {
            response: Some(&response),
            ..input(ScriptKind::PostResponse, &script, &vars)
        })
        .await;
    assert_eq!(out.error, None);
    assert_eq!(out.assertions.len(), 1);
    assert!(out.assertions[0].passed);
    assert_eq!(out.assertions[0].message, "Resources is of type Array");
    assert_eq!(out.logs, ["true"]);
}

#[wasm_bindgen_test]
async fn okta_groups_script_fails_on_a_body_that_is_not_json() {
    let script = okta_groups_script();
    let vars = Variables::new();
    let response = groups_response("<html>Service Unavailable</html>");
    let out = host()
        .run(ScriptInput {
            response: Some(&response),
            ..input(ScriptKind::PostResponse, &script, &vars)
        })
        .await;
    assert!(thrown(&out).starts_with("SyntaxError"), "{out:?}");
    assert!(out.assertions.is_empty());
}

#[wasm_bindgen_test]
async fn a_thrown_error_is_reported_with_its_message() {
    let out = run("log('before'); throw new Error('no such user');").await;
    assert_eq!(thrown(&out), "Error: no such user");
    assert_eq!(out.logs, ["before"]);
}

#[wasm_bindgen_test]
async fn a_syntax_error_is_reported() {
    let out = run("var x = ;").await;
    assert!(thrown(&out).starts_with("SyntaxError"), "{out:?}");
}

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
async fn variables_are_read_and_set_as_text() {
    let vars: Variables = [("base", "http://h/scim")].into_iter().collect();
    let out = host()
        .run(input(
            ScriptKind::Initial,
            "variables.set('url', variables.get('base') + '/Users');\n\
             variables.set('n', 42); variables.set('obj', {a: [1]});\n\
             log(variables.get('n'), variables.get('missing'));",
            &vars,
        ))
        .await;
    assert_eq!(out.error, None);
    assert_eq!(variable(&out, "url"), Some("http://h/scim/Users"));
    assert_eq!(variable(&out, "n"), Some("42"));
    assert_eq!(variable(&out, "obj"), Some(r#"{"a":[1]}"#));
    assert_eq!(out.logs, ["42 undefined"]);
}

#[wasm_bindgen_test]
async fn a_pre_request_script_adds_a_header() {
    let vars = Variables::new();
    let request = ScriptRequest {
        method: "GET".into(),
        url: "http://h/scim/v2/Users".into(),
        scheme: "http".into(),
        host: "h".into(),
        path: "/scim/v2/Users".into(),
        headers: vec![("Accept".into(), vec!["application/scim+json".into()])],
        ..ScriptRequest::default()
    };
    let source = "request.headers['X-Trace'] = request.scheme + ' - ' + request.path;\n\
                  request.params['count'] = 5;";
    let out = host()
        .run(ScriptInput {
            request: Some(&request),
            ..input(ScriptKind::PreRequest, source, &vars)
        })
        .await;
    assert_eq!(out.error, None);
    let changed = out.request.expect("the changed request");
    assert_eq!(
        changed.headers,
        [
            (
                "Accept".to_string(),
                vec!["application/scim+json".to_string()]
            ),
            (
                "X-Trace".to_string(),
                vec!["http - /scim/v2/Users".to_string()]
            ),
        ]
    );
    assert_eq!(
        changed.params,
        [("count".to_string(), vec!["5".to_string()])]
    );

    let out = host()
        .run(ScriptInput {
            request: Some(&request),
            ..input(ScriptKind::PreRequest, "log(request.method);", &vars)
        })
        .await;
    assert_eq!((out.request, out.logs), (None, vec!["GET".to_string()]));
}

#[wasm_bindgen_test]
async fn a_failing_assert_equal_has_message_expected_and_actual() {
    let out = run("assert.equal(1, 1); assert.equal(1, 2, 'msg'); log('not reached');").await;
    assert_eq!(out.assertions.len(), 2);
    let (passed, failed) = (&out.assertions[0], &out.assertions[1]);
    assert!(passed.passed);
    assert_eq!(passed.message, "expected 1 to equal 1");
    assert!(!failed.passed);
    assert_eq!(failed.message, "msg: expected 1 to equal 2");
    assert_eq!(failed.expected.as_deref(), Some("2"));
    assert_eq!(failed.actual.as_deref(), Some("1"));
    assert_eq!(thrown(&out), "msg: expected 1 to equal 2");
    assert!(out.logs.is_empty());
}

#[wasm_bindgen_test]
async fn chai_assertions_pass_and_fail_as_chai_does() {
    let passing = r#"
        assert(true, 'plain'); assert.ok(1); assert.notOk(0); assert.notEqual(1, 2);
        assert.strictEqual('a', 'a'); assert.notStrictEqual(1, '1');
        assert.deepEqual({a: [1, {b: 2}]}, {a: [1, {b: 2}]}); assert.notDeepEqual({a: 1}, {a: 2});
        assert.isTrue(true); assert.isFalse(false); assert.isNull(null); assert.isNotNull(0);
        assert.isUndefined(undefined); assert.isDefined(null); assert.isArray([]);
        assert.isObject({}); assert.isString(''); assert.isNumber(1); assert.isBoolean(false);
        assert.typeOf([], 'array'); assert.include('abc', 'b'); assert.include([1, 2], 2);
        assert.include({a: 1, b: 2}, {a: 1}); assert.notInclude([1], 3); assert.match('abc', /b/);
        assert.lengthOf([1, 2], 2); assert.lengthOf('abc', 3); assert.property({a: 1}, 'a');
        assert.isAbove(2, 1); assert.sameMembers([1, 2], [2, 1]); assert.equal(3, '3');
    "#;
    let out = run(passing).await;
    assert_eq!(
        out.error,
        None,
        "{:?}",
        out.assertions.iter().find(|a| !a.passed)
    );
    assert_eq!(out.assertions.len(), 31);
    assert!(out.assertions.iter().all(|a| a.passed));

    let failures = [
        ("assert(false, 'custom')", "custom"),
        ("assert.ok('')", "expected '' to be truthy"),
        ("assert.strictEqual(1, '1')", "expected 1 to equal '1'"),
        (
            "assert.deepEqual({a: 1}, {a: 2})",
            "expected { a: 1 } to deeply equal { a: 2 }",
        ),
        ("assert.isNull(1, 'id')", "id: expected 1 to equal null"),
        ("assert.isArray('x')", "expected 'x' to be an array"),
        ("assert.isObject([])", "expected [] to be an object"),
        ("assert.typeOf(1, 'string')", "expected 1 to be a string"),
        (
            "assert.include([1, 2], 3)",
            "expected [ 1, 2 ] to include 3",
        ),
        (
            "assert.notInclude('abc', 'b')",
            "expected 'abc' to not include 'b'",
        ),
        ("assert.match('abc', /x/)", "expected 'abc' to match /x/"),
        (
            "assert.lengthOf([1], 2)",
            "expected [ 1 ] to have a length of 2 but got 1",
        ),
        (
            "assert.property({a: 1}, 'b')",
            "expected { a: 1 } to have property 'b'",
        ),
        ("assert.fail('stop here')", "stop here"),
        (
            "assert.isDefined(undefined)",
            "expected undefined to not equal undefined",
        ),
        (
            "assert.closeEnough(1, 2)",
            "Error: assert.closeEnough is not available in this runner",
        ),
    ];
    let host = host();
    let vars = Variables::new();
    for (source, message) in failures {
        let out = host.run(input(ScriptKind::Initial, source, &vars)).await;
        assert_eq!(thrown(&out), message, "{source}");
        if !message.starts_with("Error:") {
            assert_eq!(out.assertions.len(), 1, "{source}");
            assert!(!out.assertions[0].passed);
            assert_eq!(out.assertions[0].message, message);
        }
    }
}

#[wasm_bindgen_test]
async fn an_endless_script_times_out_and_the_next_one_runs() {
    let host = host();
    let vars = Variables::new();
    let started = js_sys::Date::now();
    let out = host
        .run(ScriptInput {
            time_limit_ms: 500,
            ..input(ScriptKind::Initial, "while (true) {}", &vars)
        })
        .await;
    let took = js_sys::Date::now() - started;
    assert_eq!(out.error, Some(ScriptError::Timeout { limit_ms: 500 }));
    assert!((500.0..1_500.0).contains(&took), "took {took} ms");

    let out = host
        .run(input(
            ScriptKind::Initial,
            "variables.set('after', 'yes');",
            &vars,
        ))
        .await;
    assert_eq!(out.error, None);
    assert_eq!(variable(&out, "after"), Some("yes"));
}

#[wasm_bindgen_test]
async fn logs_keep_their_order() {
    let out = run("log('one'); console.log('two', 2); log({a: 1}); console.warn([1, 'x']);").await;
    assert_eq!(out.logs, ["one", "two 2", r#"{"a":1}"#, r#"[1,"x"]"#]);
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

#[wasm_bindgen_test]
async fn helpers_encode_base64_and_name_missing_libraries() {
    let out = run(
        "log(encode_base64('user:pässword'), decode_base64(encode_base64('héllo')));\n\
         log(decode_base64('aGk'));",
    )
    .await;
    assert_eq!(out.error, None);
    assert_eq!(out.logs, ["dXNlcjpww6Rzc3dvcmQ= héllo", "hi"]);
    let out = run("moment().format()").await;
    assert_eq!(
        thrown(&out),
        "Error: moment (Moment.js) is not available in this runner"
    );
}

#[wasm_bindgen_test]
async fn the_response_is_read_only_and_has_runscope_fields() {
    let vars = Variables::new();
    let response = groups_response("{}");
    let source = "response.status = 500; response.headers['X'] = ['y'];\n\
                  log(response.status, response.reason, response.headers['Content-Type'][0],\n\
                      response.response_time_ms, response.size_bytes, response.headers.X);";
    let out = host()
        .run(ScriptInput {
            response: Some(&response),
            ..input(ScriptKind::PostResponse, source, &vars)
        })
        .await;
    assert_eq!(out.error, None);
    assert_eq!(out.logs, ["200 OK application/scim+json 12 2 undefined"]);
}

/// Resolves after `ms` milliseconds.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let window = web_sys::window().expect("a window");
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("a timer");
    });
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .expect("the timer fires");
}

#[wasm_bindgen_test]
async fn a_cancelled_script_is_stopped_and_the_next_one_runs() {
    use futures::future::{select, Either};
    let host = host();
    let vars = Variables::new();
    let endless = host.run(ScriptInput {
        time_limit_ms: 60_000,
        ..input(ScriptKind::Initial, "while (true) {}", &vars)
    });
    // The engine cancels a run by dropping the script's future.
    match select(Box::pin(endless), Box::pin(sleep(100))).await {
        Either::Left(_) => panic!("an endless script finished"),
        Either::Right(_) => {}
    }
    let started = js_sys::Date::now();
    let out = host
        .run(input(ScriptKind::Initial, "log('next');", &vars))
        .await;
    assert_eq!(out.logs, ["next"]);
    assert!(js_sys::Date::now() - started < 1_000.0);
}

#[wasm_bindgen_test]
async fn two_scripts_at_once_each_get_a_worker() {
    let host = host();
    let vars = Variables::new();
    let slow = "var end = Date.now() + 200; while (Date.now() < end) {} log('slow');";
    let (a, b) = futures::join!(
        host.run(input(ScriptKind::Initial, slow, &vars)),
        host.run(input(ScriptKind::Initial, "log('quick');", &vars)),
    );
    assert_eq!(
        (a.logs, b.logs),
        (vec!["slow".to_string()], vec!["quick".to_string()])
    );
}
