//! Replays Okta's SCIM 2.0 SPEC suite (`Okta-SCIM-20-SPEC-Test.json`) against the binary by
//! hand: variables set as Okta's Initial Script sets them, templates rendered, pauses
//! skipped, each request sent as a browser would (CORS preflight first), assertions and
//! variable extraction with Runscope's semantics, and the one post-response script
//! re-implemented. Until the engine crate runs suites, this is how we know the server
//! passes the suite, and that each fault fails exactly the steps its documentation names.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

use crate::support::{Reply, ServerProcess, TOKEN};

/// The origin the replay pretends to run from, as a page on another origin would.
const RUNNER_ORIGIN: &str = "http://runner.test";

/// Okta's suite file, read at test time from `shared/okta/` beside the repository (or the
/// folder named by `OKTA_SUITES_DIR`).
pub fn spec_suite() -> Value {
    let dir = std::env::var_os("OKTA_SUITES_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/okta"),
        PathBuf::from,
    );
    let path = dir.join("Okta-SCIM-20-SPEC-Test.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).expect("the suite is JSON")
}

/// What happened to one request step.
#[derive(Debug)]
pub struct StepResult {
    /// The step's note as written in the file, trimmed.
    pub note: String,
    /// Why it failed; empty when it passed.
    pub failures: Vec<String>,
}

/// Runs every request step of `suite` against `server`; pauses are skipped.
pub fn replay(suite: &Value, server: &ServerProcess) -> Vec<StepResult> {
    let mut variables = initial_variables(server);
    let mut results = Vec::new();
    for step in suite["steps"].as_array().expect("steps") {
        if step["step_type"] != "request" || step["skipped"] == true {
            continue;
        }
        let note = step["note"].as_str().unwrap_or_default().trim().to_owned();
        let failures = run_step(step, server, &mut variables);
        results.push(StepResult { note, failures });
    }
    results
}

/// The notes of the steps that failed.
pub fn failing(results: &[StepResult]) -> Vec<&str> {
    results
        .iter()
        .filter(|r| !r.failures.is_empty())
        .map(|r| r.note.as_str())
        .collect()
}

