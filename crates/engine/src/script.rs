//! Scripts: the caller's [`ScriptHost`] runs Runscope's JavaScript; the engine only hands
//! it what a script may see and applies what it returns.
//!
//! [`NoScriptHost`] runs nothing and says so: a suite still runs, with every non-empty script
//! reported as "not run: this runner has no script host". An empty (or blank) script is no
//! script and is never handed to the host.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::variables::{Variable, Variables};

/// When a script runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScriptKind {
    /// The environment's initial script, once before the first step.
    Initial,
    /// A step's `before_scripts`: before the request is sent; may change it.
    PreRequest,
    /// A step's `scripts`: after the response; may assert.
    PostResponse,
}

/// The `request` object a script sees. Name → values lists keep file order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptRequest {
    /// The method.
    pub method: String,
    /// The full URL.
    pub url: String,
    /// `http` or `https`.
    pub scheme: String,
    /// Host and port.
    pub host: String,
    /// The path, without the query.
    pub path: String,
    /// Query parameters, decoded.
    pub params: Vec<(String, Vec<String>)>,
    /// Headers.
    pub headers: Vec<(String, Vec<String>)>,
    /// Form fields, decoded, when the body is a URL-encoded form.
    pub form: Vec<(String, Vec<String>)>,
    /// The body text.
    pub body: String,
}

/// The `response` object a post-response script sees. Read-only.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScriptResponse {
    /// The status code.
    pub status: u16,
    /// The reason phrase.
    pub reason: String,
    /// Headers.
    pub headers: Vec<(String, Vec<String>)>,
    /// The body text.
    pub body: String,
    /// Milliseconds from sending to the full response.
    pub response_time_ms: f64,
    /// The body's size in bytes.
    pub size_bytes: u64,
}

/// One script to run.
#[derive(Clone, Copy, Debug)]
pub struct ScriptInput<'a> {
    /// When it runs.
    pub kind: ScriptKind,
    /// The JavaScript source; never blank.
    pub source: &'a str,
    /// The run's variables now (what `variables.get` reads).
    pub variables: &'a Variables,
    /// The request (pre-request and post-response scripts).
    pub request: Option<&'a ScriptRequest>,
    /// The response (post-response scripts).
    pub response: Option<&'a ScriptResponse>,
    /// Stop the script after this many milliseconds and report [`ScriptError::Timeout`].
    pub time_limit_ms: u64,
}

/// What a script did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScriptOutput {
    /// `variables.set` calls in order; later ones win.
    pub variables_set: Vec<Variable>,
    /// The request as the script left it, when it changed it (pre-request scripts).
    pub request: Option<ScriptRequest>,
    /// `log(…)` lines in order.
    pub logs: Vec<String>,
    /// `assert…` results in order.
    pub assertions: Vec<ScriptAssertion>,
    /// Why the script did not complete, if it did not.
    pub error: Option<ScriptError>,
}

/// One assertion made by a script (Chai's `assert`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptAssertion {
    /// Whether it held.
    pub passed: bool,
    /// The assertion's message.
    pub message: String,
    /// The expected value, when the assertion has one.
    pub expected: Option<String>,
    /// The actual value, when the assertion has one.
    pub actual: Option<String>,
}

/// Why a script did not complete.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScriptError {
    /// The script threw (a syntax error, a failed `assert`, a missing library).
    Thrown {
        /// The error's message.
        message: String,
    },
    /// The script ran past its time limit.
    Timeout {
        /// The limit, in milliseconds.
        limit_ms: u64,
    },
    /// The script used more memory than a script may (what it was given included).
    MemoryLimit {
        /// The limit, in megabytes (MiB).
        limit_mb: u64,
    },
    /// The script was not run: what it would be given (the response body above all) is too
    /// large to hand to a script.
    InputTooLarge {
        /// The size of the input, in megabytes (MiB), rounded up.
        size_mb: u64,
        /// The most a script may be given, in megabytes (MiB).
        limit_mb: u64,
    },
    /// The script was not run.
    Unavailable {
        /// Why: `this runner has no script host`.
        reason: String,
    },
}

impl ScriptError {
    /// Whether this error fails the step. A script that was not run does not: the step is
    /// judged on what did run, and the warning says what did not.
    pub fn fails_step(&self) -> bool {
        !matches!(self, ScriptError::Unavailable { .. })
    }
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScriptError::Thrown { message } => write!(f, "the script threw: {message}"),
            ScriptError::Timeout { limit_ms } => {
                write!(f, "the script ran longer than its limit of {limit_ms} ms")
            }
            ScriptError::MemoryLimit { limit_mb } => write!(
                f,
                "the script used more than {limit_mb} MB of memory and was stopped"
            ),
            ScriptError::InputTooLarge { size_mb, limit_mb } => write!(
                f,
                "not run: the response and variables it would read come to {size_mb} MB, \
                 more than the {limit_mb} MB a script may be given"
            ),
            ScriptError::Unavailable { reason } => write!(f, "not run: {reason}"),
        }
    }
}

impl std::error::Error for ScriptError {}

/// Runs Runscope scripts (JavaScript). Used through generics; the future need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait ScriptHost {
    /// Runs one script. Never called with a blank source.
    async fn run(&self, input: ScriptInput<'_>) -> ScriptOutput;
}

impl<S: ScriptHost + ?Sized> ScriptHost for &S {
    async fn run(&self, input: ScriptInput<'_>) -> ScriptOutput {
        (**self).run(input).await
    }
}

/// A script host that runs nothing: every script is reported "not run".
#[derive(Clone, Copy, Debug, Default)]
pub struct NoScriptHost;

impl ScriptHost for NoScriptHost {
    async fn run(&self, _input: ScriptInput<'_>) -> ScriptOutput {
        ScriptOutput {
            error: Some(ScriptError::Unavailable {
                reason: "this runner has no script host".into(),
            }),
            ..ScriptOutput::default()
        }
    }
}
