//! XPath on XML bodies, through `sxd-xpath` (XPath 1.0).
//!
//! The value is the text of the result: for a node set, the string value of its first node
//! in document order; for a number, its shortest text; for a boolean, `true` or `false`.

use serde_json::Value;
use sxd_xpath::Value as X;

use crate::lenient::float_text;
use crate::source::Read;

/// Evaluates `expr` on the XML `body`.
pub(crate) fn read(body: &str, expr: &str) -> Read {
    let expr = expr.trim();
    if expr.is_empty() {
        return Read::Error("response_xml needs an XPath expression as its property".into());
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
}
