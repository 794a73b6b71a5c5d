//! Filters testers ask for: failed only, required only, by status class, and text search in
//! notes and URLs.

use suite_engine::{Importance, StepOutcome, StepResult};

/// Which rows to show. The default shows all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only failed and errored steps.
    pub failed_only: bool,
    /// Only steps the suite marks "Required Test".
    pub required_only: bool,
    /// Only responses of this class: 2 for 2xx … 5 for 5xx.
    pub status_class: Option<u16>,
    /// Text the note or the URL must contain (any case).
    pub text: String,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        *self != Filter::default()
    }

    pub fn matches(&self, step: &StepResult) -> bool {
        if self.failed_only && !matches!(step.outcome, StepOutcome::Fail | StepOutcome::Error) {
            return false;
        }
        if self.required_only && step.importance != Some(Importance::Required) {
            return false;
        }
        if let Some(class) = self.status_class {
            match &step.response {
                Some(r) if r.status / 100 == class => {}
                _ => return false,
            }
        }
        let text = self.text.trim().to_lowercase();
        if !text.is_empty() {
            let in_note = step.note.to_lowercase().contains(&text);
            let in_url = step
                .request
                .as_ref()
                .is_some_and(|r| r.url.to_lowercase().contains(&text));
            if !in_note && !in_url {
                return false;
            }
        }
        true
    }
}
