//! Errors over HTTP: the SCIM error shape and the status codes Okta checks.

use serde_json::{json, Value};

use crate::support::{Reply, ServerProcess};

fn assert_scim_error(reply: &Reply, status: u16) -> Value {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert_eq!(reply.header("Content-Type"), Some("application/scim+json"));
    let body = reply.json();
    assert_eq!(
        body["schemas"],
        json!(["urn:ietf:params:scim:api:messages:2.0:Error"])
    );
    assert_eq!(body["status"], status.to_string());
    assert!(
        body["detail"].as_str().is_some_and(|d| !d.is_empty()),
        "{body}"
    );
    body
}

#[test]
fn unauthorized_without_a_valid_token() {
    let server = ServerProcess::start(&[]);
    for headers in [
        vec![("Authorization", "non-token")],
        vec![("Authorization", "Bearer nope")],
        vec![],
    ] {
        let reply = server.send(
            "GET",
            "/Users?filter=userName eq \"X@ATKO.COM\"",
            &headers,
            None,
        );
        assert_scim_error(&reply, 401);
        assert_eq!(
            reply.header("WWW-Authenticate"),
            Some("Bearer realm=\"scim-server\"")
        );
    }
    assert_eq!(
        server
            .send("GET", "/Users", &[("Authorization", "secret-token")], None)
            .status,
        200
    );
}

#[test]
fn not_found_for_unknown_ids_and_paths() {
    let server = ServerProcess::start(&[]);
    let body = assert_scim_error(&server.call("GET", "/Users/00919288221112222", None), 404);
    assert_eq!(body["detail"], "no user with id \"00919288221112222\"");
    assert_scim_error(&server.call("PATCH", "/Groups/nope", Some(&json!({}))), 404);
    assert_scim_error(&server.call("GET", "/Nope", None), 404);
}

#[test]
fn conflict_on_a_taken_user_name_in_any_case() {
    let server = ServerProcess::start(&[]);
    let user = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "Mark.Chen@Example.com"});
    let body = assert_scim_error(&server.call("POST", "/Users", Some(&user)), 409);
    assert_eq!(body["scimType"], "uniqueness");
}

#[test]
fn bad_requests() {
    let server = ServerProcess::start(&[]);
    let headers = [
        ("Authorization", "Bearer secret-token"),
        ("Content-Type", "application/json"),
    ];
    let body = assert_scim_error(
        &server.send("POST", "/Users", &headers, Some("{\"userName\": ")),
        400,
    );
    assert_eq!(body["scimType"], "invalidSyntax");
    let body = assert_scim_error(
        &server.call("GET", "/Users?filter=userName eq bob", None),
        400,
    );
    assert_eq!(body["scimType"], "invalidFilter");
    let body = assert_scim_error(
        &server.call("POST", "/Users", Some(&json!({"name": {}}))),
        400,
    );
    assert_eq!(
        (body["scimType"].clone(), body["detail"].clone()),
        (json!("invalidValue"), json!("userName is required"))
    );
    let reply = server.call("DELETE", "/Users", None);
    assert_scim_error(&reply, 405);
    assert_eq!(reply.header("Allow"), Some("GET, POST"));
}
