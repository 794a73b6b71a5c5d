//! What a run starts from: the [`Environment`] (initial variables, initial script, which
//! variables are secret) and the [`RunOptions`].

use serde::{Deserialize, Serialize};

use crate::hosts::HostPolicy;
use crate::model::SuiteEnvironment;

/// The starting point of a run: what Runscope calls an environment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Environment {
    /// A name for the environment; `runscope_environment` renders as this.
    pub name: String,
    /// Initial variables in order: name and template value. Each may use built-in
    /// functions and the variables before it.
    pub initial_variables: Vec<(String, String)>,
    /// The initial script (JavaScript), run once after the initial variables; empty for none.
    pub initial_script: String,
    /// Names of variables whose values are secret. Names [`is_secret_name`] accepts
    /// (`auth`, `accessKey`, `apiToken`, …) are secret anyway, and so is an initial variable
    /// whose template uses a secret one.
    ///
    /// [`is_secret_name`]: crate::is_secret_name
    pub secrets: Vec<String>,
}

impl Environment {
    /// An environment with these initial variables.
    ///
    /// # Example
    /// ```
    /// let env = suite_engine::Environment::with_variables([
    ///     ("SCIMBaseURL", "http://localhost:8081/scim/v2"),
    ///     ("auth", "Bearer secret-token"),
    /// ]);
    /// assert_eq!(env.initial_variables.len(), 2);
    /// ```
    pub fn with_variables<N: Into<String>, V: Into<String>>(
        vars: impl IntoIterator<Item = (N, V)>,
    ) -> Environment {
        Environment {
            initial_variables: vars
                .into_iter()
                .map(|(n, v)| (n.into(), v.into()))
                .collect(),
            ..Environment::default()
        }
    }
}

impl From<&SuiteEnvironment> for Environment {
    fn from(env: &SuiteEnvironment) -> Environment {
        Environment {
            name: env.name.clone(),
            initial_variables: env.initial_variables.clone(),
            initial_script: env.script.clone(),
            secrets: Vec::new(),
        }
    }
}

/// What to do with `pause` steps.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum PausePolicy {
    /// Wait as long as each pause says.
    #[default]
    Honour,
    /// Wait at most this many seconds per pause.
    CapAt {
        /// The longest wait, in seconds.
        seconds: f64,
    },
    /// Do not wait; pauses are reported skipped.
    Skip,
}

/// How to run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunOptions {
    /// What to do with pauses.
    pub pause_policy: PausePolicy,
    /// Skip every step after the first one that fails or errors.
    pub stop_on_first_failure: bool,
    /// Passed to the transport with each request.
    pub request_timeout_ms: u64,
    /// Passed to the script host with each script.
    pub script_time_limit_ms: u64,
    /// Request and response bodies longer than this are cut in the result (their full size
    /// is kept). Assertions always see the whole body.
    pub body_limit_bytes: u64,
    /// Seeds `random_int`, `random_string` and `uuid`.
    pub seed: u64,
    /// Sends each `Authorization: SSWS <API token>` header as `Bearer <value of this
    /// variable>` instead: Okta's API answers a browser only with an OAuth 2.0 access token.
    /// `None` (the default) sends the headers as the suite writes them.
    #[serde(default)]
    pub ssws_as_bearer: Option<String>,
    /// Which origins may receive secrets (see [`crate::plan_hosts`]). A request that would
    /// carry one elsewhere is not sent. Results written before this field mean `any`.
    #[serde(default)]
    pub host_policy: HostPolicy,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            pause_policy: PausePolicy::Honour,
            stop_on_first_failure: false,
            request_timeout_ms: 30_000,
            script_time_limit_ms: 5_000,
            body_limit_bytes: 256 * 1024,
            seed: 0,
            ssws_as_bearer: None,
            host_policy: HostPolicy::Any,
        }
    }
}
