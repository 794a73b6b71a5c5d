//! Problems before the run: what in a suite cannot run as written, step by step, found
//! without running anything, plus one summary line.

use std::collections::HashSet;

use crate::forbidden::{refused_header, refused_method};
use crate::libraries::missing_script_libraries;
use crate::model::{Assertion, Extraction, RequestStep, Step, Suite};
use crate::run::step_list;

/// Kinds of [`StepProblem`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// A `step_type` this runner does not know; the step will be skipped.
    UnknownStepType,
    /// A subtest or Ghost Inspector step; it runs inside Runscope only and will be skipped.
    RunscopeOnly,
    /// An assertion or condition comparison that is unknown or missing.
    UnknownComparison,
    /// An assertion or extraction source that is unknown or missing.
    UnknownSource,
    /// A request without a URL.
    MissingUrl,
    /// A URL that does not start with `http://`, `https://` or a variable.
    MalformedUrl,
    /// A method that is not an HTTP method name (`GET /ETC/PASSWD`).
    MalformedMethod,
    /// A variable nothing sets before the step and the environment does not supply.
    UndefinedVariable,
    /// A header or method a browser will not send as written.
    NotSentByBrowser,
    /// A script that uses a library this runner's sandbox lacks.
    MissingLibrary,
    /// A feature this runner does not support (OAuth, binary bodies).
    Unsupported,
}

impl ProblemKind {
    /// The kind in words, singular or plural: `undefined variable`, `undefined variables`.
    pub fn noun(self, count: usize) -> &'static str {
        let (one, many) = match self {
            ProblemKind::UnknownStepType => ("unknown step type", "unknown step types"),
            ProblemKind::RunscopeOnly => ("Runscope-only step", "Runscope-only steps"),
            ProblemKind::UnknownComparison => ("unknown comparison", "unknown comparisons"),
            ProblemKind::UnknownSource => ("unknown source", "unknown sources"),
            ProblemKind::MissingUrl => ("missing URL", "missing URLs"),
            ProblemKind::MalformedUrl => ("malformed URL", "malformed URLs"),
            ProblemKind::MalformedMethod => ("malformed method", "malformed methods"),
            ProblemKind::UndefinedVariable => ("undefined variable", "undefined variables"),
            ProblemKind::NotSentByBrowser => (
                "header or method a browser will not send",
                "headers or methods a browser will not send",
            ),
            ProblemKind::MissingLibrary => ("missing script library", "missing script libraries"),
            ProblemKind::Unsupported => ("unsupported feature", "unsupported features"),
        };
        if count == 1 {
            one
        } else {
            many
        }
    }
}

/// One thing in one step that will not run as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepProblem {
    /// The step: `[3]`, or `[3, 0]` for the first step inside step 3 (as in results).
    pub path: Vec<usize>,
    /// What kind of problem.
    pub kind: ProblemKind,
    /// The variable, header, comparison, source or library concerned, when there is one.
    pub subject: Option<String>,
    /// One sentence a tester understands.
    pub message: String,
}

/// Every problem of a suite, in step order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Problems {
    /// The problems, in step order.
    pub items: Vec<StepProblem>,
    /// How many steps the suite has, nested ones included.
    pub steps_total: usize,
}

impl Problems {
    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The problems of one step.
    pub fn for_step<'a>(&'a self, path: &'a [usize]) -> impl Iterator<Item = &'a StepProblem> {
        self.items.iter().filter(move |p| p.path == path)
    }

    /// One line for above the plan: `3 of 23 steps have problems: 2 undefined variables
    /// (steps 1 and 4), 1 unknown comparison (step 7).`
    pub fn summary(&self) -> String {
        if self.items.is_empty() {
            return match self.steps_total {
                0 => "The suite has no steps.".into(),
                1 => "The step can run as written.".into(),
                n => format!("All {n} steps can run as written."),
            };
        }
        let mut steps: Vec<&[usize]> = Vec::new();
        let mut kinds: Vec<(ProblemKind, usize, Vec<Vec<usize>>)> = Vec::new();
        let mut seen_steps = HashSet::new();
        for p in &self.items {
            if seen_steps.insert(p.path.as_slice()) {
                steps.push(&p.path);
            }
            match kinds.iter_mut().find(|(k, _, _)| *k == p.kind) {
                Some((_, n, paths)) => {
                    *n += 1;
                    if paths.last() != Some(&p.path) {
                        paths.push(p.path.clone());
                    }
                }
                None => kinds.push((p.kind, 1, vec![p.path.clone()])),
            }
        }
        let parts: Vec<String> = kinds
            .iter()
            .map(|(k, n, paths)| format!("{n} {} ({})", k.noun(*n), step_list(paths)))
            .collect();
        let has = if steps.len() == 1 { "has" } else { "have" };
        format!(
            "{} of {} steps {has} problems: {}.",
            steps.len(),
            self.steps_total,
            parts.join(", ")
        )
    }
}

