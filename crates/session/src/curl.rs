//! "Copy as curl": a step's request as a shell command that sends the same thing.
//!
//! Built from the request as shown, so secrets are masked (`[secret auth]`); the tester may
//! ask for the values of their own environment's secrets to be put back. Secrets a run met
//! elsewhere (a token a response handed out) stay masked: the page never keeps them.

use suite_engine::SentRequest;

/// Gives the value of one of the tester's own variables, by name.
pub type ValueOf<'a> = &'a dyn Fn(&str) -> Option<String>;

/// `text` quoted for a POSIX shell.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// Puts back `[secret NAME]` where `value_of(NAME)` knows the value.
fn unmask(text: &str, value_of: ValueOf<'_>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("[secret ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "[secret ".len()..];
        match after
            .find(']')
            .and_then(|end| value_of(&after[..end]).map(|v| (end, v)))
        {
            Some((end, value)) => {
                out.push_str(&value);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str("[secret ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The request as a `curl` command. Headers the browser did not send are left out, as they
/// were. With `value_of`, masked secrets it knows are put back.
pub fn curl_command(request: &SentRequest, value_of: Option<ValueOf<'_>>) -> String {
    let put_back = |text: &str| match value_of {
        Some(f) => unmask(text, f),
        None => text.to_string(),
    };
    let mut parts = vec!["curl".to_string()];
    if request.method != "GET" || request.body.is_some() {
        parts.push(format!("-X {}", quote(&request.method)));
    }
    parts.push(quote(&put_back(&request.url)));
    for h in &request.headers {
        let not_sent = request
            .headers_not_sent
            .iter()
            .any(|n| n.name.eq_ignore_ascii_case(&h.name));
        if !not_sent {
            parts.push(format!(
                "-H {}",
                quote(&put_back(&format!("{}: {}", h.name, h.value)))
            ));
        }
    }
    if let Some(body) = &request.body {
        parts.push(format!("--data-raw {}", quote(&put_back(&body.text))));
    }
    parts.join(" \\\n  ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use suite_engine::{Body, Header, HeaderNotSent};

    fn request() -> SentRequest {
        SentRequest {
            method: "POST".into(),
            url: "https://h/scim/v2/Users?filter=userName eq \"a'b\"".into(),
            headers: vec![
                Header::new("Authorization", "[secret auth]"),
                Header::new("Accept-Charset", "utf-8"),
                Header::new("X-Key", "[secret X-Key header]"),
            ],
            body: Some(Body {
                text: "{\"userName\":\"o'neil\"}".into(),
                size_bytes: 21,
                truncated: false,
                omitted: false,
            }),
            headers_not_sent: vec![HeaderNotSent {
                name: "Accept-Charset".into(),
                reason: "browsers set it".into(),
            }],
        }
    }

    #[test]
    fn masked_by_default_quoted_for_a_shell() {
        assert_eq!(
            curl_command(&request(), None),
            "curl \\\n  -X 'POST' \\\n  'https://h/scim/v2/Users?filter=userName eq \"a'\\''b\"' \\\n  \
             -H 'Authorization: [secret auth]' \\\n  -H 'X-Key: [secret X-Key header]' \\\n  \
             --data-raw '{\"userName\":\"o'\\''neil\"}'"
        );
    }

    #[test]
    fn the_testers_own_secrets_put_back_when_asked() {
        let env = |name: &str| (name == "auth").then(|| "Bearer t0k3n".to_string());
        let text = curl_command(&request(), Some(&env));
        assert!(text.contains("-H 'Authorization: Bearer t0k3n'"), "{text}");
        assert!(
            text.contains("[secret X-Key header]"),
            "others stay masked: {text}"
        );
        assert!(!text.contains("Accept-Charset"), "not sent, not copied");
    }
}
