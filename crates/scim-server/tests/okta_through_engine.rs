//! Okta's SCIM 2.0 SPEC suite (`Okta-SCIM-20-SPEC-Test.json`) run by the engine crate
//! (`suite-engine`) against the real `scim-server` binary, over a native HTTP transport.
//!
//! The hand-written replay in `tests/okta.rs` re-implements Runscope's semantics; here the
//! engine that the app ships does the rendering, extraction and assertions, so this checks
//! that the engine and the server agree end to end: the server passes the suite, and each
//! fault fails exactly the steps the README names.
//!
//! The transport is [`ureq`] (blocking, no redirects followed, statuses as responses) and
//! sends what the suite says as written: no browser, so no CORS preflight and no dropped
//! headers. Pauses are skipped; the Initial Script's variables are given directly.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use suite_engine::{
    load_suite, AssertionOutcome, Clock, Environment, FailureKind, Header, HttpRequest,
    HttpResponse, PausePolicy, RequestFailure, RunOptions, RunResult, Runner, ScriptAssertion,
    ScriptError, ScriptHost, ScriptInput, ScriptOutput, Step, StepOutcome, Suite, Timings,
    Transport,
};

/// The token every server here is started with.
const TOKEN: &str = "secret-token";

const USERS_ENDPOINT: &str = "Required Test: Test Users endpoint";
const INVALID_BY_USERNAME: &str = "Required Test: Test invalid User by username";
const INVALID_BY_ID: &str = "Required Test: Test invalid User by ID";
const RANDOM_USER_ABSENT: &str = "Required Test: Make sure random user doesn't exist";
const CREATE_AGAIN: &str = "Required Test: Expect failure when recreating user with same values";
const GROUPS_ENDPOINT: &str = "Optional Test: Verify Groups endpoint";
const STATUS_401: &str = "Required Test: Check status 401";
const STATUS_404: &str = "Required Test: Check status 404";

/// One fault profile: the `--fault` argument, its README heading, and the steps (notes,
/// trimmed) that must fail or error when the engine runs the suite natively with it on.
struct Expected {
    fault: &'static str,
    readme_heading: &'static str,
    fails: &'static [&'static str],
}

/// Every fault the README documents, with the steps it fails. The one table of this file.
const EXPECTED: &[Expected] = &[
    Expected {
        fault: "duplicates-accepted",
        readme_heading: "duplicates-accepted",
        fails: &[CREATE_AGAIN],
    },
    Expected {
        fault: "case-sensitive-filter",
        readme_heading: "case-sensitive-filter",
        fails: &[],
    },
    Expected {
        fault: "plain-errors",
        readme_heading: "plain-errors",
        fails: &[INVALID_BY_ID, STATUS_401, STATUS_404],
    },
    Expected {
        fault: "wrong-list-schema",
        readme_heading: "wrong-list-schema",
        fails: &[USERS_ENDPOINT, INVALID_BY_USERNAME, RANDOM_USER_ABSENT],
    },
    Expected {
        fault: "empty-200-for-unknown",
        readme_heading: "empty-200-for-unknown",
        fails: &[INVALID_BY_ID, STATUS_404],
    },
    Expected {
        fault: "no-groups",
        readme_heading: "no-groups",
        fails: &[GROUPS_ENDPOINT],
    },
    // The README: with MS of 600 or more the Groups step fails its `response_time < 600`
    // assertion, and nothing else fails (every other step has no time assertion).
    Expected {
        fault: "slow=700",
        readme_heading: "slow=MS",
        fails: &[GROUPS_ENDPOINT],
    },
    // CORS is a browser rule: the README's list for no-cors is what fails in a browser on
    // another origin. A native runner sends no preflight and reads responses whatever
    // their headers, so natively every step passes, as the README says ("A runner outside a
    // browser (Runscope itself, curl) fails none").
    Expected {
        fault: "no-cors",
        readme_heading: "no-cors",
        fails: &[],
    },
    Expected {
        fault: "any-token",
        readme_heading: "any-token",
        fails: &[STATUS_401],
    },
];

// ---------------------------------------------------------------------------------------
// The transport and the clock.

/// [`Transport`] over a blocking `ureq` agent: no redirects followed, every status is a
/// response, `timeout_ms` bounds the whole exchange (connect to last body byte).
struct UreqTransport {
    agent: ureq::Agent,
}

impl UreqTransport {
    fn new() -> UreqTransport {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build();
        UreqTransport {
            agent: ureq::Agent::new_with_config(config),
        }
    }

