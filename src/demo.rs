//! Workshop mode: the reference SCIM server's core, running inside the page. Requests to
//! the demo host (under the reserved `.invalid` domain, so never a real host) are answered
//! in-process; nothing goes over the network.
use std::cell::RefCell;
use std::time::Duration;

use gloo_timers::future::TimeoutFuture;
use scim_server::{Fault, Faults, Request, ScimServer, ServerOptions};
use suite_engine::{
    FailureKind, Header, HeaderNotSent, HttpRequest, HttpResponse, RequestFailure, Timings,
};

use suite_engine::refused_header;

pub const DEMO_HOST: &str = "scim.demo.invalid";
pub const DEMO_BASE_URL: &str = "https://scim.demo.invalid/scim/v2";
pub const DEMO_TOKEN: &str = "demo-token";
/// The delay the "slow" fault adds: past the 600 ms Okta's Groups step allows.
pub const DEMO_SLOW_MS: u32 = 700;

thread_local! {
    // The page is single-threaded; one demo server lives as long as the page.
    static SERVER: RefCell<ScimServer> = RefCell::new(ScimServer::new(options(), now_ms()));
}

fn options() -> ServerOptions {
    ServerOptions {
        token: DEMO_TOKEN.into(),
        public_base_url: Some(DEMO_BASE_URL.into()),
        ..ServerOptions::default()
    }
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Whether `url` is addressed to the demo server.
pub fn is_demo_url(url: &str) -> bool {
    web_sys::Url::new(url).is_ok_and(|u| u.hostname().eq_ignore_ascii_case(DEMO_HOST))
}

/// Turns the named faults on, all others off.
pub fn set_faults(faults: &[Fault]) {
    let mut set = Faults::new();
    faults.iter().for_each(|f| set.insert(*f));
    SERVER.with(|s| s.borrow_mut().set_faults(set));
}

/// Restores the seeded users and groups.
pub fn reset() {
    SERVER.with(|s| s.borrow_mut().reset(now_ms()));
}

/// Answers `request` from the demo server, waiting as long as a slow fault says.
pub async fn send(request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
    let started = js_sys::Date::now();
    let mut scim = Request::new(request.method.as_str(), &request.url);
    let mut headers_not_sent = Vec::new();
    // The demo sees what a real server would: the browser's refusals apply here too.
    for Header { name, value } in &request.headers {
        match refused_header(name) {
            Some(reason) => headers_not_sent.push(HeaderNotSent {
                name: name.clone(),
                reason: reason.into(),
            }),
            None => scim = scim.with_header(name.as_str(), value.as_str()),
        }
    }
    if let Some(body) = &request.body {
        scim = scim.with_body(body.as_bytes().to_vec());
    }
    let response = SERVER.with(|s| s.borrow_mut().handle(&scim, now_ms()));
    if response.delay > Duration::ZERO {
        let delay = response
            .delay
            .as_millis()
            .min(u128::from(request.timeout_ms));
        TimeoutFuture::new(u32::try_from(delay).unwrap_or(u32::MAX)).await;
        if response.delay.as_millis() > u128::from(request.timeout_ms) {
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
        reason: http::StatusCode::from_u16(response.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or_default()
            .into(),
        status: response.status,
        headers: response
            .headers
            .into_iter()
            .map(|(name, value)| Header::new(name, value))
            .collect(),
        body: response.body.into_bytes(),
        timings: Some(Timings {
            total_ms: Some(js_sys::Date::now() - started),
            ..Timings::default()
        }),
        headers_not_sent,
    })
}

/// The faults that are on, as the command line writes them (`slow=700`).
pub fn fault_names() -> Vec<String> {
    SERVER.with(|s| s.borrow().faults().iter().map(Fault::to_string).collect())
}
