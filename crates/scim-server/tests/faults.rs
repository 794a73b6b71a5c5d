//! Each fault over HTTP, and each fault against Okta's 2.0 SPEC suite: the steps that fail
//! must be exactly those the fault's documentation names.

use std::process::Command;
use std::time::Duration;

use scim_server::FAULTS;
use serde_json::{json, Value};

use crate::okta::{failing, replay, spec_suite};
use crate::support::ServerProcess;

fn new_user(user_name: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": user_name,
        "name": {"givenName": "Dup", "familyName": "Licate"},
        "emails": [{"value": user_name, "primary": true}],
        "active": true
    })
}

/// Replays Okta's suite with `fault` on and compares the failing steps with its
/// documentation (`FaultInfo::okta_fails`).
fn fails_what_its_documentation_says(name: &str, argument: &str) {
    let info = FAULTS
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no fault {name}"));
    let server = ServerProcess::start(&["--fault", argument]);
    let results = replay(&spec_suite(), &server);
    assert_eq!(
        failing(&results),
        info.okta_fails,
        "{argument}: {results:#?}"
    );
}

#[test]
fn okta_duplicates_accepted() {
    fails_what_its_documentation_says("duplicates-accepted", "duplicates-accepted");
}

#[test]
fn okta_case_sensitive_filter() {
    fails_what_its_documentation_says("case-sensitive-filter", "case-sensitive-filter");
}

#[test]
fn okta_plain_errors() {
    fails_what_its_documentation_says("plain-errors", "plain-errors");
}

#[test]
fn okta_wrong_list_schema() {
    fails_what_its_documentation_says("wrong-list-schema", "wrong-list-schema");
}

#[test]
fn okta_empty_200_for_unknown() {
    fails_what_its_documentation_says("empty-200-for-unknown", "empty-200-for-unknown");
}

#[test]
fn okta_no_groups() {
    fails_what_its_documentation_says("no-groups", "no-groups");
}

#[test]
fn okta_slow_over_600_ms() {
    fails_what_its_documentation_says("slow", "slow=650");
}

#[test]
fn okta_slow_under_600_ms_fails_nothing() {
    let server = ServerProcess::start(&["--fault", "slow=20"]);
    let results = replay(&spec_suite(), &server);
    assert_eq!(failing(&results), Vec::<&str>::new(), "{results:#?}");
}

#[test]
fn okta_no_cors() {
    fails_what_its_documentation_says("no-cors", "no-cors");
}

#[test]
fn okta_any_token() {
    fails_what_its_documentation_says("any-token", "any-token");
}

#[test]
fn every_fault_has_an_okta_test_above() {
    let source = include_str!("faults.rs");
    for fault in FAULTS {
        let call = format!("fails_what_its_documentation_says(\"{}\"", fault.name);
        assert!(source.contains(&call), "no Okta replay for {}", fault.name);
    }
}

#[test]
fn the_readme_documents_every_fault_and_its_steps() {
    let readme = include_str!("../README.md");
    for fault in FAULTS {
        let heading = format!("### `{}`", fault.usage);
        let section = readme
            .split(&heading)
            .nth(1)
            .unwrap_or_else(|| panic!("README has no {heading}"));
        let section = section.split("\n### ").next().unwrap_or_default();
        for step in fault.okta_fails {
            assert!(
                section.contains(step),
                "README {heading} does not name {step:?}"
            );
        }
        if fault.okta_fails.is_empty() {
            assert!(
                section.contains("fails no step"),
                "README {heading} should say it fails no step"
            );
        }
    }
}

#[test]
fn duplicates_accepted_creates_twice() {
    let server = ServerProcess::start(&["--fault", "duplicates-accepted"]);
    let user = new_user("twice@example.com");
    assert_eq!(server.call("POST", "/Users", Some(&user)).status, 201);
    assert_eq!(server.call("POST", "/Users", Some(&user)).status, 201);
    let list = server.call(
        "GET",
        "/Users?filter=userName eq \"TWICE@example.com\"",
        None,
    );
    assert_eq!(list.json()["totalResults"], 2);
}

#[test]
fn case_sensitive_filter_misses_other_cases() {
    let server = ServerProcess::start(&["--fault", "case-sensitive-filter"]);
    let upper = server.call(
        "GET",
        "/Users?filter=userName eq \"BARBARA.JENSEN@EXAMPLE.COM\"",
        None,
    );
    assert_eq!(
        (upper.status, upper.json()["totalResults"].clone()),
        (200, json!(0))
    );
    let exact = server.call(
        "GET",
        "/Users?filter=userName eq \"barbara.jensen@example.com\"",
        None,
    );
    assert_eq!(exact.json()["totalResults"], 1);
    // Uniqueness still ignores case: only the filter is wrong.
    let duplicate = server.call(
        "POST",
        "/Users",
        Some(&new_user("BARBARA.JENSEN@example.com")),
    );
    assert_eq!(duplicate.status, 409);
}

