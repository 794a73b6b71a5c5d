//! XPath through the browser's own engine: `DOMParser` reads the body as XML (it runs no
//! script and fetches no external entity) and `document.evaluate` runs the expression.

use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, DomParser, Node, SupportedType, XPathResult};

use super::{matches_nothing, not_evaluated, not_valid, NOT_XML};
use crate::lenient::float_text;
use crate::source::Read;

pub(super) fn evaluate(body: &str, expr: &str) -> Read {
    let Some(doc) = parse(body) else {
        return Read::Missing(NOT_XML.into());
    };
    let result = match run(&doc, expr, XPathResult::ANY_TYPE) {
        Ok(result) => result,
        Err(e) => return e,
    };
    let value = match result.result_type() {
        XPathResult::NUMBER_TYPE => result.number_value().map(|n| Value::from(float_text(n))),
        XPathResult::STRING_TYPE => result.string_value().map(Value::from),
        XPathResult::BOOLEAN_TYPE => result.boolean_value().map(Value::from),
        // A node set: asked again for its first node in document order.
        _ => match run(&doc, expr, XPathResult::FIRST_ORDERED_NODE_TYPE) {
            Ok(first) => match first.single_node_value() {
                Ok(Some(node)) => Ok(Value::from(string_value(&node))),
                Ok(None) => return matches_nothing(expr),
                Err(e) => Err(e),
            },
            Err(e) => return e,
        },
    };
    value.map_or_else(|e| not_evaluated(expr, &message(&e)), Read::Value)
}

/// The document, or `None` when the body is not well-formed XML.
fn parse(body: &str) -> Option<Document> {
    let doc = DomParser::new()
        .ok()?
        .parse_from_string(body, SupportedType::ApplicationXml)
        .ok()?;
    // Browsers report a syntax error as a `parsererror` element in the document.
    let failed = doc.get_elements_by_tag_name("parsererror").length() > 0;
    (!failed).then_some(doc)
}

fn run(doc: &Document, expr: &str, kind: u16) -> Result<XPathResult, Read> {
    doc.evaluate_with_opt_callback_and_type(expr, doc, None, kind)
        .map_err(|e| {
            let why = message(&e);
            match e.dyn_ref::<web_sys::DomException>().map(|d| d.name()) {
                Some(name) if name == "SyntaxError" || name == "NamespaceError" => {
                    not_valid(expr, &why)
                }
                _ => not_evaluated(expr, &why),
            }
        })
}

/// XPath's string value: all the text in an element or the document, an attribute's value.
fn string_value(node: &Node) -> String {
    let node = match node.dyn_ref::<Document>() {
        Some(doc) => match doc.document_element() {
            Some(root) => root.unchecked_into::<Node>(),
            None => return String::new(),
        },
        None => node.clone(),
    };
    node.text_content().unwrap_or_default()
}

fn message(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| {
            error
                .dyn_ref::<web_sys::DomException>()
                .map(|d| d.message())
        })
        .unwrap_or_else(|| "the browser gave no reason".into())
}
