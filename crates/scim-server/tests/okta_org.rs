//! The emulated org over HTTP: Okta-shaped errors, its CORS (SSWS from a browser gets no
//! CORS headers; Bearer from a trusted origin does), and provisioning through SCIM.

use serde_json::{json, Value};

use crate::support::{Reply, ServerProcess};

const PAGE: &str = "http://page.test:8080";

fn start() -> ServerProcess {
    ServerProcess::start(&[
        "--okta",
        "--okta-delay-ms",
        "50",
        "--okta-trusted-origin",
        PAGE,
    ])
}

fn org(
    server: &ServerProcess,
    method: &str,
    path: &str,
    auth: &str,
    origin: Option<&str>,
    body: Option<&Value>,
) -> Reply {
    let url = format!("{}{path}", server.origin());
    let mut headers = vec![
        ("Authorization", auth),
        ("Accept", "application/json"),
        ("Content-Type", "application/json"),
    ];
    if let Some(origin) = origin {
        headers.push(("Origin", origin));
    }
    let body = body.map(Value::to_string);
    server.send(method, &url, &headers, body.as_deref())
}

fn assert_okta_error(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert_eq!(reply.header("Content-Type"), Some("application/json"));
    let body = reply.json();
    assert_eq!(body["errorCode"], code, "{body}");
    assert_eq!(body["errorLink"], code);
    assert!(body["errorSummary"].as_str().is_some_and(|s| !s.is_empty()));
    assert!(body["errorId"]
        .as_str()
        .is_some_and(|s| s.starts_with("oae")));
    assert!(body["errorCauses"].is_array());
}

fn new_user(login: &str) -> Value {
    json!({"profile": {"firstName": "Ada", "lastName": "Lovelace", "email": login, "login": login},
           "credentials": {"password": {"value": "Kv7J2LEa"}}})
}

#[test]
fn errors_have_okta_s_shape() {
    let server = start();
    let ssws = "SSWS okta-api-token";
    assert_okta_error(
        &org(&server, "GET", "/api/v1/apps/0oanope", ssws, None, None),
        404,
        "E0000007",
    );
    assert_okta_error(
        &org(
            &server,
            "GET",
            "/api/v1/users/00unope",
            "SSWS wrong",
            None,
            None,
        ),
        401,
        "E0000011",
    );
    let blank = org(
        &server,
        "POST",
        "/api/v1/users",
        ssws,
        None,
        Some(&json!({"profile": {}})),
    );
    assert_okta_error(&blank, 400, "E0000001");
    assert_eq!(
        blank.json()["errorCauses"][0]["errorSummary"],
        "login: The field cannot be left blank"
    );
    assert_eq!(
        org(
            &server,
            "POST",
            "/api/v1/users",
            ssws,
            None,
            Some(&new_user("a@x.test"))
        )
        .status,
        200
    );
    let again = org(
        &server,
        "POST",
        "/api/v1/users",
        ssws,
        None,
        Some(&new_user("A@x.test")),
    );
    assert_okta_error(&again, 400, "E0000001");
    let not_json = server.send(
        "POST",
        &format!("{}/api/v1/users", server.origin()),
        &[
            ("Authorization", ssws),
            ("Content-Type", "application/json"),
        ],
        Some("{nope"),
    );
    assert_okta_error(&not_json, 400, "E0000003");
    let user = org(&server, "GET", "/api/v1/users/a@x.test", ssws, None, None).json();
    let path = format!(
        "/api/v1/users/{}/lifecycle/activate",
        user["id"].as_str().unwrap_or_default()
    );
    assert_okta_error(
        &org(&server, "POST", &path, ssws, None, None),
        403,
        "E0000016",
    );
}

#[test]
fn ssws_from_a_browser_origin_gets_no_cors_headers_and_changes_nothing() {
    let server = start();
    let reply = org(
        &server,
        "POST",
        "/api/v1/users?activate=true",
        "SSWS okta-api-token",
        Some(PAGE),
        Some(&new_user("b@x.test")),
    );
    assert_okta_error(&reply, 403, "E0000006");
    assert_eq!(reply.header("Access-Control-Allow-Origin"), None);
    let users = org(
        &server,
        "GET",
        "/api/v1/users",
        "SSWS okta-api-token",
        None,
        None,
    )
    .json();
    assert_eq!(users, json!([]), "the refused request created no user");
}

