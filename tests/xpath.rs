//! `response_xml` assertions in the browser, where the engine uses the browser's own XPath
//! engine: the same results as the native engine's tests (crates/engine/src/xpath.rs).
#![cfg(target_arch = "wasm32")]
// A failed expectation in a test should stop it loudly.
#![allow(clippy::unwrap_used)]

use suite_engine::{
    load_suite, AssertionOutcome, Clock, Environment, HttpRequest, HttpResponse, RequestFailure,
    RunOptions, Runner, Transport,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const USERS: &str = r#"<users total="2"><user id="1"><name>Ann</name></user><user id="2"><name>Bo</name></user></users>"#;

/// Answers `/users` with [`USERS`] and anything else with a JSON body.
struct XmlServer;

impl Transport for XmlServer {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        let body = if request.url.ends_with("/users") {
            USERS
        } else {
            "{}"
        };
        Ok(HttpResponse {
            status: 200,
            reason: "OK".into(),
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
            timings: None,
            headers_not_sent: Vec::new(),
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

/// For each expression on `url`: the outcome, the value read and why none was.
async fn read_all(
    url: &str,
    expressions: &[&str],
) -> Vec<(AssertionOutcome, Option<String>, Option<String>)> {
    let assertions: Vec<_> = expressions
        .iter()
        .map(|e| serde_json::json!({"source": "response_xml", "property": e, "comparison": "not_empty"}))
        .collect();
    let suite = serde_json::json!({"steps": [{"step_type": "request", "url": url, "assertions": assertions}]});
    let suite = load_suite(&suite.to_string()).unwrap();
    let result = Runner::new(&XmlServer, &Still)
        .run(&suite, &Environment::default(), &RunOptions::default())
        .await;
    result.steps[0]
        .assertions
        .iter()
        .map(|a| (a.outcome, a.actual.clone(), a.actual_missing.clone()))
        .collect()
}

#[wasm_bindgen_test]
async fn xpath_results_match_the_native_engine() {
    let read = read_all(
        "https://h/users",
        &[
            "/users/user[2]/name",
            "//user/@id",
            "count(//user)",
            "/users/@total = '2'",
            "/",
            "//group",
        ],
    )
    .await;
    let value = |v: &str| (AssertionOutcome::Pass, Some(v.to_string()), None);
    assert_eq!(read[0], value("Bo"));
    assert_eq!(read[1], value("1"));
    assert_eq!(read[2], value("2"));
    assert_eq!(read[3], value("true"));
    assert_eq!(read[4], value("AnnBo"));
    assert_eq!(read[5].0, AssertionOutcome::Fail);
    assert_eq!(
        read[5].2.as_deref(),
        Some("the XPath //group matches nothing")
    );
}

#[wasm_bindgen_test]
async fn bodies_that_are_not_xml_and_bad_expressions_say_so() {
    let read = read_all("https://h/json", &["/a"]).await;
    assert_eq!(read[0].2.as_deref(), Some("response body is not XML"));
    let read = read_all("https://h/users", &["//["]).await;
    assert_eq!(read[0].0, AssertionOutcome::Error);
}
