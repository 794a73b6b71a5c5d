//! Every form a secret can take is masked, in the export and in the live events
//! (`StepStarted`'s note, `StepFinished`'s result): escaped JSON strings, pieces left by a
//! shortened message or a body cut at the size limit, base64, case changes, and variables
//! named like keys.

use base64::Engine as _;
use serde_json::{json, Value};
use suite_engine::*;

use crate::support::*;

const TOKEN: &str = "tok-live/0123456789-abcdefghijklmnopqrstuvwxyz-0123456789-ABCDEFGH";
const ACCESS_KEY: &str = "AKIA-access-key-0123456789";
const PRIVATE_KEY: &str = "private-key-material-0123456789";
const NEW_TOKEN: &str = "extracted-later-0123456789-abcdefghijklmnopqrstuvwxyz";
const LIMIT: u64 = 2000;

fn auth() -> String {
    format!("Bearer {TOKEN}")
}

/// A JWT longer than the 120 characters an assertion message keeps.
fn jwt() -> String {
    format!(
        "eyJhbGciOiJIUzI1NiJ9.{}.sig",
        "eyJzdWIiOiIxMjM0NTY3ODkwIn0".repeat(6)
    )
}

fn b64(s: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(s)
}

/// Every secret of the run, and the forms the masker must find.
fn secrets() -> Vec<String> {
    vec![
        auth(),
        TOKEN.into(),
        ACCESS_KEY.into(),
        PRIVATE_KEY.into(),
        jwt(),
        b64(&auth()),
        NEW_TOKEN.into(),
    ]
}

/// A JSON body: `head` (an object's text without its closing brace), then a last field
/// that holds `tail` across the size limit.
fn body_with_tail(head: &str, tail: &str) -> String {
    let before_tail = format!("{head},\"pad\":\"\",\"tail\":\"");
    let pad = "x".repeat(LIMIT as usize - 20 - before_tail.len());
    format!("{head},\"pad\":\"{pad}\",\"tail\":\"{tail}\"}}")
}

/// A script host that writes secrets as Chai does: messages shortened to 40 characters.
struct Chai;

impl ScriptHost for Chai {
    async fn run(&self, input: ScriptInput<'_>) -> ScriptOutput {
        let auth = input.variables.get("auth").unwrap_or("").to_string();
        let short = |s: &str| format!("{}…", &s[..37]);
        ScriptOutput {
            logs: vec![
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&auth),
                format!("token: {}", auth.to_uppercase()),
                // A slice, with no mark of a cut.
                format!("part {} end", &auth[20..45]),
            ],
            assertions: vec![ScriptAssertion {
                passed: false,
                message: format!("expected '{}' to equal 'x'", short(&auth)),
                expected: Some("x".into()),
                actual: Some(short(&auth)),
            }],
            error: Some(ScriptError::Thrown {
                message: format!("TypeError: cannot read '{}'", short(&auth)),
            }),
            ..ScriptOutput::default()
        }
    }
}

fn masked_run(listener: &mut dyn Listener) -> RunResult {
    let suite = suite_of(json!([
        {"step_type": "request", "method": "POST", "note": "Log in with {{auth}}",
         "url": "https://h/login",
         "headers": {"Authorization": ["{{auth}}"], "X-Enc": ["{{base64({{auth}})}}"]},
         "body": "{\"key\": \"{{accessKey}}\", \"pk\": \"{{privateKey}}\", \"jwt\": \"{{jwt}}\"}",
         "scripts": ["assert.equal(variables.get('auth'), 'x')"],
         "assertions": [{"source": "response_json", "property": "echo", "comparison": "equal", "value": "x"}]},
        {"step_type": "request", "note": "Refresh as {{accessKey}}", "url": "https://h/refresh",
         "variables": [{"source": "response_json", "property": "sessionToken", "name": "sessionToken"}]}
    ]));
    let env = Environment::with_variables([
        ("auth", auth()),
        ("accessKey", ACCESS_KEY.into()),
        ("privateKey", PRIVATE_KEY.into()),
        ("jwt", jwt()),
        ("derived", "{{base64({{auth}})}}".into()),
    ]);
    let transport = FakeTransport::new(|req: &HttpRequest| {
        let body = if req.url.ends_with("/login") {
            // The token with `-` and `/` escaped, as some JSON writers do.
            let escaped = auth().replace('-', "\\u002d").replace('/', "\\/");
            let fields =
                json!({"echo": jwt(), "lower": auth().to_lowercase(), "b64": b64(&auth())});
            let fields = fields.to_string();
            let head = format!(
                "{{\"escaped\":\"{escaped}\",{}",
                &fields[1..fields.len() - 1]
            );
            body_with_tail(&head, &auth())
        } else {
            let fields = json!({"sessionToken": NEW_TOKEN}).to_string();
            body_with_tail(&fields[..fields.len() - 1], NEW_TOKEN)
        };
        Ok(HttpResponse {
            status: 200,
            body: body.into_bytes(),
            ..HttpResponse::default()
        })
    });
    let clock = VirtualClock::new();
    let options = RunOptions {
        body_limit_bytes: LIMIT,
        ..RunOptions::default()
    };
    futures::executor::block_on(
        Runner::new(&transport, &clock)
            .with_script_host(&Chai)
            .with_listener(listener)
            .run(&suite, &env, &options),
    )
}

