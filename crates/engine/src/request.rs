//! Building the request a step sends: render every template, encode the URL, pick the body,
//! add basic auth; applying what a pre-request script changed; and, when the run options
//! ask, sending Okta API tokens (`SSWS`) as OAuth 2.0 access tokens (`Bearer`).
//!
//! The body is, in order of preference: `body` when non-empty; else `form` as a URL-encoded
//! form; else `multipart_form` parts with a `name` and a `value`; else `graphql_body` as JSON;
//! else the older `data` (text, or JSON data written compactly). A `binary_body` is reported
//! as unsupported; `null`, `[]` and `{}` are no binary body, `{}` no GraphQL body.

use base64::Engine as _;
use serde_json::{json, Value};

use crate::model::RequestStep;
use crate::result::{Warning, WarningKind};
use crate::script::ScriptRequest;
use crate::template::{render, Problem, Scope};
use crate::transport::{Header, HttpRequest};
use crate::url;

/// A rendered request and what rendering noticed.
pub(crate) struct Built {
    pub request: HttpRequest,
    pub problems: Vec<Problem>,
    pub warnings: Vec<Warning>,
    /// Secret values met while building (the basic auth password), with their labels.
    pub secrets: Vec<(String, String)>,
}

pub(crate) fn warning(kind: WarningKind, subject: Option<&str>, message: String) -> Warning {
    Warning {
        kind,
        subject: subject.map(str::to_string),
        message,
    }
}

/// Renders a request step into a request to send.
pub(crate) fn build(step: &RequestStep, scope: &mut Scope<'_>, timeout_ms: u64) -> Built {
    let mut b = Built {
        request: HttpRequest {
            timeout_ms,
            ..HttpRequest::default()
        },
        problems: Vec::new(),
        warnings: Vec::new(),
        secrets: Vec::new(),
    };
    let text = |t: &str, b: &mut Built, scope: &mut Scope<'_>| {
        let r = render(t, scope);
        b.problems.extend(r.problems);
        r.text
    };
    let method = text(&step.method, &mut b, scope)
        .trim()
        .to_ascii_uppercase();
    b.request.method = if method.is_empty() {
        "GET".into()
    } else {
        method
    };

    let mut address = text(&step.url, &mut b, scope);
    let args = render_pairs(&step.args, &mut b, scope);
    address = url::append_query(&address, &args);
    b.request.url = url::encode(&address);

    for (name, values) in &step.headers {
        for v in values {
            let value = text(v, &mut b, scope);
            b.request.headers.push(Header::new(name.clone(), value));
        }
    }
    add_auth(step, scope, &mut b);
    b.request.body = body(step, scope, &mut b);
    b
}

fn render_pairs(
    pairs: &[(String, Vec<String>)],
    b: &mut Built,
    scope: &mut Scope<'_>,
) -> Vec<(String, Vec<String>)> {
    pairs
        .iter()
        .map(|(name, values)| {
            let values = values
                .iter()
                .map(|v| {
                    let r = render(v, scope);
                    b.problems.extend(r.problems);
                    r.text
                })
                .collect();
            (name.clone(), values)
        })
        .collect()
}

fn add_auth(step: &RequestStep, scope: &mut Scope<'_>, b: &mut Built) {
    let kind = step.auth.auth_type.trim();
    match kind {
        "" => {}
        "basic" => {
            let user = render(&step.auth.username, scope);
            let pass = render(&step.auth.password, scope);
            b.problems.extend(user.problems);
            b.problems.extend(pass.problems);
            let credential = base64::engine::general_purpose::STANDARD
                .encode(format!("{}:{}", user.text, pass.text));
            b.secrets.push(("auth password".into(), pass.text));
            b.request
                .headers
                .retain(|h| !h.name.eq_ignore_ascii_case("authorization"));
            b.request
                .headers
                .push(Header::new("Authorization", format!("Basic {credential}")));
        }
        other => b.warnings.push(warning(
            WarningKind::Unsupported,
            Some(other),
            format!(
                "auth type {other} works inside Runscope only; no Authorization header was added"
            ),
        )),
    }
}

