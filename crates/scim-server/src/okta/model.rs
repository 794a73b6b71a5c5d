//! The org's objects (users, the app, app assignments, grants) and their JSON as Okta's
//! Users, Applications and Governance APIs show them.

use serde_json::{json, Map, Value};

use crate::ids::IdGenerator;
use crate::time::rfc3339;

/// An Okta-style id: a three-character prefix (`00u` users, `0oa` apps, `gra` grants,
/// `oae` error ids) and 17 letters and digits, 20 characters in all.
pub(crate) fn okta_id(ids: &mut IdGenerator, prefix: &str) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut out = String::from(prefix);
    let mut bits = ids.next_u64();
    for i in 0..17 {
        if i == 10 {
            bits = ids.next_u64();
        }
        let index = usize::try_from(bits % 62).unwrap_or(0);
        out.push(char::from(ALPHABET.get(index).copied().unwrap_or(b'0')));
        bits /= 62;
    }
    out
}

/// A user's lifecycle status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UserStatus {
    Staged,
    Provisioned,
    Active,
    Deprovisioned,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Staged => "STAGED",
            UserStatus::Provisioned => "PROVISIONED",
            UserStatus::Active => "ACTIVE",
            UserStatus::Deprovisioned => "DEPROVISIONED",
        }
    }
}

/// An Okta user.
#[derive(Debug, Clone)]
pub(crate) struct OrgUser {
    pub id: String,
    pub status: UserStatus,
    pub profile: Map<String, Value>,
    pub has_password: bool,
    pub recovery_question: Option<String>,
    pub created_ms: i64,
    pub activated_ms: Option<i64>,
    pub status_changed_ms: Option<i64>,
    pub updated_ms: i64,
    pub password_changed_ms: Option<i64>,
}

impl OrgUser {
    pub fn login(&self) -> &str {
        self.profile
            .get("login")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    pub fn to_json(&self, org_url: &str) -> Value {
        let mut credentials = json!({"provider": {"type": "OKTA", "name": "OKTA"}});
        if self.has_password {
            credentials["password"] = json!({});
        }
        if let Some(question) = &self.recovery_question {
            credentials["recovery_question"] = json!({"question": question});
        }
        json!({
            "id": self.id,
            "status": self.status.as_str(),
            "created": rfc3339(self.created_ms),
            "activated": self.activated_ms.map(rfc3339),
            "statusChanged": self.status_changed_ms.map(rfc3339),
            "lastLogin": null,
            "lastUpdated": rfc3339(self.updated_ms),
            "passwordChanged": self.password_changed_ms.map(rfc3339),
            "type": {"id": "oty1emulatedusertype"},
            "profile": self.profile,
            "credentials": credentials,
            "_links": {"self": {"href": format!("{org_url}/api/v1/users/{}", self.id)}}
        })
    }
}

/// A user's assignment to the app, with the app-specific profile Okta pushes over SCIM.
#[derive(Debug, Clone)]
pub(crate) struct Assignment {
    pub user_id: String,
    pub scope: String,
    pub user_name: String,
    pub profile: Map<String, Value>,
    /// The SCIM id, once provisioning created or matched the user.
    pub external_id: Option<String>,
    /// Removed assignments are kept so that a later push can still name the SCIM user.
    pub removed: bool,
    /// Removed by the user's deactivation, so reactivation restores it.
    pub removed_by_deactivation: bool,
    pub status: &'static str,
    pub sync_state: &'static str,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub status_changed_ms: i64,
    pub last_sync_ms: Option<i64>,
    /// What the last push reported when it failed.
    pub sync_error: Option<String>,
}

impl Assignment {
    pub fn to_json(&self, org_url: &str, app_id: &str) -> Value {
        json!({
            "id": self.user_id,
            "externalId": self.external_id,
            "created": rfc3339(self.created_ms),
            "lastUpdated": rfc3339(self.updated_ms),
            "scope": self.scope,
            "status": self.status,
            "statusChanged": rfc3339(self.status_changed_ms),
            "passwordChanged": null,
            "syncState": self.sync_state,
            "lastSync": self.last_sync_ms.map(rfc3339),
            "credentials": {"userName": self.user_name},
            "profile": self.profile,
            "_links": {
                "app": {"href": format!("{org_url}/api/v1/apps/{app_id}")},
                "user": {"href": format!("{org_url}/api/v1/users/{}", self.user_id)}
            }
        })
    }
}

/// The app instance as `GET /api/v1/apps/{id}` shows it.
pub(crate) fn app_json(org_url: &str, app_id: &str, label: &str, created_ms: i64) -> Value {
    json!({
        "id": app_id,
        "name": "scim_reference_server",
        "label": label,
        "status": "ACTIVE",
        "created": rfc3339(created_ms),
        "lastUpdated": rfc3339(created_ms),
        "signOnMode": "BOOKMARK",
        "features": ["PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "PUSH_USER_DEACTIVATION", "REACTIVATE_USERS"],
        "accessibility": {"selfService": false, "errorRedirectUrl": null, "loginRedirectUrl": null},
        "visibility": {"autoSubmitToolbar": false, "hide": {"iOS": false, "web": false}},
        "credentials": {"userNameTemplate": {"template": "${source.login}", "type": "BUILT_IN"}},
        "_links": {
            "self": {"href": format!("{org_url}/api/v1/apps/{app_id}")},
            "users": {"href": format!("{org_url}/api/v1/apps/{app_id}/users")}
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_look_like_okta_s() {
        let mut ids = IdGenerator::new(7);
        let id = okta_id(&mut ids, "00u");
        assert_eq!(id.len(), 20);
        assert!(id.starts_with("00u") && id.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(id, okta_id(&mut ids, "00u"));
    }
}
