//! CORS for the HTTP binary, as plain functions on [`Request`] and [`Response`] so they are
//! tested without sockets. The core's [`ScimServer::handle`](crate::ScimServer::handle)
//! does not call them: a server embedded in a page has no origin to cross.
//!
//! Any origin is allowed: a conformance tester runs from wherever the page is served.

use crate::http::{Request, Response};

/// The methods a preflight allows.
pub const ALLOW_METHODS: &str = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
/// The request headers a preflight always allows; requested ones are added.
pub const ALLOW_HEADERS: &str = "Authorization, Content-Type, Accept";
/// The response headers a page may read.
pub const EXPOSE_HEADERS: &str = "Location, ETag, Content-Length, Date";
/// How long a browser may cache a preflight, in seconds.
pub const MAX_AGE_SECONDS: u32 = 600;

/// Whether `request` is a CORS preflight: `OPTIONS` with `Access-Control-Request-Method`.
pub fn is_preflight(request: &Request) -> bool {
    request.method.eq_ignore_ascii_case("OPTIONS")
        && request.header("Access-Control-Request-Method").is_some()
}

/// The answer to a preflight: 204 allowing the origin, the methods and the headers asked
/// for (and Chromium's private network access, when asked).
pub fn preflight(request: &Request) -> Response {
    let mut allow_headers = ALLOW_HEADERS.to_owned();
    if let Some(requested) = request.header("Access-Control-Request-Headers") {
        for name in requested
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            let known = allow_headers
                .split(", ")
                .any(|h| h.eq_ignore_ascii_case(name));
            if !known {
                allow_headers.push_str(", ");
                allow_headers.push_str(name);
            }
        }
    }
    let mut response = Response::new(204);
    allow_origin(request, &mut response);
    response.headers.push((
        "Access-Control-Allow-Methods".to_owned(),
        ALLOW_METHODS.to_owned(),
    ));
    response
        .headers
        .push(("Access-Control-Allow-Headers".to_owned(), allow_headers));
    response.headers.push((
        "Access-Control-Max-Age".to_owned(),
        MAX_AGE_SECONDS.to_string(),
    ));
    if request
        .header("Access-Control-Request-Private-Network")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    {
        response.headers.push((
            "Access-Control-Allow-Private-Network".to_owned(),
            "true".to_owned(),
        ));
    }
    response
        .headers
        .push(("Timing-Allow-Origin".to_owned(), "*".to_owned()));
    response
}

/// Adds the CORS headers of an actual (non-preflight) response.
pub fn decorate(request: &Request, response: &mut Response) {
    allow_origin(request, response);
    response.headers.push((
        "Access-Control-Expose-Headers".to_owned(),
        EXPOSE_HEADERS.to_owned(),
    ));
    response
        .headers
        .push(("Timing-Allow-Origin".to_owned(), "*".to_owned()));
}

/// Echoes the `Origin` (then the answer varies by origin), or `*` without one.
fn allow_origin(request: &Request, response: &mut Response) {
    let origin = request.header("Origin").unwrap_or("*").to_owned();
    let echoed = origin != "*";
    response
        .headers
        .push(("Access-Control-Allow-Origin".to_owned(), origin));
    if echoed {
        response
            .headers
            .push(("Vary".to_owned(), "Origin".to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preflight_allows_the_origin_and_what_was_asked() {
        let request = Request::new("OPTIONS", "/scim/v2/Users")
            .with_header("Origin", "https://tester.example")
            .with_header("Access-Control-Request-Method", "PATCH")
            .with_header(
                "Access-Control-Request-Headers",
                "authorization, x-trace, content-type",
            );
        assert!(is_preflight(&request));
        let response = preflight(&request);
        assert_eq!(response.status, 204);
        assert_eq!(
            response.header("Access-Control-Allow-Origin"),
            Some("https://tester.example")
        );
        assert_eq!(response.header("Vary"), Some("Origin"));
        assert_eq!(
            response.header("Access-Control-Allow-Headers"),
            Some("Authorization, Content-Type, Accept, x-trace")
        );
        assert_eq!(
            response.header("Access-Control-Allow-Methods"),
            Some(ALLOW_METHODS)
        );
        assert_eq!(response.header("Access-Control-Max-Age"), Some("600"));
        assert_eq!(response.header("Timing-Allow-Origin"), Some("*"));
        assert_eq!(
            response.header("Access-Control-Allow-Private-Network"),
            None
        );
    }

    #[test]
    fn private_network_access_is_granted_when_asked() {
        let request = Request::new("OPTIONS", "/")
            .with_header("Access-Control-Request-Method", "GET")
            .with_header("Access-Control-Request-Private-Network", "true");
        let response = preflight(&request);
        assert_eq!(response.header("Access-Control-Allow-Origin"), Some("*"));
        assert_eq!(
            response.header("Access-Control-Allow-Private-Network"),
            Some("true")
        );
    }

    #[test]
    fn plain_options_is_not_a_preflight() {
        assert!(!is_preflight(&Request::new("OPTIONS", "/")));
        assert!(!is_preflight(
            &Request::new("GET", "/").with_header("Access-Control-Request-Method", "GET")
        ));
    }

    #[test]
    fn responses_expose_location_and_etag() {
        let request = Request::new("GET", "/");
        let mut response = Response::new(200);
        decorate(&request, &mut response);
        assert_eq!(response.header("Access-Control-Allow-Origin"), Some("*"));
        assert_eq!(
            response.header("Access-Control-Expose-Headers"),
            Some("Location, ETag, Content-Length, Date")
        );
        assert_eq!(response.header("Timing-Allow-Origin"), Some("*"));
        assert_eq!(response.header("Vary"), None);
    }
}
