//! XPath on XML bodies, through `sxd-xpath` (XPath 1.0).
//!
//! The value is the text of the result: for a node set, the string value of its first node
//! in document order; for a number, its shortest text; for a boolean, `true` or `false`.

use serde_json::Value;
use sxd_xpath::Value as X;

use crate::lenient::float_text;
use crate::source::Read;

/// Deeper documents and expressions are refused: the parsers recurse, and a file or a
/// server must not be able to overflow the stack.
const MAX_DEPTH: usize = 100;
const MAX_EXPRESSION: usize = 2000;

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
    let package = match sxd_document::parser::parse(body) {
        Ok(p) => p,
        Err(_) => return Read::Missing("response body is not XML".into()),
    };
    let doc = package.as_document();
    let factory = sxd_xpath::Factory::new();
    let xpath = match factory.build(expr) {
        Ok(Some(x)) => x,
        Ok(None) => return Read::Error(format!("the XPath {expr} is empty")),
        Err(e) => return Read::Error(format!("the XPath {expr} is not valid: {e}")),
    };
    let context = sxd_xpath::Context::new();
    match xpath.evaluate(&context, doc.root()) {
        Err(e) => Read::Error(format!("the XPath {expr} could not be evaluated: {e}")),
        Ok(X::Nodeset(nodes)) => match nodes.document_order_first() {
            Some(node) => Read::Value(Value::from(node.string_value())),
            None => Read::Missing(format!("the XPath {expr} matches nothing")),
        },
        Ok(X::Boolean(b)) => Read::Value(Value::from(b)),
        Ok(X::Number(n)) => Read::Value(Value::from(float_text(n))),
        Ok(X::String(s)) => Read::Value(Value::from(s)),
    }
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
