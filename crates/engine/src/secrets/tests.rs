//! The masker's rules, one test each.

use super::*;

fn with(secrets: &[(&str, &str)]) -> Secrets {
    let mut s = Secrets::default();
    for (label, value) in secrets {
        s.add(label, value);
    }
    s
}

#[test]
fn bearer_tokens_and_their_parts() {
    let s = with(&[("auth", "Bearer abc123")]);
    assert_eq!(
        s.mask_text("h: Bearer abc123; q=abc123"),
        "h: [secret auth]; q=[secret auth]"
    );
}

#[test]
fn basic_credentials_are_decoded() {
    let mut s = Secrets::default();
    // "user:hunter22"
    s.add_header("Authorization", "Basic dXNlcjpodW50ZXIyMg==", true);
    let masked = s.mask_text("dXNlcjpodW50ZXIyMg== hunter22 user:hunter22");
    assert!(!masked.contains("hunter22"), "{masked}");
    assert!(!masked.contains("dXNlcjpodW50ZXIyMg"), "{masked}");
}

#[test]
fn cookies_and_encoded_forms() {
    let mut s = Secrets::default();
    s.add_header("Set-Cookie", "sid=s3cr3t-value; Path=/; HttpOnly", false);
    s.add("token", "a b&c");
    let masked = s.mask_text("sid=s3cr3t-value url?t=a%20b%26c form=a+b%26c");
    assert_eq!(
        masked,
        "sid=[secret Set-Cookie header] url?t=[secret token] form=[secret token]"
    );
    assert!(!s.is_empty());
}

#[test]
fn short_or_plain_header_values_are_not_secrets() {
    let mut s = Secrets::default();
    s.add_header("Accept", "application/json", true);
    s.add_header("X-Api-Key", "abc", true);
    s.add_header("Authorization", "   ", true);
    assert!(s.is_empty());
}

#[test]
fn masks_are_not_masked_again() {
    let s = with(&[("auth", "Bearer zzzz"), ("e", "e")]);
    assert_eq!(s.mask_text("Bearer zzzz"), "[secret auth]");
}

#[test]
fn case_changes_are_masked() {
    let s = with(&[("auth", "Bearer MixedCase-Token-77")]);
    assert_eq!(
        s.mask_text("bearer mixedcase-token-77 / MIXEDCASE-TOKEN-77"),
        "[secret auth] / [secret auth]"
    );
}

#[test]
fn base64_forms_are_masked() {
    let token = "Bearer tok-0123456789-abcdef";
    let s = with(&[("auth", token)]);
    let std = base64::engine::general_purpose::STANDARD;
    let url = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    for whole in [
        std.encode(token),
        url.encode(token),
        std.encode("tok-0123456789-abcdef"),
    ] {
        assert_eq!(s.mask_text(&whole), "[secret auth]", "{whole}");
    }
    // Inside a longer text that was encoded whole, the characters that come from the token
    // alone are masked; at most 4 that mix in its neighbours stay.
    let token_chars = token.len() * 4 / 3;
    for around in [("{\"t\":\"", "\",\"x\":1}"), ("x", ""), ("xy", "z")] {
        let encoded = std.encode(format!("{}{token}{}", around.0, around.1));
        let masked = s.mask_text(&encoded);
        let kept = masked.len() - "[secret auth]".len();
        assert!(masked.contains("[secret auth]"), "{encoded} → {masked}");
        assert!(
            kept <= encoded.len() - token_chars + 4,
            "{encoded} → {masked}"
        );
    }
}

