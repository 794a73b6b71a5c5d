//! PATCH (RFC 7644 section 3.5.2): `add`, `remove` and `replace` operations on a resource's
//! attributes, with or without a path.
//!
//! Paths: `attr`, `attr.sub`, `urn:...:attr`, `attr[filter]` and `attr[filter].sub`, e.g.
//! Okta's `members[value eq "2819c223"]`. Without a path, `value` is an object of
//! attributes (Okta's `{"op": "replace", "value": {"active": false}}`); read-only members
//! in it (`id`, `meta`, `schemas`, a user's `groups`) are ignored, as Okta sends a group's
//! `id` there.

use serde_json::{Map, Value};

use crate::error::ScimError;
use crate::filter::{self, is_core_schema, AttrPath, EvalOptions, Filter};
use crate::store::Kind;

/// The schema URN of a PATCH request body.
pub const PATCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Remove,
    Replace,
}

/// A parsed PATCH path.
#[derive(Debug, Clone, PartialEq)]
struct PatchPath {
    attr: AttrPath,
    filter: Option<Filter>,
    /// The sub-attribute after a filter: `display` in `members[value eq "x"].display`.
    sub_after_filter: Option<String>,
}

/// Applies a PatchOp request body to `attrs`.
///
/// # Errors
/// `400` with `invalidSyntax`, `invalidPath`, `invalidValue`, `noTarget` or `mutability`.
pub(crate) fn apply(
    attrs: &mut Map<String, Value>,
    body: &Value,
    kind: Kind,
) -> Result<(), ScimError> {
    let Value::Object(body) = body else {
        return Err(ScimError::invalid_syntax(
            "a PATCH body must be a JSON object",
        ));
    };
    let has_schema = matches!(filter::get_ci(body, "schemas"), Some(Value::Array(s))
        if s.iter().any(|s| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(PATCH_SCHEMA))));
    if !has_schema {
        return Err(ScimError::invalid_syntax(format!(
            "a PATCH body must have schemas [\"{PATCH_SCHEMA}\"]"
        )));
    }
    let Some(Value::Array(operations)) = filter::get_ci(body, "Operations") else {
        return Err(ScimError::invalid_syntax(
            "a PATCH body must have an Operations array",
        ));
    };
    for (index, operation) in operations.iter().enumerate() {
        apply_operation(attrs, operation, kind)
            .map_err(|e| with_detail_prefix(e, &format!("operation {}: ", index + 1)))?;
    }
    Ok(())
}

fn with_detail_prefix(mut error: ScimError, prefix: &str) -> ScimError {
    error.detail = format!("{prefix}{}", error.detail);
    error
}

fn apply_operation(
    attrs: &mut Map<String, Value>,
    operation: &Value,
    kind: Kind,
) -> Result<(), ScimError> {
    let Value::Object(operation) = operation else {
        return Err(ScimError::invalid_syntax(
            "an operation must be a JSON object",
        ));
    };
    let op = match filter::get_ci(operation, "op").and_then(Value::as_str) {
        Some(op) if op.eq_ignore_ascii_case("add") => Op::Add,
        Some(op) if op.eq_ignore_ascii_case("remove") => Op::Remove,
        Some(op) if op.eq_ignore_ascii_case("replace") => Op::Replace,
        Some(op) => {
            return Err(ScimError::invalid_syntax(format!(
                "unknown op {op:?}: use add, remove or replace"
            )))
        }
        None => return Err(ScimError::invalid_syntax("an operation needs an op")),
    };
    let value = filter::get_ci(operation, "value");
    match filter::get_ci(operation, "path") {
        None | Some(Value::Null) => apply_without_path(attrs, op, value, kind),
        Some(Value::String(path)) => {
            let path = parse_path(path)?;
            check_writable(&path.attr, kind)?;
            apply_at(attrs, op, &path, value)
        }
        Some(_) => Err(ScimError::invalid_path("path must be a string")),
    }
}