    fn exchange(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
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
/// never asks to.
struct StdClock {
    started: Instant,
    epoch_ms_at_start: f64,
}

impl StdClock {
    fn new() -> StdClock {
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

/// The suite's one script (after the Groups step), re-implemented:
///
/// ```js
/// var data = JSON.parse(response.body); var max = data.totalResults; var res = data.Resources;
/// if (max === 0) assert("nogroups", "No Groups found in the endpoint");
/// else if (max >= 1 && Array.isArray(res)) { assert.ok(true, "Resources is of type Array"); log(...) }
/// ```
///
/// Only the parse can fail it (it throws); both asserts pass.
struct GroupsScript;

impl ScriptHost for GroupsScript {
    async fn run(&self, input: ScriptInput<'_>) -> ScriptOutput {
        assert!(
            input.source.contains("JSON.parse(response.body)")
                && input.source.contains("data.totalResults"),
            "only the Groups step's script is known, not {:?}",
            input.source
        );
        let Some(response) = input.response else {
            return ScriptOutput::default();
        };
        let data: Value = match serde_json::from_str(&response.body) {
            Ok(data) => data,
            Err(e) => {
                return ScriptOutput {
                    error: Some(ScriptError::Thrown {
                        message: format!("SyntaxError: JSON.parse: {e}"),
                    }),
                    ..ScriptOutput::default()
                }
            }
        };
        let max = data["totalResults"].as_f64();
        let mut out = ScriptOutput::default();
        if max == Some(0.0) {
            out.assertions.push(ScriptAssertion {
                passed: true,
                message: "No Groups found in the endpoint".into(),
                ..ScriptAssertion::default()
            });
        } else if max.is_some_and(|m| m >= 1.0) && data["Resources"].is_array() {
            out.assertions.push(ScriptAssertion {
                passed: true,
                message: "Resources is of type Array".into(),
                ..ScriptAssertion::default()
            });
            out.logs.push("true".into());
        }
        out
    }
}

// ---------------------------------------------------------------------------------------
// The server process.

/// A running `scim-server` started with `--port 0`; killed when dropped.
struct ServerProcess {
    child: Child,
    /// From the first stdout line, e.g. `http://127.0.0.1:40123/scim/v2`.
    base_url: String,
}

impl ServerProcess {
    fn start(args: &[&str]) -> ServerProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_scim-server"))
            .args(["--port", "0", "--host", "127.0.0.1", "--token", TOKEN])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            // One line per request: not needed here, and never read, so not piped.
            .stderr(Stdio::null())
            .spawn()
            .expect("the scim-server binary starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut first_line = String::new();
        BufReader::new(stdout)
            .read_line(&mut first_line)
            .expect("scim-server prints its URL");
        // Built before checking the line, so that a bad line still kills the child.
        let mut server = ServerProcess {
            child,
            base_url: String::new(),
        };
        server.base_url = first_line
            .trim()
            .strip_prefix("scim-server listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {first_line:?}"))
            .to_owned();
        assert!(
            server.base_url.starts_with("http://127.0.0.1:"),
            "{}",
            server.base_url
        );
        server
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        // Ignored: the child may be gone already, and the test is ending either way.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------------------
// Running the suite.

/// Okta's suite file, from `shared/okta/` beside the repository or the folder named by
/// `OKTA_SUITES_DIR` (the same lookup as the replay in `tests/okta.rs`).
fn okta_suite() -> Suite {
    let dir = std::env::var_os("OKTA_SUITES_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/okta"),
        PathBuf::from,
    );
    let path = dir.join("Okta-SCIM-20-SPEC-Test.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    load_suite(&text).expect("Okta's suite loads")
}

/// The tester's inputs and what Okta's Initial Script would set (fixed "random" parts of
/// the same shapes), given as initial variables.
fn okta_environment(base_url: &str) -> Environment {
    let given = "Runscope417";
    let family = "Qwertyuio982";
    let email = format!("{given}{family}@atko.com");
    Environment::with_variables([
        ("SCIMBaseURL", base_url.to_owned()),
        ("auth", format!("Bearer {TOKEN}")),
        ("randomGivenName", given.to_owned()),
        ("randomFamilyName", family.to_owned()),
        ("randomEmail", email.clone()),
        ("randomUsername", email.clone()),
        ("InvalidUserEmail", "abcdefgh@atko.com".to_owned()),
        (
            "UserIdThatDoesNotExist",
            "010101001010101011001010101011".to_owned(),
        ),
        ("randomUsernameCaps", email.to_uppercase()),
    ])
}

/// Runs Okta's suite against `server` with pauses skipped.
fn run_okta(suite: &Suite, server: &ServerProcess, request_timeout_ms: u64) -> RunResult {
    let transport = UreqTransport::new();
    let clock = StdClock::new();
    let options = RunOptions {
        pause_policy: PausePolicy::Skip,
        request_timeout_ms,
        ..RunOptions::default()
    };
    futures::executor::block_on(
        Runner::new(&transport, &clock)
            .with_script_host(&GroupsScript)
            .run(suite, &okta_environment(&server.base_url), &options),
    )
}

/// The trimmed notes of the steps that failed or errored.
fn failed_steps(result: &RunResult) -> BTreeSet<String> {
    result
        .steps
        .iter()
        .filter(|s| matches!(s.outcome, StepOutcome::Fail | StepOutcome::Error))
        .map(|s| s.note.trim().to_owned())
        .collect()
}

/// Every failed assertion, script and request, one per line, for assertion messages.
fn explain(result: &RunResult) -> String {
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

fn expected(fault: &str) -> &'static Expected {
    EXPECTED
        .iter()
        .find(|e| e.fault == fault)
        .unwrap_or_else(|| panic!("no row for {fault} in EXPECTED"))
}

/// Runs the suite with `fault` on and checks that exactly the table's steps fail.
fn fails_exactly_what_the_table_says(fault: &str) {
    let row = expected(fault);
    let suite = okta_suite();
    let server = ServerProcess::start(&["--fault", row.fault]);
    let result = run_okta(&suite, &server, 10_000);
    let want: BTreeSet<String> = row.fails.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(
        failed_steps(&result),
        want,
        "--fault {fault}; what failed:\n{}",
        explain(&result)
    );
    // Nothing else went wrong: every step but the failing ones passed, pauses skipped.
    for step in &result.steps {
        let expected = match step {
            s if s.step_type == "pause" => StepOutcome::Skipped,
            s if want.contains(s.note.trim()) => s.outcome,
            _ => StepOutcome::Pass,
        };
        assert_eq!(step.outcome, expected, "{}", step.note);
    }
}

// ---------------------------------------------------------------------------------------
// Tests.

#[test]
fn okta_spec_passes_without_faults() {
    let suite = okta_suite();
    let server = ServerProcess::start(&[]);
    let result = run_okta(&suite, &server, 10_000);

    let requests: Vec<_> = result
        .steps
        .iter()
        .filter(|s| s.step_type == "request")
        .collect();
    assert_eq!(requests.len(), 12, "the suite has 12 request steps");
    for step in &requests {
        assert_eq!(
            step.outcome,
            StepOutcome::Pass,
            "{}:\n{}",
            step.note,
            explain(&result)
        );
        assert!(step.failure.is_none(), "{}: {:?}", step.note, step.failure);
        assert!(!step.assertions.is_empty(), "{} asserts nothing", step.note);
        for assertion in &step.assertions {
            assert_eq!(
                assertion.outcome,
                AssertionOutcome::Pass,
                "{}: {assertion:?}",
                step.note
            );
        }
    }
    assert!(result
        .steps
        .iter()
        .filter(|s| s.step_type == "pause")
        .all(|s| s.outcome == StepOutcome::Skipped));
    assert_eq!(result.summary.assertions.failed, 0);
    assert_eq!(
        result.summary.assertions.total,
        result.summary.assertions.passed
    );
    // The Groups script ran (the server seeds groups) and passed.
    let groups = requests
        .iter()
        .find(|s| s.note.trim() == GROUPS_ENDPOINT)
        .expect("the Groups step ran");
    assert_eq!(groups.scripts.len(), 1);
    assert_eq!(groups.scripts[0].logs, ["true"]);
}

#[test]
fn the_first_extracted_id_is_used_in_the_next_url() {
    let suite = okta_suite();
    // Which step first extracts an id, and which later step's URL uses that variable.
    let request_steps: Vec<(usize, _)> = suite
        .steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Step::Request(r) => Some((i, r)),
            _ => None,
        })
        .collect();
    let (extracting, name) = request_steps
        .iter()
        .find_map(|(i, r)| {
            r.variables
                .iter()
                .filter(|v| v.property == "id" || v.property.ends_with(".id"))
                .find_map(|v| v.name.clone())
                .map(|name| (*i, name))
        })
        .expect("a step extracts an id");
    let using = request_steps
        .iter()
        .find(|(i, r)| *i > extracting && r.url.contains(&format!("{{{{{name}}}}}")))
        .map(|(i, _)| *i)
        .expect("a later step uses the id in its URL");
    // As read from the file: step 0 takes `Resources[0].id` into ISVUserid, step 2 GETs it.
    assert_eq!((extracting, name.as_str(), using), (0, "ISVUserid", 2));

    let server = ServerProcess::start(&[]);
    let result = run_okta(&suite, &server, 10_000);
    let extraction = result.steps[extracting]
        .variables
        .iter()
        .find(|v| v.name == name)
        .expect("the extraction is recorded");
    let id = extraction
        .value
        .as_deref()
        .unwrap_or_else(|| panic!("{name} was not extracted: {:?}", extraction.error));
    assert!(!id.is_empty());
    let url = &result.steps[using]
        .request
        .as_ref()
        .expect("the step was sent")
        .url;
    assert_eq!(url, &format!("{}/Users/{id}", server.base_url));
    assert_eq!(result.steps[using].outcome, StepOutcome::Pass);
}

#[test]
fn fault_duplicates_accepted() {
    fails_exactly_what_the_table_says("duplicates-accepted");
}

#[test]
fn fault_case_sensitive_filter() {
    fails_exactly_what_the_table_says("case-sensitive-filter");
}

#[test]
fn fault_plain_errors() {
    fails_exactly_what_the_table_says("plain-errors");
}

#[test]
fn fault_wrong_list_schema() {
    fails_exactly_what_the_table_says("wrong-list-schema");
}

#[test]
fn fault_empty_200_for_unknown() {
    fails_exactly_what_the_table_says("empty-200-for-unknown");
}

#[test]
fn fault_no_groups() {
    fails_exactly_what_the_table_says("no-groups");
}

#[test]
fn fault_slow_over_600_ms() {
    fails_exactly_what_the_table_says("slow=700");
}

/// CORS is enforced by browsers only: natively, a server without CORS headers passes.
#[test]
fn fault_no_cors_changes_nothing_natively() {
    fails_exactly_what_the_table_says("no-cors");
}

#[test]
fn fault_any_token() {
    fails_exactly_what_the_table_says("any-token");
}

/// Past the request timeout the transport gives up: every request step errors with a
/// timeout, and no assertion is judged on a response that never came.
#[test]
fn slow_responses_past_the_request_timeout_are_timeouts() {
    let suite = okta_suite();
    let server = ServerProcess::start(&["--fault", "slow=1000"]);
    let result = run_okta(&suite, &server, 150);
    for step in result.steps.iter().filter(|s| s.step_type == "request") {
        assert_eq!(step.outcome, StepOutcome::Error, "{}", step.note);
        let failure = step.failure.as_ref().expect("a request failure");
        assert_eq!(failure.kind, FailureKind::Timeout, "{}", failure.message);
        assert!(step.response.is_none());
    }
}

/// The table above names every fault the server has, and says what the README says.
#[test]
fn the_table_matches_the_readme() {
    let names: BTreeSet<&str> = scim_server::FAULTS.iter().map(|f| f.usage).collect();
    let rows: BTreeSet<&str> = EXPECTED.iter().map(|e| e.readme_heading).collect();
    assert_eq!(rows, names, "one row per fault");

    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("the README reads");
    let faults_part = readme
        .split_once("\n## Faults\n")
        .map(|(_, rest)| rest)
        .expect("the README has a Faults section");
    let faults_part = faults_part
        .split_once("\n## ")
        .map_or(faults_part, |(section, _)| section);
    for row in EXPECTED {
        let heading = format!("### `{}`\n", row.readme_heading);
        let section = faults_part
            .split_once(&heading)
            .map(|(_, rest)| rest.split_once("\n### ").map_or(rest, |(s, _)| s))
            .unwrap_or_else(|| panic!("no README section {heading:?}"));
        let named = steps_named(section);
        if row.fault == "no-cors" {
            // The README's list is the browser's; natively it says none fail.
            assert!(section.contains("A runner outside a"), "{section}");
            assert!(section.contains("fails none"), "{section}");
            assert!(row.fails.is_empty());
            assert_eq!(named.len(), 12, "in a browser every request step fails");
        } else {
            let want: BTreeSet<String> = row.fails.iter().map(|s| (*s).to_owned()).collect();
            assert_eq!(named, want, "README section {heading:?}");
            if row.fails.is_empty() {
                assert!(section.contains("fails no step"), "{section}");
            }
        }
    }
}

/// The step notes a README section names as failing: backquoted `Required Test: ...` and
/// `Optional Test: ...` in its `Fails` sentence.
fn steps_named(section: &str) -> BTreeSet<String> {
    let Some((_, fails)) = section.split_once("Fails") else {
        return BTreeSet::new();
    };
    let text = fails.replace('\n', " ");
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| s.starts_with("Required Test: ") || s.starts_with("Optional Test: "))
        .map(str::to_owned)
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
