//! Provisioning as Okta's SCIM 2.0 reference describes it, done with SCIM requests handed
//! to the SCIM server's own request handling (never its store):
//!
//! - assign: `GET /Users?filter=userName eq "..."&startIndex=1&count=100`; no match, a
//!   `POST /Users`; a match, the app profile sent to that user (and `active: true`);
//! - profile change: GET then PUT of the whole user (or a PATCH, see [`UpdateMethod`]);
//! - deactivation, unassignment, reactivation: `active` false or true, by PATCH
//!   (`{"op":"replace","value":{"active":false}}`) or by GET then PUT;
//! - a grant: the user's `entitlements` and `roles`.

use serde_json::{json, Map, Value};

use super::{OktaOrg, UpdateMethod};
use crate::http::{Request, Response};
use crate::server::ScimServer;

/// A push waiting for its time.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub due_ms: i64,
    pub user_id: String,
    pub action: Action,
}

/// What to push.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Action {
    Assign,
    UpdateProfile,
    SetActive(bool),
    Entitlements {
        entitlements: Vec<Value>,
        roles: Vec<Value>,
        additive: bool,
    },
}

/// One SCIM request the org sent, and the status it got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushRecord {
    /// When it was sent (Unix milliseconds): the time the push was due.
    pub at_ms: i64,
    /// `GET`, `POST`, `PUT` or `PATCH`.
    pub method: String,
    /// The path and query, e.g. `/scim/v2/Users/2819c223`.
    pub target: String,
    /// The SCIM server's status code.
    pub status: u16,
}

/// Runs every push due at `now_ms`, oldest first; returns what was sent.
pub(crate) fn run_due(org: &mut OktaOrg, scim: &mut ScimServer, now_ms: i64) -> Vec<PushRecord> {
    let mut sent = Vec::new();
    loop {
        let next = org
            .jobs
            .iter()
            .enumerate()
            .filter(|(_, job)| job.due_ms <= now_ms)
            .min_by_key(|(i, job)| (job.due_ms, *i))
            .map(|(i, _)| i);
        let Some(index) = next else { break };
        let job = org.jobs.remove(index);
        let mut client = ScimClient {
            scim,
            sent: Vec::new(),
            now_ms: job.due_ms,
        };
        let outcome = push(org, &mut client, &job);
        let finished = client.sent;
        if let Some(assignment) = org
            .assignments
            .iter_mut()
            .find(|a| a.user_id == job.user_id)
        {
            assignment.last_sync_ms = Some(job.due_ms);
            match outcome {
                Ok(external_id) => {
                    if let Some(id) = external_id {
                        assignment.external_id = Some(id);
                    }
                    assignment.sync_state = "SYNCHRONIZED";
                    assignment.status = if assignment.removed {
                        "INACTIVE"
                    } else {
                        "PROVISIONED"
                    };
                    assignment.sync_error = None;
                }
                Err(reason) => {
                    assignment.sync_state = "ERROR";
                    assignment.sync_error = Some(reason);
                }
            }
        }
        org.pushes.extend(finished.iter().cloned());
        sent.extend(finished);
    }
    sent
}

/// Sends SCIM requests as Okta's client, recording each.
struct ScimClient<'a> {
    scim: &'a mut ScimServer,
    sent: Vec<PushRecord>,
    now_ms: i64,
}

impl ScimClient<'_> {
    fn send(&mut self, method: &str, target: &str, body: Option<&Value>) -> (u16, Value) {
        let base = self.scim.options().base_path.clone();
        let token = self.scim.options().token.clone();
        let full = format!("{base}{target}");
        let mut request = Request::new(method, &full)
            .with_header("Authorization", format!("Bearer {token}"))
            .with_header("User-Agent", "Okta SCIM Client 1.0.0")
            .with_header("Accept", "application/scim+json");
        if let Some(body) = body {
            request = request
                .with_header("Content-Type", "application/scim+json; charset=utf-8")
                .with_body(body.to_string());
        }
        let response: Response = self.scim.handle(&request, self.now_ms);
        self.sent.push(PushRecord {
            at_ms: self.now_ms,
            method: method.to_owned(),
            target: full,
            status: response.status,
        });
        let json = serde_json::from_str(&response.body).unwrap_or(Value::Null);
        (response.status, json)
    }

    /// A request that must answer 2xx; otherwise the reason, for the assignment's sync error.
    fn expect(
        &mut self,
        method: &str,
        target: &str,
        body: Option<&Value>,
    ) -> Result<Value, String> {
        let (status, json) = self.send(method, target, body);
        if (200..300).contains(&status) {
            Ok(json)
        } else {
            Err(format!("{method} {target} answered {status}"))
        }
    }
}

