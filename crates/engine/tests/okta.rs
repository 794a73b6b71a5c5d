//! Okta's real SCIM 2.0 SPEC suite: loading, the variables it needs, a full run.

use suite_engine::*;

use crate::support::*;

#[test]
fn loads_with_23_steps_12_requests_and_11_pauses_of_60_seconds() {
    let suite = okta_suite();
    assert_eq!(suite.name, "Okta SCIM 2.0 SPEC Test");
    assert_eq!(suite.version, "1.0");
    assert_eq!(suite.exported_at, Some(1_715_608_731));
    assert_eq!(suite.steps.len(), 23);
    let counts = suite.counts();
    assert_eq!(counts.total, 23);
    assert_eq!(counts.requests, 12);
    assert_eq!(counts.pauses, 11);
    assert_eq!(counts.pause_seconds, 60.0);
    assert!(suite.load_warnings().is_empty());
    assert_eq!(suite.sha256.len(), 64);
    let Step::Request(create) = &suite.steps[10] else {
        panic!("step 10 is the create request")
    };
    assert_eq!(create.method, "POST");
    assert_eq!(create.scripts, [""]);
    assert_eq!(create.binary_body, None);
    assert_eq!(create.variables.len(), 2);
    assert_eq!(
        create.headers[0],
        (
            "Content-Type".to_string(),
            vec!["application/json".to_string()]
        )
    );
}

#[test]
fn variables_the_user_must_supply() {
    let used = okta_suite().variables_used();
    // In order of first use: URL and headers of step 0, then the steps that need the
    // Initial Script's values.
    assert_eq!(
        used,
        [
            "SCIMBaseURL",
            "auth",
            "InvalidUserEmail",
            "UserIdThatDoesNotExist",
            "randomEmail",
            "randomUsername",
            "randomGivenName",
            "randomFamilyName",
            "randomUsernameCaps",
        ]
    );
}

#[test]
fn the_environment_supplies_the_base_url_and_auth_the_initial_script_the_rest() {
    let suite = okta_suite();
    assert_eq!(suite.environment_variables(), ["SCIMBaseURL", "auth"]);
    let script = std::fs::read_to_string(okta_path().with_file_name("Initial_Script_Spec.txt"))
        .expect("Okta's Initial Script is readable");
    let set = script_sets(&script);
    let rest: Vec<_> = suite
        .variables_used()
        .into_iter()
        .filter(|v| !suite.environment_variables().contains(v))
        .collect();
    assert!(rest.iter().all(|v| set.contains(v)), "{rest:?} vs {set:?}");
}

