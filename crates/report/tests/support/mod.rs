//! Shared by the tests: the fixed results, golden files, and real runs of Okta's suites.

pub mod golden;
pub mod spec;

use suite_engine::{load_result, RunResult};

/// The fixed small result behind the golden files (`tests/data/small-result.json`).
pub fn small_result() -> RunResult {
    load_result(include_str!("../data/small-result.json")).expect("the fixture is a result")
}

/// The second test of the fixed bundle (`tests/data/second-result.json`): it passes, marks no
/// test required or optional, and its bodies' sizes fall between the first test's.
pub fn second_result() -> RunResult {
    load_result(include_str!("../data/second-result.json")).expect("the fixture is a result")
}

/// The fixed run of two tests behind the bundle's golden files: the small result, then the
/// second.
pub fn two_tests() -> Vec<RunResult> {
    vec![small_result(), second_result()]
}
