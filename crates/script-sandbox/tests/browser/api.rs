//! Runscope's script API: variables, request, response, log, assert, helpers.

use super::okta::groups_response;
use super::*;

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
async fn logs_keep_their_order() {
    let out = run("log('one'); console.log('two', 2); log({a: 1}); console.warn([1, 'x']);").await;
    assert_eq!(out.logs, ["one", "two 2", r#"{"a":1}"#, r#"[1,"x"]"#]);
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
