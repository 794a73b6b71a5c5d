//! Where one test's part of the HTML report sits. A report of one test is that test: ids
//! `steps`, `step-3`, sections under `h2`. In a report of several (a bucket export), test 2's
//! ids start with `t2-` so they stay unique, and every heading is one level deeper, under the
//! test's own `h2`, so the outline reads run > test > section > step.

use maud::{html, Markup};

/// One test's place in the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Scope {
    /// The test's number (from 1) in a report of several; `None` when it is the only one.
    test: Option<usize>,
}

impl Scope {
    /// The only test of a report.
    pub(crate) const ALONE: Scope = Scope { test: None };

    /// Test `number` (from 1) of a report of several.
    pub(crate) fn test(number: usize) -> Scope {
        Scope { test: Some(number) }
    }

    /// An element id, unique across the report's tests: `step-3`, or `t2-step-3`.
    pub(crate) fn id(self, name: &str) -> String {
        match self.test {
            None => name.to_string(),
            Some(n) => format!("t{n}-{name}"),
        }
    }

    /// The `aria-labelledby` of a section headed by the heading with id `name`: in a test of
    /// several, the test's title too, so each test's "Steps" region has a name of its own.
    pub(crate) fn labelled_by(self, name: &str) -> String {
        match self.test {
            None => name.to_string(),
            Some(_) => format!("{} {}", self.id("title"), self.id(name)),
        }
    }

    /// A heading at `level` as it sits in a report of one test; one level deeper (at most
    /// `h6`) inside a test of several.
    pub(crate) fn heading(self, level: u8, id: Option<&str>, content: Markup) -> Markup {
        let level = level.saturating_add(u8::from(self.test.is_some()));
        let id = id.map(|id| self.id(id));
        html! {
            @match level {
                0 | 1 => h1 id=[id] { (content) },
                2 => h2 id=[id] { (content) },
                3 => h3 id=[id] { (content) },
                4 => h4 id=[id] { (content) },
                5 => h5 id=[id] { (content) },
                _ => h6 id=[id] { (content) },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_test_of_several_has_its_own_ids_and_deeper_headings() {
        assert_eq!(Scope::ALONE.id("step-3"), "step-3");
        assert_eq!(Scope::test(2).id("step-3"), "t2-step-3");
        assert_eq!(Scope::ALONE.labelled_by("steps"), "steps");
        assert_eq!(Scope::test(2).labelled_by("steps"), "t2-title t2-steps");
        let text = |m: Markup| m.into_string();
        assert_eq!(
            text(Scope::ALONE.heading(2, Some("steps"), html! { "Steps" })),
            r#"<h2 id="steps">Steps</h2>"#
        );
        assert_eq!(
            text(Scope::test(1).heading(2, Some("steps"), html! { "Steps" })),
            r#"<h3 id="t1-steps">Steps</h3>"#
        );
        assert_eq!(
            text(Scope::test(1).heading(6, None, html! { "<b>" })),
            "<h6>&lt;b&gt;</h6>"
        );
    }
}
