//! The in-memory resources, their seed, and how they render as SCIM JSON.

use serde_json::{json, Map, Value};

use crate::filter::get_ci;
use crate::ids::IdGenerator;
use crate::time::rfc3339;

/// The two resource types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    User,
    Group,
}

impl Kind {
    /// The endpoint's last path segment.
    pub fn endpoint(self) -> &'static str {
        match self {
            Kind::User => "Users",
            Kind::Group => "Groups",
        }
    }

    /// The `meta.resourceType` and ResourceType id.
    pub fn name(self) -> &'static str {
        match self {
            Kind::User => "User",
            Kind::Group => "Group",
        }
    }

    pub fn schema(self) -> &'static str {
        match self {
            Kind::User => crate::USER_SCHEMA,
            Kind::Group => crate::GROUP_SCHEMA,
        }
    }

    /// Lowercase, for messages.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::User => "user",
            Kind::Group => "group",
        }
    }
}

/// One stored user or group: the attributes as the client sent them (without `id` and
/// `meta`, which the server owns) plus the server's bookkeeping.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Resource {
    pub id: String,
    pub attrs: Map<String, Value>,
    pub created_ms: i64,
    pub modified_ms: i64,
    pub version: u64,
}

impl Resource {
    /// The `ETag` and `meta.version`: a weak tag on the version counter.
    pub fn etag(&self) -> String {
        format!("W/\"{}\"", self.version)
    }

    /// Records a change at `now_ms`.
    pub fn touch(&mut self, now_ms: i64) {
        self.version += 1;
        self.modified_ms = now_ms.max(self.created_ms);
    }
}

/// Every user and group, in creation order.
#[derive(Debug, Clone)]
pub(crate) struct Store {
    pub users: Vec<Resource>,
    pub groups: Vec<Resource>,
    ids: IdGenerator,
}

const GIVEN_NAMES: [&str; 12] = [
    "Barbara", "Mark", "Ana", "Kenji", "Fatima", "Lars", "Priya", "Diego", "Chloe", "Tomasz",
    "Amara", "Yuki",
];
const FAMILY_NAMES: [&str; 12] = [
    "Jensen", "Chen", "Silva", "Tanaka", "Haddad", "Nilsson", "Raman", "Lopez", "Martin",
    "Kowalski", "Okafor", "Sato",
];
const GROUP_NAMES: [&str; 8] = [
    "Engineering",
    "Sales",
    "Support",
    "Marketing",
    "Finance",
    "Operations",
    "Legal",
    "Design",
];

impl Store {
    /// `users` users and `groups` groups, every user a member of one group (round robin),
    /// every fifth user inactive. Ids come from a generator seeded with `id_seed`.
    pub fn seeded(users: usize, groups: usize, id_seed: u64, now_ms: i64) -> Store {
        let mut store = Store {
            users: Vec::with_capacity(users),
            groups: Vec::with_capacity(groups),
            ids: IdGenerator::new(id_seed),
        };
        let group_names: Vec<String> = (0..groups)
            .map(|g| match GROUP_NAMES.get(g) {
                Some(name) => (*name).to_owned(),
                None => format!("Group {}", g + 1),
            })
            .collect();
        for i in 0..users {
            let given = GIVEN_NAMES[i % GIVEN_NAMES.len()];
            let family = FAMILY_NAMES[(i + i / GIVEN_NAMES.len()) % FAMILY_NAMES.len()];
            let suffix = match i / GIVEN_NAMES.len() {
                0 => String::new(),
                n => n.to_string(),
            };
            let user_name = format!("{given}.{family}{suffix}@example.com").to_lowercase();
            let mut attrs = object(json!({
                "schemas": [crate::USER_SCHEMA],
                "userName": user_name,
                "name": {
                    "givenName": given,
                    "familyName": family,
                    "formatted": format!("{given} {family}"),
                },
                "displayName": format!("{given} {family}"),
                "emails": [{"value": user_name, "type": "work", "primary": true}],
                "active": i % 5 != 4,
            }));
            if let Some(department) = group_names.get(i % groups.max(1)) {
                attrs["schemas"] = json!([crate::USER_SCHEMA, crate::ENTERPRISE_SCHEMA]);
                attrs.insert(
                    crate::ENTERPRISE_SCHEMA.to_owned(),
                    json!({"department": department}),
                );
            }
            crate::entitlements::seed_user(i, &mut attrs);
            store.insert(Kind::User, attrs, now_ms);
        }
        for (g, name) in group_names.iter().enumerate() {
            let members: Vec<Value> = store
                .users
                .iter()
                .enumerate()
                .filter(|(i, _)| i % groups == g)
                .map(|(_, user)| {
                    json!({"value": user.id, "display": user.attrs["displayName"], "type": "User"})
                })
                .collect();
            let mut attrs = object(json!({"schemas": [crate::GROUP_SCHEMA], "displayName": name}));
            if !members.is_empty() {
                attrs.insert("members".to_owned(), Value::Array(members));
            }
            store.insert(Kind::Group, attrs, now_ms);
        }
        store
    }

