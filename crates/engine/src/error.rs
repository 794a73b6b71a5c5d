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
        "expected `:`" => "a colon (:) is missing after a name".into(),
        "expected `,` or `]`" => "a comma or ] is missing in a list".into(),
        "expected `,` or `}`" => "a comma or } is missing in an object".into(),
        "expected value" | "expected ident" => "a value was expected here".into(),
        "key must be a string" => "a name in an object must be in double quotes".into(),
        "invalid escape" => {
            "a backslash escape JSON does not have (JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t, and \\u with four hex digits)".into()
        }
        "invalid number" => "a number is written in a way JSON does not allow".into(),
        "number out of range" => "a number is too large".into(),
        "invalid unicode code point" => "a \\u escape is not a character".into(),
        "unexpected end of hex escape" => {
            "a \\u escape needs four hex digits, and a \\ud800–\\udbff escape must be followed by a \\udc00–\\udfff one".into()
        }
        "lone leading surrogate in hex escape" => {
            "a \\ud800–\\udfff escape is half of a character and cannot stand alone".into()
        }
        "recursion limit exceeded" => "lists and objects are nested more than 128 deep".into(),
        m if m.starts_with("control character") => {
            "a string holds a control character (a raw tab or line break?); write it as \\t or \\n".into()
        }
        other => other.replace("EOF", "the end of the text"),
    }
}

/// A JSON syntax error as a plain sentence with its position, naming the exact `\\u`
/// escape when a half character pair (a lone surrogate) is the problem.
pub(crate) fn json_syntax(inner: &serde_json::Error, text: &str) -> (String, usize, usize) {
    let (line, column) = (inner.line(), inner.column());
    let full = inner.to_string();
    let suffix = format!(" at line {line} column {column}");
    let bare = full.strip_suffix(&suffix).unwrap_or(&full);
    let message = match bare {
        "unexpected end of hex escape" | "lone leading surrogate in hex escape" => {
            lone_surrogate(text, line, column).unwrap_or_else(|| plain_syntax_message(bare))
        }
        _ => plain_syntax_message(bare),
    };
    (message, line, column)
}

/// Names the last `\\ud800`–`\\udfff` escape before the position, if there is one.
fn lone_surrogate(text: &str, line: usize, column: usize) -> Option<String> {
    let row = text.lines().nth(line.checked_sub(1)?)?;
    let mut end = column.min(row.len());
    while !row.is_char_boundary(end) {
        end -= 1;
    }
    let before = &row[..end];
    let (escape, code) = before
        .match_indices("\\u")
        .filter_map(|(at, _)| {
            let hex = before.get(at + 2..at + 6)?;
            let code = u16::from_str_radix(hex, 16).ok()?;
            (0xD800..=0xDFFF)
                .contains(&code)
                .then(|| (&before[at..at + 6], code))
        })
        .last()?;
    Some(if code < 0xDC00 {
        format!("{escape} is the first half of a character and must be followed by a \\udc00–\\udfff escape")
    } else {
        format!("{escape} is the second half of a character and cannot stand alone")
    })
}

/// Why a saved result could not be read back. Every message is one plain sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResultError {
    /// The text is not JSON.
    Syntax {
        /// What is wrong, e.g. `a comma or } is missing in an object`.
        message: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
    },
    /// `format_version` is missing or is not a version number.
    BadVersion {
        /// What is wrong: `format_version must be a whole number; found "1"`.
        message: String,
    },
    /// The text is JSON but not a result file.
    Invalid {
        /// What is wrong.
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
            ResultError::Syntax {
                message,
                line,
                column,
            } => write!(
                f,
                "the file is not valid JSON: {message} (line {line}, column {column})"
            ),
            ResultError::BadVersion { message } => f.write_str(message),
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

impl ResultError {
    pub(crate) fn syntax(inner: &serde_json::Error, text: &str) -> ResultError {
        let (message, line, column) = json_syntax(inner, text);
        ResultError::Syntax {
            message,
            line,
            column,
        }
    }

    pub(crate) fn shape(inner: &serde_json::Error) -> ResultError {
        ResultError::Invalid {
            message: plain_data_message(&inner.to_string()),
        }
    }
}
