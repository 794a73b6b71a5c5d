//! Sources: the value an assertion or a variable reads from a response.
//!
//! | `source` | value | `property` |
//! |---|---|---|
//! | `response_status` | status code (number) | unused |
//! | `response_headers` | header value, several joined with `, ` | header name, any case |
//! | `response_json` | value at a JavaScript-notation path | path; empty is the whole body |
//! | `response_xml` | text of the first XPath result | XPath 1.0 expression |
//! | `response_text` | the body text | unused |
//! | `response_time` | milliseconds from sending to the full response | unused |
//! | `response_size` | body size in bytes | unused |

use std::cell::OnceCell;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::json_path;
use crate::lenient::float_text;
use crate::transport::Header;

/// Where an assertion or an extraction reads its value, parsed once at load.
///
/// An unknown source is kept as written so a suite serializes back to what the file said.
///
/// # Example
/// ```
/// use suite_engine::Source;
/// let s = Source::parse("response_json");
/// assert_eq!((s.as_str(), s.label()), ("response_json", "JSON"));
/// assert_eq!(Source::parse("response_vibes").label(), "response_vibes");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Source {
    /// `response_status`: the status code.
    Status,
    /// `response_headers`: a header's value.
    Headers,
    /// `response_json`: a value at a path in the JSON body.
    Json,
    /// `response_xml`: the text of an XPath result.
    Xml,
    /// `response_text`: the body as text.
    Text,
    /// `response_time`: milliseconds to the full response.
    Time,
    /// `response_size`: the body's size in bytes.
    Size,
    /// No source given (empty or absent in the file).
    #[default]
    Missing,
    /// A term this crate does not know, as written.
    Unknown(String),
}

/// Every known source: its variant, the file's term and the label people read.
const SOURCES: [(Source, &str, &str); 7] = [
    (Source::Status, "response_status", "Status"),
    (Source::Headers, "response_headers", "Header"),
    (Source::Json, "response_json", "JSON"),
    (Source::Xml, "response_xml", "XML"),
    (Source::Text, "response_text", "Text body"),
    (Source::Time, "response_time", "Response time"),
    (Source::Size, "response_size", "Size"),
];

impl Source {
    /// Reads a file's term; surrounding spaces are ignored, anything unknown is kept.
    pub fn parse(term: &str) -> Source {
        let t = term.trim();
        if t.is_empty() {
            return Source::Missing;
        }
        SOURCES
            .iter()
            .find(|(_, raw, _)| *raw == t)
            .map(|(s, _, _)| s.clone())
            .unwrap_or_else(|| Source::Unknown(term.to_string()))
    }

    /// The term as a file writes it: `response_json`; an unknown one as found.
    pub fn as_str(&self) -> &str {
        match self {
            Source::Missing => "",
            Source::Unknown(raw) => raw,
            known => SOURCES
                .iter()
                .find(|(s, _, _)| s == known)
                .map_or("", |(_, raw, _)| raw),
        }
    }

    /// A short label for a sentence: `Status`, `Header`, `JSON`, `XML`, `Text body`,
    /// `Response time`, `Size`; an unknown source reads as its term.
    pub fn label(&self) -> &str {
        match self {
            Source::Missing => "(no source)",
            Source::Unknown(raw) => raw,
            known => SOURCES
                .iter()
                .find(|(s, _, _)| s == known)
                .map_or("", |(_, _, label)| label),
        }
    }

    /// Whether the source reads a `property` (a header name, JSON path or XPath).
    pub fn takes_property(&self) -> bool {
        matches!(self, Source::Headers | Source::Json | Source::Xml)
    }

    /// Whether this crate knows the source.
    pub fn is_known(&self) -> bool {
        !matches!(self, Source::Missing | Source::Unknown(_))
    }

    /// Why it cannot be read, when it cannot: `unknown source response_body`.
    pub fn problem(&self) -> Option<String> {
        match self {
            Source::Missing => Some("no source is given".into()),
            Source::Unknown(raw) => Some(format!("unknown source {}", raw.trim())),
            _ => None,
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for Source {
    fn from(term: &str) -> Source {
        Source::parse(term)
    }
}

impl Serialize for Source {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| Source::parse(&s))
    }
}

/// What an assertion or extraction reads from.
pub(crate) struct Received<'a> {
    pub status: u16,
    pub headers: &'a [Header],
    pub body: &'a str,
    pub time_ms: f64,
    pub size_bytes: u64,
    json: OnceCell<Result<Value, String>>,
}

