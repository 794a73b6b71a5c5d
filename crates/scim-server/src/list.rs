//! Query parameters of list and get requests (`filter`, `startIndex`, `count`,
//! `attributes`, `excludedAttributes`) and the ListResponse they produce.

use serde_json::{json, Map, Value};

use crate::discovery::MAX_RESULTS;
use crate::error::ScimError;
use crate::filter::{self, is_core_schema, AttrPath, Filter};
use crate::http::query_pairs;

/// The schema URN of a list response.
pub const LIST_RESPONSE_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/// What the `wrong-list-schema` fault sends instead: the core-schema namespace, a mistake
/// seen in real servers.
pub(crate) const WRONG_LIST_RESPONSE_SCHEMA: &str =
    "urn:ietf:params:scim:schemas:core:2.0:ListResponse";

/// The parsed query of a GET.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ListQuery {
    pub filter: Option<Filter>,
    /// 1-based.
    pub start_index: usize,
    pub count: usize,
    pub projection: Projection,
}

/// `attributes` and `excludedAttributes`.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Projection {
    pub attributes: Option<Vec<AttrPath>>,
    pub excluded: Vec<AttrPath>,
}

impl ListQuery {
    /// Parses the query string; unknown parameters (`sortBy`, ...) are ignored.
    ///
    /// # Errors
    /// `400 invalidFilter` for a bad filter, `400 invalidValue` for a bad number or
    /// attribute name.
    pub fn parse(query: &str) -> Result<ListQuery, ScimError> {
        let mut parsed = ListQuery {
            filter: None,
            start_index: 1,
            count: MAX_RESULTS,
            projection: Projection::default(),
        };
        let mut seen: Vec<String> = Vec::new();
        for (name, value) in query_pairs(query) {
            let name = name.to_ascii_lowercase();
            if seen.contains(&name) {
                continue; // the first of a repeated parameter wins
            }
            seen.push(name.clone());
            match name.as_str() {
                "filter" if !value.trim().is_empty() => {
                    let filter = filter::parse(&value).map_err(|e| {
                        ScimError::invalid_filter(format!("invalid filter {value:?}: {e}"))
                    })?;
                    parsed.filter = Some(filter);
                }
                "startindex" => {
                    let start = parse_integer("startIndex", &value)?;
                    parsed.start_index = usize::try_from(start.max(1)).unwrap_or(usize::MAX);
                }
                "count" => {
                    let count = parse_integer("count", &value)?;
                    parsed.count = usize::try_from(count.max(0))
                        .unwrap_or(usize::MAX)
                        .min(MAX_RESULTS);
                }
                "attributes" => {
                    parsed.projection.attributes =
                        Some(parse_attribute_list("attributes", &value)?);
                }
                "excludedattributes" => {
                    parsed.projection.excluded =
                        parse_attribute_list("excludedAttributes", &value)?;
                }
                _ => {}
            }
        }
        Ok(parsed)
    }
}

fn parse_integer(name: &str, value: &str) -> Result<i64, ScimError> {
    value
        .trim()
        .parse::<i64>()
        .map_err(|_| ScimError::invalid_value(format!("{name} must be an integer, not {value:?}")))
}

fn parse_attribute_list(name: &str, value: &str) -> Result<Vec<AttrPath>, ScimError> {
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            AttrPath::parse(item).ok_or_else(|| {
                ScimError::invalid_value(format!("{name}: {item:?} is not an attribute name"))
            })
        })
        .collect()
}

/// Attributes returned whatever `attributes` and `excludedAttributes` say.
fn always_returned(key: &str) -> bool {
    key.eq_ignore_ascii_case("id") || key.eq_ignore_ascii_case("schemas")
}

impl Projection {
    /// The resource with only the attributes asked for.
    pub fn apply(&self, resource: Map<String, Value>) -> Map<String, Value> {
        let mut resource = resource;
        if let Some(attributes) = &self.attributes {
            let mut kept = Map::new();
            for (key, value) in &resource {
                if always_returned(key) {
                    kept.insert(key.clone(), value.clone());
                }
            }
            for path in attributes {
                copy_path(&resource, &mut kept, path);
            }
            resource = kept;
        }
        for path in &self.excluded {
            remove_path(&mut resource, path);
        }
        resource
    }
}

/// The object holding `path`'s attribute: the resource or one of its extension objects.
fn container<'a>(
    resource: &'a Map<String, Value>,
    path: &AttrPath,
) -> Option<(Option<String>, &'a Map<String, Value>)> {
    match &path.schema {
        Some(schema) if !is_core_schema(schema) => {
            let (key, value) = resource
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(schema))?;
            Some((Some(key.clone()), value.as_object()?))
        }
        _ => Some((None, resource)),
    }
}

