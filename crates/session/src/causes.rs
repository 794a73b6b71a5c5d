//! One diagnosis per cause: when several requests got no response for the same reason from
//! the same server (CORS, a refused connection, mixed content), the page says it once, above
//! the results, and the steps point to it.

use std::sync::Arc;

use suite_engine::{FailureKind, SentRequest, StepOutcome, StepResult};

/// Requests that failed alike.
#[derive(Clone, Debug, PartialEq)]
pub struct Cause {
    pub kind: FailureKind,
    /// `http://127.0.0.1:8081`, or empty when the URL had none.
    pub origin: String,
    /// The steps' numbers, in run order.
    pub steps: Vec<String>,
    /// The first step's request: what the diagnosis quotes (the CORS headers to send).
    pub request: Option<SentRequest>,
    /// The first step's failure message.
    pub message: String,
}

/// `scheme://host:port` of a URL, or empty.
pub fn origin_of(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return String::new();
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or(authority);
    format!(
        "{}://{}",
        scheme.to_ascii_lowercase(),
        host.to_ascii_lowercase()
    )
}

/// The causes that several steps share (two or more steps, the same kind and origin), in the
/// order they were first met. A cancelled request is not a cause.
pub fn shared_causes(rows: &[Arc<StepResult>]) -> Vec<Cause> {
    let mut causes: Vec<Cause> = Vec::new();
    for row in rows {
        let Some(key) = CauseKey::of(row) else {
            continue;
        };
        match causes.iter_mut().find(|c| c.key() == key) {
            Some(c) => c.steps.push(row.number.clone()),
            None => causes.push(Cause {
                kind: key.kind,
                origin: key.origin,
                steps: vec![row.number.clone()],
                request: row.request.clone(),
                message: row
                    .failure
                    .as_ref()
                    .map(|f| f.message.clone())
                    .unwrap_or_default(),
            }),
        }
    }
    causes.retain(|c| c.steps.len() > 1);
    causes
}

/// What makes requests fail alike: the same kind of failure from the same origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CauseKey {
    pub kind: FailureKind,
    pub origin: String,
}

impl CauseKey {
    /// A row's, when it got no response (and was not cancelled).
    pub fn of(row: &StepResult) -> Option<CauseKey> {
        let failure = row.failure.as_ref()?;
        if row.outcome != StepOutcome::Error || failure.kind == FailureKind::Cancelled {
            return None;
        }
        let origin = row
            .request
            .as_ref()
            .map(|r| origin_of(&r.url))
            .unwrap_or_default();
        Some(CauseKey {
            kind: failure.kind,
            origin,
        })
    }
}

impl Cause {
    pub fn key(&self) -> CauseKey {
        CauseKey {
            kind: self.kind,
            origin: self.origin.clone(),
        }
    }
}

/// The shared cause a row belongs to, if any, among the keys of the shared causes: a lookup
/// per cause, not per step, so that each of many rows can ask.
pub fn cause_of<'k>(shared: &'k [CauseKey], row: &StepResult) -> Option<&'k CauseKey> {
    let key = CauseKey::of(row)?;
    shared.iter().find(|k| **k == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        assert_eq!(
            origin_of("HTTP://Example.com:8080/scim?x#y"),
            "http://example.com:8080"
        );
        assert_eq!(origin_of("https://u:p@h/x"), "https://h");
        assert_eq!(origin_of("not a url"), "");
    }
}
