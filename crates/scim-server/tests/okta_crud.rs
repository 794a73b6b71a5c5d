//! Okta's SCIM 2.0 CRUD suite, with its Initial Script's variables, run by `suite-engine`
//! over real HTTP against the binary with the emulated org on (`--okta`): natively with
//! the suite's SSWS headers as written, and from a browser on a trusted origin with the
//! access token (the engine's `ssws_as_bearer` switch, as the page sets it); each fault fails exactly the CRUD steps the fault table names. Pauses are
//! capped a little above a short provisioning delay, so the 20 s and 40 s pauses still
//! separate each change from its check.

use scim_server::{FaultInfo, FAULTS};
use suite_engine::{FailureKind, RunResult, StepOutcome};

use crate::engine::{
    assert_fails_exactly, environment, explain, given, suite, BrowserTransport, Run, UreqTransport,
    CRUD, ENTITLEMENTS_CRUD,
};
use crate::support::ServerProcess;

/// The provisioning delay the tests start the org with, in milliseconds.
const DELAY_MS: &str = "100";
/// The pause cap: every pause waits this long, past the delay.
const PAUSE_CAP_SECONDS: f64 = 0.25;
/// The origin the browser runs are made from, trusted by the org.
const PAGE_ORIGIN: &str = "http://page.test:8080";

fn start(extra: &[&str]) -> ServerProcess {
    let mut args = vec![
        "--okta",
        "--okta-delay-ms",
        DELAY_MS,
        "--okta-trusted-origin",
        PAGE_ORIGIN,
    ];
    args.extend_from_slice(extra);
    ServerProcess::start(&args)
}

/// The variables as the binary printed them.
fn crud_env(server: &ServerProcess, file: &str) -> suite_engine::Environment {
    let names = [
        "oktaOrgUrl",
        "oktaAppId",
        "oktaToken",
        "SCIMUrl",
        "SCIMAuth",
        "oktaAccessToken",
    ];
    let pairs: Vec<(&str, &str)> = names.iter().map(|n| (*n, server.variable(n))).collect();
    environment(file, &given(&pairs))
}

fn run_crud(
    server: &ServerProcess,
    file: &str,
    transport: &impl suite_engine::Transport,
) -> RunResult {
    crud_run(false).go(&suite(file), &crud_env(server, file), transport)
}

/// The run options: pauses capped; with `bearer`, the engine sends the suite's SSWS headers
/// as `Bearer {{oktaAccessToken}}`, as the page's switch does.
fn crud_run(bearer: bool) -> Run {
    Run {
        pause_cap_seconds: Some(PAUSE_CAP_SECONDS),
        ssws_as_bearer: bearer.then(|| "oktaAccessToken".to_owned()),
        ..Run::default()
    }
}

/// A browser page on the trusted origin with the Bearer switch on.
fn run_crud_in_browser(server: &ServerProcess, file: &str, origin: &str) -> RunResult {
    crud_run(true).go(
        &suite(file),
        &crud_env(server, file),
        &BrowserTransport::new(origin),
    )
}

fn argument(fault: &FaultInfo) -> &str {
    if fault.name == "slow" {
        "slow=700"
    } else {
        fault.name
    }
}

#[test]
fn the_binary_prints_every_variable_the_crud_suite_needs() {
    let server = start(&[]);
    let origin = server.origin();
    assert_eq!(server.variable("oktaOrgUrl"), origin);
    assert_eq!(server.variable("SCIMUrl"), server.base_url);
    assert_eq!(server.variable("SCIMAuth"), "Bearer secret-token");
    assert_eq!(server.variable("oktaToken"), "okta-api-token");
    assert_eq!(server.variable("oktaAccessToken"), "okta-access-token");
    let app = server.variable("oktaAppId");
    assert!(app.starts_with("0oa") && app.len() == 20, "{app}");
}

