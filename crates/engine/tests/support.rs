//! Test doubles: a transport that is a closure over the rendered request, a clock with
//! virtual time, a small SCIM responder for Okta's suite and a script host for its one
//! Groups script.

#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use percent_encoding::percent_decode_str;
use serde_json::{json, Value};
use suite_engine::*;

/// Where Okta's suite file is, outside the repository: `shared/okta/` beside the clone
/// (as CI has it), else `/work/shared/okta/`.
pub fn okta_path() -> std::path::PathBuf {
    let file = "okta/Okta-SCIM-20-SPEC-Test.json";
    let beside = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(file);
    if beside.exists() {
        return beside;
    }
    std::path::Path::new("/work/shared").join(file)
}

/// Okta's suite text.
pub fn okta_text() -> String {
    let path = okta_path();
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("Okta's suite file is not at {}: {e}", path.display()))
}

/// Okta's suite, loaded.
pub fn okta_suite() -> Suite {
    load_suite(&okta_text()).expect("Okta's suite loads")
}

/// A transport answering with a closure and remembering what it was sent.
pub struct FakeTransport<F> {
    pub answer: F,
    pub sent: RefCell<Vec<HttpRequest>>,
}

impl<F: Fn(&HttpRequest) -> Result<HttpResponse, RequestFailure>> FakeTransport<F> {
    pub fn new(answer: F) -> Self {
        FakeTransport {
            answer,
            sent: RefCell::new(Vec::new()),
        }
    }
}

impl<F: Fn(&HttpRequest) -> Result<HttpResponse, RequestFailure>> Transport for FakeTransport<F> {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        self.sent.borrow_mut().push(request.clone());
        (self.answer)(request)
    }
}

/// A JSON response.
pub fn json_response(status: u16, body: Value) -> HttpResponse {
    HttpResponse {
        status,
        reason: reason(status).into(),
        headers: vec![Header::new("Content-Type", "application/scim+json")],
        body: body.to_string().into_bytes(),
        ..HttpResponse::default()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        401 => "Unauthorized",
        404 => "Not Found",
        409 => "Conflict",
        _ => "",
    }
}

/// A clock with virtual time: sleeping moves it forward at once.
pub struct VirtualClock {
    pub now: Cell<f64>,
    /// Cancel this handle once virtual time reaches `cancel_at`, and then sleep forever.
    pub cancel_at: Option<(f64, CancelHandle)>,
}

/// The virtual clock starts here: 2024-05-13T13:58:51Z.
pub const START_MS: f64 = 1_715_608_731_000.0;

impl VirtualClock {
    pub fn new() -> VirtualClock {
        VirtualClock {
            now: Cell::new(START_MS),
            cancel_at: None,
        }
    }

    pub fn cancelling_at(ms_after_start: f64, handle: CancelHandle) -> VirtualClock {
        VirtualClock {
            now: Cell::new(START_MS),
            cancel_at: Some((START_MS + ms_after_start, handle)),
        }
    }

    pub fn elapsed(&self) -> f64 {
        self.now.get() - START_MS
    }
}

impl Clock for VirtualClock {
    fn now_ms(&self) -> f64 {
        self.now.get()
    }

    async fn sleep(&self, ms: f64) {
        if let Some((at, handle)) = &self.cancel_at {
            let target = self.now.get() + ms;
            if target >= *at {
                self.now.set(*at);
                handle.cancel();
                futures::future::pending::<()>().await;
            }
        }
        self.now.set(self.now.get() + ms);
    }
}

/// Yields once to the executor.
pub struct YieldNow(bool);

pub fn yield_now() -> YieldNow {
    YieldNow(false)
}

impl Future for YieldNow {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// The initial variables a user gives for Okta's suite, the Initial Script's included.
pub fn okta_environment() -> Environment {
    Environment::with_variables([
        ("SCIMBaseURL", "https://scim.example.test/scim/v2"),
        ("auth", "Bearer test-token"),
        ("randomGivenName", "Runscope123"),
        ("randomFamilyName", "Abcdefghi456"),
        ("randomEmail", "Runscope123Abcdefghi456@atko.com"),
        ("randomUsername", "Runscope123Abcdefghi456@atko.com"),
        ("InvalidUserEmail", "abcdefgh@atko.com"),
        ("UserIdThatDoesNotExist", "010101001010101011001010101011"),
        ("randomUsernameCaps", "RUNSCOPE123ABCDEFGHI456@ATKO.COM"),
    ])
}

/// A small SCIM 2.0 responder: enough of Users and Groups for Okta's suite.
pub struct Scim {
    pub users: RefCell<Vec<Value>>,
    pub token: String,
}

impl Scim {
    pub fn new() -> Scim {
        Scim {
            users: RefCell::new(vec![user("u-1", "seed@example.test", "Seed", "User")]),
            token: "Bearer test-token".into(),
        }
    }

