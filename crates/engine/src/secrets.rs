//! Secrets: values that must never appear in an export.
//!
//! A run collects secret values as it meets them: the values of `auth` and of every variable
//! the caller marks secret (or whose name says token, secret, password or API key), the basic
//! auth password, and the values of `Authorization`, `Proxy-Authorization`, `Cookie`,
//! `Set-Cookie` and API-key style headers (any name containing token, secret, api-key,
//! apikey, api_key, password, session, signature or credential). For each value it also
//! keeps the token after a scheme word (`Bearer xyz` → `xyz`), a basic credential decoded
//! (`user:pass` and `pass`), cookie values, and the value percent-encoded.
//!
//! Masking replaces every occurrence, longest secret first, in one pass, with `[secret NAME]`
//! naming where the secret came from.

use base64::Engine as _;
use serde_json::Value;

use crate::functions::url_encode;
use crate::result::{ScriptResult, StepResult};

/// Keys whose string values are enum tags, never free text; masking leaves them alone so a
/// masked result still reads back.
const TAG_KEYS: &[&str] = &["kind", "outcome", "policy"];

/// Derived parts shorter than this are not masked on their own (the whole value still is).
const MIN_PART: usize = 4;

/// The secret values of a run, each with the label its mask shows, longest first (so a
/// value is masked whole, not by a shorter secret inside it).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Secrets {
    entries: Vec<(String, String)>,
}

/// Whether a header's value is a secret.
pub(crate) fn is_secret_header(name: &str) -> bool {
    let n = name.trim().to_ascii_lowercase();
    matches!(
        n.as_str(),
        "authorization" | "proxy-authorization" | "cookie" | "set-cookie"
    ) || [
        "token",
        "secret",
        "api-key",
        "apikey",
        "api_key",
        "password",
        "session",
        "signature",
        "credential",
    ]
    .iter()
    .any(|w| n.contains(w))
}

/// Whether a variable's value is a secret by its name alone: `auth`, or a name with
/// token, secret, password or API key in it. Such values are masked in every export.
pub fn is_secret_variable(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "auth"
        || [
            "token", "secret", "password", "passwd", "apikey", "api_key", "api-key",
        ]
        .iter()
        .any(|w| n.contains(w))
}

impl Secrets {
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn push(&mut self, label: &str, value: &str) {
        if value.is_empty() || self.entries.iter().any(|(v, _)| v == value) {
            return;
        }
        self.entries.push((value.to_string(), label.to_string()));
        // The forms a value takes in a URL or a form body.
        let strict = url_encode(value);
        for form in [
            crate::url::encode(value),
            strict.replace("%20", "+"),
            strict,
        ] {
            if form != value && !form.is_empty() && !self.entries.iter().any(|(v, _)| *v == form) {
                self.entries.push((form, label.to_string()));
            }
        }
        self.entries.sort_by_key(|e| std::cmp::Reverse(e.0.len()));
    }

