//! Which variables a suite needs: one walk over the steps in run order, noting each use of
//! a variable that nothing in the suite could have set yet.
//!
//! Within a request step the order is Runscope's (and the runner's): pre-request scripts
//! set variables, then the request is rendered (method, URL, headers, form, args, body,
//! auth), then variables are extracted, post-response scripts run, and assertions are
//! rendered. A name counts as set from the first extraction or literal
//! `variables.set("name", …)` in a script onward, so a later step that sets it does not
//! hide an earlier use. Linear in the suite's size: sets and maps, no list searches.

use std::collections::{HashMap, HashSet};

use crate::model::{script_sets, RequestStep, Step};
use crate::template;

/// A variable the suite uses before anything in it sets it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Need {
    /// The variable's name.
    pub name: String,
    /// Whether one of those uses starts a URL or is in a header or basic auth: what an
    /// environment supplies (a base URL, a credential) rather than an initial script.
    pub environment: bool,
}

/// What the walk found.
#[derive(Default)]
pub(crate) struct Needs {
    /// In order of first use.
    pub needs: Vec<Need>,
    /// Each step (by path) with the names it uses before they are set, in order.
    pub by_step: Vec<(Vec<usize>, Vec<String>)>,
}

/// Walks `steps` in run order.
pub(crate) fn needs(steps: &[Step]) -> Needs {
    let mut walk = Walk::default();
    walk.steps(steps, &mut Vec::new());
    walk.out
}

#[derive(Default)]
struct Walk {
    defined: HashSet<String>,
    /// Index in `out.needs` of each name already needed.
    seen: HashMap<String, usize>,
    out: Needs,
}

impl Walk {
    fn steps(&mut self, steps: &[Step], path: &mut Vec<usize>) {
        for (i, step) in steps.iter().enumerate() {
            path.push(i);
            let mut here = Vec::new();
            match step {
                Step::Request(r) => self.request(r, &mut here),
                Step::Condition(c) => {
                    self.scan(&c.left_value, false, &mut here);
                    self.scan(&c.right_value, false, &mut here);
                }
                Step::Subtest(s) => {
                    for v in &s.variables {
                        self.define_opt(v.name.as_deref());
                    }
                }
                _ => {}
            }
            if !here.is_empty() {
                self.out.by_step.push((path.clone(), here));
            }
            if let Step::Condition(c) = step {
                self.steps(&c.steps, path);
            }
            path.pop();
        }
    }

    fn request(&mut self, r: &RequestStep, here: &mut Vec<String>) {
        for script in &r.before_scripts {
            self.scripts(script);
        }
        self.scan(&r.method, false, here);
        let url = r.url.trim_start();
        // The variable a URL starts with is a base URL; the rest of the URL is data.
        let names = template::variable_names(url);
        let starts_with_variable = url.starts_with("{{");
        for (i, name) in names.into_iter().enumerate() {
            self.use_name(name, starts_with_variable && i == 0, here);
        }
        for (_, values) in &r.headers {
            values.iter().for_each(|v| self.scan(v, true, here));
        }
        for (_, values) in r.form.iter().chain(&r.args) {
            values.iter().for_each(|v| self.scan(v, false, here));
        }
        self.scan(&r.body, false, here);
        if let Some(data) = r.data_text() {
            self.scan(&data, false, here);
        }
        self.scan(&r.auth.username, true, here);
        self.scan(&r.auth.password, true, here);
        if let Some(q) = r.graphql_query() {
            self.scan(q, false, here);
        }
        for v in &r.variables {
            self.define_opt(v.name.as_deref());
        }
        for script in &r.scripts {
            self.scripts(script);
        }
        for a in &r.assertions {
            self.scan(&a.property, false, here);
            self.scan(a.value.as_deref().unwrap_or(""), false, here);
        }
    }

    fn scripts(&mut self, script: &str) {
        for name in script_sets(script) {
            self.defined.insert(name);
        }
    }

    fn define_opt(&mut self, name: Option<&str>) {
        if let Some(n) = name.map(str::trim).filter(|n| !n.is_empty()) {
            self.defined.insert(n.to_string());
        }
    }

    fn scan(&mut self, text: &str, environment: bool, here: &mut Vec<String>) {
        if !text.contains("{{") {
            return;
        }
        for name in template::variable_names(text) {
            self.use_name(name, environment, here);
        }
    }

    fn use_name(&mut self, name: String, environment: bool, here: &mut Vec<String>) {
        if self.defined.contains(&name) {
            return;
        }
        match self.seen.get(&name) {
            Some(&i) => {
                if environment {
                    self.out.needs[i].environment = true;
                }
            }
            None => {
                self.seen.insert(name.clone(), self.out.needs.len());
                self.out.needs.push(Need {
                    name: name.clone(),
                    environment,
                });
            }
        }
        // A step uses few names: a list search here does not grow with the suite.
        if !here.contains(&name) {
            here.push(name);
        }
    }
}
