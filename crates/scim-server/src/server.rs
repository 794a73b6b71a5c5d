//! The service provider: options, routing, authentication and the handlers of each endpoint.

use std::time::Duration;

use serde_json::{Map, Value};

use crate::discovery;
use crate::error::ScimError;
use crate::filter::{self, get_ci, is_core_schema, EvalOptions};
use crate::http::{percent_decode, Request, Response};
use crate::list::{list_response, ListQuery, Projection};
use crate::patch;
use crate::store::{location, Kind, Resource, Store};
use crate::{entitlements, user_state};
use scim_faults::{Fault, Faults};

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
