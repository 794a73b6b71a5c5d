//! The service provider: options, routing, authentication and the handlers of each endpoint.

use std::time::Duration;

use serde_json::{Map, Value};

use crate::discovery;
use crate::error::ScimError;
use crate::fault::{Fault, Faults};
use crate::filter::{self, get_ci, is_core_schema, EvalOptions};
use crate::http::{percent_decode, Request, Response};
use crate::list::{list_response, ListQuery, Projection};
use crate::patch;
use crate::store::{location, Kind, Resource, Store};
use crate::{entitlements, user_state};

/// How a [`ScimServer`] starts.
///
/// # Example
/// ```
/// use scim_server::{Fault, ServerOptions};
/// let options = ServerOptions {
///     token: "t0ken".to_owned(),
///     seed_users: 20,
///     faults: [Fault::PlainErrors].into_iter().collect(),
///     ..ServerOptions::default()
/// };
/// assert_eq!(options.base_path, "/scim/v2");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerOptions {
    /// The bearer token clients must send, as `Authorization: Bearer <token>` or as the bare
    /// token. Default `secret-token`.
    pub token: String,
    /// The path the SCIM endpoints live under. Default `/scim/v2`; `""` serves them at the root.
    pub base_path: String,
    /// The absolute URL of the base path used in `meta.location` and `Location`, e.g.
    /// `https://scim.example.com/scim/v2`. When `None` it is built from the request's
    /// `Host` (and `X-Forwarded-Proto`), or is the bare base path when there is no `Host`.
    pub public_base_url: Option<String>,
    /// How many users to seed. Default 5.
    pub seed_users: usize,
    /// How many groups to seed; every user is a member of one. Default 3.
    pub seed_groups: usize,
    /// Seeds the id generator: the same seed gives the same ids.
    pub id_seed: u64,
    /// The faults on at the start.
    pub faults: Faults,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            token: "secret-token".to_owned(),
            base_path: "/scim/v2".to_owned(),
            public_base_url: None,
            seed_users: 5,
            seed_groups: 3,
            id_seed: 0x5C1A_2024,
            faults: Faults::new(),
        }
    }
}

/// An in-memory SCIM 2.0 service provider: [`handle`](Self::handle) turns a request into a
/// response. It never reads a clock (the caller passes the time), opens a socket, sleeps or
/// draws OS randomness, so it also runs on `wasm32-unknown-unknown`.
///
/// # Example
/// ```
/// use scim_server::{Request, ScimServer, ServerOptions};
/// let now_ms = 1_700_000_000_000;
/// let mut server = ScimServer::new(ServerOptions::default(), now_ms);
/// let request = Request::new("GET", "/scim/v2/Users?count=1")
///     .with_header("Authorization", "Bearer secret-token");
/// let response = server.handle(&request, now_ms);
/// assert_eq!(response.status, 200);
/// assert_eq!(response.header("Content-Type"), Some("application/scim+json"));
/// assert!(response.body.contains("\"totalResults\":5"));
/// ```
#[derive(Debug, Clone)]
pub struct ScimServer {
    options: ServerOptions,
    store: Store,
}

impl ScimServer {
    /// A server holding the seed data, created at `now_ms` (Unix milliseconds).
    pub fn new(options: ServerOptions, now_ms: i64) -> Self {
        let mut options = options;
        options.base_path = normalize_base_path(&options.base_path);
        let store = Store::seeded(
            options.seed_users,
            options.seed_groups,
            options.id_seed,
            now_ms,
        );
        ScimServer { options, store }
    }

    /// The options, with the base path normalized and the faults as they are now.
    pub fn options(&self) -> &ServerOptions {
        &self.options
    }

    /// The faults that are on.
    pub fn faults(&self) -> &Faults {
        &self.options.faults
    }

    /// The faults, to turn some on or off; they apply from the next request.
    pub fn faults_mut(&mut self) -> &mut Faults {
        &mut self.options.faults
    }

    /// Replaces the faults.
    pub fn set_faults(&mut self, faults: Faults) {
        self.options.faults = faults;
    }

    /// Puts the data back to the seed, with the same ids as at the start. Faults and options
    /// stay as they are.
    pub fn reset(&mut self, now_ms: i64) {
        self.store = Store::seeded(
            self.options.seed_users,
            self.options.seed_groups,
            self.options.id_seed,
            now_ms,
        );
    }

    /// How many users there are.
    pub fn user_count(&self) -> usize {
        self.store.users.len()
    }

    /// How many groups there are.
    pub fn group_count(&self) -> usize {
        self.store.groups.len()
    }

    /// Answers one request at `now_ms` (Unix milliseconds, used for `meta.created` and
    /// `meta.lastModified`). Every outcome is a response: errors are SCIM error bodies (or
    /// what the faults make of them). CORS is not handled here; see [`crate::cors`].
    pub fn handle(&mut self, request: &Request, now_ms: i64) -> Response {
        let faults = &self.options.faults;
        let plain = faults.contains(Fault::PlainErrors);
        let empty_ok = faults.contains(Fault::EmptyOkForUnknown);
        let delay = faults
            .slow_ms()
            .map_or(Duration::ZERO, |ms| Duration::from_millis(ms.into()));
        let is_head = request.method.eq_ignore_ascii_case("HEAD");
        let mut response = match self.respond(request, now_ms) {
            Ok(response) => response,
            Err(error) if error.unknown_resource && empty_ok => Response::new(200),
            Err(error) => error.into_response(plain),
        };
        if is_head {
            response.body.clear();
        }
        response.delay = delay;
        response
    }

