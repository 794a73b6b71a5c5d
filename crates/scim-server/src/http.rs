//! The plain request and response values that go in and out of [`ScimServer::handle`].
//!
//! They carry what HTTP carries (method, target, headers, body) and nothing that needs a
//! socket, so the same server runs behind the native binary and inside a browser.
//!
//! [`ScimServer::handle`]: crate::ScimServer::handle

use std::time::Duration;

/// An HTTP request as the server sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Request {
    /// The method, e.g. `GET` (compared case-insensitively).
    pub method: String,
    /// The path, still percent-encoded, e.g. `/scim/v2/Users/2819c223`.
    pub path: String,
    /// The query string without the `?`, still percent-encoded; empty when there is none.
    pub query: String,
    /// Header names and values in the order received; names are matched case-insensitively.
    pub headers: Vec<(String, String)>,
    /// The body as received.
    pub body: Vec<u8>,
}

impl Request {
    /// A request for `target`: a path with an optional `?query`, or an absolute
    /// `http(s)://host/path?query` URL (its host is dropped; a `#fragment` too).
    ///
    /// # Example
    /// ```
    /// let request = scim_server::Request::new("GET", "/scim/v2/Users?count=1")
    ///     .with_header("Authorization", "Bearer secret-token");
    /// assert_eq!(request.path, "/scim/v2/Users");
    /// assert_eq!(request.query, "count=1");
    /// ```
    pub fn new(method: impl Into<String>, target: &str) -> Self {
        let target = target.split_once('#').map_or(target, |(before, _)| before);
        let target = ["http://", "https://"]
            .iter()
            .find_map(|scheme| {
                let prefix = target.get(..scheme.len())?;
                prefix.eq_ignore_ascii_case(scheme).then(|| {
                    let rest = &target[scheme.len()..];
                    rest.find(['/', '?']).map_or("/", |start| &rest[start..])
                })
            })
            .unwrap_or(target);
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        Request {
            method: method.into(),
            path: if path.is_empty() { "/" } else { path }.to_owned(),
            query: query.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a header.
    #[must_use]
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets the body.
    #[must_use]
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// The first value of the header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// An HTTP response produced by the server.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header names and values.
    pub headers: Vec<(String, String)>,
    /// The body (JSON for every SCIM response, text for the `plain-errors` fault, empty for 204).
    pub body: String,
    /// How long the caller should wait before delivering this response: non-zero only under
    /// the `slow=MS` fault. The core never sleeps; the binary sleeps, a browser host can
    /// use a timer.
    pub delay: Duration,
}

impl Response {
    /// The first value of the header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    pub(crate) fn new(status: u16) -> Self {
        Response {
            status,
            ..Response::default()
        }
    }

    pub(crate) fn json(status: u16, body: &serde_json::Value) -> Self {
        Response::new(status)
            .with_header("Content-Type", crate::SCIM_CONTENT_TYPE)
            .with_body(body.to_string())
    }

    pub(crate) fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    pub(crate) fn with_body(mut self, body: String) -> Self {
        self.body = body;
        self
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Decodes `%XX` escapes; with `plus_as_space`, `+` means a space (query strings).
/// Invalid escapes are kept as written; invalid UTF-8 is replaced.
pub(crate) fn percent_decode(text: &str, plus_as_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' if plus_as_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The query's parameters, decoded, in order.
pub(crate) fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            (percent_decode(name, true), percent_decode(value, true))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_escapes_and_plus() {
        assert_eq!(
            percent_decode("userName%20eq%20%22a%40b%22", true),
            "userName eq \"a@b\""
        );
        assert_eq!(percent_decode("a+b", true), "a b");
        assert_eq!(percent_decode("a+b", false), "a+b");
        assert_eq!(percent_decode("100%", true), "100%");
        assert_eq!(percent_decode("%zz%4", true), "%zz%4");
    }

    #[test]
    fn splits_query_pairs() {
        let pairs = query_pairs("filter=userName eq \"x\"&count=1&&flag");
        assert_eq!(
            pairs,
            vec![
                ("filter".to_owned(), "userName eq \"x\"".to_owned()),
                ("count".to_owned(), "1".to_owned()),
                ("flag".to_owned(), String::new()),
            ]
        );
    }

    #[test]
    fn targets_may_be_absolute_urls() {
        let request = Request::new("GET", "https://demo.invalid/scim/v2/Users?count=1#top");
        assert_eq!(
            (request.path.as_str(), request.query.as_str()),
            ("/scim/v2/Users", "count=1")
        );
        let request = Request::new("GET", "HTTP://demo.invalid");
        assert_eq!((request.path.as_str(), request.query.as_str()), ("/", ""));
        let request = Request::new("GET", "http://demo.invalid?x=1");
        assert_eq!(
            (request.path.as_str(), request.query.as_str()),
            ("/", "x=1")
        );
    }

    #[test]
    fn headers_match_case_insensitively() {
        let request = Request::new("GET", "/x").with_header("content-type", "a");
        assert_eq!(request.header("Content-Type"), Some("a"));
        assert_eq!(request.header("Accept"), None);
    }
}