fn apply_without_path(
    attrs: &mut Map<String, Value>,
    op: Op,
    value: Option<&Value>,
    kind: Kind,
) -> Result<(), ScimError> {
    if op == Op::Remove {
        return Err(ScimError::no_target("remove needs a path"));
    }
    let Some(Value::Object(members)) = value else {
        return Err(ScimError::invalid_value(
            "without a path, value must be an object of attributes",
        ));
    };
    for (key, value) in members {
        if is_read_only(key, kind) || key.eq_ignore_ascii_case("schemas") {
            continue;
        }
        let is_urn = key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:"));
        if is_urn && !is_core_schema(key) {
            // An extension object: each of its members is an attribute of that schema.
            let Value::Object(extension) = value else {
                return Err(ScimError::invalid_value(format!(
                    "{key} must be an object of attributes"
                )));
            };
            for (name, value) in extension {
                let path = parse_path(&format!("{key}:{name}"))?;
                apply_at(attrs, op, &path, Some(value))?;
            }
            continue;
        }
        let path = parse_path(key)?;
        apply_at(attrs, op, &path, Some(value))?;
    }
    Ok(())
}

fn is_read_only(name: &str, kind: Kind) -> bool {
    name.eq_ignore_ascii_case("id")
        || name.eq_ignore_ascii_case("meta")
        || (kind == Kind::User && name.eq_ignore_ascii_case("groups"))
}

fn check_writable(path: &AttrPath, kind: Kind) -> Result<(), ScimError> {
    if is_read_only(&path.name, kind) || path.name.eq_ignore_ascii_case("schemas") {
        return Err(ScimError::mutability(format!("{} is read-only", path.name)));
    }
    Ok(())
}

fn parse_path(text: &str) -> Result<PatchPath, ScimError> {
    let invalid = || ScimError::invalid_path(format!("{text:?} is not a valid path"));
    let Some(open) = text.find('[') else {
        let attr = AttrPath::parse(text.trim()).ok_or_else(invalid)?;
        return Ok(PatchPath {
            attr,
            filter: None,
            sub_after_filter: None,
        });
    };
    let close = closing_bracket(text, open).ok_or_else(invalid)?;
    let attr = AttrPath::parse(text[..open].trim()).ok_or_else(invalid)?;
    if attr.sub.is_some() {
        return Err(invalid());
    }
    let filter = filter::parse(&text[open + 1..close])
        .map_err(|e| ScimError::invalid_path(format!("{text:?}: {e}")))?;
    let rest = &text[close + 1..];
    let sub_after_filter = match rest.strip_prefix('.') {
        Some(sub)
            if AttrPath::parse(sub).is_some_and(|p| p.sub.is_none() && p.schema.is_none()) =>
        {
            Some(sub.to_owned())
        }
        Some(_) => return Err(invalid()),
        None if rest.is_empty() => None,
        None => return Err(invalid()),
    };
    Ok(PatchPath {
        attr,
        filter: Some(filter),
        sub_after_filter,
    })
}

/// The index of the `]` closing the `[` at `open`, skipping quoted strings.
fn closing_bracket(text: &str, open: usize) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text[open + 1..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            ']' if !in_string => return Some(open + 1 + i),
            _ => {}
        }
    }
    None
}

/// The key in `object` equal to `name` ignoring case, or `name` itself.
fn key_for(object: &Map<String, Value>, name: &str) -> String {
    object
        .keys()
        .find(|key| key.eq_ignore_ascii_case(name))
        .cloned()
        .unwrap_or_else(|| name.to_owned())
}

fn apply_at(
    attrs: &mut Map<String, Value>,
    op: Op,
    path: &PatchPath,
    value: Option<&Value>,
) -> Result<(), ScimError> {
    let value = match (op, value) {
        (Op::Remove, value) => value,
        (_, None) => {
            return Err(ScimError::invalid_value(format!(
                "{} needs a value",
                if op == Op::Add { "add" } else { "replace" }
            )))
        }
        (_, Some(value)) => Some(value),
    };
    // The object holding the attribute: the resource, or an extension inside it.
    let container = match &path.attr.schema {
        Some(schema) if !is_core_schema(schema) => {
            let key = key_for(attrs, schema);
            if !attrs.contains_key(&key) {
                if op == Op::Remove {
                    return Ok(());
                }
                attrs.insert(key.clone(), Value::Object(Map::new()));
                add_schema(attrs, schema);
            }
            match attrs.get_mut(&key) {
                Some(Value::Object(extension)) => extension,
                _ => {
                    return Err(ScimError::invalid_path(format!(
                        "{schema} is not an object"
                    )))
                }
            }
        }
        _ => attrs,
    };
    let key = key_for(container, &path.attr.name);
    match (&path.filter, &path.attr.sub) {
        (None, None) => apply_to_attribute(container, &key, op, value),
        (None, Some(sub)) => apply_to_sub_attribute(container, &key, sub, op, value),
        (Some(filter), _) => apply_to_filtered(container, &key, filter, path, op, value),
    }?;
    drop_empty(container, &key);
    Ok(())
}

