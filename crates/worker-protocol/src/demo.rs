//! The workshop demo: two hosts under the reserved `.invalid` domain (so never real ones), a
//! SCIM server and an emulated Okta org that provisions it, answered by the demo worker. The
//! page knows the hosts, URLs and credentials without the worker (they fill the form); the
//! worker builds its server and org from the same values.
//!
//! ```
//! use worker_protocol::demo::{DemoAnswer, DemoCall};
//!
//! let call: DemoCall = serde_json::from_str(r#"{"call":"set_faults","faults":["slow=700"]}"#)?;
//! assert_eq!(call, DemoCall::SetFaults { faults: vec!["slow=700".into()] });
//! assert_eq!(serde_json::to_string(&DemoAnswer::Done)?, r#"{"answer":"done"}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::{Deserialize, Serialize};

/// The demo's SCIM server.
pub const DEMO_SCIM_HOST: &str = "scim.demo.invalid";
/// The demo's Okta org.
pub const DEMO_ORG_HOST: &str = "okta.demo.invalid";
/// Every host the demo answers.
pub const DEMO_HOSTS: &[&str] = &[DEMO_SCIM_HOST, DEMO_ORG_HOST];
/// The SCIM server's base URL (`SCIMBaseURL`, `SCIMUrl`).
pub const DEMO_BASE_URL: &str = "https://scim.demo.invalid/scim/v2";
/// The org's URL (`oktaOrgUrl`).
pub const DEMO_ORG_URL: &str = "https://okta.demo.invalid";
/// The SCIM server's bearer token.
pub const DEMO_TOKEN: &str = "demo-token";
/// The org's API token (`oktaToken`, sent as `SSWS …`).
pub const DEMO_ORG_API_TOKEN: &str = "demo-okta-api-token";
/// The org's OAuth access token (`oktaAccessToken`).
pub const DEMO_ORG_ACCESS_TOKEN: &str = "demo-okta-access-token";
/// The id of the org's app instance for the SCIM server (`oktaAppId`).
pub const DEMO_APP_ID: &str = "0oasBK0YhtEuc3zJ0KAg";
/// The app's label in the org.
pub const DEMO_APP_LABEL: &str = "Workshop demo SCIM server";
/// The delay the "slow" fault adds: past the 600 ms Okta's Groups step allows.
pub const DEMO_SLOW_MS: u32 = 700;
/// How long after a change in the org its push to the SCIM server happens: long enough
/// that a suite run without its pauses fails its checks, short enough that pauses capped
/// at the page's default (1 s) still cover it.
pub const DEMO_PROVISIONING_MS: u64 = 500;

/// The values Okta's CRUD suites need to reach the demo, as the reference server's
/// `OktaEmulation::crud_variables` names them: `oktaOrgUrl`, `oktaAppId`, `oktaToken`,
/// `SCIMUrl`, `SCIMAuth` and `oktaAccessToken` (the demo worker's tests hold the two equal).
pub fn crud_variables() -> Vec<(&'static str, String)> {
    vec![
        ("oktaOrgUrl", DEMO_ORG_URL.into()),
        ("oktaAppId", DEMO_APP_ID.into()),
        ("oktaToken", DEMO_ORG_API_TOKEN.into()),
        ("SCIMUrl", DEMO_BASE_URL.into()),
        ("SCIMAuth", format!("Bearer {DEMO_TOKEN}")),
        ("oktaAccessToken", DEMO_ORG_ACCESS_TOKEN.into()),
    ]
}

/// Which of the two a request is addressed to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DemoHost {
    /// [`DEMO_SCIM_HOST`].
    Scim,
    /// [`DEMO_ORG_HOST`].
    Org,
}

/// One request as it reaches a server: the browser's refused headers are already left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DemoRequest {
    /// The host it is addressed to.
    pub host: DemoHost,
    /// `GET`, `POST`, ….
    pub method: String,
    /// The whole URL; the worker reads its path and query.
    pub url: String,
    /// Header names and values in order.
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<String>,
}

/// What the page asks the demo worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "call", rename_all = "snake_case")]
pub enum DemoCall {
    /// Answer a request. Pushes the org owes by now are sent to the SCIM server first, so
    /// provisioning keeps its delay whatever the requests' timing.
    Request {
        /// The request.
        request: DemoRequest,
    },
    /// Turn these faults on (on the SCIM server), all others off; each as the command line
    /// writes it (`plain-errors`, `slow=700`).
    SetFaults {
        /// The faults.
        faults: Vec<String>,
    },
    /// Back to the seeded users and groups, the org empty, queued pushes dropped.
    Reset,
    /// Which faults are on.
    FaultNames,
}

/// The demo worker's answer to a [`DemoCall`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum DemoAnswer {
    /// The answer to [`DemoCall::Request`].
    Response {
        /// The status code.
        status: u16,
        /// Header names and values in order.
        headers: Vec<(String, String)>,
        /// The body.
        body: String,
        /// How long a real server would have taken (the `slow` fault): the page waits this
        /// long before handing the response on.
        delay_ms: u64,
    },
    /// Done ([`DemoCall::SetFaults`], [`DemoCall::Reset`]).
    Done,
    /// The faults that are on, as the command line writes them ([`DemoCall::FaultNames`]).
    Faults {
        /// The faults.
        faults: Vec<String>,
    },
    /// The call could not be done; a sentence for the tester.
    Failed {
        /// Why.
        reason: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_and_answers_round_trip() {
        let calls = [
            DemoCall::Request {
                request: DemoRequest {
                    host: DemoHost::Org,
                    method: "POST".into(),
                    url: format!("{DEMO_ORG_URL}/api/v1/users?activate=true"),
                    headers: vec![("Authorization".into(), "SSWS x".into())],
                    body: Some("{\"profile\":{}}".into()),
                },
            },
            DemoCall::SetFaults {
                faults: vec!["plain-errors".into(), "slow=700".into()],
            },
            DemoCall::Reset,
            DemoCall::FaultNames,
        ];
        for call in calls {
            let text = serde_json::to_string(&call).expect("a call serializes");
            assert_eq!(serde_json::from_str::<DemoCall>(&text).ok(), Some(call));
        }
        let answers = [
            DemoAnswer::Response {
                status: 201,
                headers: vec![("Content-Type".into(), "application/scim+json".into())],
                body: "{}".into(),
                delay_ms: 700,
            },
            DemoAnswer::Done,
            DemoAnswer::Faults { faults: vec![] },
            DemoAnswer::Failed {
                reason: "unknown fault".into(),
            },
        ];
        for answer in answers {
            let text = serde_json::to_string(&answer).expect("an answer serializes");
            assert_eq!(serde_json::from_str::<DemoAnswer>(&text).ok(), Some(answer));
        }
    }

    #[test]
    fn the_urls_are_on_the_demo_hosts() {
        assert!(DEMO_BASE_URL.starts_with(&format!("https://{DEMO_SCIM_HOST}/")));
        assert_eq!(DEMO_ORG_URL, format!("https://{DEMO_ORG_HOST}"));
        assert!(DEMO_HOSTS.iter().all(|h| h.ends_with(".invalid")));
    }
}
