//! A condition step: compares its rendered values and runs its nested steps when it holds.

use crate::assert;
use crate::model::ConditionStep;
use crate::result::{ConditionRecord, StepOutcome};
use crate::script::ScriptHost;
use crate::transport::{Clock, Transport};

use super::{problem_warning, push_unique, Run};

impl<'a, 'x, T: Transport, C: Clock, S: ScriptHost> Run<'a, 'x, T, C, S> {
    pub(super) async fn condition_step(
        &mut self,
        step: &ConditionStep,
        path: Vec<usize>,
    ) -> StepOutcome {
        let mut res = self.blank("condition", &step.note, path.clone());
        self.started(&mut res);
        let (left, mut problems) = self.render(&step.left_value);
        let (right, more) = self.render(&step.right_value);
        problems.extend(more);
        for p in &problems {
            push_unique(&mut res.warnings, problem_warning(p));
        }
        match assert::compare(&step.comparison, &left, &right) {
            Ok(held) => {
                res.condition = Some(ConditionRecord {
                    left,
                    comparison: step.comparison.clone(),
                    right,
                    held,
                });
                let outcome = self.ended(res);
                if held {
                    self.run_steps(&step.steps, path).await;
                } else {
                    self.nested_not_run(
                        &step.steps,
                        &path,
                        StepOutcome::Skipped,
                        "the condition did not hold",
                    );
                }
                outcome
            }
            Err(e) => {
                res.outcome = StepOutcome::Fail;
                res.reason = Some(format!("the condition could not be evaluated: {e}"));
                let outcome = self.ended(res);
                self.nested_not_run(
                    &step.steps,
                    &path,
                    StepOutcome::Skipped,
                    "the condition could not be evaluated",
                );
                outcome
            }
        }
    }
}