    /// Adds a secret value and the parts of it that are secret on their own.
    pub(crate) fn add(&mut self, label: &str, value: &str) {
        self.push(label, value);
        let trimmed = value.trim();
        self.push(label, trimmed);
        if let Some((scheme, token)) = trimmed.split_once(char::is_whitespace) {
            let token = token.trim();
            if scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                if token.len() >= MIN_PART {
                    self.push(label, token);
                }
                if scheme.eq_ignore_ascii_case("basic") {
                    self.add_basic_credential(label, token);
                }
            }
        }
    }

    fn add_basic_credential(&mut self, label: &str, token: &str) {
        let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(token) else {
            return;
        };
        let Ok(pair) = String::from_utf8(bytes) else {
            return;
        };
        self.push(label, &pair);
        if let Some((_, password)) = pair.split_once(':') {
            if password.len() >= MIN_PART {
                self.push(label, password);
            }
        }
    }

    /// Adds a header's value when the header carries secrets.
    pub(crate) fn add_header(&mut self, name: &str, value: &str) {
        if !is_secret_header(name) {
            return;
        }
        let label = format!("{} header", name.trim());
        self.add(&label, value);
        let lower = name.trim().to_ascii_lowercase();
        if lower == "cookie" || lower == "set-cookie" {
            let pairs: Vec<&str> = if lower == "cookie" {
                value.split(';').collect()
            } else {
                value.split(';').take(1).collect()
            };
            for pair in pairs {
                if let Some((_, v)) = pair.split_once('=') {
                    let v = v.trim();
                    if v.len() >= MIN_PART {
                        self.push(&label, v);
                    }
                }
            }
        }
    }

    /// `text` with every secret replaced by its mask.
    pub(crate) fn mask_text(&self, text: &str) -> String {
        // Most strings hold no secret; finding that out is cheaper than the walk below.
        if !self
            .entries
            .iter()
            .any(|(value, _)| text.contains(value.as_str()))
        {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        'outer: while !rest.is_empty() {
            for (value, label) in &self.entries {
                if rest.starts_with(value.as_str()) {
                    out.push_str("[secret ");
                    out.push_str(label);
                    out.push(']');
                    rest = &rest[value.len()..];
                    continue 'outer;
                }
            }
            let Some(c) = rest.chars().next() else { break };
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        out
    }

    /// A copy of `step` with every secret known so far masked.
    pub(crate) fn mask_step(&self, step: &StepResult) -> StepResult {
        if self.is_empty() {
            return step.clone();
        }
        let mut value = serde_json::to_value(step).unwrap_or(Value::Null);
        self.mask_value(&mut value);
        // Masking leaves enum tags alone, so this reads back; if it did not, show the step
        // with nothing but where it stands and how it ended rather than a secret.
        serde_json::from_value(value).unwrap_or_else(|_| StepResult {
            outcome: step.outcome,
            started_at_ms: step.started_at_ms,
            duration_ms: step.duration_ms,
            ..StepResult::empty(
                step.path.clone(),
                step.step_type.clone(),
                self.mask_text(&step.note),
            )
        })
    }

    /// A copy of a script's result with every secret known so far masked.
    pub(crate) fn mask_script(&self, script: &ScriptResult) -> ScriptResult {
        let mut value = serde_json::to_value(script).unwrap_or(Value::Null);
        self.mask_value(&mut value);
        // As for steps: if the masked copy did not read back, show nothing it said.
        serde_json::from_value(value).unwrap_or_else(|_| ScriptResult {
            logs: Vec::new(),
            assertions: Vec::new(),
            variables_set: Vec::new(),
            error: None,
            ..script.clone()
        })
    }

    /// Masks every string in a JSON value except enum tags.
    pub(crate) fn mask_value(&self, v: &mut Value) {
        match v {
            Value::String(s) => *s = self.mask_text(s),
            Value::Array(items) => items.iter_mut().for_each(|i| self.mask_value(i)),
            Value::Object(map) => {
                for (k, item) in map.iter_mut() {
                    if !(TAG_KEYS.contains(&k.as_str()) && item.is_string()) {
                        self.mask_value(item);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_tokens_and_their_parts() {
        let mut s = Secrets::default();
        s.add("auth", "Bearer abc123");
        assert_eq!(
            s.mask_text("h: Bearer abc123; q=abc123"),
            "h: [secret auth]; q=[secret auth]"
        );
    }

    #[test]
    fn basic_credentials_are_decoded() {
        let mut s = Secrets::default();
        // "user:hunter22"
        s.add_header("Authorization", "Basic dXNlcjpodW50ZXIyMg==");
        let masked = s.mask_text("dXNlcjpodW50ZXIyMg== hunter22 user:hunter22");
        assert!(!masked.contains("hunter22"), "{masked}");
        assert!(!masked.contains("dXNlcjpodW50ZXIyMg"), "{masked}");
    }

    #[test]
    fn cookies_and_encoded_forms() {
        let mut s = Secrets::default();
        s.add_header("Set-Cookie", "sid=s3cr3t-value; Path=/; HttpOnly");
        s.add("token", "a b&c");
        let masked = s.mask_text("sid=s3cr3t-value url?t=a%20b%26c");
        assert_eq!(
            masked,
            "sid=[secret Set-Cookie header] url?t=[secret token]"
        );
        assert!(!s.is_empty());
    }

    #[test]
    fn header_and_variable_names() {
        for h in [
            "Authorization",
            "x-api-key",
            "X-Auth-Token",
            "Cookie",
            "api-key",
        ] {
            assert!(is_secret_header(h), "{h}");
        }
        for h in ["Accept", "Content-Type", "User-Agent"] {
            assert!(!is_secret_header(h), "{h}");
        }
        assert!(is_secret_variable("auth"));
        assert!(is_secret_variable("apiToken"));
        assert!(!is_secret_variable("randomEmail"));
    }

    #[test]
    fn masks_are_not_masked_again() {
        let mut s = Secrets::default();
        s.add("auth", "Bearer zzzz");
        s.add("e", "e");
        assert_eq!(s.mask_text("Bearer zzzz"), "[secret auth]");
    }
}
