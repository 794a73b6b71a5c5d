//! Okta's entitlement model over HTTP, and Okta's SCIM 2.0 Entitlements suite run once for
//! each endpoint `/ResourceTypes` lists with Okta's entitlement or role URN (its one step's
//! note says to duplicate it for each endpoint).

use serde_json::json;

use crate::engine::{
    assert_fails_exactly, environment, given, suite, BrowserTransport, Run, UreqTransport,
    ENTITLEMENTS,
};
use crate::support::{ServerProcess, TOKEN};

/// The endpoints of the resource types with Okta's entitlement or role schema.
fn entitlement_endpoints(server: &ServerProcess) -> Vec<String> {
    let types = server.call("GET", "/ResourceTypes", None).json();
    types["Resources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| {
            matches!(
                t["schema"].as_str(),
                Some(scim_server::ENTITLEMENT_SCHEMA | scim_server::ROLE_SCHEMA)
            )
        })
        .filter_map(|t| t["endpoint"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn resource_types_list_entitlements_and_roles_with_okta_s_urns() {
    let server = ServerProcess::start(&[]);
    let types = server.call("GET", "/ResourceTypes", None).json();
    let role = types["Resources"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|t| t["id"] == "Role")
        .cloned()
        .unwrap_or_default();
    assert_eq!(role["endpoint"], "/Roles");
    assert_eq!(role["schema"], "urn:okta:scim:schemas:core:1.0:Role");
    assert_eq!(
        entitlement_endpoints(&server),
        ["/Entitlements", "/Licenses", "/Roles"]
    );
}

#[test]
fn the_entitlements_suite_passes_for_every_listed_endpoint() {
    let server = ServerProcess::start(&[]);
    let endpoints = entitlement_endpoints(&server);
    assert!(!endpoints.is_empty());
    for endpoint in &endpoints {
        let env = environment(
            ENTITLEMENTS,
            &given(&[
                ("SCIMBaseURL", &server.base_url),
                ("auth", &format!("Bearer {TOKEN}")),
                ("EntitlementEndpoint", endpoint),
            ]),
        );
        let result = Run::default().go(&suite(ENTITLEMENTS), &env, &UreqTransport::new());
        assert_fails_exactly(&result, &[], &format!("Entitlements suite on {endpoint}"));
        let result = Run::default().go(
            &suite(ENTITLEMENTS),
            &env,
            &BrowserTransport::new("http://runner.test"),
        );
        assert_fails_exactly(
            &result,
            &[],
            &format!("Entitlements suite on {endpoint} in a browser"),
        );
    }
}

#[test]
fn the_entitlements_suite_fails_on_an_unknown_endpoint_and_with_the_wrong_list_schema() {
    let server = ServerProcess::start(&["--fault", "wrong-list-schema"]);
    for endpoint in ["/Nope", "/Roles"] {
        let env = environment(
            ENTITLEMENTS,
            &given(&[
                ("SCIMBaseURL", &server.base_url),
                ("auth", &format!("Bearer {TOKEN}")),
                ("EntitlementEndpoint", endpoint),
            ]),
        );
        let result = Run::default().go(&suite(ENTITLEMENTS), &env, &UreqTransport::new());
        assert_fails_exactly(
            &result,
            &["Duplicate the request for multiple Entitlement Endpoints"],
            endpoint,
        );
    }
}

#[test]
fn users_carry_entitlements_and_roles_and_lists_page() {
    let server = ServerProcess::start(&[]);
    let user = server.call("GET", "/Users?count=1", None).json();
    let first = &user["Resources"][0];
    assert_eq!(first["roles"][0]["value"], "role-admin");
    assert_eq!(first["entitlements"][0]["type"], "Entitlement");
    let page = server
        .call("GET", "/Entitlements?startIndex=2&count=1", None)
        .json();
    assert_eq!(
        (
            page["totalResults"].clone(),
            page["startIndex"].clone(),
            page["itemsPerPage"].clone()
        ),
        (json!(3), json!(2), json!(1))
    );
    let found = server
        .call("GET", "/Users?filter=roles.value eq \"role-admin\"", None)
        .json();
    assert!(
        found["totalResults"].as_u64().is_some_and(|n| n >= 1),
        "{found}"
    );
    assert_eq!(server.send("GET", "/Roles", &[], None).status, 401);
}
