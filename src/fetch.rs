//! The browser transport: one suite request through `fetch`, with a timeout, the headers the
//! browser will not send named, timings from the Resource Timing API, and a diagnosis when
//! no response arrives (CORS, mixed content, refused connection, timeout).
use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Method, RequestBuilder, Response};
use gloo_timers::callback::Timeout;
use suite_engine::{
    FailureKind, Header, HeaderNotSent, HttpRequest, HttpResponse, RequestFailure, Timings,
    Transport,
};
use wasm_bindgen::JsCast;
use web_sys::{AbortController, PerformanceResourceTiming};

use crate::forbidden::{refused_header, refused_method};

#[derive(Default)]
pub struct FetchTransport;

impl Transport for FetchTransport {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        let url = check_url(&request.url)?;
        if let Some(reason) = refused_method(&request.method) {
            return Err(RequestFailure::new(FailureKind::Other, reason));
        }
        let method = Method::from_bytes(request.method.as_bytes()).map_err(|_| {
            RequestFailure::new(
                FailureKind::Other,
                format!("{:?} is not a valid HTTP method", request.method),
            )
        })?;
        let (builder, headers_not_sent) = with_headers(RequestBuilder::new(&url), request);
        let controller = AbortController::new().map_err(|_| other("AbortController"))?;
        let builder = builder
            .method(method)
            .abort_signal(Some(&controller.signal()));
        let has_body = request.body.as_deref().is_some_and(|b| !b.is_empty());
        let prepared = match &request.body {
            Some(body) if has_body => builder.body(body.as_str()),
            _ => builder.build(),
        }
        .map_err(|e| RequestFailure::new(FailureKind::Other, e.to_string()))?;

        let abort = AbortOnDrop(controller);
        let timed_out = Rc::new(Cell::new(false));
        let _timer = {
            let (timed_out, controller) = (timed_out.clone(), abort.0.clone());
            let ms = u32::try_from(request.timeout_ms).unwrap_or(u32::MAX);
            Timeout::new(ms, move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let outcome = read(prepared.send().await).await;
        drop(abort);
        match outcome {
            Ok((response, body)) => Ok(HttpResponse {
                status: response.status(),
                reason: response.status_text(),
                headers: response
                    .headers()
                    .entries()
                    .map(|(name, value)| Header::new(name, value))
                    .collect(),
                body,
                timings: resource_timings(&url),
                headers_not_sent,
            }),
            Err(_) if timed_out.get() => Err(RequestFailure::new(
                FailureKind::Timeout,
                format!(
                    "no response within {} s, the request timeout",
                    request.timeout_ms as f64 / 1000.0
                ),
            )),
            Err(message) => Err(diagnose(&url, message).await),
        }
    }
}

async fn read(
    sent: Result<Response, gloo_net::Error>,
) -> Result<(Response, Vec<u8>), gloo_net::Error> {
    let response = sent?;
    let body = response.binary().await?;
    Ok((response, body))
}

/// Aborts the fetch when the run drops it (a cancel), so it does not go on in the background.
struct AbortOnDrop(AbortController);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn other(what: &str) -> RequestFailure {
    RequestFailure::new(FailureKind::Other, format!("this browser has no {what}"))
}

/// The absolute URL, or why it cannot be fetched from this page.
fn check_url(url: &str) -> Result<String, RequestFailure> {
    let parsed = web_sys::Url::new(url).map_err(|_| {
        RequestFailure::new(
            FailureKind::InvalidUrl,
            format!("{url:?} is not an absolute URL; check the base URL variable"),
        )
    })?;
    let scheme = parsed.protocol();
    if scheme != "http:" && scheme != "https:" {
        return Err(RequestFailure::new(
            FailureKind::InvalidUrl,
            format!("{url:?} is not an http or https URL"),
        ));
    }
    let page_is_https =
        gloo_utils::window().location().protocol().ok().as_deref() == Some("https:");
    let local = matches!(
        parsed.hostname().as_str(),
        "localhost" | "127.0.0.1" | "[::1]"
    );
    if page_is_https && scheme == "http:" && !local {
        return Err(RequestFailure::new(
            FailureKind::MixedContent,
            "this page is served over https, and browsers block its requests to an http server",
        ));
    }
    Ok(parsed.href())
}

/// Adds each header the browser accepts; names the others and why.
fn with_headers(
    mut builder: RequestBuilder,
    request: &HttpRequest,
) -> (RequestBuilder, Vec<HeaderNotSent>) {
    let mut not_sent = Vec::new();
    let probe = web_sys::Headers::new().ok();
    for header in &request.headers {
        if let Some(reason) = refused_header(&header.name) {
            not_sent.push(HeaderNotSent {
                name: header.name.clone(),
                reason: reason.into(),
            });
            continue;
        }
        // `Headers` throws on a name or value that is not valid HTTP; check before adding.
        let valid = probe
            .as_ref()
            .is_some_and(|p| p.append(&header.name, &header.value).is_ok());
        if valid {
            builder = builder.header(&header.name, &header.value);
        } else {
            not_sent.push(HeaderNotSent {
                name: header.name.clone(),
                reason: "not a valid HTTP header name or value".into(),
            });
        }
    }
    (builder, not_sent)
}

/// Why `fetch` rejected. Browsers give scripts one opaque error for CORS, refused
/// connections and DNS failures alike, so a second, `no-cors` request tells them apart:
/// if the server answers that one, it is reachable and only CORS blocked the first.
async fn diagnose(url: &str, error: gloo_net::Error) -> RequestFailure {
    let reachable = RequestBuilder::new(url)
        .mode(web_sys::RequestMode::NoCors)
        .send()
        .await
        .is_ok();
    if reachable {
        RequestFailure::new(
            FailureKind::Cors,
            "the server answered, but its response lacks the CORS headers that let this page read it",
        )
    } else {
        RequestFailure::new(
            FailureKind::Network,
            format!("could not connect to the server (the browser says: {error})"),
        )
    }
}

/// Connection timings for `url`, when the browser recorded them. Servers that do not send
/// `Timing-Allow-Origin` give only the total.
fn resource_timings(url: &str) -> Option<Timings> {
    let performance = gloo_utils::window().performance()?;
    let entries = performance.get_entries_by_name_with_entry_type(url, "resource");
    let entry: PerformanceResourceTiming = entries.pop().dyn_into().ok()?;
    // Keep the buffer from filling up over a long run.
    performance.clear_resource_timings();
    let span = |start: f64, end: f64| (start > 0.0 && end >= start).then_some(end - start);
    let tls = entry.secure_connection_start();
    Some(Timings {
        dns_ms: span(entry.domain_lookup_start(), entry.domain_lookup_end()),
        connect_ms: span(
            entry.connect_start(),
            if tls > 0.0 { tls } else { entry.connect_end() },
        ),
        tls_ms: span(tls, entry.connect_end()),
        ttfb_ms: span(entry.request_start(), entry.response_start()),
        download_ms: span(entry.response_start(), entry.response_end()),
        total_ms: Some(entry.duration()),
    })
}