/// Every string in `v`, and inside strings that are JSON themselves (as the page's pretty
/// view parses a body), theirs.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            out.push(s.clone());
            if let Ok(inner) = serde_json::from_str::<Value>(s) {
                strings(&inner, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
        Value::Object(map) => map.values().for_each(|i| strings(i, out)),
        _ => {}
    }
}

/// Asserts that no 8-byte piece of any secret appears in `text`, in any ASCII case.
fn assert_no_piece(text: &str, what: &str) {
    let lower = text.to_ascii_lowercase();
    for secret in secrets() {
        let s = secret.to_ascii_lowercase();
        for piece in s.as_bytes().windows(8) {
            let piece = std::str::from_utf8(piece).expect("ASCII");
            assert!(
                !lower.contains(piece),
                "{piece:?} of {secret:?} shows in {what}: {text}"
            );
        }
    }
}

fn assert_no_piece_in_json(json: &str, what: &str) {
    let value: Value = serde_json::from_str(json).expect("JSON");
    let mut all = Vec::new();
    strings(&value, &mut all);
    for s in all {
        assert_no_piece(&s, what);
    }
}

#[test]
fn every_form_is_masked_in_the_export() {
    let result = masked_run(&mut |_: &RunEvent<'_>| {});
    let exported = result.to_json();
    assert_no_piece(&exported, "the export");
    assert_no_piece_in_json(&exported, "the export's decoded strings");

    let loaded = load_result(&exported).expect("reads back");
    let login = &loaded.steps[0];
    let body = &login.response.as_ref().expect("a response").body;
    assert!(body.truncated);
    assert!(
        body.text.starts_with("{\"escaped\":\"[secret auth]\""),
        "{}",
        body.text
    );
    // Cut before the token rather than through it.
    assert!(body.text.ends_with("\"tail\":\""), "{}", body.text);
    let refresh = &loaded.steps[1].response.as_ref().expect("a response").body;
    assert!(
        refresh.text.ends_with("\"tail\":\"[secret sessionToken]"),
        "{}",
        refresh.text
    );
    let script = &login.scripts[0];
    assert_eq!(
        script.assertions[0].message,
        "expected '[secret auth]…' to equal 'x'"
    );
    assert_eq!(
        script.logs,
        [
            "[secret auth]",
            "token: [secret auth]",
            "part [secret auth] end"
        ]
    );
    let derived = &loaded.environment.variables[4];
    assert_eq!((derived.name.as_str(), derived.secret), ("derived", true));
    // Its value is auth's base64 form, which the masker names after auth.
    assert_eq!(derived.value, "[secret auth]");
    assert_eq!(loaded.steps[1].note, "Refresh as [secret accessKey]");
}

#[test]
fn every_form_is_masked_in_the_live_events() {
    let mut shown = Vec::new();
    masked_run(&mut |event: &RunEvent<'_>| match event {
        RunEvent::StepStarted {
            note, step_type, ..
        } => {
            shown.push(format!("note {step_type}: {note}"));
        }
        RunEvent::StepFinished { result } => {
            shown.push(serde_json::to_string(result).expect("a step serializes"));
        }
        _ => {}
    });
    assert_eq!(shown[0], "note request: Log in with [secret auth]");
    assert_eq!(shown[2], "note request: Refresh as [secret accessKey]");
    for (i, text) in shown.iter().enumerate() {
        assert_no_piece(text, &format!("event {i}"));
        if text.starts_with('{') {
            assert_no_piece_in_json(text, &format!("event {i}'s decoded strings"));
        }
    }
}