/// Carries out one job; the SCIM id it learnt, if any.
fn push(org: &OktaOrg, client: &mut ScimClient<'_>, job: &Job) -> Result<Option<String>, String> {
    let Some(assignment) = org.assignments.iter().find(|a| a.user_id == job.user_id) else {
        return Ok(None);
    };
    let method = org.options.updates;
    let app = AppProfile {
        user_name: assignment.user_name.clone(),
        profile: assignment.profile.clone(),
        okta_id: assignment.user_id.clone(),
    };
    match &job.action {
        Action::Assign => assign(client, &app, method).map(Some),
        _ => {
            let Some(id) = assignment.external_id.clone() else {
                // Never provisioned (the assignment's own push failed): nothing to change.
                return Ok(None);
            };
            let target = format!("/Users/{id}");
            match &job.action {
                Action::UpdateProfile => update_profile(client, &target, &app, method),
                Action::SetActive(active) => set_active(client, &target, *active, method),
                Action::Entitlements {
                    entitlements,
                    roles,
                    additive,
                } => set_entitlements(client, &target, entitlements, roles, *additive, method),
                Action::Assign => Ok(()),
            }
            .map(|()| None)
        }
    }
}

/// What Okta knows of the user for this app.
struct AppProfile {
    user_name: String,
    profile: Map<String, Value>,
    okta_id: String,
}

impl AppProfile {
    fn text(&self, name: &str) -> String {
        self.profile
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    }

    /// The body of Okta's `POST /Users` (its SCIM reference's example).
    fn new_user(&self, password: &str) -> Value {
        let (given, family) = (self.text("givenName"), self.text("familyName"));
        json!({
            "schemas": [crate::USER_SCHEMA],
            "userName": self.user_name,
            "name": {"givenName": given, "familyName": family},
            "emails": [{"primary": true, "value": self.text("email"), "type": self.email_type()}],
            "displayName": format!("{given} {family}"),
            "locale": "en-US",
            "externalId": self.okta_id,
            "groups": [],
            "password": password,
            "active": true
        })
    }

    fn email_type(&self) -> String {
        match self.text("emailType") {
            t if t.is_empty() => "work".to_owned(),
            t => t,
        }
    }

    /// `user` (as the SCIM server returned it) with Okta's values written in.
    fn apply_to(&self, user: &Value) -> Value {
        let mut user = user.clone();
        let (given, family) = (self.text("givenName"), self.text("familyName"));
        user["userName"] = json!(self.user_name);
        if !user["name"].is_object() {
            user["name"] = json!({});
        }
        user["name"]["givenName"] = json!(given);
        user["name"]["familyName"] = json!(family);
        user["displayName"] = json!(format!("{given} {family}"));
        let email =
            json!({"primary": true, "value": self.text("email"), "type": self.email_type()});
        match user["emails"].as_array_mut() {
            Some(emails) if !emails.is_empty() => {
                let primary = emails
                    .iter()
                    .position(|e| e["primary"] == true)
                    .unwrap_or(0);
                emails[primary] = email;
            }
            _ => user["emails"] = json!([email]),
        }
        user
    }

    /// Okta's PATCH for a profile change: one replace of the mapped attributes.
    fn patch_ops(&self) -> Value {
        let (given, family) = (self.text("givenName"), self.text("familyName"));
        patch_op(json!({
            "userName": self.user_name,
            "name": {"givenName": given, "familyName": family},
            "displayName": format!("{given} {family}"),
            "emails": [{"primary": true, "value": self.text("email"), "type": self.email_type()}]
        }))
    }
}

fn patch_op(value: Value) -> Value {
    json!({
        "schemas": [crate::PATCH_SCHEMA],
        "Operations": [{"op": "replace", "value": value}]
    })
}

