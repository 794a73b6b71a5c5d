//! XPath 1.0 on XML bodies. In a browser the browser's own XPath engine evaluates it
//! (`DOMParser` and `document.evaluate`); elsewhere `sxd-xpath` does. Both give the same
//! text: for a node set, the string value of its first node in document order; for a
//! number, its shortest text; for a boolean, `true` or `false`.
//!
//! The page uses the browser's engine because `sxd-xpath` and `sxd-document` were an eighth
//! of its download (docs/benchmarks.md).

use crate::source::Read;

#[cfg(target_arch = "wasm32")]
#[path = "xpath/browser.rs"]
mod engine;
#[cfg(not(target_arch = "wasm32"))]
#[path = "xpath/sxd.rs"]
mod engine;

/// Deeper documents and expressions are refused: the parsers recurse, and a file or a
/// server must not be able to overflow the stack.
const MAX_DEPTH: usize = 100;
const MAX_EXPRESSION: usize = 2000;

const NOT_XML: &str = "response body is not XML";

fn matches_nothing(expr: &str) -> Read {
    Read::Missing(format!("the XPath {expr} matches nothing"))
}

fn not_valid(expr: &str, why: &str) -> Read {
    Read::Error(format!("the XPath {expr} is not valid: {why}"))
}

fn not_evaluated(expr: &str, why: &str) -> Read {
    Read::Error(format!("the XPath {expr} could not be evaluated: {why}"))
}

/// Evaluates `expr` on the XML `body`.
pub(crate) fn read(body: &str, expr: &str) -> Read {
    let expr = expr.trim();
    if expr.is_empty() {
        return Read::Error("response_xml needs an XPath expression as its property".into());
    }
    if expr.len() > MAX_EXPRESSION || nesting(expr, b"([", b")]") > MAX_DEPTH {
        return Read::Error("the XPath is too long or too deeply nested to evaluate".into());
    }
    if xml_depth(body) > MAX_DEPTH {
        return Read::Missing(format!(
            "the XML body is nested deeper than {MAX_DEPTH} elements, too deep to read"
        ));
    }
    engine::evaluate(body, expr)
}

/// The deepest nesting of brackets in `s`.
fn nesting(s: &str, open: &[u8], close: &[u8]) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for b in s.bytes() {
        if open.contains(&b) {
            depth += 1;
            max = max.max(depth);
        } else if close.contains(&b) {
            depth = depth.saturating_sub(1);
        }
    }
    max
}

/// An upper bound of an XML document's element depth: `<x` opens, `</` and `/>` close.
fn xml_depth(xml: &str) -> usize {
    let b = xml.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    for i in 0..b.len() {
        match (b[i], b.get(i + 1)) {
            (b'<', Some(b'/')) => depth = depth.saturating_sub(1),
            (b'<', Some(c)) if c.is_ascii_alphabetic() || *c == b'_' || *c == b':' => {
                depth += 1;
                max = max.max(depth);
            }
            (b'/', Some(b'>')) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    #[test]
    fn xpath_results() {
        let xml = r#"<users total="2"><user id="1"><name>Ann</name></user><user id="2"><name>Bo</name></user></users>"#;
        assert_eq!(
            read(xml, "/users/user[2]/name"),
            Read::Value(Value::from("Bo"))
        );
        assert_eq!(read(xml, "//user/@id"), Read::Value(Value::from("1")));
        assert_eq!(read(xml, "count(//user)"), Read::Value(Value::from("2")));
        assert_eq!(
            read(xml, "/users/@total = '2'"),
            Read::Value(Value::from(true))
        );
        assert_eq!(read(xml, "/"), Read::Value(Value::from("AnnBo")));
        assert_eq!(
            read(xml, "//group"),
            Read::Missing("the XPath //group matches nothing".into())
        );
        assert_eq!(
            read("{}", "/a"),
            Read::Missing("response body is not XML".into())
        );
        assert!(matches!(read(xml, "//["), Read::Error(_)));
    }

    #[test]
    fn deep_documents_and_expressions_are_refused() {
        let n = 100_000;
        let xml = format!("{}{}", "<a>".repeat(n), "</a>".repeat(n));
        assert!(matches!(read(&xml, "/a"), Read::Missing(_)));
        let expr = "(".repeat(300) + "1" + &")".repeat(300);
        assert!(matches!(read("<a/>", &expr), Read::Error(_)));
        let ok = format!("{}{}", "<a>".repeat(100), "</a>".repeat(100));
        assert!(matches!(read(&ok, "count(//a)"), Read::Value(_)));
        let deepest = "(".repeat(100) + "1" + &")".repeat(100);
        assert_eq!(read("<a/>", &deepest), Read::Value(Value::from("1")));
        assert_eq!(xml_depth("<a><b/><c>x</c></a>"), 2);
    }
}
