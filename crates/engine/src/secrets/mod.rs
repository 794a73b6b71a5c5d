//! Secrets: values that must never show, in any form, in an export or on screen, and never
//! go to a host the tester did not approve (see `crate::hosts`).
//!
//! A run collects secret values as it meets them: the values of every variable named like a
//! secret ([`is_secret_name`]) or marked secret by the caller, every value derived from one by
//! an initial variable's template, the basic auth password, and the values of secret-named
//! headers sent or received (`Authorization`, `Cookie`, `Set-Cookie`, `X-Api-Key`, …). For
//! each it also keeps the token after a scheme word (`Bearer xyz` → `xyz`), a basic
//! credential decoded (`user:pass` and `pass`), cookie values, and the encoded forms of
//! `forms.rs`.
//!
//! Masking replaces each of them with `[secret NAME]`, NAME saying where it came from:
//!
//! 1. inside JSON string literals written with escapes, decoded (`json.rs`);
//! 2. everywhere, ASCII case ignored, the longest form first (`matcher.rs`);
//! 3. any run of 12 bytes or more of the tester's own values, however it was cut out
//!    (`windows.rs`);
//! 4. next to a cut (`…`, `...`, the end of a body cut at the size limit): a piece of at
//!    least [`MIN_PART`] bytes that is the start of a form just before the cut, or the end
//!    of one just after it. So at most 3 bytes of a secret survive any shortening.

mod forms;
mod json;
mod matcher;
mod names;
mod windows;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use base64::Engine as _;
use percent_encoding::percent_decode_str;
use rustc_hash::FxBuildHasher;
use serde_json::Value;

use crate::comparison::Comparison;
use crate::result::{ScriptResult, StepResult};
use crate::source::Source;
use forms::Depth;
use matcher::{Found, Matcher};
use windows::Windows;

pub(crate) use names::is_secret_header;
pub use names::{is_secret_name, is_secret_variable, SECRET_NAME_PARTS, SECRET_NAME_WORDS};

/// Keys whose string values are enum tags, never free text; masking leaves them alone so a
/// masked result still reads back.
const TAG_KEYS: &[&str] = &["kind", "outcome", "policy"];

/// Parts of a value (a token, a password, a cookie value), header values and pieces next
/// to a cut shorter than this many bytes are not masked on their own; a variable's whole
/// value is, at any length.
pub(crate) const MIN_PART: usize = 4;

/// Marks that a text was shortened there.
const CUT_MARKS: [&str; 2] = ["…", "..."];

/// The secret values of a run, each form with the label its mask shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Secrets {
    /// Labels as masks show them (masked themselves), by number.
    labels: Vec<String>,
    /// Label numbers by the label as given.
    label_ids: HashMap<String, u32, FxBuildHasher>,
    /// Values added already: each request adds its credential header again.
    added: HashSet<String, FxBuildHasher>,
    matcher: Matcher,
    /// Runs of 12 bytes or more of the tester's secret values (`windows.rs`).
    pieces: Windows,
}

impl Secrets {
    pub(crate) fn is_empty(&self) -> bool {
        self.matcher.is_empty()
    }

    fn label_id(&mut self, label: &str) -> u32 {
        if let Some(&id) = self.label_ids.get(label) {
            return id;
        }
        let id = u32::try_from(self.labels.len()).unwrap_or(u32::MAX);
        // A label (a variable or header name) could hold a secret known already.
        self.labels.push(self.mask_text(label));
        self.label_ids.insert(label.to_string(), id);
        id
    }

    /// Adds one value and its encoded forms.
    fn push(&mut self, label: &str, value: &str, depth: Depth) {
        if value.trim().is_empty() || self.matcher.contains(value) {
            return;
        }
        let id = self.label_id(label);
        if self.matcher.insert(value, id) {
            for form in forms::forms(value, depth) {
                self.matcher.insert(&form, id);
            }
            if depth == Depth::Derived {
                self.pieces.insert(value, id);
            }
        }
    }

