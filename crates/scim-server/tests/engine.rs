//! Running Okta's suites with `suite-engine` over real HTTP: a native transport (`ureq`),
//! a browser-like one (CORS preflight, forbidden headers dropped, responses without CORS
//! headers withheld), a clock whose pauses really wait, Okta's Initial Scripts run in the
//! native QuickJS host, and the helpers every suite test uses.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use script_sandbox::NativeScriptHost;
use suite_engine::{
    load_suite, AssertionOutcome, Clock, Environment, FailureKind, Header, HttpRequest,
    HttpResponse, PausePolicy, RequestFailure, RunOptions, RunResult, Runner, StepOutcome, Suite,
    Timings, Transport,
};

// ---------------------------------------------------------------------------------------
// Transports and the clock.

/// [`Transport`] over a blocking `ureq` agent: no redirects followed, every status is a
/// response, `timeout_ms` bounds the whole exchange (connect to last body byte).
pub struct UreqTransport {
    agent: ureq::Agent,
}

impl UreqTransport {
    pub fn new() -> UreqTransport {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build();
        UreqTransport {
            agent: ureq::Agent::new_with_config(config),
        }
    }

    pub fn exchange(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        let invalid =
            |e: ureq::http::Error| RequestFailure::new(FailureKind::InvalidUrl, e.to_string());
        let mut builder = ureq::http::Request::builder()
            .method(request.method.as_str())
            .uri(request.url.as_str());
        for header in &request.headers {
            builder = builder.header(header.name.as_str(), header.value.as_str());
        }
        let timeout = (request.timeout_ms > 0).then(|| Duration::from_millis(request.timeout_ms));
        let started = Instant::now();
        let result = match &request.body {
            Some(body) => {
                let built = builder.body(body.clone()).map_err(invalid)?;
                let built = self
                    .agent
                    .configure_request(built)
                    .timeout_global(timeout)
                    .build();
                self.agent.run(built)
            }
            None => {
                let built = builder.body(()).map_err(invalid)?;
                let built = self
                    .agent
                    .configure_request(built)
                    .timeout_global(timeout)
                    .build();
                self.agent.run(built)
            }
        };
        let mut response = result.map_err(failure)?;
        let first_byte_ms = started.elapsed().as_secs_f64() * 1000.0;
        // No size limit: the engine cuts bodies for the result itself.
        let body = response
            .body_mut()
            .with_config()
            .read_to_vec()
            .map_err(failure)?;
        let total_ms = started.elapsed().as_secs_f64() * 1000.0;
        let status = response.status();
        Ok(HttpResponse {
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or_default().to_owned(),
            headers: response
                .headers()
                .iter()
                .map(|(name, value)| {
                    Header::new(
                        name.as_str(),
                        String::from_utf8_lossy(value.as_bytes()).into_owned(),
                    )
                })
                .collect(),
            body,
            timings: Some(Timings {
                ttfb_ms: Some(first_byte_ms),
                download_ms: Some(total_ms - first_byte_ms),
                total_ms: Some(total_ms),
                ..Timings::default()
            }),
            headers_not_sent: Vec::new(),
        })
    }
}

/// Why `ureq` got no response, in the engine's terms.
fn failure(error: ureq::Error) -> RequestFailure {
    let kind = match &error {
        ureq::Error::Timeout(_) => FailureKind::Timeout,
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => FailureKind::Timeout,
        ureq::Error::Io(_)
        | ureq::Error::ConnectionFailed
        | ureq::Error::HostNotFound
        | ureq::Error::Protocol(_) => FailureKind::Network,
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => FailureKind::InvalidUrl,
        _ => FailureKind::Other,
    };
    RequestFailure::new(kind, error.to_string())
}

impl Transport for UreqTransport {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        // Blocking inside the future is fine: the runner is driven by `block_on` on this
        // thread and has nothing else to do meanwhile.
        self.exchange(request)
    }
}

