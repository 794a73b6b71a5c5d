//! The environment the tester fills in: a value for each variable the suite needs, which of
//! them are secret, and the initial script.

use serde::{Deserialize, Serialize};
use suite_engine::{is_secret_variable, script_sets, Environment, Step, Suite};

/// Why a variable is offered as an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum VariableRole {
    /// A base URL or a credential: what an environment supplies. Run waits for these.
    Environment,
    /// Data the suite expects an initial script to set (Okta's `randomEmail`).
    Data,
    /// Added by the tester.
    Custom,
}

/// One variable's input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvVariable {
    pub name: String,
    pub value: String,
    pub secret: bool,
    pub role: VariableRole,
    /// The variable starts a request's URL: its value must be an http(s) URL.
    #[serde(default)]
    pub base_url: bool,
    /// The variable comes right after a base URL in a request's URL
    /// (`{{SCIMBaseURL}}{{EntitlementEndpoint}}`): an endpoint path, which may be given
    /// several values, one a line, and filled from the server's `/ResourceTypes`.
    #[serde(default)]
    pub endpoint: bool,
    /// A request's URL uses the variable: several values, one a line, run such a step once
    /// per value.
    #[serde(default)]
    pub in_url: bool,
    /// The value came from the suite file, not from the tester: a base URL from the file
    /// is not an approved host.
    #[serde(default)]
    pub from_suite: bool,
}

/// The variables and the initial script.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvironmentDraft {
    pub variables: Vec<EnvVariable>,
    pub initial_script: String,
    /// Keep secret values (and an initial script that sets secrets) across reloads.
    pub remember_secrets: bool,
}

/// What stops a run before it starts, said next to the field concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocker {
    /// The variable whose input needs attention.
    pub variable: String,
    /// One sentence: what to enter.
    pub reason: String,
}

impl EnvironmentDraft {
    /// Offers an input for each variable the tests need (each runs from the same
    /// environment), keeping values already entered. A test's own environment (rare in
    /// exports) fills what is still empty.
    pub fn adopt_tests(&mut self, tests: &[std::sync::Arc<Suite>]) {
        let mut used: Vec<String> = Vec::new();
        let mut environment: Vec<String> = Vec::new();
        let mut starts = UrlStarts::default();
        for suite in tests {
            for name in suite.variables_used() {
                if !used.contains(&name) {
                    used.push(name);
                }
            }
            environment.extend(suite.environment_variables());
            url_starts(&suite.steps, &mut starts);
        }
        let from_file = tests.iter().find_map(|t| t.environments.first());
        if let Some(env) = from_file {
            if self.initial_script.trim().is_empty() {
                self.initial_script = env.script.clone();
            }
        }
        let old = std::mem::take(&mut self.variables);
        let find = |name: &str| old.iter().find(|v| v.name == name);
        for name in used {
            let endpoint = starts.endpoints.iter().any(|(_, e)| *e == name);
            // An endpoint after a base URL is the tester's to give, like the base URL.
            let role = if environment.contains(&name) || endpoint {
                VariableRole::Environment
            } else {
                VariableRole::Data
            };
            let file_value = from_file
                .and_then(|e| e.initial_variables.iter().find(|(n, _)| *n == name))
                .map(|(_, v)| v.clone());
            let base_url = starts.base_urls.contains(&name);
            let in_url = starts.used.contains(&name);
            self.variables.push(match find(&name) {
                Some(v) => EnvVariable {
                    role,
                    base_url,
                    endpoint,
                    in_url,
                    ..v.clone()
                },
                None => EnvVariable {
                    secret: is_secret_variable(&name),
                    from_suite: file_value.as_ref().is_some_and(|v| !v.is_empty()),
                    value: file_value.unwrap_or_default(),
                    name,
                    role,
                    base_url,
                    endpoint,
                    in_url,
                },
            });
        }
        let custom: Vec<EnvVariable> = old
            .into_iter()
            .filter(|v| v.role == VariableRole::Custom && self.find(&v.name).is_none())
            .collect();
        self.variables.extend(custom);
    }

