//! Run semantics: order, pauses, conditions, failures, scripts.

use std::cell::RefCell;

use serde_json::json;
use suite_engine::*;

use crate::support::*;

fn ok(_: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
    Ok(json_response(200, json!({"id": "1", "n": 5})))
}

fn pause_suite() -> Suite {
    suite_of(json!([
        {"step_type": "pause", "duration": 40},
        {"step_type": "pause", "duration": 2.5}
    ]))
}

#[test]
fn pauses_last_at_most_180_seconds() {
    let suite = suite_of(json!([{"step_type": "pause", "duration": 1e300}]));
    let transport = FakeTransport::new(ok);
    let clock = VirtualClock::new();
    let result = futures::executor::block_on(Runner::new(&transport, &clock).run(
        &suite,
        &Environment::default(),
        &RunOptions::default(),
    ));
    assert_eq!(clock.elapsed(), 180_000.0);
    assert_eq!(
        result.steps[0].reason.as_deref(),
        Some("the pause was capped at 180 s")
    );
}

fn run_pauses(policy: PausePolicy) -> (RunResult, f64, Vec<String>) {
    let transport = FakeTransport::new(ok);
    let clock = VirtualClock::new();
    let mut events = Vec::new();
    let mut listener = |e: &RunEvent<'_>| events.push(event_name(e));
    let options = RunOptions {
        pause_policy: policy,
        ..RunOptions::default()
    };
    let result = futures::executor::block_on(
        Runner::new(&transport, &clock)
            .with_listener(&mut listener)
            .run(&pause_suite(), &Environment::default(), &options),
    );
    let elapsed = clock.elapsed();
    (result, elapsed, events)
}

#[test]
fn pauses_honoured() {
    let (result, elapsed, events) = run_pauses(PausePolicy::Honour);
    assert_eq!(elapsed, 42_500.0);
    assert_eq!(result.steps[0].pause.map(|p| p.waited_ms), Some(40_000.0));
    assert_eq!(result.steps[1].pause.map(|p| p.waited_ms), Some(2_500.0));
    assert!(events.contains(&"pause tick [1] 1500".to_string()));
    assert!(events.contains(&"pause tick [0] 39000".to_string()));
    assert!(events.contains(&"pause finished [1] 2500".to_string()));
}

#[test]
fn pauses_capped() {
    let (result, elapsed, _) = run_pauses(PausePolicy::CapAt { seconds: 3.0 });
    assert_eq!(elapsed, 5_500.0);
    assert_eq!(result.steps[0].outcome, StepOutcome::Pass);
    assert_eq!(
        result.steps[0].reason.as_deref(),
        Some("the pause was capped at 3 s")
    );
    assert_eq!(
        result.steps[0].pause,
        Some(PauseRecord {
            requested_ms: 40_000.0,
            waited_ms: 3_000.0
        })
    );
    assert_eq!(result.steps[1].reason, None);
}

#[test]
fn pauses_skipped() {
    let (result, elapsed, events) = run_pauses(PausePolicy::Skip);
    assert_eq!(elapsed, 0.0);
    assert!(result
        .steps
        .iter()
        .all(|s| s.outcome == StepOutcome::Skipped));
    assert!(!events.iter().any(|e| e.starts_with("pause")));
    assert_eq!(result.outcome, RunOutcome::Passed);
}

#[test]
fn urls_are_encoded_once_and_sent_as_rendered() {
    let suite = suite_of(json!([{
        "step_type": "request", "method": "get",
        "url": "{{base}}/Users?filter=userName eq \"{{email}}\"&already=a%20b&pct=100%",
        "headers": {"X-Multi": ["a", "{{email}}"]},
        "assertions": [{"source": "response_status", "comparison": "equal_number", "value": 200}]
    }]));
    let env =
        Environment::with_variables([("base", "http://h/scim"), ("email", "ann o'neil@x.com")]);
    let transport = FakeTransport::new(ok);
    let clock = VirtualClock::new();
    let result = futures::executor::block_on(Runner::new(&transport, &clock).run(
        &suite,
        &env,
        &RunOptions::default(),
    ));
    let sent = transport.sent.borrow();
    assert_eq!(sent[0].method, "GET");
    assert_eq!(
        sent[0].url,
        "http://h/scim/Users?filter=userName%20eq%20%22ann%20o'neil@x.com%22&already=a%20b&pct=100%25"
    );
    assert_eq!(
        sent[0].headers,
        [
            Header::new("X-Multi", "a"),
            Header::new("X-Multi", "ann o'neil@x.com")
        ]
    );
    assert_eq!(sent[0].timeout_ms, 30_000);
    assert_eq!(
        result.steps[0].request.as_ref().map(|r| &r.url),
        Some(&sent[0].url)
    );
}