    fn respond(&mut self, request: &Request, now_ms: i64) -> Result<Response, ScimError> {
        if !self.options.faults.contains(Fault::AnyToken) {
            self.authenticate(request)?;
        }
        if request.body.len() > crate::MAX_BODY_BYTES {
            return Err(ScimError::payload_too_large(format!(
                "the request body is larger than {} bytes",
                crate::MAX_BODY_BYTES
            )));
        }
        let base_url = self.base_url(request);
        let segments = self.segments(request)?;
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
        let method = request.method.to_ascii_uppercase();
        let method = if method == "HEAD" {
            "GET".to_owned()
        } else {
            method
        };
        let not_found = || ScimError::not_found(format!("no SCIM endpoint at {}", request.path));

        if let Some((&endpoint, rest)) = segments.split_first() {
            if let Some(kind) = resource_kind(endpoint) {
                if kind == Kind::Group && self.options.faults.contains(Fault::NoGroups) {
                    return Err(not_found());
                }
                return match (rest, method.as_str()) {
                    ([], "GET") => self.list(kind, request, &base_url),
                    ([], "POST") => self.create(kind, request, now_ms, &base_url),
                    ([], _) => Err(ScimError::method_not_allowed(&method, "GET, POST")),
                    ([".search"], _) => Err(ScimError::not_implemented(
                        "POST .search is not supported; use GET with a filter",
                    )),
                    ([id], "GET") => self.get(kind, id, request, &base_url),
                    ([id], "PUT") => self.replace(kind, id, request, now_ms, &base_url),
                    ([id], "PATCH") => self.patch(kind, id, request, now_ms, &base_url),
                    ([id], "DELETE") => self.delete(kind, id, request, now_ms),
                    ([_], _) => Err(ScimError::method_not_allowed(
                        &method,
                        "GET, PUT, PATCH, DELETE",
                    )),
                    _ => Err(not_found()),
                };
            }
        }
        let wrong_list = self.options.faults.contains(Fault::WrongListSchema);
        if let Some(body) =
            entitlements::respond(&segments, &method, &request.query, &base_url, wrong_list)
        {
            return Ok(Response::json(200, &body?));
        }
        let discovery = match segments.as_slice() {
            ["ServiceProviderConfig"] => Some(Ok(discovery::service_provider_config(&base_url))),
            ["ResourceTypes"] => {
                Some(Ok(self.discovery_list(discovery::resource_types(&base_url))))
            }
            ["ResourceTypes", id] => Some(find_by_id(
                discovery::resource_types(&base_url),
                id,
                "resource type",
            )),
            ["Schemas"] => Some(Ok(self.discovery_list(discovery::schemas(&base_url)))),
            ["Schemas", id] => Some(find_by_id(discovery::schemas(&base_url), id, "schema")),
            _ => None,
        };
        if let Some(body) = discovery {
            if method != "GET" {
                return Err(ScimError::method_not_allowed(&method, "GET"));
            }
            return Ok(Response::json(200, &body?));
        }
        match segments.as_slice() {
            ["Bulk"] => Err(ScimError::not_implemented(
                "bulk operations are not supported",
            )),
            ["Me", ..] => Err(ScimError::not_implemented("/Me is not supported")),
            [".search"] => Err(ScimError::not_implemented(
                "POST .search is not supported; use GET with a filter",
            )),
            _ => Err(not_found()),
        }
    }

    /// Accepts `Bearer <token>` (any case of `Bearer`) or the bare token.
    fn authenticate(&self, request: &Request) -> Result<(), ScimError> {
        let Some(value) = request.header("Authorization").map(str::trim) else {
            return Err(ScimError::unauthorized(
                "authentication required: send Authorization: Bearer <token>",
            ));
        };
        let token = match value.split_once(' ') {
            Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
            _ => value,
        };
        if token == self.options.token {
            Ok(())
        } else {
            Err(ScimError::unauthorized("the bearer token is not valid"))
        }
    }

    fn base_url(&self, request: &Request) -> String {
        if let Some(url) = &self.options.public_base_url {
            return url.trim_end_matches('/').to_owned();
        }
        match request.header("Host") {
            Some(host) => {
                let scheme = request
                    .header("X-Forwarded-Proto")
                    .filter(|p| matches!(*p, "http" | "https"))
                    .unwrap_or("http");
                format!("{scheme}://{host}{}", self.options.base_path)
            }
            None => self.options.base_path.clone(),
        }
    }

