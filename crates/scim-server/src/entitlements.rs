//! Okta's entitlement model for SCIM (its guide "Build a SCIM 2.0 server with entitlements"):
//! resource types whose schema is `urn:okta:scim:schemas:core:1.0:Entitlement` or
//! `urn:okta:scim:schemas:core:1.0:Role`, listed by `/ResourceTypes`, each with a read-only
//! list endpoint (`/Entitlements`, `/Licenses`, `/Roles`), and users that carry
//! `entitlements` and `roles`.
//!
//! The values are a fixed catalog: Okta reads them, it never writes them.

use serde_json::{json, Map, Value};

use crate::error::ScimError;
use crate::filter::{self, EvalOptions};
use crate::list::{list_response, ListQuery};

/// Okta's entitlement schema URN.
pub const ENTITLEMENT_SCHEMA: &str = "urn:okta:scim:schemas:core:1.0:Entitlement";
/// Okta's role schema URN.
pub const ROLE_SCHEMA: &str = "urn:okta:scim:schemas:core:1.0:Role";

/// One resource type of the catalog and its values (`id`, `displayName`, `description`).
pub(crate) struct EntitlementType {
    pub id: &'static str,
    pub endpoint: &'static str,
    pub schema: &'static str,
    pub description: &'static str,
    pub values: &'static [(&'static str, &'static str, &'static str)],
}

impl EntitlementType {
    /// Whether values of this type go in a user's `roles` (else `entitlements`).
    pub fn is_role(&self) -> bool {
        self.schema == ROLE_SCHEMA
    }

    /// One value as a SCIM resource.
    fn resource(&self, value: &(&str, &str, &str), base_url: &str) -> Map<String, Value> {
        let (id, display_name, description) = *value;
        let mut resource = json!({
            "schemas": [self.schema],
            "id": id,
            "displayName": display_name,
            "description": description,
            "meta": {
                "resourceType": self.id,
                "location": format!("{base_url}{}/{id}", self.endpoint)
            }
        });
        if !self.is_role() {
            resource["type"] = json!(self.id);
        }
        resource.as_object().cloned().unwrap_or_default()
    }

    /// How a user carries one value: `{value, display}` plus `type` for entitlements.
    pub fn user_value(&self, id: &str) -> Option<Value> {
        let (id, display, _) = self.values.iter().find(|(v, _, _)| *v == id)?;
        Some(if self.is_role() {
            json!({"value": id, "display": display})
        } else {
            json!({"value": id, "display": display, "type": self.id})
        })
    }
}

/// The catalog: two entitlement types and one role type, as in Okta's guide.
pub(crate) const TYPES: &[EntitlementType] = &[
    EntitlementType {
        id: "Entitlement",
        endpoint: "/Entitlements",
        schema: ENTITLEMENT_SCHEMA,
        description: "Permissions in the app",
        values: &[
            ("ent-read", "Read reports", "May read every report"),
            (
                "ent-write",
                "Write reports",
                "May create and change reports",
            ),
            ("ent-export", "Export data", "May export data as CSV"),
        ],
    },
    EntitlementType {
        id: "License",
        endpoint: "/Licenses",
        schema: ENTITLEMENT_SCHEMA,
        description: "Paid seats in the app",
        values: &[
            ("lic-standard", "Standard license", "The standard seat"),
            (
                "lic-pro",
                "Professional license",
                "The seat with every feature",
            ),
        ],
    },
    EntitlementType {
        id: "Role",
        endpoint: "/Roles",
        schema: ROLE_SCHEMA,
        description: "Roles in the app",
        values: &[
            (
                "role-admin",
                "Administrator",
                "Manages the app's settings and users",
            ),
            ("role-member", "Member", "Uses the app"),
            ("role-auditor", "Auditor", "Reads the audit trail"),
        ],
    },
];

/// The type whose endpoint is `/segment` (case-insensitive).
pub(crate) fn by_endpoint(segment: &str) -> Option<&'static EntitlementType> {
    TYPES
        .iter()
        .find(|t| t.endpoint[1..].eq_ignore_ascii_case(segment))
}

/// The type with this `id` (case-insensitive).
pub(crate) fn by_id(id: &str) -> Option<&'static EntitlementType> {
    TYPES.iter().find(|t| t.id.eq_ignore_ascii_case(id))
}

/// The catalog's entries in `/ResourceTypes`.
pub(crate) fn resource_types(base_url: &str) -> Vec<Value> {
    TYPES
        .iter()
        .map(|t| {
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
                "id": t.id,
                "name": t.id,
                "endpoint": t.endpoint,
                "description": t.description,
                "schema": t.schema,
                "meta": {
                    "resourceType": "ResourceType",
                    "location": format!("{base_url}/ResourceTypes/{}", t.id)
                }
            })
        })
        .collect()
}

