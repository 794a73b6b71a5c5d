//! Okta's own scripts, read from ../shared/okta (not copied into this repository).

use suite_engine::ScriptResponse;

use super::*;

const OKTA_INITIAL_SCRIPT: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/okta/Initial_Script_Spec.txt"
));
const OKTA_SUITE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/okta/Okta-SCIM-20-SPEC-Test.json"
));

/// The Groups step's post-response script, from Okta's suite file.
fn okta_groups_script() -> String {
    let suite: serde_json::Value = serde_json::from_str(OKTA_SUITE).expect("Okta's suite is JSON");
    let steps = suite["steps"].as_array().expect("steps");
    steps
        .iter()
        .flat_map(|s| s["scripts"].as_array().into_iter().flatten())
        .filter_map(|s| s.as_str())
        .find(|s| s.contains("Resources"))
        .expect("a script about Groups")
        .to_string()
}

pub(crate) fn groups_response(body: &str) -> ScriptResponse {
    ScriptResponse {
        status: 200,
        reason: "OK".into(),
        headers: vec![("Content-Type".into(), vec!["application/scim+json".into()])],
        body: body.into(),
        response_time_ms: 12.0,
        size_bytes: body.len() as u64,
    }
}

#[test]
fn okta_initial_script_sets_the_random_user() {
    let out = run(OKTA_INITIAL_SCRIPT);
    assert_eq!(out.error, None);
    let email = variable(&out, "randomEmail").expect("randomEmail");
    assert!(
        email.starts_with("Runscope") && email.ends_with("@atko.com"),
        "{email}"
    );
    assert_eq!(variable(&out, "randomUsername"), Some(email));
    assert_eq!(
        variable(&out, "randomUsernameCaps"),
        Some(email.to_uppercase().as_str())
    );
    assert!(variable(&out, "randomGivenName").is_some());
    assert!(variable(&out, "randomFamilyName").is_some());
    assert_eq!(
        variable(&out, "InvalidUserEmail"),
        Some("abcdefgh@atko.com")
    );
    assert_eq!(
        variable(&out, "UserIdThatDoesNotExist"),
        Some("010101001010101011001010101011")
    );
}

#[test]
fn okta_initial_script_draws_a_new_user_each_time() {
    let emails: Vec<String> = (0..5)
        .map(|_| {
            let out = run(OKTA_INITIAL_SCRIPT);
            variable(&out, "randomEmail")
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    let mut distinct = emails.clone();
    distinct.sort();
    distinct.dedup();
    assert!(distinct.len() > 1, "Math.random gave one user: {emails:?}");
}

#[test]
fn okta_groups_script_passes_on_a_list_of_groups() {
    let script = okta_groups_script();
    let vars = Variables::new();
    let response = groups_response(
        r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,
            "Resources":[{"id":"g1","displayName":"Admins"}]}"#,
    );
    let out = run_input(ScriptInput {
        response: Some(&response),
        ..input(ScriptKind::PostResponse, &script, &vars)
    });
    assert_eq!(out.error, None);
    assert_eq!(out.assertions.len(), 1);
    assert!(out.assertions[0].passed);
    assert_eq!(out.assertions[0].message, "Resources is of type Array");
    assert_eq!(out.logs, ["true"]);
}

#[test]
fn okta_groups_script_fails_on_a_body_that_is_not_json() {
    let script = okta_groups_script();
    let vars = Variables::new();
    let response = groups_response("<html>Service Unavailable</html>");
    let out = run_input(ScriptInput {
        response: Some(&response),
        ..input(ScriptKind::PostResponse, &script, &vars)
    });
    assert!(thrown(&out).starts_with("SyntaxError"), "{out:?}");
    assert!(out.assertions.is_empty());
}