fn has_header(b: &Built, name: &str) -> bool {
    b.request
        .headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case(name))
}

fn body(step: &RequestStep, scope: &mut Scope<'_>, b: &mut Built) -> Option<String> {
    if step.has_binary_body() {
        b.warnings.push(warning(
            WarningKind::Unsupported,
            Some("binary_body"),
            "binary bodies are not supported; the request was sent without it".into(),
        ));
    }
    if !step.body.is_empty() {
        let r = render(&step.body, scope);
        b.problems.extend(r.problems);
        return Some(r.text);
    }
    if !step.form.is_empty() {
        let form = render_pairs(&step.form, b, scope);
        if !has_header(b, "content-type") {
            b.request.headers.push(Header::new(
                "Content-Type",
                "application/x-www-form-urlencoded",
            ));
        }
        return Some(url::build_query(&form));
    }
    if !step.multipart_form.is_empty() {
        return multipart(&step.multipart_form, scope, b);
    }
    if let Some(query) = step.graphql_query() {
        let r = render(query, scope);
        b.problems.extend(r.problems);
        let variables = step
            .graphql_body
            .as_ref()
            .and_then(|g| g.get("variables"))
            .cloned()
            .unwrap_or(Value::Null);
        if !has_header(b, "content-type") {
            b.request
                .headers
                .push(Header::new("Content-Type", "application/json"));
        }
        return Some(json!({"query": r.text, "variables": variables}).to_string());
    }
    if let Some(data) = step.data_text() {
        let r = render(&data, scope);
        b.problems.extend(r.problems);
        return Some(r.text);
    }
    None
}

fn multipart(parts: &[Value], scope: &mut Scope<'_>, b: &mut Built) -> Option<String> {
    let boundary: String = std::iter::repeat_with(|| scope.rng.alphanumeric())
        .take(24)
        .collect();
    let mut body = String::new();
    for part in parts {
        let name = part.get("name").and_then(Value::as_str);
        let value = part.get("value").and_then(Value::as_str);
        let (Some(name), Some(value)) = (name, value) else {
            b.warnings.push(warning(
                WarningKind::Unsupported,
                Some("multipart_form"),
                "a multipart part without a text name and value (a file?) was left out".into(),
            ));
            continue;
        };
        let r = render(value, scope);
        b.problems.extend(r.problems);
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{}\r\n",
            r.text
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    b.request
        .headers
        .retain(|h| !h.name.eq_ignore_ascii_case("content-type"));
    b.request.headers.push(Header::new(
        "Content-Type",
        format!("multipart/form-data; boundary={boundary}"),
    ));
    Some(body)
}

/// Whether an `Authorization` header value uses Okta's API-token scheme, `SSWS <token>`
/// (the scheme word in any case).
///
/// # Example
/// ```
/// assert!(suite_engine::is_okta_api_token("SSWS 00QCjAl4MlV"));
/// assert!(!suite_engine::is_okta_api_token("Bearer eyJ"));
/// assert!(!suite_engine::is_okta_api_token("SSWSX"));
/// ```
pub fn is_okta_api_token(value: &str) -> bool {
    value
        .split_whitespace()
        .next()
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("SSWS"))
}

/// Replaces the value of each `Authorization: SSWS …` header with `Bearer <access_token>`,
/// in place, so the header keeps its position; `true` when any was replaced.
pub(crate) fn ssws_as_bearer(request: &mut HttpRequest, access_token: &str) -> bool {
    let mut replaced = false;
    for h in &mut request.headers {
        if h.name.eq_ignore_ascii_case("authorization") && is_okta_api_token(&h.value) {
            h.value = format!("Bearer {access_token}");
            replaced = true;
        }
    }
    replaced
}

