//! The core without sockets: [`ScimServer::handle`] on requests built in the test, for
//! routing, listing, writes, ETags, authentication, options and faults. (Moved here from
//! `src/server.rs` so that file holds only the server.)

use std::time::Duration;

use scim_server::{Fault, Faults, Request, Response, ScimServer, ServerOptions};
use serde_json::json;
use serde_json::Value;

const NOW: i64 = 1_700_000_000_000;

fn server() -> ScimServer {
    ScimServer::new(ServerOptions::default(), NOW)
}

fn send(
    server: &mut ScimServer,
    method: &str,
    target: &str,
    body: Option<Value>,
) -> (u16, Value, Response) {
    let mut request = Request::new(method, target)
        .with_header("Authorization", "Bearer secret-token")
        .with_header("Host", "scim.test");
    if let Some(body) = body {
        request = request.with_body(body.to_string());
    }
    let response = server.handle(&request, NOW + 1000);
    let json = serde_json::from_str(&response.body).unwrap_or(Value::Null);
    (response.status, json, response)
}

fn new_user(user_name: &str) -> Value {
    json!({
        "schemas": [scim_server::USER_SCHEMA],
        "userName": user_name,
        "name": {"givenName": "Runscope123", "familyName": "Abcdefghi456"},
        "emails": [{"primary": true, "value": user_name, "type": "work"}],
        "displayName": "Runscope123 Abcdefghi456",
        "active": true
    })
}

fn total(server: &mut ScimServer, target: &str) -> Value {
    send(server, "GET", target, None).1["totalResults"].clone()
}

#[test]
fn lists_users_as_okta_reads_them() {
    let mut server = server();
    let (status, body, response) = send(
        &mut server,
        "GET",
        "/scim/v2/Users?count=1&startIndex=1",
        None,
    );
    assert_eq!(status, 200);
    assert_eq!(
        response.header("Content-Type"),
        Some("application/scim+json")
    );
    assert_eq!(body["schemas"], json!([scim_server::LIST_RESPONSE_SCHEMA]));
    assert_eq!(
        (
            body["totalResults"].clone(),
            body["startIndex"].clone(),
            body["itemsPerPage"].clone()
        ),
        (json!(5), json!(1), json!(1))
    );
    let user = &body["Resources"][0];
    for path in [
        "/id",
        "/name/familyName",
        "/name/givenName",
        "/userName",
        "/active",
        "/emails/0/value",
    ] {
        assert!(user.pointer(path).is_some(), "{path}");
    }
    assert_eq!(
        user["meta"]["location"],
        format!(
            "http://scim.test/scim/v2/Users/{}",
            user["id"].as_str().unwrap_or_default()
        )
    );
    assert_eq!(user["meta"]["created"], "2023-11-14T22:13:20.000Z");
}

#[test]
fn pages_through_users() {
    let mut server = server();
    let (_, body, _) = send(
        &mut server,
        "GET",
        "/scim/v2/Users?startIndex=4&count=10",
        None,
    );
    assert_eq!(body["itemsPerPage"], 2);
    assert_eq!(body["startIndex"], 4);
    assert_eq!(body["Resources"][0]["userName"], "kenji.tanaka@example.com");
    let (_, body, _) = send(&mut server, "GET", "/scim/v2/Users?startIndex=9", None);
    assert_eq!(
        (body["totalResults"].clone(), body["itemsPerPage"].clone()),
        (json!(5), json!(0))
    );
    assert_eq!(body["Resources"], json!([]));
}

#[test]
fn filters_users_and_groups() {
    let mut server = server();
    let table = [
        ("/scim/v2/Users?filter=userName%20eq%20%22MARK.CHEN@example.com%22", 1),
        ("/scim/v2/Users?filter=userName eq \"abcdefgh@atko.com\"", 0),
        ("/scim/v2/Users?filter=emails.value co \"@example.com\" and active eq false", 1),
        ("/scim/v2/Users?filter=(displayName sw \"Ana\" or displayName sw \"Kenji\") and userName pr", 2),
        ("/scim/v2/Users?filter=displayName ne \"Ana Silva\"", 4),
        ("/scim/v2/Groups?filter=displayName eq \"sales\"", 1),
        ("/scim/v2/Users?filter=externalId pr", 0),
    ];
    for (target, expected) in table {
        assert_eq!(total(&mut server, target), json!(expected), "{target}");
    }
    let (_, body, _) = send(&mut server, "GET", "/scim/v2/Users?count=1", None);
    let id = body["Resources"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        total(
            &mut server,
            &format!("/scim/v2/Users?filter=id eq \"{id}\"")
        ),
        json!(1)
    );
    assert_eq!(
        total(
            &mut server,
            &format!("/scim/v2/Groups?filter=members.value eq \"{id}\"")
        ),
        json!(1)
    );
}

