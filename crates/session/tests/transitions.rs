//! The session's transitions, driven as the page drives them: a suite loads, values are
//! typed, the engine runs (a real runner over a fake transport) and reports, results open.

use std::cell::RefCell;
use std::sync::Arc;

use session::*;
use suite_engine::{
    Clock, FailureKind, HttpRequest, HttpResponse, RequestFailure, RunEvent, RunResult, Runner,
    StepResult, Transport,
};

const SUITE: &str = r#"{"name": "Demo", "steps": [
  {"step_type": "request", "url": "{{base}}/Users", "note": "Required Test: list",
   "headers": {"Authorization": ["{{auth}}"]},
   "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 200}]},
  {"step_type": "pause", "duration": 5},
  {"step_type": "request", "url": "{{base}}/Users/{{randomId}}", "note": "Required Test: one",
   "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 404}]},
  {"step_type": "request", "url": "{{base}}/Groups", "note": "Optional Test: groups",
   "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 200}]}
]}"#;

/// Answers 200 to everything, or fails every request with `failure`.
struct Fake(Option<FailureKind>);

impl Transport for Fake {
    async fn send(&self, _: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        match self.0 {
            Some(kind) => Err(RequestFailure::new(kind, "blocked")),
            None => Ok(HttpResponse {
                status: 200,
                ..HttpResponse::default()
            }),
        }
    }
}

struct Instant;

impl Clock for Instant {
    fn now_ms(&self) -> f64 {
        1_700_000_000_000.0
    }
    async fn sleep(&self, _: f64) {}
}

fn loaded() -> Session {
    let mut s = Session::new(false);
    assert!(s.load_suite("demo.json", SUITE));
    s
}

fn ready() -> Session {
    let mut s = loaded();
    s.set_value("base", "http://127.0.0.1:9/scim".into());
    s.set_value("auth", "Bearer sekret-123".into());
    s.set_value("randomId", "nobody".into());
    s
}

/// Runs the plan the session hands out and feeds the engine's events back, as the page does.
fn run(session: &mut Session, transport: Fake, cancel_after: Option<usize>) -> RunResult {
    let plan = session.start_run(0.0, 1).expect("the run starts");
    let shared = RefCell::new(std::mem::replace(session, Session::new(false)));
    let cancel = suite_engine::CancelHandle::new();
    let finished = RefCell::new(0usize);
    let mut listener = |event: &RunEvent<'_>| match event {
        RunEvent::StepStarted { path, note, .. } => {
            let number: Vec<String> = path.iter().map(|i| (i + 1).to_string()).collect();
            shared
                .borrow_mut()
                .step_started(number.join("."), (*note).to_string());
        }
        RunEvent::StepFinished { result } => {
            shared
                .borrow_mut()
                .steps_finished(vec![Arc::new(StepResult::clone(result))]);
            *finished.borrow_mut() += 1;
            if Some(*finished.borrow()) == cancel_after {
                cancel.cancel();
            }
        }
        RunEvent::PauseStarted { duration_ms, .. } => {
            shared.borrow_mut().pause_remaining(Some(*duration_ms));
        }
        RunEvent::PauseFinished { .. } => shared.borrow_mut().pause_remaining(None),
        _ => {}
    };
    let result = futures::executor::block_on(
        Runner::new(&transport, &Instant)
            .with_listener(&mut listener)
            .with_cancel(cancel.clone())
            .run(&plan.tests[0], &plan.environment, &plan.options),
    );
    let masked = result.masked();
    *session = shared.into_inner();
    session.finish_test(masked.clone());
    session.end_run();
    masked
}

#[test]
fn a_new_page_is_empty_and_cannot_run() {
    let s = Session::new(false);
    assert_eq!(s.phase(), Phase::Empty);
    assert_eq!(
        s.run_blocker().map(|b| b.reason),
        Some("Load a suite first.".into())
    );
}

