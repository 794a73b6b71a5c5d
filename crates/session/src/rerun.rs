//! "Run this step again": the variables each step started with, kept in memory (never saved:
//! they hold the tester's secrets) so a step can run again as it was; and the re-runs, shown
//! beside the first run, not over it.
//!
//! A long run would keep a copy of its variables per step; only failed steps' copies are kept
//! for good, with those of the most recent [`RECENT`] steps.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

use suite_engine::{Environment, Iteration, RunOptions, StepOutcome, StepResult, Suite, Variables};

use crate::describe::row_key;
use crate::session::Session;

/// How many passing steps' variables are kept, the most recent ones.
pub const RECENT: usize = 500;

/// The variables a step started with, and which of them a script set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    pub variables: Variables,
    pub set_by_scripts: HashSet<String>,
}

/// What one test keeps for running its steps again.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reruns {
    /// By row key (`4`, `4#2` for the second value of a step run once per value).
    snapshots: HashMap<String, Arc<Snapshot>>,
    /// Keys of passing rows' snapshots, oldest first, to forget beyond [`RECENT`].
    recent: VecDeque<String>,
    /// The snapshot of the step now running, until it finishes: by its path.
    starting: Option<(Vec<usize>, Arc<Snapshot>)>,
    /// The re-runs of each row, oldest first.
    runs: HashMap<String, Vec<Arc<StepResult>>>,
}

/// What running a step again needs: which test, where, its iteration, its variables, and
/// the suite, environment and options as they are now (secret names, host approvals).
#[derive(Clone, Debug)]
pub struct RerunPlan {
    pub test: usize,
    pub key: String,
    pub path: Vec<usize>,
    pub iteration: Option<Iteration>,
    pub snapshot: Arc<Snapshot>,
    pub suite: Arc<Suite>,
    pub environment: Environment,
    pub options: RunOptions,
}

impl Reruns {
    pub(crate) fn step_started(&mut self, path: Vec<usize>, snapshot: Snapshot) {
        self.starting = Some((path, Arc::new(snapshot)));
    }

    pub(crate) fn step_finished(&mut self, row: &StepResult) {
        let Some((path, snapshot)) = self.starting.take() else {
            return;
        };
        if path != row.path || row.step_type != "request" {
            return;
        }
        let key = row_key(row);
        let failed = matches!(row.outcome, StepOutcome::Fail | StepOutcome::Error);
        if !failed {
            self.recent.push_back(key.clone());
            if self.recent.len() > RECENT {
                if let Some(old) = self.recent.pop_front() {
                    self.snapshots.remove(&old);
                }
            }
        }
        self.snapshots.insert(key, snapshot);
    }

    /// The re-runs of a row, oldest first.
    pub fn of(&self, key: &str) -> &[Arc<StepResult>] {
        self.runs.get(key).map_or(&[], Vec::as_slice)
    }

    /// Whether the row's step can run again (its variables were kept).
    pub fn can_rerun(&self, key: &str) -> bool {
        self.snapshots.contains_key(key)
    }
}

impl Session {
    /// What running `row` of test `test` again needs, when it can run again: a run made in
    /// this page, not running now, with the row's variables kept and the same suite loaded.
    pub fn rerun_plan(&self, test: usize, row: &StepResult) -> Option<RerunPlan> {
        let results = self.results()?;
        if results.running || results.origin.is_read_only() || row.step_type != "request" {
            return None;
        }
        let tests = results.tests.get(test)?;
        let suite = self
            .suite()?
            .tests
            .iter()
            .find(|t| {
                t.name == tests.name
                    && Some(&t.sha256) == tests.result.as_ref().map(|r| &r.suite.sha256)
            })?
            .clone();
        let key = row_key(row);
        let snapshot = tests.reruns.snapshots.get(&key)?.clone();
        Some(RerunPlan {
            test,
            key,
            path: row.path.clone(),
            iteration: row.iteration.clone(),
            snapshot,
            suite,
            environment: self.environment().to_engine(),
            options: RunOptions {
                host_policy: self.host_policy(),
                ..self.settings().to_engine(0)
            },
        })
    }

    /// Whether `row` of test `test` can run again (see [`Session::rerun_plan`]); cheap.
    pub fn can_rerun(&self, test: usize, row: &StepResult) -> bool {
        self.results().is_some_and(|r| {
            !r.running
                && !r.origin.is_read_only()
                && r.tests
                    .get(test)
                    .is_some_and(|t| t.reruns.can_rerun(&row_key(row)))
        })
    }

    /// The re-runs of `row` of test `test`, oldest first.
    pub fn reruns_of(&self, test: usize, row: &StepResult) -> Vec<Arc<StepResult>> {
        self.results()
            .and_then(|r| r.tests.get(test))
            .map(|t| t.reruns.of(&row_key(row)).to_vec())
            .unwrap_or_default()
    }

    /// A step ran again: its result (masked) goes beside the first.
    pub fn rerun_finished(&mut self, test: usize, key: String, result: StepResult) {
        if let Some(t) = self.results_mut().and_then(|r| r.tests.get_mut(test)) {
            t.reruns.runs.entry(key).or_default().push(Arc::new(result));
        }
    }
}
