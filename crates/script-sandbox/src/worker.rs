//! One dedicated worker running QuickJS (`worker/script-worker.mjs`), seen from the page:
//! start it, send a job, wait for its answer with a timer that gives up on it.

use js_sys::{Function, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ErrorEvent, MessageEvent, Url, Window, Worker, WorkerOptions, WorkerType};

use crate::protocol::WorkerMessage;

/// How long the worker may take to load QuickJS (download and compile about 250 KB).
const LOAD_TIMEOUT_MS: u64 = 60_000;

/// The `<meta>` in which the build names the worker's file, relative to the page.
const WORKER_META: &str = "meta[name=\"script-worker\"]";

/// How a wait for the worker ended.
pub(crate) enum Outcome {
    /// The worker's message (JSON text).
    Message(String),
    /// No message in time.
    TimedOut,
    /// The worker reported an error outside any script, or could not be reached.
    Failed(String),
}

/// A started worker with QuickJS loaded. Cloning shares the same worker.
#[derive(Clone)]
pub(crate) struct ScriptWorker {
    worker: Worker,
}

impl ScriptWorker {
    /// Starts the worker and waits until QuickJS is loaded.
    pub(crate) async fn start() -> Result<ScriptWorker, String> {
        if !cfg!(target_arch = "wasm32") {
            return Err("this worker runs only in a browser".into());
        }
        let window = web_sys::window().ok_or("scripts run only in a page")?;
        let url = worker_url(&window)?;
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        options.set_name("suite-scripts");
        let worker = Worker::new_with_options(&url, &options).map_err(describe)?;
        let started = ScriptWorker { worker };
        let reason = match started.next_message(LOAD_TIMEOUT_MS).await {
            Outcome::Message(text) => match WorkerMessage::parse(&text) {
                Some(WorkerMessage::Ready) => return Ok(started),
                Some(WorkerMessage::Unavailable { reason }) => reason,
                _ => "it answered out of turn".into(),
            },
            Outcome::TimedOut => format!("it did not load within {} s", LOAD_TIMEOUT_MS / 1000),
            Outcome::Failed(reason) => reason,
        };
        started.terminate();
        Err(reason)
    }

    pub(crate) fn terminate(&self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }

    /// Sends `job` and waits for the answer, at most `limit_ms`.
    pub(crate) async fn run(&self, job: &str, limit_ms: u64) -> Outcome {
        if let Err(e) = self.worker.post_message(&JsValue::from_str(job)) {
            return Outcome::Failed(describe(e));
        }
        self.next_message(limit_ms).await
    }

    /// The worker's next message, at most `limit_ms` from now.
    pub(crate) async fn next_message(&self, limit_ms: u64) -> Outcome {
        let Some((answer, settle)) = pending_promise() else {
            return Outcome::Failed("the browser could not create a promise".into());
        };
        // The message, the error and the timer all settle the same promise; the first wins
        // and its type says which: text, an ErrorEvent, or undefined.
        let _listening = match Listening::start(&self.worker, &settle, limit_ms) {
            Ok(listening) => listening,
            Err(e) => return Outcome::Failed(e),
        };
        match JsFuture::from(answer).await {
            Ok(value) => match value.as_string() {
                Some(text) => Outcome::Message(text),
                None if value.is_undefined() => Outcome::TimedOut,
                None => Outcome::Failed(match value.dyn_ref::<ErrorEvent>() {
                    Some(e) if !e.message().is_empty() => e.message(),
                    _ => "the worker's file could not be loaded".into(),
                }),
            },
            Err(e) => Outcome::Failed(describe(e)),
        }
    }
}

/// The worker's URL: named by the build in a `<meta>`, relative to the page, so the page
/// works from any sub-path.
fn worker_url(window: &Window) -> Result<String, String> {
    let document = window.document().ok_or("the page has no document")?;
    let meta = document
        .query_selector(WORKER_META)
        .map_err(describe)?
        .ok_or("the page does not name its script worker (it was not built by trunk)")?;
    let path = meta
        .get_attribute("content")
        .ok_or("the page's script-worker meta has no content")?;
    let base = document.base_uri().map_err(describe)?.unwrap_or_default();
    Url::new_with_base(&path, &base)
        .map(|url| url.href())
        .map_err(describe)
}

/// The handlers and timer of one wait; removed when dropped, also when the wait's future is
/// dropped half-way (the run was cancelled).
struct Listening {
    worker: Worker,
    timer: i32,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl Listening {
    fn start(worker: &Worker, settle: &Function, limit_ms: u64) -> Result<Listening, String> {
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new({
            let settle = settle.clone();
            move |event: MessageEvent| {
                let _ = settle.call1(&JsValue::NULL, &event.data());
            }
        });
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new({
            let settle = settle.clone();
            move |event: ErrorEvent| {
                event.prevent_default();
                let _ = settle.call1(&JsValue::NULL, &event);
            }
        });
        let timer = set_timeout(settle, limit_ms)?;
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Listening {
            worker: worker.clone(),
            timer,
            _on_message: on_message,
            _on_error: on_error,
        })
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.timer);
        }
    }
}

/// A promise and the function that resolves it.
fn pending_promise() -> Option<(Promise, Function)> {
    let mut resolve = None;
    let promise = Promise::new(&mut |res, _rej| resolve = Some(res));
    resolve.map(|r| (promise, r))
}

fn set_timeout(callback: &Function, ms: u64) -> Result<i32, String> {
    // Browsers treat delays beyond i32::MAX as 0; such a limit means "no limit" anyway.
    let ms = i32::try_from(ms).unwrap_or(i32::MAX);
    let window = web_sys::window().ok_or("no timer to enforce the script time limit")?;
    window
        .set_timeout_with_callback_and_timeout_and_arguments_0(callback, ms)
        .map_err(describe)
}

/// A JavaScript error as one line of text.
pub(crate) fn describe(error: JsValue) -> String {
    if let Some(e) = error.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}