#[test]
fn a_bad_filter_is_400() {
    let mut server = server();
    let (status, body, _) = send(
        &mut server,
        "GET",
        "/scim/v2/Users?filter=userName eq",
        None,
    );
    assert_eq!(status, 400);
    assert_eq!(body["scimType"], "invalidFilter");
    assert_eq!(body["status"], "400");
}

#[test]
fn creates_gets_and_refuses_a_duplicate_user_name() {
    let mut server = server();
    let (status, created, response) = send(
        &mut server,
        "POST",
        "/scim/v2/Users",
        Some(new_user("Runscope123Abcdefghi456@atko.com")),
    );
    assert_eq!(status, 201);
    let id = created["id"].as_str().unwrap_or_default().to_owned();
    let location = format!("http://scim.test/scim/v2/Users/{id}");
    assert_eq!(response.header("Location"), Some(location.as_str()));
    assert_eq!(response.header("ETag"), Some("W/\"1\""));
    assert_eq!(created["meta"]["resourceType"], "User");
    assert_eq!(created["meta"]["version"], "W/\"1\"");
    assert_eq!(created["meta"]["created"], "2023-11-14T22:13:21.000Z");
    assert_eq!(created["active"], true);

    let (status, fetched, _) = send(&mut server, "GET", &format!("/scim/v2/Users/{id}"), None);
    assert_eq!((status, fetched), (200, created));

    let (status, error, _) = send(
        &mut server,
        "POST",
        "/scim/v2/Users",
        Some(new_user("RUNSCOPE123ABCDEFGHI456@ATKO.COM")),
    );
    assert_eq!(status, 409);
    assert_eq!(error["scimType"], "uniqueness");
    assert_eq!(error["status"], "409");
    assert_eq!(
        total(
            &mut server,
            "/scim/v2/Users?filter=userName eq \"RUNSCOPE123ABCDEFGHI456@ATKO.COM\""
        ),
        json!(1)
    );
}

#[test]
fn create_validates_the_body() {
    let mut server = server();
    let table = [
        (
            json!({"schemas": [scim_server::USER_SCHEMA]}),
            "userName is required",
        ),
        (json!({"userName": 5}), "userName must be a string, not 5"),
        (
            json!({"userName": "x", "active": "true"}),
            "active must be true or false, not \"true\"",
        ),
        (
            json!({"schemas": [scim_server::GROUP_SCHEMA], "userName": "x"}),
            "schemas must include urn:ietf:params:scim:schemas:core:2.0:User",
        ),
        (
            json!({"userName": "x", "emails": [{"type": "work"}]}),
            "every email must be an object with a string value",
        ),
    ];
    for (body, detail) in table {
        let (status, error, _) = send(&mut server, "POST", "/scim/v2/Users", Some(body.clone()));
        assert_eq!(
            (status, error["detail"].as_str()),
            (400, Some(detail)),
            "{body}"
        );
    }
    let mut request =
        Request::new("POST", "/scim/v2/Users").with_header("Authorization", "secret-token");
    request.body = b"{not json".to_vec();
    let response = server.handle(&request, NOW);
    assert_eq!(response.status, 400);
    assert!(response.body.contains("invalidSyntax"), "{}", response.body);
    request.body = vec![b'x'; scim_server::MAX_BODY_BYTES + 1];
    assert_eq!(server.handle(&request, NOW).status, 413);
}

