//! Runscope's script API: variables, request, response, log, helpers.

use suite_engine::ScriptRequest;

use super::okta::groups_response;
use super::*;

#[test]
fn a_thrown_error_is_reported_with_its_message() {
    let out = run("log('before'); throw new Error('no such user');");
    assert_eq!(thrown(&out), "Error: no such user");
    assert_eq!(out.logs, ["before"]);
}

#[test]
fn a_syntax_error_is_reported() {
    let out = run("var x = ;");
    assert!(thrown(&out).starts_with("SyntaxError"), "{out:?}");
}

#[test]
fn variables_are_read_and_set_as_text() {
    let vars: Variables = [("base", "http://h/scim")].into_iter().collect();
    let out = run_input(input(
        ScriptKind::Initial,
        "variables.set('url', variables.get('base') + '/Users');\n\
         variables.set('n', 42); variables.set('obj', {a: [1]});\n\
         log(variables.get('n'), variables.get('missing'));",
        &vars,
    ));
    assert_eq!(out.error, None);
    assert_eq!(variable(&out, "url"), Some("http://h/scim/Users"));
    assert_eq!(variable(&out, "n"), Some("42"));
    assert_eq!(variable(&out, "obj"), Some(r#"{"a":[1]}"#));
    assert_eq!(out.logs, ["42 undefined"]);
}

fn users_request() -> ScriptRequest {
    ScriptRequest {
        method: "GET".into(),
        url: "http://h/scim/v2/Users".into(),
        scheme: "http".into(),
        host: "h".into(),
        path: "/scim/v2/Users".into(),
        headers: vec![("Accept".into(), vec!["application/scim+json".into()])],
        ..ScriptRequest::default()
    }
}

#[test]
fn a_pre_request_script_adds_a_header() {
    let vars = Variables::new();
    let request = users_request();
    let source = "request.headers['X-Trace'] = request.scheme + ' - ' + request.path;\n\
                  request.params['count'] = 5;";
    let out = run_input(ScriptInput {
        request: Some(&request),
        ..input(ScriptKind::PreRequest, source, &vars)
    });
    assert_eq!(out.error, None);
    let changed = out.request.expect("the changed request");
    let pair = |name: &str, value: &str| (name.to_string(), vec![value.to_string()]);
    assert_eq!(
        changed.headers,
        [
            pair("Accept", "application/scim+json"),
            pair("X-Trace", "http - /scim/v2/Users")
        ]
    );
    assert_eq!(changed.params, [pair("count", "5")]);

    let out = run_input(ScriptInput {
        request: Some(&request),
        ..input(ScriptKind::PreRequest, "log(request.method);", &vars)
    });
    assert_eq!((out.request, out.logs), (None, vec!["GET".to_string()]));
}

#[test]
fn a_pre_request_script_may_replace_the_whole_request() {
    let vars = Variables::new();
    let request = users_request();
    let source = "request = {method: 'POST', url: 'http://h/scim/v2/Groups', headers: {A: ['1', 2]}, body: {x: 1}};";
    let out = run_input(ScriptInput {
        request: Some(&request),
        ..input(ScriptKind::PreRequest, source, &vars)
    });
    let changed = out.request.expect("the new request");
    assert_eq!(
        (
            changed.method.as_str(),
            changed.url.as_str(),
            changed.body.as_str()
        ),
        ("POST", "http://h/scim/v2/Groups", r#"{"x":1}"#)
    );
    assert_eq!(
        changed.headers,
        [("A".to_string(), vec!["1".to_string(), "2".to_string()])]
    );
}

#[test]
fn logs_keep_their_order() {
    let out = run("log('one'); console.log('two', 2); log({a: 1}); console.warn([1, 'x']);");
    assert_eq!(out.logs, ["one", "two 2", r#"{"a":1}"#, r#"[1,"x"]"#]);
}

#[test]
fn helpers_encode_base64_and_name_missing_libraries() {
    let out = run(
        "log(encode_base64('user:pässword'), decode_base64(encode_base64('héllo')));\n\
         log(decode_base64('aGk'));",
    );
    assert_eq!(out.error, None);
    assert_eq!(out.logs, ["dXNlcjpww6Rzc3dvcmQ= héllo", "hi"]);
    for (name, library) in [
        ("xml2json.toJson('<a/>')", "xml2json (xml2json)"),
        ("xml2json('<a/>')", "xml2json (xml2json)"),
    ] {
        let out = run(name);
        assert_eq!(
            thrown(&out),
            format!("Error: {library} is not available in this runner")
        );
    }
}

#[test]
fn base64_covers_every_byte_length_unicode_and_url_safe_input() {
    let out = run(
        "log(encode_base64(''), encode_base64('a'), encode_base64('ab'), encode_base64('abc'));\n\
         log(encode_base64('😀'), decode_base64('8J+YgA'), decode_base64('8J-YgA=='));\n\
         log(encode_base64(42), decode_base64(' aGk\\n '), decode_base64('/w'));\n\
         log(encode_base64('\\ud800'));",
    );
    assert_eq!(out.error, None, "{out:?}");
    assert_eq!(
        out.logs,
        [
            " YQ== YWI= YWJj",
            "8J+YgA== 😀 😀",
            "NDI= hi \u{fffd}",
            "77+9"
        ]
    );
    let out = run("decode_base64('a')");
    assert_eq!(thrown(&out), "Error: decode_base64: the text is not base64");
    let out = run("decode_base64('a$b=')");
    assert_eq!(thrown(&out), "Error: decode_base64: the text is not base64");
}

#[test]
fn get_secret_reads_a_variable_and_names_a_missing_one() {
    let vars: Variables = [("auth", "Bearer t")].into_iter().collect();
    let out = run_input(input(
        ScriptKind::Initial,
        "log(get_secret('auth').length); get_secret('nope')",
        &vars,
    ));
    assert_eq!(out.logs, ["8"]);
    assert_eq!(
        thrown(&out),
        "Error: get_secret: no variable named nope; secrets are variables in this runner"
    );
}

#[test]
fn the_response_is_read_only_and_has_runscope_fields() {
    let vars = Variables::new();
    let response = groups_response("{}");
    let source = "response.status = 500; response.headers['X'] = ['y'];\n\
                  log(response.status, response.reason, response.headers['Content-Type'][0],\n\
                      response.response_time_ms, response.size_bytes, response.headers.X);";
    let out = run_input(ScriptInput {
        response: Some(&response),
        ..input(ScriptKind::PostResponse, source, &vars)
    });
    assert_eq!(out.error, None);
    assert_eq!(out.logs, ["200 OK application/scim+json 12 2 undefined"]);
}

#[test]
fn a_script_may_declare_its_own_log_and_request() {
    let out = run("let log = 1; var request = 2; function assert() {} variables.set('x', String(log + request));");
    assert_eq!(out.error, None, "{out:?}");
    assert_eq!(variable(&out, "x"), Some("3"));
}