/// Whether `request` sends an `Authorization: SSWS …` header.
pub(crate) fn sends_okta_api_token(request: &HttpRequest) -> bool {
    request
        .headers
        .iter()
        .any(|h| h.name.eq_ignore_ascii_case("authorization") && is_okta_api_token(&h.value))
}

/// Every variable a request step's templates use (method, URL, query, headers, body, form,
/// multipart parts, GraphQL query, older `data`, basic auth), in order, with repeats.
pub(crate) fn template_names(step: &RequestStep) -> Vec<String> {
    let mut texts: Vec<&str> = vec![&step.method, &step.url, &step.body];
    if let Some(Value::String(data)) = &step.data {
        texts.push(data);
    }
    for (_, values) in step.args.iter().chain(&step.headers).chain(&step.form) {
        texts.extend(values.iter().map(String::as_str));
    }
    texts.extend(
        step.multipart_form
            .iter()
            .filter_map(|p| p.get("value").and_then(Value::as_str)),
    );
    if let Some(Value::Object(g)) = &step.graphql_body {
        texts.extend(g.get("query").and_then(Value::as_str));
    }
    texts.push(&step.auth.username);
    texts.push(&step.auth.password);
    texts
        .into_iter()
        .flat_map(crate::template::variable_names)
        .collect()
}

/// Groups headers by name, in order of first appearance.
pub(crate) fn grouped(headers: &[Header]) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for h in headers {
        match out
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(&h.name))
        {
            Some((_, values)) => values.push(h.value.clone()),
            None => out.push((h.name.clone(), vec![h.value.clone()])),
        }
    }
    out
}

/// The `request` object a script sees.
pub(crate) fn to_script(req: &HttpRequest) -> ScriptRequest {
    let parts = url::parts(&req.url);
    let body = req.body.clone().unwrap_or_default();
    let is_form = req.headers.iter().any(|h| {
        h.name.eq_ignore_ascii_case("content-type")
            && h.value.contains("application/x-www-form-urlencoded")
    });
    ScriptRequest {
        method: req.method.clone(),
        url: req.url.clone(),
        scheme: parts.scheme,
        host: parts.host,
        path: parts.path,
        params: parts.params,
        headers: grouped(&req.headers),
        form: if is_form {
            url::parse_query(&body)
        } else {
            Vec::new()
        },
        body,
    }
}