#[test]
fn replaces_patches_and_deletes_a_user() {
    let mut server = server();
    let (_, created, _) = send(
        &mut server,
        "POST",
        "/scim/v2/Users",
        Some(new_user("a@atko.com")),
    );
    let id = created["id"].as_str().unwrap_or_default().to_owned();
    let target = format!("/scim/v2/Users/{id}");

    let mut replacement = new_user("b@atko.com");
    replacement["id"] = json!(id);
    replacement["title"] = json!("Tester");
    let (status, replaced, response) = send(&mut server, "PUT", &target, Some(replacement));
    assert_eq!(status, 200);
    assert_eq!(
        (replaced["userName"].clone(), replaced["title"].clone()),
        (json!("b@atko.com"), json!("Tester"))
    );
    assert_eq!(response.header("ETag"), Some("W/\"2\""));

    let deactivate = json!({"schemas": [scim_server::PATCH_SCHEMA], "Operations": [{"op": "replace", "value": {"active": false}}]});
    let (status, patched, _) = send(&mut server, "PATCH", &target, Some(deactivate));
    assert_eq!(
        (
            status,
            patched["active"].clone(),
            patched["meta"]["version"].clone()
        ),
        (200, json!(false), json!("W/\"3\""))
    );

    let taken = json!({"schemas": [scim_server::PATCH_SCHEMA], "Operations": [{"op": "replace", "path": "userName", "value": "Barbara.Jensen@example.com"}]});
    assert_eq!(send(&mut server, "PATCH", &target, Some(taken)).0, 409);

    let (status, _, response) = send(&mut server, "DELETE", &target, None);
    assert_eq!((status, response.body.as_str()), (204, ""));
    let (status, error, _) = send(&mut server, "GET", &target, None);
    assert_eq!(status, 404);
    assert_eq!(error["detail"], format!("no user with id {id:?}"));
    assert_eq!(send(&mut server, "DELETE", &target, None).0, 404);
}

#[test]
fn group_membership_through_patch() {
    let mut server = server();
    let (_, groups, _) = send(&mut server, "GET", "/scim/v2/Groups", None);
    assert_eq!(groups["totalResults"], 3);
    let support = groups["Resources"][2].clone();
    let group = format!(
        "/scim/v2/Groups/{}",
        support["id"].as_str().unwrap_or_default()
    );
    let (_, created, _) = send(
        &mut server,
        "POST",
        "/scim/v2/Users",
        Some(new_user("m@atko.com")),
    );
    let user_id = created["id"].as_str().unwrap_or_default().to_owned();

    let add = json!({"schemas": [scim_server::PATCH_SCHEMA], "Operations": [{"op": "add", "path": "members", "value": [{"value": user_id, "display": "m"}]}]});
    let (status, patched, _) = send(&mut server, "PATCH", &group, Some(add));
    assert_eq!(status, 200);
    assert_eq!(patched["members"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        patched["members"][1]["$ref"],
        format!("http://scim.test/scim/v2/Users/{user_id}")
    );
    let (_, user, _) = send(
        &mut server,
        "GET",
        &format!("/scim/v2/Users/{user_id}"),
        None,
    );
    assert_eq!(user["groups"][0]["display"], "Support");

    let remove = json!({"schemas": [scim_server::PATCH_SCHEMA], "Operations": [{"op": "remove", "path": format!("members[value eq \"{user_id}\"]")}]});
    let (_, patched, _) = send(&mut server, "PATCH", &group, Some(remove));
    assert_eq!(patched["members"].as_array().map(Vec::len), Some(1));

    let unknown = json!({"schemas": [scim_server::PATCH_SCHEMA], "Operations": [{"op": "add", "path": "members", "value": [{"value": "nobody"}]}]});
    let (status, error, _) = send(&mut server, "PATCH", &group, Some(unknown));
    assert_eq!(
        (status, error["detail"].as_str()),
        (
            400,
            Some("member \"nobody\" is not the id of a user or group")
        )
    );

    let rename = json!({"schemas": [scim_server::PATCH_SCHEMA], "Operations": [{"op": "replace", "value": {"id": support["id"], "displayName": "Help Desk"}}]});
    let (_, patched, _) = send(&mut server, "PATCH", &group, Some(rename));
    assert_eq!(patched["displayName"], "Help Desk");
}

#[test]
fn creates_and_deletes_groups() {
    let mut server = server();
    let (_, users, _) = send(&mut server, "GET", "/scim/v2/Users?count=2", None);
    let members: Vec<Value> = users["Resources"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|u| json!({"value": u["id"]}))
        .collect();
    let body = json!({"schemas": [scim_server::GROUP_SCHEMA], "displayName": "New", "members": [members[0], members[1], members[0]]});
    let (status, group, response) = send(&mut server, "POST", "/scim/v2/Groups", Some(body));
    assert_eq!(status, 201);
    assert_eq!(group["members"].as_array().map(Vec::len), Some(2));
    assert!(response
        .header("Location")
        .is_some_and(|l| l.contains("/Groups/")));
    let (_, list, _) = send(
        &mut server,
        "GET",
        "/scim/v2/Groups?excludedAttributes=members",
        None,
    );
    assert!(list["Resources"][0].get("members").is_none());
    assert_eq!(
        send(
            &mut server,
            "DELETE",
            &format!(
                "/scim/v2/Groups/{}",
                group["id"].as_str().unwrap_or_default()
            ),
            None
        )
        .0,
        204
    );
    assert_eq!(server.group_count(), 3);
    let (status, error, _) = send(
        &mut server,
        "POST",
        "/scim/v2/Groups",
        Some(json!({"members": []})),
    );
    assert_eq!(
        (status, error["detail"].as_str()),
        (400, Some("displayName is required"))
    );
}

#[test]
fn etags_guard_writes_and_reads() {
    let mut server = server();
    let (_, users, _) = send(&mut server, "GET", "/scim/v2/Users?count=1", None);
    let target = format!(
        "/scim/v2/Users/{}",
        users["Resources"][0]["id"].as_str().unwrap_or_default()
    );
    let request = Request::new("GET", &target)
        .with_header("Authorization", "Bearer secret-token")
        .with_header("If-None-Match", "W/\"1\"");
    assert_eq!(server.handle(&request, NOW).status, 304);
    let request = Request::new("DELETE", &target)
        .with_header("Authorization", "Bearer secret-token")
        .with_header("If-Match", "W/\"7\"");
    let response = server.handle(&request, NOW);
    assert_eq!(response.status, 412);
    let request = Request::new("DELETE", &target)
        .with_header("Authorization", "Bearer secret-token")
        .with_header("If-Match", "\"1\"");
    assert_eq!(server.handle(&request, NOW).status, 204);
}

#[test]
fn authentication() {
    let mut server = server();
    let table = [
        (Some("Bearer secret-token"), 200),
        (Some("bearer secret-token"), 200),
        (Some("secret-token"), 200),
        (Some("non-token"), 401),
        (Some("Bearer wrong"), 401),
        (None, 401),
    ];
    for (authorization, status) in table {
        let mut request = Request::new("GET", "/scim/v2/Users");
        if let Some(value) = authorization {
            request = request.with_header("Authorization", value);
        }
        let response = server.handle(&request, NOW);
        assert_eq!(response.status, status, "{authorization:?}");
        if status == 401 {
            let body: Value = serde_json::from_str(&response.body).unwrap_or(Value::Null);
            assert_eq!(body["status"], "401");
            assert_eq!(body["schemas"], json!([scim_server::ERROR_SCHEMA]));
            assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()));
        }
    }
}

