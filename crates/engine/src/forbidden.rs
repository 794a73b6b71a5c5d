//! What the Fetch standard does not let a page send: forbidden request headers and methods.
//! One list for the engine (problems before a run) and the app (its fetch transport and demo).
//! `fetch` drops such headers silently; naming them lets a tester see why a server saw
//! something other than the suite asked for.

/// Why the browser will not send the header `name`, if it will not.
pub fn refused_header(name: &str) -> Option<&'static str> {
    let n = name.trim().to_ascii_lowercase();
    const SET_BY_BROWSER: [&str; 18] = [
        "accept-charset",
        "accept-encoding",
        "access-control-request-headers",
        "access-control-request-method",
        "connection",
        "content-length",
        "cookie",
        "cookie2",
        "date",
        "dnt",
        "expect",
        "host",
        "keep-alive",
        "origin",
        "referer",
        "te",
        "trailer",
        "transfer-encoding",
    ];
    if SET_BY_BROWSER.contains(&n.as_str()) || matches!(n.as_str(), "upgrade" | "via") {
        Some("browsers set this header themselves; a page may not")
    } else if n.starts_with("proxy-") || n.starts_with("sec-") {
        Some("browsers reserve Proxy- and Sec- headers for themselves")
    } else if n == "user-agent" {
        Some("Chromium-based browsers always send their own User-Agent")
    } else if n == "set-cookie" {
        Some("Set-Cookie is a response header; browsers do not send it")
    } else {
        None
    }
}

/// Why the browser will not send a request with `method`, if it will not.
pub fn refused_method(method: &str) -> Option<String> {
    let m = method.trim().to_ascii_uppercase();
    matches!(m.as_str(), "CONNECT" | "TRACE" | "TRACK")
        .then(|| format!("browsers do not let a page send {m} requests"))
}
