//! A run's results as evidence a reviewer can open: a self-contained HTML report, JUnit XML
//! for CI, and the payload of a share link.
//!
//! A run holds one test, or several when the tester ran a bucket export's tests in order;
//! every function takes the run's results as a slice, `&[RunResult]`, and for one result
//! gives exactly what it gave before bundles existed. Every output reads only the engine's
//! [`RunResult`]s, masked first ([`RunResult::masked`]), so each holds exactly what the JSON
//! export ([`suite_engine::bundle_to_json`]) holds and no secret. Like Hurl's `report` module,
//! nothing here runs a suite or touches the browser; the crate builds for
//! `wasm32-unknown-unknown` and never panics on any input.
//!
//! ```text
//! &[RunResult] ─► html_report ─► one .html file (no script, results embedded) ─► results_from_html
//!              ─► junit_xml   ─► JUnit XML (a testsuite per test, a testcase per request step)
//!              ─► share_payload(budget, compressed_len) ─► JSON for the link, bodies left out to fit
//! ```
//!
//! # Example
//!
//! ```
//! let file = r#"{"format_version": 1, "tool": {"name": "suite-engine", "version": "0.1.0"},
//!   "suite": {"name": "Quick check", "description": "", "sha256": "ab12"},
//!   "environment": {"name": "", "variables": [], "initial_script": "", "initial_script_result": null},
//!   "options": {"pause_policy": {"policy": "skip"}, "stop_on_first_failure": false,
//!     "request_timeout_ms": 30000, "script_time_limit_ms": 5000, "body_limit_bytes": 262144, "seed": 0},
//!   "started_at": "2024-05-13T13:58:51Z", "finished_at": "2024-05-13T13:58:52Z",
//!   "duration_ms": 1000.0, "outcome": "passed", "steps": [], "summary": {
//!     "steps": {"total": 0, "passed": 0, "failed": 0, "errored": 0, "skipped": 0, "cancelled": 0},
//!     "assertions": {"total": 0, "passed": 0, "failed": 0, "errored": 0, "skipped": 0, "cancelled": 0},
//!     "script_assertions": {"total": 0, "passed": 0, "failed": 0, "errored": 0, "skipped": 0, "cancelled": 0}},
//!   "warnings": []}"#;
//! let result = suite_engine::load_result(file)?;
//!
//! let html = report::html_report(&[result.clone()]);
//! assert!(html.contains("<h1>Passed</h1>"));
//! // A report dropped on the page opens as the result it was made from.
//! assert_eq!(report::results_from_html(&html)?, [result.clone()]);
//!
//! let junit = report::junit_xml(&[result.clone()]);
//! assert!(junit.contains(r#"<testsuite name="Quick check""#));
//!
//! // The share link: here everything fits in 8 000 compressed bytes.
//! let payload = report::share_payload(&[result.clone()], 8_000, |json| json.len());
//! assert!(payload.fits && payload.omitted.is_empty());
//!
//! // Two tests of a bucket export: one report, both embedded; a testsuite each.
//! let both = [result.clone(), result];
//! let html = report::html_report(&both);
//! assert!(html.contains("<h1>Passed</h1>") && html.contains("2 of 2 tests passed"));
//! assert_eq!(report::results_from_html(&html)?.len(), 2);
//! assert_eq!(report::junit_xml(&both).matches("<testsuite ").count(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

mod embed;
mod facts;
mod html;
mod html_step;
mod html_test;
mod junit;
mod link;
mod scope;
mod text;

pub use embed::{results_from_html, ReportReadError, RESULT_ELEMENT_ID};
pub use facts::{file_stem, omitted_bodies, target_urls, BodyPart, OmittedBody, TargetUrl};
pub use html::html_report;
pub use junit::junit_xml;
pub use link::{
    compressed_budget, link_fragment, link_payload_bytes, share_payload, share_payload_async,
    LinkError, SharePayload, LINK_ENCODING_VERSION, LINK_FRAGMENT_KEY, LINK_MAX_CHARS,
};

/// The README's example, compiled as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

// Named in the docs above.
#[allow(unused_imports)]
use suite_engine::RunResult;