#[test]
fn a_suite_loads_and_asks_for_its_variables_in_roles() {
    let s = loaded();
    assert_eq!(s.phase(), Phase::Loaded);
    let roles: Vec<(&str, VariableRole, bool)> = s
        .environment()
        .variables
        .iter()
        .map(|v| (v.name.as_str(), v.role, v.secret))
        .collect();
    assert_eq!(
        roles,
        [
            ("base", VariableRole::Environment, false),
            ("auth", VariableRole::Environment, true),
            ("randomId", VariableRole::Data, false),
        ]
    );
}

#[test]
fn a_file_that_does_not_load_keeps_the_suite_before() {
    let mut s = loaded();
    assert!(!s.load_suite("broken.json", "{\"steps\": [1"));
    assert_eq!(s.suite().map(|l| l.file_name.as_str()), Some("demo.json"));
    let error = s.load_error().expect("says why");
    assert!(
        error.starts_with("broken.json is not a suite we can load:"),
        "{error}"
    );
    assert!(s.load_suite("demo.json", SUITE));
    assert_eq!(s.load_error(), None);
}

#[test]
fn run_waits_for_a_base_url_that_is_a_url() {
    let mut s = loaded();
    let blocker = s.run_blocker().expect("blocked");
    assert_eq!(
        (blocker.variable.as_str(), blocker.reason.as_str()),
        ("base", "Enter base to run the suite.")
    );
    s.set_value("base", "example.com/scim".into());
    let blocker = s.run_blocker().expect("still blocked");
    assert!(
        blocker.reason.starts_with("Not a URL"),
        "{}",
        blocker.reason
    );
    s.set_value("base", "https://example.com/scim".into());
    assert_eq!(s.run_blocker().map(|b| b.variable), Some("auth".into()));
    // A credential the initial script sets needs no input.
    s.set_initial_script("variables.set('auth', 'Bearer x');".into());
    assert_eq!(s.run_blocker(), None);
    assert!(s.start_run(0.0, 1).is_ok());
}

#[test]
fn a_run_counts_requests_not_pauses_as_its_rows_arrive() {
    let mut s = ready();
    let result = run(&mut s, Fake(None), None);
    assert_eq!(s.phase(), Phase::Finished);
    let results = s.results().expect("results");
    assert_eq!(results.tests.len(), 1);
    assert_eq!(results.tests[0].rows.len(), 4);
    assert_eq!(results.summary(), result.summary);
    let verdict = s.verdict().expect("a verdict");
    assert_eq!(verdict.kind, VerdictKind::Failed);
    // The instant clock waits no time: the pause was honoured, for 0 s.
    assert_eq!(
        verdict.counts,
        "3 requests: 2 passed, 1 failed · 1 pause waited (0 s)"
    );
    assert_eq!(
        verdict.required.as_deref(),
        Some("1 of 2 required tests passed; 1 of 1 optional test passed")
    );
    // Rows shown are masked as an export is.
    let shown = format!("{:?}", results.tests[0].rows);
    assert!(!shown.contains("sekret-123"));
}

#[test]
fn a_cancelled_run_counts_only_what_ran() {
    let mut s = ready();
    run(&mut s, Fake(None), Some(1));
    let verdict = s.verdict().expect("a verdict");
    assert_eq!(verdict.kind, VerdictKind::Cancelled);
    assert_eq!(verdict.headline, "Cancelled after 1 of 3 requests");
    // The pause after the cancel was never reached: it is not counted as skipped.
    assert_eq!(verdict.counts, "1 request: 1 passed");
}

#[test]
fn while_running_the_verdict_counts_what_finished() {
    let mut s = ready();
    s.start_run(0.0, 1).expect("starts");
    assert_eq!(s.verdict().map(|v| v.headline), Some("Running…".into()));
    assert!(
        !s.load_suite("other.json", SUITE),
        "no new suite during a run"
    );
    assert_eq!(
        s.load_error(),
        Some("A run is going: cancel it before loading another suite.")
    );
}

