//! The run's variables: names to text values, in the order they were first set.

use serde::{Deserialize, Serialize};

/// The variables of a run. Setting an existing name replaces its value in place (the latest
/// write wins); the order is the order names were first set.
///
/// # Example
/// ```
/// let mut vars = suite_engine::Variables::new();
/// vars.set("SCIMBaseURL", "https://example.com/scim/v2");
/// vars.set("auth", "Bearer abc");
/// vars.set("SCIMBaseURL", "http://localhost:8081/scim/v2");
/// assert_eq!(vars.get("SCIMBaseURL"), Some("http://localhost:8081/scim/v2"));
/// assert_eq!(vars.names().collect::<Vec<_>>(), ["SCIMBaseURL", "auth"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Variables {
    entries: Vec<Variable>,
}

/// One variable: a name and its text value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variable {
    /// The variable's name.
    pub name: String,
    /// Its value.
    pub value: String,
}

impl Variables {
    /// No variables.
    pub fn new() -> Variables {
        Variables::default()
    }

    /// The value of `name`, if set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|v| v.name == name)
            .map(|v| v.value.as_str())
    }

    /// Sets `name` to `value`, replacing any earlier value.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let (name, value) = (name.into(), value.into());
        match self.entries.iter_mut().find(|v| v.name == name) {
            Some(v) => v.value = value,
            None => self.entries.push(Variable { name, value }),
        }
    }

    /// Removes `name`.
    pub fn remove(&mut self, name: &str) {
        self.entries.retain(|v| v.name != name);
    }

    /// The variables in order.
    pub fn iter(&self) -> impl Iterator<Item = &Variable> {
        self.entries.iter()
    }

    /// The names in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|v| v.name.as_str())
    }

    /// How many variables are set.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no variable is set.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<N: Into<String>, V: Into<String>> FromIterator<(N, V)> for Variables {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(iter: I) -> Variables {
        let mut vars = Variables::new();
        for (n, v) in iter {
            vars.set(n, v);
        }
        vars
    }
}
