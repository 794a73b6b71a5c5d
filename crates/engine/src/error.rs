//! Errors that stop something from starting: a suite or a result that cannot be read.
//!
//! Everything that can go wrong during a run (a failed request, a failed assertion, an
//! unknown comparison) is recorded on the step instead; a run always finishes with a result.

use std::fmt;

/// Why an export could not be loaded. Every message is one plain, lowercase sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// The text is empty or only whitespace.
    Empty,
    /// The text is not JSON.
    Syntax {
        /// What is wrong, e.g. `trailing comma`.
        message: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
    },
    /// The text is JSON but a value has the wrong kind.
    Shape {
        /// Where, in JavaScript notation: `steps[3].duration`; empty for the whole file.
        path: String,
        /// What was expected and found: `expected a number of seconds, found "abc"`.
        message: String,
        /// 1-based line where the reader stopped (just after the value).
        line: usize,
        /// 1-based column where the reader stopped (just after the value).
        column: usize,
    },
    /// The bytes are not UTF-8 text.
    NotText {
        /// What the bytes look like instead, as a clause: `it is UTF-16 text`.
        looks_like: String,
        /// 1-based line of the first byte that is not UTF-8.
        line: usize,
        /// 1-based column (in characters) of that byte.
        column: usize,
    },
    /// The text is JSON but not a Runscope test export.
    NotAnExport {
        /// One sentence on what it is or lacks: `it has no list of steps`.
        message: String,
    },
    /// A bucket export (a list of tests) holds no tests.
    NoTests,
    /// The file holds several tests where one was asked for ([`crate::load_suite`]).
    SeveralTests {
        /// How many tests the file holds.
        count: usize,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Empty => f.write_str("the file is empty"),
            LoadError::Syntax {
                message,
                line,
                column,
            } => write!(
                f,
                "the file is not valid JSON: {message} (line {line}, column {column})"
            ),
            LoadError::Shape {
                path,
                message,
                line,
                column,
            } if path.is_empty() => write!(f, "{message} (line {line}, column {column})"),
            LoadError::Shape {
                path,
                message,
                line,
                column,
            } => write!(f, "{path}: {message} (line {line}, column {column})"),
            LoadError::NotText {
                looks_like,
                line,
                column,
            } => write!(
                f,
                "the file is not UTF-8 text ({looks_like}; line {line}, column {column}): a Runscope export is UTF-8 JSON"
            ),
            LoadError::NotAnExport { message } => {
                write!(f, "this is not a Runscope test export: {message}")
            }
            LoadError::NoTests => {
                f.write_str("the file holds an empty list: there is no test in it")
            }
            LoadError::SeveralTests { count } => write!(
                f,
                "the file holds {count} tests (a bucket export), not one; load it as a list of tests"
            ),
        }
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    pub(crate) fn from_json(inner: &serde_json::Error, path: &str) -> LoadError {
        let (line, column) = (inner.line(), inner.column());
        let full = inner.to_string();
        let suffix = format!(" at line {line} column {column}");
        let bare = full.strip_suffix(&suffix).unwrap_or(&full);
        match inner.classify() {
            serde_json::error::Category::Data => LoadError::Shape {
                path: if path == "." {
                    String::new()
                } else {
                    path.to_string()
                },
                message: plain_data_message(bare),
                line,
                column,
            },
            _ => LoadError::Syntax {
                message: plain_syntax_message(bare),
                line,
                column,
            },
        }
    }
}

/// Rewrites serde's `invalid type: X, expected Y` as `expected Y, found X`.
fn plain_data_message(message: &str) -> String {
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            if let Some((found, expected)) = rest.split_once(", expected ") {
                return format!("expected {expected}, found {}", plain_found(found));
            }
        }
    }
    message.to_string()
}

fn plain_found(found: &str) -> String {
    let strip_ticks = |s: &str| s.trim_matches('`').to_string();
    if let Some(s) = found.strip_prefix("string ") {
        return s.to_string();
    }
    for prefix in ["integer ", "floating point ", "boolean "] {
        if let Some(s) = found.strip_prefix(prefix) {
            return strip_ticks(s);
        }
    }
    match found {
        "unit value" | "null" => "null".into(),
        "map" => "an object".into(),
        "sequence" => "a list".into(),
        other => other.to_string(),
    }
}

fn plain_syntax_message(message: &str) -> String {
    match message {
        "EOF while parsing an object" => "the text ends in the middle of an object".into(),
        "EOF while parsing a list" => "the text ends in the middle of a list".into(),
        "EOF while parsing a string" => "the text ends in the middle of a string".into(),
        "EOF while parsing a value" => "the text ends where a value was expected".into(),
        "trailing characters" => "there is more text after the end of the JSON".into(),
        other => other.replace("EOF", "the end of the text"),
    }
}

/// Why a saved result could not be read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResultError {
    /// The text is not a result file of a known format version.
    Invalid {
        /// What is wrong, with path and position.
        message: String,
    },
    /// The result was written by a newer format than this crate reads.
    UnsupportedVersion {
        /// The `format_version` found.
        found: u64,
    },
}

impl fmt::Display for ResultError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResultError::Invalid { message } => write!(f, "not a result file: {message}"),
            ResultError::UnsupportedVersion { found } => write!(
                f,
                "result format version {found} is newer than this runner reads ({})",
                crate::result::FORMAT_VERSION
            ),
        }
    }
}

impl std::error::Error for ResultError {}
