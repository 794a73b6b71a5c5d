//! The org's API: authentication, routing, and one function per operation.
//!
//! Shapes follow Okta's Users, Applications and Governance (grants) API references; where
//! those are silent the choice is noted at the function.

use serde_json::{json, Map, Value};

use super::error::OktaError;
use super::model::{app_json, okta_id, Assignment, OrgUser, UserStatus};
use super::provision::Action;
use super::OktaOrg;
use crate::entitlements;
use crate::http::{percent_decode, query_pairs, Request, Response};

type Reply = Result<Response, OktaError>;

pub(super) fn respond(org: &mut OktaOrg, request: &Request, now_ms: i64) -> Reply {
    authenticate(org, request)?;
    let org_url = org_url(org, request);
    let segments: Vec<String> = request
        .path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| percent_decode(s, false))
        .collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let method = request.method.to_ascii_uppercase();
    let query = query_pairs(&request.query);
    let flag = |name: &str, default: bool| {
        query
            .iter()
            .find(|(n, _)| n == name)
            .map_or(default, |(_, v)| !v.eq_ignore_ascii_case("false"))
    };
    match (segments.as_slice(), method.as_str()) {
        (["api", "v1", "apps", app], "GET") => {
            check_app(org, app)?;
            Ok(json_response(
                200,
                &app_json(
                    &org_url,
                    &org.app_id,
                    &org.options.app_label,
                    org.created_ms,
                ),
            ))
        }
        (["api", "v1", "apps", app, "users"], "GET") => {
            check_app(org, app)?;
            let list: Vec<Value> = org
                .assignments
                .iter()
                .filter(|a| !a.removed)
                .map(|a| a.to_json(&org_url, &org.app_id))
                .collect();
            Ok(json_response(200, &Value::Array(list)))
        }
        (["api", "v1", "apps", app, "users"], "POST") => {
            check_app(org, app)?;
            assign(org, &json_body(request)?, &org_url, now_ms)
        }
        (["api", "v1", "apps", app, "users", user], "GET") => {
            check_app(org, app)?;
            let assignment = active_assignment(org, user)?;
            Ok(json_response(
                200,
                &assignment.to_json(&org_url, &org.app_id),
            ))
        }
        (["api", "v1", "apps", app, "users", user], "DELETE") => {
            check_app(org, app)?;
            unassign(org, user, now_ms)
        }
        (["api", "v1", "users"], "POST") => create_user(
            org,
            &json_body(request)?,
            flag("activate", true),
            &org_url,
            now_ms,
        ),
        (["api", "v1", "users"], "GET") => {
            let list: Vec<Value> = org.users.iter().map(|u| u.to_json(&org_url)).collect();
            Ok(json_response(200, &Value::Array(list)))
        }
        (["api", "v1", "users", user], "GET") => {
            Ok(json_response(200, &find_user(org, user)?.to_json(&org_url)))
        }
        (["api", "v1", "users", user], "PUT") => {
            update_user(org, user, &json_body(request)?, true, &org_url, now_ms)
        }
        (["api", "v1", "users", user], "POST") => {
            update_user(org, user, &json_body(request)?, false, &org_url, now_ms)
        }
        (["api", "v1", "users", user, "lifecycle", "deactivate"], "POST") => {
            deactivate(org, user, now_ms)
        }
        (["api", "v1", "users", user, "lifecycle", "activate"], "POST") => {
            activate(org, user, flag("sendEmail", true), &org_url, now_ms)
        }
        (["governance", "api", "v1", "grants"], "POST") => {
            grant(org, &json_body(request)?, &org_url, now_ms)
        }
        (["api", "v1", "apps", _] | ["api", "v1", "users", _], _) => Err(
            OktaError::method_not_allowed("GET, PUT, POST, DELETE as documented"),
        ),
        _ => Err(OktaError::not_found(&request.path, "endpoint")),
    }
}

/// `SSWS <api token>` or `Bearer <access token>`; anything else is E0000011.
fn authenticate(org: &OktaOrg, request: &Request) -> Result<(), OktaError> {
    let Some(value) = request.header("Authorization").map(str::trim) else {
        return Err(OktaError::invalid_token(
            "send Authorization: SSWS <API token> or Bearer <access token>",
        ));
    };
    let (scheme, token) = value.split_once(' ').unwrap_or((value, ""));
    let token = token.trim();
    let valid = (scheme.eq_ignore_ascii_case("SSWS") && token == org.options.api_token)
        || (scheme.eq_ignore_ascii_case("Bearer") && token == org.options.access_token);
    if valid {
        Ok(())
    } else {
        Err(OktaError::invalid_token(
            "the token is not this org's API token (SSWS) or access token (Bearer)",
        ))
    }
}

