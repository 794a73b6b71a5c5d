//! The messages between the page and the workers it starts on demand: the workshop demo
//! ([`demo`]: the reference server's core with its emulated Okta org) and the report
//! ([`report`]: the HTML report, JUnit XML and share links). Both are parts most visits never
//! use, so they stay out of the page's first load and are downloaded on first use.
//!
//! On the wire every message is text. The worker's first message is [`READY`], once it
//! listens. After that each call is a [frame](frame): a number the caller picks and the call's
//! JSON; the worker answers with the same number and the answer's JSON, so calls may overlap
//! and answers come back in any order.
//!
//! ```
//! use worker_protocol::{frame, unframe};
//!
//! let message = frame(7, r#"{"call":"reset"}"#);
//! assert_eq!(unframe(&message), Some((7, r#"{"call":"reset"}"#)));
//! assert_eq!(unframe(worker_protocol::READY), None);
//! ```

#![deny(missing_docs)]

pub mod demo;
pub mod report;
#[cfg(feature = "worker")]
pub mod worker;

/// The worker's first message: it listens from now on. Calls made before are held by the page.
pub const READY: &str = "ready";

/// A call or its answer as one message: `id`, a line break, then `body`.
pub fn frame(id: u64, body: &str) -> String {
    format!("{id}\n{body}")
}

/// The number and body of a [`frame`]; `None` for any other text ([`READY`] among them).
pub fn unframe(message: &str) -> Option<(u64, &str)> {
    let (id, body) = message.split_once('\n')?;
    Some((id.parse().ok()?, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_keeps_any_body_whole() {
        let body = "{\"text\":\"two\\nlines\"}\nand a raw line break";
        assert_eq!(unframe(&frame(u64::MAX, body)), Some((u64::MAX, body)));
        assert_eq!(unframe(&frame(0, "")), Some((0, "")));
    }

    #[test]
    fn other_text_is_no_frame() {
        for text in ["", "ready", "x\n{}", "-1\n{}", "\n{}", "12"] {
            assert_eq!(unframe(text), None, "{text:?}");
        }
    }
}
