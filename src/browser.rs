//! Small wrappers over browser APIs that the components share.
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Reads a picked or dropped file as text; the error is a sentence for the user.
pub async fn read_file_text(file: &web_sys::File) -> Result<String, String> {
    let text = JsFuture::from(file.text())
        .await
        .map_err(|_| format!("could not read the file {}", file.name()))?;
    text.as_string()
        .ok_or_else(|| format!("the file {} is not text", file.name()))
}

/// The first file of a drag-and-drop, if the user dropped one.
pub fn dropped_file(event: &web_sys::DragEvent) -> Option<web_sys::File> {
    event.data_transfer()?.files()?.get(0)
}

/// The first file picked in an `<input type="file">`.
pub fn picked_file(event: &web_sys::Event) -> Option<web_sys::File> {
    let input = event
        .target()?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?;
    let file = input.files()?.get(0);
    // Picking the same file twice should load it again.
    input.set_value("");
    file
}

/// Saves `text` as a file named `name`, of media type `mime`, through the browser's download.
pub fn download(name: &str, text: &str, mime: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(anchor) = gloo_utils::document().create_element("a") {
        if let Ok(anchor) = anchor.dyn_into::<web_sys::HtmlAnchorElement>() {
            anchor.set_href(&url);
            anchor.set_download(name);
            anchor.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Puts `text` on the clipboard; a browser that refuses (no permission, no secure context)
/// leaves it as it was.
pub fn copy_text(text: &str) {
    let clipboard = gloo_utils::window().navigator().clipboard();
    // The promise's outcome changes nothing on the page.
    let _ = clipboard.write_text(text);
}