    pub fn all(&self, kind: Kind) -> &[Resource] {
        match kind {
            Kind::User => &self.users,
            Kind::Group => &self.groups,
        }
    }

    fn all_mut(&mut self, kind: Kind) -> &mut Vec<Resource> {
        match kind {
            Kind::User => &mut self.users,
            Kind::Group => &mut self.groups,
        }
    }

    pub fn position(&self, kind: Kind, id: &str) -> Option<usize> {
        self.all(kind).iter().position(|r| r.id == id)
    }

    pub fn get(&self, kind: Kind, id: &str) -> Option<&Resource> {
        self.all(kind).iter().find(|r| r.id == id)
    }

    pub fn get_mut(&mut self, kind: Kind, id: &str) -> Option<&mut Resource> {
        self.all_mut(kind).iter_mut().find(|r| r.id == id)
    }

    /// The kind of the resource with this id, if there is one.
    pub fn kind_of(&self, id: &str) -> Option<Kind> {
        [Kind::User, Kind::Group]
            .into_iter()
            .find(|kind| self.get(*kind, id).is_some())
    }

    /// Stores a new resource and returns its id.
    pub fn insert(&mut self, kind: Kind, attrs: Map<String, Value>, now_ms: i64) -> String {
        let mut id = self.ids.next_id();
        while self.kind_of(&id).is_some() {
            id = self.ids.next_id();
        }
        self.all_mut(kind).push(Resource {
            id: id.clone(),
            attrs,
            created_ms: now_ms,
            modified_ms: now_ms,
            version: 1,
        });
        id
    }

    /// Removes a resource and every group membership pointing at it.
    pub fn remove(&mut self, kind: Kind, id: &str, now_ms: i64) -> Option<Resource> {
        let index = self.position(kind, id)?;
        let removed = self.all_mut(kind).remove(index);
        for group in &mut self.groups {
            let Some(Value::Array(members)) = group.attrs.get_mut("members") else {
                continue;
            };
            let before = members.len();
            members.retain(|m| m.get("value").and_then(Value::as_str) != Some(id));
            if members.len() != before {
                if members.is_empty() {
                    group.attrs.remove("members");
                }
                group.touch(now_ms);
            }
        }
        Some(removed)
    }

    /// The user other than `except` whose userName equals `user_name` ignoring case.
    pub fn user_named(&self, user_name: &str, except: Option<&str>) -> Option<&Resource> {
        let wanted = user_name.to_lowercase();
        self.users.iter().find(|user| {
            Some(user.id.as_str()) != except
                && get_ci(&user.attrs, "userName")
                    .and_then(Value::as_str)
                    .is_some_and(|name| name.to_lowercase() == wanted)
        })
    }

