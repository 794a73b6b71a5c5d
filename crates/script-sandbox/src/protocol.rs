//! What goes into the sandbox and what comes back, the same for both hosts: the job as JSON
//! text (the prelude's `begin` reads it; the worker also reads its limits), and the reply:
//! the prelude's output (`finish`, JSON text) with how the host stopped the script, if it did.
//!
//! Plain serde data, so it is tested natively; the worker's side is `worker/script-worker.mjs`.

use serde::{Deserialize, Serialize};
use suite_engine::{
    ScriptAssertion, ScriptError, ScriptInput, ScriptKind, ScriptOutput, ScriptRequest,
    ScriptResponse, Variable, Variables,
};

use crate::libraries::{libraries_for, missing_libraries};
use crate::limits::{FINISH_GRACE_MS, INPUT_LIMIT_BYTES, MEMORY_LIMIT_BYTES, STACK_LIMIT_BYTES};

const MB: usize = 1024 * 1024;

/// One script and everything it may see.
#[derive(Serialize)]
pub(crate) struct Job<'a> {
    /// Matches the reply to the job.
    pub id: u32,
    pub kind: ScriptKind,
    pub source: &'a str,
    pub variables: &'a Variables,
    pub request: Option<&'a ScriptRequest>,
    pub response: Option<&'a ScriptResponse>,
    pub time_limit_ms: u64,
    pub finish_grace_ms: u64,
    pub memory_limit_bytes: usize,
    pub stack_limit_bytes: usize,
    /// The library files the host evaluates before the script, in order (`chai`).
    pub libraries: Vec<&'static str>,
    /// The library globals the script names (`expect`, `should`).
    pub library_globals: Vec<&'static str>,
    /// Runscope's libraries this sandbox lacks, as `[global, name]`.
    pub missing_libraries: Vec<[&'static str; 2]>,
}

impl<'a> Job<'a> {
    pub(crate) fn new(id: u32, input: &ScriptInput<'a>) -> Job<'a> {
        let (libraries, library_globals) = libraries_for(input.source);
        Job {
            id,
            kind: input.kind,
            source: input.source,
            variables: input.variables,
            request: input.request,
            response: input.response,
            time_limit_ms: input.time_limit_ms,
            finish_grace_ms: FINISH_GRACE_MS,
            memory_limit_bytes: MEMORY_LIMIT_BYTES,
            stack_limit_bytes: STACK_LIMIT_BYTES,
            libraries,
            library_globals,
            missing_libraries: missing_libraries(),
        }
    }

    /// The job as JSON text.
    ///
    /// # Errors
    /// [`ScriptError::InputTooLarge`] when the job is larger than a script may be given;
    /// checked on the input's size before the (larger) text is made.
    pub(crate) fn to_json(&self) -> Result<String, ScriptError> {
        let too_large = |size: usize| ScriptError::InputTooLarge {
            size_mb: size.div_ceil(MB) as u64,
            limit_mb: (INPUT_LIMIT_BYTES / MB) as u64,
        };
        let estimate = self.input_size();
        if estimate > INPUT_LIMIT_BYTES {
            return Err(too_large(estimate));
        }
        let json = serde_json::to_string(self).map_err(|e| ScriptError::Thrown {
            message: format!("the script could not be given its input: {e}"),
        })?;
        if json.len() > INPUT_LIMIT_BYTES {
            return Err(too_large(json.len()));
        }
        Ok(json)
    }

    /// The bytes of text in the job, without JSON's punctuation and escapes.
    fn input_size(&self) -> usize {
        let pairs = |list: &[(String, Vec<String>)]| -> usize {
            list.iter()
                .map(|(name, values)| name.len() + values.iter().map(String::len).sum::<usize>())
                .sum()
        };
        let variables: usize = self
            .variables
            .iter()
            .map(|v| v.name.len() + v.value.len())
            .sum();
        let request = self.request.map_or(0, |r| {
            r.url.len() + r.body.len() + pairs(&r.headers) + pairs(&r.params) + pairs(&r.form)
        });
        let response = self
            .response
            .map_or(0, |r| r.body.len() + r.reason.len() + pairs(&r.headers));
        self.source.len() + variables + request + response
    }
}

/// How a host stopped a script.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Stop {
    /// It ran past its time limit.
    Timeout,
    /// It ran out of memory.
    Memory,
}

/// A message from the browser's worker.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub(crate) enum WorkerMessage {
    /// QuickJS is loaded; jobs may come.
    Ready,
    /// The worker is downloading the libraries a job needs; its answer comes after.
    Loading { id: u32 },
    /// QuickJS could not be loaded.
    Unavailable { reason: String },
    /// A job's reply.
    Done(Reply),
}

impl WorkerMessage {
    /// Reads the worker's message; `None` when it is not one.
    pub(crate) fn parse(text: &str) -> Option<WorkerMessage> {
        serde_json::from_str(text).ok()
    }
}

/// What a host answers for one job.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Reply {
    pub id: u32,
    pub stopped: Option<Stop>,
    /// The prelude's output (JSON text); `None` when the host could not get it.
    pub output: Option<String>,
    /// A failure of the host itself, not of the script.
    pub failure: Option<String>,
}

/// What the prelude's `finish` writes.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PreludeOutput {
    variables_set: Vec<Variable>,
    /// The request as the script left it (pre-request scripts); compared with what it was
    /// given.
    request: Option<ScriptRequest>,
    logs: Vec<String>,
    assertions: Vec<ScriptAssertion>,
    /// The message of what the script threw.
    thrown: Option<String>,
}