#[test]
fn initial_variables_are_rendered_in_order_with_builtins() {
    let suite =
        suite_of(json!([{"step_type": "request", "url": "http://h/{{id}}/{{stamp}}/{{day}}"}]));
    let env = Environment::with_variables([
        ("stamp", "{{timestamp}}"),
        ("day", "{{format_timestamp({{stamp}}, YYYY-MM-DD)}}"),
        ("id", "{{random_string(8)}}"),
    ]);
    let result = run_with(&suite, &env, &RunOptions::default(), ok);
    let url = result.steps[0]
        .request
        .as_ref()
        .map(|r| r.url.clone())
        .unwrap_or_default();
    assert!(url.starts_with("http://h/"), "{url}");
    assert!(url.ends_with("/1715608731/2024-05-13"), "{url}");
    assert_eq!(result.environment.variables[0].value, "1715608731");
    // The same seed renders the same random values.
    let again = run_with(&suite, &env, &RunOptions::default(), ok);
    assert_eq!(again.steps[0].request, result.steps[0].request);
    let other = run_with(
        &suite,
        &env,
        &RunOptions {
            seed: 9,
            ..RunOptions::default()
        },
        ok,
    );
    assert_ne!(other.steps[0].request, result.steps[0].request);
}

#[test]
fn a_failed_request_is_an_error_and_the_run_goes_on() {
    let suite = suite_of(json!([
        {"step_type": "request", "url": "http://down/x",
         "assertions": [{"source": "response_status", "comparison": "equal_number", "value": "200"}]},
        {"step_type": "request", "url": "http://up/x",
         "assertions": [{"source": "response_status", "comparison": "equal_number", "value": "200"}]}
    ]));
    let result = run_with(
        &suite,
        &Environment::default(),
        &RunOptions::default(),
        |r| {
            if r.url.contains("down") {
                Err(
                    RequestFailure::new(FailureKind::Cors, "the server did not allow this origin")
                        .with_headers_not_sent(vec![HeaderNotSent {
                            name: "User-Agent".into(),
                            reason: "browsers send their own".into(),
                        }]),
                )
            } else {
                ok(r)
            }
        },
    );
    let first = &result.steps[0];
    assert_eq!(first.outcome, StepOutcome::Error);
    assert_eq!(
        first.failure,
        Some(Failure {
            kind: FailureKind::Cors,
            message: "the server did not allow this origin".into()
        })
    );
    assert_eq!(
        first.reason.as_deref(),
        Some("no response: the server did not allow this origin")
    );
    assert_eq!(first.assertions[0].outcome, AssertionOutcome::Skipped);
    // What the browser refused to send is on record even without a response.
    let not_sent = &first
        .request
        .as_ref()
        .expect("the request")
        .headers_not_sent;
    assert_eq!(not_sent[0].name, "User-Agent");
    assert!(first
        .warnings
        .iter()
        .any(|w| w.message == "the User-Agent header was not sent: browsers send their own"));
    assert_eq!(result.steps[1].outcome, StepOutcome::Pass);
    assert_eq!(result.outcome, RunOutcome::Failed);
    assert_eq!(result.summary.steps.errored, 1);
    assert_eq!(result.summary.assertions.skipped, 1);
}

#[test]
fn stop_at_first_failure_skips_the_rest() {
    let suite = suite_of(json!([
        {"step_type": "request", "url": "http://h/a",
         "assertions": [{"source": "response_status", "comparison": "equal_number", "value": "201"}]},
        {"step_type": "pause", "duration": 5},
        {"step_type": "request", "url": "http://h/b"}
    ]));
    let options = RunOptions {
        stop_on_first_failure: true,
        ..RunOptions::default()
    };
    let result = run_with(&suite, &Environment::default(), &options, ok);
    assert_eq!(result.steps[0].outcome, StepOutcome::Fail);
    assert_eq!(
        result.steps[0].reason.as_deref(),
        Some("1 of 1 assertions did not pass")
    );
    assert_eq!(
        result.steps[0].assertions[0].message.as_deref(),
        Some("expected a number equal to 201, got 200")
    );
    for s in &result.steps[1..] {
        assert_eq!(s.outcome, StepOutcome::Skipped);
        assert_eq!(
            s.reason.as_deref(),
            Some("the run stopped at the first failure")
        );
    }
}

