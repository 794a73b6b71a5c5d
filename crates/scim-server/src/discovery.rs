//! The discovery endpoints (RFC 7644 section 4): `/ServiceProviderConfig`, `/ResourceTypes`
//! and `/Schemas`, describing what this server actually does.

use serde_json::{json, Map, Value};

use crate::{ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA};

/// The most resources one list response carries (`filter.maxResults`).
pub(crate) const MAX_RESULTS: usize = 200;

pub(crate) fn service_provider_config(base_url: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "documentationUri": "https://datatracker.ietf.org/doc/html/rfc7644",
        "patch": {"supported": true},
        "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": true, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": false},
        "sort": {"supported": false},
        "etag": {"supported": true},
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "Bearer token",
            "description": "A static token in the Authorization header, as `Bearer <token>` or the bare token",
            "specUri": "https://datatracker.ietf.org/doc/html/rfc6750",
            "primary": true
        }],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": format!("{base_url}/ServiceProviderConfig")
        }
    })
}

/// The User and Group resource types, then the entitlement and role types.
pub(crate) fn resource_types(base_url: &str) -> Vec<Value> {
    let resource_type =
        |id: &str, endpoint: &str, schema: &str, description: &str, extensions: Value| {
            json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
                "id": id,
                "name": id,
                "endpoint": endpoint,
                "description": description,
                "schema": schema,
                "schemaExtensions": extensions,
                "meta": {
                    "resourceType": "ResourceType",
                    "location": format!("{base_url}/ResourceTypes/{id}")
                }
            })
        };
    vec![
        resource_type(
            "User",
            "/Users",
            USER_SCHEMA,
            "User Account",
            json!([{"schema": ENTERPRISE_SCHEMA, "required": false}]),
        ),
        resource_type("Group", "/Groups", GROUP_SCHEMA, "Group", json!([])),
    ]
    .into_iter()
    .chain(crate::entitlements::resource_types(base_url))
    .collect()
}

/// The User, Group and Enterprise User schemas.
pub(crate) fn schemas(base_url: &str) -> Vec<Value> {
    let schema = |id: &str, name: &str, description: &str, attributes: Vec<Value>| {
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
            "id": id,
            "name": name,
            "description": description,
            "attributes": attributes,
            "meta": {
                "resourceType": "Schema",
                "location": format!("{base_url}/Schemas/{id}")
            }
        })
    };
    vec![
        schema(USER_SCHEMA, "User", "User Account", user_attributes()),
        schema(GROUP_SCHEMA, "Group", "Group", group_attributes()),
        schema(
            ENTERPRISE_SCHEMA,
            "EnterpriseUser",
            "Enterprise User",
            enterprise_attributes(),
        ),
    ]
    .into_iter()
    .chain(crate::entitlements::schemas(base_url))
    .collect()
}

/// One attribute definition, with RFC 7643's defaults (section 2.2).
struct Attr(Map<String, Value>);

fn attr(name: &str, kind: &str, description: &str) -> Attr {
    let mut map = Map::new();
    map.insert("name".to_owned(), json!(name));
    map.insert("type".to_owned(), json!(kind));
    map.insert("multiValued".to_owned(), json!(false));
    map.insert("description".to_owned(), json!(description));
    map.insert("required".to_owned(), json!(false));
    if matches!(kind, "string" | "reference" | "binary") {
        map.insert("caseExact".to_owned(), json!(false));
    }
    map.insert("mutability".to_owned(), json!("readWrite"));
    map.insert("returned".to_owned(), json!("default"));
    if kind != "complex" && kind != "boolean" {
        map.insert("uniqueness".to_owned(), json!("none"));
    }
    Attr(map)
}

impl Attr {
    fn set(mut self, key: &str, value: Value) -> Self {
        self.0.insert(key.to_owned(), value);
        self
    }
    fn required(self) -> Self {
        self.set("required", json!(true))
    }
    fn case_exact(self) -> Self {
        self.set("caseExact", json!(true))
    }
    fn multi(self) -> Self {
        self.set("multiValued", json!(true))
    }
    fn mutability(self, mutability: &str) -> Self {
        self.set("mutability", json!(mutability))
    }
    fn returned(self, returned: &str) -> Self {
        self.set("returned", json!(returned))
    }
    fn unique_on_server(self) -> Self {
        self.set("uniqueness", json!("server"))
    }
    fn canonical(self, values: &[&str]) -> Self {
        self.set("canonicalValues", json!(values))
    }
    fn references(self, types: &[&str]) -> Self {
        self.set("referenceTypes", json!(types))
    }
    fn subs(self, subs: Vec<Attr>) -> Self {
        let subs: Vec<Value> = subs.into_iter().map(Attr::build).collect();
        self.set("subAttributes", Value::Array(subs))
    }
    fn build(self) -> Value {
        Value::Object(self.0)
    }
}

