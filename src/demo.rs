//! Workshop mode, seen from the page: the reference server's core answers two hosts under
//! the reserved `.invalid` domain (so never real ones), a SCIM server and an emulated Okta
//! org that provisions it through SCIM after a short delay, as Okta does. Nothing goes over
//! the network: requests to them go to the demo worker (`crates/demo-worker`), started the
//! first time the demo is used or its panel opened, and kept for the page's lifetime, so
//! users, faults and pending provisioning carry over from one run to the next.
//!
//! The hosts, URLs and credentials are known here without the worker.
use std::time::Duration;

use gloo_timers::future::TimeoutFuture;
use scim_faults::Fault;
use suite_engine::{
    refused_header, FailureKind, Header, HeaderNotSent, HttpRequest, HttpResponse, RequestFailure,
    Timings,
};
pub use worker_protocol::demo::{
    crud_variables, DEMO_BASE_URL, DEMO_HOSTS, DEMO_ORG_HOST, DEMO_ORG_URL, DEMO_SCIM_HOST,
    DEMO_SLOW_MS, DEMO_TOKEN,
};
use worker_protocol::demo::{DemoAnswer, DemoCall, DemoHost, DemoRequest};

use crate::worker::OnDemandWorker;

thread_local! {
    static WORKER: OnDemandWorker = const {
        OnDemandWorker::new("demo-worker", "the workshop demo server")
    };
}

/// Which demo host `url` is addressed to, if any.
fn demo_host(url: &str) -> Option<DemoHost> {
    let host = web_sys::Url::new(url).ok()?.hostname();
    if host.eq_ignore_ascii_case(DEMO_SCIM_HOST) {
        Some(DemoHost::Scim)
    } else if host.eq_ignore_ascii_case(DEMO_ORG_HOST) {
        Some(DemoHost::Org)
    } else {
        None
    }
}

/// Whether `url` is addressed to the demo.
pub fn is_demo_url(url: &str) -> bool {
    demo_host(url).is_some()
}

/// Whether the demo worker was started (and has not failed since).
pub fn is_started() -> bool {
    WORKER.with(OnDemandWorker::is_started)
}

/// Resolves once the demo worker listens (starting it if needed), or says why it cannot.
pub async fn loaded() -> Result<(), String> {
    WORKER.with(OnDemandWorker::ready).await
}

/// Sends `call` at once (so calls reach the demo in the order they are made) and resolves
/// with its answer; a `Failed` answer becomes the error.
fn call(call: &DemoCall) -> impl std::future::Future<Output = Result<DemoAnswer, String>> {
    let text = serde_json::to_string(call).unwrap_or_default();
    let answer = WORKER.with(|w| w.call(&text));
    async move {
        match serde_json::from_str::<DemoAnswer>(&answer.await?) {
            Ok(DemoAnswer::Failed { reason }) => Err(reason),
            Ok(answer) => Ok(answer),
            Err(_) => Err("the workshop demo server answered something unreadable".into()),
        }
    }
}

/// Turns the given faults on (on the SCIM server), all others off.
pub fn set_faults(faults: &[Fault]) -> impl std::future::Future<Output = Result<(), String>> {
    let faults = faults.iter().map(Fault::to_string).collect();
    let answer = call(&DemoCall::SetFaults { faults });
    async move { answer.await.map(|_| ()) }
}

/// Restores the seeded users and groups, and empties the org; queued pushes are dropped.
pub fn reset() -> impl std::future::Future<Output = Result<(), String>> {
    let answer = call(&DemoCall::Reset);
    async move { answer.await.map(|_| ()) }
}

/// The faults that are on, as the command line writes them (`slow=700`).
pub async fn fault_names() -> Result<Vec<String>, String> {
    match call(&DemoCall::FaultNames).await? {
        DemoAnswer::Faults { faults } => Ok(faults),
        _ => Err("the workshop demo server answered out of turn".into()),
    }
}

/// Answers `request` from the demo, waiting as long as a slow fault says. Pushes the org
/// owes by now are sent first (by the worker), so provisioning keeps its delay whatever the
/// requests' timing.
pub async fn send(request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
    let started = js_sys::Date::now();
    let host = demo_host(&request.url).unwrap_or(DemoHost::Scim);
    let mut headers = Vec::new();
    let mut headers_not_sent = Vec::new();
    // The demo sees what a real server would: the browser's refusals apply here too.
    for Header { name, value } in &request.headers {
        match refused_header(name) {
            Some(reason) => headers_not_sent.push(HeaderNotSent {
                name: name.clone(),
                reason: reason.into(),
            }),
            None => headers.push((name.clone(), value.clone())),
        }
    }
    let demo_request = DemoRequest {
        host,
        method: request.method.clone(),
        url: request.url.clone(),
        headers,
        body: request.body.clone(),
    };
    let answer = call(&DemoCall::Request {
        request: demo_request,
    })
    .await;
    let (status, headers, body, delay_ms) = match answer {
        Ok(DemoAnswer::Response {
            status,
            headers,
            body,
            delay_ms,
        }) => (status, headers, body, delay_ms),
        Ok(_) => return Err(not_answered("it answered out of turn", headers_not_sent)),
        Err(reason) => return Err(not_answered(&reason, headers_not_sent)),
    };
    let delay = Duration::from_millis(delay_ms);
    if delay > Duration::ZERO {
        let wait = delay.as_millis().min(u128::from(request.timeout_ms));
        TimeoutFuture::new(u32::try_from(wait).unwrap_or(u32::MAX)).await;
        if delay.as_millis() > u128::from(request.timeout_ms) {
            return Err(RequestFailure::new(
                FailureKind::Timeout,
                format!(
                    "no response within {} s, the request timeout",
                    request.timeout_ms as f64 / 1000.0
                ),
            )
            .with_headers_not_sent(headers_not_sent));
        }
    }
    Ok(HttpResponse {
        reason: http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or_default()
            .into(),
        status,
        headers: headers
            .into_iter()
            .map(|(name, value)| Header::new(name, value))
            .collect(),
        body: body.into_bytes(),
        timings: Some(Timings {
            total_ms: Some(js_sys::Date::now() - started),
            ..Timings::default()
        }),
        headers_not_sent,
    })
}

/// The demo could not answer: the worker did not load, or stopped.
fn not_answered(reason: &str, headers_not_sent: Vec<HeaderNotSent>) -> RequestFailure {
    RequestFailure::new(FailureKind::Other, reason.to_string())
        .with_headers_not_sent(headers_not_sent)
}
