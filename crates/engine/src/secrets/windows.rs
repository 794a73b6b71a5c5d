//! Runs of [`WINDOW`] bytes or more of the tester's secrets, wherever they appear and however
//! they were cut out (a script's `slice`, a view that clips, no mark of a cut).
//!
//! Every window of [`WINDOW`] bytes of each secret is kept as a hash of its lowercased bytes:
//! memory and time follow the secret's length. A text position whose next [`WINDOW`] bytes
//! hash to one starts a window of a secret; overlapping windows join into one span, so a run of
//! any length is masked whole.

use std::collections::HashMap;

use rustc_hash::FxBuildHasher;

use super::matcher::{bit, lower, quad, set_bit, Found};

/// The shortest run masked: long enough not to match ordinary text by chance.
pub(super) const WINDOW: usize = 12;

/// The windows of a set of values.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Windows {
    /// Label number by window hash.
    hashes: HashMap<u64, u32, FxBuildHasher>,
    /// Which hashed first four bytes start a window (65,536 bits): most places start none.
    quads: Box<[u64]>,
}

impl Default for Windows {
    fn default() -> Windows {
        Windows {
            hashes: HashMap::default(),
            quads: vec![0; 1024].into_boxed_slice(),
        }
    }
}

/// FNV-1a over the first [`WINDOW`] bytes, lowercased.
fn hash(b: &[u8]) -> u64 {
    b[..WINDOW].iter().fold(0xcbf2_9ce4_8422_2325, |h, &x| {
        (h ^ u64::from(lower(x))).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Windows {
    /// Keeps every window of `value`.
    pub(super) fn insert(&mut self, value: &str, label: u32) {
        let b = value.as_bytes();
        for i in 0..(b.len() + 1).saturating_sub(WINDOW) {
            self.hashes.entry(hash(&b[i..])).or_insert(label);
            set_bit(&mut self.quads, quad(&b[i..]));
        }
    }

    fn window_at(&self, b: &[u8], i: usize) -> Option<u32> {
        if !bit(&self.quads, quad(&b[i..])) {
            return None;
        }
        self.hashes.get(&hash(&b[i..])).copied()
    }

    /// Every run made of windows, leftmost first, widened to whole characters, none
    /// overlapping.
    pub(super) fn find_all(&self, text: &str) -> Vec<Found> {
        let b = text.as_bytes();
        let mut out: Vec<Found> = Vec::new();
        for i in 0..(b.len() + 1).saturating_sub(WINDOW) {
            let Some(label) = self.window_at(b, i) else {
                continue;
            };
            let mut start = i;
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = i + WINDOW;
            while !text.is_char_boundary(end) {
                end += 1;
            }
            match out.last_mut() {
                Some(last) if start <= last.end => last.end = last.end.max(end),
                _ => out.push(Found { start, end, label }),
            }
        }
        out
    }

    /// The first window in `text`, if any.
    pub(super) fn find_first(&self, text: &str) -> Option<Found> {
        let b = text.as_bytes();
        (0..(b.len() + 1).saturating_sub(WINDOW)).find_map(|i| {
            self.window_at(b, i).map(|label| Found {
                start: i,
                end: i + WINDOW,
                label,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_windows_join_into_one_span() {
        let mut w = Windows::default();
        w.insert("abcdefghijklmnopqrstuvwxyz", 0);
        let text = "x DEFGHIJKLMNOP y cdefghijk abcdefghijklmnopqrstuvwxyz!";
        let spans: Vec<(usize, usize)> =
            w.find_all(text).iter().map(|f| (f.start, f.end)).collect();
        assert_eq!(spans, [(2, 15), (28, 54)]);
        assert_eq!(w.find_first("..hijklmnopqrs..").map(|f| f.start), Some(2));
        assert_eq!(w.find_first("..hijklmnopqr.."), None);
    }

    #[test]
    fn spans_widen_to_whole_characters() {
        let mut w = Windows::default();
        w.insert("é0123456789abcé", 0);
        let text = "xé0123456789abcéy";
        let spans = w.find_all(text);
        assert_eq!(spans.len(), 1);
        assert!(text.is_char_boundary(spans[0].start) && text.is_char_boundary(spans[0].end));
        assert_eq!(&text[spans[0].start..spans[0].end], "é0123456789abcé");
    }
}
