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

use serde_json::Value;

use crate::json_path;
use crate::lenient::float_text;
use crate::transport::Header;

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
pub(crate) fn read(source: &str, property: &str, r: &Received<'_>) -> Read {
    match source.trim() {
        "response_status" => Read::Value(Value::from(r.status)),
        "response_text" => Read::Value(Value::from(r.body)),
        "response_size" => Read::Value(Value::from(r.size_bytes)),
        "response_time" => Read::Value(number(r.time_ms)),
        "response_headers" => header(property.trim(), r.headers),
        "response_json" => match r.json() {
            Err(why) => Read::Missing(why.clone()),
            Ok(root) => match json_path::parse(property) {
                Err(e) => Read::Error(e),
                Ok(segs) => match json_path::resolve(root, &segs) {
                    Ok(v) => Read::Value(v.into_owned()),
                    Err(why) => Read::Missing(why),
                },
            },
        },
        "response_xml" => crate::xpath::read(r.body, property),
        "" => Read::Error("no source is given".into()),
        other => Read::Error(format!("unknown source {other}")),
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
    fn every_source() {
        let headers = [
            Header::new("Content-Type", "application/json"),
            Header::new("Set-Cookie", "a=1"),
            Header::new("set-cookie", "b=2"),
        ];
        let body = r#"{"Resources":[{"id":"x"}]}"#;
        let r = Received::new(200, &headers, body, 12.0, 26);
        assert_eq!(
            read("response_status", "", &r),
            Read::Value(Value::from(200))
        );
        assert_eq!(read("response_time", "", &r), Read::Value(Value::from(12)));
        assert_eq!(read("response_size", "", &r), Read::Value(Value::from(26)));
        assert_eq!(
            read("response_text", "", &r),
            Read::Value(Value::from(body))
        );
        assert_eq!(
            read("response_headers", "content-type", &r),
            Read::Value(Value::from("application/json"))
        );
        assert_eq!(
            read("response_headers", "Set-Cookie", &r),
            Read::Value(Value::from("a=1, b=2"))
        );
        assert_eq!(
            read("response_headers", "ETag", &r),
            Read::Missing("the response has no ETag header".into())
        );
        assert_eq!(
            read("response_json", "Resources[0].id", &r),
            Read::Value(Value::from("x"))
        );
        assert_eq!(
            read("response_json", "Resources[1].id", &r),
            Read::Missing("Resources[1] does not exist".into())
        );
        assert_eq!(
            read("response_body", "", &r),
            Read::Error("unknown source response_body".into())
        );
        let html = Received::new(200, &[], "<html>", 1.0, 6);
        assert_eq!(
            read("response_json", "id", &html),
            Read::Missing("response body is not JSON".into())
        );
    }
}
