//! Finds many secret forms in a text at once, ASCII case ignored, at a cost that follows the
//! text's length rather than the number of forms.
//!
//! The forms sit in a radix tree (a trie whose single-child chains are one edge), so at each
//! position of a text the walk follows only the bytes that some form shares; forms with a
//! long common start (cookies named alike, JWTs with one header) cost nothing extra. A
//! second tree holds the forms backwards, to recognise the end of a form whose start was
//! cut off. A run that meets a new cookie in every response keeps a steady cost per step.

/// A set of forms, each with the number of its label.
#[derive(Clone, Debug)]
pub(super) struct Matcher {
    forms: Vec<Form>,
    forwards: Tree,
    backwards: Tree,
    /// The longest form's length in bytes.
    longest: usize,
    /// Which pairs of first two bytes (lowercased) start a form, as 65,536 bits: most
    /// places in a text start none, and this says so without a walk.
    starts: Box<[u64]>,
    /// Which bytes are a whole form on their own.
    singles: [u64; 4],
}

impl Default for Matcher {
    fn default() -> Matcher {
        Matcher {
            forms: Vec::new(),
            forwards: Tree::new(false),
            backwards: Tree::new(true),
            longest: 0,
            starts: vec![0; 1024].into_boxed_slice(),
            singles: [0; 4],
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Form {
    text: Box<str>,
    label: u32,
}

impl PartialEq for Matcher {
    fn eq(&self, other: &Matcher) -> bool {
        self.forms == other.forms
    }
}

/// One occurrence: bytes `start..end` of the text are (part of) a form with this label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Found {
    pub start: usize,
    pub end: usize,
    pub label: u32,
}

#[inline(always)]
pub(super) fn lower(b: u8) -> u8 {
    b.to_ascii_lowercase()
}

#[inline(always)]
fn pair(b: &[u8]) -> usize {
    usize::from(lower(b[0])) << 8 | usize::from(lower(b[1]))
}

/// The first four bytes of `b`, lowercased, hashed to 16 bits.
#[inline(always)]
pub(super) fn quad(b: &[u8]) -> usize {
    let k = b[..4]
        .iter()
        .fold(0u32, |k, &x| (k << 8) | u32::from(lower(x)));
    (k.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

#[inline(always)]
pub(super) fn bit(bits: &[u64], n: usize) -> bool {
    bits[n >> 6] & (1 << (n & 63)) != 0
}

pub(super) fn set_bit(bits: &mut [u64], n: usize) {
    bits[n >> 6] |= 1 << (n & 63);
}

/// A radix tree over the forms' bytes, lowercased, read forwards or backwards. Edges point
/// into a form's text rather than copying it.
#[derive(Clone, Debug)]
struct Tree {
    backwards: bool,
    /// `nodes[0]` is the root.
    nodes: Vec<Node>,
}

#[derive(Clone, Debug, Default)]
struct Node {
    /// The edge into this node: bytes `from..to` of form `owner`, in the tree's direction.
    owner: u32,
    from: u32,
    to: u32,
    /// Children by the first byte of their edge (lowercased), sorted.
    children: Vec<(u8, u32)>,
    /// The form that ends exactly here, if any.
    ends: Option<u32>,
    /// A form that passes through here (for the label of a piece).
    some: u32,
}

impl Tree {
    fn new(backwards: bool) -> Tree {
        Tree {
            backwards,
            nodes: vec![Node::default()],
        }
    }

    /// Byte `k` of form `id` in this tree's direction, lowercased.
    fn byte(&self, forms: &[Form], id: u32, k: u32) -> u8 {
        let b = forms[id as usize].text.as_bytes();
        let k = k as usize;
        lower(if self.backwards {
            b[b.len() - 1 - k]
        } else {
            b[k]
        })
    }

    fn child(&self, node: u32, byte: u8) -> Option<u32> {
        let children = &self.nodes[node as usize].children;
        children
            .binary_search_by_key(&byte, |c| c.0)
            .ok()
            .map(|at| children[at].1)
    }

    fn new_node(&mut self, node: Node) -> u32 {
        self.nodes.push(node);
        // Node numbers stay below the forms' total length, which fits in memory.
        u32::try_from(self.nodes.len() - 1).unwrap_or(u32::MAX)
    }

    /// Adds form `id`; `false` when an equal form (ASCII case ignored) is there already.
    fn insert(&mut self, forms: &[Form], id: u32, len: u32) -> bool {
        let (mut node, mut i) = (0u32, 0u32);
        loop {
            if i == len {
                let n = &mut self.nodes[node as usize];
                if n.ends.is_some() {
                    return false;
                }
                n.ends = Some(id);
                return true;
            }
            let c = self.byte(forms, id, i);
            let Some(child) = self.child(node, c) else {
                let leaf = self.new_node(Node {
                    owner: id,
                    from: i,
                    to: len,
                    children: Vec::new(),
                    ends: Some(id),
                    some: id,
                });
                let children = &mut self.nodes[node as usize].children;
                let at = children.partition_point(|x| x.0 < c);
                children.insert(at, (c, leaf));
                return true;
            };
            let Node {
                owner, from, to, ..
            } = self.nodes[child as usize];
            let mut k = 0;
            while from + k < to
                && i + k < len
                && self.byte(forms, owner, from + k) == self.byte(forms, id, i + k)
            {
                k += 1;
            }
            if from + k < to {
                // Split the edge where the new form leaves it.
                let middle = self.new_node(Node {
                    owner,
                    from,
                    to: from + k,
                    children: vec![(self.byte(forms, owner, from + k), child)],
                    ends: None,
                    some: self.nodes[child as usize].some,
                });
                self.nodes[child as usize].from = from + k;
                if let Some(slot) = self.nodes[node as usize]
                    .children
                    .iter_mut()
                    .find(|x| x.0 == c)
                {
                    slot.1 = middle;
                }
                node = middle;
            } else {
                node = child;
            }
            i += k;
        }
    }

    /// Follows `bytes` (already in this tree's direction) from the root. Returns, for a walk
    /// that used them all, a form they lead into; and the longest form that ended on the way,
    /// with how many bytes it took.
    fn walk(
        &self,
        forms: &[Form],
        bytes: impl Iterator<Item = u8>,
    ) -> (Option<u32>, Option<(usize, u32)>) {
        let mut bytes = bytes.peekable();
        let (mut node, mut used) = (0u32, 0usize);
        let mut longest = None;
        loop {
            let n = &self.nodes[node as usize];
            if let Some(form) = n.ends {
                longest = Some((used, form));
            }
            let Some(&c) = bytes.peek() else {
                return ((node != 0).then_some(n.some), longest);
            };
            let Some(child) = self.child(node, lower(c)) else {
                return (None, longest);
            };
            let Node {
                owner, from, to, ..
            } = self.nodes[child as usize];
            for k in from..to {
                match bytes.peek() {
                    None => return (Some(self.nodes[child as usize].some), longest),
                    Some(&b) if lower(b) == self.byte(forms, owner, k) => {
                        bytes.next();
                        used += 1;
                    }
                    Some(_) => return (None, longest),
                }
            }
            node = child;
        }
    }
}

impl Matcher {
    pub(super) fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// Whether `text` is a form already (in any ASCII case).
    pub(super) fn contains(&self, text: &str) -> bool {
        let (_, longest) = self.forwards.walk(&self.forms, text.bytes());
        longest.is_some_and(|(len, _)| len == text.len())
    }

    /// Adds a form; `false` when it is empty or already there (in any ASCII case).
    pub(super) fn insert(&mut self, text: &str, label: u32) -> bool {
        let (Ok(id), Ok(len)) = (u32::try_from(self.forms.len()), u32::try_from(text.len())) else {
            return false;
        };
        if text.is_empty() || self.contains(text) {
            return false;
        }
        self.forms.push(Form {
            text: text.into(),
            label,
        });
        if !self.forwards.insert(&self.forms, id, len) {
            self.forms.pop();
            return false;
        }
        self.backwards.insert(&self.forms, id, len);
        self.longest = self.longest.max(text.len());
        let b = text.as_bytes();
        if b.len() == 1 {
            set_bit(&mut self.singles, usize::from(lower(b[0])));
        } else {
            set_bit(&mut self.starts, pair(b));
        }
        true
    }

    fn label(&self, form: u32) -> u32 {
        self.forms[form as usize].label
    }

    /// Whether a form may start at byte `i`: most places start none, and this says so
    /// without walking the tree.
    #[inline(always)]
    fn may_start(&self, b: &[u8], i: usize) -> bool {
        (i + 1 < b.len() && bit(&self.starts, pair(&b[i..])))
            || bit(&self.singles, usize::from(lower(b[i])))
    }

    /// The longest form that starts at byte `i`.
    fn longest_at(&self, b: &[u8], i: usize) -> Option<Found> {
        if !self.may_start(b, i) {
            return None;
        }
        // The forwards tree, walked over the slice: the hot path of masking.
        let nodes = &self.forwards.nodes;
        let (mut node, mut at, mut best) = (0u32, i, None);
        loop {
            if let Some(form) = nodes[node as usize].ends {
                best = Some((at, form));
            }
            let Some(&c) = b.get(at) else { break };
            let Some(child) = self.forwards.child(node, lower(c)) else {
                break;
            };
            let edge = &nodes[child as usize];
            let (from, to) = (edge.from as usize, edge.to as usize);
            let text = &self.forms[edge.owner as usize].text.as_bytes()[from..to];
            match b.get(at..at + text.len()) {
                Some(piece) if piece.eq_ignore_ascii_case(text) => {
                    at += text.len();
                    node = child;
                }
                _ => break,
            }
        }
        best.map(|(end, form)| Found {
            start: i,
            end,
            label: self.label(form),
        })
    }

    /// Every occurrence, leftmost first, each the longest form at its place, none
    /// overlapping.
    pub(super) fn find_all(&self, text: &str) -> Vec<Found> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if !self.may_start(b, i) {
                i += 1;
                continue;
            }
            match self.longest_at(b, i) {
                Some(found) => {
                    i = found.end;
                    out.push(found);
                }
                None => i += 1,
            }
        }
        out
    }

    /// Where a text may be cut at `cut` or before so that no whole form in it is cut in
    /// two: the start of the earliest form that straddles `cut`, else `cut`.
    pub(super) fn cut_outside(&self, text: &str, cut: usize) -> usize {
        let b = text.as_bytes();
        (cut.saturating_sub(self.longest)..cut)
            .find(|&i| self.longest_at(b, i).is_some_and(|f| f.end > cut))
            .unwrap_or(cut)
    }

    /// The first occurrence, if any.
    pub(super) fn find_first(&self, text: &str) -> Option<Found> {
        let b = text.as_bytes();
        (0..b.len()).find_map(|i| self.longest_at(b, i))
    }

    /// The longest text of at least `min` bytes that ends at `cut` and is the start of a
    /// form: a form cut short there.
    pub(super) fn start_cut_at(&self, text: &str, cut: usize, min: usize) -> Option<Found> {
        let b = text.as_bytes();
        let first = cut.saturating_sub(self.longest);
        let last = cut.checked_sub(min.max(1))?;
        (first..=last)
            .filter(|&start| text.is_char_boundary(start))
            .find_map(|start| {
                let (into, _) = self
                    .forwards
                    .walk(&self.forms, b[start..cut].iter().copied());
                into.map(|form| Found {
                    start,
                    end: cut,
                    label: self.label(form),
                })
            })
    }

    /// The longest text of at least `min` bytes that starts at `at` and is the end of a
    /// form: a form whose start was cut off.
    pub(super) fn end_cut_at(&self, text: &str, at: usize, min: usize) -> Option<Found> {
        let b = text.as_bytes();
        let last = (at + self.longest).min(b.len());
        (at + min.max(1)..=last)
            .rev()
            .filter(|&end| text.is_char_boundary(end))
            .find_map(|end| {
                let (into, _) = self
                    .backwards
                    .walk(&self.forms, b[at..end].iter().rev().copied());
                into.map(|form| Found {
                    start: at,
                    end,
                    label: self.label(form),
                })
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(forms: &[&str]) -> Matcher {
        let mut m = Matcher::default();
        for (i, f) in forms.iter().enumerate() {
            m.insert(f, u32::try_from(i).expect("few"));
        }
        m
    }

    #[test]
    fn longest_form_wins_and_case_is_ignored() {
        let m = matcher(&["abcd", "abcdefghij", "xy", "Z"]);
        let found = m.find_all("..ABCDEFGHIJ abcd xy.z");
        let spans: Vec<(usize, usize, u32)> =
            found.iter().map(|f| (f.start, f.end, f.label)).collect();
        assert_eq!(spans, [(2, 12, 1), (13, 17, 0), (18, 20, 2), (21, 22, 3)]);
        assert_eq!(m.find_first("__xY").map(|f| f.label), Some(2));
    }

    #[test]
    fn a_form_is_kept_once() {
        let mut m = matcher(&["Token-1"]);
        assert!(!m.insert("token-1", 5));
        assert!(!m.insert("", 5));
        assert!(m.insert("token-2", 5));
        assert!(m.insert("token-", 6));
        assert_eq!(m.find_all("TOKEN-1 token-2 token-x").len(), 3);
    }

    #[test]
    fn non_ascii_text_is_walked_safely() {
        let m = matcher(&["héllo-sécret"]);
        let text = "ünï héllo-sécret …";
        let found = m.find_all(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].start..found[0].end], "héllo-sécret");
        let cut = "ä héllo-sé";
        assert_eq!(m.start_cut_at(cut, cut.len(), 4).map(|f| f.start), Some(3));
    }

    #[test]
    fn pieces_left_by_a_cut() {
        let m = matcher(&["0123456789abcdef"]);
        let text = "x 0123456789a…";
        let cut = text.find('…').expect("a cut");
        assert_eq!(m.start_cut_at(text, cut, 4).map(|f| f.start), Some(2));
        assert_eq!(m.start_cut_at("x 012…", 5, 4), None);
        let text = "…cdef y";
        assert_eq!(m.end_cut_at(text, 3, 4).map(|f| f.end), Some(7));
        assert_eq!(m.end_cut_at("…def y", 3, 4), None);
    }

    #[test]
    fn many_forms_sharing_a_start_still_match() {
        let mut m = Matcher::default();
        for i in 0..2000u32 {
            m.insert(&format!("sid=cookie-{i:06}"), i);
        }
        let found = m.find_all("a sid=cookie-001999; sid=cookie-000007; sid=cookie-");
        let labels: Vec<u32> = found.iter().map(|f| f.label).collect();
        assert_eq!(labels, [1999, 7]);
    }
}