/// The initial variables a tester types in, and what Okta's Initial Script sets (with
/// fixed "random" parts of the same shapes).
fn initial_variables(server: &ServerProcess) -> BTreeMap<String, String> {
    let first_name = "Runscope417";
    let last_name = "Qwertyuio982";
    let email = format!("{first_name}{last_name}@atko.com");
    [
        ("SCIMBaseURL", server.base_url.clone()),
        ("auth", format!("Bearer {TOKEN}")),
        ("randomGivenName", first_name.to_owned()),
        ("randomFamilyName", last_name.to_owned()),
        ("randomEmail", email.clone()),
        ("randomUsername", email.clone()),
        ("InvalidUserEmail", "abcdefgh@atko.com".to_owned()),
        (
            "UserIdThatDoesNotExist",
            "010101001010101011001010101011".to_owned(),
        ),
        ("randomUsernameCaps", email.to_uppercase()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// `{{name}}` replaced by the variable's value; unknown names stay as written.
fn render(template: &str, variables: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}") else {
            break;
        };
        out.push_str(&rest[..start]);
        let name = rest[start + 2..start + end].trim();
        match variables.get(name) {
            Some(value) => out.push_str(value),
            None => out.push_str(&rest[start..start + end + 2]),
        }
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

fn run_step(
    step: &Value,
    server: &ServerProcess,
    variables: &mut BTreeMap<String, String>,
) -> Vec<String> {
    let method = step["method"].as_str().unwrap_or("GET");
    let url = render(step["url"].as_str().unwrap_or_default(), variables);
    let mut headers: Vec<(String, String)> = Vec::new();
    for (name, values) in step["headers"].as_object().into_iter().flatten() {
        // A browser drops Accept-Charset (a forbidden header) and sends its own User-Agent.
        if name.eq_ignore_ascii_case("Accept-Charset") || name.eq_ignore_ascii_case("User-Agent") {
            continue;
        }
        for value in values.as_array().into_iter().flatten() {
            headers.push((
                name.clone(),
                render(value.as_str().unwrap_or_default(), variables),
            ));
        }
    }
    let body = step["body"]
        .as_str()
        .filter(|b| !b.is_empty())
        .map(|b| render(b, variables));

    if let Some(blocked) = cors_blocks(server, method, &url, &headers) {
        return vec![blocked];
    }
    headers.push(("Origin".to_owned(), RUNNER_ORIGIN.to_owned()));
    let header_refs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let reply = server.send(method, &url, &header_refs, body.as_deref());
    if reply.header("Access-Control-Allow-Origin").is_none() {
        return vec!["the browser blocks the response: no Access-Control-Allow-Origin".to_owned()];
    }

    for variable in step["variables"].as_array().into_iter().flatten() {
        let Some(name) = variable["name"].as_str() else {
            continue;
        };
        let property = variable["property"].as_str().unwrap_or_default();
        if let Some(value) = actual(
            &reply,
            variable["source"].as_str().unwrap_or_default(),
            property,
        ) {
            variables.insert(name.to_owned(), text(&value));
        }
    }

    let mut failures = Vec::new();
    for script in step["scripts"].as_array().into_iter().flatten() {
        if let Some(failure) = run_script(script.as_str().unwrap_or_default(), &reply) {
            failures.push(failure);
        }
    }
    for assertion in step["assertions"].as_array().into_iter().flatten() {
        if let Some(failure) = check_assertion(assertion, &reply, variables) {
            failures.push(failure);
        }
    }
    failures
}

/// What a browser does before a request with an Authorization header: a preflight.
fn cors_blocks(
    server: &ServerProcess,
    method: &str,
    url: &str,
    headers: &[(String, String)],
) -> Option<String> {
    let mut names: Vec<String> = headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .collect();
    names.sort();
    names.dedup();
    let requested = names.join(",");
    let preflight = server.send(
        "OPTIONS",
        url,
        &[
            ("Origin", RUNNER_ORIGIN),
            ("Access-Control-Request-Method", method),
            ("Access-Control-Request-Headers", &requested),
        ],
        None,
    );
    let origin_ok = preflight
        .header("Access-Control-Allow-Origin")
        .is_some_and(|o| o == RUNNER_ORIGIN || o == "*");
    let allowed_headers = preflight
        .header("Access-Control-Allow-Headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let headers_ok = names
        .iter()
        .all(|n| allowed_headers.split(',').any(|a| a.trim() == n));
    let method_ok = preflight
        .header("Access-Control-Allow-Methods")
        .is_some_and(|m| m.split(',').any(|a| a.trim().eq_ignore_ascii_case(method)));
    let status_ok = (200..300).contains(&preflight.status);
    if origin_ok && headers_ok && method_ok && status_ok {
        None
    } else {
        Some(format!(
            "the browser blocks the request: preflight answered {} without the CORS headers",
            preflight.status
        ))
    }
}

/// The value an assertion or variable reads; `None` when there is none.
fn actual(reply: &Reply, source: &str, property: &str) -> Option<Value> {
    match source {
        "response_status" => Some(Value::from(reply.status)),
        "response_time" => Some(Value::from(
            u64::try_from(reply.elapsed.as_millis()).unwrap_or(u64::MAX),
        )),
        "response_headers" => reply.header(property).map(|v| Value::String(v.to_owned())),
        "response_text" => Some(Value::String(reply.body.clone())),
        "response_json" => {
            let body: Value = serde_json::from_str(&reply.body).ok()?;
            json_path(&body, property).cloned()
        }
        other => panic!("the replay does not implement source {other}"),
    }
}

/// JavaScript notation: `Resources[0].name.familyName`; empty is the whole body.
fn json_path<'a>(body: &'a Value, path: &str) -> Option<&'a Value> {
    let mut current = body;
    if path.is_empty() {
        return Some(current);
    }
    for part in path.split('.') {
        let (key, indices) = part.split_once('[').map_or((part, ""), |(k, i)| (k, i));
        if !key.is_empty() {
            current = current.get(key)?;
        }
        for index in indices.split('[').filter(|i| !i.is_empty()) {
            let index: usize = index.trim_end_matches(']').parse().ok()?;
            current = current.get(index)?;
        }
    }
    Some(current)
}

/// Runscope's text form: strings as they are, numbers shortest, null as empty, the rest
/// as compact JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn is_empty(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
        Some(_) => false,
    }
}