#[test]
fn okta_crud_passes_natively_with_ssws() {
    let server = start(&[]);
    let result = run_crud(&server, CRUD, &UreqTransport::new());
    let requests = result
        .steps
        .iter()
        .filter(|s| s.step_type == "request")
        .count();
    assert_eq!(requests, 13, "the suite has 13 request steps");
    assert_fails_exactly(&result, &[], "CRUD with the org");
    assert!(result
        .steps
        .iter()
        .filter(|s| s.step_type == "pause")
        .all(|s| s.outcome == StepOutcome::Pass));
    // The checks were made by provisioning, through SCIM: the first check found one user.
    let created = &result.steps[4];
    assert_eq!(created.note.trim(), "Verify if user is created in SCIM App");
    assert!(created
        .assertions
        .iter()
        .all(|a| a.outcome == suite_engine::AssertionOutcome::Pass));
}

#[test]
fn okta_crud_passes_from_a_trusted_origin_with_the_access_token() {
    let server = start(&[]);
    let result = run_crud_in_browser(&server, CRUD, PAGE_ORIGIN);
    assert_fails_exactly(&result, &[], "CRUD in a browser, Bearer, trusted origin");
    // What was sent, as the result records it: the access token, never the API token.
    let org_steps: Vec<_> = result
        .steps
        .iter()
        .filter_map(|s| s.request.as_ref())
        .filter(|r| r.url.contains("/api/v1/"))
        .collect();
    assert_eq!(org_steps.len(), 8);
    for request in org_steps {
        let auth = request.headers.iter().find(|h| h.name == "Authorization");
        assert_eq!(
            auth.map(|h| h.value.as_str()),
            Some("Bearer okta-access-token")
        );
    }
}

/// A browser that sends the suite's SSWS headers as written gets no CORS headers from the
/// org: every org step fails as a CORS failure, and nothing is provisioned.
#[test]
fn okta_crud_from_a_browser_with_ssws_is_refused() {
    let server = start(&[]);
    let result = run_crud(&server, CRUD, &BrowserTransport::new(PAGE_ORIGIN));
    for step in result.steps.iter().filter(|s| s.step_type == "request") {
        let org_step = step
            .request
            .as_ref()
            .is_some_and(|r| r.url.contains("/api/v1/"));
        if org_step {
            assert_eq!(step.outcome, StepOutcome::Error, "{}", step.note);
            assert_eq!(
                step.failure.as_ref().map(|f| f.kind),
                Some(FailureKind::Cors),
                "{}",
                step.note
            );
        }
    }
    let users = server.call("GET", "/Users?filter=userName sw \"Runscope\"", None);
    assert_eq!(users.json()["totalResults"], 0, "nothing was provisioned");
}

/// From an origin the org does not trust, even the access token gets nowhere.
#[test]
fn okta_crud_from_an_untrusted_origin_is_refused() {
    let server = start(&[]);
    let result = run_crud_in_browser(&server, CRUD, "http://elsewhere.test");
    let org_steps = result.steps.iter().filter(|s| {
        s.request
            .as_ref()
            .is_some_and(|r| r.url.contains("/api/v1/"))
    });
    for step in org_steps {
        assert_eq!(
            step.failure.as_ref().map(|f| f.kind),
            Some(FailureKind::Cors),
            "{}",
            step.note
        );
    }
}

#[test]
fn each_fault_fails_exactly_its_crud_steps_natively() {
    for fault in FAULTS {
        let server = start(&["--fault", argument(fault)]);
        let result = run_crud(&server, CRUD, &UreqTransport::new());
        let expected: &[&str] = if fault.name == "no-cors" {
            &[]
        } else {
            fault.crud_fails
        };
        assert_fails_exactly(&result, expected, &format!("--fault {}", fault.usage));
    }
}

#[test]
fn each_fault_fails_exactly_its_crud_steps_in_a_browser() {
    for fault in FAULTS {
        let server = start(&["--fault", argument(fault)]);
        let result = run_crud_in_browser(&server, CRUD, PAGE_ORIGIN);
        assert_fails_exactly(
            &result,
            fault.crud_fails,
            &format!("--fault {} in a browser", fault.usage),
        );
    }
}

