//! The host plan: before a run, every origin a suite will contact with the environment's
//! values, which requests go there and what secret each would carry.
//!
//! Values a run sets (by the initial script, another script or an extraction) are not
//! known before it: a request whose origin depends on one is listed as unknown, with why.
//! The plan is a forecast for the tester; what protects the secrets is the check at send
//! time, which also covers what no forecast can see (a script that changes a URL).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{origin_of, Carried};
use crate::functions::Context;
use crate::model::{script_sets, RequestStep, Step, Suite};
use crate::options::Environment;
use crate::request;
use crate::secrets::{is_secret_header, is_secret_variable, Secrets, MIN_PART};
use crate::template::{render, variable_names, Scope};
use crate::variables::Variables;

/// Where a suite's requests go. See [`plan_hosts`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostPlan {
    /// Each origin the suite will contact, in order of first use.
    pub hosts: Vec<PlannedHost>,
    /// Requests whose origin cannot be known before the run, with why.
    pub unknown: Vec<PlannedRequest>,
}

/// One origin and the requests that go to it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedHost {
    /// `scheme://host:port`, as [`origin_of`] writes it.
    pub origin: String,
    /// The requests that go there, in run order.
    pub requests: Vec<PlannedRequest>,
}

/// One request step, as the plan sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedRequest {
    /// The step's index path.
    pub path: Vec<usize>,
    /// Its note, rendered, secrets masked.
    pub note: String,
    /// Its URL rendered with the environment's values, secrets masked; values set during
    /// the run are left as written (`{{id}}`, percent-encoded).
    pub url: String,
    /// What secrets it would carry; empty when none. A host that receives any must be
    /// approved for the request to be sent.
    pub carries: Vec<Carried>,
    /// For a request whose origin is unknown, why: `its URL uses host, which a script sets`.
    pub unknown_because: Option<String>,
}

impl PlannedHost {
    /// Whether a request to this origin would carry a secret: the tester must approve it.
    pub fn receives_secrets(&self) -> bool {
        self.requests.iter().any(|r| !r.carries.is_empty())
    }
}

impl HostPlan {
    /// The origins that would receive a secret: what to ask the tester to approve.
    pub fn needing_approval(&self) -> Vec<&str> {
        self.hosts
            .iter()
            .filter(|h| h.receives_secrets())
            .map(|h| h.origin.as_str())
            .collect()
    }
}

/// Lists the origins `suite` will contact when run from `env`.
///
/// # Example
/// ```
/// use suite_engine::*;
/// let suite = load_suite(r#"{"steps": [
///     {"step_type": "request", "url": "{{SCIMBaseURL}}/Users", "headers": {"Authorization": ["{{auth}}"]}},
///     {"step_type": "request", "url": "https://status.example.com/ping"}]}"#)?;
/// let env = Environment::with_variables([
///     ("SCIMBaseURL", "http://127.0.0.1:8081/scim/v2"),
///     ("auth", "Bearer secret-token"),
/// ]);
/// let plan = plan_hosts(&suite, &env);
/// assert_eq!(plan.hosts.len(), 2);
/// assert_eq!(plan.needing_approval(), ["http://127.0.0.1:8081"]);
/// assert_eq!(plan.hosts[0].requests[0].carries, [Carried::Secret { label: "auth".into() }]);
/// let options = RunOptions { host_policy: HostPolicy::only(plan.needing_approval()), ..RunOptions::default() };
/// # let _ = options;
/// # Ok::<(), LoadError>(())
/// ```
pub fn plan_hosts(suite: &Suite, env: &Environment) -> HostPlan {
    let mut planner = Planner::new(suite, env);
    let mut plan = HostPlan::default();
    let mut index: HashMap<String, usize> = HashMap::new();
    planner.walk(&suite.steps, &[], &mut |request, origin| match origin {
        Some(origin) => {
            let at = *index.entry(origin.clone()).or_insert_with(|| {
                plan.hosts.push(PlannedHost {
                    origin,
                    requests: Vec::new(),
                });
                plan.hosts.len() - 1
            });
            plan.hosts[at].requests.push(request);
        }
        None => plan.unknown.push(request),
    });
    plan
}

struct Planner {
    vars: Variables,
    secrets: Secrets,
    secret_names: HashSet<String>,
    script_set: HashSet<String>,
    extracted: HashSet<String>,
    may_have_secrets: bool,
    rng: fastrand::Rng,
    context: Context,
}

impl Planner {
    fn new(suite: &Suite, env: &Environment) -> Planner {
        let mut p = Planner {
            vars: Variables::new(),
            secrets: Secrets::default(),
            secret_names: env.secrets.iter().cloned().collect(),
            script_set: script_sets(&env.initial_script).into_iter().collect(),
            extracted: HashSet::new(),
            may_have_secrets: false,
            rng: fastrand::Rng::with_seed(0),
            context: Context {
                environment: if env.name.is_empty() {
                    "local".into()
                } else {
                    env.name.clone()
                },
                test_name: suite.name.clone(),
            },
        };
        for (name, template) in &env.initial_variables {
            // The runner treats a value made from a secret as secret too.
            if variable_names(template).iter().any(|n| p.is_secret(n)) {
                p.secret_names.insert(name.clone());
            }
            let value = p.render(template);
            if p.is_secret(name) {
                p.secrets.add(name, &value);
            }
            p.vars.set(name.as_str(), value);
        }
        p.collect_set_names(&suite.steps);
        for name in p.script_set.iter().chain(&p.extracted) {
            p.vars.remove(name);
        }
        p.may_have_secrets = !p.secrets.is_empty() || p.suite_has_secrets(&suite.steps);
        p
    }

