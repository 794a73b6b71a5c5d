//! One object that answers both hosts of a CRUD run: the SCIM server and the Okta org
//! that provisions it.

use super::provision::{self, PushRecord};
use super::{OktaOrg, OrgOptions};
use crate::http::{Request, Response};
use crate::server::{ScimServer, ServerOptions};

/// A SCIM server and an emulated Okta org provisioning it. Like [`ScimServer`] it never
/// reads a clock: each call takes the time, and pushes whose delay has passed by then are
/// sent (through the SCIM server's request handling) before the request is answered.
///
/// # Example
/// ```
/// use scim_server::{OktaEmulation, OrgOptions, Request, ServerOptions};
///
/// let t0 = 1_700_000_000_000;
/// let mut world = OktaEmulation::new(
///     ServerOptions::default(),
///     OrgOptions { provisioning_delay_ms: 1_000, ..OrgOptions::default() },
///     t0,
/// );
/// let ssws = "SSWS okta-api-token";
/// let created = world.handle(
///     &Request::new("POST", "/api/v1/users?activate=true")
///         .with_header("Authorization", ssws)
///         .with_body(r#"{"profile":{"login":"ada@example.com","email":"ada@example.com","firstName":"Ada","lastName":"Lovelace"}}"#),
///     t0,
/// );
/// let user: serde_json::Value = serde_json::from_str(&created.body).unwrap_or_default();
/// let assign = Request::new("POST", &format!("/api/v1/apps/{}/users", world.org().app_id()))
///     .with_header("Authorization", ssws)
///     .with_body(format!(r#"{{"id":"{}","scope":"USER"}}"#, user["id"].as_str().unwrap_or_default()));
/// assert_eq!(world.handle(&assign, t0).status, 200);
///
/// let find = Request::new("GET", "/scim/v2/Users?filter=userName%20eq%20%22ada@example.com%22")
///     .with_header("Authorization", "Bearer secret-token");
/// assert!(world.handle(&find, t0 + 999).body.contains(r#""totalResults":0"#));
/// assert!(world.handle(&find, t0 + 1_000).body.contains(r#""totalResults":1"#));
/// ```
#[derive(Debug, Clone)]
pub struct OktaEmulation {
    scim: ScimServer,
    org: OktaOrg,
}

impl OktaEmulation {
    /// Both, seeded, at `now_ms`.
    pub fn new(scim: ServerOptions, org: OrgOptions, now_ms: i64) -> Self {
        OktaEmulation {
            scim: ScimServer::new(scim, now_ms),
            org: OktaOrg::new(org, now_ms),
        }
    }

    /// Sends the pushes due by `now_ms`, then answers `request`: the org's paths
    /// ([`OktaOrg::is_org_path`]) go to the org, every other path to the SCIM server.
    pub fn handle(&mut self, request: &Request, now_ms: i64) -> Response {
        if OktaOrg::is_org_path(&request.path) {
            self.handle_org(request, now_ms)
        } else {
            self.handle_scim(request, now_ms)
        }
    }

    /// Sends the pushes due by `now_ms`, then answers `request` as the org.
    pub fn handle_org(&mut self, request: &Request, now_ms: i64) -> Response {
        self.advance(now_ms);
        self.org.handle(request, now_ms)
    }

    /// Sends the pushes due by `now_ms`, then answers `request` as the SCIM server.
    pub fn handle_scim(&mut self, request: &Request, now_ms: i64) -> Response {
        self.advance(now_ms);
        self.scim.handle(request, now_ms)
    }

    /// Sends every push due by `now_ms` and returns them (a host with a timer calls this
    /// at [`next_push_due_ms`](Self::next_push_due_ms) to push on time).
    pub fn advance(&mut self, now_ms: i64) -> Vec<PushRecord> {
        provision::run_due(&mut self.org, &mut self.scim, now_ms)
    }

    /// When the next push is due, if one is queued.
    pub fn next_push_due_ms(&self) -> Option<i64> {
        self.org.next_push_due_ms()
    }

    /// The SCIM server.
    pub fn scim(&self) -> &ScimServer {
        &self.scim
    }

    /// The SCIM server, to toggle faults or reset it.
    pub fn scim_mut(&mut self) -> &mut ScimServer {
        &mut self.scim
    }

    /// The org.
    pub fn org(&self) -> &OktaOrg {
        &self.org
    }

    /// The org, e.g. to reset it.
    pub fn org_mut(&mut self) -> &mut OktaOrg {
        &mut self.org
    }

    /// Both back to their seed; queued pushes are dropped.
    pub fn reset(&mut self, now_ms: i64) {
        self.scim.reset(now_ms);
        self.org.reset(now_ms);
    }

    /// The initial variables of Okta's CRUD suites, given the URLs the two are reached
    /// at: `oktaOrgUrl`, `oktaAppId`, `oktaToken`, `SCIMUrl`, `SCIMAuth`, and
    /// `oktaAccessToken` (for the Bearer route a browser must take).
    pub fn crud_variables(&self, org_url: &str, scim_url: &str) -> Vec<(&'static str, String)> {
        let org = self.org.options();
        vec![
            ("oktaOrgUrl", org_url.trim_end_matches('/').to_owned()),
            ("oktaAppId", self.org.app_id().to_owned()),
            ("oktaToken", org.api_token.clone()),
            ("SCIMUrl", scim_url.trim_end_matches('/').to_owned()),
            ("SCIMAuth", format!("Bearer {}", self.scim.options().token)),
            ("oktaAccessToken", org.access_token.clone()),
        ]
    }
}
