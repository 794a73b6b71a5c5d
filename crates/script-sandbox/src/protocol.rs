//! The messages between the page and the worker: one JSON text each way per script.
//!
//! Plain serde data, so it is tested natively; the worker's side is `js/runner.js`.

use serde::{Deserialize, Serialize};
use suite_engine::{
    ScriptAssertion, ScriptError, ScriptInput, ScriptKind, ScriptOutput, ScriptRequest,
    ScriptResponse, Variable, Variables,
};

/// What the page sends: one script and everything it may see.
#[derive(Serialize)]
pub(crate) struct Job<'a> {
    /// Matches the reply to the job.
    pub id: u32,
    pub kind: ScriptKind,
    pub source: &'a str,
    pub variables: &'a Variables,
    pub request: Option<&'a ScriptRequest>,
    pub response: Option<&'a ScriptResponse>,
}

impl<'a> Job<'a> {
    pub(crate) fn new(id: u32, input: &ScriptInput<'a>) -> Job<'a> {
        Job {
            id,
            kind: input.kind,
            source: input.source,
            variables: input.variables,
            request: input.request,
            response: input.response,
        }
    }

    pub(crate) fn to_json(&self) -> Result<String, String> {
        serde_json::to_string(self).map_err(|e| format!("the script could not be sent: {e}"))
    }
}

/// What the worker answers.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Reply {
    pub id: u32,
    pub variables_set: Vec<Variable>,
    /// The request as the script left it; compared with what it was given.
    pub request: Option<ScriptRequest>,
    pub logs: Vec<String>,
    pub assertions: Vec<ScriptAssertion>,
    /// The message of what the script threw.
    pub thrown: Option<String>,
    /// The script changed the worker in a way it could not undo; use a new worker.
    pub tainted: bool,
}

impl Reply {
    /// Reads the worker's answer; `None` when it is not a reply.
    pub(crate) fn parse(text: &str) -> Option<Reply> {
        serde_json::from_str(text).ok()
    }

    /// The engine's view of the reply to `input`.
    pub(crate) fn into_output(self, input: &ScriptInput<'_>) -> ScriptOutput {
        let request = match (input.kind, self.request, input.request) {
            (ScriptKind::PreRequest, Some(after), Some(before)) if changed(before, &after) => {
                Some(after)
            }
            _ => None,
        };
        ScriptOutput {
            variables_set: self.variables_set,
            request,
            logs: self.logs,
            assertions: self.assertions,
            error: self.thrown.map(|message| ScriptError::Thrown { message }),
        }
    }
}

/// Whether the script changed the request. The worker hands the script name → values
/// objects, which merge repeated names and may reorder them; neither is a change.
fn changed(before: &ScriptRequest, after: &ScriptRequest) -> bool {
    let same_lists =
        |a: &[(String, Vec<String>)], b: &[(String, Vec<String>)]| canonical(a) == canonical(b);
    before.method != after.method
        || before.url != after.url
        || before.body != after.body
        || !same_lists(&before.params, &after.params)
        || !same_lists(&before.headers, &after.headers)
        || !same_lists(&before.form, &after.form)
}

/// Names with all their values, sorted by name.
fn canonical(pairs: &[(String, Vec<String>)]) -> Vec<(&str, Vec<&str>)> {
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    for (name, values) in pairs {
        let values = values.iter().map(String::as_str);
        match out.iter_mut().find(|(n, _)| n == name) {
            Some((_, vs)) => vs.extend(values),
            None => out.push((name, values.collect())),
        }
    }
    out.sort_by(|a, b| a.0.cmp(b.0));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(vars: &'a Variables, request: &'a ScriptRequest) -> ScriptInput<'a> {
        ScriptInput {
            kind: ScriptKind::PreRequest,
            source: "x",
            variables: vars,
            request: Some(request),
            response: None,
            time_limit_ms: 1000,
        }
    }

    fn header_request(headers: &[(&str, &[&str])]) -> ScriptRequest {
        ScriptRequest {
            method: "GET".into(),
            url: "http://h/p".into(),
            headers: headers
                .iter()
                .map(|(n, vs)| (n.to_string(), vs.iter().map(|v| v.to_string()).collect()))
                .collect(),
            ..ScriptRequest::default()
        }
    }

    #[test]
    fn the_job_is_the_input_as_json() {
        let vars: Variables = [("a", "1")].into_iter().collect();
        let request = header_request(&[("Accept", &["x"])]);
        let json = Job::new(7, &input(&vars, &request)).to_json();
        let json = json.expect("a job serializes");
        let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        assert_eq!(value["id"], 7);
        assert_eq!(value["kind"], "pre_request");
        assert_eq!(value["variables"][0]["name"], "a");
        assert_eq!(value["request"]["headers"][0][0], "Accept");
        assert!(value["response"].is_null());
    }

    #[test]
    fn merged_or_reordered_names_are_no_change() {
        let vars = Variables::new();
        let before = header_request(&[("A", &["1"]), ("B", &["2"]), ("A", &["3"])]);
        let after = header_request(&[("B", &["2"]), ("A", &["1", "3"])]);
        let reply = Reply {
            request: Some(after),
            ..Reply::default()
        };
        assert_eq!(reply.into_output(&input(&vars, &before)).request, None);
    }

    #[test]
    fn an_added_header_is_a_change() {
        let vars = Variables::new();
        let before = header_request(&[("A", &["1"])]);
        let after = header_request(&[("A", &["1"]), ("X-Trace", &["t"])]);
        let reply = Reply {
            request: Some(after.clone()),
            ..Reply::default()
        };
        assert_eq!(
            reply.into_output(&input(&vars, &before)).request,
            Some(after)
        );
    }

    #[test]
    fn a_reply_reads_leniently_and_a_non_reply_is_none() {
        let reply = Reply::parse(r#"{"id": 3, "logs": ["a"], "thrown": "boom"}"#);
        let reply = reply.unwrap_or_default();
        assert_eq!((reply.id, reply.logs.len()), (3, 1));
        assert_eq!(reply.thrown.as_deref(), Some("boom"));
        assert!(Reply::parse("not json").is_none());
        assert!(Reply::parse(r#"{"id": "x"}"#).is_none());
    }
}