impl Suite {
    /// What in the suite cannot run as written, step by step, before running it: unknown
    /// step types, comparisons and sources; missing or malformed URLs and methods;
    /// variables nothing sets before a step and `supplied` does not name (give the
    /// environment's variables and the names an initial script sets, e.g. with
    /// [`crate::script_sets`]); headers and methods a browser will not send; scripts that
    /// use a library this runner lacks; unsupported features.
    ///
    /// # Example
    /// ```
    /// let suite = suite_engine::load_suite(r#"{"steps": [
    ///     {"step_type": "request", "method": "GET /ETC/PASSWD", "url": "{{base}}/Users",
    ///      "assertions": [{"source": "response_json", "property": "id", "comparison": "roughly"}]},
    ///     {"step_type": "request", "url": "{{base}}/{{id}}"}
    /// ]}"#)?;
    /// let problems = suite.problems(&["base"]);
    /// assert_eq!(
    ///     problems.items.iter().map(|p| p.message.as_str()).collect::<Vec<_>>(),
    ///     [
    ///         "the method \"GET /ETC/PASSWD\" is not an HTTP method name",
    ///         "assertion 1 has an unknown comparison roughly",
    ///         "{{id}} is not defined: nothing sets it before this step and the environment does not give it",
    ///     ]
    /// );
    /// assert_eq!(
    ///     problems.summary(),
    ///     "2 of 2 steps have problems: 1 malformed method (step 1), 1 unknown comparison (step 1), \
    ///      1 undefined variable (step 2)."
    /// );
    /// # Ok::<(), suite_engine::LoadError>(())
    /// ```
    pub fn problems<S: AsRef<str>>(&self, supplied: &[S]) -> Problems {
        let supplied: HashSet<&str> = supplied.iter().map(AsRef::as_ref).collect();
        let mut check = Check::default();
        check.steps(&self.steps, &mut Vec::new());
        // Undefined variables, merged in at their steps (both lists are in step order).
        let needs = crate::needs::needs(&self.steps);
        let undefined = needs.by_step.into_iter().flat_map(|(path, names)| {
            names
                .into_iter()
                .filter(|n| !supplied.contains(n.as_str()))
                .map(move |name| StepProblem {
                    path: path.clone(),
                    kind: ProblemKind::UndefinedVariable,
                    message: format!(
                        "{{{{{name}}}}} is not defined: nothing sets it before this step and the environment does not give it"
                    ),
                    subject: Some(name),
                })
                .collect::<Vec<_>>()
        });
        let mut items = check.items;
        items.extend(undefined);
        // Stable: within a step, the checks above come before its undefined variables.
        items.sort_by(|a, b| a.path.cmp(&b.path));
        Problems {
            items,
            steps_total: self.counts().total,
        }
    }
}

#[derive(Default)]
struct Check {
    items: Vec<StepProblem>,
}

impl Check {
    fn add(&mut self, path: &[usize], kind: ProblemKind, subject: Option<&str>, message: String) {
        self.items.push(StepProblem {
            path: path.to_vec(),
            kind,
            subject: subject.map(str::to_string),
            message,
        });
    }

    fn steps(&mut self, steps: &[Step], path: &mut Vec<usize>) {
        for (i, step) in steps.iter().enumerate() {
            path.push(i);
            match step {
                Step::Request(r) => self.request(r, path),
                Step::Condition(c) => {
                    if let Some(why) = c.comparison.problem() {
                        self.add(
                            path,
                            ProblemKind::UnknownComparison,
                            Some(c.comparison.as_str()),
                            format!("the condition has an {why}; its steps will be skipped")
                                .replace("an no", "no"),
                        );
                    }
                    self.steps(&c.steps, path);
                }
                Step::Subtest(_) | Step::GhostInspector(_) => self.add(
                    path,
                    ProblemKind::RunscopeOnly,
                    Some(step.step_type()),
                    format!(
                        "{} steps run inside Runscope only; it will be skipped",
                        step.step_type()
                    ),
                ),
                Step::Pause(_) => {}
                Step::Unknown { step_type, .. } => {
                    let message = if step_type.trim().is_empty() {
                        "the step has no step type; it will be skipped".to_string()
                    } else {
                        format!("unknown step type {step_type}; it will be skipped")
                    };
                    self.add(path, ProblemKind::UnknownStepType, Some(step_type), message);
                }
            }
            path.pop();
        }
    }