fn copy_path(from: &Map<String, Value>, to: &mut Map<String, Value>, path: &AttrPath) {
    let Some((extension_key, source)) = container(from, path) else {
        return;
    };
    let Some((key, value)) = source
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(&path.name))
    else {
        return;
    };
    let target = match extension_key {
        Some(extension_key) => {
            let entry = to
                .entry(extension_key)
                .or_insert_with(|| Value::Object(Map::new()));
            match entry.as_object_mut() {
                Some(target) => target,
                None => return,
            }
        }
        None => to,
    };
    let Some(sub) = &path.sub else {
        target.insert(key.clone(), value.clone());
        return;
    };
    let pick = |item: &Value| -> Value {
        let mut picked = Map::new();
        if let Some((k, v)) = item
            .as_object()
            .and_then(|o| o.iter().find(|(k, _)| k.eq_ignore_ascii_case(sub)))
        {
            picked.insert(k.clone(), v.clone());
        }
        Value::Object(picked)
    };
    let picked = match value {
        Value::Array(items) => Value::Array(items.iter().map(pick).collect()),
        other => pick(other),
    };
    merge(target.entry(key.clone()).or_insert(Value::Null), picked);
}

/// Merges `new` into `existing` (objects key by key, arrays element by element).
fn merge(existing: &mut Value, new: Value) {
    match (existing, new) {
        (Value::Object(existing), Value::Object(new)) => {
            for (k, v) in new {
                existing.insert(k, v);
            }
        }
        (Value::Array(existing), Value::Array(new)) => {
            for (old, new) in existing.iter_mut().zip(new) {
                merge(old, new);
            }
        }
        (existing, new) => *existing = new,
    }
}

fn remove_path(resource: &mut Map<String, Value>, path: &AttrPath) {
    if always_returned(&path.name) && path.schema.is_none() {
        return;
    }
    let target = match &path.schema {
        Some(schema) if !is_core_schema(schema) => {
            let Some(Value::Object(extension)) = resource
                .iter_mut()
                .find(|(k, _)| k.eq_ignore_ascii_case(schema))
                .map(|(_, v)| v)
            else {
                return;
            };
            extension
        }
        _ => resource,
    };
    let Some(key) = target
        .keys()
        .find(|k| k.eq_ignore_ascii_case(&path.name))
        .cloned()
    else {
        return;
    };
    match &path.sub {
        None => {
            target.remove(&key);
        }
        Some(sub) => {
            let strip = |item: &mut Value| {
                if let Value::Object(object) = item {
                    object.retain(|k, _| !k.eq_ignore_ascii_case(sub));
                }
            };
            match target.get_mut(&key) {
                Some(Value::Array(items)) => items.iter_mut().for_each(strip),
                Some(other) => strip(other),
                None => {}
            }
        }
    }
}

/// A ListResponse of one page.
pub(crate) fn list_response(
    total: usize,
    start_index: usize,
    page: Vec<Value>,
    wrong_schema: bool,
) -> Value {
    let schema = if wrong_schema {
        WRONG_LIST_RESPONSE_SCHEMA
    } else {
        LIST_RESPONSE_SCHEMA
    };
    json!({
        "schemas": [schema],
        "totalResults": total,
        "startIndex": start_index,
        "itemsPerPage": page.len(),
        "Resources": page,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::object;

    #[test]
    fn paging_parameters_follow_the_rfc() {
        let query = ListQuery::parse("startIndex=0&count=-5").expect("parses");
        assert_eq!((query.start_index, query.count), (1, 0));
        let query = ListQuery::parse("count=100000&startIndex=3").expect("parses");
        assert_eq!((query.start_index, query.count), (3, MAX_RESULTS));
        let query = ListQuery::parse("").expect("parses");
        assert_eq!(
            (query.start_index, query.count, query.filter),
            (1, MAX_RESULTS, None)
        );
        let error = ListQuery::parse("count=ten").expect_err("fails");
        assert_eq!(error.detail, "count must be an integer, not \"ten\"");
    }

    #[test]
    fn a_bad_filter_is_an_invalid_filter_error() {
        let error = ListQuery::parse("filter=userName%20eq").expect_err("fails");
        assert_eq!(error.status, 400);
        assert_eq!(error.scim_type, Some("invalidFilter"));
        assert_eq!(
            error.detail,
            "invalid filter \"userName eq\": expected a value after 'eq'"
        );
    }

    #[test]
    fn projection_keeps_id_and_schemas() {
        let resource = object(json!({
            "schemas": ["s"], "id": "1", "userName": "u", "active": true,
            "name": {"givenName": "G", "familyName": "F"},
            "emails": [{"value": "a", "type": "work"}, {"value": "b", "type": "home"}],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "D", "costCenter": "C"},
            "meta": {"version": "W/\"1\""}
        }));
        let query = ListQuery::parse(
            "attributes=userName,name.givenName,emails.value,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
        )
        .expect("parses");
        assert_eq!(
            Value::Object(query.projection.apply(resource.clone())),
            json!({
                "schemas": ["s"], "id": "1", "userName": "u",
                "name": {"givenName": "G"},
                "emails": [{"value": "a"}, {"value": "b"}],
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "D"}
            })
        );
        let query =
            ListQuery::parse("excludedAttributes=id,emails,meta,name.familyName").expect("parses");
        let projected = query.projection.apply(resource);
        assert_eq!(
            projected.keys().map(String::as_str).collect::<Vec<_>>(),
            [
                "active",
                "id",
                "name",
                "schemas",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                "userName"
            ]
        );
        assert_eq!(projected["name"], json!({"givenName": "G"}));
    }
}