/// Applies a script's changes: a changed `url` or `body` wins over `params` and `form`.
pub(crate) fn from_script(
    before: &ScriptRequest,
    after: &ScriptRequest,
    base: &HttpRequest,
) -> HttpRequest {
    let address = if after.url != before.url {
        after.url.clone()
    } else if after.params != before.params {
        url::with_query(&base.url, &after.params)
    } else {
        base.url.clone()
    };
    let body = if after.body != before.body {
        Some(after.body.clone())
    } else if after.form != before.form {
        Some(url::build_query(&after.form))
    } else {
        base.body.clone()
    };
    let method = after.method.trim().to_ascii_uppercase();
    HttpRequest {
        method: if method.is_empty() {
            base.method.clone()
        } else {
            method
        },
        url: url::encode(&address),
        headers: after
            .headers
            .iter()
            .flat_map(|(n, vs)| vs.iter().map(move |v| Header::new(n.clone(), v.clone())))
            .collect(),
        body: body.filter(|b| !b.is_empty() || base.body.is_some()),
        timeout_ms: base.timeout_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::Context;
    use crate::model::Auth;
    use crate::variables::Variables;

    fn built(step: &RequestStep, vars: &[(&str, &str)]) -> Built {
        let vars: Variables = vars.iter().copied().collect();
        let mut rng = fastrand::Rng::with_seed(1);
        let context = Context::default();
        let mut scope = Scope {
            vars: &vars,
            now_ms: 0.0,
            rng: &mut rng,
            context: &context,
        };
        build(step, &mut scope, 1000)
    }

    #[test]
    fn renders_and_encodes() {
        let step = RequestStep {
            url: "{{base}}/Users?filter=userName eq \"{{email}}\"".into(),
            headers: vec![("Authorization".into(), vec!["{{auth}}".into()])],
            body: "{\"userName\":\"{{email}}\"}".into(),
            ..RequestStep::default()
        };
        let b = built(
            &step,
            &[("base", "http://h"), ("email", "a@b"), ("auth", "Bearer t")],
        );
        assert_eq!(b.request.method, "GET");
        assert_eq!(
            b.request.url,
            "http://h/Users?filter=userName%20eq%20%22a@b%22"
        );
        assert_eq!(
            b.request.headers,
            [Header::new("Authorization", "Bearer t")]
        );
        assert_eq!(b.request.body.as_deref(), Some("{\"userName\":\"a@b\"}"));
        assert!(b.problems.is_empty());
    }

    #[test]
    fn basic_auth_builds_the_header() {
        let step = RequestStep {
            url: "http://h".into(),
            headers: vec![("authorization".into(), vec!["x".into()])],
            auth: Auth {
                auth_type: "basic".into(),
                username: "{{u}}".into(),
                password: "p4ss".into(),
                ..Auth::default()
            },
            ..RequestStep::default()
        };
        let b = built(&step, &[("u", "ann")]);
        assert_eq!(
            b.request.headers,
            [Header::new("Authorization", "Basic YW5uOnA0c3M=")]
        );
        assert_eq!(
            b.secrets,
            [("auth password".to_string(), "p4ss".to_string())]
        );
    }

    #[test]
    fn forms_and_other_auth() {
        let step = RequestStep {
            url: "http://h".into(),
            form: vec![("a b".into(), vec!["1&2".into()])],
            args: vec![("q".into(), vec!["x y".into()])],
            auth: Auth {
                auth_type: "oauth_2".into(),
                ..Auth::default()
            },
            ..RequestStep::default()
        };
        let b = built(&step, &[]);
        assert_eq!(b.request.url, "http://h?q=x%20y");
        assert_eq!(b.request.body.as_deref(), Some("a%20b=1%262"));
        assert_eq!(b.warnings.len(), 1);
        assert_eq!(
            b.warnings[0].message,
            "auth type oauth_2 works inside Runscope only; no Authorization header was added"
        );
    }

    #[test]
    fn only_authorization_headers_with_the_ssws_scheme_become_bearer() {
        let mut request = HttpRequest {
            headers: vec![
                Header::new("Accept", "application/json"),
                Header::new("authorization", "  ssws 00abc"),
                Header::new("X-Note", "SSWS stays in other headers"),
                Header::new("Authorization", "Bearer already"),
            ],
            ..HttpRequest::default()
        };
        assert!(sends_okta_api_token(&request));
        assert!(ssws_as_bearer(&mut request, "at-1"));
        assert_eq!(
            request.headers,
            [
                Header::new("Accept", "application/json"),
                Header::new("authorization", "Bearer at-1"),
                Header::new("X-Note", "SSWS stays in other headers"),
                Header::new("Authorization", "Bearer already"),
            ]
        );
        assert!(!sends_okta_api_token(&request));
        assert!(!ssws_as_bearer(&mut request, "at-2"));
    }

    #[test]
    fn script_changes_win_in_the_documented_order() {
        let base = HttpRequest {
            method: "GET".into(),
            url: "http://h/p?a=1".into(),
            headers: vec![Header::new("A", "1")],
            body: None,
            timeout_ms: 5,
        };
        let before = to_script(&base);
        let mut after = before.clone();
        after.params = vec![("a".into(), vec!["2".into()])];
        after.headers.push(("B".into(), vec!["2".into()]));
        let r = from_script(&before, &after, &base);
        assert_eq!(r.url, "http://h/p?a=2");
        assert_eq!(r.headers.len(), 2);
        after.url = "http://other/x y".into();
        after.body = "new".into();
        let r = from_script(&before, &after, &base);
        assert_eq!(r.url, "http://other/x%20y");
        assert_eq!(r.body.as_deref(), Some("new"));
    }
}
