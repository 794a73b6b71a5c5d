//! The page's side of its on-demand workers (src/worker.rs) in headless Chromium, against
//! small real workers: calls made while the worker loads wait for it and keep their order,
//! overlapping calls get their own answers, a crash fails what waits and the next call starts
//! a new worker, and a missing file or `<meta>` is said.
#![cfg(target_arch = "wasm32")]
// A failed expectation in a test should stop it loudly.
#![allow(clippy::unwrap_used)]

use scim_suite_runner::worker::OnDemandWorker;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A module worker that starts listening only after a while (as a wasm worker does once its
/// module is compiled), then answers each call in upper case, `slow …` calls later than the
/// rest, `count` with how many calls it has had, and throws on `crash`.
const ECHO: &str = r#"
let calls = 0;
const answer = (id, body) => postMessage(`${id}\n${body}`);
setTimeout(() => {
  self.onmessage = (event) => {
    const cut = event.data.indexOf('\n');
    const id = event.data.slice(0, cut);
    const body = event.data.slice(cut + 1);
    calls += 1;
    if (body === 'crash') throw new Error('crashed on purpose');
    if (body === 'count') return answer(id, String(calls));
    if (body.startsWith('slow ')) return setTimeout(() => answer(id, body.toUpperCase()), 100);
    answer(id, body.toUpperCase());
  };
  postMessage('ready');
}, 50);
"#;

/// Names `path` in a `<meta name=…>`, as the build names a worker's file (the first such
/// `<meta>` counts: a new name goes first).
fn name_in_meta(name: &str, path: &str) {
    let document = gloo_utils::document();
    let meta = document.create_element("meta").unwrap();
    meta.set_attribute("name", name).unwrap();
    meta.set_attribute("content", path).unwrap();
    let head = document.head().unwrap();
    head.insert_before(&meta, head.first_child().as_ref())
        .unwrap();
}

/// `ECHO` as a file the page can start, named in the `<meta name=…>`.
fn echo_worker(name: &str) {
    let parts = js_sys::Array::of1(&ECHO.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).unwrap();
    name_in_meta(
        name,
        &web_sys::Url::create_object_url_with_blob(&blob).unwrap(),
    );
}

#[wasm_bindgen_test]
async fn calls_made_while_it_loads_wait_and_keep_their_order() {
    echo_worker("echo-order");
    let worker = OnDemandWorker::new("echo-order", "the test worker");
    assert!(!worker.is_started());
    let first = worker.call("one");
    let second = worker.call("count");
    assert!(worker.is_started());
    assert_eq!(first.await, Ok("ONE".into()));
    assert_eq!(second.await, Ok("2".into()));
    // The same worker the next time: it kept its count.
    assert_eq!(worker.call("count").await, Ok("3".into()));
    assert_eq!(worker.ready().await, Ok(()));
}

#[wasm_bindgen_test]
async fn overlapping_calls_get_their_own_answers() {
    echo_worker("echo-overlap");
    let worker = OnDemandWorker::new("echo-overlap", "the test worker");
    worker.ready().await.unwrap();
    let slow = worker.call("slow first");
    let quick = worker.call("second");
    // The quick answer comes first, and goes to its own call.
    assert_eq!(quick.await, Ok("SECOND".into()));
    assert_eq!(slow.await, Ok("SLOW FIRST".into()));
}

#[wasm_bindgen_test]
async fn a_crash_fails_what_waits_and_the_next_call_starts_anew() {
    echo_worker("echo-crash");
    let worker = OnDemandWorker::new("echo-crash", "the test worker");
    assert_eq!(worker.call("count").await, Ok("1".into()));
    let waiting = worker.call("slow never");
    let crash = worker.call("crash");
    let why = crash.await.unwrap_err();
    assert!(
        why.starts_with("the test worker stopped (") && why.contains("crashed on purpose"),
        "{why}"
    );
    assert!(why.ends_with("; the next use starts it again"), "{why}");
    assert_eq!(waiting.await, Err(why));
    assert!(!worker.is_started());
    // A new worker: its count starts again.
    assert_eq!(worker.call("count").await, Ok("1".into()));
}

#[wasm_bindgen_test]
async fn a_file_that_does_not_download_is_said_and_tried_again_next_time() {
    name_in_meta("missing-worker", "no-such-worker-file.js");
    let worker = OnDemandWorker::new("missing-worker", "the test worker");
    let why = worker.call("one").await.unwrap_err();
    assert_eq!(
        why,
        "the test worker could not be loaded: its files did not download or did not start (is the network off?)"
    );
    // The next use tries again: here the file is there by then.
    echo_worker("missing-worker");
    assert_eq!(worker.call("two").await, Ok("TWO".into()));
}

#[wasm_bindgen_test]
async fn a_page_that_does_not_name_the_worker_says_so() {
    let worker = OnDemandWorker::new("never-named", "the test worker");
    assert_eq!(
        worker.call("one").await,
        Err("the test worker could not be loaded: the page does not name its file (it was not built by trunk)".into())
    );
}
