//! The forms a secret value takes on its way into a URL, a body or a script's output, so
//! that the masker finds it written any of these ways.
//!
//! - percent-encoded: as a URL keeps it, as `url_encode` and `encodeURIComponent` write it,
//!   and with `+` for spaces (forms);
//! - base64, standard and URL-safe, padded or not, and percent-encoded;
//! - base64 of any longer text that holds the value: the characters that depend on the value
//!   alone, at each of the three alignments a value can have in the encoded bytes;
//! - lower and upper case of a value with non-ASCII letters (ASCII case is ignored by the
//!   matcher itself).

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine as _;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::functions::url_encode;

/// What JavaScript's `encodeURIComponent` leaves as it is.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'!')
    .remove(b'~')
    .remove(b'*')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')');

/// Base64 text shorter than this is not looked for on its own: it would match unrelated
/// text too often.
const MIN_BASE64: usize = 8;

/// How far a value is derived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Depth {
    /// As written and percent-encoded: values a server sent (cookies, session headers).
    Encoded,
    /// Also base64 and case forms: the tester's own secrets, which a suite could transform.
    Derived,
}

/// Every form of `value` besides itself, possibly with repeats.
pub(super) fn forms(value: &str, depth: Depth) -> Vec<String> {
    let mut out = percent_forms(value);
    if depth == Depth::Encoded {
        return out;
    }
    let mut base64 = Vec::new();
    for (padded, bare) in [(STANDARD, STANDARD_NO_PAD), (URL_SAFE, URL_SAFE_NO_PAD)] {
        base64.push(padded.encode(value));
        base64.push(bare.encode(value));
        base64.extend(cores(value.as_bytes(), &bare));
    }
    base64.retain(|b| b.len() >= MIN_BASE64);
    for b in &base64 {
        out.extend(percent_forms(b));
    }
    out.extend(base64);
    if !value.is_ascii() {
        out.push(value.to_lowercase());
        out.push(value.to_uppercase());
    }
    out
}

fn percent_forms(value: &str) -> Vec<String> {
    let strict = url_encode(value);
    vec![
        crate::url::encode(value),
        strict.replace("%20", "+"),
        strict,
        utf8_percent_encode(value, URI_COMPONENT).to_string(),
    ]
}

/// The base64 characters that depend on `value` alone when it sits at byte offset 0, 1 or
/// 2 (modulo 3) inside a longer text that is encoded: the first characters mix in the
/// bytes before it, the last one the bytes after it.
fn cores(value: &[u8], bare: &impl base64::Engine) -> Vec<String> {
    let mut out = Vec::new();
    for offset in 0..3usize {
        let mut bytes = vec![0u8; offset];
        bytes.extend_from_slice(value);
        let encoded = bare.encode(&bytes);
        // Characters made of the zero bytes in front, wholly or in part.
        let mixed_in_front = [0, 2, 3][offset];
        let whole = bytes.len() * 8 / 6;
        if let Some(core) = encoded.get(mixed_in_front..whole) {
            out.push(core.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_of_a_longer_text_holds_a_core_at_every_alignment() {
        let secret = "tok-1234567890abcdef";
        let cores = cores(secret.as_bytes(), &STANDARD_NO_PAD);
        for before in ["", "a", "ab", "abc", "{\"x\":\""] {
            for after in ["", "z", "zz", "\"}"] {
                let encoded = STANDARD.encode(format!("{before}{secret}{after}"));
                assert!(
                    cores.iter().any(|c| encoded.contains(c.as_str())),
                    "{before:?}+secret+{after:?} → {encoded}"
                );
            }
        }
    }

    #[test]
    fn derived_forms_include_base64_and_percent_encoding() {
        let all = forms("Bearer a/b+c", Depth::Derived);
        for expected in [
            "Bearer%20a/b+c",
            "Bearer%20a%2Fb%2Bc",
            "Bearer+a%2Fb%2Bc",
            "QmVhcmVyIGEvYitj",
            "QmVhcmVyIGEvYitj",
        ] {
            assert!(all.iter().any(|f| f == expected), "{expected} in {all:?}");
        }
        assert!(forms("Bearer a", Depth::Encoded)
            .iter()
            .all(|f| !f.starts_with("QmVh")));
    }

    #[test]
    fn non_ascii_values_get_their_case_forms() {
        let all = forms("Ünïcode-Sécret", Depth::Derived);
        assert!(all.iter().any(|f| f == "ünïcode-sécret"));
        assert!(all.iter().any(|f| f == "ÜNÏCODE-SÉCRET"));
    }
}