#[test]
fn requests_blocked_alike_make_one_cause() {
    let mut s = ready();
    run(&mut s, Fake(Some(FailureKind::Cors)), None);
    let rows = &s.results().expect("results").tests[0].rows;
    let causes = shared_causes(rows);
    assert_eq!(causes.len(), 1);
    assert_eq!(causes[0].kind, FailureKind::Cors);
    assert_eq!(causes[0].origin, "http://127.0.0.1:9");
    assert_eq!(causes[0].steps, ["1", "3", "4"]);
    assert_eq!(row_reason(&rows[0]).as_deref(), Some("Blocked by CORS"));
    let shared: Vec<_> = causes.iter().map(|c| c.key()).collect();
    assert_eq!(cause_of(&shared, &rows[2]), Some(&causes[0].key()));
    assert!(cause_of(&shared, &rows[1]).is_none(), "the pause");
}

#[test]
fn a_failed_row_says_its_first_failing_assertion() {
    let mut s = ready();
    run(&mut s, Fake(None), None);
    let row = &s.results().expect("results").tests[0].rows[2];
    assert_eq!(
        row_reason(row).as_deref(),
        Some("Status: expected a number equal to 404, got 200")
    );
    assert_eq!(
        row_reason(&s.results().expect("results").tests[0].rows[0]),
        None
    );
}

