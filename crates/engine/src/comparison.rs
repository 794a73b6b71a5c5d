//! Comparisons: the 15 Runscope defines, parsed once at load, with the file's own term and a
//! short phrase for people.
//!
//! A comparison this crate does not know is kept as written ([`Comparison::Unknown`]) so a
//! suite still serializes back to what the file said; it is reported before the run
//! ([`crate::Suite::problems`]) and is an `error` on its assertion.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How an assertion or a condition compares the actual value with the expected one.
///
/// # Example
/// ```
/// use suite_engine::Comparison;
/// let c = Comparison::parse("not_empty");
/// assert_eq!(c, Comparison::NotEmpty);
/// assert_eq!((c.as_str(), c.phrase()), ("not_empty", "is not empty"));
/// assert_eq!(Comparison::parse("looks_like"), Comparison::Unknown("looks_like".into()));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Comparison {
    /// `equal`: the text forms are equal.
    Equal,
    /// `not_equal`.
    NotEqual,
    /// `empty`: no value, null, `""`, `[]` or `{}`.
    Empty,
    /// `not_empty`.
    NotEmpty,
    /// `contains`: a substring, a list element or an object key.
    Contains,
    /// `does_not_contain`.
    DoesNotContain,
    /// `is_a_number`.
    IsANumber,
    /// `equal_number`.
    EqualNumber,
    /// `is_less_than`.
    IsLessThan,
    /// `is_less_than_or_equal`.
    IsLessThanOrEqual,
    /// `is_greater_than`.
    IsGreaterThan,
    /// `is_greater_than_or_equal`.
    IsGreaterThanOrEqual,
    /// `has_key`.
    HasKey,
    /// `has_value`.
    HasValue,
    /// `is_null`.
    IsNull,
    /// No comparison given (empty or absent in the file).
    #[default]
    Missing,
    /// A term this crate does not know, as written.
    Unknown(String),
}

/// Every known comparison: its variant, the file's term and the phrase people read.
const TABLE: [(Comparison, &str, &str); 15] = [
    (Comparison::Equal, "equal", "equals"),
    (Comparison::NotEqual, "not_equal", "does not equal"),
    (Comparison::Empty, "empty", "is empty"),
    (Comparison::NotEmpty, "not_empty", "is not empty"),
    (Comparison::Contains, "contains", "contains"),
    (
        Comparison::DoesNotContain,
        "does_not_contain",
        "does not contain",
    ),
    (Comparison::IsANumber, "is_a_number", "is a number"),
    (Comparison::EqualNumber, "equal_number", "equals"),
    (Comparison::IsLessThan, "is_less_than", "is less than"),
    (
        Comparison::IsLessThanOrEqual,
        "is_less_than_or_equal",
        "is at most",
    ),
    (
        Comparison::IsGreaterThan,
        "is_greater_than",
        "is greater than",
    ),
    (
        Comparison::IsGreaterThanOrEqual,
        "is_greater_than_or_equal",
        "is at least",
    ),
    (Comparison::HasKey, "has_key", "has the key"),
    (Comparison::HasValue, "has_value", "has the value"),
    (Comparison::IsNull, "is_null", "is null"),
];

impl Comparison {
    /// Reads a file's term; surrounding spaces are ignored, anything unknown is kept.
    pub fn parse(term: &str) -> Comparison {
        let t = term.trim();
        if t.is_empty() {
            return Comparison::Missing;
        }
        TABLE
            .iter()
            .find(|(_, raw, _)| *raw == t)
            .map(|(c, _, _)| c.clone())
            .unwrap_or_else(|| Comparison::Unknown(term.to_string()))
    }

    /// The term as a file writes it: `equal_number`; an unknown one as found.
    pub fn as_str(&self) -> &str {
        match self {
            Comparison::Missing => "",
            Comparison::Unknown(raw) => raw,
            known => TABLE
                .iter()
                .find(|(c, _, _)| c == known)
                .map_or("", |(_, raw, _)| raw),
        }
    }

    /// A short phrase for a sentence (`JSON id is not empty`); an unknown comparison reads
    /// as its term.
    pub fn phrase(&self) -> &str {
        match self {
            Comparison::Missing => "(no comparison)",
            Comparison::Unknown(raw) => raw,
            known => TABLE
                .iter()
                .find(|(c, _, _)| c == known)
                .map_or("", |(_, _, phrase)| phrase),
        }
    }

    /// Whether the comparison reads an expected value (`empty` and the like do not).
    pub fn takes_value(&self) -> bool {
        !matches!(
            self,
            Comparison::Empty | Comparison::NotEmpty | Comparison::IsANumber | Comparison::IsNull
        )
    }

    /// Whether this crate knows the comparison.
    pub fn is_known(&self) -> bool {
        !matches!(self, Comparison::Missing | Comparison::Unknown(_))
    }

    /// Why it cannot be evaluated, when it cannot: `unknown comparison looks_like`.
    pub fn problem(&self) -> Option<String> {
        match self {
            Comparison::Missing => Some("no comparison is given".into()),
            Comparison::Unknown(raw) => Some(format!("unknown comparison {}", raw.trim())),
            _ => None,
        }
    }
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for Comparison {
    fn from(term: &str) -> Comparison {
        Comparison::parse(term)
    }
}

impl Serialize for Comparison {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Comparison {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|s| Comparison::parse(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_parses_and_prints_back() {
        for (c, raw, phrase) in TABLE.iter() {
            assert_eq!(&Comparison::parse(raw), c);
            assert_eq!(c.as_str(), *raw);
            assert_eq!(c.phrase(), *phrase);
            assert!(c.is_known());
        }
        assert_eq!(Comparison::parse(" equal "), Comparison::Equal);
        assert_eq!(Comparison::parse(""), Comparison::Missing);
        assert_eq!(Comparison::Missing.as_str(), "");
        let odd = Comparison::parse("about");
        assert_eq!(odd.as_str(), "about");
        assert_eq!(odd.problem().as_deref(), Some("unknown comparison about"));
        assert_eq!(
            serde_json::to_string(&Comparison::IsLessThan)
                .ok()
                .as_deref(),
            Some("\"is_less_than\"")
        );
    }
}