#[test]
fn conditions_run_or_skip_their_steps() {
    let suite = suite_of(json!([
        {"step_type": "request", "url": "http://h/a",
         "variables": [{"source": "response_json", "property": "n", "name": "n"},
                       {"source": "response_json", "property": "missing.id", "name": "gone"}]},
        {"step_type": "condition", "left_value": "{{n}}", "comparison": "is_greater_than", "right_value": "3",
         "steps": [{"step_type": "request", "url": "http://h/yes/{{n}}"}]},
        {"step_type": "condition", "left_value": "{{n}}", "comparison": "equal", "right_value": "6",
         "steps": [{"step_type": "request", "url": "http://h/no"}]},
        {"step_type": "condition", "left_value": "a", "comparison": "about", "right_value": "b",
         "steps": [{"step_type": "request", "url": "http://h/never"}]},
        {"step_type": "request", "url": "http://h/{{gone}}", "skipped": true},
        {"step_type": "subtest", "test_uuid": "x"},
        {"step_type": "ghost-inspector"},
        {"step_type": "teleport"}
    ]));
    let result = run_with(&suite, &Environment::default(), &RunOptions::default(), ok);
    let row = |i: usize| {
        let s = &result.steps[i];
        (
            s.path.clone(),
            s.outcome,
            s.reason.clone().unwrap_or_default(),
        )
    };
    assert_eq!(
        result.steps[0].variables[1].error.as_deref(),
        Some("missing.id not found: missing does not exist")
    );
    assert_eq!(row(1), (vec![1], StepOutcome::Pass, String::new()));
    assert_eq!(
        result.steps[1].condition.as_ref().map(|c| c.held),
        Some(true)
    );
    assert_eq!(row(2), (vec![1, 0], StepOutcome::Pass, String::new()));
    assert_eq!(
        result.steps[2].request.as_ref().map(|r| r.url.as_str()),
        Some("http://h/yes/5")
    );
    assert_eq!(row(3), (vec![2], StepOutcome::Pass, String::new()));
    assert_eq!(
        row(4),
        (
            vec![2, 0],
            StepOutcome::Skipped,
            "the condition did not hold".into()
        )
    );
    assert_eq!(
        row(5),
        (
            vec![3],
            StepOutcome::Fail,
            "the condition could not be evaluated: unknown comparison about".into()
        )
    );
    assert_eq!(row(6).1, StepOutcome::Skipped);
    assert_eq!(
        row(7),
        (
            vec![4],
            StepOutcome::Skipped,
            "the step is marked skipped".into()
        )
    );
    assert_eq!(
        row(8),
        (
            vec![5],
            StepOutcome::Skipped,
            "subtests run inside Runscope only".into()
        )
    );
    assert_eq!(
        row(9),
        (
            vec![6],
            StepOutcome::Skipped,
            "Ghost Inspector steps run inside Runscope only".into()
        )
    );
    assert_eq!(
        row(10),
        (
            vec![7],
            StepOutcome::Skipped,
            "unknown step type teleport".into()
        )
    );
    assert_eq!(result.summary.steps.total, 11);
}

#[test]
fn unknown_comparisons_and_sources_do_not_abort() {
    let suite = suite_of(json!([{
        "step_type": "request", "url": "http://h",
        "assertions": [
            {"source": "response_json", "property": "id", "comparison": "looks_like", "value": "1"},
            {"source": "response_vibes", "comparison": "equal", "value": "1"},
            {"source": "response_json", "property": "id", "comparison": "equal", "value": "1"}
        ]
    }, {"step_type": "request", "url": "http://h/2"}]));
    let result = run_with(&suite, &Environment::default(), &RunOptions::default(), ok);
    let outcomes: Vec<AssertionOutcome> = result.steps[0]
        .assertions
        .iter()
        .map(|a| a.outcome)
        .collect();
    assert_eq!(
        outcomes,
        [
            AssertionOutcome::Error,
            AssertionOutcome::Error,
            AssertionOutcome::Pass
        ]
    );
    assert_eq!(result.steps[0].outcome, StepOutcome::Fail);
    assert_eq!(result.steps[1].outcome, StepOutcome::Pass);
    assert_eq!(result.summary.assertions.errored, 2);
}

