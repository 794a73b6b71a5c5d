//! Real results: Okta's SCIM 2.0 SPEC suite (`../shared/okta/`, never copied here), alone or
//! with its Entitlements suite as a bucket export of two tests, run by `suite-engine` against
//! the `scim-server` binary over HTTP on 127.0.0.1, as
//! `crates/scim-server/tests/` do it: the binary started with `--port 0`, its URL read from
//! its first line, requests sent with a blocking `ureq` agent.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use suite_engine::{
    load_export, load_suite, Clock, Environment, FailureKind, Header, HttpRequest, HttpResponse,
    PausePolicy, RequestFailure, RunOptions, RunResult, Runner, ScriptAssertion, ScriptHost,
    ScriptInput, ScriptOutput, Timings, Transport,
};

/// The token the server is started with; no output may ever show it.
pub const TOKEN: &str = "r3port-T0KEN-never-shown";

/// The `scim-server` binary, built once per test run. Cargo only hands a package's own
/// binaries to its tests, so this asks Cargo to build it and reads where it went.
fn binary() -> &'static PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let output = Command::new(cargo)
            .args([
                "build",
                "-p",
                "scim-server",
                "--bin",
                "scim-server",
                "--message-format=json-render-diagnostics",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stderr(Stdio::inherit())
            .output()
            .expect("cargo runs");
        assert!(output.status.success(), "building scim-server failed");
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|m| m["target"]["name"] == "scim-server")
            .find_map(|m| m["executable"].as_str().map(PathBuf::from))
            .expect("cargo names the scim-server executable")
    })
}

/// A running `scim-server`, killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/scim/v2`.
    pub base_url: String,
}