impl<'a> Received<'a> {
    pub(crate) fn new(
        status: u16,
        headers: &'a [Header],
        body: &'a str,
        time_ms: f64,
        size_bytes: u64,
    ) -> Received<'a> {
        Received {
            status,
            headers,
            body,
            time_ms,
            size_bytes,
            json: OnceCell::new(),
        }
    }

    fn json(&self) -> &Result<Value, String> {
        self.json.get_or_init(|| {
            let body = self.body.trim_start_matches('\u{feff}');
            if body.trim().is_empty() {
                return Err("response body is empty, not JSON".into());
            }
            serde_json::from_str(body).map_err(|_| "response body is not JSON".into())
        })
    }
}

/// The outcome of reading a source.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Read {
    /// The value found.
    Value(Value),
    /// No value, and why: `Resources[0] does not exist`.
    Missing(String),
    /// The source or property itself is wrong: `unknown source response_body`.
    Error(String),
}

/// Reads `source` / `property` from a response.
pub(crate) fn read(source: &Source, property: &str, r: &Received<'_>) -> Read {
    match source {
        Source::Status => Read::Value(Value::from(r.status)),
        Source::Text => Read::Value(Value::from(r.body)),
        Source::Size => Read::Value(Value::from(r.size_bytes)),
        Source::Time => Read::Value(number(r.time_ms)),
        Source::Headers => header(property.trim(), r.headers),
        Source::Json => match r.json() {
            Err(why) => Read::Missing(why.clone()),
            Ok(root) => match json_path::parse(property) {
                Err(e) => Read::Error(e),
                Ok(segs) => match json_path::resolve(root, &segs) {
                    Ok(v) => Read::Value(v.into_owned()),
                    Err(why) => Read::Missing(why),
                },
            },
        },
        Source::Xml => crate::xpath::read(r.body, property),
        Source::Missing | Source::Unknown(_) => Read::Error(source.problem().unwrap_or_default()),
    }
}

fn number(f: f64) -> Value {
    // Whole milliseconds read as integers so they print as `12`, not `12.0`.
    match float_text(f).parse::<i64>() {
        Ok(i) => Value::from(i),
        Err(_) => Value::from(f),
    }
}

fn header(name: &str, headers: &[Header]) -> Read {
    if name.is_empty() {
        return Read::Error("response_headers needs a header name as its property".into());
    }
    let values: Vec<&str> = headers
        .iter()
        .filter(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
        .collect();
    if values.is_empty() {
        Read::Missing(format!("the response has no {name} header"))
    } else {
        Read::Value(Value::from(values.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_parses_and_prints_back() {
        for (s, raw, label) in SOURCES.iter() {
            assert_eq!(&Source::parse(raw), s);
            assert_eq!((s.as_str(), s.label()), (*raw, *label));
        }
        assert_eq!(Source::parse(""), Source::Missing);
        assert_eq!(Source::parse(" response_json"), Source::Json);
        assert_eq!(
            Source::parse("x").problem().as_deref(),
            Some("unknown source x")
        );
    }

    #[test]
    fn every_source() {
        let headers = [
            Header::new("Content-Type", "application/json"),
            Header::new("Set-Cookie", "a=1"),
            Header::new("set-cookie", "b=2"),
        ];
        let body = r#"{"Resources":[{"id":"x"}]}"#;
        let r = Received::new(200, &headers, body, 12.0, 26);
        assert_eq!(
            read(&Source::parse("response_status"), "", &r),
            Read::Value(Value::from(200))
        );
        assert_eq!(
            read(&Source::parse("response_time"), "", &r),
            Read::Value(Value::from(12))
        );
        assert_eq!(
            read(&Source::parse("response_size"), "", &r),
            Read::Value(Value::from(26))
        );
        assert_eq!(
            read(&Source::parse("response_text"), "", &r),
            Read::Value(Value::from(body))
        );
        assert_eq!(
            read(&Source::parse("response_headers"), "content-type", &r),
            Read::Value(Value::from("application/json"))
        );
        assert_eq!(
            read(&Source::parse("response_headers"), "Set-Cookie", &r),
            Read::Value(Value::from("a=1, b=2"))
        );
        assert_eq!(
            read(&Source::parse("response_headers"), "ETag", &r),
            Read::Missing("the response has no ETag header".into())
        );
        assert_eq!(
            read(&Source::parse("response_json"), "Resources[0].id", &r),
            Read::Value(Value::from("x"))
        );
        assert_eq!(
            read(&Source::parse("response_json"), "Resources[1].id", &r),
            Read::Missing("Resources[1] does not exist".into())
        );
        assert_eq!(
            read(&Source::parse("response_body"), "", &r),
            Read::Error("unknown source response_body".into())
        );
        let html = Received::new(200, &[], "<html>", 1.0, 6);
        assert_eq!(
            read(&Source::parse("response_json"), "id", &html),
            Read::Missing("response body is not JSON".into())
        );
    }
}