#[test]
fn routes_discovery_and_unknown_paths() {
    let mut server = server();
    let table = [
        ("GET", "/scim/v2/ServiceProviderConfig", 200),
        ("GET", "/scim/v2/ResourceTypes", 200),
        ("GET", "/scim/v2/ResourceTypes/User", 200),
        ("GET", "/scim/v2/ResourceTypes/Nope", 404),
        ("GET", "/scim/v2/Schemas", 200),
        (
            "GET",
            "/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group",
            200,
        ),
        ("GET", "/scim/v2/Schemas/urn:x", 404),
        ("POST", "/scim/v2/Schemas", 405),
        ("GET", "/scim/v2/Me", 501),
        ("POST", "/scim/v2/Bulk", 501),
        ("GET", "/scim/v2/Nope", 404),
        ("GET", "/other/Users", 404),
        ("GET", "/scim/v2users", 404),
        ("DELETE", "/scim/v2/Users", 405),
        ("POST", "/scim/v2/Users/abc", 405),
        ("GET", "/scim/v2/Users/", 200),
        ("HEAD", "/scim/v2/Users", 200),
    ];
    for (method, target, status) in table {
        let (actual, _, response) = send(&mut server, method, target, None);
        assert_eq!(actual, status, "{method} {target}: {}", response.body);
    }
    let (_, body, response) = send(&mut server, "DELETE", "/scim/v2/Users", None);
    assert_eq!(response.header("Allow"), Some("GET, POST"));
    assert_eq!(
        body["detail"],
        "method DELETE is not allowed here; allowed: GET, POST"
    );
    let (_, types, _) = send(&mut server, "GET", "/scim/v2/ResourceTypes", None);
    assert_eq!(types["totalResults"], 5);
    assert_eq!(
        types["Resources"][0]["meta"]["location"],
        "http://scim.test/scim/v2/ResourceTypes/User"
    );
}

