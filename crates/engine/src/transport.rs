//! What the caller supplies for the outside world: a [`Transport`] that sends requests and a
//! [`Clock`] that tells time and sleeps.
//!
//! The engine never touches the network or a clock itself, so it runs the same in a browser
//! (fetch, `setTimeout`), natively, or in a test with virtual time. Futures need not be
//! `Send`: a browser is single-threaded.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One header: a name and one value. Repeated names are repeated entries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// The header's name as written.
    pub name: String,
    /// The header's value.
    pub value: String,
}

impl Header {
    /// A header from a name and a value.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Header {
        Header {
            name: name.into(),
            value: value.into(),
        }
    }
}

/// A rendered request, ready to send.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET`, `POST`, …, uppercase.
    pub method: String,
    /// The URL, rendered and percent-encoded once.
    pub url: String,
    /// Headers in order; a name may repeat.
    pub headers: Vec<Header>,
    /// The body, if any.
    pub body: Option<String>,
    /// Give up after this many milliseconds and fail with [`FailureKind::Timeout`].
    pub timeout_ms: u64,
}

/// What a transport got back.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The reason phrase (`OK`), empty when the transport has none.
    pub reason: String,
    /// Response headers in order.
    pub headers: Vec<Header>,
    /// The body's bytes.
    pub body: Vec<u8>,
    /// Detailed timings, when the transport can measure them.
    pub timings: Option<Timings>,
    /// Request headers the transport could not send as written (a browser refuses some).
    pub headers_not_sent: Vec<HeaderNotSent>,
}

/// A request header that was not sent, and why.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderNotSent {
    /// The header's name.
    pub name: String,
    /// Why, in plain words: `the browser does not let a page set it`.
    pub reason: String,
}

/// Timings of one exchange, in milliseconds; each is absent when unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Timings {
    /// Name lookup.
    pub dns_ms: Option<f64>,
    /// TCP connect.
    pub connect_ms: Option<f64>,
    /// TLS handshake.
    pub tls_ms: Option<f64>,
    /// From sending to the first byte of the response.
    pub ttfb_ms: Option<f64>,
    /// Receiving the body.
    pub download_ms: Option<f64>,
    /// From sending to the full response.
    pub total_ms: Option<f64>,
}

/// Why a request got no response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestFailure {
    /// The kind of failure.
    pub kind: FailureKind,
    /// What happened, in plain words.
    pub message: String,
    /// Headers of the request the transport did not send, with why; as in [`HttpResponse`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers_not_sent: Vec<HeaderNotSent>,
}

impl RequestFailure {
    /// A failure of `kind` with a message.
    pub fn new(kind: FailureKind, message: impl Into<String>) -> RequestFailure {
        RequestFailure {
            kind,
            message: message.into(),
            headers_not_sent: Vec::new(),
        }
    }

    /// The same failure, naming the headers that were not sent.
    #[must_use]
    pub fn with_headers_not_sent(mut self, headers: Vec<HeaderNotSent>) -> RequestFailure {
        self.headers_not_sent = headers;
        self
    }
}

impl fmt::Display for RequestFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RequestFailure {}

/// The kinds of [`RequestFailure`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureKind {
    /// The server did not allow this page's origin (CORS).
    Cors,
    /// The network failed: refused, unreachable, reset.
    Network,
    /// No response within the request timeout.
    Timeout,
    /// The URL cannot be requested.
    InvalidUrl,
    /// An `http:` URL from an `https:` page.
    MixedContent,
    /// The request was aborted.
    Cancelled,
    /// Not sent: it would have carried a secret to a host the tester did not approve
    /// ([`crate::HostPolicy`]).
    NotApproved,
    /// Anything else; also what a kind this version does not know reads as.
    #[serde(other)]
    Other,
}

impl FailureKind {
    /// The kind as the result file writes it: `invalid_url`.
    pub fn as_str(self) -> &'static str {
        match self {
            FailureKind::Cors => "cors",
            FailureKind::Network => "network",
            FailureKind::Timeout => "timeout",
            FailureKind::InvalidUrl => "invalid_url",
            FailureKind::MixedContent => "mixed_content",
            FailureKind::Cancelled => "cancelled",
            FailureKind::NotApproved => "not_approved",
            FailureKind::Other => "other",
        }
    }

    /// What happened, in a few words a tester understands: `Blocked by CORS`.
    pub fn title(self) -> &'static str {
        match self {
            FailureKind::Cors => "Blocked by CORS",
            FailureKind::Network => "Could not connect",
            FailureKind::Timeout => "Timed out",
            FailureKind::InvalidUrl => "Not a URL",
            FailureKind::MixedContent => "Blocked: https page, http server",
            FailureKind::Cancelled => "Cancelled",
            FailureKind::NotApproved => "Not sent: a secret for a host you did not approve",
            FailureKind::Other => "The browser refused the request",
        }
    }
}

/// Sends one rendered request.
///
/// Used through generics; the future need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// Sends `request` and returns the response, or why there is none. Should honour
    /// `request.timeout_ms`. The engine may drop the future at any await point to cancel.
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure>;
}

/// Time: "now" and sleeping.
#[allow(async_fn_in_trait)]
pub trait Clock {
    /// Now, in Unix epoch milliseconds.
    fn now_ms(&self) -> f64;
    /// Completes after `ms` milliseconds. The engine sleeps at most one second at a time
    /// and may drop the future to cancel. It also sleeps 0 ms now and then while it reports
    /// many steps that do not run (after a cancel): a page draws meanwhile.
    async fn sleep(&self, ms: f64);
}

impl<T: Transport + ?Sized> Transport for &T {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        (**self).send(request).await
    }
}

impl<C: Clock + ?Sized> Clock for &C {
    fn now_ms(&self) -> f64 {
        (**self).now_ms()
    }
    async fn sleep(&self, ms: f64) {
        (**self).sleep(ms).await;
    }
}

#[cfg(test)]
mod tests {
    use super::FailureKind;

    #[test]
    fn kind_names_match_the_file_format() {
        for kind in [
            FailureKind::Cors,
            FailureKind::Network,
            FailureKind::Timeout,
            FailureKind::InvalidUrl,
            FailureKind::MixedContent,
            FailureKind::Cancelled,
            FailureKind::NotApproved,
            FailureKind::Other,
        ] {
            let written = serde_json::to_value(kind).expect("serializes");
            assert_eq!(written, kind.as_str(), "{kind:?}");
            assert!(!kind.title().is_empty());
        }
    }
}
