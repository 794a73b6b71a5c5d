//! The suite model: a Runscope test export as plain data.
//!
//! Field names are Runscope's own (snake_case, as in the files), so a reader of an export can
//! find every field here. Text fields are templates (`{{name}}`, see the crate docs); they are
//! kept exactly as written and rendered only when a run needs them.
//!
//! The model is built by [`crate::load_suite`], which is tolerant: a missing list is empty, a
//! `null` text is empty, a number where text is expected becomes its text, and fields this
//! crate does not know are kept in `extra`.

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::comparison::Comparison;
use crate::source::Source;

/// One Runscope test: what [`crate::load_suite`] returns. Serializes back to the export format
/// (`serde_json::to_string(&suite)` loads again to an equal suite).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Suite {
    /// The test's name.
    pub name: String,
    /// The test's description.
    pub description: String,
    /// The export format version, `"1.0"` in every known export; empty when absent.
    pub version: String,
    /// When the file was exported, in Unix seconds.
    pub exported_at: Option<i64>,
    /// Runscope's own trigger endpoint. Never called.
    pub trigger_url: String,
    /// The step count written by newer exports, if any.
    pub step_count: Option<u64>,
    /// What to run, in order.
    pub steps: Vec<Step>,
    /// Environments carried by the file (most exports have none).
    pub environments: Vec<SuiteEnvironment>,
    /// Top-level fields this crate does not use, kept as found.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
    /// Lowercase hex SHA-256 of the file text the suite was loaded from. Not written back.
    #[serde(skip)]
    pub sha256: String,
}

/// An environment carried by an export: initial variables and an initial script.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SuiteEnvironment {
    /// The environment's name.
    pub name: String,
    /// Initial variables in file order: name and template value.
    #[serde(serialize_with = "as_map")]
    pub initial_variables: Vec<(String, String)>,
    /// The initial script (JavaScript); empty when none.
    pub script: String,
    /// Other fields, kept as found.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One step of a suite, by its `step_type`. Serializes as in an export, `step_type` included.
// A suite has tens of steps; plain variants read better than boxes.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// `request`: send one HTTP request.
    Request(RequestStep),
    /// `pause`: wait.
    Pause(PauseStep),
    /// `condition`: compare two values, run the nested steps when true.
    Condition(ConditionStep),
    /// `subtest`: runs another Runscope test; reported skipped here.
    Subtest(SubtestStep),
    /// `ghost-inspector`: a browser test; reported skipped here.
    GhostInspector(OtherStep),
    /// Any other `step_type`, kept as found and reported skipped.
    Unknown {
        /// The step's `step_type` as written.
        step_type: String,
        /// The whole step object.
        raw: Value,
    },
}

/// A `request` step.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RequestStep {
    /// Not run when true.
    pub skipped: bool,
    /// The step's title (a template).
    pub note: String,
    /// The HTTP method (a template); `GET` when empty.
    pub method: String,
    /// The URL (a template).
    pub url: String,
    /// Header names with their template values, in file order. Every value is sent.
    #[serde(serialize_with = "as_map")]
    pub headers: Vec<(String, Vec<String>)>,
    /// The body (a template); empty when none.
    pub body: String,
    /// URL-encoded form fields; the body when non-empty.
    #[serde(serialize_with = "as_map")]
    pub form: Vec<(String, Vec<String>)>,
    /// Multipart form parts, kept as found.
    pub multipart_form: Vec<Value>,
    /// A binary body, kept as found (`null`, `[]` or `{}` in every known export: none).
    pub binary_body: Option<Value>,
    /// A GraphQL body `{query, variables}`, kept as found (`{}` is none).
    pub graphql_body: Option<Value>,
    /// The request's auth settings.
    pub auth: Auth,
    /// Query parameters from older exports.
    #[serde(serialize_with = "as_map")]
    pub args: Vec<(String, Vec<String>)>,
    /// The body from older exports, kept as found: text (a template), or the body as parsed
    /// JSON data (seen beside `body` in Okta's beta suite).
    pub data: Option<Value>,
    /// Assertions on the response.
    pub assertions: Vec<Assertion>,
    /// Variables to extract from the response.
    pub variables: Vec<Extraction>,
    /// Pre-request scripts (JavaScript); an empty string is no script.
    pub before_scripts: Vec<String>,
    /// Post-response scripts (JavaScript); an empty string is no script.
    pub scripts: Vec<String>,
    /// Other fields, kept as found.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl RequestStep {
    /// Whether the step carries a binary body: `null`, `""`, `[]` and `{}` are none.
    pub fn has_binary_body(&self) -> bool {
        self.binary_body.as_ref().is_some_and(|v| !is_blank(v))
    }

    /// The GraphQL query, when the step has a GraphQL body with one.
    pub fn graphql_query(&self) -> Option<&str> {
        let query = self.graphql_body.as_ref()?.get("query")?.as_str()?;
        (!query.trim().is_empty()).then_some(query)
    }

    /// The older `data` body as a template: its text, or its JSON data written compactly;
    /// `None` when empty.
    pub fn data_text(&self) -> Option<std::borrow::Cow<'_, str>> {
        match self.data.as_ref()? {
            Value::String(s) if !s.is_empty() => Some(std::borrow::Cow::Borrowed(s)),
            v @ (Value::Object(_) | Value::Array(_)) if !is_blank(v) => {
                Some(std::borrow::Cow::Owned(v.to_string()))
            }
            _ => None,
        }
    }
}

