//! A bucket export: several tests in one file, picked, run in order from one environment,
//! with results per test.

use std::sync::Arc;

use session::*;
use suite_engine::{
    Clock, HttpRequest, HttpResponse, RequestFailure, RunOutcome, Runner, Transport,
};

const BUCKET: &str = r#"[
  {"name": "Users", "steps": [
    {"step_type": "request", "url": "{{base}}/Users", "headers": {"Authorization": ["{{auth}}"]},
     "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 200}]}]},
  {"name": "Groups", "steps": [
    {"step_type": "request", "url": "{{groupsBase}}/Groups",
     "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 201}]}]},
  {"name": "Health", "steps": [{"step_type": "request", "url": "{{base}}/health"}]}
]"#;

struct Ok200;

impl Transport for Ok200 {
    async fn send(&self, _: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        Ok(HttpResponse {
            status: 200,
            ..HttpResponse::default()
        })
    }
}

struct Instant;

impl Clock for Instant {
    fn now_ms(&self) -> f64 {
        0.0
    }
    async fn sleep(&self, _: f64) {}
}

fn loaded() -> Session {
    let mut s = Session::new(false);
    assert!(s.load_suite("bucket.json", BUCKET));
    s.set_value("base", "http://127.0.0.1:9".into());
    s.set_value("auth", "Bearer t".into());
    s.set_value("groupsBase", "http://127.0.0.1:9".into());
    s
}

/// Runs every test of the plan through the engine, as the page does, then ends the run.
fn run_all(s: &mut Session) {
    let plan = s.start_run(0.0, 1).expect("starts");
    for test in &plan.tests {
        let result = futures::executor::block_on(Runner::new(&Ok200, &Instant).run(
            test,
            &plan.environment,
            &plan.options,
        ));
        let rows = result.steps.iter().cloned().map(Arc::new).collect();
        s.steps_finished(rows);
        s.finish_test(result.masked());
    }
    s.end_run();
}

#[test]
fn a_bucket_loads_every_test_and_asks_for_what_any_needs() {
    let s = Session::new(false);
    let mut s = s;
    assert!(s.load_suite("bucket.json", BUCKET));
    let loaded = s.suite().expect("loaded");
    assert!(loaded.is_bucket);
    assert_eq!(loaded.tests.len(), 3);
    assert_eq!(loaded.title(), "bucket.json");
    assert_eq!(s.selected(), [true, true, true]);
    let names: Vec<&str> = s
        .environment()
        .variables
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(names, ["base", "auth", "groupsBase"]);
}

#[test]
fn the_picked_tests_run_in_order_with_results_per_test() {
    let mut s = loaded();
    s.select_test(2, false);
    run_all(&mut s);
    let results = s.results().expect("results");
    let names: Vec<&str> = results.tests.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Users", "Groups"]);
    assert_eq!(results.tests[0].outcome(), Some(RunOutcome::Passed));
    assert_eq!(results.tests[1].outcome(), Some(RunOutcome::Failed));
    let verdict = s.verdict().expect("a verdict");
    assert_eq!(verdict.headline, "Failed");
    assert_eq!(verdict.tests.as_deref(), Some("1 of 2 tests passed"));
    assert_eq!(verdict.counts, "2 requests: 1 passed, 1 failed");
    // The export holds both, and opens again as two tests.
    let text = suite_engine::bundle_to_json(&results.finished());
    let read = suite_engine::load_results(&text).expect("reads");
    assert_eq!(read.len(), 2);
    let mut other = Session::new(false);
    assert_eq!(
        other.open_result(Origin::File("b.json".into()), read),
        Opening::Opened
    );
    assert_eq!(other.results().map(|r| r.tests.len()), Some(2));
    assert_eq!(
        other.verdict().and_then(|v| v.tests),
        Some("1 of 2 tests passed".into())
    );
}

#[test]
fn no_test_picked_no_run() {
    let mut s = loaded();
    s.select_all(false);
    assert_eq!(
        s.run_blocker().map(|b| b.reason),
        Some("Pick at least one test to run.".into())
    );
    s.select_test(1, true);
    assert_eq!(s.start_run(0.0, 1).map(|p| p.tests.len()).ok(), Some(1));
}

#[test]
fn tests_a_cancelled_run_did_not_reach_are_not_run() {
    let mut s = loaded();
    let plan = s.start_run(0.0, 1).expect("starts");
    let first = futures::executor::block_on(Runner::new(&Ok200, &Instant).run(
        &plan.tests[0],
        &plan.environment,
        &plan.options,
    ));
    s.finish_test(first.masked());
    s.end_run();
    let results = s.results().expect("results");
    let statuses: Vec<TestStatus> = results.tests.iter().map(|t| t.status).collect();
    assert_eq!(
        statuses,
        [TestStatus::Done, TestStatus::NotRun, TestStatus::NotRun]
    );
    assert_eq!(s.verdict().map(|v| v.kind), Some(VerdictKind::Cancelled));
    assert_eq!(results.finished().len(), 1, "the export holds what ran");
}