fn org_url(org: &OktaOrg, request: &Request) -> String {
    if let Some(url) = &org.options.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    match request.header("Host") {
        Some(host) => {
            let scheme = request
                .header("X-Forwarded-Proto")
                .filter(|p| matches!(*p, "http" | "https"))
                .unwrap_or("http");
            format!("{scheme}://{host}")
        }
        None => String::new(),
    }
}

fn json_response(status: u16, body: &Value) -> Response {
    Response::new(status)
        .with_header("Content-Type", "application/json")
        .with_body(body.to_string())
}

fn json_body(request: &Request) -> Result<Map<String, Value>, OktaError> {
    if request.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(&request.body) {
        Ok(Value::Object(body)) => Ok(body),
        Ok(_) => Err(OktaError::malformed_body("the body must be a JSON object")),
        Err(e) => Err(OktaError::malformed_body(format!(
            "the body is not JSON: {e}"
        ))),
    }
}

fn check_app(org: &OktaOrg, app: &str) -> Result<(), OktaError> {
    if app == org.app_id {
        Ok(())
    } else {
        Err(OktaError::not_found(app, "Application"))
    }
}

fn find_user<'a>(org: &'a OktaOrg, id: &str) -> Result<&'a OrgUser, OktaError> {
    org.users
        .iter()
        .find(|u| u.id == id || u.login().eq_ignore_ascii_case(id))
        .ok_or_else(|| OktaError::not_found(id, "User"))
}

fn user_index(org: &OktaOrg, id: &str) -> Result<usize, OktaError> {
    org.users
        .iter()
        .position(|u| u.id == id || u.login().eq_ignore_ascii_case(id))
        .ok_or_else(|| OktaError::not_found(id, "User"))
}

fn active_assignment<'a>(org: &'a OktaOrg, user_id: &str) -> Result<&'a Assignment, OktaError> {
    org.assignments
        .iter()
        .find(|a| a.user_id == user_id && !a.removed)
        .ok_or_else(|| OktaError::not_found(user_id, "AppUser"))
}

/// The profile fields Okta requires on its default user type.
const REQUIRED_PROFILE: &[&str] = &["login", "email", "firstName", "lastName"];

/// Checks a profile for the required fields (Okta's "The field cannot be left blank") and
/// a login no other user has.
fn check_profile(
    org: &OktaOrg,
    profile: &Map<String, Value>,
    own_id: Option<&str>,
) -> Result<(), OktaError> {
    let blank: Vec<String> = REQUIRED_PROFILE
        .iter()
        .filter(|name| {
            profile
                .get(**name)
                .and_then(Value::as_str)
                .is_none_or(|v| v.trim().is_empty())
        })
        .map(|name| format!("{name}: The field cannot be left blank"))
        .collect();
    if !blank.is_empty() {
        return Err(OktaError::validation("profile", blank));
    }
    let login = profile
        .get("login")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let taken = org
        .users
        .iter()
        .any(|u| Some(u.id.as_str()) != own_id && u.login().eq_ignore_ascii_case(login));
    if taken {
        return Err(OktaError::validation(
            "login",
            vec![
                "login: An object with this field already exists in the current organization"
                    .to_owned(),
            ],
        ));
    }
    Ok(())
}

