//! Shared by the tests: the fixed result, golden files, and real runs of Okta's SPEC suite.

pub mod golden;
pub mod spec;

use suite_engine::{load_result, RunResult};

/// The fixed small result behind the golden files (`tests/data/small-result.json`).
pub fn small_result() -> RunResult {
    load_result(include_str!("../data/small-result.json")).expect("the fixture is a result")
}
