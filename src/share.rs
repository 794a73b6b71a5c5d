//! Share links: the masked result, raw-deflated by the browser's own `CompressionStream`,
//! in the fragment of this same page (`…/#result=1.…`). The fragment never reaches a server:
//! the link opens the read-only report in any browser, with no suite, server or account.
//! What goes in (and which bodies are left out when a result is too big) is the report
//! crate's rule; links are made in the report worker (src/report_worker.rs), and this file
//! is the page's part: reading them.
use js_sys::{Array, Uint8Array};
use report::{link_payload_bytes, LinkError};
use suite_engine::RunResult;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableStream, ReadableWritablePair, Response};

#[wasm_bindgen]
extern "C" {
    /// The Compression Streams API (web-sys has it only behind its unstable flag).
    #[wasm_bindgen(js_name = DecompressionStream)]
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch, js_class = "DecompressionStream")]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
}

/// `bytes` through a decompression stream, back as bytes.
async fn through(bytes: &[u8], transform: &JsValue) -> Result<Vec<u8>, JsValue> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let blob = Blob::new_with_u8_array_sequence(&parts)?;
    let stream: ReadableStream = blob.stream();
    let piped = stream.pipe_through(transform.unchecked_ref::<ReadableWritablePair>());
    let response = Response::new_with_opt_readable_stream(Some(&piped))?;
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

async fn inflate(bytes: &[u8]) -> Result<Vec<u8>, JsValue> {
    let stream = DecompressionStream::new("deflate-raw")?;
    through(bytes, &stream).await
}

/// Whether the page's address holds a share link.
pub fn page_has_link() -> bool {
    gloo_utils::window()
        .location()
        .hash()
        .is_ok_and(|h| h.starts_with(&format!("#{}=", report::LINK_FRAGMENT_KEY)))
}

/// The results in the page's address (`#result=…`).
///
/// # Errors
/// A sentence for the tester: the link is damaged, cut short, made by a newer version, or
/// holds something that is not a result.
pub async fn read_link() -> Result<Vec<RunResult>, String> {
    let hash = gloo_utils::window().location().hash().unwrap_or_default();
    let compressed = link_payload_bytes(&hash).map_err(|e| e.to_string())?;
    let json = inflate(&compressed)
        .await
        .map_err(|_| LinkError::Damaged.to_string())?;
    let text = String::from_utf8(json).map_err(|_| LinkError::Damaged.to_string())?;
    suite_engine::load_results(&text).map_err(|e| format!("this link's result cannot be read: {e}"))
}