    /// The decoded path segments after the base path.
    fn segments(&self, request: &Request) -> Result<Vec<String>, ScimError> {
        let rest = request
            .path
            .strip_prefix(&self.options.base_path)
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))
            .ok_or_else(|| {
                ScimError::not_found(format!(
                    "no SCIM endpoint at {}; the base path is {:?}",
                    request.path, self.options.base_path
                ))
            })?;
        Ok(rest
            .split('/')
            .filter(|segment| !segment.is_empty())
            .map(|segment| percent_decode(segment, false))
            .collect())
    }

    fn discovery_list(&self, items: Vec<Value>) -> Value {
        let wrong = self.options.faults.contains(Fault::WrongListSchema);
        list_response(items.len(), 1, items, wrong)
    }

    fn find(&self, kind: Kind, id: &str) -> Result<&Resource, ScimError> {
        self.store
            .get(kind, id)
            .ok_or_else(|| ScimError::unknown_resource(kind.noun(), id))
    }

    fn list(&self, kind: Kind, request: &Request, base_url: &str) -> Result<Response, ScimError> {
        let query = ListQuery::parse(&request.query)?;
        let options = EvalOptions {
            all_case_exact: self.options.faults.contains(Fault::CaseSensitiveFilter),
        };
        let matching: Vec<Map<String, Value>> = self
            .store
            .all(kind)
            .iter()
            .map(|resource| self.store.render(kind, resource, base_url))
            .filter(|rendered| {
                query
                    .filter
                    .as_ref()
                    .is_none_or(|f| filter::matches(f, rendered, options))
            })
            .collect();
        let total = matching.len();
        let page: Vec<Value> = matching
            .into_iter()
            .skip(query.start_index - 1)
            .take(query.count)
            .map(|resource| Value::Object(query.projection.apply(resource)))
            .collect();
        let wrong = self.options.faults.contains(Fault::WrongListSchema);
        Ok(Response::json(
            200,
            &list_response(total, query.start_index, page, wrong),
        ))
    }

    fn get(
        &self,
        kind: Kind,
        id: &str,
        request: &Request,
        base_url: &str,
    ) -> Result<Response, ScimError> {
        let query = ListQuery::parse(&request.query)?;
        let resource = self.find(kind, id)?;
        if request
            .header("If-None-Match")
            .is_some_and(|tags| etag_matches(tags, &resource.etag()))
        {
            return Ok(Response::new(304).with_header("ETag", resource.etag()));
        }
        Ok(self.resource_response(200, kind, resource, base_url, &query.projection))
    }

    fn create(
        &mut self,
        kind: Kind,
        request: &Request,
        now_ms: i64,
        base_url: &str,
    ) -> Result<Response, ScimError> {
        let body = json_body(request)?;
        let mut attrs = writable_attributes(kind, body)?;
        self.check(kind, &mut attrs, None)?;
        let id = self.store.insert(kind, attrs, now_ms);
        let resource = self.find(kind, &id)?;
        let response =
            self.resource_response(201, kind, resource, base_url, &Projection::default());
        Ok(response.with_header("Location", location(base_url, kind, &id)))
    }

    fn replace(
        &mut self,
        kind: Kind,
        id: &str,
        request: &Request,
        now_ms: i64,
        base_url: &str,
    ) -> Result<Response, ScimError> {
        let old = self.find(kind, id)?;
        check_if_match(request, old)?;
        let body = json_body(request)?;
        let mut attrs = writable_attributes(kind, body)?;
        if kind == Kind::User {
            user_state::complete_put(&mut attrs, &old.attrs, &self.options.faults);
        }
        self.check(kind, &mut attrs, Some(id))?;
        self.update(kind, id, attrs, now_ms, base_url)
    }

    fn patch(
        &mut self,
        kind: Kind,
        id: &str,
        request: &Request,
        now_ms: i64,
        base_url: &str,
    ) -> Result<Response, ScimError> {
        if self.options.faults.contains(Fault::PatchUnsupported) {
            return Err(ScimError::not_implemented(
                "PATCH is not supported; use PUT",
            ));
        }
        let resource = self.find(kind, id)?;
        check_if_match(request, resource)?;
        let mut attrs = resource.attrs.clone();
        let body = json_body(request)?;
        patch::apply(&mut attrs, &body, kind)?;
        self.check(kind, &mut attrs, Some(id))?;
        self.update(kind, id, attrs, now_ms, base_url)
    }

    fn update(
        &mut self,
        kind: Kind,
        id: &str,
        attrs: Map<String, Value>,
        now_ms: i64,
        base_url: &str,
    ) -> Result<Response, ScimError> {
        let resource = self
            .store
            .get_mut(kind, id)
            .ok_or_else(|| ScimError::unknown_resource(kind.noun(), id))?;
        let mut attrs = attrs;
        if kind == Kind::User {
            user_state::ignore_deactivation(&mut attrs, &resource.attrs, &self.options.faults);
        }
        resource.attrs = attrs;
        resource.touch(now_ms);
        let resource = self.find(kind, id)?;
        Ok(self.resource_response(200, kind, resource, base_url, &Projection::default()))
    }

    fn delete(
        &mut self,
        kind: Kind,
        id: &str,
        request: &Request,
        now_ms: i64,
    ) -> Result<Response, ScimError> {
        check_if_match(request, self.find(kind, id)?)?;
        self.store.remove(kind, id, now_ms);
        Ok(Response::new(204))
    }

    fn resource_response(
        &self,
        status: u16,
        kind: Kind,
        resource: &Resource,
        base_url: &str,
        projection: &Projection,
    ) -> Response {
        let rendered = projection.apply(self.store.render(kind, resource, base_url));
        Response::json(status, &Value::Object(rendered)).with_header("ETag", resource.etag())
    }

    /// Validates a user or group about to be stored (`id` is its own id when it exists),
    /// and drops repeated members.
    fn check(
        &self,
        kind: Kind,
        attrs: &mut Map<String, Value>,
        id: Option<&str>,
    ) -> Result<(), ScimError> {
        match kind {
            Kind::User => self.check_user(attrs, id),
            Kind::Group => self.check_group(attrs, id),
        }
    }

    fn check_user(&self, attrs: &Map<String, Value>, id: Option<&str>) -> Result<(), ScimError> {
        let user_name = required_string(attrs, "userName")?;
        if !self.options.faults.contains(Fault::DuplicatesAccepted) {
            if let Some(other) = self.store.user_named(user_name, id) {
                return Err(ScimError::uniqueness(format!(
                    "userName {user_name:?} is already taken by user {:?}",
                    other.id
                )));
            }
        }
        expect_type(attrs, "active", "true or false", Value::is_boolean)?;
        expect_type(attrs, "displayName", "a string", Value::is_string)?;
        expect_type(attrs, "name", "an object", Value::is_object)?;
        expect_type(attrs, "emails", "an array", Value::is_array)?;
        if let Some(Value::Array(emails)) = get_ci(attrs, "emails") {
            if !emails
                .iter()
                .all(|e| e.get("value").is_some_and(Value::is_string))
            {
                return Err(ScimError::invalid_value(
                    "every email must be an object with a string value",
                ));
            }
        }
        Ok(())
    }

    fn check_group(
        &self,
        attrs: &mut Map<String, Value>,
        id: Option<&str>,
    ) -> Result<(), ScimError> {
        required_string(attrs, "displayName")?;
        expect_type(attrs, "members", "an array", Value::is_array)?;
        let key = attrs
            .keys()
            .find(|k| k.eq_ignore_ascii_case("members"))
            .cloned();
        let Some(Value::Array(members)) = key.as_ref().and_then(|k| attrs.get_mut(k)) else {
            return Ok(());
        };
        for member in members.iter() {
            let Some(value) = member.get("value").and_then(Value::as_str) else {
                return Err(ScimError::invalid_value(
                    "every member must be an object with a string value (the member's id)",
                ));
            };
            if Some(value) == id {
                return Err(ScimError::invalid_value("a group cannot be its own member"));
            }
            if self.store.kind_of(value).is_none() {
                return Err(ScimError::invalid_value(format!(
                    "member {value:?} is not the id of a user or group"
                )));
            }
        }
        let mut kept: Vec<String> = Vec::new();
        members.retain(|member| {
            let value = member
                .get("value")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let first = !kept.iter().any(|k| k == value);
            if first {
                kept.push(value.to_owned());
            }
            first
        });
        Ok(())
    }
}