fn check_assertion(
    assertion: &Value,
    reply: &Reply,
    variables: &BTreeMap<String, String>,
) -> Option<String> {
    let source = assertion["source"].as_str().unwrap_or_default();
    let property = assertion["property"].as_str().unwrap_or_default();
    let comparison = assertion["comparison"].as_str().unwrap_or_default();
    let expected = match &assertion["value"] {
        Value::String(s) => render(s, variables),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let value = actual(reply, source, property);
    let passed = match comparison {
        "equal" => value.as_ref().is_some_and(|v| text(v) == expected),
        "not_empty" => !is_empty(value.as_ref()),
        "is_a_number" => value.as_ref().and_then(number).is_some(),
        "equal_number" => value
            .as_ref()
            .and_then(number)
            .zip(expected.trim().parse::<f64>().ok())
            .is_some_and(|(a, b)| a == b),
        "is_less_than" => value
            .as_ref()
            .and_then(number)
            .zip(expected.trim().parse::<f64>().ok())
            .is_some_and(|(a, b)| a < b),
        "has_value" | "contains" => match &value {
            Some(Value::Array(items)) => items.iter().any(|item| text(item) == expected),
            Some(Value::Object(o)) if comparison == "has_value" => {
                o.values().any(|v| text(v) == expected)
            }
            Some(Value::String(s)) if comparison == "contains" => s.contains(&expected),
            _ => false,
        },
        other => panic!("the replay does not implement comparison {other}"),
    };
    (!passed).then(|| {
        format!(
            "{source} {property} {comparison} {expected:?}: actual {}",
            value.map_or("(none)".to_owned(), |v| text(&v))
        )
    })
}

/// The suite's only script (on the Groups step), re-implemented: it parses the body as
/// JSON (a throw fails the step) and asserts nothing that can fail once parsed.
fn run_script(script: &str, reply: &Reply) -> Option<String> {
    if script.trim().is_empty() {
        return None;
    }
    assert!(
        script.contains("JSON.parse(response.body)") && script.contains("data.totalResults"),
        "the replay knows only the Groups step's script, not {script:?}"
    );
    // if (max === 0) assert("nogroups", ...) passes (a non-empty string is truthy), and
    // else if (max >= 1 && Array.isArray(res)) assert.ok(true) passes: only the parse can fail.
    serde_json::from_str::<Value>(&reply.body)
        .err()
        .map(|e| format!("script: JSON.parse threw: {e}"))
}

#[test]
fn the_server_passes_okta_scim_20_spec() {
    let suite = spec_suite();
    let server = ServerProcess::start(&[]);
    let results = replay(&suite, &server);
    assert_eq!(results.len(), 12, "the suite has 12 request steps");
    for result in &results {
        assert!(
            result.failures.is_empty(),
            "{}: {:?}",
            result.note,
            result.failures
        );
    }
}

#[test]
fn the_server_passes_with_a_bare_token_and_another_base_path() {
    let suite = spec_suite();
    let server = ServerProcess::start(&[
        "--base-path",
        "/api/scim/v2/",
        "--token",
        "t0k3n",
        "--seed",
        "1",
        "--groups",
        "1",
    ]);
    assert!(
        server.base_url.ends_with("/api/scim/v2"),
        "{}",
        server.base_url
    );
    let mut suite = suite;
    // The tester types the bare token as the auth variable.
    let text = suite.to_string().replace("{{auth}}", "t0k3n");
    suite = serde_json::from_str(&text).expect("still JSON");
    let results = replay(&suite, &server);
    assert_eq!(failing(&results), Vec::<&str>::new(), "{results:#?}");
}

#[test]
fn without_seed_users_the_first_steps_fail() {
    let server = ServerProcess::start(&["--seed", "0"]);
    let results = replay(&spec_suite(), &server);
    assert_eq!(
        failing(&results),
        [
            "Required Test: Test Users endpoint",
            "Required Test: Get Users/{{id}}"
        ]
    );
}

#[test]
fn the_replay_notices_a_broken_assertion() {
    let mut suite = spec_suite();
    suite["steps"][0]["assertions"][0]["value"] = Value::String("201".to_owned());
    let server = ServerProcess::start(&[]);
    let results = replay(&suite, &server);
    assert_eq!(failing(&results), ["Required Test: Test Users endpoint"]);
    assert_eq!(
        results[0].failures,
        ["response_status  equal_number \"201\": actual 200"]
    );
}
