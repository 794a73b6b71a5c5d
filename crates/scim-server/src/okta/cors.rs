//! The org's CORS, for the HTTP binary (a page embedding the org is not cross-origin).
//!
//! As Okta documents: a browser may call the API only from an origin on the org's trusted
//! origins (its "Enable CORS" guide) and with an OAuth 2.0 access token (`Bearer`); the API
//! token (`SSWS`) is not for browsers. Okta does not document what it answers a browser
//! that sends `SSWS`; here such a request is refused (403, E0000006) before the org acts on
//! it, with no CORS headers, so the browser reports a CORS failure and nothing changes.
//! Okta's guide for OAuth says trusted origins are not needed with access tokens; this
//! emulator takes the stricter reading and asks for both.

use super::error::OktaError;
use crate::cors::{is_preflight, ALLOW_METHODS, MAX_AGE_SECONDS};
use crate::http::{Request, Response};

/// The response headers a page may read from the org.
pub const EXPOSE_HEADERS: &str = "Link, Location, Content-Length, Date";

/// The answer the binary gives instead of asking the org, if any: a preflight's answer,
/// or the refusal of an `SSWS` request from a browser (one that sends `Origin`).
pub fn intercept(
    request: &Request,
    trusted_origins: &[String],
    error_id: String,
) -> Option<Response> {
    let origin = request.header("Origin")?;
    if is_preflight(request) {
        return Some(preflight(request, origin, trusted_origins));
    }
    let scheme = request
        .header("Authorization")
        .and_then(|v| v.split_whitespace().next())
        .unwrap_or_default();
    scheme.eq_ignore_ascii_case("SSWS").then(|| {
        OktaError::forbidden(
            "an API token (SSWS) is not accepted from a browser: use an OAuth 2.0 access token (Bearer) from a trusted origin",
        )
        .into_response(error_id)
    })
}

/// Adds the CORS headers to the org's answer when the request came from a trusted origin
/// with a Bearer token.
pub fn decorate(request: &Request, response: &mut Response, trusted_origins: &[String]) {
    let Some(origin) = request.header("Origin") else {
        return;
    };
    let bearer = request
        .header("Authorization")
        .and_then(|v| v.split_whitespace().next())
        .is_some_and(|s| s.eq_ignore_ascii_case("Bearer"));
    if bearer && is_trusted(origin, trusted_origins) {
        allow(response, origin);
        response.headers.push((
            "Access-Control-Expose-Headers".to_owned(),
            EXPOSE_HEADERS.to_owned(),
        ));
    }
}

fn preflight(request: &Request, origin: &str, trusted_origins: &[String]) -> Response {
    if !is_trusted(origin, trusted_origins) {
        // Untrusted: no CORS headers, so the browser stops here.
        return Response::new(403);
    }
    let mut response = Response::new(204);
    allow(&mut response, origin);
    let requested = request
        .header("Access-Control-Request-Headers")
        .unwrap_or("Authorization, Content-Type, Accept")
        .to_owned();
    let headers = [
        ("Access-Control-Allow-Methods", ALLOW_METHODS.to_owned()),
        ("Access-Control-Allow-Headers", requested),
        ("Access-Control-Max-Age", MAX_AGE_SECONDS.to_string()),
    ];
    for (name, value) in headers {
        response.headers.push((name.to_owned(), value));
    }
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
}

fn allow(response: &mut Response, origin: &str) {
    response
        .headers
        .push(("Access-Control-Allow-Origin".to_owned(), origin.to_owned()));
    response
        .headers
        .push(("Vary".to_owned(), "Origin".to_owned()));
}

/// Whether `origin` is on the list (scheme, host and port; a trailing `/` is ignored).
pub fn is_trusted(origin: &str, trusted_origins: &[String]) -> bool {
    let origin = origin.trim_end_matches('/');
    trusted_origins
        .iter()
        .any(|t| t.trim_end_matches('/').eq_ignore_ascii_case(origin))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trusted() -> Vec<String> {
        vec!["http://page.test:8080/".to_owned()]
    }

    #[test]
    fn bearer_from_a_trusted_origin_gets_cors_headers() {
        let request = Request::new("GET", "/api/v1/apps/x")
            .with_header("Origin", "http://page.test:8080")
            .with_header("Authorization", "Bearer t");
        assert!(intercept(&request, &trusted(), "oae1".into()).is_none());
        let mut response = Response::new(200);
        decorate(&request, &mut response, &trusted());
        assert_eq!(
            response.header("Access-Control-Allow-Origin"),
            Some("http://page.test:8080")
        );
    }

    #[test]
    fn ssws_from_a_browser_is_refused_without_cors_headers() {
        let request = Request::new("POST", "/api/v1/users")
            .with_header("Origin", "http://page.test:8080")
            .with_header("Authorization", "SSWS t");
        let refused = intercept(&request, &trusted(), "oae1".into()).unwrap_or_default();
        assert_eq!(refused.status, 403);
        assert!(refused.body.contains("E0000006"));
        let mut response = Response::new(200);
        decorate(&request, &mut response, &trusted());
        assert_eq!(response.header("Access-Control-Allow-Origin"), None);
    }

    #[test]
    fn preflights_from_untrusted_origins_get_no_cors_headers() {
        let preflight = |origin: &str| {
            let request = Request::new("OPTIONS", "/api/v1/users")
                .with_header("Origin", origin)
                .with_header("Access-Control-Request-Method", "POST")
                .with_header(
                    "Access-Control-Request-Headers",
                    "authorization,content-type",
                );
            intercept(&request, &trusted(), String::new()).unwrap_or_default()
        };
        let ok = preflight("http://page.test:8080");
        assert_eq!(
            (ok.status, ok.header("Access-Control-Allow-Headers")),
            (204, Some("authorization,content-type"))
        );
        let refused = preflight("http://evil.test");
        assert_eq!(
            (
                refused.status,
                refused.header("Access-Control-Allow-Origin")
            ),
            (403, None)
        );
    }

    #[test]
    fn requests_without_an_origin_are_left_alone() {
        let request = Request::new("GET", "/api/v1/apps/x").with_header("Authorization", "SSWS t");
        assert!(intercept(&request, &trusted(), String::new()).is_none());
    }
}