#[test]
fn escaped_json_literals_are_masked_and_the_rest_kept() {
    let s = with(&[("auth", "Bearer abc-def/ghi")]);
    let raw = r#"{"a": "x\/y", "t": "Bearer abc\u002ddef\/ghi", "n": 1}"#;
    let masked = s.mask_text(raw);
    assert_eq!(masked, r#"{"a": "x\/y", "t": "[secret auth]", "n": 1}"#);
    let pretty: Value = serde_json::from_str(&masked).expect("still JSON");
    assert_eq!(pretty["t"], "[secret auth]");
    // Every character escaped.
    let all: String = "abc-def/ghi"
        .chars()
        .map(|c| format!("\\u{:04x}", c as u32))
        .collect();
    assert_eq!(s.mask_text(&format!("[\"{all}\"]")), "[\"[secret auth]\"]");
}

#[test]
fn pieces_next_to_a_cut_are_masked() {
    let secret = "tok-0123456789abcdefghijklmnopqrstuvwxyz-0123456789abcdefghijklmnop";
    let s = with(&[("apiToken", secret)]);
    // A message shortened to 40 characters, as Chai and the assertions do.
    let shortened = format!("expected '{}…' to equal 'x'", &secret[..37]);
    assert_eq!(
        s.mask_text(&shortened),
        "expected '[secret apiToken]…' to equal 'x'"
    );
    assert_eq!(
        s.mask_text(&format!("{}...", &secret[..10])),
        "[secret apiToken]..."
    );
    // The end of a secret after a cut at its start.
    assert_eq!(
        s.mask_text(&format!("…{} (end)", &secret[50..])),
        "…[secret apiToken] (end)"
    );
    // Three bytes are not worth hiding: they match too much that is not the secret.
    assert_eq!(s.mask_text("tok…"), "tok…");
}

#[test]
fn a_body_cut_at_the_limit_loses_the_piece_before_the_cut() {
    let s = with(&[("auth", "Bearer tok-0123456789")]);
    let mut body = serde_json::json!({"text": "{\"t\": \"Bearer tok-012345678", "size_bytes": 99, "truncated": true});
    s.mask_value(&mut body);
    assert_eq!(body["text"], "{\"t\": \"[secret auth]");
    // Not cut: the same text is left alone.
    let mut whole = serde_json::json!({"text": "tok-0123", "truncated": false});
    s.mask_value(&mut whole);
    assert_eq!(whole["text"], "tok-0123");
    // Cut inside an escaped literal.
    let mut escaped =
        serde_json::json!({"text": "{\"t\": \"Bearer tok\\u002d0123", "truncated": true});
    s.mask_value(&mut escaped);
    assert_eq!(escaped["text"], "{\"t\": \"[secret auth]");
}

#[test]
fn a_secret_in_a_label_is_masked_in_the_label() {
    let mut s = with(&[("auth", "Bearer tok-0123456789")]);
    s.add("x-tok-0123456789-token", "other-secret-value");
    assert_eq!(
        s.mask_text("other-secret-value"),
        "[secret x-[secret auth]-token]"
    );
}

#[test]
fn first_in_finds_every_form() {
    let s = with(&[("auth", "Bearer tok-0123456789")]);
    assert_eq!(s.first_in("x Bearer tok-0123456789"), Some("auth"));
    assert_eq!(s.first_in("{\"a\":\"tok\\u002d0123456789\"}"), Some("auth"));
    assert_eq!(s.first_in("?t=%74ok-0123456789"), Some("auth"));
    assert_eq!(s.first_in("nothing here"), None);
}

#[test]
fn steps_not_run_are_masked_as_the_full_path_would() {
    use crate::result::{AssertionOutcome, AssertionResult, StepOutcome, Warning, WarningKind};
    let s = with(&[("auth", "Bearer tok-0123456789")]);
    let mut step = StepResult::empty(
        vec![3],
        "request".into(),
        "send Bearer tok-0123456789".into(),
    );
    step.outcome = StepOutcome::Cancelled;
    step.reason = Some("the run was cancelled before this step".into());
    step.assertions.push(AssertionResult {
        source: "response_text".into(),
        property: String::new(),
        comparison: "contains".into(),
        expected: Some("tok-0123456789".into()),
        actual: None,
        actual_missing: None,
        outcome: AssertionOutcome::Skipped,
        message: Some("not evaluated".into()),
    });
    step.warnings.push(Warning {
        kind: WarningKind::File,
        subject: Some("tok-0123456789".into()),
        message: "Bearer tok-0123456789".into(),
    });
    assert!(is_bare(&step));
    let fast = s.mask_bare(&step);
    let mut value = serde_json::to_value(&step).expect("serializes");
    s.mask_value(&mut value);
    let slow: StepResult = serde_json::from_value(value).expect("reads back");
    assert_eq!(fast, slow);
    assert_eq!(fast.note, "send [secret auth]");
    assert!(matches!(s.mask_step(&step), Cow::Owned(_)));
    // Nothing to mask: the step itself is shown.
    step.note = "plain".into();
    step.assertions.clear();
    step.warnings.clear();
    assert!(matches!(s.mask_step(&step), Cow::Borrowed(_)));
}

#[test]
fn pieces_of_twelve_bytes_are_masked_anywhere() {
    let s = with(&[("auth", "Bearer tok-0123456789abcdefghij")]);
    // A script's slice, with no mark of a cut.
    assert_eq!(s.mask_text("id=23456789abcde;"), "id=[secret auth];");
    // The space before is the secret's too (`Bearer tok-…`), so it goes with the piece.
    assert_eq!(s.mask_text("x TOK-0123456789 y"), "x[secret auth] y");
    // Eleven bytes are too few to tell from ordinary text.
    assert_eq!(s.mask_text("3456789abcd"), "3456789abcd");
    // Values a server sent are masked whole, not by piece.
    let mut server = Secrets::default();
    server.add_header("Set-Cookie", "sid=server-session-0123456789", false);
    assert_eq!(server.mask_text("session-0123456789"), "session-0123456789");
}

proptest::proptest! {
    /// Masking never panics, whatever the secrets and the text (cut marks, escapes,
    /// quotes, multi-byte characters), and a secret never survives whole.
    #[test]
    fn masking_never_panics(
        secrets in proptest::collection::vec("[a-zA-Z0-9 é…\\\\\"./+-]{1,30}", 1..4),
        text in "[a-zA-Z0-9 é…\\\\\"./+%u-]{0,80}",
        cut in 0usize..100,
    ) {
        let mut s = Secrets::default();
        for (i, secret) in secrets.iter().enumerate() {
            s.add(&format!("s{i}"), secret);
            s.add_header("Set-Cookie", &format!("a={secret}"), false);
        }
        let joined = format!("{text}{}{text}", secrets[0]);
        let masked = s.mask_text(&joined);
        if secrets[0].trim().len() >= MIN_PART {
            proptest::prop_assert!(!masked.contains(secrets[0].trim()), "{masked}");
        }
        let mut body = serde_json::json!({"text": joined, "truncated": true});
        s.mask_value(&mut body);
        let _ = s.first_in(&joined);
        let at = s.cut_point(&joined, cut);
        proptest::prop_assert!(joined.is_char_boundary(at) && at <= cut.min(joined.len()));
    }
}
