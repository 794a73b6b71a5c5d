//! A request that got no response: what most likely happened and what to change, for one
//! step or for several that failed alike.
use leptos::prelude::*;
use suite_engine::{FailureKind, SentRequest};

use crate::browser::copy_text;

/// Request headers CORS lets a page send without asking the server first.
const SAFELISTED: [&str; 4] = [
    "accept",
    "accept-language",
    "content-language",
    "content-type",
];

/// What to change, for a failure of `kind`.
fn advice(kind: FailureKind, origin: &str) -> String {
    match kind {
        FailureKind::Cors => format!("The server must allow this page's origin ({origin}). Add these headers to its responses, and answer the preflight (OPTIONS) request with them and status 204:"),
        FailureKind::MixedContent => "Serve the SCIM server over https, or open this page over http (for example the copy that scripts/serve starts on 127.0.0.1).".into(),
        FailureKind::Network => "Check that the server is running and that the base URL's host and port are right. A refused connection, a name that does not resolve and an untrusted TLS certificate all look like this; open the URL in a new tab to see which.".into(),
        FailureKind::Timeout => "The server did not answer within the request timeout. Raise the timeout in the run options, or find out why the server is slow.".into(),
        FailureKind::InvalidUrl => "Check the base URL variable: it must be an absolute http or https URL such as https://example.com/scim/v2.".into(),
        FailureKind::Cancelled => "The run was cancelled while this request was under way.".into(),
        FailureKind::NotApproved => "It would have carried a secret to a host you did not approve. If you trust that host, approve it in the plan's list of hosts and run again.".into(),
        FailureKind::Other => String::new(),
    }
}

/// The diagnosis: title, what happened, what to change, and for CORS the headers to send
/// with a button that copies them.
#[component]
pub fn FailureHelp(
    kind: FailureKind,
    message: String,
    request: Option<SentRequest>,
    /// Which steps this concerns, when several failed alike.
    #[prop(optional)]
    steps: Option<Vec<String>>,
) -> impl IntoView {
    let origin = gloo_utils::window().location().origin().unwrap_or_default();
    let cors_headers = (kind == FailureKind::Cors).then(|| cors_headers(&origin, request.as_ref()));
    let copied = RwSignal::new(false);
    let scope = steps.map(|steps| {
        format!(
            "Steps {} got no response for this reason.",
            steps.join(", ")
        )
    });
    view! {
        <div class="failure-help" role="note" data-kind=kind.as_str()>
            <h3>{kind.title()}</h3>
            {scope.map(|s| view! { <p class="scope">{s}</p> })}
            <p>{message}</p>
            <p>{advice(kind, &origin)}</p>
            {cors_headers.map(|text| {
                let to_copy = text.clone();
                view! {
                    <pre class="code" tabindex="0">{text}</pre>
                    <button on:click=move |_| {
                        copy_text(&to_copy);
                        copied.set(true);
                    }>{move || if copied.get() { "Copied" } else { "Copy these headers" }}</button>
                }
            })}
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
