//! Facts every output derives from the results of a run (one test or several) the same way:
//! where the requests went, which bodies a share link left out, and a file name.

use suite_engine::{RunResult, StepResult};

/// A base URL the run's requests went to, from the environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetUrl {
    /// The variable that held it: `SCIMBaseURL`.
    pub variable: String,
    /// Its value: `https://scim.example.com/scim/v2`.
    pub url: String,
}

/// The environment's base URLs: variables (not secret) whose value is an `http(s)` URL that
/// starts some request's URL. When no request was sent, every such variable. Okta's SPEC
/// suite gives one, `SCIMBaseURL`; its CRUD suite gives the Okta org's URL too. For several
/// tests, each base URL once, in the order the tests first used it.
pub fn target_urls(results: &[RunResult]) -> Vec<TargetUrl> {
    let mut all: Vec<TargetUrl> = Vec::new();
    for target in results.iter().flat_map(target_urls_of) {
        if !all.contains(&target) {
            all.push(target);
        }
    }
    all
}

/// [`target_urls`] of one test.
pub(crate) fn target_urls_of(result: &RunResult) -> Vec<TargetUrl> {
    let candidates: Vec<TargetUrl> = result
        .environment
        .variables
        .iter()
        .filter(|v| !v.secret)
        .filter(|v| {
            let value = v.value.trim();
            value.starts_with("http://") || value.starts_with("https://")
        })
        .map(|v| TargetUrl {
            variable: v.name.clone(),
            url: v.value.trim().to_string(),
        })
        .collect();
    let sent: Vec<&str> = result
        .steps
        .iter()
        .filter_map(|s| s.request.as_ref())
        .map(|r| r.url.as_str())
        .collect();
    if sent.is_empty() {
        return candidates;
    }
    candidates
        .into_iter()
        .filter(|t| {
            let base = t.url.trim_end_matches('/');
            sent.iter().any(|url| url.starts_with(base))
        })
        .collect()
}

/// Which body of a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BodyPart {
    /// The request's body.
    Request,
    /// The response's body.
    Response,
}

impl BodyPart {
    /// `request` or `response`.
    pub fn as_str(self) -> &'static str {
        match self {
            BodyPart::Request => "request",
            BodyPart::Response => "response",
        }
    }
}

/// A body a share link left out (its `omitted` marker is set).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OmittedBody {
    /// The test's position among the run's results (0 when the run held one test).
    pub test_index: usize,
    /// The step's position in that test's `steps`.
    pub step_index: usize,
    /// The step's number as people read it: `4`, `4.1`.
    pub number: String,
    /// Request or response body.
    pub part: BodyPart,
    /// The body's full size.
    pub size_bytes: u64,
}

/// Every body marked `omitted`, in test and step order: what a report opened from a link
/// says it lacks (the result file has them).
pub fn omitted_bodies(results: &[RunResult]) -> Vec<OmittedBody> {
    let mut out = Vec::new();
    let steps = results
        .iter()
        .enumerate()
        .flat_map(|(test, r)| r.steps.iter().enumerate().map(move |(i, s)| (test, i, s)));
    for (test, index, step) in steps {
        for (part, body) in bodies(step) {
            if body.omitted {
                out.push(OmittedBody {
                    test_index: test,
                    step_index: index,
                    number: step.number.clone(),
                    part,
                    size_bytes: body.size_bytes,
                });
            }
        }
    }
    out
}

/// A step's bodies, request first.
pub(crate) fn bodies(step: &StepResult) -> Vec<(BodyPart, &suite_engine::Body)> {
    let request = step
        .request
        .as_ref()
        .and_then(|r| r.body.as_ref())
        .map(|b| (BodyPart::Request, b));
    let response = step
        .response
        .as_ref()
        .map(|r| (BodyPart::Response, &r.body));
    request.into_iter().chain(response).collect()
}

/// A file name without extension for the run's exports: the suite's name and the start
/// time, `okta-scim-2-0-spec-test-2024-05-13-1358` (ASCII letters, digits and dashes only);
/// for several tests the first one's name and how many more,
/// `users-and-2-more-2024-05-13-1358`.
///
/// # Example
/// ```
/// # let result = suite_engine::load_result(include_str!("../tests/data/small-result.json")).unwrap();
/// assert_eq!(report::file_stem(&[result.clone()]), "small-scim-check-2024-05-13-1358");
/// assert_eq!(report::file_stem(&[result.clone(), result]), "small-scim-check-and-1-more-2024-05-13-1358");
/// assert_eq!(report::file_stem(&[]), "result");
/// ```
pub fn file_stem(results: &[RunResult]) -> String {
    let Some(result) = results.first() else {
        return "result".into();
    };
    let more = match results.len() {
        0 | 1 => String::new(),
        n => format!("-and-{}-more", n - 1),
    };
    let mut stem = String::new();
    let words = result
        .suite
        .name
        .chars()
        .chain(more.chars())
        .chain(['-'])
        .chain(
            // `2024-05-13T13:58:51Z` → `2024-05-13-1358`
            result
                .started_at
                .chars()
                .take(16)
                .filter(|c| *c != ':')
                .map(|c| if c == 'T' { '-' } else { c }),
        );
    for c in words {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            stem.push(c);
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem: String = stem.trim_end_matches('-').chars().take(80).collect();
    let stem = stem.trim_end_matches('-');
    if stem.is_empty() {
        "result".into()
    } else {
        stem.into()
    }
}
