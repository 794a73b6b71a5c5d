//! The switch for Okta orgs from a browser (`RunOptions::ssws_as_bearer`): each
//! `Authorization: SSWS <API token>` header goes out as `Bearer <access token>`, the result
//! shows what was sent, and the export records that the switch was on.

use serde_json::{json, Value};
use suite_engine::*;

use crate::support::*;

/// Two steps shaped like Okta's CRUD suite: one to the org with the API token, one to the
/// SCIM server with its own credential.
fn crud_like() -> Suite {
    suite_of(json!([
        {"step_type": "request", "method": "POST", "url": "{{oktaOrgUrl}}/api/v1/users?activate=true",
         "headers": {"Accept": ["application/json"], "Authorization": "SSWS {{oktaToken}}"},
         "body": "{}",
         "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 200}]},
        {"step_type": "request", "url": "{{SCIMUrl}}/Users",
         "headers": {"Authorization": ["{{SCIMAuth}}"]}}
    ]))
}

fn environment(with_access_token: bool) -> Environment {
    let mut env = Environment::with_variables([
        ("oktaOrgUrl", "https://org.example"),
        ("oktaToken", "api-token-00QC"),
        ("SCIMUrl", "https://scim.example/scim/v2"),
        ("SCIMAuth", "Bearer scim-secret"),
    ]);
    if with_access_token {
        env.initial_variables
            .push(("oktaAccessToken".into(), "eyJ-access-token".into()));
    }
    env
}

fn switched_on() -> RunOptions {
    RunOptions {
        ssws_as_bearer: Some("oktaAccessToken".into()),
        ..RunOptions::default()
    }
}

/// The Authorization values each request carried, in order.
fn sent_authorizations(result: &RunResult) -> Vec<String> {
    result
        .steps
        .iter()
        .filter_map(|s| s.request.as_ref())
        .flat_map(|r| r.headers.iter())
        .filter(|h| h.name.eq_ignore_ascii_case("authorization"))
        .map(|h| h.value.clone())
        .collect()
}

/// Answers 200 only to the access token at the org, like Okta from a browser.
fn org_wanting_bearer(request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
    let auth = request
        .headers
        .iter()
        .find(|h| h.name == "Authorization")
        .map(|h| h.value.as_str());
    let status = match auth {
        Some("Bearer eyJ-access-token") | Some("Bearer scim-secret") => 200,
        _ => 403,
    };
    Ok(json_response(status, json!({})))
}

#[test]
fn ssws_headers_go_out_as_the_access_token_and_the_result_shows_it() {
    let result = run_with(
        &crud_like(),
        &environment(true),
        &switched_on(),
        org_wanting_bearer,
    );
    assert_eq!(result.outcome, RunOutcome::Passed);
    assert_eq!(
        sent_authorizations(&result),
        ["Bearer eyJ-access-token", "Bearer scim-secret"]
    );
    // The header keeps its place among the step's headers.
    let first = result.steps[0].request.as_ref().expect("sent");
    assert_eq!(first.headers[1].name, "Authorization");
    assert!(result.steps.iter().all(|s| s.warnings.is_empty()));
}

#[test]
fn the_export_records_the_switch_and_masks_the_access_token() {
    let result = run_with(
        &crud_like(),
        &environment(true),
        &switched_on(),
        org_wanting_bearer,
    );
    let exported = result.masked().to_json();
    assert!(!exported.contains("eyJ-access-token"), "{exported}");
    assert!(!exported.contains("api-token-00QC"), "{exported}");
    let file: Value = serde_json::from_str(&exported).expect("JSON");
    assert_eq!(file["options"]["ssws_as_bearer"], "oktaAccessToken");
    assert_eq!(file["format_version"], 1, "a new field within version 1");
    let loaded = load_result(&exported).expect("reads back");
    assert_eq!(
        loaded.options.ssws_as_bearer.as_deref(),
        Some("oktaAccessToken")
    );
}

#[test]
fn switched_off_the_suite_sends_its_headers_as_written() {
    let result = run_with(
        &crud_like(),
        &environment(true),
        &RunOptions::default(),
        org_wanting_bearer,
    );
    assert_eq!(
        sent_authorizations(&result),
        ["SSWS api-token-00QC", "Bearer scim-secret"]
    );
    assert_eq!(result.steps[0].outcome, StepOutcome::Fail);
    let file: Value = serde_json::from_str(&result.masked().to_json()).expect("JSON");
    assert_eq!(file["options"]["ssws_as_bearer"], Value::Null);
}

/// Without a value the API token is still not sent: the header says which variable is
/// missing, and the step says so as for any undefined variable.
#[test]
fn a_missing_access_token_is_reported_and_the_api_token_stays_home() {
    let result = run_with(
        &crud_like(),
        &environment(false),
        &switched_on(),
        org_wanting_bearer,
    );
    assert_eq!(
        sent_authorizations(&result),
        ["Bearer {{oktaAccessToken}}", "Bearer scim-secret"]
    );
    let warnings: Vec<(WarningKind, Option<&str>)> = result.steps[0]
        .warnings
        .iter()
        .map(|w| (w.kind, w.subject.as_deref()))
        .collect();
    assert_eq!(
        warnings,
        [(WarningKind::UndefinedVariable, Some("oktaAccessToken"))]
    );
}

/// Result files written before the switch existed read back with it off.
#[test]
fn older_results_without_the_field_read_back_with_the_switch_off() {
    let result = run_with(
        &crud_like(),
        &environment(true),
        &RunOptions::default(),
        org_wanting_bearer,
    );
    let mut file: Value = serde_json::from_str(&result.masked().to_json()).expect("JSON");
    file["options"]
        .as_object_mut()
        .expect("options")
        .remove("ssws_as_bearer");
    let loaded = load_result(&file.to_string()).expect("reads back");
    assert_eq!(loaded.options.ssws_as_bearer, None);
}
