//! Suite scripts run in a dedicated Web Worker (`worker.js`), off the main thread and away
//! from the page: the engine sees it through its `ScriptHost` trait. A script past its time
//! limit, or one still running when the run is cancelled, has its worker terminated; the
//! next script gets a fresh one.
use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::oneshot;
use futures::future::{select, Either};
use gloo_timers::future::TimeoutFuture;
use serde::Serialize;
use suite_engine::{
    ScriptError, ScriptHost, ScriptInput, ScriptKind, ScriptOutput, ScriptRequest, ScriptResponse,
};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, MessageEvent, Url, Worker};

const WORKER_SOURCE: &str = include_str!("worker.js");

/// One job for the worker, as JSON.
#[derive(Serialize)]
struct Job<'a> {
    kind: ScriptKind,
    source: &'a str,
    variables: Vec<(&'a str, &'a str)>,
    request: Option<&'a ScriptRequest>,
    response: Option<&'a ScriptResponse>,
}

type Reply = Rc<RefCell<Option<oneshot::Sender<String>>>>;

/// A started worker and the handlers that must live as long as it does.
struct Live {
    worker: Worker,
    reply: Reply,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

impl Drop for Live {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

pub struct WorkerScriptHost {
    script_url: String,
    live: RefCell<Option<Live>>,
}

impl WorkerScriptHost {
    /// A host whose worker starts with the first script; the error says why scripts
    /// cannot run in this browser.
    pub fn new() -> Result<WorkerScriptHost, String> {
        let parts = js_sys::Array::of1(&JsValue::from_str(WORKER_SOURCE));
        let options = BlobPropertyBag::new();
        options.set_type("text/javascript");
        let url = Blob::new_with_str_sequence_and_options(&parts, &options)
            .and_then(|blob| Url::create_object_url_with_blob(&blob))
            .map_err(|_| "this browser cannot create the script sandbox".to_string())?;
        let host = WorkerScriptHost {
            script_url: url,
            live: RefCell::new(None),
        };
        host.start()?;
        Ok(host)
    }

    fn start(&self) -> Result<(), String> {
        let worker = Worker::new(&self.script_url)
            .map_err(|_| "this browser cannot start a Web Worker for suite scripts".to_string())?;
        let reply: Reply = Rc::new(RefCell::new(None));
        let on_message = {
            let reply = reply.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                if let (Some(sender), Some(text)) =
                    (reply.borrow_mut().take(), event.data().as_string())
                {
                    let _ = sender.send(text);
                }
            })
        };
        let on_error = {
            let reply = reply.clone();
            Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |event: web_sys::ErrorEvent| {
                event.prevent_default();
                if let Some(sender) = reply.borrow_mut().take() {
                    let error = ScriptOutput {
                        error: Some(ScriptError::Thrown {
                            message: event.message(),
                        }),
                        ..ScriptOutput::default()
                    };
                    let _ = sender.send(serde_json::to_string(&error).unwrap_or_default());
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        *self.live.borrow_mut() = Some(Live {
            worker,
            reply,
            _on_message: on_message,
            _on_error: on_error,
        });
        Ok(())
    }

    /// Sends `job` to a running worker; the receiver gets its answer.
    fn post(&self, job: &str) -> Result<oneshot::Receiver<String>, String> {
        if self.live.borrow().is_none() {
            self.start()?;
        }
        let live = self.live.borrow();
        let live = live.as_ref().ok_or("the script sandbox did not start")?;
        let (sender, receiver) = oneshot::channel();
        *live.reply.borrow_mut() = Some(sender);
        live.worker
            .post_message(&JsValue::from_str(job))
            .map_err(|_| "could not hand the script to the sandbox".to_string())?;
        Ok(receiver)
    }
}

impl Drop for WorkerScriptHost {
    fn drop(&mut self) {
        self.live.borrow_mut().take();
        let _ = Url::revoke_object_url(&self.script_url);
    }
}

/// Terminates the worker if the script's future is dropped before its answer (a cancel).
struct StopUnlessAnswered<'a> {
    host: &'a WorkerScriptHost,
    answered: bool,
}

impl Drop for StopUnlessAnswered<'_> {
    fn drop(&mut self) {
        if !self.answered {
            self.host.live.borrow_mut().take();
        }
    }
}

fn failed(error: ScriptError) -> ScriptOutput {
    ScriptOutput {
        error: Some(error),
        ..ScriptOutput::default()
    }
}

impl ScriptHost for WorkerScriptHost {
    async fn run(&self, input: ScriptInput<'_>) -> ScriptOutput {
        let job = Job {
            kind: input.kind,
            source: input.source,
            variables: input
                .variables
                .iter()
                .map(|v| (v.name.as_str(), v.value.as_str()))
                .collect(),
            request: input.request,
            response: input.response,
        };
        let Ok(job) = serde_json::to_string(&job) else {
            return failed(ScriptError::Thrown {
                message: "the script's input could not be prepared".into(),
            });
        };
        let receiver = match self.post(&job) {
            Ok(r) => r,
            Err(reason) => return failed(ScriptError::Unavailable { reason }),
        };
        let mut guard = StopUnlessAnswered {
            host: self,
            answered: false,
        };
        let limit = u32::try_from(input.time_limit_ms).unwrap_or(u32::MAX);
        match select(receiver, TimeoutFuture::new(limit)).await {
            Either::Left((Ok(text), _)) => {
                guard.answered = true;
                serde_json::from_str(&text).unwrap_or_else(|e| {
                    failed(ScriptError::Thrown {
                        message: format!("the sandbox answered something unreadable: {e}"),
                    })
                })
            }
            // The worker died without answering; the guard replaces it.
            Either::Left((Err(_), _)) => failed(ScriptError::Thrown {
                message: "the script sandbox stopped without an answer".into(),
            }),
            Either::Right(_) => failed(ScriptError::Timeout {
                limit_ms: input.time_limit_ms,
            }),
        }
    }
}