fn resource_kind(endpoint: &str) -> Option<Kind> {
    if endpoint.eq_ignore_ascii_case("Users") {
        Some(Kind::User)
    } else if endpoint.eq_ignore_ascii_case("Groups") {
        Some(Kind::Group)
    } else {
        None
    }
}

/// `/scim/v2/` and `scim/v2` become `/scim/v2`; `/` becomes `""`.
fn normalize_base_path(path: &str) -> String {
    let trimmed = path.trim().trim_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("/{trimmed}")
    }
}

fn find_by_id(items: Vec<Value>, id: &str, noun: &str) -> Result<Value, ScimError> {
    items
        .into_iter()
        .find(|item| {
            item["id"]
                .as_str()
                .is_some_and(|i| i.eq_ignore_ascii_case(id))
        })
        .ok_or_else(|| ScimError::not_found(format!("no {noun} with id {id:?}")))
}

fn json_body(request: &Request) -> Result<Value, ScimError> {
    if request.body.iter().all(u8::is_ascii_whitespace) {
        return Err(ScimError::invalid_syntax(
            "the request body is empty; send a JSON object",
        ));
    }
    let body: Value = serde_json::from_slice(&request.body).map_err(|e| {
        ScimError::invalid_syntax(format!("the request body is not valid JSON: {e}"))
    })?;
    if !body.is_object() {
        return Err(ScimError::invalid_syntax(
            "the request body must be a JSON object",
        ));
    }
    Ok(body)
}

/// The attributes of a POST or PUT body the client may set: without `id`, `meta` and a
/// user's `groups` (read-only), with `schemas` checked and completed.
fn writable_attributes(kind: Kind, body: Value) -> Result<Map<String, Value>, ScimError> {
    let Value::Object(mut attrs) = body else {
        return Err(ScimError::invalid_syntax(
            "the request body must be a JSON object",
        ));
    };
    attrs.retain(|key, _| {
        !(key.eq_ignore_ascii_case("id")
            || key.eq_ignore_ascii_case("meta")
            || (kind == Kind::User && key.eq_ignore_ascii_case("groups")))
    });
    let schemas_key = attrs
        .keys()
        .find(|k| k.eq_ignore_ascii_case("schemas"))
        .cloned();
    let mut schemas: Vec<String> = match schemas_key.and_then(|k| attrs.remove(&k)) {
        None => vec![kind.schema().to_owned()],
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|item| match item {
                Value::String(urn) => Ok(urn),
                _ => Err(ScimError::invalid_value("schemas must be an array of URNs")),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(ScimError::invalid_value("schemas must be an array of URNs")),
    };
    if !schemas
        .iter()
        .any(|s| s.eq_ignore_ascii_case(kind.schema()))
    {
        return Err(ScimError::invalid_value(format!(
            "schemas must include {}",
            kind.schema()
        )));
    }
    for key in attrs.keys() {
        let is_extension =
            key.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("urn:")) && !is_core_schema(key);
        if is_extension && !schemas.iter().any(|s| s.eq_ignore_ascii_case(key)) {
            schemas.push(key.clone());
        }
    }
    attrs.insert(
        "schemas".to_owned(),
        Value::Array(schemas.into_iter().map(Value::String).collect()),
    );
    Ok(attrs)
}

fn required_string<'a>(attrs: &'a Map<String, Value>, name: &str) -> Result<&'a str, ScimError> {
    match get_ci(attrs, name) {
        Some(Value::String(value)) if !value.trim().is_empty() => Ok(value),
        Some(Value::String(_)) => Err(ScimError::invalid_value(format!(
            "{name} must not be empty"
        ))),
        None | Some(Value::Null) => Err(ScimError::invalid_value(format!("{name} is required"))),
        Some(other) => Err(ScimError::invalid_value(format!(
            "{name} must be a string, not {other}"
        ))),
    }
}

fn expect_type(
    attrs: &Map<String, Value>,
    name: &str,
    what: &str,
    is_ok: fn(&Value) -> bool,
) -> Result<(), ScimError> {
    match get_ci(attrs, name) {
        Some(value) if !value.is_null() && !is_ok(value) => Err(ScimError::invalid_value(format!(
            "{name} must be {what}, not {value}"
        ))),
        _ => Ok(()),
    }
}

