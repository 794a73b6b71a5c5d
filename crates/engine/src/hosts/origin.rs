//! The origin (`scheme://host:port`) a URL's request goes to, read by the same rules the
//! browser's `fetch` uses: in the page, the browser's own URL parser; elsewhere the `url`
//! crate, which implements the same WHATWG URL standard. A check that parses a URL
//! differently from the code that sends it could be fooled (`http://a#@b/` goes to `a`).

/// The origin of `url`, as the browser writes it (`http://127.0.0.1:8081`, default ports
/// left out, host lowercased and in ASCII); `None` when `url` is not an absolute URL with a
/// host (a relative path, `data:`, a template left unrendered).
///
/// # Example
/// ```
/// use suite_engine::origin_of;
/// assert_eq!(origin_of("HTTP://Example.com:80/scim/v2").as_deref(), Some("http://example.com"));
/// assert_eq!(origin_of("http://evil.test#@approved.test/").as_deref(), Some("http://evil.test"));
/// assert_eq!(origin_of("/Users"), None);
/// ```
pub fn origin_of(url: &str) -> Option<String> {
    parse(url).filter(|o| o != "null")
}

#[cfg(not(target_arch = "wasm32"))]
fn parse(url: &str) -> Option<String> {
    Some(url::Url::parse(url).ok()?.origin().ascii_serialization())
}

#[cfg(target_arch = "wasm32")]
fn parse(url: &str) -> Option<String> {
    Some(web_sys::Url::new(url).ok()?.origin())
}

#[cfg(test)]
mod tests {
    #[test]
    fn origins_as_the_browser_reads_them() {
        let cases: Vec<(String, Option<String>)> =
            serde_json::from_str(include_str!("../../tests/data/origins.json"))
                .expect("the cases are JSON");
        for (url, expected) in cases {
            assert_eq!(super::origin_of(&url), expected, "{url:?}");
        }
    }
}
