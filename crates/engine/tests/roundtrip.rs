//! A result exports to JSON and reads back unchanged.

use serde_json::json;
use suite_engine::*;

use crate::support::*;

#[test]
fn to_json_and_load_result_round_trip() {
    let suite = suite_of(json!([
        {"step_type": "request", "url": "http://h/a",
         "assertions": [{"source": "response_status", "comparison": "equal_number", "value": "200"},
                        {"source": "response_json", "property": "nope", "comparison": "equal", "value": "x"}],
         "variables": [{"source": "response_json", "property": "id", "name": "id"}]},
        {"step_type": "pause", "duration": 1.5},
        {"step_type": "condition", "left_value": "{{id}}", "comparison": "not_empty", "right_value": "",
         "steps": [{"step_type": "request", "url": "http://down/{{id}}"}]},
        {"step_type": "teleport"}
    ]));
    let result = run_with(
        &suite,
        &Environment::with_variables([("auth", "Bearer t0ken-xyz")]),
        &RunOptions::default(),
        |r| {
            if r.url.contains("down") {
                return Err(RequestFailure::new(
                    FailureKind::Timeout,
                    "no response within 30000 ms",
                ));
            }
            let mut resp = json_response(200, json!({"id": "7"}));
            resp.timings = Some(Timings {
                dns_ms: Some(1.0),
                total_ms: Some(12.5),
                ..Timings::default()
            });
            Ok(resp)
        },
    );
    let text = result.to_json();
    let loaded = load_result(&text).expect("reads back");
    assert_eq!(loaded.to_json(), text);
    assert_eq!(loaded.steps, result.masked().steps);
    assert_eq!(loaded.summary, result.summary);
    assert_eq!(loaded.format_version, 1);
    assert_eq!(loaded.tool.name, "suite-engine");
    assert_eq!(loaded.started_at, "2024-05-13T13:58:51Z");
    assert_eq!(
        loaded.steps[0].response.as_ref().map(|r| r.time_ms),
        Some(12.5)
    );
    assert_eq!(
        loaded.steps[3].failure.as_ref().map(|f| f.kind),
        Some(FailureKind::Timeout)
    );
    assert_eq!(loaded.options, RunOptions::default());
    let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(value["format_version"], 1);
    assert_eq!(
        value["options"]["pause_policy"],
        json!({"policy": "honour"})
    );
    assert_eq!(value["steps"][0]["outcome"], "fail");
}

#[test]
fn load_result_says_what_is_wrong() {
    assert_eq!(
        load_result("{\"format_version\": 3}").map(|_| ()),
        Err(ResultError::UnsupportedVersion { found: 3 })
    );
    assert_eq!(
        load_result("{}").map(|_| ()).map_err(|e| e.to_string()),
        Err("not a result file: format_version is missing".into())
    );
    let err = load_result("{\"format_version\": 1, \"tool\": 3}")
        .map(|_| ())
        .map_err(|e| e.to_string());
    assert!(
        err.as_ref()
            .is_err_and(|e| e.starts_with("not a result file: invalid type: integer `3`")),
        "{err:?}"
    );
    assert!(load_result("nope").is_err());
}

#[test]
fn fields_keep_the_documented_order() {
    let suite = suite_of(json!([{"step_type": "pause", "duration": 0}]));
    let text = run_with(
        &suite,
        &Environment::default(),
        &RunOptions::default(),
        |_| Ok(json_response(200, json!({}))),
    )
    .to_json();
    assert!(
        text.starts_with("{\n  \"format_version\": 1,\n  \"tool\": {"),
        "{text}"
    );
}

#[test]
fn a_demo_target_is_written_and_read_back_and_older_files_mean_a_real_server() {
    let suite = suite_of(json!([{"step_type": "request", "url": "http://h/a"}]));
    let transport = FakeTransport::new(|_: &HttpRequest| Ok(json_response(200, json!({}))));
    let clock = VirtualClock::new();
    let target = Target {
        kind: TargetKind::Demo,
        description: "the in-page demo server".into(),
    };
    let result = futures::executor::block_on(
        Runner::new(&transport, &clock)
            .with_target(target.clone())
            .run(&suite, &Environment::default(), &RunOptions::default()),
    );
    let text = result.to_json();
    assert!(text.contains(r#""kind": "demo""#), "{text}");
    assert_eq!(load_result(&text).expect("reads back").target, target);

    let mut older: serde_json::Value = serde_json::from_str(&text).expect("json");
    older.as_object_mut().expect("object").remove("target");
    let older = load_result(&older.to_string()).expect("a file without target reads");
    assert_eq!(older.target.kind, TargetKind::Server);
}
