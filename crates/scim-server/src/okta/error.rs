//! Okta's error shape (its "Core Okta API" reference): `errorCode`, `errorSummary`,
//! `errorLink` (the same as the code), `errorId` and `errorCauses`, with the codes and
//! summaries of Okta's error code list.

use serde_json::{json, Value};

use crate::http::Response;

/// One Okta API error, before it gets its `errorId`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OktaError {
    pub status: u16,
    pub code: &'static str,
    pub summary: String,
    pub causes: Vec<String>,
}

impl OktaError {
    fn new(status: u16, code: &'static str, summary: impl Into<String>) -> Self {
        OktaError {
            status,
            code,
            summary: summary.into(),
            causes: Vec::new(),
        }
    }

    fn with_cause(mut self, cause: impl Into<String>) -> Self {
        self.causes.push(cause.into());
        self
    }

    /// E0000001, 400: `Api validation failed: {what}`, one cause per problem.
    pub fn validation(what: &str, causes: Vec<String>) -> Self {
        let mut error = OktaError::new(400, "E0000001", format!("Api validation failed: {what}"));
        error.causes = causes;
        error
    }

    /// E0000003, 400: the body is not JSON.
    pub fn malformed_body(detail: impl Into<String>) -> Self {
        OktaError::new(400, "E0000003", "The request body was not well-formed.").with_cause(detail)
    }

    /// E0000007, 404: `Not found: Resource not found: {id} ({kind})`.
    pub fn not_found(id: &str, kind: &str) -> Self {
        OktaError::new(
            404,
            "E0000007",
            format!("Not found: Resource not found: {id} ({kind})"),
        )
    }

    /// E0000011, 401: no token, or not this org's.
    pub fn invalid_token(cause: impl Into<String>) -> Self {
        OktaError::new(401, "E0000011", "Invalid token provided").with_cause(cause)
    }

    /// E0000006, 403.
    pub fn forbidden(cause: impl Into<String>) -> Self {
        OktaError::new(
            403,
            "E0000006",
            "You do not have permission to perform the requested action",
        )
        .with_cause(cause)
    }

    /// E0000016, 403: activating an active user.
    pub fn already_active() -> Self {
        OktaError::new(
            403,
            "E0000016",
            "Activation failed because the user is already active",
        )
    }

    /// E0000038, 403: not allowed in the user's status.
    pub fn wrong_status(cause: impl Into<String>) -> Self {
        OktaError::new(
            403,
            "E0000038",
            "This operation is not allowed in the user's current status.",
        )
        .with_cause(cause)
    }

    /// E0000022, 405.
    pub fn method_not_allowed(allow: &'static str) -> Self {
        OktaError::new(
            405,
            "E0000022",
            "The endpoint does not support the provided HTTP method",
        )
        .with_cause(format!("allowed: {allow}"))
    }

    /// The response, with `error_id` as `errorId`.
    pub fn into_response(self, error_id: String) -> Response {
        let causes: Vec<Value> = self
            .causes
            .iter()
            .map(|c| json!({"errorSummary": c}))
            .collect();
        let body = json!({
            "errorCode": self.code,
            "errorSummary": self.summary,
            "errorLink": self.code,
            "errorId": error_id,
            "errorCauses": causes,
        });
        Response::new(self.status)
            .with_header("Content-Type", "application/json")
            .with_body(body.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_have_okta_s_shape() {
        let response = OktaError::not_found("00uX", "User").into_response("oaeABC".into());
        assert_eq!(response.status, 404);
        assert_eq!(response.header("Content-Type"), Some("application/json"));
        let body: Value = serde_json::from_str(&response.body).unwrap_or_default();
        assert_eq!(
            body,
            json!({
                "errorCode": "E0000007",
                "errorSummary": "Not found: Resource not found: 00uX (User)",
                "errorLink": "E0000007",
                "errorId": "oaeABC",
                "errorCauses": []
            })
        );
    }
}