    fn is_secret(&self, name: &str) -> bool {
        is_secret_variable(name) || self.secret_names.contains(name)
    }

    fn render(&mut self, template: &str) -> String {
        let mut scope = Scope {
            vars: &self.vars,
            now_ms: 0.0,
            rng: &mut self.rng,
            context: &self.context,
        };
        render(template, &mut scope).text
    }

    /// Names that steps set: by their scripts' literal `variables.set` and by extractions.
    fn collect_set_names(&mut self, steps: &[Step]) {
        for step in steps {
            match step {
                Step::Request(r) => {
                    for script in r.before_scripts.iter().chain(&r.scripts) {
                        self.script_set.extend(script_sets(script));
                    }
                    let names = r.variables.iter().filter_map(|x| x.name.clone());
                    self.extracted.extend(names.filter(|n| !n.is_empty()));
                }
                Step::Subtest(s) => {
                    let names = s.variables.iter().filter_map(|x| x.name.clone());
                    self.extracted.extend(names.filter(|n| !n.is_empty()));
                }
                Step::Condition(c) => self.collect_set_names(&c.steps),
                _ => {}
            }
        }
    }

    /// Whether any request uses a secret variable, a credential header or basic auth.
    fn suite_has_secrets(&self, steps: &[Step]) -> bool {
        steps.iter().any(|step| match step {
            Step::Request(r) => {
                !r.auth.auth_type.trim().is_empty()
                    || r.headers.iter().any(|(name, _)| is_secret_header(name))
                    || request::template_names(r).iter().any(|n| self.is_secret(n))
            }
            Step::Condition(c) => self.suite_has_secrets(&c.steps),
            _ => false,
        })
    }

    fn walk(
        &mut self,
        steps: &[Step],
        prefix: &[usize],
        emit: &mut dyn FnMut(PlannedRequest, Option<String>),
    ) {
        for (i, step) in steps.iter().enumerate() {
            let mut path = prefix.to_vec();
            path.push(i);
            if step.skipped() {
                continue;
            }
            match step {
                Step::Request(r) => {
                    let (request, origin) = self.request(r, path);
                    emit(request, origin);
                }
                Step::Condition(c) => self.walk(&c.steps, &path, emit),
                _ => {}
            }
        }
    }

    fn request(
        &mut self,
        step: &RequestStep,
        path: Vec<usize>,
    ) -> (PlannedRequest, Option<String>) {
        let built = {
            let mut scope = Scope {
                vars: &self.vars,
                now_ms: 0.0,
                rng: &mut self.rng,
                context: &self.context,
            };
            request::build(step, &mut scope, 0)
        };
        let sent = &built.request;
        let mut carries: Vec<Carried> = Vec::new();
        let mut carry = |c: Carried| {
            if !carries.contains(&c) {
                carries.push(c);
            }
        };
        let texts = std::iter::once(sent.url.as_str())
            .chain(
                sent.headers
                    .iter()
                    .flat_map(|h| [h.name.as_str(), h.value.as_str()]),
            )
            .chain(sent.body.as_deref());
        for text in texts {
            if let Some(label) = self.secrets.first_in(text) {
                carry(Carried::Secret {
                    label: label.to_string(),
                });
            }
        }
        for h in &sent.headers {
            if is_secret_header(&h.name)
                && h.value.trim().len() >= MIN_PART
                && self.secrets.first_in(&h.value).is_none()
            {
                carry(Carried::Secret {
                    label: format!("{} header", h.name.trim()),
                });
            }
        }
        if built.secrets.iter().any(|(_, v)| !v.is_empty()) {
            carry(Carried::Secret {
                label: "auth password".into(),
            });
        }
        let names = request::template_names(step);
        for name in &names {
            if self.is_secret(name) {
                carry(Carried::Secret {
                    label: name.clone(),
                });
            } else if self.may_have_secrets && self.script_set.contains(name) {
                carry(Carried::ScriptVariable { name: name.clone() });
            }
        }
        if self.may_have_secrets && step.before_scripts.iter().any(|s| !s.trim().is_empty()) {
            carry(Carried::PreRequestScript);
        }
        let origin = origin_of(&sent.url).filter(|o| !o.contains('{'));
        let unknown_because = origin.is_none().then(|| self.why_unknown(step));
        let note = self.render(&step.note);
        let planned = PlannedRequest {
            path,
            note: self.secrets.mask_text(&note),
            url: self.secrets.mask_text(&sent.url),
            carries,
            unknown_because,
        };
        (planned, origin)
    }

    fn why_unknown(&self, step: &RequestStep) -> String {
        let mut names = variable_names(&step.url);
        for (_, values) in &step.args {
            names.extend(values.iter().flat_map(|v| variable_names(v)));
        }
        for name in &names {
            if self.script_set.contains(name) {
                return format!("its URL uses {name}, which a script sets during the run");
            }
            if self.extracted.contains(name) {
                return format!("its URL uses {name}, which a step takes from a response");
            }
            if self.vars.get(name).is_none() {
                return format!("its URL uses {name}, which has no value");
            }
        }
        "its URL is not a full http or https address".into()
    }
}
