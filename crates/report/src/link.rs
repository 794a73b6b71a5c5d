//! The share link's payload: `…/#result=1.<base64url of raw-deflated JSON>`.
//!
//! The page compresses with the browser's `CompressionStream("deflate-raw")`, so this crate
//! takes the compressor as a parameter and decides what goes in: the whole masked result
//! (for several tests, the bundle of them all) when it fits the budget, else request and
//! response bodies left out, largest first whichever test they are in, until it fits. A
//! left-out body keeps its size and gets `"omitted": true` (its text empty), so the report
//! opened from the link says which bodies it lacks. Format and limits:
//! `docs/result-format.md`, "Share links".

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use base64::alphabet::URL_SAFE;
use base64::engine::general_purpose::GeneralPurpose;
use base64::engine::{DecodePaddingMode, GeneralPurposeConfig};
use base64::Engine;
use suite_engine::{RunResult, FORMAT_VERSION};

use crate::facts::{bodies, omitted_bodies, BodyPart, OmittedBody};

/// The fragment's key: the link ends in `#result=…`.
pub const LINK_FRAGMENT_KEY: &str = "result";

/// The encoding of the fragment's value: `1` is raw deflate (RFC 1951) of the UTF-8 JSON,
/// in base64url without padding. It comes first, `result=1.…`, so a later encoding can be
/// told apart and refused with a clear message.
pub const LINK_ENCODING_VERSION: u32 = 1;

/// The longest link the page makes, in characters, page URL included. Measured limits
/// (`docs/result-format.md`, "Share links"): Chromium opens URLs up to 2 MiB; Slack keeps
/// 40 000 characters of a message, Teams about 28 KB of HTML (a pasted link is written
/// twice, as its address and its text). Okta's SPEC run takes about 6 000 characters, so it
/// fits whole with room for bigger bodies from a real server.
pub const LINK_MAX_CHARS: usize = 12_000;

/// base64url without padding; decoding also accepts padding.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// How many compressed bytes fit a link of `max_link_chars` for a page at a URL of
/// `page_url_chars` characters (before the `#`).
///
/// # Example
/// ```
/// // 3 bytes are 4 base64url characters; `#result=1.` takes 10.
/// assert_eq!(report::compressed_budget(30, 30 + 10 + 400), 300);
/// assert_eq!(report::compressed_budget(100, 50), 0);
/// ```
pub fn compressed_budget(page_url_chars: usize, max_link_chars: usize) -> usize {
    let prefix = page_url_chars.saturating_add(LINK_FRAGMENT_KEY.len() + 4);
    let chars = max_link_chars.saturating_sub(prefix);
    // The most bytes n with ceil(4n / 3) <= chars.
    chars / 4 * 3 + (chars % 4).saturating_sub(1)
}

/// The fragment (without `#`) for compressed bytes: `result=1.<base64url>`.
pub fn link_fragment(compressed: &[u8]) -> String {
    format!(
        "{LINK_FRAGMENT_KEY}={LINK_ENCODING_VERSION}.{}",
        BASE64URL.encode(compressed)
    )
}

/// Why a link did not give a result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// The fragment is not `result=…`.
    NotAResultLink,
    /// The link was made with an encoding this version does not know.
    NewerEncoding {
        /// The encoding found before the `.`.
        found: String,
    },
    /// The payload is not base64url: the link was cut or changed.
    Damaged,
}

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LinkError::NotAResultLink => write!(f, "this link holds no test result"),
            LinkError::NewerEncoding { found } => write!(
                f,
                "this link was made by a newer version of the SCIM Suite Runner (link encoding {found}); open it with the newer page"
            ),
            LinkError::Damaged => write!(
                f,
                "this link is damaged or cut short: copy the whole link again, or ask for the result file"
            ),
        }
    }
}

impl std::error::Error for LinkError {}

