//! [`WorkerScriptHost`]: the engine's script host on a worker started at the first script.

use std::cell::{Cell, RefCell};
use std::fmt;

use suite_engine::{ScriptError, ScriptHost, ScriptInput, ScriptOutput};

use crate::protocol::{Job, WorkerMessage};
use crate::worker::{Outcome, ScriptWorker};

/// How long past a script's time limit the page waits before it terminates a worker that has
/// not answered: QuickJS stops the script itself at the limit, so this is only for a worker
/// stuck where QuickJS cannot interrupt it.
const BACKUP_GRACE_MS: u64 = 2_000;

/// How long the worker may take to download the libraries a script needs (Chai, Moment, …:
/// at most about 100 KB gzipped each), on top of the script's own limit.
const LIBRARY_LOAD_TIMEOUT_MS: u64 = 60_000;

/// Runs suite scripts in QuickJS, in a dedicated Web Worker.
///
/// Creating the host starts nothing; the first script starts the worker (which downloads and
/// compiles QuickJS), and later scripts reuse it. A worker that does not answer shortly after
/// its script's time limit, or whose script is dropped half-way (the run was cancelled), is
/// terminated; the next script gets a new one. Dropping the host terminates its worker.
///
/// When the worker cannot start (no `sandbox/` files beside the page, a browser without
/// module workers, a Content Security Policy without `worker-src 'self'`), every script is
/// reported as [`ScriptError::Unavailable`] with the reason: the step is judged on the rest.
pub struct WorkerScriptHost {
    /// The worker waiting for the next script; empty while one runs.
    idle: RefCell<Option<ScriptWorker>>,
    /// Why the worker could not start, once it could not: later scripts do not try again.
    unavailable: RefCell<Option<String>>,
    next_id: Cell<u32>,
}

impl WorkerScriptHost {
    /// A host with no worker yet.
    pub fn new() -> WorkerScriptHost {
        WorkerScriptHost {
            idle: RefCell::new(None),
            unavailable: RefCell::new(None),
            next_id: Cell::new(0),
        }
    }

    async fn try_run(&self, input: &ScriptInput<'_>) -> Result<ScriptOutput, ScriptError> {
        if let Some(reason) = self.unavailable.borrow().clone() {
            return Err(ScriptError::Unavailable { reason });
        }
        let id = self.next_id.get().wrapping_add(1);
        self.next_id.set(id);
        let job = Job::new(id, input).to_json()?;
        let lease = self.lease().await?;
        let limit_ms = input.time_limit_ms.saturating_add(BACKUP_GRACE_MS);
        let mut outcome = lease.worker.run(&job, limit_ms).await;
        // The first script that needs a library waits for its download too.
        if let Outcome::Message(text) = &outcome {
            if matches!(WorkerMessage::parse(text), Some(WorkerMessage::Loading { id: loading }) if loading == id)
            {
                outcome = lease
                    .worker
                    .next_message(limit_ms.saturating_add(LIBRARY_LOAD_TIMEOUT_MS))
                    .await;
            }
        }
        match outcome {
            Outcome::Message(text) => match WorkerMessage::parse(&text) {
                Some(WorkerMessage::Done(reply)) if reply.id == id => {
                    lease.give_back();
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

    /// The idle worker, or a new one when there is none or it is busy.
    async fn lease(&self) -> Result<Lease<'_>, ScriptError> {
        let idle = self.idle.try_borrow_mut().ok().and_then(|mut w| w.take());
        let worker = match idle {
            Some(worker) => worker,
            None => ScriptWorker::start().await.map_err(|why| {
                let reason =
                    format!("scripts cannot run: the script sandbox did not start ({why})");
                *self.unavailable.borrow_mut() = Some(reason.clone());
                ScriptError::Unavailable { reason }
            })?,
        };
        Ok(Lease {
            host: self,
            worker,
            returned: false,
        })
    }
}

impl Default for WorkerScriptHost {
    fn default() -> WorkerScriptHost {
        WorkerScriptHost::new()
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
    }
}

impl fmt::Debug for WorkerScriptHost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WorkerScriptHost").finish_non_exhaustive()
    }
}

/// A worker lent to one script. Unless given back, it is terminated: a worker that did not
/// answer, or whose script was cancelled, never runs the next one.
struct Lease<'h> {
    host: &'h WorkerScriptHost,
    worker: ScriptWorker,
    returned: bool,
}

impl Lease<'_> {
    fn give_back(mut self) {
        // When another worker is idle already (two scripts ran at once), this one ends.
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
