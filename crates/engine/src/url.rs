//! URLs: percent-encoding what a URL may not contain, exactly once, and query parameters.
//!
//! Okta's `?filter=userName eq "x"` goes out as `?filter=userName%20eq%20%22x%22`. Encoded
//! are spaces and controls, `" < > \ ^ ` { | }`, non-ASCII characters (as UTF-8) and a `%`
//! not followed by two hex digits; an existing `%XX` is kept, so nothing is encoded twice.

use percent_encoding::percent_decode_str;

use crate::functions::url_encode;

/// Percent-encodes what `url` may not contain, once. Leading and trailing spaces are
/// dropped.
pub(crate) fn encode(url: &str) -> String {
    let url = url.trim();
    let b = url.as_bytes();
    let mut out = String::with_capacity(url.len());
    for (i, c) in url.char_indices() {
        let keep = match c {
            '%' => b.len() > i + 2 && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit(),
            '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => false,
            c => c.is_ascii_graphic(),
        };
        if keep {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

/// The parts of a URL a script sees.
pub(crate) struct Parts {
    pub scheme: String,
    pub host: String,
    pub path: String,
    pub params: Vec<(String, Vec<String>)>,
}

/// Splits a URL into scheme, host, path and decoded query parameters.
pub(crate) fn parts(url: &str) -> Parts {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let rest = rest.split('#').next().unwrap_or("");
    let (before_query, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (host, path) = match before_query.find('/') {
        Some(i) => (&before_query[..i], &before_query[i..]),
        None => (before_query, ""),
    };
    Parts {
        scheme: scheme.to_string(),
        host: host.to_string(),
        path: path.to_string(),
        params: parse_query(query),
    }
}

fn decode(s: &str) -> String {
    percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// Decodes `a=1&b=2&a=3` into names with their values, in order.
pub(crate) fn parse_query(query: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (k, v) = (decode(k), decode(v));
        match out.iter_mut().find(|(n, _)| *n == k) {
            Some((_, values)) => values.push(v),
            None => out.push((k, vec![v])),
        }
    }
    out
}

/// Encodes names with values as `a=1&b=2`.
pub(crate) fn build_query(params: &[(String, Vec<String>)]) -> String {
    let mut pairs = Vec::new();
    for (name, values) in params {
        for v in values {
            pairs.push(format!("{}={}", url_encode(name), url_encode(v)));
        }
    }
    pairs.join("&")
}

/// `url` with its query replaced by `params`.
pub(crate) fn with_query(url: &str, params: &[(String, Vec<String>)]) -> String {
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let base = base.split('?').next().unwrap_or(base);
    let query = build_query(params);
    let mut out = base.to_string();
    if !query.is_empty() {
        out.push('?');
        out.push_str(&query);
    }
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// `url` with `params` appended to its query.
pub(crate) fn append_query(url: &str, params: &[(String, Vec<String>)]) -> String {
    let query = build_query(params);
    if query.is_empty() {
        return url.to_string();
    }
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let sep = if base.contains('?') { "&" } else { "?" };
    let mut out = format!("{base}{sep}{query}");
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn okta_filter_is_encoded_once() {
        let url = r#"https://h/scim/v2/Users?filter=userName eq "a@b.com""#;
        let once = encode(url);
        assert_eq!(
            once,
            "https://h/scim/v2/Users?filter=userName%20eq%20%22a@b.com%22"
        );
        assert_eq!(encode(&once), once);
    }

    #[test]
    fn percent_signs_and_unicode() {
        assert_eq!(encode("http://h/a%2Fb?x=100%"), "http://h/a%2Fb?x=100%25");
        assert_eq!(encode("http://h/é {x}|"), "http://h/%C3%A9%20%7Bx%7D%7C");
        assert_eq!(encode("  http://h/?a=1&b=[2]#f  "), "http://h/?a=1&b=[2]#f");
    }

    #[test]
    fn url_parts_and_queries() {
        let p = parts("https://h:8080/scim/v2/Users?filter=a%20b&x=1&x=2#frag");
        assert_eq!(
            (p.scheme.as_str(), p.host.as_str(), p.path.as_str()),
            ("https", "h:8080", "/scim/v2/Users")
        );
        assert_eq!(
            p.params,
            [
                ("filter".into(), vec!["a b".into()]),
                ("x".into(), vec!["1".into(), "2".into()])
            ]
        );
        assert_eq!(
            with_query("http://h/p?a=1#f", &p.params),
            "http://h/p?filter=a%20b&x=1&x=2#f"
        );
        assert_eq!(
            append_query("http://h/p?a=1", &[("b".into(), vec!["2".into()])]),
            "http://h/p?a=1&b=2"
        );
    }

    proptest::proptest! {
        #[test]
        fn encoding_is_idempotent(u in ".{0,60}") {
            let once = encode(&u);
            proptest::prop_assert_eq!(encode(&once), once.clone());
            proptest::prop_assert!(once.chars().all(|c| c.is_ascii_graphic()));
            let _ = parts(&u);
        }
    }
}
