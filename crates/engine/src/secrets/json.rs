//! JSON string literals written with escapes: `"Bearer\u0020abc"` or `"a\/b"` is the secret
//! to whoever parses the JSON (the page's pretty view does), though its raw text differs.
//! The masker decodes each such literal, masks it, and writes back only the literals that
//! changed, leaving the rest of the raw text as it was.

/// A string literal in a text that holds at least one backslash escape.
pub(super) struct Literal {
    /// Byte offset of its opening quote.
    pub start: usize,
    /// Byte offset just after its closing quote, or the text's end when it is not closed.
    pub end: usize,
    /// Its value.
    pub decoded: String,
    /// Whether it has its closing quote (a body cut at the size limit may end inside one).
    pub closed: bool,
}

/// Every string literal with an escape in `text`, in order, taking quotes in pairs from
/// the start as a JSON reader would. Literals that do not decode are left out; an
/// unfinished escape at the end of an unclosed literal is dropped.
pub(super) fn escaped_literals(text: &str) -> Vec<Literal> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(offset) = b[i..].iter().position(|&c| c == b'"') {
        let start = i + offset;
        let mut j = start + 1;
        let mut escaped = false;
        while j < b.len() && b[j] != b'"' {
            if b[j] == b'\\' {
                escaped = true;
                j += 1;
            }
            j += 1;
        }
        let closed = j < b.len();
        if escaped {
            let decoded = if closed {
                serde_json::from_str::<String>(&text[start..=j]).ok()
            } else {
                decode_unclosed(&text[start + 1..])
            };
            if let Some(decoded) = decoded {
                out.push(Literal {
                    start,
                    end: if closed { j + 1 } else { b.len() },
                    decoded,
                    closed,
                });
            }
        }
        i = j + 1;
        if i >= b.len() {
            break;
        }
    }
    out
}

/// The value of a literal's content without its closing quote, dropping an unfinished
/// escape (`\u00`, or the first half of a surrogate pair) at its end.
fn decode_unclosed(content: &str) -> Option<String> {
    let mut end = content.len();
    // The longest unfinished escape is `\uD83D\uDE0` (11 bytes).
    for _ in 0..12 {
        if content.is_char_boundary(end) {
            if let Ok(s) = serde_json::from_str::<String>(&format!("\"{}\"", &content[..end])) {
                return Some(s);
            }
        }
        end = end.checked_sub(1)?;
    }
    None
}

/// A literal's JSON text for `value`, without the closing quote when it had none.
pub(super) fn encode(value: &str, closed: bool) -> String {
    let mut text = serde_json::to_string(value).unwrap_or_else(|_| "\"\"".into());
    if !closed {
        text.pop();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_escaped_literals_only() {
        let text = r#"{"a": "plain", "t": "Bearer\u0020x\/y", "n": 1}"#;
        let lits = escaped_literals(text);
        assert_eq!(lits.len(), 1);
        assert_eq!(lits[0].decoded, "Bearer x/y");
        assert_eq!(&text[lits[0].start..lits[0].end], r#""Bearer\u0020x\/y""#);
        assert!(lits[0].closed);
    }

    #[test]
    fn an_escaped_quote_does_not_end_a_literal() {
        let lits = escaped_literals(r#"["a\"b", "c"]"#);
        assert_eq!(lits.len(), 1);
        assert_eq!(lits[0].decoded, "a\"b");
    }

    #[test]
    fn an_unclosed_literal_at_a_cut_is_decoded_without_its_broken_escape() {
        let lits = escaped_literals(r#"{"t": "abc\u002ddef\u00"#);
        assert_eq!(lits.len(), 1);
        assert_eq!(lits[0].decoded, "abc-def");
        assert!(!lits[0].closed);
        assert_eq!(encode("a-b", false), "\"a-b");
    }

    #[test]
    fn text_that_is_not_json_is_safe() {
        for text in ["\"", "\\\"", "\"\\", "é\"\\é", "\"\\u", "a\"b\\\"c"] {
            let _ = escaped_literals(text);
        }
    }
}