#[test]
fn a_full_run_against_a_conforming_server_passes_every_assertion() {
    let suite = okta_suite();
    let scim = Scim::new();
    let transport = FakeTransport::new(|req: &HttpRequest| {
        let mut resp = scim.handle(req)?;
        // What a browser does with two of the suite's headers.
        for name in ["Accept-Charset", "User-Agent"] {
            if req.headers.iter().any(|h| h.name == name) {
                resp.headers_not_sent.push(HeaderNotSent {
                    name: name.into(),
                    reason: "not sent by the browser".into(),
                });
            }
        }
        Ok(resp)
    });
    let clock = VirtualClock::new();
    let scripts = OktaScripts::default();
    let mut events = Vec::new();
    let mut listener = |e: &RunEvent<'_>| events.push(event_name(e));
    let result = futures::executor::block_on(
        Runner::new(&transport, &clock)
            .with_script_host(&scripts)
            .with_listener(&mut listener)
            .run(&suite, &okta_environment(), &RunOptions::default()),
    );

    let failures: Vec<String> = result
        .steps
        .iter()
        .flat_map(|s| {
            s.assertions
                .iter()
                .filter(|a| a.outcome != AssertionOutcome::Pass)
                .map(move |a| format!("{} {}: {:?}", s.note, a.property, a.message))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "failed assertions:\n{}",
        failures.join("\n")
    );
    assert_eq!(result.outcome, RunOutcome::Passed);
    assert!(result.steps.iter().all(|s| s.outcome == StepOutcome::Pass));
    assert_eq!(result.summary.steps.total, 23);
    assert_eq!(result.summary.steps.passed, 23);
    assert_eq!(result.summary.assertions.failed, 0);
    assert_eq!(
        result.summary.assertions.total,
        result.summary.assertions.passed
    );
    assert_eq!(result.summary.script_assertions.passed, 1);
    assert!(clock.elapsed() >= 60_000.0);
    assert_eq!(result.duration_ms, clock.elapsed());

    // Variables flowed between steps.
    let get_user = &result.steps[2];
    assert_eq!(get_user.note, "Required Test: Get Users/{{id}} ");
    assert_eq!(
        get_user.request.as_ref().map(|r| r.url.as_str()),
        Some("https://scim.example.test/scim/v2/Users/u-1")
    );
    let created = &result.steps[10];
    assert_eq!(created.variables[0].value.as_deref(), Some("u-2"));
    // The filter went out encoded once.
    let sent = transport.sent.borrow();
    assert!(sent.iter().any(|r| {
        r.url
        == "https://scim.example.test/scim/v2/Users?filter=userName%20eq%20%22abcdefgh@atko.com%22"
    }));
    // The Groups script ran once, after the response, and logged.
    let seen = scripts.seen.borrow();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].0, ScriptKind::PostResponse);
    assert_eq!(result.steps[18].scripts[0].logs, ["true"]);
    // Headers the transport could not send are on the step.
    assert!(result.steps[0]
        .warnings
        .iter()
        .any(|w| w.message == "the Accept-Charset header was not sent: not sent by the browser"));

    assert_eq!(events.first().map(String::as_str), Some("run started 23"));
    assert_eq!(
        events.last().map(String::as_str),
        Some("run finished Passed")
    );
    assert_eq!(
        events
            .iter()
            .filter(|e| e.starts_with("step finished"))
            .count(),
        23
    );
    assert_eq!(
        events
            .iter()
            .filter(|e| e.starts_with("pause started"))
            .count(),
        11
    );
    // 60 s of pauses in one-second slices: a tick after each slice but the last of a pause.
    assert_eq!(
        events
            .iter()
            .filter(|e| e.starts_with("pause tick"))
            .count(),
        60 - 11
    );
}

#[test]
fn without_the_initial_script_the_steps_say_what_is_missing() {
    let suite = okta_suite();
    let scim = Scim::new();
    let env = Environment::with_variables([
        ("SCIMBaseURL", "https://scim.example.test/scim/v2"),
        ("auth", "Bearer test-token"),
    ]);
    let options = RunOptions {
        pause_policy: PausePolicy::Skip,
        ..RunOptions::default()
    };
    let result = run_with(&suite, &env, &options, |r| scim.handle(r));
    let messages = |i: usize| -> Vec<String> {
        result.steps[i]
            .warnings
            .iter()
            .map(|w| w.message.clone())
            .collect()
    };
    assert_eq!(messages(4), ["undefined variable InvalidUserEmail"]);
    assert_eq!(messages(8), ["undefined variable randomEmail"]);
    let create = messages(10);
    for name in [
        "randomUsername",
        "randomGivenName",
        "randomFamilyName",
        "randomEmail",
    ] {
        assert!(
            create.contains(&format!("undefined variable {name}")),
            "{create:?}"
        );
    }
    let w = &result.steps[10].warnings[0];
    assert_eq!(w.kind, WarningKind::UndefinedVariable);
    assert_eq!(w.subject.as_deref(), Some("randomUsername"));
    // The template stayed as written in what was sent.
    let url = result.steps[8].request.as_ref().map(|r| r.url.clone());
    assert_eq!(
        url.as_deref(),
        Some("https://scim.example.test/scim/v2/Users?filter=userName%20eq%20%22%7B%7BrandomEmail%7D%7D%22")
    );
    // No script host: the Groups script is reported, not run, and does not fail the step.
    assert_eq!(result.steps[18].outcome, StepOutcome::Pass);
    assert!(messages(18)
        .contains(&"post-response script 1 not run: this runner has no script host".to_string()));
    // Pauses were skipped.
    assert_eq!(result.steps[1].outcome, StepOutcome::Skipped);
    assert_eq!(
        result.steps[1].reason.as_deref(),
        Some("pauses are skipped by the run options")
    );
}