/// The Entitlement and Role schemas in `/Schemas` (Okta knows them, but a client may ask).
pub(crate) fn schemas(base_url: &str) -> Vec<Value> {
    let attribute = |name: &str, description: &str, required: bool| {
        json!({
            "name": name, "type": "string", "multiValued": false, "description": description,
            "required": required, "caseExact": false, "mutability": "readOnly",
            "returned": "default", "uniqueness": "none"
        })
    };
    let schema = |id: &str, name: &str, attributes: Vec<Value>| {
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
            "id": id,
            "name": name,
            "description": format!("Okta's {name} schema"),
            "attributes": attributes,
            "meta": {"resourceType": "Schema", "location": format!("{base_url}/Schemas/{id}")}
        })
    };
    vec![
        schema(
            ENTITLEMENT_SCHEMA,
            "Entitlement",
            vec![
                attribute("displayName", "The name shown for the entitlement", true),
                attribute("type", "The resource type the entitlement belongs to", true),
                attribute("description", "What the entitlement grants", false),
            ],
        ),
        schema(
            ROLE_SCHEMA,
            "Role",
            vec![
                attribute("displayName", "The name shown for the role", true),
                attribute("description", "What the role may do", false),
            ],
        ),
    ]
}

/// `GET /{endpoint}` (a ListResponse, with `filter`, paging and projection) and
/// `GET /{endpoint}/{id}`; `None` when `segments` name no catalog endpoint.
pub(crate) fn respond(
    segments: &[&str],
    method: &str,
    query: &str,
    base_url: &str,
    wrong_list_schema: bool,
) -> Option<Result<Value, ScimError>> {
    let (endpoint, rest) = segments.split_first()?;
    let kind = by_endpoint(endpoint)?;
    if method != "GET" {
        return Some(Err(ScimError::method_not_allowed(method, "GET")));
    }
    Some(match rest {
        [] => list(kind, query, base_url, wrong_list_schema),
        [id] => kind
            .values
            .iter()
            .find(|(v, _, _)| v == id)
            .map(|value| Value::Object(kind.resource(value, base_url)))
            .ok_or_else(|| ScimError::not_found(format!("no {} with id {id:?}", kind.id))),
        _ => Err(ScimError::not_found(format!(
            "no SCIM endpoint at {}",
            segments.join("/")
        ))),
    })
}

fn list(
    kind: &EntitlementType,
    query: &str,
    base_url: &str,
    wrong_list_schema: bool,
) -> Result<Value, ScimError> {
    let query = ListQuery::parse(query)?;
    let matching: Vec<Map<String, Value>> = kind
        .values
        .iter()
        .map(|value| kind.resource(value, base_url))
        .filter(|resource| {
            query
                .filter
                .as_ref()
                .is_none_or(|f| filter::matches(f, resource, EvalOptions::default()))
        })
        .collect();
    let total = matching.len();
    let page: Vec<Value> = matching
        .into_iter()
        .skip(query.start_index - 1)
        .take(query.count)
        .map(|resource| Value::Object(query.projection.apply(resource)))
        .collect();
    Ok(list_response(
        total,
        query.start_index,
        page,
        wrong_list_schema,
    ))
}

/// The entitlements and roles of the `index`-th seeded user: a few of each, varied.
pub(crate) fn seed_user(index: usize, attrs: &mut Map<String, Value>) {
    let pick = |type_id: &str, offset: usize| {
        let kind = by_id(type_id)?;
        let (id, _, _) = kind.values.get((index + offset) % kind.values.len())?;
        kind.user_value(id)
    };
    let entitlements: Vec<Value> = [pick("Entitlement", 0), pick("License", 1)]
        .into_iter()
        .flatten()
        .collect();
    let roles: Vec<Value> = pick("Role", 0).into_iter().collect();
    attrs.insert("entitlements".to_owned(), Value::Array(entitlements));
    attrs.insert("roles".to_owned(), Value::Array(roles));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_page_and_filter() {
        let page = respond(
            &["Roles"],
            "GET",
            "count=1&startIndex=2",
            "https://x/scim/v2",
            false,
        )
        .and_then(Result::ok)
        .unwrap_or_default();
        assert_eq!(
            (
                page["totalResults"].clone(),
                page["itemsPerPage"].clone(),
                page["startIndex"].clone()
            ),
            (json!(3), json!(1), json!(2))
        );
        assert_eq!(page["Resources"][0]["id"], "role-member");
        assert_eq!(page["Resources"][0]["schemas"], json!([ROLE_SCHEMA]));
        let filtered = respond(
            &["licenses"],
            "GET",
            "filter=displayName sw \"pro\"",
            "",
            false,
        )
        .and_then(Result::ok)
        .unwrap_or_default();
        assert_eq!(filtered["Resources"][0]["id"], "lic-pro");
        assert_eq!(filtered["Resources"][0]["type"], "License");
    }

    #[test]
    fn gets_one_and_refuses_writes() {
        let one = respond(&["Entitlements", "ent-read"], "GET", "", "https://x", false)
            .and_then(Result::ok)
            .unwrap_or_default();
        assert_eq!(one["meta"]["location"], "https://x/Entitlements/ent-read");
        let missing = respond(&["Entitlements", "nope"], "GET", "", "", false);
        assert!(matches!(missing, Some(Err(e)) if e.status == 404));
        let post = respond(&["Roles"], "POST", "", "", false);
        assert!(matches!(post, Some(Err(e)) if e.status == 405));
        assert!(respond(&["Users"], "GET", "", "", false).is_none());
    }

    #[test]
    fn seeded_users_carry_entitlements_and_roles() {
        let mut attrs = Map::new();
        seed_user(1, &mut attrs);
        assert_eq!(
            Value::Object(attrs),
            json!({
                "entitlements": [
                    {"value": "ent-write", "display": "Write reports", "type": "Entitlement"},
                    {"value": "lic-standard", "display": "Standard license", "type": "License"}
                ],
                "roles": [{"value": "role-member", "display": "Member"}]
            })
        );
    }
}