#[test]
fn bearer_from_a_trusted_origin_gets_cors_headers() {
    let server = start();
    let reply = org(
        &server,
        "POST",
        "/api/v1/users?activate=true",
        "Bearer okta-access-token",
        Some(PAGE),
        Some(&new_user("c@x.test")),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("Access-Control-Allow-Origin"), Some(PAGE));
    assert_eq!(reply.json()["status"], "ACTIVE");
    let preflight = server.send(
        "OPTIONS",
        &format!("{}/api/v1/users", server.origin()),
        &[
            ("Origin", PAGE),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "authorization,content-type",
            ),
        ],
        None,
    );
    assert_eq!(
        (
            preflight.status,
            preflight.header("Access-Control-Allow-Origin")
        ),
        (204, Some(PAGE))
    );
    let elsewhere = org(
        &server,
        "GET",
        "/api/v1/users",
        "Bearer okta-access-token",
        Some("http://elsewhere.test"),
        None,
    );
    assert_eq!(
        (
            elsewhere.status,
            elsewhere.header("Access-Control-Allow-Origin")
        ),
        (200, None)
    );
}

#[test]
fn assignment_is_provisioned_through_scim_after_the_delay() {
    let server = start();
    let ssws = "SSWS okta-api-token";
    let user = org(
        &server,
        "POST",
        "/api/v1/users?activate=true",
        ssws,
        None,
        Some(&new_user("d@x.test")),
    )
    .json();
    let app = server.variable("oktaAppId").to_owned();
    let assigned = org(
        &server,
        "POST",
        &format!("/api/v1/apps/{app}/users"),
        ssws,
        None,
        Some(&json!({"id": user["id"], "scope": "USER"})),
    );
    assert_eq!(assigned.status, 200, "{}", assigned.body);
    assert_eq!(assigned.json()["credentials"]["userName"], "d@x.test");
    std::thread::sleep(std::time::Duration::from_millis(400));
    let found = server
        .call("GET", "/Users?filter=userName eq \"d@x.test\"", None)
        .json();
    assert_eq!(found["totalResults"], 1);
    let scim_user = &found["Resources"][0];
    assert_eq!(scim_user["externalId"], user["id"]);
    assert_eq!(scim_user["name"]["givenName"], "Ada");
    let app_user = org(
        &server,
        "GET",
        &format!(
            "/api/v1/apps/{app}/users/{}",
            user["id"].as_str().unwrap_or_default()
        ),
        ssws,
        None,
        None,
    )
    .json();
    assert_eq!(
        (
            app_user["externalId"].clone(),
            app_user["syncState"].clone()
        ),
        (scim_user["id"].clone(), json!("SYNCHRONIZED"))
    );
    // As Okta's SCIM reference describes: a filter by userName, then a POST.
    let log = server.stderr_lines().join("\n");
    let lookup = log.find("okta push: GET /scim/v2/Users?filter=userName%20eq%20%22d%40x.test%22&startIndex=1&count=100 -> 200");
    let create = log.find("okta push: POST /scim/v2/Users -> 201");
    assert!(lookup.is_some() && create > lookup, "{log}");
}

#[test]
fn a_grant_is_accepted_and_pushes_its_entitlements() {
    let server = start();
    let ssws = "SSWS okta-api-token";
    let user = org(
        &server,
        "POST",
        "/api/v1/users?activate=true",
        ssws,
        None,
        Some(&new_user("e@x.test")),
    )
    .json();
    let app = server.variable("oktaAppId").to_owned();
    org(
        &server,
        "POST",
        &format!("/api/v1/apps/{app}/users"),
        ssws,
        None,
        Some(&json!({"id": user["id"]})),
    );
    let grant = json!({"grantType": "CUSTOM", "actor": "ADMIN",
        "targetPrincipal": {"externalId": user["id"], "type": "OKTA_USER"},
        "target": {"externalId": app, "type": "APPLICATION"},
        "entitlements": [{"id": "Role", "values": [{"id": "role-auditor"}]}, {"id": "License", "values": [{"id": "lic-pro"}]}]});
    let reply = org(
        &server,
        "POST",
        "/governance/api/v1/grants",
        ssws,
        None,
        Some(&grant),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.json()["id"]
        .as_str()
        .is_some_and(|id| id.starts_with("gra")));
    std::thread::sleep(std::time::Duration::from_millis(400));
    let found = server
        .call("GET", "/Users?filter=userName eq \"e@x.test\"", None)
        .json();
    assert_eq!(
        found["Resources"][0]["roles"],
        json!([{"value": "role-auditor", "display": "Auditor"}])
    );
    assert_eq!(found["Resources"][0]["entitlements"][0]["value"], "lic-pro");
    let bad = json!({"grantType": "CUSTOM", "targetPrincipal": {"externalId": user["id"], "type": "OKTA_USER"},
        "target": {"externalId": "0oaother", "type": "APPLICATION"}});
    assert_okta_error(
        &org(
            &server,
            "POST",
            "/governance/api/v1/grants",
            ssws,
            None,
            Some(&bad),
        ),
        404,
        "E0000007",
    );
}

#[test]
fn a_base_path_under_the_org_s_paths_is_refused() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_scim-server"))
        .args(["--port", "0", "--okta", "--base-path", "/api/v1"])
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("where the Okta org's API lives"));
}
