//! An emulated Okta org: the parts of Okta's management API that Okta's SCIM CRUD suites
//! call (apps, users, lifecycle, app assignments, governance grants), and provisioning the
//! way Okta does it: each change is pushed to the SCIM server through SCIM requests, a
//! configurable delay later.
//!
//! The org never reads a clock and never touches the SCIM store: it queues pushes, and
//! [`OktaEmulation`] hands them to the SCIM server's own request handling when their time
//! has come. [`cors`] is the org's CORS, which the HTTP binary applies around it.

mod api;
pub mod cors;
mod emulation;
mod error;
mod model;
mod provision;

use crate::http::{Request, Response};
use crate::ids::IdGenerator;

pub use emulation::OktaEmulation;
pub use provision::PushRecord;

use model::{okta_id, Assignment, OrgUser};
use provision::Job;

/// How the org sends updates over SCIM. Okta's documents differ by kind of integration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UpdateMethod {
    /// Profile changes as GET then PUT of the whole user; activation and deactivation as
    /// PATCH. Okta's SCIM 2.0 reference says new OIN integrations do this.
    #[default]
    PutAndPatch,
    /// Everything as PATCH. Okta's SCIM FAQ says integrations from OIN catalog templates
    /// use PATCH for partial updates.
    Patch,
    /// Everything as GET then PUT, activation too: integrations made with the App
    /// Integration Wizard.
    Put,
}

impl std::str::FromStr for UpdateMethod {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "put-and-patch" => Ok(UpdateMethod::PutAndPatch),
            "patch" => Ok(UpdateMethod::Patch),
            "put" => Ok(UpdateMethod::Put),
            _ => Err(format!(
                "unknown update method {text:?}; use put-and-patch, patch or put"
            )),
        }
    }
}

/// How an [`OktaOrg`] starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgOptions {
    /// The API token, sent as `Authorization: SSWS <token>`.
    pub api_token: String,
    /// The OAuth 2.0 access token, sent as `Authorization: Bearer <token>`.
    pub access_token: String,
    /// The app instance's id; `None` draws one from `id_seed`.
    pub app_id: Option<String>,
    /// The app's label.
    pub app_label: String,
    /// The org's URL for `_links`, e.g. `https://okta.demo.invalid`; `None` builds it from
    /// the request's `Host`.
    pub public_url: Option<String>,
    /// How long after a change its push to the SCIM server happens, in milliseconds.
    pub provisioning_delay_ms: u64,
    /// PUT, PATCH or both for updates.
    pub updates: UpdateMethod,
    /// Seeds the org's ids.
    pub id_seed: u64,
}

impl Default for OrgOptions {
    fn default() -> Self {
        OrgOptions {
            api_token: "okta-api-token".to_owned(),
            access_token: "okta-access-token".to_owned(),
            app_id: None,
            app_label: "SCIM reference server".to_owned(),
            public_url: None,
            provisioning_delay_ms: 3_000,
            updates: UpdateMethod::PutAndPatch,
            id_seed: 0x0C7A_2024,
        }
    }
}

/// The org's state: users, the one SCIM app, its assignments, grants and queued pushes.
#[derive(Debug, Clone)]
pub struct OktaOrg {
    options: OrgOptions,
    ids: IdGenerator,
    app_id: String,
    created_ms: i64,
    users: Vec<OrgUser>,
    assignments: Vec<Assignment>,
    grants: usize,
    jobs: Vec<Job>,
    pushes: Vec<PushRecord>,
}

impl OktaOrg {
    /// An org with the app and no users, created at `now_ms`.
    pub fn new(options: OrgOptions, now_ms: i64) -> Self {
        let mut ids = IdGenerator::new(options.id_seed);
        let drawn = okta_id(&mut ids, "0oa");
        let app_id = options.app_id.clone().unwrap_or(drawn);
        OktaOrg {
            options,
            ids,
            app_id,
            created_ms: now_ms,
            users: Vec::new(),
            assignments: Vec::new(),
            grants: 0,
            jobs: Vec::new(),
            pushes: Vec::new(),
        }
    }

    /// Whether `path` is one of the org's: `/api/v1/...` or `/governance/api/v1/...`.
    pub fn is_org_path(path: &str) -> bool {
        ["/api/v1/", "/governance/api/v1/"]
            .iter()
            .any(|prefix| path.starts_with(prefix))
    }

    /// The options it runs with.
    pub fn options(&self) -> &OrgOptions {
        &self.options
    }

    /// The app instance's id (`oktaAppId`).
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// How many users the org holds.
    pub fn user_count(&self) -> usize {
        self.users.len()
    }

    /// Every push made so far, oldest first.
    pub fn pushes(&self) -> &[PushRecord] {
        &self.pushes
    }

    /// When the next queued push is due, if one is queued.
    pub fn next_push_due_ms(&self) -> Option<i64> {
        self.jobs.iter().map(|job| job.due_ms).min()
    }

    /// Answers one request to the org's API. Changes queue pushes; nothing reaches the
    /// SCIM server until [`OktaEmulation::advance`] runs them.
    pub fn handle(&mut self, request: &Request, now_ms: i64) -> Response {
        match api::respond(self, request, now_ms) {
            Ok(response) => response,
            Err(error) => {
                let error_id = okta_id(&mut self.ids, "oae");
                error.into_response(error_id)
            }
        }
    }

    /// Back to no users, assignments, grants or pushes; the app and options stay.
    pub fn reset(&mut self, now_ms: i64) {
        let app_id = self.app_id.clone();
        *self = OktaOrg::new(
            OrgOptions {
                app_id: Some(app_id),
                ..self.options.clone()
            },
            now_ms,
        );
    }

    fn queue(&mut self, user_id: &str, action: provision::Action, now_ms: i64) {
        let delay = i64::try_from(self.options.provisioning_delay_ms).unwrap_or(i64::MAX);
        self.jobs.push(Job {
            due_ms: now_ms.saturating_add(delay),
            user_id: user_id.to_owned(),
            action,
        });
    }
}
