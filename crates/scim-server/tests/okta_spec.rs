//! Okta's SCIM 2.0 SPEC suite run by `suite-engine` against the binary over real HTTP:
//! it passes, and each fault fails exactly the steps the fault table names. Natively, and
//! as a browser on another origin (CORS preflights, forbidden headers dropped).

use scim_server::FAULTS;
use suite_engine::{FailureKind, RunResult, Step, StepOutcome};

use crate::engine::{
    assert_fails_exactly, environment, explain, given, suite, BrowserTransport, Run, UreqTransport,
    SPEC,
};
use crate::support::{ServerProcess, TOKEN};

const GROUPS_ENDPOINT: &str = "Optional Test: Verify Groups endpoint";

fn run_spec(server: &ServerProcess, auth: &str, browser: bool, run: &Run) -> RunResult {
    let env = environment(
        SPEC,
        &given(&[("SCIMBaseURL", &server.base_url), ("auth", auth)]),
    );
    if browser {
        run.go(
            &suite(SPEC),
            &env,
            &BrowserTransport::new("http://runner.test"),
        )
    } else {
        run.go(&suite(SPEC), &env, &UreqTransport::new())
    }
}

/// The `--fault` argument that shows a fault: `slow` needs a delay past the 600 ms limit.
fn argument(name: &str) -> &str {
    if name == "slow" {
        "slow=700"
    } else {
        name
    }
}

#[test]
fn okta_spec_passes_without_faults() {
    let server = ServerProcess::start(&[]);
    let result = run_spec(&server, &format!("Bearer {TOKEN}"), false, &Run::default());
    let requests: Vec<_> = result
        .steps
        .iter()
        .filter(|s| s.step_type == "request")
        .collect();
    assert_eq!(requests.len(), 12, "the suite has 12 request steps");
    for step in &requests {
        assert_eq!(
            step.outcome,
            StepOutcome::Pass,
            "{}:\n{}",
            step.note,
            explain(&result)
        );
        assert!(!step.assertions.is_empty(), "{} asserts nothing", step.note);
    }
    assert_eq!(result.summary.assertions.failed, 0);
    let groups = requests
        .iter()
        .find(|s| s.note.trim() == GROUPS_ENDPOINT)
        .expect("the Groups step ran");
    assert_eq!(groups.scripts[0].logs, ["true"]);
}

#[test]
fn okta_spec_passes_in_a_browser_with_a_bare_token_and_another_base_path() {
    let server = ServerProcess::start(&[
        "--base-path",
        "/api/scim/v2/",
        "--token",
        "t0k3n",
        "--seed",
        "1",
        "--groups",
        "1",
    ]);
    assert!(
        server.base_url.ends_with("/api/scim/v2"),
        "{}",
        server.base_url
    );
    let result = run_spec(&server, "t0k3n", true, &Run::default());
    assert_fails_exactly(&result, &[], "bare token, other base path, in a browser");
}

#[test]
fn without_seed_users_the_first_steps_fail() {
    let server = ServerProcess::start(&["--seed", "0"]);
    let result = run_spec(&server, &format!("Bearer {TOKEN}"), false, &Run::default());
    assert_fails_exactly(
        &result,
        &[
            "Required Test: Test Users endpoint",
            "Required Test: Get Users/{{id}}",
        ],
        "no users",
    );
}

#[test]
fn the_first_extracted_id_is_used_in_the_next_url() {
    let spec = suite(SPEC);
    let request_steps: Vec<(usize, _)> = spec
        .steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match s {
            Step::Request(r) => Some((i, r)),
            _ => None,
        })
        .collect();
    let (extracting, name) = request_steps
        .iter()
        .find_map(|(i, r)| {
            r.variables
                .iter()
                .filter(|v| v.property == "id" || v.property.ends_with(".id"))
                .find_map(|v| v.name.clone())
                .map(|name| (*i, name))
        })
        .expect("a step extracts an id");
    assert_eq!((extracting, name.as_str()), (0, "ISVUserid"));
    let server = ServerProcess::start(&[]);
    let result = run_spec(&server, &format!("Bearer {TOKEN}"), false, &Run::default());
    let id = result.steps[0]
        .variables
        .iter()
        .find(|v| v.name == name)
        .and_then(|v| v.value.clone());
    let id = id.expect("ISVUserid was extracted");
    let url = &result.steps[2]
        .request
        .as_ref()
        .expect("step 2 was sent")
        .url;
    assert_eq!(url, &format!("{}/Users/{id}", server.base_url));
}

/// Every fault, natively: exactly its SPEC steps fail, except `no-cors`, whose steps fail
/// only in a browser (checked below).
#[test]
fn each_fault_fails_exactly_its_spec_steps_natively() {
    for fault in FAULTS {
        let server = ServerProcess::start(&["--fault", argument(fault.name)]);
        let result = run_spec(&server, &format!("Bearer {TOKEN}"), false, &Run::default());
        let expected: &[&str] = if fault.name == "no-cors" {
            &[]
        } else {
            fault.spec_fails
        };
        assert_fails_exactly(&result, expected, &format!("--fault {}", fault.usage));
    }
}

/// In a browser on another origin every fault still fails its steps, `no-cors` included.
#[test]
fn each_fault_fails_exactly_its_spec_steps_in_a_browser() {
    for fault in FAULTS {
        let server = ServerProcess::start(&["--fault", argument(fault.name)]);
        let result = run_spec(&server, &format!("Bearer {TOKEN}"), true, &Run::default());
        assert_fails_exactly(
            &result,
            fault.spec_fails,
            &format!("--fault {} in a browser", fault.usage),
        );
        if fault.name == "no-cors" {
            assert!(result
                .steps
                .iter()
                .filter_map(|s| s.failure.as_ref())
                .all(|f| f.kind == FailureKind::Cors));
        }
    }
}

#[test]
fn slow_under_600_ms_fails_nothing() {
    let server = ServerProcess::start(&["--fault", "slow=20"]);
    let result = run_spec(&server, &format!("Bearer {TOKEN}"), false, &Run::default());
    assert_fails_exactly(&result, &[], "slow=20");
}

/// Past the request timeout the transport gives up: every request step errors with a
/// timeout, and no assertion is judged on a response that never came.
#[test]
fn slow_responses_past_the_request_timeout_are_timeouts() {
    let server = ServerProcess::start(&["--fault", "slow=1000"]);
    let run = Run {
        request_timeout_ms: 150,
        ..Run::default()
    };
    let result = run_spec(&server, &format!("Bearer {TOKEN}"), false, &run);
    for step in result.steps.iter().filter(|s| s.step_type == "request") {
        assert_eq!(step.outcome, StepOutcome::Error, "{}", step.note);
        let failure = step.failure.as_ref().expect("a request failure");
        assert_eq!(failure.kind, FailureKind::Timeout, "{}", failure.message);
    }
}
