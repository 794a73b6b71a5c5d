//! XPath through `sxd-document` and `sxd-xpath`, outside a browser.

use serde_json::Value;
use sxd_xpath::Value as X;

use super::{matches_nothing, not_evaluated, not_valid, NOT_XML};
use crate::lenient::float_text;
use crate::source::Read;

pub(super) fn evaluate(body: &str, expr: &str) -> Read {
    let Ok(package) = sxd_document::parser::parse(body) else {
        return Read::Missing(NOT_XML.into());
    };
    let doc = package.as_document();
    let xpath = match sxd_xpath::Factory::new().build(expr) {
        Ok(Some(x)) => x,
        Ok(None) => return Read::Error(format!("the XPath {expr} is empty")),
        Err(e) => return not_valid(expr, &e.to_string()),
    };
    match xpath.evaluate(&sxd_xpath::Context::new(), doc.root()) {
        Err(e) => not_evaluated(expr, &e.to_string()),
        Ok(X::Nodeset(nodes)) => match nodes.document_order_first() {
            Some(node) => Read::Value(Value::from(node.string_value())),
            None => matches_nothing(expr),
        },
        Ok(X::Boolean(b)) => Read::Value(Value::from(b)),
        Ok(X::Number(n)) => Read::Value(Value::from(float_text(n))),
        Ok(X::String(s)) => Read::Value(Value::from(s)),
    }
}
