//! The SCIM endpoints over HTTP.

use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::support::ServerProcess;

const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

fn new_user(user_name: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": user_name,
        "name": {"givenName": "Runscope417", "familyName": "Qwertyuio982"},
        "emails": [{"primary": true, "value": user_name, "type": "work"}],
        "displayName": "Runscope417 Qwertyuio982",
        "active": true
    })
}

#[test]
fn prints_the_url_and_lists_users() {
    let server = ServerProcess::start(&[]);
    assert!(
        server.base_url.starts_with("http://127.0.0.1:"),
        "{}",
        server.base_url
    );
    assert!(server.base_url.ends_with("/scim/v2"), "{}", server.base_url);
    let reply = server.call("GET", "/Users?count=1&startIndex=1", None);
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("Content-Type"), Some("application/scim+json"));
    let body = reply.json();
    assert_eq!(
        body["schemas"],
        json!(["urn:ietf:params:scim:api:messages:2.0:ListResponse"])
    );
    assert_eq!(
        (
            &body["totalResults"],
            &body["startIndex"],
            &body["itemsPerPage"]
        ),
        (&json!(5), &json!(1), &json!(1))
    );
    let user = &body["Resources"][0];
    let id = user["id"].as_str().expect("an id");
    assert_eq!(
        user["meta"]["location"],
        format!("{}/Users/{id}", server.base_url)
    );
}