/// [`Clock`] on `std`: Unix milliseconds from the system clock at start, advanced by a
/// monotonic [`Instant`]. Sleeping really sleeps, but with [`PausePolicy::Skip`] the runner
/// is asked to only by capped pauses.
pub struct StdClock {
    started: Instant,
    epoch_ms_at_start: f64,
}

impl StdClock {
    pub fn new() -> StdClock {
        let since_epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        StdClock {
            started: Instant::now(),
            epoch_ms_at_start: since_epoch.as_secs_f64() * 1000.0,
        }
    }
}

impl Clock for StdClock {
    fn now_ms(&self) -> f64 {
        self.epoch_ms_at_start + self.started.elapsed().as_secs_f64() * 1000.0
    }

    async fn sleep(&self, ms: f64) {
        if ms > 0.0 {
            std::thread::sleep(Duration::from_secs_f64(ms / 1000.0));
        }
    }
}

/// A transport that behaves as a browser page on `origin` would: it drops the headers the
/// Fetch standard forbids a page to set (`Accept-Charset`, `User-Agent`), sends a CORS
/// preflight first (every suite request carries `Authorization`), adds `Origin`, and
/// withholds a response that lacks `Access-Control-Allow-Origin` for this origin. A
/// blocked request is a [`FailureKind::Cors`] failure, as in the page.
pub struct BrowserTransport {
    pub origin: String,
    pub inner: UreqTransport,
}

impl BrowserTransport {
    pub fn new(origin: &str) -> BrowserTransport {
        BrowserTransport {
            origin: origin.to_owned(),
            inner: UreqTransport::new(),
        }
    }

    fn allowed(&self, response: &HttpResponse) -> bool {
        response.headers.iter().any(|h| {
            h.name.eq_ignore_ascii_case("Access-Control-Allow-Origin")
                && (h.value == self.origin || h.value == "*")
        })
    }
}

impl Transport for BrowserTransport {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        let forbidden = |name: &str| {
            name.eq_ignore_ascii_case("Accept-Charset") || name.eq_ignore_ascii_case("User-Agent")
        };
        let mut names: Vec<String> = request
            .headers
            .iter()
            .filter(|h| !forbidden(&h.name))
            .map(|h| h.name.to_ascii_lowercase())
            .collect();
        names.sort();
        names.dedup();
        let preflight = HttpRequest {
            method: "OPTIONS".into(),
            url: request.url.clone(),
            headers: vec![
                Header::new("Origin", self.origin.clone()),
                Header::new("Access-Control-Request-Method", request.method.clone()),
                Header::new("Access-Control-Request-Headers", names.join(",")),
            ],
            body: None,
            timeout_ms: request.timeout_ms,
        };
        let answer = self.inner.exchange(&preflight)?;
        if !(200..300).contains(&answer.status) || !self.allowed(&answer) {
            return Err(RequestFailure::new(
                FailureKind::Cors,
                format!(
                    "the preflight answered {} without CORS headers for {}",
                    answer.status, self.origin
                ),
            ));
        }
        let mut actual = request.clone();
        actual.headers.retain(|h| !forbidden(&h.name));
        actual
            .headers
            .push(Header::new("Origin", self.origin.clone()));
        let response = self.inner.exchange(&actual)?;
        if self.allowed(&response) {
            Ok(response)
        } else {
            Err(RequestFailure::new(
                FailureKind::Cors,
                format!(
                    "the response ({}) has no Access-Control-Allow-Origin for {}",
                    response.status, self.origin
                ),
            ))
        }
    }
}

// ---------------------------------------------------------------------------------------
// The suites, their variables, and running them.

/// Which of Okta's files.
pub const SPEC: &str = "Okta-SCIM-20-SPEC-Test.json";
pub const CRUD: &str = "Okta-SCIM-20-CRUD-Test.json";
pub const ENTITLEMENTS: &str = "Okta-SCIM-20-Entitlements-Test.json";
/// The entitlements CRUD variant: in Okta's developer docs, not in `shared/okta/`; the
/// engine's corpus keeps a copy with its source and licence.
pub const ENTITLEMENTS_CRUD: &str = "Okta-SCIM-20-With-Entitlements-CRUD-Test.json";