#[test]
fn filters() {
    let mut s = ready();
    run(&mut s, Fake(None), None);
    let rows = &s.results().expect("results").tests[0].rows;
    let count = |f: &Filter| rows.iter().filter(|r| f.matches(r)).count();
    assert_eq!(count(&Filter::default()), 4);
    assert_eq!(
        count(&Filter {
            failed_only: true,
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        count(&Filter {
            required_only: true,
            ..Filter::default()
        }),
        2
    );
    assert_eq!(
        count(&Filter {
            status_class: Some(2),
            ..Filter::default()
        }),
        3
    );
    assert_eq!(
        count(&Filter {
            text: "GROUPS".into(),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        count(&Filter {
            text: "users/nobody".into(),
            ..Filter::default()
        }),
        1
    );
}

#[test]
fn opening_a_result_over_a_run_asks_first() {
    let mut s = ready();
    let result = run(&mut s, Fake(None), None);
    // Over a run made here: ask.
    assert_eq!(
        s.open_result(Origin::File("old.json".into()), vec![result.clone()]),
        Opening::NeedsConfirmation
    );
    assert_eq!(
        s.pending_open().map(|p| p.replaces),
        Some(Replaces::FinishedRun)
    );
    s.keep_current();
    assert_eq!(s.phase(), Phase::Finished);
    assert_eq!(
        s.open_result(Origin::File("old.json".into()), vec![result.clone()]),
        Opening::NeedsConfirmation
    );
    s.confirm_open();
    assert_eq!(s.phase(), Phase::Opened);
    assert!(s.results().is_some_and(|r| r.origin.is_read_only()));
    // Over opened results: no question.
    assert_eq!(
        s.open_result(Origin::Link, vec![result.clone()]),
        Opening::Opened
    );

    // Over a run going: ask, and once confirmed, the old run's late events change nothing.
    let mut s = ready();
    s.start_run(0.0, 1).expect("starts");
    assert_eq!(
        s.open_result(Origin::Link, vec![result]),
        Opening::NeedsConfirmation
    );
    assert_eq!(
        s.pending_open().map(|p| p.replaces),
        Some(Replaces::RunningRun)
    );
    s.confirm_open();
    let before = s.clone();
    s.step_started("9".into(), "late".into());
    s.pause_remaining(Some(3.0));
    assert_eq!(s, before);
}

#[test]
fn what_a_reload_keeps() {
    let mut s = ready();
    s.set_initial_script("variables.set('randomId', 'x');".into());
    let result = run(&mut s, Fake(None), None);
    let kept = s.remembered();
    let auth = kept.environment.find("auth").expect("auth");
    assert_eq!(auth.value, "", "secrets are not kept unless asked");
    assert_eq!(
        kept.environment.find("base").map(|v| v.value.as_str()),
        Some("http://127.0.0.1:9/scim")
    );
    assert_eq!(
        kept.environment.initial_script,
        "variables.set('randomId', 'x');"
    );

    let mut after = Session::new(false);
    after.restore(
        kept,
        Some(("demo.json".into(), SUITE.into())),
        Some(vec![result]),
    );
    assert_eq!(after.phase(), Phase::Opened);
    assert_eq!(
        after.results().map(|r| r.origin.clone()),
        Some(Origin::Restored)
    );
    assert_eq!(
        after.suite().map(|l| l.file_name.as_str()),
        Some("demo.json")
    );

    s.set_remember_secrets(true);
    assert_eq!(
        s.remembered()
            .environment
            .find("auth")
            .map(|v| v.value.as_str()),
        Some("Bearer sekret-123")
    );
}

#[test]
fn a_reload_without_a_kept_suite_restores_the_rest_as_a_full_restore_does() {
    let mut s = ready();
    s.set_initial_script("variables.set('randomId', 'x');".into());
    let result = run(&mut s, Fake(None), None);
    let kept = s.remembered();

    let mut full = Session::new(false);
    full.restore(kept.clone(), None, Some(vec![result.clone()]));
    let mut without = Session::new(false);
    without.restore_without_suite(kept.clone(), Some(vec![result]));
    assert_eq!(without.remembered(), full.remembered());
    assert_eq!(without.remembered(), kept);
    assert_eq!(without.environment(), full.environment());
    assert_eq!(
        without.results().map(|r| (r.origin.clone(), r.tests.len())),
        Some((Origin::Restored, 1))
    );
    assert_eq!(
        full.results().map(|r| (r.origin.clone(), r.tests.len())),
        Some((Origin::Restored, 1))
    );
    assert!(without.suite().is_none());
}

#[test]
fn an_initial_script_holding_a_secret_is_kept_only_when_secrets_are() {
    let mut s = ready();
    s.set_initial_script("variables.set('apiToken', 'tok-999');".into());
    assert_eq!(s.remembered().environment.initial_script, "");
    s.set_initial_script("var t = 'Bearer sekret-123';".into());
    assert_eq!(
        s.remembered().environment.initial_script,
        "",
        "it contains auth's value"
    );
    s.set_remember_secrets(true);
    assert_eq!(
        s.remembered().environment.initial_script,
        "var t = 'Bearer sekret-123';"
    );
}

#[test]
fn secrets_go_only_to_hosts_the_tester_approved() {
    let mut s = loaded();
    s.set_in_page_origins(vec!["https://scim.demo.invalid".into()]);
    s.set_value("base", "http://127.0.0.1:9/scim".into());
    s.set_value("auth", "Bearer sekret-123".into());
    s.set_value("randomId", "x".into());
    let hosts = s.hosts();
    assert_eq!(hosts.rows.len(), 1);
    let row = &hosts.rows[0];
    assert_eq!(row.origin, "http://127.0.0.1:9");
    assert_eq!(row.requests, 3);
    assert_eq!(row.carries, ["auth"]);
    assert_eq!(row.approval, Approval::TypedByYou);
    let plan = s.start_run(0.0, 1).expect("runs");
    assert_eq!(
        plan.options.host_policy,
        suite_engine::HostPolicy::only(["https://scim.demo.invalid", "http://127.0.0.1:9"])
    );
}

#[test]
fn a_base_url_from_the_suite_file_is_not_an_approval() {
    // A hostile suite names its own host in the environment it carries.
    let suite = r#"{"steps": [{"step_type": "request", "url": "{{base}}/x",
        "headers": {"Authorization": ["{{auth}}"]}}],
      "environments": [{"name": "e", "initial_variables": {"base": "http://evil.example:9999"}}]}"#;
    let mut s = Session::new(false);
    assert!(s.load_suite("hostile.json", suite));
    s.set_value("auth", "Bearer sekret-123".into());
    let hosts = s.hosts();
    assert_eq!(hosts.rows[0].origin, "http://evil.example:9999");
    assert_eq!(hosts.rows[0].approval, Approval::NotApproved);
    assert_eq!(
        hosts.unapproved_secret_hosts(),
        ["http://evil.example:9999"]
    );
    let plan = s
        .start_run(0.0, 1)
        .expect("runs: the request is refused, not the run");
    assert!(!plan
        .options
        .host_policy
        .approves("http://evil.example:9999/x"));
    s.end_run();
    // Ticked by the tester, it may receive secrets; unticked, no more.
    s.approve_origin("http://evil.example:9999", true);
    assert_eq!(s.hosts().rows[0].approval, Approval::Approved);
    s.approve_origin("http://evil.example:9999", false);
    assert_eq!(s.hosts().rows[0].approval, Approval::NotApproved);
    // Typed by the tester, it is their choice.
    s.set_value("base", "http://evil.example:9999".into());
    assert_eq!(s.hosts().rows[0].approval, Approval::TypedByYou);
}

#[test]
fn a_failed_step_can_run_again_from_the_variables_it_started_with() {
    let mut s = ready();
    s.start_run(0.0, 1).expect("starts");
    let mut vars = suite_engine::Variables::new();
    vars.set("base", "http://127.0.0.1:9/scim");
    vars.set("randomId", "nobody");
    let snapshot = Snapshot {
        variables: vars,
        set_by_scripts: Default::default(),
    };
    // Step 3 fails (it expects 404 from a server that answers 200).
    let plan = {
        let transport = Fake(None);
        let suite = s.suite().expect("loaded").tests[0].clone();
        let result = futures::executor::block_on(Runner::new(&transport, &Instant).run(
            &suite,
            &suite_engine::Environment::with_variables([("base", "http://127.0.0.1:9/scim")]),
            &suite_engine::RunOptions::default(),
        ));
        for row in &result.steps {
            s.step_starting_with(row.path.clone(), snapshot.clone());
            s.step_done(row);
        }
        s.finish_test(result.masked());
        s.end_run();
        let row = s.results().expect("results").tests[0].rows[2].clone();
        assert_eq!(row.outcome, suite_engine::StepOutcome::Fail);
        s.rerun_plan(0, &row).expect("a failed step can run again")
    };
    assert_eq!(plan.key, "3");
    assert_eq!(plan.snapshot.variables.get("randomId"), Some("nobody"));
    let again = futures::executor::block_on(Runner::new(&Fake(None), &Instant).run_step(
        &s.suite().expect("loaded").tests[0],
        &plan.path,
        &plan.snapshot.variables,
        &plan.snapshot.set_by_scripts,
        plan.iteration.clone(),
        &suite_engine::Environment::default(),
        &suite_engine::RunOptions::default(),
    ))
    .expect("a request step");
    assert_eq!(
        again.request.map(|r| r.url).as_deref(),
        Some("http://127.0.0.1:9/scim/Users/nobody")
    );
    s.rerun_finished(
        0,
        plan.key.clone(),
        StepResult::clone(&s.results().expect("r").tests[0].rows[2]),
    );
    assert_eq!(
        s.results().expect("results").tests[0].reruns.of("3").len(),
        1
    );
    // A row whose variables were not kept, or an opened result, cannot.
    let opened = s.results().expect("results").finished();
    let mut other = Session::new(false);
    other.open_result(Origin::Link, opened);
    let row = other.results().expect("results").tests[0].rows[2].clone();
    assert!(other.rerun_plan(0, &row).is_none());
}