/// Whether an `If-Match` / `If-None-Match` list names `etag` (weak comparison).
fn etag_matches(header: &str, etag: &str) -> bool {
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
    header
        .split(',')
        .any(|tag| tag.trim() == "*" || opaque(tag) == opaque(etag))
}

fn check_if_match(request: &Request, resource: &Resource) -> Result<(), ScimError> {
    match request.header("If-Match") {
        Some(tags) if !etag_matches(tags, &resource.etag()) => {
            Err(ScimError::precondition_failed(format!(
                "If-Match {tags} does not match the current version {}",
                resource.etag()
            )))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: i64 = 1_700_000_000_000;

    fn server() -> ScimServer {
        ScimServer::new(ServerOptions::default(), NOW)
    }

    fn send(
        server: &mut ScimServer,
        method: &str,
        target: &str,
        body: Option<Value>,
    ) -> (u16, Value, Response) {
        let mut request = Request::new(method, target)
            .with_header("Authorization", "Bearer secret-token")
            .with_header("Host", "scim.test");
        if let Some(body) = body {
            request = request.with_body(body.to_string());
        }
        let response = server.handle(&request, NOW + 1000);
        let json = serde_json::from_str(&response.body).unwrap_or(Value::Null);
        (response.status, json, response)
    }

    fn new_user(user_name: &str) -> Value {
        json!({
            "schemas": [crate::USER_SCHEMA],
            "userName": user_name,
            "name": {"givenName": "Runscope123", "familyName": "Abcdefghi456"},
            "emails": [{"primary": true, "value": user_name, "type": "work"}],
            "displayName": "Runscope123 Abcdefghi456",
            "active": true
        })
    }

    fn total(server: &mut ScimServer, target: &str) -> Value {
        send(server, "GET", target, None).1["totalResults"].clone()
    }

    #[test]
    fn lists_users_as_okta_reads_them() {
        let mut server = server();
        let (status, body, response) = send(
            &mut server,
            "GET",
            "/scim/v2/Users?count=1&startIndex=1",
            None,
        );
        assert_eq!(status, 200);
        assert_eq!(
            response.header("Content-Type"),
            Some("application/scim+json")
        );
        assert_eq!(body["schemas"], json!([crate::LIST_RESPONSE_SCHEMA]));
        assert_eq!(
            (
                body["totalResults"].clone(),
                body["startIndex"].clone(),
                body["itemsPerPage"].clone()
            ),
            (json!(5), json!(1), json!(1))
        );
        let user = &body["Resources"][0];
        for path in [
            "/id",
            "/name/familyName",
            "/name/givenName",
            "/userName",
            "/active",
            "/emails/0/value",
        ] {
            assert!(user.pointer(path).is_some(), "{path}");
        }
        assert_eq!(
            user["meta"]["location"],
            format!(
                "http://scim.test/scim/v2/Users/{}",
                user["id"].as_str().unwrap_or_default()
            )
        );
        assert_eq!(user["meta"]["created"], "2023-11-14T22:13:20.000Z");
    }

    #[test]
    fn pages_through_users() {
        let mut server = server();
        let (_, body, _) = send(
            &mut server,
            "GET",
            "/scim/v2/Users?startIndex=4&count=10",
            None,
        );
        assert_eq!(body["itemsPerPage"], 2);
        assert_eq!(body["startIndex"], 4);
        assert_eq!(body["Resources"][0]["userName"], "kenji.tanaka@example.com");
        let (_, body, _) = send(&mut server, "GET", "/scim/v2/Users?startIndex=9", None);
        assert_eq!(
            (body["totalResults"].clone(), body["itemsPerPage"].clone()),
            (json!(5), json!(0))
        );
        assert_eq!(body["Resources"], json!([]));
    }

    #[test]
    fn filters_users_and_groups() {
        let mut server = server();
        let table = [
            ("/scim/v2/Users?filter=userName%20eq%20%22MARK.CHEN@example.com%22", 1),
            ("/scim/v2/Users?filter=userName eq \"abcdefgh@atko.com\"", 0),
            ("/scim/v2/Users?filter=emails.value co \"@example.com\" and active eq false", 1),
            ("/scim/v2/Users?filter=(displayName sw \"Ana\" or displayName sw \"Kenji\") and userName pr", 2),
            ("/scim/v2/Users?filter=displayName ne \"Ana Silva\"", 4),
            ("/scim/v2/Groups?filter=displayName eq \"sales\"", 1),
            ("/scim/v2/Users?filter=externalId pr", 0),
        ];
        for (target, expected) in table {
            assert_eq!(total(&mut server, target), json!(expected), "{target}");
        }
        let (_, body, _) = send(&mut server, "GET", "/scim/v2/Users?count=1", None);
        let id = body["Resources"][0]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert_eq!(
            total(
                &mut server,
                &format!("/scim/v2/Users?filter=id eq \"{id}\"")
            ),
            json!(1)
        );
        assert_eq!(
            total(
                &mut server,
                &format!("/scim/v2/Groups?filter=members.value eq \"{id}\"")
            ),
            json!(1)
        );
    }

    #[test]
    fn a_bad_filter_is_400() {
        let mut server = server();
        let (status, body, _) = send(
            &mut server,
            "GET",
            "/scim/v2/Users?filter=userName eq",
            None,
        );
        assert_eq!(status, 400);
        assert_eq!(body["scimType"], "invalidFilter");
        assert_eq!(body["status"], "400");
    }

    #[test]
    fn creates_gets_and_refuses_a_duplicate_user_name() {
        let mut server = server();
        let (status, created, response) = send(
            &mut server,
            "POST",
            "/scim/v2/Users",
            Some(new_user("Runscope123Abcdefghi456@atko.com")),
        );
        assert_eq!(status, 201);
        let id = created["id"].as_str().unwrap_or_default().to_owned();
        let location = format!("http://scim.test/scim/v2/Users/{id}");
        assert_eq!(response.header("Location"), Some(location.as_str()));
        assert_eq!(response.header("ETag"), Some("W/\"1\""));
        assert_eq!(created["meta"]["resourceType"], "User");
        assert_eq!(created["meta"]["version"], "W/\"1\"");
        assert_eq!(created["meta"]["created"], "2023-11-14T22:13:21.000Z");
        assert_eq!(created["active"], true);

        let (status, fetched, _) = send(&mut server, "GET", &format!("/scim/v2/Users/{id}"), None);
        assert_eq!((status, fetched), (200, created));

        let (status, error, _) = send(
            &mut server,
            "POST",
            "/scim/v2/Users",
            Some(new_user("RUNSCOPE123ABCDEFGHI456@ATKO.COM")),
        );
        assert_eq!(status, 409);
        assert_eq!(error["scimType"], "uniqueness");
        assert_eq!(error["status"], "409");
        assert_eq!(
            total(
                &mut server,
                "/scim/v2/Users?filter=userName eq \"RUNSCOPE123ABCDEFGHI456@ATKO.COM\""
            ),
            json!(1)
        );
    }

    #[test]
    fn create_validates_the_body() {
        let mut server = server();
        let table = [
            (
                json!({"schemas": [crate::USER_SCHEMA]}),
                "userName is required",
            ),
            (json!({"userName": 5}), "userName must be a string, not 5"),
            (
                json!({"userName": "x", "active": "true"}),
                "active must be true or false, not \"true\"",
            ),
            (
                json!({"schemas": [crate::GROUP_SCHEMA], "userName": "x"}),
                "schemas must include urn:ietf:params:scim:schemas:core:2.0:User",
            ),
            (
                json!({"userName": "x", "emails": [{"type": "work"}]}),
                "every email must be an object with a string value",
            ),
        ];
        for (body, detail) in table {
            let (status, error, _) =
                send(&mut server, "POST", "/scim/v2/Users", Some(body.clone()));
            assert_eq!(
                (status, error["detail"].as_str()),
                (400, Some(detail)),
                "{body}"
            );
        }
        let mut request =
            Request::new("POST", "/scim/v2/Users").with_header("Authorization", "secret-token");
        request.body = b"{not json".to_vec();
        let response = server.handle(&request, NOW);
        assert_eq!(response.status, 400);
        assert!(response.body.contains("invalidSyntax"), "{}", response.body);
        request.body = vec![b'x'; crate::MAX_BODY_BYTES + 1];
        assert_eq!(server.handle(&request, NOW).status, 413);
    }

    #[test]
    fn replaces_patches_and_deletes_a_user() {
        let mut server = server();
        let (_, created, _) = send(
            &mut server,
            "POST",
            "/scim/v2/Users",
            Some(new_user("a@atko.com")),
        );
        let id = created["id"].as_str().unwrap_or_default().to_owned();
        let target = format!("/scim/v2/Users/{id}");

        let mut replacement = new_user("b@atko.com");
        replacement["id"] = json!(id);
        replacement["title"] = json!("Tester");
        let (status, replaced, response) = send(&mut server, "PUT", &target, Some(replacement));
        assert_eq!(status, 200);
        assert_eq!(
            (replaced["userName"].clone(), replaced["title"].clone()),
            (json!("b@atko.com"), json!("Tester"))
        );
        assert_eq!(response.header("ETag"), Some("W/\"2\""));

        let deactivate = json!({"schemas": [crate::PATCH_SCHEMA], "Operations": [{"op": "replace", "value": {"active": false}}]});
        let (status, patched, _) = send(&mut server, "PATCH", &target, Some(deactivate));
        assert_eq!(
            (
                status,
                patched["active"].clone(),
                patched["meta"]["version"].clone()
            ),
            (200, json!(false), json!("W/\"3\""))
        );

        let taken = json!({"schemas": [crate::PATCH_SCHEMA], "Operations": [{"op": "replace", "path": "userName", "value": "Barbara.Jensen@example.com"}]});
        assert_eq!(send(&mut server, "PATCH", &target, Some(taken)).0, 409);

        let (status, _, response) = send(&mut server, "DELETE", &target, None);
        assert_eq!((status, response.body.as_str()), (204, ""));
        let (status, error, _) = send(&mut server, "GET", &target, None);
        assert_eq!(status, 404);
        assert_eq!(error["detail"], format!("no user with id {id:?}"));
        assert_eq!(send(&mut server, "DELETE", &target, None).0, 404);
    }

    #[test]
    fn group_membership_through_patch() {
        let mut server = server();
        let (_, groups, _) = send(&mut server, "GET", "/scim/v2/Groups", None);
        assert_eq!(groups["totalResults"], 3);
        let support = groups["Resources"][2].clone();
        let group = format!(
            "/scim/v2/Groups/{}",
            support["id"].as_str().unwrap_or_default()
        );
        let (_, created, _) = send(
            &mut server,
            "POST",
            "/scim/v2/Users",
            Some(new_user("m@atko.com")),
        );
        let user_id = created["id"].as_str().unwrap_or_default().to_owned();

        let add = json!({"schemas": [crate::PATCH_SCHEMA], "Operations": [{"op": "add", "path": "members", "value": [{"value": user_id, "display": "m"}]}]});
        let (status, patched, _) = send(&mut server, "PATCH", &group, Some(add));
        assert_eq!(status, 200);
        assert_eq!(patched["members"].as_array().map(Vec::len), Some(2));
        assert_eq!(
            patched["members"][1]["$ref"],
            format!("http://scim.test/scim/v2/Users/{user_id}")
        );
        let (_, user, _) = send(
            &mut server,
            "GET",
            &format!("/scim/v2/Users/{user_id}"),
            None,
        );
        assert_eq!(user["groups"][0]["display"], "Support");

        let remove = json!({"schemas": [crate::PATCH_SCHEMA], "Operations": [{"op": "remove", "path": format!("members[value eq \"{user_id}\"]")}]});
        let (_, patched, _) = send(&mut server, "PATCH", &group, Some(remove));
        assert_eq!(patched["members"].as_array().map(Vec::len), Some(1));

        let unknown = json!({"schemas": [crate::PATCH_SCHEMA], "Operations": [{"op": "add", "path": "members", "value": [{"value": "nobody"}]}]});
        let (status, error, _) = send(&mut server, "PATCH", &group, Some(unknown));
        assert_eq!(
            (status, error["detail"].as_str()),
            (
                400,
                Some("member \"nobody\" is not the id of a user or group")
            )
        );

        let rename = json!({"schemas": [crate::PATCH_SCHEMA], "Operations": [{"op": "replace", "value": {"id": support["id"], "displayName": "Help Desk"}}]});
        let (_, patched, _) = send(&mut server, "PATCH", &group, Some(rename));
        assert_eq!(patched["displayName"], "Help Desk");
    }

    #[test]
    fn creates_and_deletes_groups() {
        let mut server = server();
        let (_, users, _) = send(&mut server, "GET", "/scim/v2/Users?count=2", None);
        let members: Vec<Value> = users["Resources"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|u| json!({"value": u["id"]}))
            .collect();
        let body = json!({"schemas": [crate::GROUP_SCHEMA], "displayName": "New", "members": [members[0], members[1], members[0]]});
        let (status, group, response) = send(&mut server, "POST", "/scim/v2/Groups", Some(body));
        assert_eq!(status, 201);
        assert_eq!(group["members"].as_array().map(Vec::len), Some(2));
        assert!(response
            .header("Location")
            .is_some_and(|l| l.contains("/Groups/")));
        let (_, list, _) = send(
            &mut server,
            "GET",
            "/scim/v2/Groups?excludedAttributes=members",
            None,
        );
        assert!(list["Resources"][0].get("members").is_none());
        assert_eq!(
            send(
                &mut server,
                "DELETE",
                &format!(
                    "/scim/v2/Groups/{}",
                    group["id"].as_str().unwrap_or_default()
                ),
                None
            )
            .0,
            204
        );
        assert_eq!(server.group_count(), 3);
        let (status, error, _) = send(
            &mut server,
            "POST",
            "/scim/v2/Groups",
            Some(json!({"members": []})),
        );
        assert_eq!(
            (status, error["detail"].as_str()),
            (400, Some("displayName is required"))
        );
    }

    #[test]
    fn etags_guard_writes_and_reads() {
        let mut server = server();
        let (_, users, _) = send(&mut server, "GET", "/scim/v2/Users?count=1", None);
        let target = format!(
            "/scim/v2/Users/{}",
            users["Resources"][0]["id"].as_str().unwrap_or_default()
        );
        let request = Request::new("GET", &target)
            .with_header("Authorization", "Bearer secret-token")
            .with_header("If-None-Match", "W/\"1\"");
        assert_eq!(server.handle(&request, NOW).status, 304);
        let request = Request::new("DELETE", &target)
            .with_header("Authorization", "Bearer secret-token")
            .with_header("If-Match", "W/\"7\"");
        let response = server.handle(&request, NOW);
        assert_eq!(response.status, 412);
        let request = Request::new("DELETE", &target)
            .with_header("Authorization", "Bearer secret-token")
            .with_header("If-Match", "\"1\"");
        assert_eq!(server.handle(&request, NOW).status, 204);
    }

    #[test]
    fn authentication() {
        let mut server = server();
        let table = [
            (Some("Bearer secret-token"), 200),
            (Some("bearer secret-token"), 200),
            (Some("secret-token"), 200),
            (Some("non-token"), 401),
            (Some("Bearer wrong"), 401),
            (None, 401),
        ];
        for (authorization, status) in table {
            let mut request = Request::new("GET", "/scim/v2/Users");
            if let Some(value) = authorization {
                request = request.with_header("Authorization", value);
            }
            let response = server.handle(&request, NOW);
            assert_eq!(response.status, status, "{authorization:?}");
            if status == 401 {
                let body: Value = serde_json::from_str(&response.body).unwrap_or(Value::Null);
                assert_eq!(body["status"], "401");
                assert_eq!(body["schemas"], json!([crate::ERROR_SCHEMA]));
                assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()));
            }
        }
    }

    #[test]
    fn routes_discovery_and_unknown_paths() {
        let mut server = server();
        let table = [
            ("GET", "/scim/v2/ServiceProviderConfig", 200),
            ("GET", "/scim/v2/ResourceTypes", 200),
            ("GET", "/scim/v2/ResourceTypes/User", 200),
            ("GET", "/scim/v2/ResourceTypes/Nope", 404),
            ("GET", "/scim/v2/Schemas", 200),
            (
                "GET",
                "/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group",
                200,
            ),
            ("GET", "/scim/v2/Schemas/urn:x", 404),
            ("POST", "/scim/v2/Schemas", 405),
            ("GET", "/scim/v2/Me", 501),
            ("POST", "/scim/v2/Bulk", 501),
            ("GET", "/scim/v2/Nope", 404),
            ("GET", "/other/Users", 404),
            ("GET", "/scim/v2users", 404),
            ("DELETE", "/scim/v2/Users", 405),
            ("POST", "/scim/v2/Users/abc", 405),
            ("GET", "/scim/v2/Users/", 200),
            ("HEAD", "/scim/v2/Users", 200),
        ];
        for (method, target, status) in table {
            let (actual, _, response) = send(&mut server, method, target, None);
            assert_eq!(actual, status, "{method} {target}: {}", response.body);
        }
        let (_, body, response) = send(&mut server, "DELETE", "/scim/v2/Users", None);
        assert_eq!(response.header("Allow"), Some("GET, POST"));
        assert_eq!(
            body["detail"],
            "method DELETE is not allowed here; allowed: GET, POST"
        );
        let (_, types, _) = send(&mut server, "GET", "/scim/v2/ResourceTypes", None);
        assert_eq!(types["totalResults"], 5);
        assert_eq!(
            types["Resources"][0]["meta"]["location"],
            "http://scim.test/scim/v2/ResourceTypes/User"
        );
    }

    #[test]
    fn base_path_and_public_url_options() {
        let options = ServerOptions {
            base_path: "/".to_owned(),
            public_base_url: Some("https://scim.example/".to_owned()),
            ..ServerOptions::default()
        };
        let mut server = ScimServer::new(options, NOW);
        assert_eq!(server.options().base_path, "");
        let (status, body, _) = send(&mut server, "GET", "/Users?count=1", None);
        assert_eq!(status, 200);
        assert!(body["Resources"][0]["meta"]["location"]
            .as_str()
            .is_some_and(|l| l.starts_with("https://scim.example/Users/")));
        let request =
            Request::new("GET", "/Users?count=1").with_header("Authorization", "secret-token");
        let options = ServerOptions {
            base_path: "api/scim/".to_owned(),
            ..ServerOptions::default()
        };
        let mut server = ScimServer::new(options, NOW);
        assert_eq!(server.handle(&request, NOW).status, 404);
        let request = Request::new("GET", "/api/scim/Users?count=1")
            .with_header("Authorization", "secret-token");
        let response = server.handle(&request, NOW);
        assert!(
            response.body.contains("\"location\":\"/api/scim/Users/"),
            "{}",
            response.body
        );
    }

    #[test]
    fn faults_change_answers_and_toggle_at_run_time() {
        let mut server = server();
        server.faults_mut().insert(Fault::WrongListSchema);
        let (_, body, _) = send(&mut server, "GET", "/scim/v2/Users", None);
        assert_eq!(
            body["schemas"],
            json!(["urn:ietf:params:scim:schemas:core:2.0:ListResponse"])
        );

        server.faults_mut().insert(Fault::CaseSensitiveFilter);
        assert_eq!(
            total(
                &mut server,
                "/scim/v2/Users?filter=userName eq \"MARK.CHEN@example.com\""
            ),
            json!(0)
        );
        assert_eq!(
            total(
                &mut server,
                "/scim/v2/Users?filter=userName eq \"mark.chen@example.com\""
            ),
            json!(1)
        );

        server.faults_mut().insert(Fault::PlainErrors);
        let (status, _, response) = send(&mut server, "GET", "/scim/v2/Users/x", None);
        assert_eq!(
            (status, response.body.as_str()),
            (404, "Not Found: no user with id \"x\"")
        );

        server.faults_mut().insert(Fault::EmptyOkForUnknown);
        let (status, _, response) = send(&mut server, "GET", "/scim/v2/Users/x", None);
        assert_eq!((status, response.body.as_str()), (200, ""));
        assert_eq!(
            send(&mut server, "DELETE", "/scim/v2/Groups/x", None).0,
            200
        );

        server.faults_mut().insert(Fault::Slow { ms: 700 });
        let (_, _, response) = send(&mut server, "GET", "/scim/v2/Users", None);
        assert_eq!(response.delay, Duration::from_millis(700));

        server.faults_mut().insert(Fault::NoGroups);
        assert_eq!(send(&mut server, "GET", "/scim/v2/Groups", None).0, 404);

        server.faults_mut().insert(Fault::AnyToken);
        assert_eq!(
            server
                .handle(&Request::new("GET", "/scim/v2/Users"), NOW)
                .status,
            200
        );

        server.faults_mut().insert(Fault::DuplicatesAccepted);
        assert_eq!(
            send(
                &mut server,
                "POST",
                "/scim/v2/Users",
                Some(new_user("mark.chen@example.com"))
            )
            .0,
            201
        );

        server.set_faults(Faults::new());
        assert_eq!(
            server
                .handle(&Request::new("GET", "/scim/v2/Users"), NOW)
                .status,
            401
        );
        assert_eq!(send(&mut server, "GET", "/scim/v2/Users/x", None).0, 404);
    }

    #[test]
    fn reset_restores_the_seed_with_the_same_ids() {
        let mut server = server();
        let (_, before, _) = send(&mut server, "GET", "/scim/v2/Users", None);
        send(
            &mut server,
            "POST",
            "/scim/v2/Users",
            Some(new_user("n@atko.com")),
        );
        let first = format!(
            "/scim/v2/Users/{}",
            before["Resources"][0]["id"].as_str().unwrap_or_default()
        );
        send(&mut server, "DELETE", &first, None);
        server.faults_mut().insert(Fault::AnyToken);
        server.reset(NOW);
        assert_eq!((server.user_count(), server.group_count()), (5, 3));
        assert!(server.faults().contains(Fault::AnyToken));
        let (_, after, _) = send(&mut server, "GET", "/scim/v2/Users", None);
        assert_eq!(before, after);
    }
}