    /// Adds a secret value of the tester's (a variable, a password, a header sent) and the
    /// parts of it that are secret on their own.
    pub(crate) fn add(&mut self, label: &str, value: &str) {
        self.add_at(label, value, Depth::Derived);
    }

    fn add_at(&mut self, label: &str, value: &str, depth: Depth) {
        if !self.added.insert(value.to_string()) {
            return;
        }
        self.push(label, value, depth);
        let trimmed = value.trim();
        self.push(label, trimmed, depth);
        if let Some((scheme, token)) = trimmed.split_once(char::is_whitespace) {
            let token = token.trim();
            if scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                if token.len() >= MIN_PART {
                    self.push(label, token, depth);
                }
                if scheme.eq_ignore_ascii_case("basic") {
                    self.add_basic_credential(label, token, depth);
                }
            }
        }
    }

    fn add_basic_credential(&mut self, label: &str, token: &str, depth: Depth) {
        let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(token) else {
            return;
        };
        let Ok(pair) = String::from_utf8(bytes) else {
            return;
        };
        self.push(label, &pair, depth);
        if let Some((_, password)) = pair.split_once(':') {
            if password.len() >= MIN_PART {
                self.push(label, password, depth);
            }
        }
    }

    /// Adds a header's value when the header carries secrets: `sent` for a request header
    /// (the tester's credential, masked in every derived form), else a response header.
    pub(crate) fn add_header(&mut self, name: &str, value: &str, sent: bool) {
        if !is_secret_header(name) || value.trim().len() < MIN_PART {
            return;
        }
        let depth = if sent { Depth::Derived } else { Depth::Encoded };
        if self.added.contains(value) {
            return;
        }
        let label = format!("{} header", name.trim());
        self.add_at(&label, value, depth);
        let lower = name.trim().to_ascii_lowercase();
        if lower == "cookie" || lower == "set-cookie" {
            let pairs: Vec<&str> = if lower == "cookie" {
                value.split(';').collect()
            } else {
                value.split(';').take(1).collect()
            };
            for pair in pairs {
                if let Some((_, v)) = pair.split_once('=') {
                    let v = v.trim();
                    if v.len() >= MIN_PART {
                        self.push(&label, v, depth);
                    }
                }
            }
        }
    }

    /// `text` with every secret replaced by its mask.
    pub(crate) fn mask_text(&self, text: &str) -> String {
        self.mask(text, false).into_owned()
    }

    /// Masks `text`; `cut_at_end` when the text was cut at its end (a body at the size
    /// limit).
    fn mask<'t>(&self, text: &'t str, cut_at_end: bool) -> Cow<'t, str> {
        if self.is_empty() || text.is_empty() {
            return Cow::Borrowed(text);
        }
        let decoded = if text.contains('\\') {
            self.mask_literals(text, cut_at_end)
        } else {
            Cow::Borrowed(text)
        };
        match self.mask_plain(&decoded, cut_at_end) {
            Cow::Borrowed(_) => decoded,
            Cow::Owned(s) => Cow::Owned(s),
        }
    }

    /// Steps 2 to 4 of the module's list.
    fn mask_plain<'t>(&self, text: &'t str, cut_at_end: bool) -> Cow<'t, str> {
        let whole = self.replace(text, self.matcher.find_all(text));
        let pieces = self.pieces.find_all(&whole);
        let whole = match (whole, pieces.is_empty()) {
            (whole, true) => whole,
            (whole, false) => Cow::Owned(self.replace(&whole, pieces).into_owned()),
        };
        let cuts = self.cut_pieces(&whole, cut_at_end);
        match (whole, cuts.is_empty()) {
            (whole, true) => whole,
            (whole, false) => Cow::Owned(self.replace(&whole, cuts).into_owned()),
        }
    }

    /// Step 1: JSON string literals with escapes, decoded, masked and re-encoded.
    fn mask_literals<'t>(&self, text: &'t str, cut_at_end: bool) -> Cow<'t, str> {
        let mut out = String::new();
        let mut last = 0;
        for lit in json::escaped_literals(text) {
            let cut = cut_at_end && !lit.closed;
            if let Cow::Owned(masked) = self.mask_plain(&lit.decoded, cut) {
                out.push_str(&text[last..lit.start]);
                out.push_str(&json::encode(&masked, lit.closed));
                last = lit.end;
            }
        }
        if last == 0 {
            return Cow::Borrowed(text);
        }
        out.push_str(&text[last..]);
        Cow::Owned(out)
    }

    /// Pieces of forms next to the cut marks of `text` (and at its end when cut there).
    fn cut_pieces(&self, text: &str, cut_at_end: bool) -> Vec<Found> {
        let mut out = Vec::new();
        // Both marks start with a byte few texts hold: '…' with 0xE2, "..." with '.'.
        let marked = text.bytes().any(|c| c == 0xE2 || c == b'.');
        if !marked && !cut_at_end {
            return out;
        }
        for mark in CUT_MARKS {
            for (at, _) in text.match_indices(mark) {
                out.extend(self.matcher.start_cut_at(text, at, MIN_PART));
                out.extend(self.matcher.end_cut_at(text, at + mark.len(), MIN_PART));
            }
        }
        if cut_at_end {
            out.extend(self.matcher.start_cut_at(text, text.len(), MIN_PART));
        }
        out.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
        out
    }

    /// `text` with each found span (sorted by start) replaced by its mask; overlaps skipped.
    fn replace<'t>(&self, text: &'t str, found: Vec<Found>) -> Cow<'t, str> {
        if found.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for f in found {
            if f.start < last {
                continue;
            }
            out.push_str(&text[last..f.start]);
            out.push_str("[secret ");
            out.push_str(self.labels.get(f.label as usize).map_or("", String::as_str));
            out.push(']');
            last = f.end;
        }
        out.push_str(&text[last..]);
        Cow::Owned(out)
    }

    /// Where to cut `text` (at a character boundary) to keep at most `limit` bytes without
    /// keeping the start of a secret known now.
    pub(crate) fn cut_point(&self, text: &str, limit: usize) -> usize {
        let mut cut = limit.min(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        if self.is_empty() || cut == text.len() {
            return cut;
        }
        self.matcher.cut_outside(text, cut)
    }

    fn find_first(&self, text: &str) -> Option<Found> {
        self.matcher
            .find_first(text)
            .or_else(|| self.pieces.find_first(text))
    }

    /// The label of a secret `text` carries in a form the masker knows (also inside
    /// escaped JSON literals and once percent-decoded), if any.
    pub(crate) fn first_in(&self, text: &str) -> Option<&str> {
        if self.is_empty() || text.is_empty() {
            return None;
        }
        let label = |f: Found| self.labels.get(f.label as usize).map(String::as_str);
        if let Some(f) = self.find_first(text) {
            return label(f);
        }
        if text.contains('\\') {
            for lit in json::escaped_literals(text) {
                if let Some(f) = self.find_first(&lit.decoded) {
                    return label(f);
                }
            }
        }
        if text.contains('%') {
            let decoded = percent_decode_str(text).decode_utf8_lossy();
            if let Some(f) = self.find_first(&decoded) {
                return label(f);
            }
        }
        None
    }

    /// `step` with every secret known so far masked; borrowed when nothing needs masking.
    pub(crate) fn mask_step<'s>(&self, step: &'s StepResult) -> Cow<'s, StepResult> {
        if self.is_empty() {
            return Cow::Borrowed(step);
        }
        if is_bare(step) {
            let texts = bare_texts(step);
            if texts
                .iter()
                .all(|t| matches!(self.mask(t, false), Cow::Borrowed(_)))
            {
                return Cow::Borrowed(step);
            }
            return Cow::Owned(self.mask_bare(step));
        }
        let mut value = serde_json::to_value(step).unwrap_or(Value::Null);
        self.mask_value(&mut value);
        // Masking leaves enum tags alone, so this reads back; if it did not, show the step
        // with nothing but where it stands and how it ended rather than a secret.
        Cow::Owned(
            serde_json::from_value(value).unwrap_or_else(|_| StepResult {
                outcome: step.outcome,
                started_at_ms: step.started_at_ms,
                duration_ms: step.duration_ms,
                ..StepResult::empty(
                    step.path.clone(),
                    step.step_type.clone(),
                    self.mask_text(&step.note),
                )
            }),
        )
    }

    /// A step that did not run (skipped, cancelled) holds only a few texts: masked field by
    /// field, without the round trip through JSON, so that cancelling a long suite reports
    /// every remaining step at once. [`bare_texts`] lists the same fields.
    fn mask_bare(&self, step: &StepResult) -> StepResult {
        let m = |s: &String| self.mask_text(s);
        let mo = |s: &Option<String>| s.as_ref().map(|s| self.mask_text(s));
        let mut out = step.clone();
        out.step_type = m(&step.step_type);
        out.note = m(&step.note);
        out.reason = mo(&step.reason);
        for a in &mut out.assertions {
            // Known terms hold nothing secret; an unknown one is text from the file.
            if let Source::Unknown(raw) = &a.source {
                a.source = Source::Unknown(m(raw));
            }
            a.property = m(&a.property);
            if let Comparison::Unknown(raw) = &a.comparison {
                a.comparison = Comparison::Unknown(m(raw));
            }
            a.expected = mo(&a.expected);
            a.actual = mo(&a.actual);
            a.actual_missing = mo(&a.actual_missing);
            a.message = mo(&a.message);
        }
        for w in &mut out.warnings {
            w.subject = mo(&w.subject);
            w.message = m(&w.message);
        }
        out
    }

    /// A copy of a script's result with every secret known so far masked.
    pub(crate) fn mask_script(&self, script: &ScriptResult) -> ScriptResult {
        let mut value = serde_json::to_value(script).unwrap_or(Value::Null);
        self.mask_value(&mut value);
        // As for steps: if the masked copy did not read back, show nothing it said.
        serde_json::from_value(value).unwrap_or_else(|_| ScriptResult {
            logs: Vec::new(),
            assertions: Vec::new(),
            variables_set: Vec::new(),
            error: None,
            ..script.clone()
        })
    }

    /// Masks every string in a JSON value except enum tags.
    pub(crate) fn mask_value(&self, v: &mut Value) {
        match v {
            Value::String(s) => {
                if let Cow::Owned(masked) = self.mask(s, false) {
                    *s = masked;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| self.mask_value(i)),
            Value::Object(map) => {
                // A body cut at the size limit ends in a cut.
                let cut_body = map.get("truncated") == Some(&Value::Bool(true));
                for (k, item) in map.iter_mut() {
                    match item {
                        Value::String(_) if TAG_KEYS.contains(&k.as_str()) => {}
                        Value::String(s) if cut_body && k == "text" => {
                            if let Cow::Owned(masked) = self.mask(s, true) {
                                *s = masked;
                            }
                        }
                        item => self.mask_value(item),
                    }
                }
            }
            _ => {}
        }
    }
}

/// Whether a step holds nothing but its note, reason, assertions and warnings: a step that
/// did not run.
fn is_bare(step: &StepResult) -> bool {
    step.request.is_none()
        && step.response.is_none()
        && step.failure.is_none()
        && step.variables.is_empty()
        && step.scripts.is_empty()
        && step.pause.is_none()
        && step.condition.is_none()
}

/// Every text of a bare step (see [`Secrets::mask_bare`]).
fn bare_texts(step: &StepResult) -> Vec<&str> {
    let mut out = vec![step.step_type.as_str(), step.note.as_str()];
    out.extend(step.reason.as_deref());
    for a in &step.assertions {
        out.extend([
            a.source.as_str(),
            a.property.as_str(),
            a.comparison.as_str(),
        ]);
        out.extend(
            [&a.expected, &a.actual, &a.actual_missing, &a.message]
                .into_iter()
                .flatten()
                .map(String::as_str),
        );
    }
    for w in &step.warnings {
        out.extend(w.subject.as_deref());
        out.push(&w.message);
    }
    out
}

#[cfg(test)]
mod tests;