fn add_schema(attrs: &mut Map<String, Value>, schema: &str) {
    if let Some(Value::Array(schemas)) = attrs.get_mut("schemas") {
        if !schemas
            .iter()
            .any(|s| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(schema)))
        {
            schemas.push(Value::String(schema.to_owned()));
        }
    }
}

/// `attr` with no sub-attribute and no filter.
fn apply_to_attribute(
    container: &mut Map<String, Value>,
    key: &str,
    op: Op,
    value: Option<&Value>,
) -> Result<(), ScimError> {
    let existing = container.get_mut(key);
    match (op, existing, value) {
        // Remove with a value from a multi-valued attribute: remove just those values
        // (as Azure AD sends for members).
        (Op::Remove, Some(Value::Array(items)), Some(value)) => {
            let targets = as_list(value);
            items.retain(|item| !targets.iter().any(|t| same_value(item, t)));
        }
        (Op::Remove, _, _) => {
            container.remove(key);
        }
        (_, _, Some(Value::Null)) => {
            container.remove(key);
        }
        (Op::Add, Some(Value::Array(items)), Some(value)) => {
            for new in as_list(value) {
                if !items.iter().any(|item| same_value(item, &new)) {
                    items.push(new);
                }
            }
        }
        (Op::Add | Op::Replace, Some(Value::Object(existing)), Some(Value::Object(new))) => {
            // A complex attribute: the given sub-attributes replace or add, the rest stay.
            for (name, sub) in new {
                let sub_key = key_for(existing, name);
                existing.insert(sub_key, sub.clone());
            }
        }
        (_, _, Some(value)) => {
            container.insert(key.to_owned(), value.clone());
        }
        (_, _, None) => unreachable!("add and replace always carry a value"),
    }
    Ok(())
}

/// `attr.sub`, without a filter: on a complex attribute, or on every value of a
/// multi-valued one.
fn apply_to_sub_attribute(
    container: &mut Map<String, Value>,
    key: &str,
    sub: &str,
    op: Op,
    value: Option<&Value>,
) -> Result<(), ScimError> {
    match container.get_mut(key) {
        None if op == Op::Remove => Ok(()),
        None => {
            let mut object = Map::new();
            set_sub(&mut object, sub, op, value);
            container.insert(key.to_owned(), Value::Object(object));
            Ok(())
        }
        Some(Value::Object(object)) => {
            set_sub(object, sub, op, value);
            Ok(())
        }
        Some(Value::Array(items)) => {
            for item in items.iter_mut().filter_map(Value::as_object_mut) {
                set_sub(item, sub, op, value);
            }
            Ok(())
        }
        Some(_) => Err(ScimError::invalid_path(format!(
            "{key} has no sub-attributes"
        ))),
    }
}

fn set_sub(object: &mut Map<String, Value>, sub: &str, op: Op, value: Option<&Value>) {
    let key = key_for(object, sub);
    match (op, value) {
        (Op::Remove, _) | (_, None | Some(Value::Null)) => {
            object.remove(&key);
        }
        (_, Some(value)) => {
            object.insert(key, value.clone());
        }
    }
}