    pub fn handle(&self, req: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        let Some(rest) = req.url.strip_prefix("https://scim.example.test/scim/v2") else {
            return Err(RequestFailure::new(
                FailureKind::Network,
                "connection refused",
            ));
        };
        let auth = req
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case("authorization"))
            .map(|h| h.value.as_str());
        if auth != Some(self.token.as_str()) {
            return Ok(error(401, "authentication required"));
        }
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let query = percent_decode_str(query).decode_utf8_lossy().into_owned();
        match (req.method.as_str(), path) {
            ("GET", "/Users") => Ok(self.list(&query)),
            ("POST", "/Users") => Ok(self.create(req.body.as_deref().unwrap_or(""))),
            ("GET", p) if p.starts_with("/Users/") => {
                let id = &p["/Users/".len()..];
                let users = self.users.borrow();
                match users.iter().find(|u| u["id"] == id) {
                    Some(u) => Ok(json_response(200, u.clone())),
                    None => Ok(error(404, "user not found")),
                }
            }
            ("GET", "/Groups") => Ok(json_response(
                200,
                json!({
                    "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
                    "totalResults": 1, "startIndex": 1, "itemsPerPage": 1,
                    "Resources": [{"id": "g-1", "displayName": "Everyone", "members": []}]
                }),
            )),
            _ => Ok(error(404, "no such endpoint")),
        }
    }

    fn list(&self, query: &str) -> HttpResponse {
        let users = self.users.borrow();
        let matching: Vec<Value> = match query.split('&').find_map(|p| p.strip_prefix("filter=")) {
            Some(filter) => {
                let wanted = filter
                    .strip_prefix("userName eq \"")
                    .and_then(|s| s.strip_suffix('"'))
                    .unwrap_or("");
                users
                    .iter()
                    .filter(|u| {
                        u["userName"]
                            .as_str()
                            .is_some_and(|n| n.eq_ignore_ascii_case(wanted))
                    })
                    .cloned()
                    .collect()
            }
            None => users.iter().take(1).cloned().collect(),
        };
        json_response(
            200,
            json!({
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
                "totalResults": matching.len(),
                "startIndex": 1,
                "itemsPerPage": matching.len(),
                "Resources": matching,
            }),
        )
    }

    fn create(&self, body: &str) -> HttpResponse {
        let Ok(new) = serde_json::from_str::<Value>(body) else {
            return error(400, "body is not JSON");
        };
        let name = new["userName"].as_str().unwrap_or("").to_string();
        let mut users = self.users.borrow_mut();
        if users.iter().any(|u| {
            u["userName"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(&name))
        }) {
            return error(409, "userName is taken");
        }
        let mut created = new.clone();
        created["id"] = json!(format!("u-{}", users.len() + 1));
        created["meta"] = json!({"resourceType": "User"});
        users.push(created.clone());
        json_response(201, created)
    }
}

pub fn user(id: &str, user_name: &str, given: &str, family: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "id": id,
        "userName": user_name,
        "name": {"givenName": given, "familyName": family},
        "emails": [{"primary": true, "value": user_name, "type": "work"}],
        "active": true
    })
}

pub fn error(status: u16, detail: &str) -> HttpResponse {
    json_response(
        status,
        json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
            "detail": detail,
            "status": status.to_string()
        }),
    )
}

/// A script host that understands the one script in Okta's 2.0 suite (the Groups check)
/// and records every script it is given.
#[derive(Default)]
pub struct OktaScripts {
    pub seen: RefCell<Vec<(ScriptKind, String)>>,
}

impl ScriptHost for OktaScripts {
    async fn run(&self, input: ScriptInput<'_>) -> ScriptOutput {
        self.seen
            .borrow_mut()
            .push((input.kind, input.source.to_string()));
        let Some(response) = input.response else {
            return ScriptOutput::default();
        };
        assert!(input.source.contains("JSON.parse(response.body)"));
        let data: Value = match serde_json::from_str(&response.body) {
            Ok(v) => v,
            Err(e) => {
                return ScriptOutput {
                    error: Some(ScriptError::Thrown {
                        message: format!("SyntaxError: {e}"),
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

/// Collects events as short strings.
pub fn event_name(e: &RunEvent<'_>) -> String {
    match e {
        RunEvent::RunStarted { total_steps, .. } => format!("run started {total_steps}"),
        RunEvent::InitialScriptFinished { result } => {
            format!("initial script finished {:?}", result.variables_set)
        }
        RunEvent::StepStarted { path, .. } => format!("step started {path:?}"),
        RunEvent::StepFinished { result } => {
            format!("step finished {:?} {:?}", result.path, result.outcome)
        }
        RunEvent::PauseStarted { path, duration_ms } => {
            format!("pause started {path:?} {duration_ms}")
        }
        RunEvent::PauseTick { path, remaining_ms } => format!("pause tick {path:?} {remaining_ms}"),
        RunEvent::PauseFinished { path, waited_ms } => {
            format!("pause finished {path:?} {waited_ms}")
        }
        RunEvent::RunFinished { result } => format!("run finished {:?}", result.outcome),
    }
}

/// A suite from a list of step objects.
pub fn suite_of(steps: Value) -> Suite {
    load_suite(&json!({"name": "t", "steps": steps}).to_string()).expect("test suite loads")
}

/// Runs a suite with a closure transport, a virtual clock and no scripts.
pub fn run_with<F>(suite: &Suite, env: &Environment, options: &RunOptions, answer: F) -> RunResult
where
    F: Fn(&HttpRequest) -> Result<HttpResponse, RequestFailure>,
{
    let transport = FakeTransport::new(answer);
    let clock = VirtualClock::new();
    futures::executor::block_on(Runner::new(&transport, &clock).run(suite, env, options))
}

/// A file of the corpus of real exports (`tests/corpus/`).
pub fn corpus(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name)
}