#[test]
fn bodies_are_cut_at_the_limit_but_assertions_see_all() {
    let long = "x".repeat(100);
    let suite = suite_of(json!([{
        "step_type": "request", "method": "POST", "url": "http://h", "body": "{{long}}",
        "assertions": [{"source": "response_text", "comparison": "contains", "value": "END"}]
    }]));
    let env = Environment::with_variables([("long", long.as_str())]);
    let options = RunOptions {
        body_limit_bytes: 10,
        ..RunOptions::default()
    };
    let result = run_with(&suite, &env, &options, |_| {
        Ok(HttpResponse {
            status: 200,
            body: format!("{}END", "é".repeat(20)).into_bytes(),
            ..HttpResponse::default()
        })
    });
    let step = &result.steps[0];
    assert_eq!(step.outcome, StepOutcome::Pass);
    let body = step
        .response
        .as_ref()
        .map(|r| r.body.clone())
        .unwrap_or_default();
    assert_eq!(body.size_bytes, 43);
    assert!(body.truncated);
    assert_eq!(body.text, "ééééé");
    let sent = step
        .request
        .as_ref()
        .and_then(|r| r.body.clone())
        .unwrap_or_default();
    assert_eq!(
        (sent.text.len(), sent.size_bytes, sent.truncated),
        (10, 100, true)
    );
}

/// A script host whose pre-request script changes the request and sets a variable, and whose
/// post-response script fails an assertion.
#[derive(Default)]
struct Editing {
    seen: RefCell<Vec<ScriptInput<'static>>>,
    vars_seen: RefCell<Vec<Option<String>>>,
}

impl ScriptHost for Editing {
    async fn run(&self, input: ScriptInput<'_>) -> ScriptOutput {
        self.vars_seen
            .borrow_mut()
            .push(input.variables.get("token").map(str::to_string));
        let _ = &self.seen;
        match input.kind {
            ScriptKind::Initial => ScriptOutput {
                variables_set: vec![Variable {
                    name: "token".into(),
                    value: "from-initial".into(),
                }],
                logs: vec!["initial ran".into()],
                ..ScriptOutput::default()
            },
            ScriptKind::PreRequest => {
                let mut req = input.request.cloned().unwrap_or_default();
                req.headers.push(("X-Added".into(), vec!["yes".into()]));
                req.params = vec![("page".into(), vec!["2".into()])];
                ScriptOutput {
                    request: Some(req),
                    variables_set: vec![Variable {
                        name: "late".into(),
                        value: "set-before-send".into(),
                    }],
                    ..ScriptOutput::default()
                }
            }
            ScriptKind::PostResponse => ScriptOutput {
                assertions: vec![ScriptAssertion {
                    passed: false,
                    message: "expected 1 to equal 2".into(),
                    expected: Some("2".into()),
                    actual: Some("1".into()),
                }],
                ..ScriptOutput::default()
            },
        }
    }
}

#[test]
fn scripts_run_in_order_and_change_the_request() {
    let suite = suite_of(json!([{
        "step_type": "request", "url": "http://h/list?page=1",
        "headers": {"Authorization": ["Bearer {{token}}"]},
        "before_scripts": ["", "request.params.page = 2;"],
        "scripts": ["assert.equal(1, 2)"],
        "assertions": [{"source": "response_status", "comparison": "equal", "value": "{{late}}"}]
    }]));
    let env = Environment {
        initial_script: "variables.set('token', 'from-initial')".into(),
        ..Environment::default()
    };
    let transport = FakeTransport::new(ok);
    let clock = VirtualClock::new();
    let host = Editing::default();
    let result =
        futures::executor::block_on(Runner::new(&transport, &clock).with_script_host(&host).run(
            &suite,
            &env,
            &RunOptions::default(),
        ));
    let sent = transport.sent.borrow();
    assert_eq!(sent[0].url, "http://h/list?page=2");
    assert_eq!(
        sent[0].headers,
        [
            Header::new("Authorization", "Bearer from-initial"),
            Header::new("X-Added", "yes")
        ]
    );
    let initial = result
        .environment
        .initial_script_result
        .as_ref()
        .expect("initial script ran");
    assert_eq!(initial.logs, ["initial ran"]);
    let step = &result.steps[0];
    assert_eq!(step.scripts.len(), 2);
    assert_eq!(step.scripts[0].index, 1);
    assert!(step.scripts[0].changed_request);
    assert_eq!(step.scripts[1].kind, ScriptKind::PostResponse);
    // The assertion's expected value used the variable the pre-request script set.
    assert_eq!(
        step.assertions[0].expected.as_deref(),
        Some("set-before-send")
    );
    assert_eq!(step.outcome, StepOutcome::Fail);
    assert_eq!(
        step.reason.as_deref(),
        Some("1 of 1 assertions did not pass; 1 script assertions failed")
    );
    assert_eq!(result.summary.script_assertions.failed, 1);
    assert_eq!(
        *host.vars_seen.borrow(),
        [
            None,
            Some("from-initial".to_string()),
            Some("from-initial".to_string())
        ]
    );
}

