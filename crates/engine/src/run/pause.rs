//! A pause step: waits as the pause policy says, in slices of at most a second.

use crate::event::RunEvent;
use crate::model::PauseStep;
use crate::options::PausePolicy;
use crate::result::{PauseRecord, StepOutcome};
use crate::script::ScriptHost;
use crate::transport::{Clock, Transport};

use super::Run;

/// Runscope's longest pause.
const MAX_PAUSE_MS: f64 = 180_000.0;

impl<'a, 'x, T: Transport, C: Clock, S: ScriptHost> Run<'a, 'x, T, C, S> {
    pub(super) async fn pause_step(&mut self, step: &PauseStep, path: Vec<usize>) -> StepOutcome {
        let mut res = self.blank("pause", &step.note, path.clone());
        let requested = step.duration * 1000.0;
        // Runscope's pauses last at most 180 s; a longer one in a file is waited that long.
        let longest = requested.min(MAX_PAUSE_MS);
        let wait = match self.options.pause_policy {
            PausePolicy::Honour => longest,
            PausePolicy::CapAt { seconds } => longest.min(seconds.max(0.0) * 1000.0),
            PausePolicy::Skip => {
                res.outcome = StepOutcome::Skipped;
                res.reason = Some("pauses are skipped by the run options".into());
                res.pause = Some(PauseRecord {
                    requested_ms: requested,
                    waited_ms: 0.0,
                });
                return self.finish(res);
            }
        };
        if wait < requested {
            res.reason = Some(format!(
                "the pause was capped at {} s",
                crate::lenient::float_text(wait / 1000.0)
            ));
        }
        self.started(&mut res);
        self.emit(RunEvent::PauseStarted {
            path: &path,
            duration_ms: wait,
        });
        let start = self.clock.now_ms();
        let end = start + wait;
        let mut remaining = wait;
        let mut cancelled = false;
        while remaining > 0.0 {
            let chunk = remaining.min(1000.0);
            if self
                .cancel
                .or_cancel(self.clock.sleep(chunk))
                .await
                .is_none()
            {
                cancelled = true;
                break;
            }
            remaining = (end - self.clock.now_ms()).min(remaining - chunk).max(0.0);
            if remaining > 0.0 {
                self.emit(RunEvent::PauseTick {
                    path: &path,
                    remaining_ms: remaining,
                });
            }
        }
        let waited = (self.clock.now_ms() - start).max(0.0);
        res.pause = Some(PauseRecord {
            requested_ms: requested,
            waited_ms: waited,
        });
        self.emit(RunEvent::PauseFinished {
            path: &path,
            waited_ms: waited,
        });
        if cancelled {
            return self.cancelled(res, "the run was cancelled during the pause");
        }
        self.ended(res)
    }
}