/// Okta sends PUT only, so a server without PATCH passes.
#[test]
fn patch_unsupported_passes_when_the_org_updates_with_put() {
    let server = start(&["--fault", "patch-unsupported", "--okta-updates", "put"]);
    let result = run_crud(&server, CRUD, &UreqTransport::new());
    assert_fails_exactly(&result, &[], "patch-unsupported with --okta-updates put");
    let server = start(&["--okta-updates", "patch"]);
    let result = run_crud(&server, CRUD, &UreqTransport::new());
    assert_fails_exactly(&result, &[], "--okta-updates patch");
}

/// Without the pauses the checks come before the pushes: creation is not seen yet.
#[test]
fn skipping_the_pauses_fails_the_checks() {
    let server = ServerProcess::start(&["--okta", "--okta-delay-ms", "60000"]);
    let crud = suite(CRUD);
    let result = Run::default().go(&crud, &crud_env(&server, CRUD), &UreqTransport::new());
    let failed = crate::engine::failed_notes(&result);
    assert!(
        failed.contains(&"Verify if user is created in SCIM App".to_owned()),
        "{}",
        explain(&result)
    );
}

/// Okta's entitlements CRUD variant (`Okta-SCIM-20-With-Entitlements-CRUD-Test.json`,
/// from Okta's developer docs) passes too: its grant step is accepted and the rest is the
/// CRUD suite's. Natively with SSWS, and in a browser.
#[test]
fn okta_entitlements_crud_passes() {
    let variant = suite(ENTITLEMENTS_CRUD);
    let server = start(&[]);
    let run = Run {
        pause_cap_seconds: Some(PAUSE_CAP_SECONDS),
        ..Run::default()
    };
    let result = run.go(
        &variant,
        &crud_env(&server, ENTITLEMENTS_CRUD),
        &UreqTransport::new(),
    );
    assert_eq!(
        result
            .steps
            .iter()
            .filter(|s| s.step_type == "request")
            .count(),
        14
    );
    assert_fails_exactly(&result, &[], "entitlements CRUD natively");
    let result = crud_run(true).go(
        &variant,
        &crud_env(&server, ENTITLEMENTS_CRUD),
        &BrowserTransport::new(PAGE_ORIGIN),
    );
    assert_fails_exactly(&result, &[], "entitlements CRUD in a browser");
}

/// Each fault fails the variant's steps that match its CRUD steps: the variant is the CRUD
/// suite with a grant step, its notes reworded, so steps are matched by method and URL.
#[test]
fn each_fault_fails_the_matching_steps_of_the_entitlements_crud_variant() {
    let variant = suite(ENTITLEMENTS_CRUD);
    let crud = suite(CRUD);
    let key = |s: &suite_engine::Step| match s {
        suite_engine::Step::Request(r) => {
            Some((r.method.clone(), r.url.clone(), r.note.trim().to_owned()))
        }
        _ => None,
    };
    let crud_steps: Vec<_> = crud.steps.iter().filter_map(key).collect();
    let variant_steps: Vec<_> = variant
        .steps
        .iter()
        .filter_map(key)
        .filter(|(_, url, _)| !url.contains("/grants"))
        .collect();
    assert_eq!(crud_steps.len(), variant_steps.len());
    for fault in FAULTS
        .iter()
        .filter(|f| !f.crud_fails.is_empty() && f.name != "no-cors")
    {
        let server = start(&["--fault", argument(fault)]);
        let run = Run {
            pause_cap_seconds: Some(PAUSE_CAP_SECONDS),
            ..Run::default()
        };
        let result = run.go(
            &variant,
            &crud_env(&server, ENTITLEMENTS_CRUD),
            &UreqTransport::new(),
        );
        let failed = crate::engine::failed_notes(&result);
        let mut translated = Vec::new();
        let mut remaining: Vec<_> = variant_steps.iter().zip(&crud_steps).collect();
        for note in &failed {
            let index = remaining
                .iter()
                .position(|((_, _, n), _)| n == note)
                .unwrap_or_else(|| panic!("{note} is not a CRUD step"));
            let (_, (_, _, crud_note)) = remaining.remove(index);
            translated.push(crud_note.clone());
        }
        let want: Vec<String> = fault.crud_fails.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(
            translated,
            want,
            "--fault {} on the variant:\n{}",
            fault.usage,
            explain(&result)
        );
    }
}