/// `value`, `display`, `type` and `primary`: the sub-attributes of emails, phone numbers
/// and the like.
fn multi_valued_contact(name: &str, description: &str, types: &[&str]) -> Attr {
    attr(name, "complex", description).multi().subs(vec![
        attr("value", "string", description),
        attr(
            "display",
            "string",
            "A human-readable name, primarily used for display purposes",
        ),
        attr(
            "type",
            "string",
            "A label indicating the attribute's function",
        )
        .canonical(types),
        attr("primary", "boolean", "Whether this is the preferred value"),
    ])
}

fn user_attributes() -> Vec<Value> {
    vec![
        attr(
            "userName",
            "string",
            "Unique identifier for the User, compared ignoring case",
        )
        .required()
        .unique_on_server(),
        attr("name", "complex", "The components of the user's real name").subs(vec![
            attr("formatted", "string", "The full name"),
            attr("familyName", "string", "The family name"),
            attr("givenName", "string", "The given name"),
            attr("middleName", "string", "The middle name(s)"),
            attr("honorificPrefix", "string", "The honorific prefix(es)"),
            attr("honorificSuffix", "string", "The honorific suffix(es)"),
        ]),
        attr(
            "displayName",
            "string",
            "The name of the User, suitable for display",
        ),
        attr("nickName", "string", "The casual way to address the user"),
        attr(
            "profileUrl",
            "reference",
            "A URI to the user's online profile",
        )
        .references(&["external"]),
        attr("title", "string", "The user's title"),
        attr(
            "userType",
            "string",
            "The relationship between the organization and the user",
        ),
        attr(
            "preferredLanguage",
            "string",
            "The user's preferred written or spoken language",
        ),
        attr("locale", "string", "The user's default location"),
        attr("timezone", "string", "The user's time zone in IANA format"),
        attr("active", "boolean", "The user's administrative status"),
        attr(
            "password",
            "string",
            "The user's cleartext password; stored, never returned",
        )
        .mutability("writeOnly")
        .returned("never"),
        multi_valued_contact(
            "emails",
            "Email addresses for the user",
            &["work", "home", "other"],
        ),
        multi_valued_contact(
            "phoneNumbers",
            "Phone numbers for the user",
            &["work", "home", "mobile", "fax", "pager", "other"],
        ),
        attr(
            "groups",
            "complex",
            "The groups the user belongs to, computed from their members",
        )
        .multi()
        .mutability("readOnly")
        .subs(vec![
            attr("value", "string", "The id of the group")
                .case_exact()
                .mutability("readOnly"),
            attr("$ref", "reference", "The URI of the group")
                .references(&["Group"])
                .mutability("readOnly"),
            attr("display", "string", "The group's displayName").mutability("readOnly"),
            attr("type", "string", "How the membership came about")
                .canonical(&["direct", "indirect"])
                .mutability("readOnly"),
        ]),
    ]
    .into_iter()
    .map(Attr::build)
    .collect()
}

fn group_attributes() -> Vec<Value> {
    vec![
        attr(
            "displayName",
            "string",
            "A human-readable name for the Group",
        )
        .required(),
        attr("members", "complex", "A list of members of the Group")
            .multi()
            .subs(vec![
                attr("value", "string", "The id of a User or Group")
                    .case_exact()
                    .mutability("immutable"),
                attr("$ref", "reference", "The URI of the member")
                    .references(&["User", "Group"])
                    .mutability("immutable"),
                attr("display", "string", "A human-readable name of the member"),
                attr("type", "string", "The type of the member")
                    .canonical(&["User", "Group"])
                    .mutability("immutable"),
            ]),
    ]
    .into_iter()
    .map(Attr::build)
    .collect()
}

fn enterprise_attributes() -> Vec<Value> {
    vec![
        attr(
            "employeeNumber",
            "string",
            "A string identifier assigned by the organization",
        ),
        attr("costCenter", "string", "The name of a cost center"),
        attr("organization", "string", "The name of an organization"),
        attr("division", "string", "The name of a division"),
        attr("department", "string", "The name of a department"),
        attr("manager", "complex", "The user's manager").subs(vec![
            attr("value", "string", "The id of the manager's User").case_exact(),
            attr("$ref", "reference", "The URI of the manager's User").references(&["User"]),
            attr("displayName", "string", "The manager's displayName").mutability("readOnly"),
        ]),
    ]
    .into_iter()
    .map(Attr::build)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_name_is_required_unique_and_not_case_exact() {
        let schemas = schemas("http://h");
        let user_name = &schemas[0]["attributes"][0];
        assert_eq!(user_name["name"], "userName");
        assert_eq!(user_name["required"], true);
        assert_eq!(user_name["uniqueness"], "server");
        assert_eq!(user_name["caseExact"], false);
        assert_eq!(
            schemas[0]["meta"]["location"],
            format!("http://h/Schemas/{USER_SCHEMA}")
        );
    }

    #[test]
    fn config_says_what_is_supported() {
        let config = service_provider_config("");
        assert_eq!(config["patch"]["supported"], true);
        assert_eq!(config["bulk"]["supported"], false);
        assert_eq!(config["filter"]["maxResults"], MAX_RESULTS);
        assert_eq!(config["etag"]["supported"], true);
        assert_eq!(config["sort"]["supported"], false);
    }
}