    pub fn find(&self, name: &str) -> Option<&EnvVariable> {
        self.variables.iter().find(|v| v.name == name)
    }

    fn find_mut(&mut self, name: &str) -> Option<&mut EnvVariable> {
        self.variables.iter_mut().find(|v| v.name == name)
    }

    /// Adds a tester's own variable; `false` when the name is empty or taken.
    pub fn add_custom(&mut self, name: &str) -> bool {
        let name = name.trim();
        if name.is_empty() || self.find(name).is_some() {
            return false;
        }
        self.variables.push(EnvVariable::custom(name));
        true
    }

    /// Removes a tester's own variable; the suite's stay.
    pub fn remove_custom(&mut self, name: &str) {
        self.variables
            .retain(|v| v.name != name || v.role != VariableRole::Custom);
    }

    pub fn set_value(&mut self, name: &str, value: String) {
        if let Some(v) = self.find_mut(name) {
            v.value = value;
            v.from_suite = false;
        }
    }

    pub fn set_secret(&mut self, name: &str, secret: bool) {
        if let Some(v) = self.find_mut(name) {
            v.secret = secret;
        }
    }

    /// `template` with each `{{name}}` replaced by that variable's value (its first line,
    /// when it has several); `None` while a variable it uses has no value here (the
    /// initial script or an earlier step may set it).
    pub fn render(&self, template: &str) -> Option<String> {
        self.substitute(template, true)
    }

    /// `template` with the variables that have a value here replaced, the others left as
    /// written.
    pub fn render_known(&self, template: &str) -> String {
        self.substitute(template, false)
            .unwrap_or_else(|| template.to_string())
    }

    fn substitute(&self, template: &str, strict: bool) -> Option<String> {
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let Some((name, after)) = rest[start + 2..].split_once("}}") else {
                break;
            };
            let value = self
                .find(name.trim())
                .and_then(|v| v.value.lines().map(str::trim).find(|l| !l.is_empty()));
            match value {
                Some(value) => out.push_str(value),
                None if strict => return None,
                None => out.push_str(&rest[start..start + 4 + name.len()]),
            }
            rest = after;
        }
        out.push_str(rest);
        Some(out)
    }

    /// Names the initial script sets, found without running it.
    pub fn script_sets(&self) -> Vec<String> {
        script_sets(&self.initial_script)
    }

    /// The suite's data variables that neither the initial script nor the tester sets.
    pub fn data_unset(&self) -> Vec<&str> {
        let set = self.script_sets();
        self.variables
            .iter()
            .filter(|v| v.role == VariableRole::Data && v.value.is_empty())
            .filter(|v| !set.contains(&v.name))
            .map(|v| v.name.as_str())
            .collect()
    }

    /// The first thing that keeps a run from starting: a base URL or credential that is
    /// empty (and not set by the initial script), or a URL that is not one.
    pub fn blocker(&self, page_is_https: bool) -> Option<Blocker> {
        let set = self.script_sets();
        self.variables
            .iter()
            .filter(|v| v.role == VariableRole::Environment && !set.contains(&v.name))
            .find_map(|v| {
                let reason = if v.value.trim().is_empty() {
                    Some(format!("Enter {} to run the suite.", v.name))
                } else {
                    v.check(page_is_https)
                        .filter(|c| c.blocks)
                        .map(|c| c.message)
                };
                reason.map(|reason| Blocker {
                    variable: v.name.clone(),
                    reason,
                })
            })
    }

    /// Whether the initial script sets a variable whose value is secret: then the script
    /// itself holds a secret and is remembered only when secrets are.
    pub fn script_holds_secret(&self) -> bool {
        self.script_sets()
            .iter()
            .any(|name| is_secret_variable(name) || self.find(name).is_some_and(|v| v.secret))
            || self
                .variables
                .iter()
                .filter(|v| v.secret && v.value.trim().len() >= 4)
                .any(|v| self.initial_script.contains(v.value.trim()))
    }

    /// What the engine runs with. Empty values are left out, so a variable the initial
    /// script sets is not overwritten by an empty input, and a missing one is reported.
    pub fn to_engine(&self) -> Environment {
        Environment {
            name: "local".into(),
            initial_variables: self
                .variables
                .iter()
                .filter(|v| !v.value.is_empty())
                .map(|v| (v.name.clone(), v.value.clone()))
                .collect(),
            initial_script: self.initial_script.clone(),
            secrets: self
                .variables
                .iter()
                .filter(|v| v.secret)
                .map(|v| v.name.clone())
                .collect(),
        }
    }

    /// A copy fit to keep across reloads: secret values, and an initial script holding a
    /// secret, only when the tester asked.
    pub fn to_remember(&self) -> EnvironmentDraft {
        if self.remember_secrets {
            return self.clone();
        }
        let mut kept = self.clone();
        for v in &mut kept.variables {
            if v.secret {
                v.value.clear();
            }
        }
        if self.script_holds_secret() {
            kept.initial_script.clear();
        }
        kept
    }
}

