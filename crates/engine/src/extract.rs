//! Variable extraction: `{source, property, name}` read from a response into a variable.
//!
//! The value is stored as text (the same text form assertions compare). A failed extraction
//! leaves the variable unset and is recorded on the step; it does not fail the step by
//! itself. Entries without a name (seen: `"name": null`) are ignored.

use crate::assert::text;
use crate::model::Extraction;
use crate::result::ExtractionResult;
use crate::source::{self, Read, Received};

/// Extracts one variable; `None` for an entry without a name.
pub(crate) fn extract(x: &Extraction, r: &Received<'_>) -> Option<ExtractionResult> {
    let name = x.name.as_deref().map(str::trim).filter(|n| !n.is_empty())?;
    let mut result = ExtractionResult {
        name: name.to_string(),
        source: x.source.clone(),
        property: x.property.clone(),
        value: None,
        error: None,
    };
    let what = if x.property.trim().is_empty() {
        x.source.as_str().trim()
    } else {
        x.property.trim()
    };
    match source::read(&x.source, &x.property, r) {
        Read::Value(v) => result.value = Some(text(&v)),
        Read::Missing(why) => result.error = Some(format!("{what} not found: {why}")),
        Read::Error(e) => result.error = Some(e),
    }
    Some(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::Header;

    fn x(source: &str, property: &str, name: Option<&str>) -> Extraction {
        Extraction {
            source: source.into(),
            property: property.into(),
            name: name.map(Into::into),
        }
    }

    #[test]
    fn every_source_extracts_text() {
        let headers = [Header::new("Location", "/Users/1")];
        let body = r#"{"id":"1","active":true,"n":2.0,"emails":[{"value":"a@b"}]}"#;
        let r = Received::new(201, &headers, body, 35.0, 60);
        let got = |s: &str, p: &str| extract(&x(s, p, Some("v")), &r).and_then(|e| e.value);
        assert_eq!(got("response_json", "id").as_deref(), Some("1"));
        assert_eq!(got("response_json", "active").as_deref(), Some("true"));
        assert_eq!(got("response_json", "n").as_deref(), Some("2"));
        assert_eq!(
            got("response_json", "emails[0].value").as_deref(),
            Some("a@b")
        );
        assert_eq!(got("response_status", "").as_deref(), Some("201"));
        assert_eq!(
            got("response_headers", "location").as_deref(),
            Some("/Users/1")
        );
        assert_eq!(got("response_text", "").as_deref(), Some(body));
        assert_eq!(got("response_time", "").as_deref(), Some("35"));
        assert_eq!(got("response_size", "").as_deref(), Some("60"));
        let xml = Received::new(200, &[], "<a><b>x</b></a>", 1.0, 15);
        assert_eq!(
            extract(&x("response_xml", "/a/b", Some("v")), &xml)
                .and_then(|e| e.value)
                .as_deref(),
            Some("x")
        );
    }

    #[test]
    fn failures_are_recorded_and_nameless_entries_ignored() {
        let r = Received::new(200, &[], r#"{"Resources":[]}"#, 1.0, 16);
        let e = extract(&x("response_json", "Resources[0].id", Some("id")), &r).expect("named");
        assert_eq!(e.value, None);
        assert_eq!(
            e.error.as_deref(),
            Some("Resources[0].id not found: Resources[0] does not exist")
        );
        assert_eq!(extract(&x("response_json", "", None), &r), None);
        assert_eq!(extract(&x("response_json", "", Some(" ")), &r), None);
    }
}