    fn request(&mut self, r: &RequestStep, path: &[usize]) {
        let method = r.method.trim();
        if !method.is_empty() && !method.contains("{{") {
            if !is_token(method) {
                self.add(
                    path,
                    ProblemKind::MalformedMethod,
                    Some(method),
                    format!("the method \"{method}\" is not an HTTP method name"),
                );
            } else if let Some(why) = refused_method(method) {
                self.add(path, ProblemKind::NotSentByBrowser, Some(method), why);
            }
        }
        let url = r.url.trim();
        if url.is_empty() {
            self.add(
                path,
                ProblemKind::MissingUrl,
                None,
                "the step has no URL".into(),
            );
        } else if !starts_like_a_url(url) {
            let shown: String = url.chars().take(60).collect();
            self.add(
                path,
                ProblemKind::MalformedUrl,
                Some(url),
                format!("the URL \"{shown}\" does not start with http://, https:// or a variable"),
            );
        }
        for (name, _) in &r.headers {
            if let Some(why) = refused_header(name) {
                self.add(
                    path,
                    ProblemKind::NotSentByBrowser,
                    Some(name),
                    format!("a browser will not send the {name} header: {why}"),
                );
            }
        }
        self.assertions(&r.assertions, path);
        self.extractions(&r.variables, path);
        for script in r.before_scripts.iter().chain(&r.scripts) {
            for lib in missing_script_libraries(script) {
                if !self
                    .items
                    .iter()
                    .rev()
                    .take_while(|p| p.path == path)
                    .any(|p| {
                        p.kind == ProblemKind::MissingLibrary
                            && p.subject.as_deref() == Some(lib.name)
                    })
                {
                    self.add(
                        path,
                        ProblemKind::MissingLibrary,
                        Some(lib.name),
                        format!(
                            "a script uses {} (`{}`), which this runner does not have yet; it will fail",
                            lib.name, lib.global
                        ),
                    );
                }
            }
        }
        let auth = r.auth.auth_type.trim();
        if !auth.is_empty() && auth != "basic" {
            self.add(
                path,
                ProblemKind::Unsupported,
                Some(auth),
                format!("auth type {auth} works inside Runscope only; no Authorization header will be added"),
            );
        }
        if r.has_binary_body() {
            self.add(
                path,
                ProblemKind::Unsupported,
                Some("binary_body"),
                "binary bodies are not supported; the request will be sent without it".into(),
            );
        }
    }

    fn assertions(&mut self, assertions: &[Assertion], path: &[usize]) {
        for (i, a) in assertions.iter().enumerate() {
            let n = i + 1;
            if let Some(why) = a.comparison.problem() {
                let message = match why.strip_prefix("unknown comparison ") {
                    Some(term) => format!("assertion {n} has an unknown comparison {term}"),
                    None => format!("assertion {n} has no comparison"),
                };
                self.add(
                    path,
                    ProblemKind::UnknownComparison,
                    Some(a.comparison.as_str()),
                    message,
                );
            }
            if let Some(why) = a.source.problem() {
                let message = match why.strip_prefix("unknown source ") {
                    Some(term) => format!("assertion {n} has an unknown source {term}"),
                    None => format!("assertion {n} has no source"),
                };
                self.add(
                    path,
                    ProblemKind::UnknownSource,
                    Some(a.source.as_str()),
                    message,
                );
            }
        }
    }

    fn extractions(&mut self, extractions: &[Extraction], path: &[usize]) {
        for x in extractions {
            let Some(name) = x.name.as_deref().filter(|n| !n.trim().is_empty()) else {
                continue;
            };
            if let Some(why) = x.source.problem() {
                self.add(
                    path,
                    ProblemKind::UnknownSource,
                    Some(x.source.as_str()),
                    format!("variable {name} cannot be extracted: {why}"),
                );
            }
        }
    }
}

/// An HTTP token (RFC 9110 `tchar`s): what a method name is made of.
fn is_token(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn starts_like_a_url(url: &str) -> bool {
    let lower: String = url.chars().take(8).collect::<String>().to_ascii_lowercase();
    url.starts_with("{{") || lower.starts_with("http://") || lower.starts_with("https://")
}