/// How request URLs start: the variable first (`{{SCIMBaseURL}}/Users`), and the variable
/// right after it (`{{SCIMBaseURL}}{{EntitlementEndpoint}}`), nested steps included.
#[derive(Default)]
struct UrlStarts {
    base_urls: Vec<String>,
    /// Base URL and endpoint variable pairs.
    endpoints: Vec<(String, String)>,
    /// Every variable a URL uses.
    used: Vec<String>,
}

fn url_starts(steps: &[Step], out: &mut UrlStarts) {
    for step in steps {
        match step {
            Step::Request(r) => {
                for name in variables_in(&r.url) {
                    if !out.used.contains(&name) {
                        out.used.push(name);
                    }
                }
                let Some((base, rest)) = leading_variable(&r.url) else {
                    continue;
                };
                if !out.base_urls.contains(&base) {
                    out.base_urls.push(base.clone());
                }
                if let Some((endpoint, _)) = leading_variable(rest) {
                    let pair = (base, endpoint);
                    if !out.endpoints.contains(&pair) {
                        out.endpoints.push(pair);
                    }
                }
            }
            Step::Condition(c) => url_starts(&c.steps, out),
            _ => {}
        }
    }
}

/// The variables a template uses (`{{name}}`, not built-in functions).
fn variables_in(template: &str) -> Vec<String> {
    template
        .split("{{")
        .skip(1)
        .filter_map(|part| part.split_once("}}"))
        .map(|(name, _)| name.trim().to_string())
        .filter(|name| !name.is_empty() && !name.contains('('))
        .collect()
}

/// The variable a template starts with, and the text after it.
fn leading_variable(template: &str) -> Option<(String, &str)> {
    let rest = template.trim_start().strip_prefix("{{")?;
    let (name, after) = rest.split_once("}}")?;
    let name = name.trim();
    (!name.is_empty() && !name.contains('(')).then(|| (name.to_string(), after))
}

/// The base URL variable that comes before endpoint variable `endpoint` in the suite's
/// URLs, if it is one.
pub(crate) fn base_before(suite: &Suite, endpoint: &str) -> Option<String> {
    let mut starts = UrlStarts::default();
    url_starts(&suite.steps, &mut starts);
    starts
        .endpoints
        .into_iter()
        .find(|(_, e)| e == endpoint)
        .map(|(base, _)| base)
}

impl EnvVariable {
    /// A tester's own variable, empty; secret when its name says so.
    pub fn custom(name: &str) -> EnvVariable {
        EnvVariable {
            name: name.to_string(),
            value: String::new(),
            secret: is_secret_variable(name),
            role: VariableRole::Custom,
            base_url: false,
            endpoint: false,
            in_url: false,
            from_suite: false,
        }
    }

