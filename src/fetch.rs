//! The browser transport: one suite request through `fetch`, with a timeout, the headers the
//! browser will not send named, timings from the Resource Timing API, and a diagnosis when
//! no response arrives (CORS, mixed content, refused connection, timeout).
use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::RequestBuilder;
use gloo_timers::callback::Timeout;
use suite_engine::{
    FailureKind, Header, HeaderNotSent, HttpRequest, HttpResponse, RequestFailure, Timings,
    Transport,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, Headers, PerformanceResourceTiming, Request, RequestInit, Response,
};

use suite_engine::{refused_header, refused_method};

#[derive(Default)]
pub struct FetchTransport;

impl Transport for FetchTransport {
    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
        let url = check_url(&request.url)?;
        if let Some(reason) = refused_method(&request.method) {
            return Err(RequestFailure::new(FailureKind::Other, reason));
        }
        // web-sys directly, not gloo-net's builder: that one appends a `&` to every URL with
        // a query, so the server would not get the URL the suite asks for.
        let (headers, headers_not_sent) = with_headers(request);
        let controller = AbortController::new().map_err(|_| other("AbortController"))?;
        let init = RequestInit::new();
        init.set_method(&request.method);
        init.set_headers(&headers);
        init.set_signal(Some(&controller.signal()));
        if let Some(body) = request.body.as_deref().filter(|b| !b.is_empty()) {
            init.set_body(&JsValue::from_str(body));
        }
        let prepared = Request::new_with_str_and_init(&url, &init).map_err(|e| {
            RequestFailure::new(
                FailureKind::Other,
                format!("the browser refused the request: {}", js_message(&e)),
            )
            .with_headers_not_sent(headers_not_sent.clone())
        })?;
        let mut abort = AbortOnDrop {
            controller,
            finished: false,
        };
        let timed_out = Rc::new(Cell::new(false));
        let _timer = {
            let (timed_out, controller) = (timed_out.clone(), abort.controller.clone());
            let ms = u32::try_from(request.timeout_ms).unwrap_or(u32::MAX);
            Timeout::new(ms, move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let outcome = read(&prepared).await;
        // Nothing left to abort; aborting a finished fetch would still fire two abort events.
        abort.finished = true;
        match outcome {
            Ok((response, body)) => Ok(HttpResponse {
                status: response.status(),
                reason: response.status_text(),
                headers: response_headers(&response),
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
            )
            .with_headers_not_sent(headers_not_sent)),
            Err(error) => Err(diagnose(&url, &js_message(&error))
                .await
                .with_headers_not_sent(headers_not_sent)),
        }
    }
}

async fn read(request: &Request) -> Result<(Response, Vec<u8>), JsValue> {
    let response: Response = JsFuture::from(gloo_utils::window().fetch_with_request(request))
        .await?
        .dyn_into()?;
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    Ok((response, js_sys::Uint8Array::new(&buffer).to_vec()))
}

fn response_headers(response: &Response) -> Vec<Header> {
    let Ok(Some(entries)) = js_sys::try_iter(&response.headers()) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|pair| {
            let pair = js_sys::Array::from(&pair);
            Some(Header::new(
                pair.get(0).as_string()?,
                pair.get(1).as_string()?,
            ))
        })
        .collect()
}

/// The message of a thrown JavaScript value.
fn js_message(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "an unknown error".into())
}

/// Aborts the fetch when the run drops it (a cancel) before it finished, so it does not go on
/// in the background.
struct AbortOnDrop {
    controller: AbortController,
    finished: bool,
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if !self.finished {
            self.controller.abort();
        }
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

/// The headers the browser accepts; the others named, with why.
fn with_headers(request: &HttpRequest) -> (Headers, Vec<HeaderNotSent>) {
    let headers = Headers::new().unwrap_or_else(|_| Headers::from(JsValue::NULL));
    let mut not_sent = Vec::new();
    for header in &request.headers {
        let reason = match refused_header(&header.name) {
            Some(reason) => reason,
            // `Headers` throws on a name or value that is not valid HTTP.
            None if headers.append(&header.name, &header.value).is_err() => {
                "not a valid HTTP header name or value"
            }
            None => continue,
        };
        not_sent.push(HeaderNotSent {
            name: header.name.clone(),
            reason: reason.into(),
        });
    }
    (headers, not_sent)
}

/// Why `fetch` rejected. Browsers give scripts one opaque error for CORS, refused
/// connections and DNS failures alike, so a second, `no-cors` request tells them apart:
/// if the server answers that one, it is reachable and only CORS blocked the first.
async fn diagnose(url: &str, error: &str) -> RequestFailure {
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