/// `POST /api/v1/users?activate=true`: with a password the user is ACTIVE at once,
/// without one PROVISIONED; `activate=false` leaves it STAGED.
fn create_user(
    org: &mut OktaOrg,
    body: &Map<String, Value>,
    activate: bool,
    org_url: &str,
    now_ms: i64,
) -> Reply {
    let profile = body
        .get("profile")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    check_profile(org, &profile, None)?;
    let credentials = body.get("credentials");
    let has_password = credentials
        .and_then(|c| c.pointer("/password/value"))
        .and_then(Value::as_str)
        .is_some_and(|p| !p.is_empty());
    let recovery_question = credentials
        .and_then(|c| c.pointer("/recovery_question/question"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let status = match (activate, has_password) {
        (false, _) => UserStatus::Staged,
        (true, true) => UserStatus::Active,
        (true, false) => UserStatus::Provisioned,
    };
    let user = OrgUser {
        id: okta_id(&mut org.ids, "00u"),
        status,
        profile,
        has_password,
        recovery_question,
        created_ms: now_ms,
        activated_ms: activate.then_some(now_ms),
        status_changed_ms: activate.then_some(now_ms),
        updated_ms: now_ms,
        password_changed_ms: has_password.then_some(now_ms),
    };
    let json = user.to_json(org_url);
    org.users.push(user);
    Ok(json_response(200, &json))
}

/// `PUT` replaces the profile, `POST` merges into it; either way the app's copy follows
/// (Okta's profile mappings: firstName, lastName, email, login) and is pushed.
fn update_user(
    org: &mut OktaOrg,
    id: &str,
    body: &Map<String, Value>,
    replace: bool,
    org_url: &str,
    now_ms: i64,
) -> Reply {
    let index = user_index(org, id)?;
    let sent = body
        .get("profile")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut profile = if replace {
        Map::new()
    } else {
        org.users[index].profile.clone()
    };
    profile.extend(sent);
    let own_id = org.users[index].id.clone();
    check_profile(org, &profile, Some(&own_id))?;
    let user = &mut org.users[index];
    user.profile = profile;
    user.updated_ms = now_ms;
    let json = user.to_json(org_url);
    let mapped = mapped_profile(&org.users[index]);
    let login = org.users[index].login().to_owned();
    let mut changed = false;
    for assignment in org
        .assignments
        .iter_mut()
        .filter(|a| a.user_id == own_id && !a.removed)
    {
        assignment.profile.extend(mapped.clone());
        assignment.user_name = login.clone();
        assignment.updated_ms = now_ms;
        changed = true;
    }
    if changed {
        org.queue(&own_id, Action::UpdateProfile, now_ms);
    }
    Ok(json_response(200, &json))
}

/// The app profile Okta's default mappings give a user.
fn mapped_profile(user: &OrgUser) -> Map<String, Value> {
    let field = |name: &str| user.profile.get(name).cloned().unwrap_or(Value::Null);
    let mut profile = Map::new();
    profile.insert("givenName".to_owned(), field("firstName"));
    profile.insert("familyName".to_owned(), field("lastName"));
    profile.insert("email".to_owned(), field("email"));
    profile
}

/// `POST .../lifecycle/deactivate`: DEPROVISIONED, and every app assignment removed (Okta
/// removes them on deactivation; its help says reactivation restores them), each pushed as
/// `active: false`. A second deactivation is refused (the reference says to deactivate only
/// users that are not DEPROVISIONED; the code it answers is not documented).
fn deactivate(org: &mut OktaOrg, id: &str, now_ms: i64) -> Reply {
    let index = user_index(org, id)?;
    if org.users[index].status == UserStatus::Deprovisioned {
        return Err(OktaError::wrong_status("the user is already deactivated"));
    }
    let user = &mut org.users[index];
    user.status = UserStatus::Deprovisioned;
    user.status_changed_ms = Some(now_ms);
    user.updated_ms = now_ms;
    let user_id = user.id.clone();
    let mut removed = false;
    for assignment in org
        .assignments
        .iter_mut()
        .filter(|a| a.user_id == user_id && !a.removed)
    {
        assignment.removed = true;
        assignment.removed_by_deactivation = true;
        assignment.status_changed_ms = now_ms;
        removed = true;
    }
    if removed {
        org.queue(&user_id, Action::SetActive(false), now_ms);
    }
    Ok(json_response(200, &json!({})))
}

/// `POST .../lifecycle/activate`: only for STAGED or DEPROVISIONED users (else E0000016).
/// Restores the assignments the deactivation removed, pushed as `active: true`. With
/// `sendEmail=false` the answer carries an activation URL and token, else it is `{}`.
fn activate(org: &mut OktaOrg, id: &str, send_email: bool, org_url: &str, now_ms: i64) -> Reply {
    let index = user_index(org, id)?;
    if !matches!(
        org.users[index].status,
        UserStatus::Staged | UserStatus::Deprovisioned
    ) {
        return Err(OktaError::already_active());
    }
    let token = okta_id(&mut org.ids, "");
    let user = &mut org.users[index];
    user.status = if user.has_password {
        UserStatus::Active
    } else {
        UserStatus::Provisioned
    };
    user.activated_ms = Some(now_ms);
    user.status_changed_ms = Some(now_ms);
    user.updated_ms = now_ms;
    let user_id = user.id.clone();
    let mut restored = false;
    for assignment in org
        .assignments
        .iter_mut()
        .filter(|a| a.user_id == user_id && a.removed_by_deactivation)
    {
        assignment.removed = false;
        assignment.removed_by_deactivation = false;
        assignment.status_changed_ms = now_ms;
        restored = true;
    }
    if restored {
        org.queue(&user_id, Action::SetActive(true), now_ms);
    }
    let body = if send_email {
        json!({})
    } else {
        json!({"activationUrl": format!("{org_url}/welcome/{token}"), "activationToken": token})
    };
    Ok(json_response(200, &body))
}

/// `POST /api/v1/apps/{appId}/users`: assigns the user (pushed: found by userName or
/// created), or updates an assignment it already has (pushed as a profile update). A
/// DEPROVISIONED user cannot be assigned (Okta's help; the error code is not documented,
/// E0000038 is the one for "not allowed in the user's current status").
fn assign(org: &mut OktaOrg, body: &Map<String, Value>, org_url: &str, now_ms: i64) -> Reply {
    let Some(id) = body
        .get("id")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
    else {
        return Err(OktaError::validation(
            "id",
            vec!["id: The field cannot be left blank".to_owned()],
        ));
    };
    let index = user_index(org, id)?;
    let user = &org.users[index];
    if user.status == UserStatus::Deprovisioned {
        return Err(OktaError::wrong_status(
            "a deactivated user cannot be assigned to an app",
        ));
    }
    let user_id = user.id.clone();
    let user_name = match body_text(body, "/credentials/userName") {
        name if name.is_empty() => user.login().to_owned(),
        name => name,
    };
    let mut profile = mapped_profile(user);
    if let Some(sent) = body.get("profile").and_then(Value::as_object) {
        profile.extend(sent.clone());
    }
    let scope = body
        .get("scope")
        .and_then(Value::as_str)
        .unwrap_or("USER")
        .to_owned();
    let existing = org.assignments.iter().position(|a| a.user_id == user_id);
    let action = match existing {
        Some(i) if !org.assignments[i].removed => {
            let assignment = &mut org.assignments[i];
            assignment.profile.extend(profile);
            assignment.user_name = user_name;
            assignment.scope = scope;
            assignment.updated_ms = now_ms;
            Action::UpdateProfile
        }
        Some(i) => {
            let assignment = &mut org.assignments[i];
            *assignment = new_assignment(&user_id, scope, user_name, profile, now_ms);
            Action::Assign
        }
        None => {
            org.assignments
                .push(new_assignment(&user_id, scope, user_name, profile, now_ms));
            Action::Assign
        }
    };
    org.queue(&user_id, action, now_ms);
    let assignment = active_assignment(org, &user_id)?;
    Ok(json_response(
        200,
        &assignment.to_json(org_url, &org.app_id),
    ))
}

fn new_assignment(
    user_id: &str,
    scope: String,
    user_name: String,
    profile: Map<String, Value>,
    now_ms: i64,
) -> Assignment {
    Assignment {
        user_id: user_id.to_owned(),
        scope,
        user_name,
        profile,
        external_id: None,
        removed: false,
        removed_by_deactivation: false,
        status: "STAGED",
        sync_state: "SYNCING",
        created_ms: now_ms,
        updated_ms: now_ms,
        status_changed_ms: now_ms,
        last_sync_ms: None,
        sync_error: None,
    }
}

/// `DELETE /api/v1/apps/{appId}/users/{userId}`: 204, pushed as `active: false`.
fn unassign(org: &mut OktaOrg, user: &str, now_ms: i64) -> Reply {
    let user_id = find_user(org, user)?.id.clone();
    let Some(assignment) = org
        .assignments
        .iter_mut()
        .find(|a| a.user_id == user_id && !a.removed)
    else {
        return Err(OktaError::not_found(&user_id, "AppUser"));
    };
    assignment.removed = true;
    assignment.removed_by_deactivation = false;
    assignment.status_changed_ms = now_ms;
    org.queue(&user_id, Action::SetActive(false), now_ms);
    Ok(Response::new(204))
}

/// `POST /governance/api/v1/grants`. Checked: `grantType` (Okta's four), `targetPrincipal`
/// (an `OKTA_USER` of this org) and, for the base types CUSTOM and POLICY, `target` (this
/// `APPLICATION`). A CUSTOM grant sets the user's entitlements in the app to those it
/// lists, an ENTITLEMENT grant adds them; either is pushed over SCIM as `entitlements` and
/// `roles`. The list is `entitlements: [{"id": <resource type>, "values": [{"id": <value>}]}]`
/// naming the SCIM server's catalog: Okta's own entitlement ids are not emulated. Okta's
/// reference does not say what a CUSTOM grant without entitlements grants; here, nothing.
fn grant(org: &mut OktaOrg, body: &Map<String, Value>, org_url: &str, now_ms: i64) -> Reply {
    let text = |pointer: &str| body_text(body, pointer);
    let grant_type = text("/grantType");
    if !["CUSTOM", "POLICY", "ENTITLEMENT", "ENTITLEMENT-BUNDLE"].contains(&grant_type.as_str()) {
        return Err(OktaError::validation(
            "grantType",
            vec![format!("grantType: {grant_type:?} is not one of CUSTOM, POLICY, ENTITLEMENT, ENTITLEMENT-BUNDLE")],
        ));
    }
    if text("/targetPrincipal/type") != "OKTA_USER" {
        return Err(OktaError::validation(
            "targetPrincipal",
            vec!["targetPrincipal.type: must be OKTA_USER".to_owned()],
        ));
    }
    let user_id = find_user(org, &text("/targetPrincipal/externalId"))?
        .id
        .clone();
    let base = matches!(grant_type.as_str(), "CUSTOM" | "POLICY");
    if base || body.get("target").is_some() {
        if text("/target/type") != "APPLICATION" {
            return Err(OktaError::validation(
                "target",
                vec!["target.type: must be APPLICATION".to_owned()],
            ));
        }
        check_app(org, &text("/target/externalId"))?;
    }
    let (granted, roles) = granted_values(body)?;
    if matches!(grant_type.as_str(), "CUSTOM" | "ENTITLEMENT") {
        let additive = grant_type == "ENTITLEMENT";
        org.queue(
            &user_id,
            Action::Entitlements {
                entitlements: granted,
                roles,
                additive,
            },
            now_ms,
        );
    }
    org.grants += 1;
    let id = okta_id(&mut org.ids, "gra");
    let mut response = body.clone();
    response.insert("id".to_owned(), json!(id));
    response.entry("action").or_insert(json!("ALLOW"));
    response.entry("actor").or_insert(json!("API"));
    response.insert("status".to_owned(), json!("ACTIVE"));
    response.insert("created".to_owned(), json!(crate::time::rfc3339(now_ms)));
    response.insert(
        "lastUpdated".to_owned(),
        json!(crate::time::rfc3339(now_ms)),
    );
    response.insert(
        "_links".to_owned(),
        json!({"self": {"href": format!("{org_url}/governance/api/v1/grants/{id}")}}),
    );
    Ok(json_response(200, &Value::Object(response)))
}

fn body_text(body: &Map<String, Value>, pointer: &str) -> String {
    Value::Object(body.clone())
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// The SCIM `entitlements` and `roles` values a grant names.
fn granted_values(body: &Map<String, Value>) -> Result<(Vec<Value>, Vec<Value>), OktaError> {
    let mut granted = Vec::new();
    let mut roles = Vec::new();
    for item in body
        .get("entitlements")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let type_id = item.get("id").and_then(Value::as_str).unwrap_or_default();
        let kind = entitlements::by_id(type_id).ok_or_else(|| {
            OktaError::validation(
                "entitlements",
                vec![format!("entitlements.id: no resource type {type_id:?}")],
            )
        })?;
        for value in item
            .get("values")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let value_id = value.get("id").and_then(Value::as_str).unwrap_or_default();
            let scim = kind.user_value(value_id).ok_or_else(|| {
                OktaError::validation(
                    "entitlements",
                    vec![format!(
                        "entitlements.values.id: {type_id} has no value {value_id:?}"
                    )],
                )
            })?;
            if kind.is_role() {
                roles.push(scim);
            } else {
                granted.push(scim);
            }
        }
    }
    Ok((granted, roles))
}
