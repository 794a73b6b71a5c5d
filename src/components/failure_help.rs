//! A request that got no response: what most likely happened and what to change.
use leptos::prelude::*;
use suite_engine::{Failure, FailureKind, SentRequest};

/// Request headers CORS lets a page send without asking the server first.
const SAFELISTED: [&str; 4] = [
    "accept",
    "accept-language",
    "content-language",
    "content-type",
];

#[component]
pub fn FailureHelp(failure: Failure, request: Option<SentRequest>) -> impl IntoView {
    let origin = gloo_utils::window().location().origin().unwrap_or_default();
    let (title, advice) = match failure.kind {
        FailureKind::Cors => (
            "Blocked by CORS",
            format!("The server must allow this page's origin ({origin}). Add these headers to its responses, and answer the preflight (OPTIONS) request with them and status 204:"),
        ),
        FailureKind::MixedContent => (
            "Blocked: https page, http server",
            "Serve the SCIM server over https, or open this page over http (for example the copy that scripts/serve starts on 127.0.0.1).".into(),
        ),
        FailureKind::Network => (
            "Could not connect",
            "Check that the server is running and that the base URL's host and port are right. A refused connection, a name that does not resolve and an untrusted TLS certificate all look like this; open the URL in a new tab to see which.".into(),
        ),
        FailureKind::Timeout => (
            "Timed out",
            "The server did not answer within the request timeout. Raise the timeout in the run options, or find out why the server is slow.".into(),
        ),
        FailureKind::InvalidUrl => (
            "Not a URL",
            "Check the base URL variable: it must be an absolute http or https URL such as https://example.com/scim/v2.".into(),
        ),
        FailureKind::Cancelled => ("Cancelled", "The run was cancelled while this request was under way.".into()),
        FailureKind::NotApproved => ("Not sent", "It would have carried a secret to a host you did not approve.".into()),
        FailureKind::Other => ("The browser refused the request", String::new()),
    };
    let cors_headers =
        (failure.kind == FailureKind::Cors).then(|| cors_headers(&origin, request.as_ref()));
    view! {
        <div class="failure-help" role="note">
            <h3>{title}</h3>
            <p>{failure.message.clone()}</p>
            <p>{advice}</p>
            {cors_headers.map(|text| view! { <pre class="code">{text}</pre> })}
        </div>
    }
}

/// The response headers that would let this page make `request`.
fn cors_headers(origin: &str, request: Option<&SentRequest>) -> String {
    let method = request.map_or("GET", |r| r.method.as_str());
    let mut allow: Vec<String> = vec![
        "Authorization".into(),
        "Content-Type".into(),
        "Accept".into(),
    ];
    for h in request.iter().flat_map(|r| &r.headers) {
        let lower = h.name.to_ascii_lowercase();
        let sent = !request
            .iter()
            .flat_map(|r| &r.headers_not_sent)
            .any(|n| n.name.eq_ignore_ascii_case(&h.name));
        if sent
            && !SAFELISTED.contains(&lower.as_str())
            && !allow.iter().any(|a| a.eq_ignore_ascii_case(&h.name))
        {
            allow.push(h.name.clone());
        }
    }
    format!(
        "Access-Control-Allow-Origin: {origin}\n\
         Access-Control-Allow-Methods: GET, POST, PUT, PATCH, DELETE{}\n\
         Access-Control-Allow-Headers: {}\n\
         Access-Control-Expose-Headers: Location, ETag\n\
         Timing-Allow-Origin: {origin}",
        if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method) {
            String::new()
        } else {
            format!(", {method}")
        },
        allow.join(", "),
    )
}