#[test]
fn base_path_and_public_url_options() {
    let options = ServerOptions {
        base_path: "/".to_owned(),
        public_base_url: Some("https://scim.example/".to_owned()),
        ..ServerOptions::default()
    };
    let mut server = ScimServer::new(options, NOW);
    assert_eq!(server.options().base_path, "");
    let (status, body, _) = send(&mut server, "GET", "/Users?count=1", None);
    assert_eq!(status, 200);
    assert!(body["Resources"][0]["meta"]["location"]
        .as_str()
        .is_some_and(|l| l.starts_with("https://scim.example/Users/")));
    let request =
        Request::new("GET", "/Users?count=1").with_header("Authorization", "secret-token");
    let options = ServerOptions {
        base_path: "api/scim/".to_owned(),
        ..ServerOptions::default()
    };
    let mut server = ScimServer::new(options, NOW);
    assert_eq!(server.handle(&request, NOW).status, 404);
    let request =
        Request::new("GET", "/api/scim/Users?count=1").with_header("Authorization", "secret-token");
    let response = server.handle(&request, NOW);
    assert!(
        response.body.contains("\"location\":\"/api/scim/Users/"),
        "{}",
        response.body
    );
}

#[test]
fn faults_change_answers_and_toggle_at_run_time() {
    let mut server = server();
    server.faults_mut().insert(Fault::WrongListSchema);
    let (_, body, _) = send(&mut server, "GET", "/scim/v2/Users", None);
    assert_eq!(
        body["schemas"],
        json!(["urn:ietf:params:scim:schemas:core:2.0:ListResponse"])
    );

    server.faults_mut().insert(Fault::CaseSensitiveFilter);
    assert_eq!(
        total(
            &mut server,
            "/scim/v2/Users?filter=userName eq \"MARK.CHEN@example.com\""
        ),
        json!(0)
    );
    assert_eq!(
        total(
            &mut server,
            "/scim/v2/Users?filter=userName eq \"mark.chen@example.com\""
        ),
        json!(1)
    );

    server.faults_mut().insert(Fault::PlainErrors);
    let (status, _, response) = send(&mut server, "GET", "/scim/v2/Users/x", None);
    assert_eq!(
        (status, response.body.as_str()),
        (404, "Not Found: no user with id \"x\"")
    );

    server.faults_mut().insert(Fault::EmptyOkForUnknown);
    let (status, _, response) = send(&mut server, "GET", "/scim/v2/Users/x", None);
    assert_eq!((status, response.body.as_str()), (200, ""));
    assert_eq!(
        send(&mut server, "DELETE", "/scim/v2/Groups/x", None).0,
        200
    );

    server.faults_mut().insert(Fault::Slow { ms: 700 });
    let (_, _, response) = send(&mut server, "GET", "/scim/v2/Users", None);
    assert_eq!(response.delay, Duration::from_millis(700));

    server.faults_mut().insert(Fault::NoGroups);
    assert_eq!(send(&mut server, "GET", "/scim/v2/Groups", None).0, 404);

    server.faults_mut().insert(Fault::AnyToken);
    assert_eq!(
        server
            .handle(&Request::new("GET", "/scim/v2/Users"), NOW)
            .status,
        200
    );

    server.faults_mut().insert(Fault::DuplicatesAccepted);
    assert_eq!(
        send(
            &mut server,
            "POST",
            "/scim/v2/Users",
            Some(new_user("mark.chen@example.com"))
        )
        .0,
        201
    );

    server.set_faults(Faults::new());
    assert_eq!(
        server
            .handle(&Request::new("GET", "/scim/v2/Users"), NOW)
            .status,
        401
    );
    assert_eq!(send(&mut server, "GET", "/scim/v2/Users/x", None).0, 404);
}

#[test]
fn reset_restores_the_seed_with_the_same_ids() {
    let mut server = server();
    let (_, before, _) = send(&mut server, "GET", "/scim/v2/Users", None);
    send(
        &mut server,
        "POST",
        "/scim/v2/Users",
        Some(new_user("n@atko.com")),
    );
    let first = format!(
        "/scim/v2/Users/{}",
        before["Resources"][0]["id"].as_str().unwrap_or_default()
    );
    send(&mut server, "DELETE", &first, None);
    server.faults_mut().insert(Fault::AnyToken);
    server.reset(NOW);
    assert_eq!((server.user_count(), server.group_count()), (5, 3));
    assert!(server.faults().contains(Fault::AnyToken));
    let (_, after, _) = send(&mut server, "GET", "/scim/v2/Users", None);
    assert_eq!(before, after);
}
