//! The host under the engine's runner: scripts change what is sent and judge what came back.

use std::cell::RefCell;
use std::time::{SystemTime, UNIX_EPOCH};

use suite_engine::{
    load_suite, CancelHandle, Clock, Environment, HttpRequest, HttpResponse, RequestFailure,
    RunOptions, Runner, StepOutcome, Transport,
};

use super::*;

/// Answers every request with a list of one group, and keeps what was sent. With a cancel
/// handle, it cancels the run as it answers.
#[derive(Default)]
struct Recorder {
    sent: RefCell<Vec<HttpRequest>>,
    cancel: Option<CancelHandle>,
}

impl Transport for Recorder {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        self.sent.borrow_mut().push(request.clone());
        if let Some(cancel) = &self.cancel {
            cancel.cancel();
        }
        Ok(HttpResponse {
            status: 200,
            reason: "OK".into(),
            body: br#"{"totalResults": 1, "Resources": [{"id": "g1"}]}"#.to_vec(),
            ..HttpResponse::default()
        })
    }
}

struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> f64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    }
    async fn sleep(&self, _ms: f64) {}
}

const SUITE: &str = r#"{"name": "scripts", "steps": [
  {"step_type": "request", "method": "GET", "url": "http://scim.test/{{path}}",
   "before_scripts": ["request.headers['X-Run'] = [variables.get('run')];"],
   "scripts": ["var data = JSON.parse(response.body);\nassert.equal(data.totalResults, 1, 'one group');\nvariables.set('group', data.Resources[0].id);"]},
  {"step_type": "request", "method": "GET", "url": "http://scim.test/Groups/{{group}}",
   "scripts": ["assert.equal(response.status, 404, 'status')"]}
]}"#;

#[test]
fn scripts_set_variables_later_steps_use_and_change_what_is_sent() {
    let suite = load_suite(SUITE).expect("the suite loads");
    let env = Environment {
        initial_script: "variables.set('path', 'Groups'); variables.set('run', 'r1');".into(),
        ..Environment::default()
    };
    let transport = Recorder::default();
    let scripts = host();
    let result = block_on(
        Runner::new(&transport, &SystemClock)
            .with_script_host(&scripts)
            .run(&suite, &env, &RunOptions::default()),
    );

    let sent = transport.sent.borrow();
    assert_eq!(sent[0].url, "http://scim.test/Groups");
    assert!(sent[0]
        .headers
        .iter()
        .any(|h| h.name == "X-Run" && h.value == "r1"));
    assert_eq!(sent[1].url, "http://scim.test/Groups/g1");

    let first = &result.steps[0];
    assert_eq!(first.outcome, StepOutcome::Pass, "{:?}", first.reason);
    assert!(first.scripts.iter().any(|s| s.changed_request));
    let second = &result.steps[1];
    assert_eq!(second.outcome, StepOutcome::Fail);
    let failed = &second.scripts[0].assertions[0];
    assert_eq!(failed.message, "status: expected 200 to equal 404");
    assert_eq!(
        (failed.expected.as_deref(), failed.actual.as_deref()),
        (Some("404"), Some("200"))
    );
}

#[test]
fn a_stopped_script_fails_its_step_with_a_reason_a_tester_reads() {
    let suite = load_suite(
        r#"{"name": "limits", "steps": [
          {"step_type": "request", "method": "GET", "url": "http://scim.test/a",
           "scripts": ["log('spinning'); while (true) {}"]},
          {"step_type": "request", "method": "GET", "url": "http://scim.test/b",
           "scripts": ["var a = []; for (;;) a.push('x'.repeat(100) + a.length);"]},
          {"step_type": "request", "method": "GET", "url": "http://scim.test/c",
           "scripts": ["assert.equal(response.status, 200)"]}
        ]}"#,
    )
    .expect("the suite loads");
    let options = RunOptions {
        script_time_limit_ms: 300,
        ..RunOptions::default()
    };
    let transport = Recorder::default();
    let result = block_on(
        Runner::new(&transport, &SystemClock)
            .with_script_host(&host())
            .run(&suite, &Environment::default(), &options),
    );
    let reasons: Vec<_> = result.steps.iter().map(|s| s.reason.clone()).collect();
    assert_eq!(
        reasons[0].as_deref(),
        Some("the script ran longer than its limit of 300 ms")
    );
    assert_eq!(result.steps[0].scripts[0].logs, ["spinning"]);
    // Allocating 128 MB takes QuickJS longer than 300 ms in a debug build; either stop is
    // fine here, limits.rs pins the memory one.
    assert!(
        matches!(
            result.steps[1].scripts[0].error,
            Some(ScriptError::MemoryLimit { .. } | ScriptError::Timeout { .. })
        ),
        "{:?}",
        result.steps[1].scripts[0].error
    );
    assert_eq!(result.steps[2].outcome, StepOutcome::Pass);
}

#[test]
fn a_run_cancelled_during_a_step_runs_no_more_scripts_and_the_host_runs_the_next_one() {
    let suite = load_suite(SUITE).expect("the suite loads");
    let cancel = CancelHandle::new();
    let transport = Recorder {
        cancel: Some(cancel.clone()),
        ..Recorder::default()
    };
    let scripts = host();
    let result = block_on(
        Runner::new(&transport, &SystemClock)
            .with_script_host(&scripts)
            .with_cancel(cancel)
            .run(&suite, &Environment::default(), &RunOptions::default()),
    );
    assert!(result
        .steps
        .iter()
        .all(|s| s.outcome == StepOutcome::Cancelled));
    assert!(result
        .steps
        .iter()
        .all(|s| s.scripts.iter().all(|x| x.kind != ScriptKind::PostResponse)));
    let out = block_on(scripts.run(input(ScriptKind::Initial, "log('next')", &Variables::new())));
    assert_eq!(out.logs, ["next"]);
}
