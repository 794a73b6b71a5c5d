//! Okta's suites in a browser: noticing, before a run, that a suite sends Okta API tokens
//! (`Authorization: SSWS …`) to an org a browser cannot call with them; the switch that
//! sends an OAuth 2.0 access token instead; and filling an endpoint variable (Okta's
//! `EntitlementEndpoint`) from the SCIM server's `/ResourceTypes`.

use serde_json::Value;
use suite_engine::{is_okta_api_token, Step};

use crate::environment::{base_before, Blocker};
use crate::session::LoadedSuite;
use crate::session::Session;

/// The variable that holds the access token the switch sends.
pub const ACCESS_TOKEN_VARIABLE: &str = "oktaAccessToken";

/// The resource type schemas of Okta's entitlement model ("Build a SCIM 2.0 server with
/// entitlements"): the types whose endpoints Okta reads entitlements and roles from.
pub const ENTITLEMENT_SCHEMAS: [&str; 2] = [
    "urn:okta:scim:schemas:core:1.0:Entitlement",
    "urn:okta:scim:schemas:core:1.0:Role",
];

/// Steps that send an Okta API token to a host that is not the in-page demo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiTokenNotice {
    /// The steps' numbers as the page shows them (`1`, `4.2`); empty when every such step
    /// goes to the demo (the notice then only holds the switch).
    pub steps: Vec<String>,
    /// The hosts they go to, where the environment names them; empty while it does not.
    pub hosts: Vec<String>,
    /// The switch is on: those headers go out as `Bearer <oktaAccessToken>`.
    pub bearer: bool,
}

/// The request that reads a server's resource types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceTypesRequest {
    /// `<base URL>/ResourceTypes`.
    pub url: String,
    /// The `Authorization` value the suite sends to that base URL, if it sends one.
    pub authorization: Option<String>,
}

impl Session {
    /// Whether the loaded suite sends `Authorization: SSWS …` to a host that is not one of
    /// `demo_hosts`: a host the environment does not name yet counts, so the notice is
    /// there before the tester fills anything in. With the switch on it stays (with no
    /// steps when all go to the demo), so the switch can be turned off again.
    pub fn api_token_notice(&self, demo_hosts: &[&str]) -> Option<ApiTokenNotice> {
        let suite = self.suite()?;
        let env = self.environment();
        let mut any = false;
        let mut notice = ApiTokenNotice {
            steps: Vec::new(),
            hosts: Vec::new(),
            bearer: self.settings().ssws_as_bearer,
        };
        for (number, step) in all_request_steps(suite) {
            let sends_api_token = step
                .headers
                .iter()
                .filter(|(name, _)| name.eq_ignore_ascii_case("authorization"))
                .flat_map(|(_, values)| values)
                .any(|v| is_okta_api_token(&env.render_known(v)));
            if !sends_api_token {
                continue;
            }
            any = true;
            let host = host_of(&env.render_known(&step.url));
            if host
                .as_deref()
                .is_some_and(|h| demo_hosts.iter().any(|d| d.eq_ignore_ascii_case(h)))
            {
                continue;
            }
            notice.steps.push(number);
            if let Some(host) = host {
                if !notice.hosts.contains(&host) {
                    notice.hosts.push(host);
                }
            }
        }
        (!notice.steps.is_empty() || (any && notice.bearer)).then_some(notice)
    }

    /// Turns the switch on or off. On, the environment asks for [`ACCESS_TOKEN_VARIABLE`]
    /// (a secret), and Run waits for it.
    pub fn set_ssws_as_bearer(&mut self, on: bool) {
        let mut settings = self.settings().clone();
        settings.ssws_as_bearer = on;
        self.set_settings(settings);
        if on && self.environment().find(ACCESS_TOKEN_VARIABLE).is_none() {
            self.add_variable(ACCESS_TOKEN_VARIABLE);
            self.set_secret(ACCESS_TOKEN_VARIABLE, true);
        }
    }

    /// Whether the variable is the access token the switch needs now: it stays while the
    /// switch is on.
    pub fn is_needed_access_token(&self, name: &str) -> bool {
        name == ACCESS_TOKEN_VARIABLE && self.settings().ssws_as_bearer
    }