    /// What looks wrong with this variable's value, if anything.
    pub fn check(&self, page_is_https: bool) -> Option<Check> {
        let value = self.value.trim();
        if value.is_empty() {
            None
        } else if self.base_url || self.name.to_ascii_lowercase().contains("url") {
            check_url(value, page_is_https)
        } else {
            check_variable(&self.name, value, page_is_https)
        }
    }
}

/// What looks wrong with a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub message: String,
    /// The run cannot work with this value (a base URL that is not a URL).
    pub blocks: bool,
}

/// The usual mistakes with a variable's value, caught before a run.
pub(crate) fn check_variable(name: &str, value: &str, page_is_https: bool) -> Option<Check> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if name.to_ascii_lowercase().contains("url") {
        return check_url(value, page_is_https);
    }
    if name == "auth" && !value.contains(' ') {
        return Some(Check {
            message: "The suite sends this as the whole Authorization header: include the scheme, as in \"Bearer <token>\".".into(),
            blocks: false,
        });
    }
    None
}

fn check_url(value: &str, page_is_https: bool) -> Option<Check> {
    let blocking = |message: &str| {
        Some(Check {
            message: message.into(),
            blocks: true,
        })
    };
    // Several values, one a line, run a step once per value: check each.
    if value.contains('\n') {
        return value
            .lines()
            .filter(|l| !l.trim().is_empty())
            .find_map(|l| check_url(l.trim(), page_is_https));
    }
    let lower = value.to_ascii_lowercase();
    let Some((scheme, rest)) = lower.split_once("://") else {
        return blocking("Not a URL: it should look like https://example.com/scim/v2");
    };
    if scheme != "http" && scheme != "https" {
        return blocking("The URL should start with http:// or https://");
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_ok = !host.is_empty()
        && !host.starts_with(':')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._:[]@%".contains(c));
    if !host_ok || value.chars().any(char::is_whitespace) {
        return blocking("Not a URL: it should look like https://example.com/scim/v2");
    }
    if value.ends_with('/') {
        return Some(Check {
            message: "Remove the trailing slash: the suite adds paths such as /Users itself."
                .into(),
            blocks: false,
        });
    }
    let hostname = host.rsplit('@').next().unwrap_or(host);
    let local = ["localhost", "127.0.0.1", "[::1]"]
        .iter()
        .any(|l| hostname == *l || hostname.starts_with(&format!("{l}:")));
    if page_is_https && scheme == "http" && !local {
        return Some(Check {
            message:
                "This page is served over https, so the browser will block requests to an http URL."
                    .into(),
            blocks: false,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked_without_a_browser() {
        let blocks = |v: &str| check_variable("SCIMBaseURL", v, false).is_some_and(|c| c.blocks);
        assert!(blocks("example.com/scim"));
        assert!(blocks("ftp://example.com"));
        assert!(blocks("https://"));
        assert!(blocks("https://exa mple.com"));
        assert!(!blocks("https://example.com/scim/v2"));
        assert!(!blocks("http://127.0.0.1:8081/scim/v2"));
        assert!(!blocks("https://[::1]:8443/scim"));
        let hint = check_variable("SCIMBaseURL", "https://example.com/", false);
        assert_eq!(hint.map(|c| c.blocks), Some(false));
        let mixed = check_variable("SCIMBaseURL", "http://example.com", true);
        assert!(mixed.is_some_and(|c| c.message.contains("https")));
        assert_eq!(
            check_variable("SCIMBaseURL", "http://localhost:8080", true),
            None
        );
    }

    #[test]
    fn auth_without_a_scheme_is_a_hint() {
        let c = check_variable("auth", "abc", false).expect("a hint");
        assert!(!c.blocks);
        assert_eq!(check_variable("auth", "Bearer abc", false), None);
    }
}