    /// The resource as SCIM JSON: its attributes (never `password`), `id`, computed
    /// `groups` for users and `$ref`/`type` for members, and `meta`. `base_url` is the
    /// absolute (or, lacking a host, relative) URL of the SCIM root.
    pub fn render(&self, kind: Kind, resource: &Resource, base_url: &str) -> Map<String, Value> {
        let mut out = resource.attrs.clone();
        out.retain(|key, _| !key.eq_ignore_ascii_case("password"));
        out.insert("id".to_owned(), json!(resource.id));
        match kind {
            Kind::User => {
                let groups: Vec<Value> = self
                    .groups
                    .iter()
                    .filter(|group| is_member(group, &resource.id))
                    .map(|group| {
                        json!({
                            "value": group.id,
                            "display": get_ci(&group.attrs, "displayName"),
                            "type": "direct",
                            "$ref": location(base_url, Kind::Group, &group.id),
                        })
                    })
                    .collect();
                if !groups.is_empty() {
                    out.insert("groups".to_owned(), Value::Array(groups));
                }
            }
            Kind::Group => {
                if let Some(Value::Array(members)) = out.get_mut("members") {
                    for member in members.iter_mut().filter_map(Value::as_object_mut) {
                        let Some(id) = member.get("value").and_then(Value::as_str) else {
                            continue;
                        };
                        if let Some(member_kind) = self.kind_of(id) {
                            let href = location(base_url, member_kind, id);
                            member.insert("$ref".to_owned(), json!(href));
                            member.insert("type".to_owned(), json!(member_kind.name()));
                        }
                    }
                }
            }
        }
        out.insert(
            "meta".to_owned(),
            json!({
                "resourceType": kind.name(),
                "created": rfc3339(resource.created_ms),
                "lastModified": rfc3339(resource.modified_ms),
                "location": location(base_url, kind, &resource.id),
                "version": resource.etag(),
            }),
        );
        out
    }
}

fn is_member(group: &Resource, id: &str) -> bool {
    matches!(group.attrs.get("members"), Some(Value::Array(members))
        if members.iter().any(|m| m.get("value").and_then(Value::as_str) == Some(id)))
}

/// The URL of one resource.
pub(crate) fn location(base_url: &str, kind: Kind, id: &str) -> String {
    format!("{base_url}/{}/{id}", kind.endpoint())
}

/// The map inside a JSON object literal.
pub(crate) fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_users_with_what_okta_reads_and_groups_with_members() {
        let store = Store::seeded(5, 3, 1, 0);
        assert_eq!(store.users.len(), 5);
        assert_eq!(store.groups.len(), 3);
        let first = store.render(Kind::User, &store.users[0], "http://h/scim/v2");
        assert_eq!(first["userName"], "barbara.jensen@example.com");
        assert_eq!(first["name"]["givenName"], "Barbara");
        assert_eq!(first["name"]["familyName"], "Jensen");
        assert_eq!(first["emails"][0]["value"], "barbara.jensen@example.com");
        assert_eq!(first["active"], true);
        assert_eq!(first["groups"][0]["display"], "Engineering");
        assert_eq!(
            first["meta"]["location"],
            format!("http://h/scim/v2/Users/{}", store.users[0].id)
        );
        assert_eq!(store.users[4].attrs["active"], false);
        let engineering = store.render(Kind::Group, &store.groups[0], "");
        assert_eq!(engineering["members"].as_array().map(Vec::len), Some(2));
        assert_eq!(engineering["members"][0]["type"], "User");
    }

    #[test]
    fn seeded_user_names_stay_unique_past_the_name_lists() {
        let store = Store::seeded(300, 0, 1, 0);
        let mut names: Vec<String> = store
            .users
            .iter()
            .map(|u| u.attrs["userName"].as_str().unwrap_or_default().to_owned())
            .collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 300);
        assert!(store.users[0].attrs.get(crate::ENTERPRISE_SCHEMA).is_none());
    }

    #[test]
    fn removing_a_user_drops_its_memberships() {
        let mut store = Store::seeded(2, 1, 1, 0);
        let id = store.users[0].id.clone();
        store.remove(Kind::User, &id, 5);
        let members = store.groups[0].attrs["members"].as_array().map(Vec::len);
        assert_eq!(members, Some(1));
        assert_eq!(store.groups[0].version, 2);
        assert_eq!(store.groups[0].modified_ms, 5);
    }

    #[test]
    fn user_names_compare_ignoring_case() {
        let store = Store::seeded(2, 0, 1, 0);
        assert!(store
            .user_named("BARBARA.JENSEN@example.com", None)
            .is_some());
        let id = store.users[0].id.clone();
        assert!(store
            .user_named("barbara.jensen@example.com", Some(&id))
            .is_none());
    }
}
