//! [`WorkerScriptHost`]: the engine's script host on a reused, replaceable worker.

use std::cell::{Cell, RefCell};
use std::fmt;

use suite_engine::{ScriptError, ScriptHost, ScriptInput, ScriptOutput};

use crate::protocol::{Job, Reply};
use crate::worker::{runner_url, Outcome, ScriptWorker};

/// Runs suite scripts in a sandboxed dedicated Web Worker.
///
/// One worker serves script after script. A script that runs past its time limit, or whose
/// run is dropped half-way (the run was cancelled), has its worker terminated; the next
/// script gets a new one. Dropping the host terminates its worker.
pub struct WorkerScriptHost {
    /// The runner's `blob:` URL, kept for the host's lifetime to start new workers.
    url: String,
    /// The worker waiting for the next script; empty while one runs.
    idle: RefCell<Option<ScriptWorker>>,
    next_id: Cell<u32>,
}

/// Why scripts cannot run in this browser; the app then runs suites with
/// [`suite_engine::NoScriptHost`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SandboxUnavailable {
    reason: String,
}

impl SandboxUnavailable {
    fn new(reason: impl Into<String>) -> SandboxUnavailable {
        SandboxUnavailable {
            reason: reason.into(),
        }
    }

    /// What went wrong, in the browser's words.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for SandboxUnavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "scripts cannot run: this browser did not start a script worker ({})",
            self.reason
        )
    }
}

impl std::error::Error for SandboxUnavailable {}

impl WorkerScriptHost {
    /// Starts the worker.
    ///
    /// # Errors
    /// [`SandboxUnavailable`] when the browser refuses a `blob:` worker (no Web Workers, or
    /// a Content Security Policy without `worker-src blob:`), or outside a browser.
    pub fn new() -> Result<WorkerScriptHost, SandboxUnavailable> {
        if !cfg!(target_arch = "wasm32") {
            return Err(SandboxUnavailable::new("scripts run only in a browser"));
        }
        let url = runner_url().map_err(SandboxUnavailable::new)?;
        let worker = match ScriptWorker::spawn(&url) {
            Ok(worker) => worker,
            Err(reason) => {
                let _ = web_sys::Url::revoke_object_url(&url);
                return Err(SandboxUnavailable::new(reason));
            }
        };
        Ok(WorkerScriptHost {
            url,
            idle: RefCell::new(Some(worker)),
            next_id: Cell::new(0),
        })
    }

    async fn try_run(&self, input: &ScriptInput<'_>) -> Result<ScriptOutput, ScriptError> {
        let id = self.next_id.get().wrapping_add(1);
        self.next_id.set(id);
        let job = Job::new(id, input).to_json().map_err(thrown)?;
        let lease = self.lease().map_err(thrown)?;
        let outcome = lease.worker.run(&job, input.time_limit_ms).await;
        match outcome {
            Outcome::Reply(text) => match Reply::parse(&text) {
                Some(reply) if reply.id == id => {
                    if !reply.tainted {
                        lease.give_back();
                    }
                    Ok(reply.into_output(input))
                }
                _ => Err(thrown("the script sandbox answered out of turn".into())),
            },
            Outcome::TimedOut => Err(ScriptError::Timeout {
                limit_ms: input.time_limit_ms,
            }),
            Outcome::Failed(reason) => Err(thrown(format!("the script sandbox failed: {reason}"))),
        }
    }

    /// The idle worker, or a new one when it is busy or was terminated.
    fn lease(&self) -> Result<Lease<'_>, String> {
        let idle = self.idle.try_borrow_mut().ok().and_then(|mut w| w.take());
        let worker = match idle {
            Some(worker) => worker,
            None => ScriptWorker::spawn(&self.url)?,
        };
        Ok(Lease {
            host: self,
            worker,
            returned: false,
        })
    }
}

impl ScriptHost for WorkerScriptHost {
    async fn run(&self, input: ScriptInput<'_>) -> ScriptOutput {
        self.try_run(&input)
            .await
            .unwrap_or_else(|error| ScriptOutput {
                error: Some(error),
                ..ScriptOutput::default()
            })
    }
}

impl Drop for WorkerScriptHost {
    fn drop(&mut self) {
        if let Some(worker) = self.idle.get_mut().take() {
            worker.terminate();
        }
        let _ = web_sys::Url::revoke_object_url(&self.url);
    }
}

impl fmt::Debug for WorkerScriptHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WorkerScriptHost").finish_non_exhaustive()
    }
}

/// A worker lent to one script. Unless given back, it is terminated: a script that timed
/// out, was cancelled or left the worker unusable never runs beside the next one.
struct Lease<'h> {
    host: &'h WorkerScriptHost,
    worker: ScriptWorker,
    returned: bool,
}

impl Lease<'_> {
    fn give_back(mut self) {
        if let Ok(mut idle) = self.host.idle.try_borrow_mut() {
            if idle.is_none() {
                *idle = Some(self.worker.clone());
                self.returned = true;
            }
        }
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if !self.returned {
            self.worker.terminate();
        }
    }
}

fn thrown(message: String) -> ScriptError {
    ScriptError::Thrown { message }
}
