//! Workshop mode: the reference server's core inside the page, as two hosts under the
//! reserved `.invalid` domain (so never real ones): a SCIM server, and an emulated Okta org
//! that provisions it through SCIM after a short delay, as Okta does. Requests to them are
//! answered in-process; nothing goes over the network.
//!
//! The page talks to it through [`send`] (answer one request) and a few controls (faults,
//! reset, the values to fill in), so it can move into a Web Worker without the rest
//! changing.
use std::cell::RefCell;
use std::time::Duration;

use gloo_timers::future::TimeoutFuture;
use scim_server::{Fault, Faults, OktaEmulation, OrgOptions, Request, ServerOptions};
use suite_engine::{
    refused_header, FailureKind, Header, HeaderNotSent, HttpRequest, HttpResponse, RequestFailure,
    Timings,
};

pub const DEMO_SCIM_HOST: &str = "scim.demo.invalid";
pub const DEMO_ORG_HOST: &str = "okta.demo.invalid";
/// Every host the demo answers.
pub const DEMO_HOSTS: &[&str] = &[DEMO_SCIM_HOST, DEMO_ORG_HOST];
pub const DEMO_BASE_URL: &str = "https://scim.demo.invalid/scim/v2";
pub const DEMO_ORG_URL: &str = "https://okta.demo.invalid";
pub const DEMO_TOKEN: &str = "demo-token";
/// The delay the "slow" fault adds: past the 600 ms Okta's Groups step allows.
pub const DEMO_SLOW_MS: u32 = 700;
/// How long after a change in the org its push to the SCIM server happens: long enough
/// that a suite run without its pauses fails its checks, short enough that pauses capped
/// at the page's default (1 s) still cover it.
pub const DEMO_PROVISIONING_MS: u64 = 500;

thread_local! {
    // The page is single-threaded; one demo lives as long as the page.
    static WORLD: RefCell<OktaEmulation> =
        RefCell::new(OktaEmulation::new(scim_options(), org_options(), now_ms()));
}

fn scim_options() -> ServerOptions {
    ServerOptions {
        token: DEMO_TOKEN.into(),
        public_base_url: Some(DEMO_BASE_URL.into()),
        ..ServerOptions::default()
    }
}

fn org_options() -> OrgOptions {
    OrgOptions {
        api_token: "demo-okta-api-token".into(),
        access_token: "demo-okta-access-token".into(),
        app_label: "Workshop demo SCIM server".into(),
        public_url: Some(DEMO_ORG_URL.into()),
        provisioning_delay_ms: DEMO_PROVISIONING_MS,
        ..OrgOptions::default()
    }
}

fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Which demo host `url` is addressed to, if any.
fn demo_host(url: &str) -> Option<&'static str> {
    let host = web_sys::Url::new(url).ok()?.hostname();
    DEMO_HOSTS
        .iter()
        .copied()
        .find(|h| h.eq_ignore_ascii_case(&host))
}

/// Whether `url` is addressed to the demo.
pub fn is_demo_url(url: &str) -> bool {
    demo_host(url).is_some()
}

/// Turns the named faults on (on the SCIM server), all others off.
pub fn set_faults(faults: &[Fault]) {
    let mut set = Faults::new();
    faults.iter().for_each(|f| set.insert(*f));
    WORLD.with(|w| w.borrow_mut().scim_mut().set_faults(set));
}

/// Restores the seeded users and groups, and empties the org; queued pushes are dropped.
pub fn reset() {
    WORLD.with(|w| w.borrow_mut().reset(now_ms()));
}

/// The values Okta's CRUD suites need to reach the demo: `oktaOrgUrl`, `oktaAppId`,
/// `oktaToken`, `SCIMUrl`, `SCIMAuth` and `oktaAccessToken`.
pub fn crud_variables() -> Vec<(&'static str, String)> {
    WORLD.with(|w| w.borrow().crud_variables(DEMO_ORG_URL, DEMO_BASE_URL))
}

/// Answers `request` from the demo, waiting as long as a slow fault says. Pushes the org
/// owes by now are sent first, so provisioning keeps its delay whatever the requests'
/// timing.
pub async fn send(request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
    let started = js_sys::Date::now();
    let host = demo_host(&request.url);
    let mut demo = Request::new(request.method.as_str(), &request.url);
    let mut headers_not_sent = Vec::new();
    // The demo sees what a real server would: the browser's refusals apply here too.
    for Header { name, value } in &request.headers {
        match refused_header(name) {
            Some(reason) => headers_not_sent.push(HeaderNotSent {
                name: name.clone(),
                reason: reason.into(),
            }),
            None => demo = demo.with_header(name.as_str(), value.as_str()),
        }
    }
    if let Some(body) = &request.body {
        demo = demo.with_body(body.as_bytes().to_vec());
    }
    let response = WORLD.with(|w| {
        let mut world = w.borrow_mut();
        if host == Some(DEMO_ORG_HOST) {
            world.handle_org(&demo, now_ms())
        } else {
            world.handle_scim(&demo, now_ms())
        }
    });
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
    WORLD.with(|w| {
        w.borrow()
            .scim()
            .faults()
            .iter()
            .map(Fault::to_string)
            .collect()
    })
}