impl Server {
    /// Starts the binary on a free port with [`TOKEN`] and `args` (`--fault NAME`).
    pub fn start(args: &[&str]) -> Server {
        let mut child = Command::new(binary())
            .args(["--port", "0", "--host", "127.0.0.1", "--token", TOKEN])
            .args(["--id-seed", "7"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("scim-server starts");
        let mut first_line = String::new();
        BufReader::new(child.stdout.take().expect("stdout is piped"))
            .read_line(&mut first_line)
            .expect("scim-server prints its URL");
        let base_url = first_line
            .trim()
            .strip_prefix("scim-server listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {first_line:?}"))
            .to_owned();
        Server { child, base_url }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // The child may be gone already; the test ends either way.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How a SPEC run goes.
#[derive(Clone, Copy, Default)]
pub struct SpecRun {
    pub stop_on_first_failure: bool,
}

/// One of Okta's files in `../shared/okta/`.
fn okta_file(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/okta")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("Okta's {name} is not at {}: {e}", path.display()))
}

/// The variables a tester gives for Okta's SPEC suite (what its Initial Script sets, fixed
/// instead of drawn at random), and `more`.
fn environment(base_url: &str, more: &[(&str, &str)]) -> Environment {
    let email = "Runscope123Abcdefgh456@atko.com";
    let spec = [
        ("SCIMBaseURL", base_url.to_string()),
        ("auth", format!("Bearer {TOKEN}")),
        ("randomGivenName", "Runscope123".into()),
        ("randomFamilyName", "Abcdefgh456".into()),
        ("randomEmail", email.into()),
        ("randomUsername", email.into()),
        ("InvalidUserEmail", "abcdefgh@atko.com".into()),
        (
            "UserIdThatDoesNotExist",
            "010101001010101011001010101011".into(),
        ),
        ("randomUsernameCaps", email.to_uppercase()),
    ];
    let more = more.iter().map(|(n, v)| (*n, (*v).to_string()));
    Environment::with_variables(spec.into_iter().chain(more))
}

fn options(how: SpecRun) -> RunOptions {
    RunOptions {
        pause_policy: PausePolicy::Skip,
        stop_on_first_failure: how.stop_on_first_failure,
        request_timeout_ms: 10_000,
        ..RunOptions::default()
    }
}

/// Runs Okta's SPEC suite against `base_url` with the right token.
pub fn run_spec(base_url: &str, how: SpecRun) -> RunResult {
    let suite =
        load_suite(&okta_file("Okta-SCIM-20-SPEC-Test.json")).expect("Okta's SPEC suite loads");
    let transport = Ureq::new();
    let clock = StdClock::new();
    futures::executor::block_on(
        Runner::new(&transport, &clock)
            .with_script_host(&GroupsScript)
            .run(&suite, &environment(base_url, &[]), &options(how)),
    )
}

/// A bucket export of two of Okta's suites, SPEC then Entitlements (a JSON list of the two
/// files' tests, as Runscope exports a bucket), loaded by the engine and run as the page
/// runs one: each test in order, from the same environment, against `base_url`.
pub fn run_bucket(base_url: &str) -> Vec<RunResult> {
    let bucket = format!(
        "[{}, {}]",
        okta_file("Okta-SCIM-20-SPEC-Test.json"),
        okta_file("Okta-SCIM-20-Entitlements-Test.json")
    );
    let export = load_export(&bucket).expect("the bucket loads");
    assert!(export.is_bucket && export.tests.len() == 2);
    let transport = Ureq::new();
    let clock = StdClock::new();
    // The Entitlements suite asks for the endpoint to list.
    let env = environment(base_url, &[("EntitlementEndpoint", "/Entitlements")]);
    let options = options(SpecRun::default());
    export
        .tests
        .iter()
        .map(|test| {
            futures::executor::block_on(
                Runner::new(&transport, &clock)
                    .with_script_host(&GroupsScript)
                    .run(test, &env, &options),
            )
        })
        .collect()
}

/// [`Transport`] over a blocking `ureq` agent: every status is a response, no redirects.
struct Ureq {
    agent: ureq::Agent,
}

impl Ureq {
    fn new() -> Ureq {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build();
        Ureq {
            agent: ureq::Agent::new_with_config(config),
        }
    }

    fn exchange(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        let failed =
            |kind: FailureKind| move |e: ureq::Error| RequestFailure::new(kind, e.to_string());
        let mut builder = ureq::http::Request::builder()
            .method(request.method.as_str())
            .uri(request.url.as_str());
        for h in &request.headers {
            builder = builder.header(h.name.as_str(), h.value.as_str());
        }
        let timeout = Some(Duration::from_millis(request.timeout_ms.max(1)));
        let started = Instant::now();
        let sent = match &request.body {
            Some(body) => builder.body(body.clone()).map(|b| {
                let b = self
                    .agent
                    .configure_request(b)
                    .timeout_global(timeout)
                    .build();
                self.agent.run(b)
            }),
            None => builder.body(()).map(|b| {
                let b = self
                    .agent
                    .configure_request(b)
                    .timeout_global(timeout)
                    .build();
                self.agent.run(b)
            }),
        }
        .map_err(|e| RequestFailure::new(FailureKind::InvalidUrl, e.to_string()))?;
        let mut response = sent.map_err(failed(FailureKind::Network))?;
        let body = response
            .body_mut()
            .with_config()
            .read_to_vec()
            .map_err(failed(FailureKind::Network))?;
        let total_ms = started.elapsed().as_secs_f64() * 1000.0;
        let status = response.status();
        Ok(HttpResponse {
            status: status.as_u16(),
            reason: status.canonical_reason().unwrap_or_default().to_owned(),
            headers: response
                .headers()
                .iter()
                .map(|(n, v)| Header::new(n.as_str(), String::from_utf8_lossy(v.as_bytes())))
                .collect(),
            body,
            timings: Some(Timings {
                total_ms: Some(total_ms),
                ..Timings::default()
            }),
            headers_not_sent: Vec::new(),
        })
    }
}

impl Transport for Ureq {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        // Blocking is fine: `block_on` drives the run on this thread alone.
        self.exchange(request)
    }
}

struct StdClock {
    started: Instant,
    epoch_ms: f64,
}

impl StdClock {
    fn new() -> StdClock {
        let since = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        StdClock {
            started: Instant::now(),
            epoch_ms: since.as_secs_f64() * 1000.0,
        }
    }
}

impl Clock for StdClock {
    fn now_ms(&self) -> f64 {
        self.epoch_ms + self.started.elapsed().as_secs_f64() * 1000.0
    }

    async fn sleep(&self, ms: f64) {
        std::thread::sleep(Duration::from_secs_f64(ms.max(0.0) / 1000.0));
    }
}

/// The SPEC suite's one script (after the Groups step) done in Rust, as the scim-server tests
/// do until a native script host exists: it asserts and logs `true` when Resources is a list.
struct GroupsScript;

impl ScriptHost for GroupsScript {
    async fn run(&self, input: ScriptInput<'_>) -> ScriptOutput {
        let mut out = ScriptOutput::default();
        let Some(response) = input.response else {
            return out;
        };
        let data: serde_json::Value = serde_json::from_str(&response.body).unwrap_or_default();
        if data["totalResults"].as_f64().is_some_and(|n| n >= 1.0) && data["Resources"].is_array() {
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