#[test]
fn a_thrown_script_fails_the_step_and_the_initial_script_is_reported() {
    struct Throwing;
    impl ScriptHost for Throwing {
        async fn run(&self, input: ScriptInput<'_>) -> ScriptOutput {
            ScriptOutput {
                error: Some(match input.kind {
                    ScriptKind::Initial => ScriptError::Timeout {
                        limit_ms: input.time_limit_ms,
                    },
                    _ => ScriptError::Thrown {
                        message: "ReferenceError: moment is not defined".into(),
                    },
                }),
                ..ScriptOutput::default()
            }
        }
    }
    let suite =
        suite_of(json!([{"step_type": "request", "url": "http://h", "scripts": ["moment()"]}]));
    let env = Environment {
        initial_script: "while(true){}".into(),
        ..Environment::default()
    };
    let transport = FakeTransport::new(ok);
    let clock = VirtualClock::new();
    let result = futures::executor::block_on(
        Runner::new(&transport, &clock)
            .with_script_host(&Throwing)
            .run(&suite, &env, &RunOptions::default()),
    );
    assert_eq!(result.steps[0].outcome, StepOutcome::Fail);
    assert_eq!(
        result.steps[0].reason.as_deref(),
        Some("the script threw: ReferenceError: moment is not defined")
    );
    assert_eq!(
        result.warnings[0].message,
        "initial script the script ran longer than its limit of 5000 ms"
    );
}

#[test]
fn the_no_script_host_reports_every_script() {
    let suite = suite_of(json!([{"step_type": "request", "url": "http://h",
        "before_scripts": ["log(1)"], "scripts": ["  ", "log(2)"]}]));
    let env = Environment {
        initial_script: "variables.set('a', 1)".into(),
        ..Environment::default()
    };
    let result = run_with(&suite, &env, &RunOptions::default(), ok);
    assert_eq!(result.steps[0].outcome, StepOutcome::Pass);
    let warnings: Vec<&str> = result.steps[0]
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(
        warnings,
        [
            "pre-request script 1 not run: this runner has no script host",
            "post-response script 2 not run: this runner has no script host"
        ]
    );
    assert_eq!(
        result.warnings[0].message,
        "initial script not run: this runner has no script host"
    );
}

#[test]
fn runscope_only_builtins_are_placeholders() {
    let suite = suite_of(json!([{"step_type": "request", "url": "http://h",
        "headers": {"X-Region": ["{{runscope_region}}"], "X-Test": ["{{runscope_test_name}}"],
                    "X-Env": ["{{runscope_environment}}"], "X-Bad": ["{{random_int(x)}}"]}}]));
    let result = run_with(&suite, &Environment::default(), &RunOptions::default(), ok);
    let headers = &result.steps[0].request.as_ref().expect("sent").headers;
    let header = |name: &str| {
        headers
            .iter()
            .find(|h| h.name == name)
            .map(|h| h.value.as_str())
    };
    assert_eq!(header("X-Region"), Some("not-in-runscope"));
    assert_eq!(header("X-Test"), Some("t"));
    assert_eq!(header("X-Env"), Some("local"));
    assert_eq!(header("X-Bad"), Some("{{random_int(x)}}"));
    let mut kinds: Vec<String> = result.steps[0]
        .warnings
        .iter()
        .map(|w| format!("{:?}: {}", w.kind, w.message))
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            "OutsideRunscope: runscope_region has a value only inside Runscope; \"not-in-runscope\" was used instead",
            "TemplateFunction: {{random_int(x)}} was left as written: random_int takes no arguments or two whole numbers",
        ]
    );
}