fn assign(
    client: &mut ScimClient<'_>,
    app: &AppProfile,
    method: UpdateMethod,
) -> Result<String, String> {
    let filter = format!(
        "/Users?filter=userName%20eq%20%22{}%22&startIndex=1&count=100",
        percent_encode(&app.user_name)
    );
    let (status, list) = client.send("GET", &filter, None);
    let found = match status {
        200 => list["Resources"]
            .as_array()
            .and_then(|r| r.first())
            .cloned(),
        404 => None,
        other => return Err(format!("GET {filter} answered {other}")),
    };
    let Some(user) = found else {
        let created = client.expect(
            "POST",
            "/Users",
            Some(&app.new_user(&password_for(&app.okta_id))),
        )?;
        return created["id"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| "POST /Users answered without an id".to_owned());
    };
    let id = user["id"].as_str().unwrap_or_default().to_owned();
    let target = format!("/Users/{id}");
    let inactive = user["active"] != true;
    match method {
        UpdateMethod::Put => {
            let mut body = app.apply_to(&user);
            body["active"] = json!(true);
            client.expect("PUT", &target, Some(&body))?;
        }
        UpdateMethod::PutAndPatch => {
            client.expect("PUT", &target, Some(&app.apply_to(&user)))?;
            if inactive {
                client.expect("PATCH", &target, Some(&patch_op(json!({"active": true}))))?;
            }
        }
        UpdateMethod::Patch => {
            let mut ops = app.patch_ops();
            ops["Operations"][0]["value"]["active"] = json!(true);
            client.expect("PATCH", &target, Some(&ops))?;
        }
    }
    Ok(id)
}

fn update_profile(
    client: &mut ScimClient<'_>,
    target: &str,
    app: &AppProfile,
    method: UpdateMethod,
) -> Result<(), String> {
    if method == UpdateMethod::Patch {
        return client
            .expect("PATCH", target, Some(&app.patch_ops()))
            .map(drop);
    }
    let user = client.expect("GET", target, None)?;
    client
        .expect("PUT", target, Some(&app.apply_to(&user)))
        .map(drop)
}

fn set_active(
    client: &mut ScimClient<'_>,
    target: &str,
    active: bool,
    method: UpdateMethod,
) -> Result<(), String> {
    if method == UpdateMethod::Put {
        let mut user = client.expect("GET", target, None)?;
        user["active"] = json!(active);
        return client.expect("PUT", target, Some(&user)).map(drop);
    }
    client
        .expect("PATCH", target, Some(&patch_op(json!({"active": active}))))
        .map(drop)
}

fn set_entitlements(
    client: &mut ScimClient<'_>,
    target: &str,
    entitlements: &[Value],
    roles: &[Value],
    additive: bool,
    method: UpdateMethod,
) -> Result<(), String> {
    let needs_read = additive || method == UpdateMethod::Put;
    let user = if needs_read {
        client.expect("GET", target, None)?
    } else {
        Value::Null
    };
    let merged = |name: &str, new: &[Value]| {
        let mut all: Vec<Value> = if additive {
            user[name].as_array().cloned().unwrap_or_default()
        } else {
            Vec::new()
        };
        for value in new {
            if !all.iter().any(|v| v["value"] == value["value"]) {
                all.push(value.clone());
            }
        }
        Value::Array(all)
    };
    let (entitlements, roles) = (merged("entitlements", entitlements), merged("roles", roles));
    if method == UpdateMethod::Put {
        let mut body = user;
        body["entitlements"] = entitlements;
        body["roles"] = roles;
        return client.expect("PUT", target, Some(&body)).map(drop);
    }
    let ops = patch_op(json!({"entitlements": entitlements, "roles": roles}));
    client.expect("PATCH", target, Some(&ops)).map(drop)
}

/// Okta sends a placeholder password on create (its reference says the value is not
/// meaningful); this one is derived from the Okta id so runs repeat.
fn password_for(okta_id: &str) -> String {
    let sum = okta_id.bytes().fold(7u32, |acc, b| {
        acc.wrapping_mul(31).wrapping_add(u32::from(b))
    });
    format!("p{sum:08x}")
}

/// Percent-encodes everything but unreserved characters, for a filter in a query.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
