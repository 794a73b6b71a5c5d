//! CORS over HTTP: preflights and the headers on every response.

use crate::support::ServerProcess;

#[test]
fn preflight_needs_no_token_and_allows_what_is_asked() {
    let server = ServerProcess::start(&[]);
    let reply = server.send(
        "OPTIONS",
        "/Users/some-id",
        &[
            ("Origin", "https://runner.example"),
            ("Access-Control-Request-Method", "PATCH"),
            (
                "Access-Control-Request-Headers",
                "authorization,content-type,x-request-id",
            ),
        ],
        None,
    );
    assert_eq!(reply.status, 204);
    assert_eq!(
        reply.header("Access-Control-Allow-Origin"),
        Some("https://runner.example")
    );
    assert_eq!(
        reply.header("Access-Control-Allow-Methods"),
        Some("GET, POST, PUT, PATCH, DELETE, OPTIONS")
    );
    assert_eq!(
        reply.header("Access-Control-Allow-Headers"),
        Some("Authorization, Content-Type, Accept, x-request-id")
    );
    assert_eq!(reply.header("Access-Control-Max-Age"), Some("600"));
    assert_eq!(reply.header("Timing-Allow-Origin"), Some("*"));
    assert_eq!(reply.body, "");
}

#[test]
fn every_response_carries_cors_headers() {
    let server = ServerProcess::start(&[]);
    let cases = [
        (
            "/Users",
            vec![("Authorization", "Bearer secret-token")],
            200,
        ),
        (
            "/Users/unknown",
            vec![("Authorization", "Bearer secret-token")],
            404,
        ),
        ("/Users", vec![("Authorization", "non-token")], 401),
    ];
    for (path, mut headers, status) in cases {
        headers.push(("Origin", "http://localhost:8000"));
        let reply = server.send("GET", path, &headers, None);
        assert_eq!(reply.status, status);
        assert_eq!(
            reply.header("Access-Control-Allow-Origin"),
            Some("http://localhost:8000"),
            "{path}"
        );
        assert_eq!(
            reply.header("Access-Control-Expose-Headers"),
            Some("Location, ETag, Content-Length, Date")
        );
        assert_eq!(reply.header("Timing-Allow-Origin"), Some("*"));
        assert!(reply.header("Date").is_some());
    }
    let reply = server.send("GET", "/Users", &[("Authorization", "secret-token")], None);
    assert_eq!(reply.header("Access-Control-Allow-Origin"), Some("*"));
}

#[test]
fn a_plain_options_request_is_not_a_preflight() {
    let server = ServerProcess::start(&[]);
    let reply = server.send(
        "OPTIONS",
        "/Users",
        &[("Authorization", "secret-token")],
        None,
    );
    assert_eq!(reply.status, 405);
}

#[test]
fn the_origin_helper_strips_the_path() {
    let server = ServerProcess::start(&[]);
    let origin = server.origin();
    assert!(
        origin.starts_with("http://127.0.0.1:") && !origin.contains("/scim"),
        "{origin}"
    );
    let reply = server.send(
        "GET",
        &format!("{origin}/elsewhere"),
        &[("Authorization", "secret-token")],
        None,
    );
    assert_eq!(reply.status, 404);
}
