//! The summary a result carries: requests apart from pauses, Okta's required and optional
//! tests, step numbers as people read them.

use serde_json::{json, Value};
use suite_engine::*;

use crate::support::*;

fn status(code: u16) -> Value {
    json!([{"source": "response_status", "comparison": "equal_number", "value": code}])
}

fn okta_like() -> Suite {
    suite_of(json!([
        {"step_type": "request", "url": "http://h/ok", "note": "Required Test: first", "assertions": status(200)},
        {"step_type": "pause", "duration": 5},
        {"step_type": "request", "url": "http://h/ok", "note": "Required Test: second", "assertions": status(201)},
        {"step_type": "pause", "duration": 10},
        {"step_type": "request", "url": "http://h/ok", "note": "Optional Test: groups", "assertions": status(200)},
        {"step_type": "request", "url": "http://h/ok", "note": "Untitled"}
    ]))
}

fn run_with(policy: PausePolicy) -> RunResult {
    let transport = FakeTransport::new(|_: &HttpRequest| Ok(json_response(200, json!({}))));
    let clock = VirtualClock::new();
    let options = RunOptions {
        pause_policy: policy,
        ..RunOptions::default()
    };
    futures::executor::block_on(Runner::new(&transport, &clock).run(
        &okta_like(),
        &Environment::default(),
        &options,
    ))
}

#[test]
fn requests_are_counted_apart_from_pauses() {
    let summary = run_with(PausePolicy::Skip).summary;
    assert_eq!(summary.steps.total, 6);
    assert_eq!(
        (
            summary.requests.total,
            summary.requests.passed,
            summary.requests.failed
        ),
        (4, 3, 1)
    );
    assert_eq!(summary.requests.ran(), 4);
    assert_eq!(summary.pauses.total, 2);
    assert_eq!(
        (summary.pauses.skipped, summary.pauses.skipped_ms),
        (2, 15_000.0)
    );
    assert_eq!(summary.pauses.waited, 0);
}

#[test]
fn waited_pauses_are_waits_not_passes() {
    let summary = run_with(PausePolicy::CapAt { seconds: 1.0 }).summary;
    assert_eq!(summary.requests.passed, 3);
    assert_eq!(
        (summary.pauses.waited, summary.pauses.waited_ms),
        (2, 2_000.0)
    );
    assert_eq!(summary.pauses.skipped, 0);
}

#[test]
fn required_and_optional_tests_by_their_notes() {
    let result = run_with(PausePolicy::Skip);
    let required = result
        .summary
        .required
        .expect("the suite marks required tests");
    assert_eq!(
        (required.total, required.passed, required.failed),
        (2, 1, 1)
    );
    let optional = result.summary.optional.expect("and optional ones");
    assert_eq!((optional.total, optional.passed), (1, 1));
    assert_eq!(result.steps[0].importance, Some(Importance::Required));
    assert_eq!(result.steps[5].importance, None);
}

#[test]
fn a_suite_without_marks_has_no_required_counts() {
    let suite = suite_of(json!([{"step_type": "request", "url": "http://h/"}]));
    let transport = FakeTransport::new(|_: &HttpRequest| Ok(json_response(200, json!({}))));
    let result = futures::executor::block_on(Runner::new(&transport, &VirtualClock::new()).run(
        &suite,
        &Environment::default(),
        &RunOptions::default(),
    ));
    assert_eq!(result.summary.required, None);
    assert_eq!(result.summary.optional, None);
}

#[test]
fn steps_are_numbered_from_one_in_the_file_too() {
    let suite = suite_of(json!([
        {"step_type": "pause", "duration": 0},
        {"step_type": "condition", "left_value": "a", "comparison": "equal", "right_value": "a",
         "steps": [{"step_type": "request", "url": "http://h/"}]}
    ]));
    let transport = FakeTransport::new(|_: &HttpRequest| Ok(json_response(200, json!({}))));
    let result = futures::executor::block_on(Runner::new(&transport, &VirtualClock::new()).run(
        &suite,
        &Environment::default(),
        &RunOptions::default(),
    ));
    let numbers: Vec<&str> = result.steps.iter().map(|s| s.number.as_str()).collect();
    assert_eq!(numbers, ["1", "2", "2.1"]);
    let file: Value = serde_json::from_str(&result.to_json()).expect("JSON");
    assert_eq!(file["steps"][2]["number"], "2.1");
    assert_eq!(file["steps"][2]["path"], json!([1, 0]));
}

#[test]
fn an_older_file_reads_with_numbers_and_counts_from_its_steps() {
    let result = run_with(PausePolicy::Skip);
    let mut file: Value = serde_json::from_str(&result.to_json()).expect("JSON");
    // As written before these fields existed.
    for step in file["steps"].as_array_mut().expect("steps") {
        let step = step.as_object_mut().expect("object");
        step.remove("number");
        step.remove("importance");
    }
    let summary = file["summary"].as_object_mut().expect("summary");
    for added in ["requests", "pauses", "required", "optional"] {
        summary.remove(added);
    }
    let read = load_result(&file.to_string()).expect("reads");
    assert_eq!(read.steps[3].number, "4");
    assert_eq!(read.steps[0].importance, Some(Importance::Required));
    assert_eq!(read.summary, result.summary);
}
