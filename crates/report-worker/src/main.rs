//! The report worker's entry point: answers the page's calls with
//! [`report_worker::answer_text`], compressing share links with the browser's own
//! `CompressionStream("deflate-raw")` (workers have it too). Built by trunk for the browser
//! only (index.html); natively there is nothing to run.

#[cfg(target_arch = "wasm32")]
mod compress {
    use js_sys::{Array, Uint8Array};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Blob, ReadableStream, ReadableWritablePair, Response};

    #[wasm_bindgen]
    extern "C" {
        /// The Compression Streams API (web-sys has it only behind its unstable flag).
        #[wasm_bindgen(js_name = CompressionStream)]
        type CompressionStream;
        #[wasm_bindgen(constructor, catch, js_class = "CompressionStream")]
        fn new(format: &str) -> Result<CompressionStream, JsValue>;
    }

    /// `bytes` raw-deflated, `None` when the browser cannot.
    pub async fn deflate(bytes: Vec<u8>) -> Option<Vec<u8>> {
        let stream = CompressionStream::new("deflate-raw").ok()?;
        let parts = Array::of1(&Uint8Array::from(bytes.as_slice()));
        let blob = Blob::new_with_u8_array_sequence(&parts).ok()?;
        let input: ReadableStream = blob.stream();
        let piped = input.pipe_through(stream.unchecked_ref::<ReadableWritablePair>());
        let response = Response::new_with_opt_readable_stream(Some(&piped)).ok()?;
        let buffer = JsFuture::from(response.array_buffer().ok()?).await.ok()?;
        Some(Uint8Array::new(&buffer).to_vec())
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    worker_protocol::worker::serve(|call: String| async move {
        report_worker::answer_text(&call, compress::deflate).await
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("report-worker runs in a browser, started by the page; build it with trunk");
    std::process::exit(2);
}