/// `attr[filter]` and `attr[filter].sub`.
fn apply_to_filtered(
    container: &mut Map<String, Value>,
    key: &str,
    filter: &Filter,
    path: &PatchPath,
    op: Op,
    value: Option<&Value>,
) -> Result<(), ScimError> {
    let no_match =
        || ScimError::no_target(format!("no value of {} matches the filter", path.attr.name));
    let items = match container.get_mut(key) {
        Some(Value::Array(items)) => items,
        // Removing what is not there leaves the resource as asked.
        None if op == Op::Remove => return Ok(()),
        None => return Err(no_match()),
        Some(_) => {
            return Err(ScimError::invalid_path(format!(
                "{} is not multi-valued",
                path.attr.name
            )))
        }
    };
    let matching: Vec<bool> = items
        .iter()
        .map(|item| match item {
            Value::Object(object) => {
                filter::matches_within(filter, object, &path.attr.name, EvalOptions::default())
            }
            _ => false,
        })
        .collect();
    if !matching.contains(&true) {
        return if op == Op::Remove {
            Ok(())
        } else {
            Err(no_match())
        };
    }
    match (&path.sub_after_filter, op) {
        (None, Op::Remove) => {
            let mut flags = matching.iter();
            items.retain(|_| !flags.next().copied().unwrap_or(false));
        }
        (None, _) => {
            let Some(Value::Object(new)) = value else {
                return Err(ScimError::invalid_value(format!(
                    "the value for {}[...] must be an object",
                    path.attr.name
                )));
            };
            for (item, _) in items.iter_mut().zip(&matching).filter(|(_, m)| **m) {
                if let Value::Object(object) = item {
                    for (name, sub) in new {
                        let sub_key = key_for(object, name);
                        object.insert(sub_key, sub.clone());
                    }
                }
            }
        }
        (Some(sub), _) => {
            for (item, _) in items.iter_mut().zip(&matching).filter(|(_, m)| **m) {
                if let Value::Object(object) = item {
                    set_sub(object, sub, op, value);
                }
            }
        }
    }
    Ok(())
}

/// A value or array of values as a list.
fn as_list(value: &Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    }
}

/// Two values of a multi-valued attribute are the same when equal, or for complex values
/// when their `value` sub-attributes are equal.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a.get("value"), b.get("value")) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

