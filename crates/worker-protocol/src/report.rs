//! The report worker: a run's results as evidence (the HTML report, JUnit XML, a share link),
//! made from the result file's JSON, the masked text the page exports, so every output holds
//! exactly what the result file holds.
//!
//! ```
//! use worker_protocol::report::ReportCall;
//!
//! let call = ReportCall::Junit { results: "{…}".into() };
//! let text = serde_json::to_string(&call)?;
//! assert_eq!(text, r#"{"call":"junit","results":"{…}"}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```

use serde::{Deserialize, Serialize};

/// What the page asks the report worker. `results` is always the result file's text
/// (`suite_engine::bundle_to_json` of the masked results).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "call", rename_all = "snake_case")]
pub enum ReportCall {
    /// The self-contained HTML report.
    HtmlReport {
        /// The result file's text.
        results: String,
    },
    /// JUnit XML.
    Junit {
        /// The result file's text.
        results: String,
    },
    /// A link to this page that opens the results read-only.
    ShareLink {
        /// The result file's text.
        results: String,
        /// The page's address, without a fragment: the link's start.
        page: String,
    },
}

/// The report worker's answer to a [`ReportCall`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum ReportAnswer {
    /// The report's or JUnit's text.
    Text {
        /// The text.
        text: String,
    },
    /// The share link.
    Link {
        /// The whole link.
        url: String,
        /// How many request and response bodies were left out to fit, if any.
        omitted_bodies: usize,
    },
    /// Nothing could be made; a sentence for the tester.
    Failed {
        /// Why.
        reason: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_and_answers_round_trip() {
        let results = "{\"format_version\": 1}".to_string();
        for call in [
            ReportCall::HtmlReport {
                results: results.clone(),
            },
            ReportCall::Junit {
                results: results.clone(),
            },
            ReportCall::ShareLink {
                results,
                page: "https://example.test/runner/".into(),
            },
        ] {
            let text = serde_json::to_string(&call).expect("a call serializes");
            assert_eq!(serde_json::from_str::<ReportCall>(&text).ok(), Some(call));
        }
        for answer in [
            ReportAnswer::Text {
                text: "<!doctype html>".into(),
            },
            ReportAnswer::Link {
                url: "https://example.test/#result=1.x".into(),
                omitted_bodies: 2,
            },
            ReportAnswer::Failed {
                reason: "too large".into(),
            },
        ] {
            let text = serde_json::to_string(&answer).expect("an answer serializes");
            assert_eq!(
                serde_json::from_str::<ReportAnswer>(&text).ok(),
                Some(answer)
            );
        }
    }
}
