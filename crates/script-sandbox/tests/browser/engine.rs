//! The host under the engine's runner: scripts change what is sent and judge what came back.

use std::cell::RefCell;

use suite_engine::{
    load_suite, Clock, Environment, HttpRequest, HttpResponse, RequestFailure, RunOptions, Runner,
    StepOutcome, Transport,
};

use super::*;

/// Answers every request with a list of one group, and keeps what was sent.
#[derive(Default)]
struct Recorder {
    sent: RefCell<Vec<HttpRequest>>,
}

impl Transport for Recorder {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        self.sent.borrow_mut().push(request.clone());
        Ok(HttpResponse {
            status: 200,
            reason: "OK".into(),
            body: br#"{"totalResults": 1, "Resources": [{"id": "g1"}]}"#.to_vec(),
            ..HttpResponse::default()
        })
    }
}

struct Instant;

impl Clock for Instant {
    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
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

#[wasm_bindgen_test]
async fn scripts_set_variables_later_steps_use_and_change_what_is_sent() {
    let suite = load_suite(SUITE).expect("the suite loads");
    let env = Environment {
        initial_script: "variables.set('path', 'Groups'); variables.set('run', 'r1');".into(),
        ..Environment::default()
    };
    let transport = Recorder::default();
    let scripts = host();
    let result = Runner::new(&transport, &Instant)
        .with_script_host(&scripts)
        .run(&suite, &env, &RunOptions::default())
        .await;

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