/// Unassigns an attribute left empty (`[]`, `{}` or null).
fn drop_empty(container: &mut Map<String, Value>, key: &str) {
    let empty = match container.get(key) {
        Some(Value::Array(items)) => items.is_empty(),
        Some(Value::Object(object)) => object.is_empty(),
        Some(Value::Null) => true,
        _ => false,
    };
    if empty {
        container.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::object;
    use serde_json::json;

    fn patch(attrs: Value, operations: Value, kind: Kind) -> Result<Value, ScimError> {
        let mut attrs = object(attrs);
        let body = json!({"schemas": [PATCH_SCHEMA], "Operations": operations});
        apply(&mut attrs, &body, kind)?;
        Ok(Value::Object(attrs))
    }

    fn user() -> Value {
        json!({
            "schemas": [crate::USER_SCHEMA],
            "userName": "a@example.com",
            "active": true,
            "name": {"givenName": "A", "familyName": "B"},
            "emails": [
                {"value": "a@example.com", "type": "work", "primary": true},
                {"value": "a@home.org", "type": "home"}
            ]
        })
    }

    fn group() -> Value {
        json!({
            "schemas": [crate::GROUP_SCHEMA],
            "displayName": "G",
            "members": [{"value": "u1", "display": "One"}, {"value": "u2", "display": "Two"}]
        })
    }

    #[test]
    fn okta_deactivates_with_and_without_path() {
        let without = patch(
            user(),
            json!([{"op": "replace", "value": {"active": false}}]),
            Kind::User,
        );
        assert_eq!(without.map(|u| u["active"].clone()), Ok(json!(false)));
        let with = patch(
            user(),
            json!([{"op": "Replace", "path": "active", "value": false}]),
            Kind::User,
        );
        assert_eq!(with.map(|u| u["active"].clone()), Ok(json!(false)));
    }

    #[test]
    fn okta_replaces_group_name_and_its_id_is_ignored() {
        let patched = patch(
            group(),
            json!([{"op": "replace", "value": {"id": "g1", "displayName": "New"}}]),
            Kind::Group,
        )
        .expect("patch applies");
        assert_eq!(patched["displayName"], "New");
        assert!(patched.get("id").is_none());
    }

    #[test]
    fn okta_adds_and_removes_members() {
        let added = patch(
            group(),
            json!([{"op": "add", "path": "members", "value": [{"value": "u3", "display": "Three"}, {"value": "u1"}]}]),
            Kind::Group,
        )
        .expect("add applies");
        let values: Vec<&str> = added["members"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| m["value"].as_str())
            .collect();
        assert_eq!(values, ["u1", "u2", "u3"]);

        let removed = patch(
            group(),
            json!([{"op": "remove", "path": "members[value eq \"u1\"]"}]),
            Kind::Group,
        )
        .expect("remove applies");
        assert_eq!(
            removed["members"],
            json!([{"value": "u2", "display": "Two"}])
        );

        let all_removed = patch(
            group(),
            json!([
                {"op": "remove", "path": "members[value eq \"u1\"]"},
                {"op": "remove", "path": "members[value eq \"u2\"]"},
                {"op": "remove", "path": "members[value eq \"u9\"]"}
            ]),
            Kind::Group,
        )
        .expect("remove applies");
        assert!(all_removed.get("members").is_none());
    }

    #[test]
    fn remove_with_a_value_list_removes_those_members() {
        let removed = patch(
            group(),
            json!([{"op": "remove", "path": "members", "value": [{"value": "u2"}]}]),
            Kind::Group,
        )
        .expect("remove applies");
        assert_eq!(
            removed["members"],
            json!([{"value": "u1", "display": "One"}])
        );
    }

    #[test]
    fn replace_members_sets_the_whole_list() {
        let replaced = patch(
            group(),
            json!([{"op": "replace", "path": "members", "value": [{"value": "u9"}]}]),
            Kind::Group,
        )
        .expect("replace applies");
        assert_eq!(replaced["members"], json!([{"value": "u9"}]));
    }

    #[test]
    fn sub_attributes_and_filtered_values() {
        let patched = patch(
            user(),
            json!([
                {"op": "replace", "path": "name.givenName", "value": "Z"},
                {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "z@example.com"},
                {"op": "add", "value": {"name.middleName": "M", "title": "Boss"}},
                {"op": "remove", "path": "emails[type eq \"home\"]"},
                {"op": "replace", "path": "name", "value": {"familyName": "Y"}}
            ]),
            Kind::User,
        )
        .expect("patch applies");
        assert_eq!(
            patched["name"],
            json!({"givenName": "Z", "familyName": "Y", "middleName": "M"})
        );
        assert_eq!(
            patched["emails"],
            json!([{"value": "z@example.com", "type": "work", "primary": true}])
        );
        assert_eq!(patched["title"], "Boss");
    }

    #[test]
    fn extension_attributes_by_urn_path_and_object() {
        let enterprise = crate::ENTERPRISE_SCHEMA;
        let patched = patch(
            user(),
            json!([
                {"op": "add", "path": format!("{enterprise}:department"), "value": "Sales"},
                {"op": "replace", "value": {enterprise: {"costCenter": "42"}}}
            ]),
            Kind::User,
        )
        .expect("patch applies");
        assert_eq!(
            patched[enterprise],
            json!({"department": "Sales", "costCenter": "42"})
        );
        assert_eq!(patched["schemas"], json!([crate::USER_SCHEMA, enterprise]));
    }

    #[test]
    fn errors_name_the_problem() {
        let table = [
            (
                json!([{"op": "remove"}]),
                "noTarget",
                "operation 1: remove needs a path",
            ),
            (
                json!([{"op": "replace", "path": "emails[type eq \"other\"]", "value": {"value": "x"}}]),
                "noTarget",
                "operation 1: no value of emails matches the filter",
            ),
            (
                json!([{"op": "replace", "path": "id", "value": "x"}]),
                "mutability",
                "operation 1: id is read-only",
            ),
            (
                json!([{"op": "add", "path": "members[value eq", "value": 1}]),
                "invalidPath",
                "operation 1: \"members[value eq\" is not a valid path",
            ),
            (
                json!([{"op": "move", "path": "a"}]),
                "invalidSyntax",
                "operation 1: unknown op \"move\": use add, remove or replace",
            ),
            (
                json!([{"op": "replace", "path": "active"}]),
                "invalidValue",
                "operation 1: replace needs a value",
            ),
        ];
        for (operations, scim_type, detail) in table {
            let error = patch(user(), operations.clone(), Kind::User).expect_err("fails");
            assert_eq!(
                (error.scim_type, error.detail.as_str()),
                (Some(scim_type), detail),
                "{operations}"
            );
        }
    }

    #[test]
    fn the_body_must_be_a_patch_op() {
        let mut attrs = object(user());
        let error = apply(&mut attrs, &json!({"Operations": []}), Kind::User).expect_err("fails");
        assert_eq!(error.scim_type, Some("invalidSyntax"));
        let error =
            apply(&mut attrs, &json!({"schemas": [PATCH_SCHEMA]}), Kind::User).expect_err("fails");
        assert_eq!(error.detail, "a PATCH body must have an Operations array");
    }
}