#[test]
fn create_get_replace_patch_delete() {
    let server = ServerProcess::start(&[]);
    let created = server.call("POST", "/Users", Some(&new_user("crud@atko.com")));
    assert_eq!(created.status, 201);
    let body = created.json();
    let id = body["id"].as_str().expect("an id").to_owned();
    let location = format!("{}/Users/{id}", server.base_url);
    assert_eq!(created.header("Location"), Some(location.as_str()));
    assert_eq!(created.header("ETag"), Some("W/\"1\""));
    assert_eq!(body["meta"]["resourceType"], "User");
    for key in ["created", "lastModified", "version"] {
        assert!(body["meta"][key].is_string(), "meta.{key}");
    }

    let fetched = server.call("GET", &location, None);
    assert_eq!((fetched.status, fetched.json()), (200, body.clone()));

    let mut replacement = new_user("crud2@atko.com");
    replacement["id"] = json!(id);
    let replaced = server.call("PUT", &location, Some(&replacement));
    assert_eq!(replaced.status, 200);
    assert_eq!(replaced.json()["userName"], "crud2@atko.com");
    assert_eq!(replaced.header("ETag"), Some("W/\"2\""));

    let deactivate = json!({"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "active", "value": false}]});
    let patched = server.call("PATCH", &location, Some(&deactivate));
    assert_eq!(
        (patched.status, patched.json()["active"].clone()),
        (200, json!(false))
    );

    let deleted = server.call("DELETE", &location, None);
    assert_eq!((deleted.status, deleted.body.as_str()), (204, ""));
    assert_eq!(server.call("GET", &location, None).status, 404);
}

#[test]
fn groups_and_membership() {
    let server = ServerProcess::start(&["--seed", "3", "--groups", "2"]);
    let groups = server.call("GET", "/Groups", None).json();
    assert_eq!(groups["totalResults"], 2);
    let users = server.call("GET", "/Users", None).json();
    let user_id = users["Resources"][2]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let created = server.call(
        "POST",
        "/Groups",
        Some(&json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Okta Pushed", "members": []})),
    );
    assert_eq!(created.status, 201);
    let group = created.header("Location").expect("a Location").to_owned();

    let add = json!({"schemas": [PATCH_OP], "Operations": [{"op": "add", "path": "members", "value": [{"value": user_id, "display": "x"}]}]});
    let patched = server.call("PATCH", &group, Some(&add)).json();
    assert_eq!(patched["members"][0]["value"], user_id.as_str());
    let member_of = server
        .call("GET", &format!("/Users/{user_id}"), None)
        .json();
    let names: Vec<&str> = member_of["groups"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|g| g["display"].as_str())
        .collect();
    assert_eq!(names, ["Engineering", "Okta Pushed"]);

    let filtered = server
        .call(
            "GET",
            &format!("/Groups?filter=members.value eq \"{user_id}\"&excludedAttributes=members"),
            None,
        )
        .json();
    assert_eq!(filtered["totalResults"], 2);
    assert!(filtered["Resources"][0].get("members").is_none());

    let remove = json!({"schemas": [PATCH_OP], "Operations": [{"op": "remove", "path": format!("members[value eq \"{user_id}\"]")}]});
    let patched = server.call("PATCH", &group, Some(&remove));
    assert_eq!(patched.status, 200);
    assert!(patched.json().get("members").is_none());
    assert_eq!(server.call("DELETE", &group, None).status, 204);
}

#[test]
fn discovery_endpoints() {
    let server = ServerProcess::start(&[]);
    let config = server.call("GET", "/ServiceProviderConfig", None).json();
    assert_eq!(config["patch"]["supported"], true);
    assert_eq!(
        config["authenticationSchemes"][0]["type"],
        "oauthbearertoken"
    );
    let types = server.call("GET", "/ResourceTypes", None).json();
    let names: Vec<&str> = types["Resources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["name"].as_str())
        .collect();
    assert_eq!(names, ["User", "Group", "Entitlement", "License", "Role"]);
    let schemas = server.call("GET", "/Schemas", None).json();
    assert_eq!(schemas["totalResults"], 5);
    let user_schema = server.call(
        "GET",
        "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User",
        None,
    );
    assert_eq!(user_schema.status, 200);
    assert_eq!(user_schema.json()["attributes"][0]["name"], "userName");
}

#[test]
fn filters_and_paging() {
    let server = ServerProcess::start(&["--seed", "30"]);
    let page = server
        .call("GET", "/Users?startIndex=11&count=10", None)
        .json();
    assert_eq!(
        (
            &page["totalResults"],
            &page["itemsPerPage"],
            &page["startIndex"]
        ),
        (&json!(30), &json!(10), &json!(11))
    );
    let inactive = server
        .call("GET", "/Users?filter=active eq false", None)
        .json();
    assert_eq!(inactive["totalResults"], 6);
    let either = server.call(
        "GET",
        "/Users?filter=(userName sw \"ana.\" or userName sw \"kenji.\") and emails.value co \"@example.com\"",
        None,
    );
    assert_eq!(either.json()["totalResults"], 6);
    let upper = server
        .call(
            "GET",
            "/Users?filter=userName eq \"ANA.SILVA@EXAMPLE.COM\"",
            None,
        )
        .json();
    assert_eq!(upper["totalResults"], 1);
}

#[test]
fn options_change_the_seed_token_and_base_path() {
    let server = ServerProcess::start(&[
        "--seed",
        "0",
        "--groups",
        "0",
        "--token",
        "abc",
        "--base-path",
        "/",
    ]);
    assert!(!server.base_url.ends_with('/'), "{}", server.base_url);
    let reply = server.send("GET", "/Users", &[("Authorization", "abc")], None);
    assert_eq!(
        (reply.status, reply.json()["totalResults"].clone()),
        (200, json!(0))
    );
    assert_eq!(
        server
            .send(
                "GET",
                "/Users",
                &[("Authorization", "Bearer secret-token")],
                None
            )
            .status,
        401
    );
}

#[test]
fn logs_one_line_per_request_to_stderr() {
    let server = ServerProcess::start(&[]);
    server.call("GET", "/Users?count=2", None);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let lines = server.stderr_lines();
        if let Some(line) = lines
            .iter()
            .find(|l| l.starts_with("GET /scim/v2/Users?count=2 -> 200 ("))
        {
            assert!(line.ends_with(" ms)"), "{line}");
            break;
        }
        assert!(Instant::now() < deadline, "no log line in {lines:?}");
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn serves_concurrent_clients() {
    let server = ServerProcess::start(&[]);
    thread::scope(|scope| {
        for i in 0..8 {
            let server = &server;
            scope.spawn(move || {
                let reply = server.call(
                    "POST",
                    "/Users",
                    Some(&new_user(&format!("parallel{i}@atko.com"))),
                );
                assert_eq!(reply.status, 201);
            });
        }
    });
    assert_eq!(
        server.call("GET", "/Users", None).json()["totalResults"],
        13
    );
}