/// `null`, `""`, `[]` or `{}`: what exports write for "none".
fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// The `auth` object of a request step: usually `{}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Auth {
    /// `basic`, `oauth_1`, `oauth_2` or empty.
    pub auth_type: String,
    /// The user name for basic auth (a template).
    pub username: String,
    /// The password for basic auth (a template). Always treated as a secret.
    pub password: String,
    /// Other fields (OAuth settings), kept as found.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A `pause` step.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PauseStep {
    /// Not run when true.
    pub skipped: bool,
    /// The step's title (a template).
    pub note: String,
    /// How long to wait, in seconds.
    pub duration: f64,
    /// Other fields, kept as found.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A `condition` step.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ConditionStep {
    /// Not run when true.
    pub skipped: bool,
    /// The step's title (a template).
    pub note: String,
    /// The left value (a template).
    pub left_value: String,
    /// The comparison, one of the assertion comparisons.
    pub comparison: Comparison,
    /// The right value (a template).
    pub right_value: String,
    /// The steps run when the comparison holds.
    pub steps: Vec<Step>,
    /// Other fields, kept as found.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A `subtest` step: needs Runscope's servers.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SubtestStep {
    /// Not run when true.
    pub skipped: bool,
    /// The step's title (a template).
    pub note: String,
    /// The referenced test.
    pub test_uuid: String,
    /// The referenced test's bucket.
    pub bucket_key: String,
    /// The environment to run the referenced test in.
    pub environment_uuid: String,
    /// Parameters passed to the referenced test, kept as found.
    pub params: Option<Value>,
    /// Assertions on the subtest's result.
    pub assertions: Vec<Assertion>,
    /// Variables taken from the subtest's result.
    pub variables: Vec<Extraction>,
    /// Other fields, kept as found.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A step this crate only reports (`ghost-inspector`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct OtherStep {
    /// Not run when true.
    pub skipped: bool,
    /// The step's title (a template).
    pub note: String,
    /// Every other field, kept as found.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An assertion: `{source, property, comparison, value}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Assertion {
    /// Where the actual value comes from, e.g. `response_json`.
    pub source: Source,
    /// The header name, JSON path or XPath; empty when unused.
    pub property: String,
    /// One of the 15 comparisons, e.g. `equal_number`.
    pub comparison: Comparison,
    /// The expected value (a template); `None` when the file has `null` or nothing.
    pub value: Option<String>,
}

/// A variable to extract: `{source, property, name}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Extraction {
    /// Where the value comes from, e.g. `response_json`.
    pub source: Source,
    /// The header name, JSON path or XPath; empty when unused.
    pub property: String,
    /// The variable to set. Entries without a name are ignored.
    pub name: Option<String>,
}

/// Writes name → value pairs as a JSON object, in order.
fn as_map<V: Serialize, S: Serializer>(pairs: &[(String, V)], s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(pairs.len()))?;
    for (k, v) in pairs {
        map.serialize_entry(k, v)?;
    }
    map.end()
}

impl Serialize for Step {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Tagged<'a, T> {
            step_type: &'a str,
            #[serde(flatten)]
            step: &'a T,
        }
        let step_type = self.step_type();
        match self {
            Step::Request(step) => Tagged { step_type, step }.serialize(s),
            Step::Pause(step) => Tagged { step_type, step }.serialize(s),
            Step::Condition(step) => Tagged { step_type, step }.serialize(s),
            Step::Subtest(step) => Tagged { step_type, step }.serialize(s),
            Step::GhostInspector(step) => Tagged { step_type, step }.serialize(s),
            Step::Unknown { raw, .. } => raw.serialize(s),
        }
    }
}

impl Step {
    /// The step's `step_type` as written in the file.
    pub fn step_type(&self) -> &str {
        match self {
            Step::Request(_) => "request",
            Step::Pause(_) => "pause",
            Step::Condition(_) => "condition",
            Step::Subtest(_) => "subtest",
            Step::GhostInspector(_) => "ghost-inspector",
            Step::Unknown { step_type, .. } => step_type,
        }
    }

    /// Whether the file marks the step as skipped.
    pub fn skipped(&self) -> bool {
        match self {
            Step::Request(s) => s.skipped,
            Step::Pause(s) => s.skipped,
            Step::Condition(s) => s.skipped,
            Step::Subtest(s) => s.skipped,
            Step::GhostInspector(s) => s.skipped,
            Step::Unknown { raw, .. } => raw.get("skipped").and_then(Value::as_bool) == Some(true),
        }
    }

    /// The step's note (its title template), empty when none.
    pub fn note(&self) -> &str {
        match self {
            Step::Request(s) => &s.note,
            Step::Pause(s) => &s.note,
            Step::Condition(s) => &s.note,
            Step::Subtest(s) => &s.note,
            Step::GhostInspector(s) => &s.note,
            Step::Unknown { raw, .. } => raw.get("note").and_then(Value::as_str).unwrap_or(""),
        }
    }
}

