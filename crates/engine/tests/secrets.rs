//! Secrets never appear in an export, wherever they went during the run.

use serde_json::json;
use suite_engine::*;

use crate::support::*;

/// A script host that logs and sets secrets, and echoes them in assertions.
struct Leaky;

impl ScriptHost for Leaky {
    async fn run(&self, input: ScriptInput<'_>) -> ScriptOutput {
        let auth = input.variables.get("auth").unwrap_or("").to_string();
        ScriptOutput {
            logs: vec![
                format!("auth is {auth}"),
                format!("password is {}", input.variables.get("pwd").unwrap_or("")),
            ],
            assertions: vec![ScriptAssertion {
                passed: true,
                message: format!("sent {auth}"),
                expected: Some(auth.clone()),
                actual: Some(auth),
            }],
            variables_set: vec![Variable {
                name: "sessionToken".into(),
                value: "script-secret-000".into(),
            }],
            ..ScriptOutput::default()
        }
    }
}

/// Every secret value [`leaky_run`] meets, in the forms it meets them.
const SECRETS: [&str; 12] = [
    "Bearer bearer-token-444",
    "bearer-token-444",
    "p@ss w0rd\"555",
    "p@ss%20w0rd%22555",
    "header-key-111",
    "cookie-value-222",
    "extracted-secret-666",
    "server-cookie-777",
    "response-header-888",
    "basic-pass-333",
    "YW5uOmJhc2ljLXBhc3MtMzMz",
    "script-secret-000",
];

/// Asserts that `text` holds no secret, not even JSON-escaped.
fn assert_no_secret(text: &str, what: &str) {
    for s in SECRETS {
        assert!(!text.contains(s), "{s} leaked into {what}");
        let escaped = serde_json::to_string(s).expect("a string");
        assert!(
            !text.contains(&escaped[1..escaped.len() - 1]),
            "{s} leaked escaped into {what}"
        );
    }
}

/// Two steps that send, receive, extract, log and assert secrets of every kind.
fn leaky_run(listener: &mut dyn Listener) -> RunResult {
    let suite = suite_of(json!([
        {"step_type": "request", "method": "POST",
         "url": "https://h/login?token={{auth}}&pwd={{pwd}}",
         "headers": {"Authorization": ["{{auth}}"], "X-Api-Key": ["header-key-111"],
                     "Cookie": ["a=cookie-value-222; theme=dark"], "Accept": ["application/json"]},
         "body": "{\"password\": \"{{pwd}}\", \"auth\": \"{{auth}}\"}",
         "variables": [{"source": "response_json", "property": "apiToken", "name": "apiToken"},
                       {"source": "response_headers", "property": "Set-Cookie", "name": "cookie"}],
         "scripts": ["log(variables.get('auth'))"],
         "before_scripts": ["log(1)"],
         "assertions": [{"source": "response_json", "property": "echo", "comparison": "equal", "value": "{{auth}}"},
                        {"source": "response_json", "property": "apiToken", "comparison": "equal", "value": "wrong"}]},
        {"step_type": "request", "url": "https://h/next/{{apiToken}}",
         "auth": {"auth_type": "basic", "username": "ann", "password": "basic-pass-333"},
         "assertions": [{"source": "response_text", "comparison": "contains", "value": "{{sessionToken}}"}]}
    ]));
    let env = Environment {
        name: "prod".into(),
        initial_variables: vec![
            ("auth".into(), "Bearer bearer-token-444".into()),
            ("pwd".into(), "p@ss w0rd\"555".into()),
            ("base".into(), "https://h".into()),
        ],
        initial_script: String::new(),
        secrets: vec!["pwd".into()],
    };
    let transport = FakeTransport::new(|req: &HttpRequest| {
        // The server echoes everything it got and hands out more secrets.
        let echo = req
            .headers
            .iter()
            .map(|h| format!("{}: {}", h.name, h.value))
            .collect::<Vec<_>>()
            .join("\n");
        let mut resp = json_response(
            200,
            json!({"echo": "Bearer bearer-token-444", "apiToken": "extracted-secret-666",
                   "url": req.url, "headers": echo, "body": req.body}),
        );
        resp.headers.push(Header::new(
            "Set-Cookie",
            "sid=server-cookie-777; Path=/; HttpOnly",
        ));
        resp.headers
            .push(Header::new("X-Session-Token", "response-header-888"));
        Ok(resp)
    });
    let clock = VirtualClock::new();
    futures::executor::block_on(
        Runner::new(&transport, &clock)
            .with_script_host(&Leaky)
            .with_listener(listener)
            .run(&suite, &env, &RunOptions::default()),
    )
}

