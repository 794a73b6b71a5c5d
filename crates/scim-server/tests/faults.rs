//! Each fault over HTTP, by hand. Which of Okta's steps each one fails is checked by
//! running the suites (`okta_spec.rs`, `okta_crud.rs`).

use std::process::Command;
use std::time::Duration;

use serde_json::{json, Value};

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
fn ignores_deactivate_keeps_users_active() {
    let server = ServerProcess::start(&["--fault", "ignores-deactivate"]);
    let user = server
        .call("POST", "/Users", Some(&new_user("stay@example.com")))
        .json();
    let target = format!("/Users/{}", user["id"].as_str().unwrap_or_default());
    let off = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "value": {"active": false}}]});
    let patched = server.call("PATCH", &target, Some(&off));
    assert_eq!(
        (patched.status, patched.json()["active"].clone()),
        (200, json!(true))
    );
    let mut put = new_user("stay@example.com");
    put["active"] = json!(false);
    assert_eq!(
        server.call("PUT", &target, Some(&put)).json()["active"],
        true
    );
}

#[test]
fn put_drops_what_it_was_not_sent_only_under_the_fault() {
    for (fault, title, active) in [
        (None, Value::Null, json!(true)),
        (Some("put-drops-unsent"), Value::Null, json!(false)),
    ] {
        let args: Vec<&str> = fault.map(|f| vec!["--fault", f]).unwrap_or_default();
        let server = ServerProcess::start(&args);
        let mut user = new_user("drop@example.com");
        user["title"] = json!("Engineer");
        let created = server.call("POST", "/Users", Some(&user)).json();
        let target = format!("/Users/{}", created["id"].as_str().unwrap_or_default());
        let partial = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "drop@example.com"});
        let replaced = server.call("PUT", &target, Some(&partial)).json();
        assert_eq!(
            (replaced["title"].clone(), replaced["active"].clone()),
            (title, active),
            "{fault:?}"
        );
    }
}

#[test]
fn patch_unsupported_answers_501() {
    let server = ServerProcess::start(&["--fault", "patch-unsupported"]);
    let user = server.call("GET", "/Users?count=1", None).json();
    let target = format!(
        "/Users/{}",
        user["Resources"][0]["id"].as_str().unwrap_or_default()
    );
    let patch = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "value": {"active": false}}]});
    let reply = server.call("PATCH", &target, Some(&patch));
    assert_eq!(reply.status, 501);
    assert_eq!(reply.json()["detail"], "PATCH is not supported; use PUT");
}
