//! Checks on variable values that catch the usual mistakes before a run.

/// A sentence about what looks wrong with `value`, if anything.
pub fn check_variable(name: &str, value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if name.to_ascii_lowercase().contains("url") {
        return check_url(value);
    }
    if name == "auth" && !value.contains(' ') {
        return Some(
            "The suite sends this as the whole Authorization header: include the scheme, as in \"Bearer <token>\"."
                .into(),
        );
    }
    None
}

fn check_url(value: &str) -> Option<String> {
    let Ok(url) = web_sys::Url::new(value) else {
        return Some("Not a URL: it should look like https://example.com/scim/v2".into());
    };
    let scheme = url.protocol();
    if scheme != "http:" && scheme != "https:" {
        return Some("The URL should start with http:// or https://".into());
    }
    if value.ends_with('/') {
        return Some(
            "Remove the trailing slash: the suite adds paths such as /Users itself.".into(),
        );
    }
    let page_https = gloo_utils::window().location().protocol().ok().as_deref() == Some("https:");
    let local = matches!(url.hostname().as_str(), "localhost" | "127.0.0.1" | "[::1]");
    if page_https && scheme == "http:" && !local {
        return Some(
            "This page is served over https, so the browser will block requests to an http URL."
                .into(),
        );
    }
    None
}
