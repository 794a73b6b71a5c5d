//! One dedicated worker running the embedded runner, and one job on it.

use js_sys::{Array, Function, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, ErrorEvent, MessageEvent, Url, Window, Worker, WorkerGlobalScope,
    WorkerOptions, WorkerType,
};

/// The worker's program: the runner and its helpers in one function scope, so that none of
/// their names is a global a script could reach or replace.
const RUNNER_JS: &str = concat!(
    "(function () {\n'use strict';\n",
    include_str!("js/intrinsics.js"),
    include_str!("js/inspect.js"),
    include_str!("js/assert.js"),
    include_str!("js/helpers.js"),
    include_str!("js/sandbox.js"),
    include_str!("js/runner.js"),
    "\n})();\n"
);

/// A `blob:` URL of the runner: the page needs no extra file and works from any path.
pub(crate) fn runner_url() -> Result<String, String> {
    let parts = Array::of1(&JsValue::from_str(RUNNER_JS));
    let options = BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(describe)?;
    Url::create_object_url_with_blob(&blob).map_err(describe)
}

/// How a job ended.
pub(crate) enum Outcome {
    /// The runner's answer (JSON text).
    Reply(String),
    /// No answer within the time limit.
    TimedOut,
    /// The worker reported an error outside any script, or could not be reached.
    Failed(String),
}

/// A worker running the runner. Cloning shares the same worker.
#[derive(Clone)]
pub(crate) struct ScriptWorker {
    worker: Worker,
}

impl ScriptWorker {
    pub(crate) fn spawn(url: &str) -> Result<ScriptWorker, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Classic);
        options.set_name("suite-scripts");
        let worker = Worker::new_with_options(url, &options).map_err(describe)?;
        Ok(ScriptWorker { worker })
    }

    pub(crate) fn terminate(&self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }

    /// Sends `job` and waits for the answer, at most `limit_ms`.
    pub(crate) async fn run(&self, job: &str, limit_ms: u64) -> Outcome {
        let Some((answer, settle)) = pending_promise() else {
            return Outcome::Failed("the browser could not create a promise".into());
        };
        // The message, the error and the timer all settle the same promise; the first wins
        // and its type says which: text, an ErrorEvent, or undefined.
        let _listening = match Listening::start(&self.worker, &settle, limit_ms) {
            Ok(listening) => listening,
            Err(e) => return Outcome::Failed(e),
        };
        if let Err(e) = self.worker.post_message(&JsValue::from_str(job)) {
            return Outcome::Failed(describe(e));
        }
        match JsFuture::from(answer).await {
            Ok(value) => match value.as_string() {
                Some(text) => Outcome::Reply(text),
                None if value.is_undefined() => Outcome::TimedOut,
                None => Outcome::Failed(match value.dyn_ref::<ErrorEvent>() {
                    Some(e) => e.message(),
                    None => "the worker failed".into(),
                }),
            },
            Err(e) => Outcome::Failed(describe(e)),
        }
    }
}

/// The handlers and timer of one job; removed when dropped, also when the job's future is
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
        clear_timeout(self.timer);
    }
}

/// A promise and the function that resolves it.
fn pending_promise() -> Option<(Promise, Function)> {
    let mut resolve = None;
    let promise = Promise::new(&mut |res, _rej| resolve = Some(res));
    resolve.map(|r| (promise, r))
}

/// `setTimeout` on whatever global the page's code runs in (a window or a worker).
fn set_timeout(callback: &Function, ms: u64) -> Result<i32, String> {
    // Browsers treat delays beyond i32::MAX as 0; such a limit means "no limit" anyway.
    let ms = i32::try_from(ms).unwrap_or(i32::MAX);
    let global = js_sys::global();
    let id = if let Some(window) = global.dyn_ref::<Window>() {
        window.set_timeout_with_callback_and_timeout_and_arguments_0(callback, ms)
    } else if let Some(scope) = global.dyn_ref::<WorkerGlobalScope>() {
        scope.set_timeout_with_callback_and_timeout_and_arguments_0(callback, ms)
    } else {
        return Err("no timer to enforce the script time limit".into());
    };
    id.map_err(describe)
}

fn clear_timeout(id: i32) {
    let global = js_sys::global();
    if let Some(window) = global.dyn_ref::<Window>() {
        window.clear_timeout_with_handle(id);
    } else if let Some(scope) = global.dyn_ref::<WorkerGlobalScope>() {
        scope.clear_timeout_with_handle(id);
    }
}

/// A JavaScript error as one line of text.
pub(crate) fn describe(error: JsValue) -> String {
    if let Some(e) = error.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}