    /// With the switch on, an empty access token keeps Run waiting.
    pub(crate) fn access_token_blocker(&self) -> Option<Blocker> {
        let env = self.environment();
        let empty = env
            .find(ACCESS_TOKEN_VARIABLE)
            .is_none_or(|v| v.value.trim().is_empty());
        (self.settings().ssws_as_bearer
            && empty
            && !env.script_sets().iter().any(|n| n == ACCESS_TOKEN_VARIABLE))
        .then(|| Blocker {
            variable: ACCESS_TOKEN_VARIABLE.into(),
            reason: format!(
                "Enter {ACCESS_TOKEN_VARIABLE}: with the Bearer switch on it is sent in place of the API token."
            ),
        })
    }

    /// The request that lists the resource types of the server endpoint variable `name`
    /// belongs to: `<its base URL>/ResourceTypes`, with the `Authorization` the suite sends
    /// there.
    ///
    /// # Errors
    /// A sentence saying what to enter first.
    pub fn resource_types_request(&self, name: &str) -> Result<ResourceTypesRequest, String> {
        let suite = self
            .suite()
            .ok_or_else(|| "Load a suite first.".to_string())?;
        let base = suite
            .tests
            .iter()
            .find_map(|t| base_before(t, name))
            .ok_or_else(|| format!("No request URL starts with a base URL followed by {name}."))?;
        let env = self.environment();
        let base_url = env
            .find(&base)
            .and_then(|v| v.value.lines().map(str::trim).find(|l| !l.is_empty()))
            .ok_or_else(|| {
                format!("Enter {base} first: the endpoints are read from its /ResourceTypes.")
            })?;
        let prefix = format!("{{{{{base}}}}}{{{{{name}}}}}");
        let authorization = all_request_steps(suite)
            .into_iter()
            .find(|(_, step)| step.url.trim_start().starts_with(&prefix))
            .and_then(|(_, step)| {
                step.headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))
                    .and_then(|(_, values)| values.first().cloned())
            });
        let authorization = match authorization {
            None => None,
            Some(template) => Some(env.render(&template).ok_or_else(|| {
                format!("Enter the values its Authorization header uses ({template}) first.")
            })?),
        };
        Ok(ResourceTypesRequest {
            url: format!("{}/ResourceTypes", base_url.trim_end_matches('/')),
            authorization,
        })
    }

    /// Fills endpoint variable `name` with the role and entitlement endpoints of a
    /// `/ResourceTypes` answer, one a line; how many.
    ///
    /// # Errors
    /// Why the answer gives none, in a sentence; the value stays as it was.
    pub fn fill_endpoints(&mut self, name: &str, status: u16, body: &str) -> Result<usize, String> {
        if status != 200 {
            return Err(format!(
                "/ResourceTypes answered {status}{}, so the endpoints could not be read.",
                match status {
                    401 | 403 => ": check the Authorization value",
                    404 => ": the server does not list its resource types",
                    _ => "",
                }
            ));
        }
        let endpoints = entitlement_endpoints(body)?;
        self.set_value(name, endpoints.join("\n"));
        Ok(endpoints.len())
    }

    /// Fills the environment for a server the page knows (the in-page demo): the variables
    /// `known` names take those values; other base URLs and URL-named variables the suite
    /// needs take `base_url`, and its other secrets `authorization`.
    pub fn fill_known(&mut self, known: &[(&str, String)], base_url: &str, authorization: &str) {
        let variables: Vec<(String, bool, bool, bool)> = self
            .environment()
            .variables
            .iter()
            .map(|v| {
                (
                    v.name.clone(),
                    v.role == crate::VariableRole::Environment,
                    v.base_url || v.name.to_ascii_lowercase().contains("url"),
                    v.secret,
                )
            })
            .collect();
        for (name, needed, is_url, secret) in variables {
            if let Some((_, value)) = known.iter().find(|(n, _)| *n == name) {
                self.set_value(&name, value.clone());
            } else if needed && is_url {
                self.set_value(&name, base_url.into());
            } else if needed && secret {
                self.set_value(&name, authorization.into());
            }
        }
    }
}