/// The compressed bytes in a link's fragment (`#result=1.…`, with or without the `#`), to
/// inflate with `DecompressionStream("deflate-raw")` and read with
/// [`suite_engine::load_results`] (one result, or a bundle of several). A link cut short may still decode here; inflating it then
/// fails, which the page reports as [`LinkError::Damaged`] too.
///
/// # Errors
/// [`LinkError::NotAResultLink`], [`LinkError::NewerEncoding`], [`LinkError::Damaged`].
///
/// # Example
/// ```
/// let fragment = report::link_fragment(&[1, 2, 250]);
/// assert_eq!(fragment, "result=1.AQL6");
/// assert_eq!(report::link_payload_bytes(&format!("#{fragment}")), Ok(vec![1, 2, 250]));
/// assert_eq!(report::link_payload_bytes("#result=1.%%%"), Err(report::LinkError::Damaged));
/// ```
pub fn link_payload_bytes(fragment: &str) -> Result<Vec<u8>, LinkError> {
    let fragment = fragment.trim();
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let value = fragment
        .strip_prefix(LINK_FRAGMENT_KEY)
        .and_then(|rest| rest.strip_prefix('='))
        .ok_or(LinkError::NotAResultLink)?;
    let (version, data) = value.split_once('.').ok_or(LinkError::Damaged)?;
    if version != LINK_ENCODING_VERSION.to_string() {
        if !version.is_empty() && version.chars().all(|c| c.is_ascii_digit()) {
            return Err(LinkError::NewerEncoding {
                found: version.chars().take(10).collect(),
            });
        }
        return Err(LinkError::Damaged);
    }
    match BASE64URL.decode(data) {
        Ok(bytes) if !bytes.is_empty() => Ok(bytes),
        _ => Err(LinkError::Damaged),
    }
}

/// What goes into a share link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharePayload {
    /// The masked result as compact JSON (for several tests, the bundle
    /// `{"format_version":2,"results":[…]}`), with the bodies in `omitted` left out.
    pub json: String,
    /// Its compressed length, as the compressor measured it.
    pub compressed_len: usize,
    /// The bodies left out, in test and step order (empty when the whole result fits).
    pub omitted: Vec<OmittedBody>,
    /// Whether it fits the budget. When even every body left out does not fit, `json` has
    /// them all left out and this is false: the page then offers the file instead.
    pub fits: bool,
}

/// A body that can be left out: (test index, step index, part).
type BodyAt = (usize, usize, BodyPart);

/// Bodies that can be left out, largest first, across every test.
struct Candidates {
    masked: Vec<RunResult>,
    /// By text length descending, then test, step and part order.
    order: Vec<BodyAt>,
}

impl Candidates {
    fn new(results: &[RunResult]) -> Candidates {
        let masked: Vec<RunResult> = results.iter().map(RunResult::masked).collect();
        let mut sized: Vec<(usize, BodyAt)> = Vec::new();
        for (test, result) in masked.iter().enumerate() {
            for (index, step) in result.steps.iter().enumerate() {
                for (part, body) in bodies(step) {
                    if !body.text.is_empty() && !body.omitted {
                        sized.push((body.text.len(), (test, index, part)));
                    }
                }
            }
        }
        sized.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        Candidates {
            masked,
            order: sized.into_iter().map(|(_, at)| at).collect(),
        }
    }

    /// The results with the first `count` bodies left out.
    fn without(&self, count: usize) -> Vec<RunResult> {
        let mut results = self.masked.clone();
        for &(test, index, part) in self.order.iter().take(count) {
            let Some(step) = results.get_mut(test).and_then(|r| r.steps.get_mut(index)) else {
                continue;
            };
            let body = match part {
                BodyPart::Request => step.request.as_mut().and_then(|q| q.body.as_mut()),
                BodyPart::Response => step.response.as_mut().map(|q| &mut q.body),
            };
            if let Some(body) = body {
                body.text.clear();
                body.truncated = false;
                body.omitted = true;
            }
        }
        results
    }
}