/// The folder with Okta's files: `shared/okta/` beside the repository, or `OKTA_SUITES_DIR`.
pub fn okta_dir() -> PathBuf {
    std::env::var_os("OKTA_SUITES_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/okta"),
        PathBuf::from,
    )
}

/// Where one of Okta's files is: `shared/okta/`, or for the entitlements CRUD variant the
/// engine's corpus (crates/engine/tests/corpus/, which says where it comes from).
fn okta_file(file: &str) -> PathBuf {
    if file == ENTITLEMENTS_CRUD {
        return PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(
            "../engine/tests/corpus/okta-docs-Okta-SCIM-20-With-Entitlements-CRUD-Test.json",
        );
    }
    okta_dir().join(file)
}

/// One of Okta's suites, loaded by the engine.
pub fn suite(file: &str) -> Suite {
    let path = okta_file(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{file} is not at {}: {e}", path.display()));
    load_suite(&text).unwrap_or_else(|e| panic!("{} loads: {e}", path.display()))
}

/// The Initial Script Okta gives with a suite, as Okta distributes it (none for the
/// Entitlements suite).
fn initial_script(suite_file: &str) -> String {
    let script = match suite_file {
        SPEC => "Initial_Script_Spec.txt",
        CRUD | ENTITLEMENTS_CRUD => "Initial_Script_CRUD.txt",
        _ => return String::new(),
    };
    let path = okta_dir().join(script);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{} is missing: {e}", path.display()))
}

/// The environment: the tester's variables, and Okta's Initial Script for the suite, run by
/// the native QuickJS host as the page runs it.
pub fn environment(suite_file: &str, given: &[(&str, String)]) -> Environment {
    Environment {
        initial_script: initial_script(suite_file),
        ..Environment::with_variables(given.iter().map(|(n, v)| ((*n).to_owned(), v.clone())))
    }
}

/// How a suite test runs: pauses capped, requests timed out.
pub struct Run {
    pub pause_cap_seconds: Option<f64>,
    pub request_timeout_ms: u64,
    /// The engine's switch for Okta orgs from a browser
    /// ([`RunOptions::ssws_as_bearer`]): the variable whose value replaces `SSWS ...`.
    pub ssws_as_bearer: Option<String>,
}

impl Default for Run {
    fn default() -> Self {
        Run {
            pause_cap_seconds: None,
            request_timeout_ms: 10_000,
            ssws_as_bearer: None,
        }
    }
}

impl Run {
    /// Runs `suite` over `transport`.
    pub fn go<T: Transport>(
        &self,
        suite: &Suite,
        environment: &Environment,
        transport: &T,
    ) -> RunResult {
        let options = RunOptions {
            pause_policy: match self.pause_cap_seconds {
                Some(seconds) => PausePolicy::CapAt { seconds },
                None => PausePolicy::Skip,
            },
            request_timeout_ms: self.request_timeout_ms,
            ssws_as_bearer: self.ssws_as_bearer.clone(),
            ..RunOptions::default()
        };
        let clock = StdClock::new();
        futures::executor::block_on(
            Runner::new(transport, &clock)
                .with_script_host(&NativeScriptHost::new())
                .run(suite, environment, &options),
        )
    }
}

/// The trimmed notes of the request steps that failed or errored, in suite order (a note
/// two steps share comes twice).
pub fn failed_notes(result: &RunResult) -> Vec<String> {
    result
        .steps
        .iter()
        .filter(|s| matches!(s.outcome, StepOutcome::Fail | StepOutcome::Error))
        .map(|s| s.note.trim().to_owned())
        .collect()
}

/// Checks that exactly `expected` failed and every other request step passed.
pub fn assert_fails_exactly(result: &RunResult, expected: &[&str], context: &str) {
    let want: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(
        failed_notes(result),
        want,
        "{context}; what failed:\n{}",
        explain(result)
    );
    let requests = result
        .steps
        .iter()
        .filter(|s| s.step_type == "request")
        .count();
    let passed = result
        .steps
        .iter()
        .filter(|s| s.step_type == "request" && s.outcome == StepOutcome::Pass)
        .count();
    assert_eq!(
        passed + want.len(),
        requests,
        "{context}: every other request step passes"
    );
}

/// Every failed assertion, script and request, one a line, for assertion messages.
pub fn explain(result: &RunResult) -> String {
    let mut lines = Vec::new();
    for step in &result.steps {
        if let Some(failure) = &step.failure {
            lines.push(format!(
                "{}: no response ({:?}): {}",
                step.note, failure.kind, failure.message
            ));
        }
        for a in step
            .assertions
            .iter()
            .filter(|a| a.outcome != AssertionOutcome::Pass)
        {
            lines.push(format!("{}: {a:?}", step.note));
        }
        for s in step.scripts.iter().filter(|s| s.error.is_some()) {
            lines.push(format!("{}: script {:?}", step.note, s.error));
        }
    }
    lines.join("\n")
}

/// The variables a tester types for each suite, by name, from the server process.
pub fn given(pairs: &[(&str, &str)]) -> Vec<(&'static str, String)> {
    let names: BTreeMap<&str, &'static str> = [
        "SCIMBaseURL",
        "auth",
        "oktaOrgUrl",
        "oktaAppId",
        "oktaToken",
        "SCIMUrl",
        "SCIMAuth",
        "oktaAccessToken",
        "EntitlementEndpoint",
    ]
    .into_iter()
    .map(|n| (n, n))
    .collect();
    pairs
        .iter()
        .map(|(n, v)| {
            (
                *names
                    .get(n)
                    .unwrap_or_else(|| panic!("unknown variable {n}")),
                (*v).to_owned(),
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// The transport on its own.

#[test]
fn transport_reports_a_refused_connection_as_a_network_failure() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        listener.local_addr().expect("an address").port()
    };
    let request = HttpRequest {
        method: "GET".into(),
        url: format!("http://127.0.0.1:{port}/scim/v2/Users"),
        timeout_ms: 2_000,
        ..HttpRequest::default()
    };
    let failure = futures::executor::block_on(UreqTransport::new().send(&request))
        .expect_err("nothing listens there");
    assert_eq!(failure.kind, FailureKind::Network, "{}", failure.message);
}

#[test]
fn transport_does_not_follow_redirects_and_returns_error_statuses() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("an address").port();
    let answers = [
        "HTTP/1.1 302 Found\r\nLocation: /elsewhere\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: 4\r\nConnection: close\r\n\r\nboom",
    ];
    let serving = std::thread::spawn(move || {
        for answer in answers {
            let (mut stream, _) = listener.accept().expect("a connection");
            // Read the request head, then answer and close.
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                if stream.read(&mut byte).expect("reading the request") == 0 {
                    break;
                }
                head.push(byte[0]);
            }
            stream
                .write_all(answer.as_bytes())
                .expect("writing the answer");
        }
    });
    let transport = UreqTransport::new();
    let get = |path: &str| HttpRequest {
        method: "GET".into(),
        url: format!("http://127.0.0.1:{port}{path}"),
        timeout_ms: 5_000,
        ..HttpRequest::default()
    };
    let redirect =
        futures::executor::block_on(transport.send(&get("/start"))).expect("a 302 is a response");
    assert_eq!(redirect.status, 302);
    assert_eq!(redirect.reason, "Found");
    assert!(redirect
        .headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case("location") && h.value == "/elsewhere"));
    let error =
        futures::executor::block_on(transport.send(&get("/fail"))).expect("a 500 is a response");
    assert_eq!(error.status, 500);
    assert_eq!(error.body, b"boom");
    serving.join().expect("the little server ends");
}