impl Reply {
    /// The engine's view of the reply to `input`.
    pub(crate) fn into_output(self, input: &ScriptInput<'_>) -> ScriptOutput {
        let (prelude, unreadable) = match self.output.as_deref().map(serde_json::from_str) {
            Some(Ok(output)) => (output, None),
            Some(Err(e)) => (
                PreludeOutput::default(),
                Some(format!("the script's output could not be read ({e})")),
            ),
            None => (PreludeOutput::default(), None),
        };
        let error = match self.stopped {
            Some(Stop::Timeout) => Some(ScriptError::Timeout {
                limit_ms: input.time_limit_ms,
            }),
            Some(Stop::Memory) => Some(ScriptError::MemoryLimit {
                limit_mb: (MEMORY_LIMIT_BYTES / MB) as u64,
            }),
            None => prelude
                .thrown
                .or(self
                    .failure
                    .map(|f| format!("the script sandbox failed: {f}")))
                .or(unreadable)
                .map(|message| ScriptError::Thrown { message }),
        };
        let request = match (input.kind, prelude.request, input.request) {
            (ScriptKind::PreRequest, Some(after), Some(before)) if changed(before, &after) => {
                Some(after)
            }
            _ => None,
        };
        ScriptOutput {
            variables_set: prelude.variables_set,
            request,
            logs: prelude.logs,
            assertions: prelude.assertions,
            error,
        }
    }
}

/// Whether the script changed the request. The prelude hands the script name → values
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

    fn reply_with_request(after: ScriptRequest) -> Reply {
        let output = serde_json::json!({ "request": after }).to_string();
        Reply {
            output: Some(output),
            ..Reply::default()
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
        assert_eq!(value["time_limit_ms"], 1000);
        assert_eq!(value["memory_limit_bytes"], MEMORY_LIMIT_BYTES);
        assert!(value["response"].is_null());
        assert_eq!(value["libraries"], serde_json::json!([]));
        assert_eq!(
            value["missing_libraries"][0],
            serde_json::json!(["xml2json", "xml2json"])
        );
    }

    #[test]
    fn a_job_too_large_to_give_a_script_is_refused_before_it_is_written() {
        let vars = Variables::new();
        let response = ScriptResponse {
            body: "x".repeat(INPUT_LIMIT_BYTES + 1),
            ..ScriptResponse::default()
        };
        let request = ScriptRequest::default();
        let mut big = input(&vars, &request);
        big.response = Some(&response);
        let error = Job::new(1, &big).to_json().err();
        assert_eq!(
            error.map(|e| e.to_string()).as_deref(),
            Some(
                "not run: the response and variables it would read come to 17 MB, \
                 more than the 16 MB a script may be given"
            )
        );
    }

    #[test]
    fn merged_or_reordered_names_are_no_change() {
        let vars = Variables::new();
        let before = header_request(&[("A", &["1"]), ("B", &["2"]), ("A", &["3"])]);
        let after = header_request(&[("B", &["2"]), ("A", &["1", "3"])]);
        let output = reply_with_request(after).into_output(&input(&vars, &before));
        assert_eq!(output.request, None);
        assert_eq!(output.error, None);
    }

    #[test]
    fn an_added_header_is_a_change() {
        let vars = Variables::new();
        let before = header_request(&[("A", &["1"])]);
        let after = header_request(&[("A", &["1"]), ("X-Trace", &["t"])]);
        let output = reply_with_request(after.clone()).into_output(&input(&vars, &before));
        assert_eq!(output.request, Some(after));
    }

    #[test]
    fn a_stop_is_the_error_and_keeps_what_the_script_did() {
        let vars = Variables::new();
        let request = ScriptRequest::default();
        let reply = Reply {
            stopped: Some(Stop::Memory),
            output: Some(r#"{"logs": ["before"], "thrown": null}"#.into()),
            ..Reply::default()
        };
        let output = reply.into_output(&input(&vars, &request));
        assert_eq!(output.logs, ["before"]);
        assert_eq!(
            output.error.map(|e| e.to_string()).as_deref(),
            Some("the script used more than 128 MB of memory and was stopped")
        );
        let message = WorkerMessage::parse(r#"{"type": "done", "id": 3, "stopped": "timeout"}"#);
        let Some(WorkerMessage::Done(reply)) = message else {
            panic!("a done message reads: {message:?}");
        };
        assert_eq!(reply.id, 3);
        let output = reply.into_output(&input(&vars, &request));
        assert_eq!(output.error, Some(ScriptError::Timeout { limit_ms: 1000 }));
    }

    #[test]
    fn a_host_failure_or_unreadable_output_is_a_thrown_error() {
        let vars = Variables::new();
        let request = ScriptRequest::default();
        let failed = Reply {
            failure: Some("the engine broke".into()),
            ..Reply::default()
        };
        assert_eq!(
            failed.into_output(&input(&vars, &request)).error,
            Some(ScriptError::Thrown {
                message: "the script sandbox failed: the engine broke".into()
            })
        );
        let garbled = Reply {
            output: Some("{".into()),
            ..Reply::default()
        };
        let error = garbled.into_output(&input(&vars, &request)).error;
        assert!(
            matches!(&error, Some(ScriptError::Thrown { message }) if message.starts_with("the script's output could not be read")),
            "{error:?}"
        );
    }

    #[test]
    fn worker_messages_read_and_others_do_not() {
        assert!(matches!(
            WorkerMessage::parse(r#"{"type": "ready"}"#),
            Some(WorkerMessage::Ready)
        ));
        assert!(matches!(
            WorkerMessage::parse(r#"{"type": "unavailable", "reason": "no wasm"}"#),
            Some(WorkerMessage::Unavailable { reason }) if reason == "no wasm"
        ));
        assert!(WorkerMessage::parse("not json").is_none());
        assert!(WorkerMessage::parse(r#"{"type": "done", "id": "x"}"#).is_none());
    }
}