/// Counts of a suite's steps, nested steps included.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StepCounts {
    /// Every step, nested ones included.
    pub total: usize,
    /// `request` steps.
    pub requests: usize,
    /// `pause` steps.
    pub pauses: usize,
    /// The sum of the pauses' durations, in seconds.
    pub pause_seconds: f64,
}

impl Suite {
    /// Counts the suite's steps, nested steps included.
    ///
    /// # Example
    /// ```
    /// let suite = suite_engine::load_suite(r#"{"steps":[{"step_type":"pause","duration":5}]}"#)?;
    /// assert_eq!(suite.counts().pause_seconds, 5.0);
    /// # Ok::<(), suite_engine::LoadError>(())
    /// ```
    pub fn counts(&self) -> StepCounts {
        fn walk(steps: &[Step], c: &mut StepCounts) {
            for step in steps {
                c.total += 1;
                match step {
                    Step::Request(_) => c.requests += 1,
                    Step::Pause(p) => {
                        c.pauses += 1;
                        c.pause_seconds += p.duration;
                    }
                    Step::Condition(cond) => walk(&cond.steps, c),
                    _ => {}
                }
            }
        }
        let mut counts = StepCounts::default();
        walk(&self.steps, &mut counts);
        counts
    }

    /// The variables the suite uses but no step defines, in order of first use.
    ///
    /// These are what a user must supply (as initial variables or through an initial
    /// script). A name set by an extraction (`variables`) or by a script line of the form
    /// `variables.set("name", …)` counts as defined from that point of the run on: a use
    /// before it is still listed. Built-in functions such as `timestamp` are not variables.
    /// Notes are titles only and are not scanned. Linear in the suite's size.
    ///
    /// # Example
    /// ```
    /// let suite = suite_engine::load_suite(
    ///     r#"{"steps":[{"step_type":"request","url":"{{base}}/Users",
    ///        "variables":[{"source":"response_json","property":"Resources[0].id","name":"id"}]},
    ///       {"step_type":"request","url":"{{base}}/Users/{{id}}?attributes={{attributes}}"}]}"#,
    /// )?;
    /// assert_eq!(suite.variables_used(), ["base", "attributes"]);
    /// # Ok::<(), suite_engine::LoadError>(())
    /// ```
    pub fn variables_used(&self) -> Vec<String> {
        crate::needs::needs(&self.steps)
            .needs
            .into_iter()
            .map(|n| n.name)
            .collect()
    }

    /// Of [`Suite::variables_used`], those an environment supplies rather than a script:
    /// the ones that start a URL (a base URL), or appear in a header or basic auth
    /// (credentials). The rest are usually data an initial script sets, such as Okta's
    /// `randomEmail`.
    ///
    /// # Example
    /// ```
    /// let suite = suite_engine::load_suite(
    ///     r#"{"steps":[{"step_type":"request","url":"{{base}}/Users?filter={{email}}",
    ///        "headers":{"Authorization":["{{auth}}"]}}]}"#,
    /// )?;
    /// assert_eq!(suite.variables_used(), ["base", "email", "auth"]);
    /// assert_eq!(suite.environment_variables(), ["base", "auth"]);
    /// # Ok::<(), suite_engine::LoadError>(())
    /// ```
    pub fn environment_variables(&self) -> Vec<String> {
        crate::needs::needs(&self.steps)
            .needs
            .into_iter()
            .filter(|n| n.environment)
            .map(|n| n.name)
            .collect()
    }

    /// Warnings about the file itself: an unexpected export version, a `step_count` that
    /// does not match the steps.
    pub fn load_warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.version.is_empty() && self.version != "1.0" {
            out.push(format!(
                "export format version {} is not 1.0; the file may use fields this runner does not know",
                self.version
            ));
        }
        if let Some(n) = self.step_count {
            if usize::try_from(n).ok() != Some(self.steps.len()) {
                out.push(format!(
                    "the file says it has {n} steps but holds {}",
                    self.steps.len()
                ));
            }
        }
        out
    }
}

/// Names a script sets with a literal `variables.set("name", …)`: what an initial script
/// will define, found without running it.
///
/// # Example
/// ```
/// let names = suite_engine::script_sets(r#"variables.set("randomEmail", email);"#);
/// assert_eq!(names, ["randomEmail"]);
/// ```
pub fn script_sets(script: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = script;
    while let Some(at) = rest.find("variables.set(") {
        rest = &rest[at + "variables.set(".len()..];
        let trimmed = rest.trim_start();
        let Some(quote) = trimmed
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))
        else {
            continue;
        };
        let body = &trimmed[1..];
        if let Some(end) = body.find(quote) {
            out.push(body[..end].to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_sets_finds_literal_names() {
        let s = "variables.set(\"a\", 1); variables.set( 'b',x); variables.set(name, 2)";
        assert_eq!(script_sets(s), ["a", "b"]);
    }
}