#[test]
fn no_secret_value_appears_anywhere_in_an_export() {
    let result = leaky_run(&mut |_: &RunEvent<'_>| {});
    // In memory, the real values are there (the live view may show them).
    assert!(format!("{result:?}").contains("bearer-token-444"));

    let exported = result.to_json();
    assert_no_secret(&exported, "the export");
    assert!(exported.contains("[secret auth]"));
    assert!(exported.contains("[secret pwd]"));
    // Non-secrets stay readable.
    assert!(exported.contains("application/json"));
    assert!(exported.contains("https://h/login?token="));

    let loaded = load_result(&exported).expect("an export reads back");
    let env_values: Vec<(String, String, bool)> = loaded
        .environment
        .variables
        .iter()
        .map(|v| (v.name.clone(), v.value.clone(), v.secret))
        .collect();
    assert_eq!(
        env_values,
        [
            ("auth".into(), "[secret auth]".into(), true),
            ("pwd".into(), "[secret pwd]".into(), true),
            ("base".into(), "https://h".into(), false),
        ]
    );
    assert_eq!(loaded.masked().to_json(), exported);
}

#[test]
fn listeners_get_each_step_masked() {
    let mut shown = Vec::new();
    leaky_run(&mut |event: &RunEvent<'_>| {
        if let RunEvent::StepFinished { result } = event {
            shown.push(serde_json::to_string(result).expect("a step serializes"));
        }
    });
    assert_eq!(shown.len(), 2);
    // Each step's own secrets are known by the time it finishes.
    for (i, step) in shown.iter().enumerate() {
        assert_no_secret(step, &format!("step {i} as shown live"));
    }
    assert!(shown[0].contains("[secret auth]"));
}

#[test]
fn secrets_equal_to_enum_names_still_export_valid_results() {
    let suite = suite_of(json!([{"step_type": "request", "url": "http://h/x",
        "assertions": [{"source": "response_status", "comparison": "equal", "value": "201"}]}]));
    let mut names = Vec::new();
    let mut env = Environment::default();
    for (i, v) in [
        "pass",
        "fail",
        "error",
        "skipped",
        "cancelled",
        "honour",
        "passed",
        "failed",
        "response_status",
    ]
    .iter()
    .enumerate()
    {
        let name = format!("s{i}");
        env.initial_variables.push((name.clone(), v.to_string()));
        names.push(name);
    }
    env.secrets = names;
    let result = run_with(&suite, &env, &RunOptions::default(), |_| {
        Ok(json_response(200, json!({"status": "pass"})))
    });
    let exported = result.to_json();
    let loaded = load_result(&exported).expect("reads back");
    assert_eq!(loaded.steps[0].outcome, StepOutcome::Fail);
    assert_eq!(loaded.outcome, RunOutcome::Failed);
    assert!(!exported.contains("\"pass\"\n"));
}

#[test]
fn the_initial_script_is_reported_live_and_masked() {
    let suite = suite_of(json!([{"step_type": "request", "url": "https://h/{{sessionToken}}"}]));
    let env = Environment {
        initial_variables: vec![("auth".into(), "Bearer bearer-token-444".into())],
        initial_script: "variables.set('sessionToken', 'script-secret-000')".into(),
        ..Environment::default()
    };
    let transport = FakeTransport::new(|_: &HttpRequest| Ok(json_response(200, json!({}))));
    let mut shown = Vec::new();
    let mut listener = |event: &RunEvent<'_>| {
        if let RunEvent::InitialScriptFinished { result } = event {
            shown.push(ScriptResult::clone(result));
        }
    };
    futures::executor::block_on(
        Runner::new(&transport, &VirtualClock::new())
            .with_script_host(&Leaky)
            .with_listener(&mut listener)
            .run(&suite, &env, &RunOptions::default()),
    );
    assert_eq!(shown.len(), 1, "one event for the one initial script");
    let set = &shown[0].variables_set;
    assert_eq!(set[0].name, "sessionToken");
    assert_eq!(set[0].value, "[secret sessionToken]");
    assert_no_secret(&format!("{:?}", shown[0]), "the initial script event");
}

/// The secret-name lists in the docs are the ones the code uses, in the same order.
#[test]
fn the_documented_secret_names_are_the_ones_used() {
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs");
    let read = |name: &str| {
        let text = std::fs::read_to_string(docs.join(name)).expect("the doc exists");
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let listed = |names: &[&str], last: &str| {
        let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        let (tail, head) = quoted.split_last().expect("names");
        format!("{}{last}{tail}", head.join(", "))
    };
    let security = read("security.md");
    let format = read("result-format.md");
    for names in [SECRET_NAME_PARTS, SECRET_NAME_WORDS] {
        let in_security = listed(names, ", ");
        assert!(
            security.contains(&in_security),
            "docs/security.md lacks {in_security}"
        );
        let in_format = listed(names, " or ");
        assert!(
            format.contains(&in_format),
            "docs/result-format.md lacks {in_format}"
        );
    }
}
