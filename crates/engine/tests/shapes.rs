//! Export shapes seen in real files: bucket exports, older `data` bodies, empty binary and
//! GraphQL bodies, bytes that are not UTF-8, JSON that is not a test; unsupported features
//! reported once per run.

use serde_json::json;
use suite_engine::*;

use crate::support::*;

#[test]
fn a_bucket_export_loads_every_test_in_order() {
    let text = json!([
        {"name": "first", "steps": [{"step_type": "pause", "duration": 1}]},
        {"name": "second", "steps": []}
    ])
    .to_string();
    let export = load_export(&text).expect("loads");
    assert!(export.is_bucket);
    let names: Vec<&str> = export.tests.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["first", "second"]);
    assert_eq!(export.tests[0].sha256, export.tests[1].sha256);
    let one = load_export(r#"{"name": "solo", "steps": []}"#).expect("loads");
    assert!(!one.is_bucket);
    assert_eq!(one.tests.len(), 1);
    assert_eq!(
        load_suite(r#"[{"name": "only", "steps": []}]"#).map(|s| s.name),
        Ok("only".to_string())
    );
    let err =
        load_export(r#"[{"steps": []}, {"steps": [{"step_type": "pause", "duration": "x"}]}]"#)
            .expect_err("bad duration in the second test");
    assert_eq!(
        err.to_string(),
        "[1].steps[0].duration: expected a number of seconds, found \"x\" (line 1, column 66)"
    );
}

#[test]
fn bytes_that_are_not_utf8_say_so() {
    let err = load_export_bytes(b"\xff\xfe{\x00}\x00").expect_err("UTF-16");
    assert_eq!(
        err.to_string(),
        "the file is not UTF-8 text (it is UTF-16 text; save it as UTF-8; line 1, column 1): a Runscope export is UTF-8 JSON"
    );
    let err =
        load_export_bytes(b"{\"steps\": [],\n\"name\": \"\x00\x01\x9f\"}").expect_err("binary");
    assert!(
        err.to_string()
            .contains("it looks like a binary file, not text; line 2, column 12"),
        "{err}"
    );
    let ok = load_export_bytes("{\"name\": \"café\", \"steps\": []}".as_bytes()).expect("UTF-8");
    assert_eq!(ok.tests[0].name, "café");
}

#[test]
fn empty_binary_and_graphql_bodies_are_none_and_data_objects_are_bodies() {
    let suite = suite_of(json!([
        {"step_type": "request", "method": "GET", "url": "http://h/a",
         "binary_body": [], "graphql_body": {}, "multipart_form": null},
        {"step_type": "request", "method": "POST", "url": "http://h/b", "binary_body": {},
         "body": "", "data": {"userName": "{{user}}", "active": true}, "raw_body": "{}"},
        {"step_type": "request", "method": "POST", "url": "http://h/c",
         "body": "{\"x\":1}", "data": {"x": 2}},
        {"step_type": "request", "method": "POST", "url": "http://h/d", "binary_body": "AAEC"},
        {"step_type": "request", "method": "POST", "url": "http://h/e", "binary_body": [1, 2]}
    ]));
    let transport = FakeTransport::new(|_: &HttpRequest| Ok(json_response(200, json!({}))));
    let clock = VirtualClock::new();
    let env = Environment::with_variables([("user", "ann")]);
    let result = futures::executor::block_on(Runner::new(&transport, &clock).run(
        &suite,
        &env,
        &RunOptions::default(),
    ));
    let sent = transport.sent.borrow();
    assert_eq!(sent[0].body, None);
    assert!(sent[0].headers.is_empty(), "{:?}", sent[0].headers);
    assert_eq!(
        sent[1].body.as_deref(),
        Some(r#"{"active":true,"userName":"ann"}"#)
    );
    assert_eq!(sent[2].body.as_deref(), Some(r#"{"x":1}"#));
    assert!(result.steps.iter().all(|s| s.warnings.is_empty()));
    // One warning for binary bodies, naming the two steps that had one.
    assert_eq!(
        result.warnings,
        [Warning {
            kind: WarningKind::Unsupported,
            subject: Some("binary_body".into()),
            message:
                "binary bodies are not supported; the request was sent without it (steps 4 and 5)"
                    .into(),
        }]
    );
    // What the file wrote is kept.
    let again = load_suite(&serde_json::to_string(&suite).expect("serializes")).expect("loads");
    assert_eq!(again.steps, suite.steps);
}