/// Compact JSON: one result as it is, several as a bundle (the fields `bundle_to_json`
/// writes, in its order, without its spaces).
fn compact(results: &[RunResult]) -> String {
    let one = |r: &RunResult| serde_json::to_string(r).unwrap_or_default();
    match results {
        [result] => one(result),
        several => {
            let items: Vec<String> = several.iter().map(one).collect();
            format!(
                "{{\"format_version\":{FORMAT_VERSION},\"results\":[{}]}}",
                items.join(",")
            )
        }
    }
}

/// The share link's payload for a run's results (one test, or several) within `budget`
/// compressed bytes; `compressed_len` gives the compressed length of some JSON (raw deflate,
/// as the page's `CompressionStream`).
///
/// Bodies are left out largest first, whichever test they are in. The fewest that make it fit are found by halving,
/// so a suite with hundreds of bodies needs about ten compressions, not hundreds (this
/// assumes leaving out more never makes the text longer, which holds for deflate in
/// practice; whatever is returned as fitting was measured to fit).
///
/// # Example
/// ```
/// # let result = suite_engine::load_result(include_str!("../tests/data/small-result.json")).unwrap();
/// let whole = report::share_payload(&[result.clone()], usize::MAX, |json| json.len());
/// assert!(whole.fits && whole.omitted.is_empty());
/// let tight = report::share_payload(&[result.clone()], whole.compressed_len - 1, |json| json.len());
/// assert!(tight.fits && !tight.omitted.is_empty());
/// // Two tests: the link holds the bundle of both.
/// let both = report::share_payload(&[result.clone(), result], usize::MAX, |json| json.len());
/// assert_eq!(suite_engine::load_results(&both.json)?.len(), 2);
/// # Ok::<(), suite_engine::ResultError>(())
/// ```
pub fn share_payload(
    results: &[RunResult],
    budget: usize,
    mut compressed_len: impl FnMut(&[u8]) -> usize,
) -> SharePayload {
    let search = share_payload_async(results, budget, |json: Vec<u8>| {
        std::future::ready(compressed_len(&json))
    });
    // Every measurement is ready at once, so one poll finishes the search.
    let mut context = Context::from_waker(Waker::noop());
    match pin!(search).as_mut().poll(&mut context) {
        Poll::Ready(payload) => payload,
        Poll::Pending => SharePayload {
            json: String::new(),
            compressed_len: 0,
            omitted: Vec::new(),
            fits: false,
        },
    }
}

/// [`share_payload`] with an asynchronous compressor, such as the browser's
/// `CompressionStream`: `compressed_len` receives the JSON's UTF-8 bytes.
pub async fn share_payload_async<F, Fut>(
    results: &[RunResult],
    budget: usize,
    mut compressed_len: F,
) -> SharePayload
where
    F: FnMut(Vec<u8>) -> Fut,
    Fut: Future<Output = usize>,
{
    let candidates = Candidates::new(results);
    let payload = |count: usize, json: String, len: usize, fits: bool| SharePayload {
        omitted: omitted_bodies(&candidates.without(count)),
        json,
        compressed_len: len,
        fits,
    };

    let whole = compact(&candidates.without(0));
    let whole_len = compressed_len(whole.clone().into_bytes()).await;
    let all = candidates.order.len();
    if whole_len <= budget || all == 0 {
        return payload(0, whole, whole_len, whole_len <= budget);
    }
    let leanest = compact(&candidates.without(all));
    let leanest_len = compressed_len(leanest.clone().into_bytes()).await;
    if leanest_len > budget {
        return payload(all, leanest, leanest_len, false);
    }
    // The fewest bodies left out that fit: `fitting` fits, `short` does not.
    let (mut short, mut fitting) = (0, all);
    let mut best = (leanest, leanest_len);
    while fitting - short > 1 {
        let middle = short + (fitting - short) / 2;
        let json = compact(&candidates.without(middle));
        let len = compressed_len(json.clone().into_bytes()).await;
        if len <= budget {
            fitting = middle;
            best = (json, len);
        } else {
            short = middle;
        }
    }
    payload(fitting, best.0, best.1, true)
}