/// The endpoints of the resource types with Okta's entitlement or role schema in a
/// `/ResourceTypes` answer (a ListResponse, or a bare list), in its order.
///
/// # Errors
/// A sentence saying why there are none.
///
/// # Example
/// ```
/// let body = r#"{"Resources": [
///   {"name": "User", "endpoint": "/Users", "schema": "urn:ietf:params:scim:schemas:core:2.0:User"},
///   {"name": "Role", "endpoint": "/Roles", "schema": "urn:okta:scim:schemas:core:1.0:Role"}
/// ]}"#;
/// assert_eq!(session::entitlement_endpoints(body), Ok(vec!["/Roles".to_string()]));
/// ```
pub fn entitlement_endpoints(body: &str) -> Result<Vec<String>, String> {
    let json: Value = serde_json::from_str(body)
        .map_err(|_| "The /ResourceTypes answer is not JSON.".to_string())?;
    let types = json
        .get("Resources")
        .or(Some(&json))
        .and_then(Value::as_array)
        .ok_or_else(|| "The /ResourceTypes answer lists no resource types.".to_string())?;
    let mut endpoints: Vec<String> = Vec::new();
    for t in types {
        let schema = t.get("schema").and_then(Value::as_str).unwrap_or_default();
        let endpoint = t
            .get("endpoint")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let okta = ENTITLEMENT_SCHEMAS
            .iter()
            .any(|s| s.eq_ignore_ascii_case(schema.trim()));
        let endpoint = endpoint.trim();
        if !okta || endpoint.is_empty() || endpoint.contains(char::is_whitespace) {
            continue;
        }
        let endpoint = if endpoint.starts_with('/') {
            endpoint.to_string()
        } else {
            format!("/{endpoint}")
        };
        if !endpoints.contains(&endpoint) {
            endpoints.push(endpoint);
        }
    }
    if endpoints.is_empty() {
        return Err(format!(
            "The server's /ResourceTypes lists no role or entitlement types (schema {} or {}).",
            ENTITLEMENT_SCHEMAS[0], ENTITLEMENT_SCHEMAS[1]
        ));
    }
    Ok(endpoints)
}

/// Every request step of every test, numbered as the page shows them (`test 2, step 4` when
/// the file holds several tests).
fn all_request_steps(suite: &LoadedSuite) -> Vec<(String, &suite_engine::RequestStep)> {
    let several = suite.tests.len() > 1;
    suite
        .tests
        .iter()
        .enumerate()
        .flat_map(|(t, test)| {
            request_steps(&test.steps)
                .into_iter()
                .map(move |(number, step)| {
                    let number = if several {
                        format!("test {}, step {number}", t + 1)
                    } else {
                        number
                    };
                    (number, step)
                })
        })
        .collect()
}

/// Every request step with its number as the page shows it, conditions' steps included.
fn request_steps(steps: &[Step]) -> Vec<(String, &suite_engine::RequestStep)> {
    fn walk<'s>(
        steps: &'s [Step],
        prefix: &str,
        out: &mut Vec<(String, &'s suite_engine::RequestStep)>,
    ) {
        for (i, step) in steps.iter().enumerate() {
            let number = format!("{prefix}{}", i + 1);
            match step {
                Step::Request(r) => out.push((number, r)),
                Step::Condition(c) => walk(&c.steps, &format!("{number}."), out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(steps, "", &mut out);
    out
}

/// The host of an http(s) URL, lowercase, without user or port.
fn host_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?;
    if host_port.contains(['{', '}']) {
        return None;
    }
    let host = if host_port.starts_with('[') {
        host_port.split_inclusive(']').next()?
    } else {
        host_port.split(':').next()?
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_come_without_user_or_port() {
        assert_eq!(
            host_of("https://Dev-1.Okta.com/api/v1"),
            Some("dev-1.okta.com".into())
        );
        assert_eq!(
            host_of("http://u:p@127.0.0.1:8081"),
            Some("127.0.0.1".into())
        );
        assert_eq!(host_of("http://[::1]:8081/x"), Some("[::1]".into()));
        assert_eq!(host_of("{{oktaOrgUrl}}/api"), None);
        assert_eq!(host_of("ftp://x"), None);
    }
}
