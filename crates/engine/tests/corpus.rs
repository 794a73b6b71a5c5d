//! The corpus of real public exports (`tests/corpus/`, sources in its README): each file
//! loads (or says in plain words why it is not a test), lists its variables, reports its
//! problems and runs against a real HTTP server on 127.0.0.1 without a panic.
//!
//! The transport sends every request to the local server whatever host the suite names,
//! keeping the path and query, so nothing leaves the machine.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use suite_engine::*;

use crate::support::corpus;

/// Answers every request with a SCIM-like list that echoes the method and path.
fn serve() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let port = listener.local_addr().expect("address").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = answer(stream);
        }
    });
    port
}

fn answer(stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let json = serde_json::json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": 1, "startIndex": 1, "itemsPerPage": 1,
        "Resources": [{"id": "1", "userName": "a@example.test", "active": true}],
        "id": "1", "echo": target, "success": true, "shuffled": true, "deck_id": "d", "remaining": 10,
    })
    .to_string();
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{json}",
        json.len()
    )?;
    out.flush()
}

/// Plain HTTP/1.1 to the local server, one connection per request.
struct Local {
    port: u16,
}

impl Local {
    fn exchange(&self, request: &HttpRequest) -> std::io::Result<HttpResponse> {
        let after_scheme = request
            .url
            .split_once("://")
            .map_or(request.url.as_str(), |(_, r)| r);
        let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
        let path: String = path.chars().filter(|c| c.is_ascii_graphic()).collect();
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))?;
        stream.set_read_timeout(Some(Duration::from_secs(5)))?;
        let body = request.body.clone().unwrap_or_default();
        let method: String = request
            .method
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .collect();
        let method = if method.is_empty() {
            "GET".to_string()
        } else {
            method
        };
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw)?;
        let text = String::from_utf8_lossy(&raw);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers = head
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| Header::new(n.trim(), v.trim()))
            .collect();
        Ok(HttpResponse {
            status,
            reason: "OK".into(),
            headers,
            body: body.as_bytes().to_vec(),
            ..HttpResponse::default()
        })
    }
}

impl Transport for Local {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        self.exchange(request)
            .map_err(|e| RequestFailure::new(FailureKind::Network, e.to_string()))
    }
}

struct Now;

impl Clock for Now {
    fn now_ms(&self) -> f64 {
        1_715_608_731_000.0
    }
    async fn sleep(&self, _ms: f64) {}
}

/// Every corpus file: what it holds and what loading it must give.
const FILES: &[(&str, Expect)] = &[
    ("estebansg7-HealthMonitoring.json", Expect::Tests(24)),
    ("okta-docs-Okta-SCIM-11-CRUD-Test.json", Expect::Tests(1)),
    ("okta-docs-Okta-SCIM-11-SPEC-Test.json", Expect::Tests(1)),
    (
        "okta-docs-Okta-SCIM-20-SPEC-Test-old.json",
        Expect::Tests(1),
    ),
    (
        "okta-docs-Okta-SCIM-20-With-Entitlements-CRUD-Test.json",
        Expect::Tests(1),
    ),
    ("postmanlabs-runscope1.json", Expect::Tests(1)),
    ("postmanlabs-runscope2.json", Expect::Tests(1)),
    (
        "pratikjoy7-okta-scim-beta-SCIM_tests_for_Runscope.json",
        Expect::Tests(1),
    ),
    (
        "runscope-api-examples-deck_of_cards_api_test.json",
        Expect::Tests(1),
    ),
    ("runscope-api-examples-minimal_test.json", Expect::NotATest),
    (
        "ujihisa-okta-scim-beta-SCIM_tests_for_Runscope.json",
        Expect::Tests(1),
    ),
];

#[derive(Clone, Copy, Debug)]
enum Expect {
    Tests(usize),
    NotATest,
}

#[test]
fn the_list_names_every_corpus_file() {
    let mut on_disk: Vec<String> = std::fs::read_dir(corpus(""))
        .expect("corpus folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    on_disk.sort();
    let listed: Vec<&str> = FILES.iter().map(|(n, _)| *n).collect();
    assert_eq!(on_disk, listed);
}

#[test]
fn every_file_loads_lists_variables_reports_problems_and_runs_locally() {
    let port = serve();
    let transport = Local { port };
    let options = RunOptions {
        pause_policy: PausePolicy::Skip,
        request_timeout_ms: 5_000,
        ..RunOptions::default()
    };
    let mut requests = 0;
    for (name, expect) in FILES {
        let bytes = std::fs::read(corpus(name)).expect("corpus file");
        let export = load_export_bytes(&bytes);
        let export = match (expect, export) {
            (Expect::NotATest, Err(e)) => {
                assert_eq!(
                    e.to_string(),
                    "this is not a Runscope test export: it has no list of steps",
                    "{name}"
                );
                continue;
            }
            (Expect::Tests(n), Ok(export)) => {
                assert_eq!(export.tests.len(), *n, "{name}");
                export
            }
            (_, other) => panic!("{name}: {other:?}"),
        };
        for test in &export.tests {
            let used = test.variables_used();
            let problems = test.problems(&used);
            assert!(
                problems
                    .items
                    .iter()
                    .all(|p| p.kind != ProblemKind::UndefinedVariable),
                "{name}: {problems:?}"
            );
            assert!(!problems.summary().is_empty());
            let env = Environment::with_variables(used.iter().map(|v| {
                let value = if test.environment_variables().contains(v) {
                    format!("http://127.0.0.1:{port}/base")
                } else {
                    format!("value of {v}")
                };
                (v.clone(), value)
            }));
            let result = futures::executor::block_on(
                Runner::new(&transport, &Now).run(test, &env, &options),
            );
            assert_eq!(result.steps.len(), test.counts().total, "{name}");
            requests += result.steps.iter().filter(|s| s.response.is_some()).count();
            assert!(
                result.steps.iter().all(|s| s.failure.is_none()),
                "{name}: a request got no response"
            );
            assert!(load_result(&result.to_json()).is_ok(), "{name}");
        }
    }
    assert!(requests > 300, "{requests}");
}

#[test]
fn what_the_corpus_taught() {
    let load =
        |name: &str| load_export_bytes(&std::fs::read(corpus(name)).expect("file")).expect("loads");
    // Okta's beta suite: a variable with spaces, needed first and supplied by the environment.
    let beta = load("ujihisa-okta-scim-beta-SCIM_tests_for_Runscope.json");
    assert_eq!(beta.tests[0].environment_variables()[0], "SCIM Base URL");
    // The bucket export: 24 tests; `binary_body: []` and `graphql_body: {}` are no bodies.
    let bucket = load("estebansg7-HealthMonitoring.json");
    assert!(bucket.is_bucket);
    let empty_bodies = bucket
        .tests
        .iter()
        .flat_map(|t| &t.steps)
        .filter(
            |s| matches!(s, Step::Request(r) if r.binary_body.is_some() && !r.has_binary_body()),
        )
        .count();
    assert_eq!(empty_bodies, 29); // top-level steps; two more inside conditions
                                  // Okta's entitlements CRUD file: five `binary_body: []` and no problem about them.
    let crud = load("okta-docs-Okta-SCIM-20-With-Entitlements-CRUD-Test.json");
    let problems = crud.tests[0].problems(&crud.tests[0].variables_used());
    assert!(
        problems
            .items
            .iter()
            .all(|p| p.kind != ProblemKind::Unsupported),
        "{problems:?}"
    );
}
