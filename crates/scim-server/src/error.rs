//! SCIM errors (RFC 7644 section 3.12) and how they become responses.

use serde_json::json;

use crate::http::Response;

/// The schema URN of a SCIM error body.
pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

/// An error the server answers with: an HTTP status, an optional `scimType` keyword and a
/// sentence for the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScimError {
    pub status: u16,
    pub scim_type: Option<&'static str>,
    pub detail: String,
    /// Extra response headers (`WWW-Authenticate`, `Allow`).
    pub headers: Vec<(&'static str, String)>,
    /// A 404 for an id that names no resource (what the `empty-200-for-unknown` fault
    /// answers differently).
    pub unknown_resource: bool,
}

impl ScimError {
    fn new(status: u16, scim_type: Option<&'static str>, detail: impl Into<String>) -> Self {
        ScimError {
            status,
            scim_type,
            detail: detail.into(),
            headers: Vec::new(),
            unknown_resource: false,
        }
    }

    /// 404 for an id that names no `noun` ("user", "group").
    pub fn unknown_resource(noun: &str, id: &str) -> Self {
        let mut error = ScimError::not_found(format!("no {noun} with id {id:?}"));
        error.unknown_resource = true;
        error
    }

    pub fn unauthorized(detail: impl Into<String>) -> Self {
        let mut error = ScimError::new(401, None, detail);
        error.headers.push((
            "WWW-Authenticate",
            "Bearer realm=\"scim-server\"".to_owned(),
        ));
        error
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        ScimError::new(404, None, detail)
    }

    pub fn method_not_allowed(method: &str, allow: &'static str) -> Self {
        let mut error = ScimError::new(
            405,
            None,
            format!("method {method} is not allowed here; allowed: {allow}"),
        );
        error.headers.push(("Allow", allow.to_owned()));
        error
    }

    pub fn not_implemented(detail: impl Into<String>) -> Self {
        ScimError::new(501, None, detail)
    }

    pub fn invalid_syntax(detail: impl Into<String>) -> Self {
        ScimError::new(400, Some("invalidSyntax"), detail)
    }

    pub fn invalid_filter(detail: impl Into<String>) -> Self {
        ScimError::new(400, Some("invalidFilter"), detail)
    }

    pub fn invalid_value(detail: impl Into<String>) -> Self {
        ScimError::new(400, Some("invalidValue"), detail)
    }

    pub fn invalid_path(detail: impl Into<String>) -> Self {
        ScimError::new(400, Some("invalidPath"), detail)
    }

    pub fn no_target(detail: impl Into<String>) -> Self {
        ScimError::new(400, Some("noTarget"), detail)
    }

    pub fn mutability(detail: impl Into<String>) -> Self {
        ScimError::new(400, Some("mutability"), detail)
    }

    pub fn uniqueness(detail: impl Into<String>) -> Self {
        ScimError::new(409, Some("uniqueness"), detail)
    }

    pub fn precondition_failed(detail: impl Into<String>) -> Self {
        ScimError::new(412, None, detail)
    }

    pub fn payload_too_large(detail: impl Into<String>) -> Self {
        ScimError::new(413, None, detail)
    }

    /// The response: the SCIM error shape, or with `plain` (the `plain-errors` fault) a text
    /// body such as many hand-written servers send.
    pub fn into_response(self, plain: bool) -> Response {
        let mut response = if plain {
            Response::new(self.status)
                .with_header("Content-Type", "text/plain; charset=utf-8")
                .with_body(format!("{}: {}", reason(self.status), self.detail))
        } else {
            let mut body = json!({
                "schemas": [ERROR_SCHEMA],
                "status": self.status.to_string(),
                "detail": self.detail,
            });
            if let Some(scim_type) = self.scim_type {
                body["scimType"] = json!(scim_type);
            }
            Response::json(self.status, &body)
        };
        for (name, value) in self.headers {
            response = response.with_header(name, value);
        }
        response
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        501 => "Not Implemented",
        _ => "Error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scim_shape_has_schema_status_as_text_detail_and_type() {
        let response =
            ScimError::uniqueness("userName \"a\" is already taken").into_response(false);
        assert_eq!(response.status, 409);
        assert_eq!(
            response.header("Content-Type"),
            Some("application/scim+json")
        );
        let body: serde_json::Value =
            serde_json::from_str(&response.body).expect("error body is JSON");
        assert_eq!(
            body,
            json!({
                "schemas": [ERROR_SCHEMA],
                "status": "409",
                "scimType": "uniqueness",
                "detail": "userName \"a\" is already taken",
            })
        );
    }

    #[test]
    fn plain_errors_are_text_with_the_same_status() {
        let response = ScimError::not_found("no user with id \"x\"").into_response(true);
        assert_eq!(response.status, 404);
        assert_eq!(response.body, "Not Found: no user with id \"x\"");
        assert!(serde_json::from_str::<serde_json::Value>(&response.body).is_err());
    }

    #[test]
    fn unauthorized_asks_for_a_bearer_token() {
        let response = ScimError::unauthorized("no token").into_response(false);
        assert_eq!(
            response.header("WWW-Authenticate"),
            Some("Bearer realm=\"scim-server\"")
        );
    }
}
