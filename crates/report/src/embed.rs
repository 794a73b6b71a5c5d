//! The result embedded in an HTML report, and reading it back.
//!
//! The report carries the masked export (`bundle_to_json`: one result as `RunResult::to_json`
//! writes it, several as a bundle) in
//! `<script type="application/json" id="scim-suite-result">`: a data block, which a browser
//! never runs and which CSP does not block. Inside it `<`, `>` and `&` are written `\u003c`,
//! `\u003e`, `\u0026`, and U+2028 and U+2029 `\u2028`, `\u2029`: JSON escapes that leave the
//! value the same, so the text is still the JSON export, yet it can never contain `</script`
//! or `<!--` and so never ends the element early, whatever a server put in a body.

use std::fmt;

use suite_engine::{load_results, ResultError, RunResult};

/// The `id` of the element holding the result in a report.
pub const RESULT_ELEMENT_ID: &str = "scim-suite-result";

/// The opening tag, exactly as the report writes it.
pub(crate) const OPENING_TAG: &str = r#"<script type="application/json" id="scim-suite-result">"#;

/// The export's JSON made safe to sit inside a `<script>` element (see the module docs).
pub(crate) fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Why a report did not open as a result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportReadError {
    /// The file has no embedded result: not a report from this tool, or one whose result was
    /// removed.
    NoResult,
    /// The embedded result starts but never ends: the file was cut short.
    Unterminated,
    /// The embedded result is not a result any more (edited by hand, damaged).
    Invalid {
        /// What the reader found wrong.
        message: String,
    },
    /// The report was written by a newer version of the tool.
    NewerVersion {
        /// The result's `format_version`.
        found: u64,
    },
}

impl fmt::Display for ReportReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReportReadError::NoResult => write!(
                f,
                "this HTML file holds no test result: open a report exported by the SCIM Suite Runner, or its result file"
            ),
            ReportReadError::Unterminated => write!(
                f,
                "the result inside this report is cut off: the file is incomplete, so download or export it again"
            ),
            ReportReadError::Invalid { message } => write!(
                f,
                "the result inside this report was changed and no longer reads ({message}); export the report again"
            ),
            ReportReadError::NewerVersion { found } => write!(
                f,
                "this report was made by a newer version of the SCIM Suite Runner (result format {found}, this page reads up to {}); open it with the newer page",
                suite_engine::FORMAT_VERSION
            ),
        }
    }
}

impl std::error::Error for ReportReadError {}

/// Reads the results embedded in a report made by [`crate::html_report`]: one, or the tests
/// of a bucket export in run order.
///
/// Finds the data block by its opening tag, then reads its text with
/// [`suite_engine::load_results`], so a report opens exactly as its result file would.
///
/// # Errors
/// [`ReportReadError::NoResult`] when the file has no embedded result,
/// [`ReportReadError::Unterminated`] when it is cut off, [`ReportReadError::Invalid`] when it
/// no longer reads as a result, [`ReportReadError::NewerVersion`] for a result format this
/// crate does not know.
///
/// # Example
/// ```
/// let err = report::results_from_html("<!DOCTYPE html><p>Hello</p>").unwrap_err();
/// assert_eq!(err, report::ReportReadError::NoResult);
/// assert!(err.to_string().starts_with("this HTML file holds no test result"));
/// ```
pub fn results_from_html(html: &str) -> Result<Vec<RunResult>, ReportReadError> {
    let start = html
        .find(OPENING_TAG)
        .map(|i| i + OPENING_TAG.len())
        .ok_or(ReportReadError::NoResult)?;
    let rest = html.get(start..).unwrap_or_default();
    // The block cannot contain `<`, so the first one ends it.
    let end = rest.find("</script").ok_or(ReportReadError::Unterminated)?;
    let json = rest.get(..end).unwrap_or_default();
    load_results(json).map_err(|e| match e {
        ResultError::UnsupportedVersion { found } => ReportReadError::NewerVersion { found },
        ResultError::Invalid { message } => ReportReadError::Invalid { message },
        other @ (ResultError::Syntax { .. } | ResultError::BadVersion { .. }) => {
            ReportReadError::Invalid {
                message: other.to_string(),
            }
        }
    })
}