#[test]
fn plain_errors_are_text() {
    let server = ServerProcess::start(&["--fault", "plain-errors"]);
    let missing = server.call("GET", "/Users/nope", None);
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("Content-Type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(missing.body, "Not Found: no user with id \"nope\"");
    let unauthorized = server.send("GET", "/Users", &[("Authorization", "non-token")], None);
    assert_eq!(
        (unauthorized.status, unauthorized.json()),
        (401, Value::Null)
    );
}

#[test]
fn wrong_list_schema_names_the_core_namespace() {
    let server = ServerProcess::start(&["--fault", "wrong-list-schema"]);
    let list = server.call("GET", "/Groups", None);
    assert_eq!(
        list.json()["schemas"],
        json!(["urn:ietf:params:scim:schemas:core:2.0:ListResponse"])
    );
}

#[test]
fn empty_200_for_unknown_ids() {
    let server = ServerProcess::start(&["--fault", "empty-200-for-unknown"]);
    for method in ["GET", "DELETE"] {
        let reply = server.call(method, "/Users/010101001010101011001010101011", None);
        assert_eq!((reply.status, reply.body.as_str()), (200, ""), "{method}");
    }
    // Other errors are untouched.
    assert_eq!(server.call("GET", "/Nope", None).status, 404);
}

#[test]
fn no_groups_hides_the_endpoint() {
    let server = ServerProcess::start(&["--fault", "no-groups"]);
    assert_eq!(server.call("GET", "/Groups", None).status, 404);
    assert_eq!(server.call("GET", "/Users", None).status, 200);
}

#[test]
fn slow_delays_responses_but_not_preflights() {
    let server = ServerProcess::start(&["--fault", "slow=300"]);
    let reply = server.call("GET", "/Users", None);
    assert_eq!(reply.status, 200);
    assert!(
        reply.elapsed >= Duration::from_millis(300),
        "{:?}",
        reply.elapsed
    );
    let preflight = server.send(
        "OPTIONS",
        "/Users",
        &[
            ("Origin", "http://x.test"),
            ("Access-Control-Request-Method", "GET"),
        ],
        None,
    );
    assert_eq!(preflight.status, 204);
    assert!(
        preflight.elapsed < Duration::from_millis(300),
        "{:?}",
        preflight.elapsed
    );
}

#[test]
fn no_cors_sends_no_cors_headers() {
    let server = ServerProcess::start(&["--fault", "no-cors"]);
    let reply = server.send(
        "GET",
        "/Users",
        &[
            ("Authorization", "Bearer secret-token"),
            ("Origin", "http://x.test"),
        ],
        None,
    );
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("Access-Control-Allow-Origin"), None);
    assert_eq!(reply.header("Timing-Allow-Origin"), None);
    let preflight = server.send(
        "OPTIONS",
        "/Users",
        &[
            ("Origin", "http://x.test"),
            ("Access-Control-Request-Method", "GET"),
        ],
        None,
    );
    assert_eq!(preflight.status, 401);
    assert_eq!(preflight.header("Access-Control-Allow-Origin"), None);
}

#[test]
fn any_token_accepts_everything() {
    let server = ServerProcess::start(&["--fault", "any-token"]);
    assert_eq!(
        server
            .send("GET", "/Users", &[("Authorization", "non-token")], None)
            .status,
        200
    );
    assert_eq!(server.send("GET", "/Users", &[], None).status, 200);
}

#[test]
fn faults_combine_comma_separated_or_repeated() {
    let server =
        ServerProcess::start(&["--fault", "plain-errors,any-token", "--fault", "no-groups"]);
    let reply = server.send("GET", "/Groups", &[], None);
    assert_eq!(
        (reply.status, reply.body.as_str()),
        (404, "Not Found: no SCIM endpoint at /scim/v2/Groups")
    );
}

#[test]
fn an_unknown_fault_is_a_usage_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_scim-server"))
        .args(["--port", "0", "--fault", "sloppy"])
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown fault \"sloppy\""), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn help_lists_every_fault_with_its_okta_steps() {
    let output = Command::new(env!("CARGO_BIN_EXE_scim-server"))
        .arg("--help")
        .output()
        .expect("the binary runs");
    let help = String::from_utf8_lossy(&output.stdout);
    for fault in FAULTS {
        assert!(help.contains(fault.usage), "--help lacks {}", fault.usage);
        for step in fault.okta_fails {
            assert!(help.contains(step), "--help lacks {step}");
        }
    }
}
