//! The page's side of a worker it starts on demand (the workshop demo, the report): parts
//! most visits never use, kept out of the first load. A worker is started on first use from
//! the file the build names in a `<meta>` (scripts/csp.mjs), and kept for the page's
//! lifetime, so what it holds (the demo's users and faults) carries over between uses.
//!
//! Calls are JSON text ([`worker_protocol`]'s frames): sent in the order they are made (held
//! until the worker says it listens), answered by number, so they may overlap. When the
//! worker fails, every waiting call fails with the reason and the next call starts a new one.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::rc::{Rc, Weak};

use futures_channel::oneshot;
use gloo_timers::callback::Timeout;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use web_sys::{ErrorEvent, Event, MessageEvent, Url, Worker, WorkerOptions, WorkerType};
use worker_protocol::{frame, unframe, READY};

/// How long a worker may take to download and start.
const LOAD_TIMEOUT_MS: u32 = 60_000;

/// An answer's JSON, or why there is none (a sentence for the tester).
pub type Answer = Result<String, String>;

/// A worker started on first use. Meant for a `thread_local!`: one per page.
pub struct OnDemandWorker {
    /// The name of the `<meta>` whose content is the worker's file, relative to the page.
    meta: &'static str,
    /// What it is, for messages: `the workshop demo server`.
    what: &'static str,
    running: RefCell<Option<Rc<RefCell<Link>>>>,
}

impl OnDemandWorker {
    /// A worker not yet started: `meta` names its file, `what` says what it is.
    pub const fn new(meta: &'static str, what: &'static str) -> OnDemandWorker {
        OnDemandWorker {
            meta,
            what,
            running: RefCell::new(None),
        }
    }

    /// Whether the worker was started and has not failed since.
    pub fn is_started(&self) -> bool {
        self.running
            .borrow()
            .as_ref()
            .is_some_and(|link| link.borrow().failed.is_none())
    }

    /// Starts the worker if needed and resolves once it listens, or says why it cannot.
    pub fn ready(&self) -> impl Future<Output = Result<(), String>> {
        let waiting = self.link().map(|link| {
            let mut link = link.borrow_mut();
            if let Some(reason) = &link.failed {
                return Err(reason.clone());
            }
            if link.ready {
                return Ok(None);
            }
            let (sender, receiver) = oneshot::channel();
            link.waiting_ready.push(sender);
            Ok(Some(receiver))
        });
        let what = self.what;
        async move {
            match waiting?? {
                None => Ok(()),
                Some(receiver) => receiver
                    .await
                    .unwrap_or_else(|_| Err(format!("{what} stopped while loading"))),
            }
        }
    }

    /// Sends `call` now (or, while the worker loads, as soon as it listens, after the calls
    /// made before) and resolves with its answer. Dropping the future forgets the answer.
    pub fn call(&self, call: &str) -> impl Future<Output = Answer> {
        let receiver = self.link().map(|link| link.borrow_mut().send(call));
        let what = self.what;
        async move {
            receiver?
                .await
                .unwrap_or_else(|_| Err(format!("{what} stopped before it answered")))
        }
    }

    /// The running worker; a new one if none runs or the last one failed.
    fn link(&self) -> Result<Rc<RefCell<Link>>, String> {
        if let Some(link) = self.running.borrow().as_ref() {
            if link.borrow().failed.is_none() {
                return Ok(link.clone());
            }
        }
        let link = Link::start(self.meta, self.what)?;
        *self.running.borrow_mut() = Some(link.clone());
        Ok(link)
    }
}

/// One started worker and the calls waiting for it.
struct Link {
    worker: Worker,
    what: &'static str,
    /// Whether the worker said it listens.
    ready: bool,
    /// Calls made before it listened, in order.
    queued: Vec<String>,
    pending: HashMap<u64, oneshot::Sender<Answer>>,
    waiting_ready: Vec<oneshot::Sender<Result<(), String>>>,
    next_id: u64,
    /// Why it stopped, once it did.
    failed: Option<String>,
    load_timer: Option<Timeout>,
    /// The worker's handlers, kept as long as the link (they hold it weakly).
    handlers: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl Link {
    fn start(meta: &str, what: &'static str) -> Result<Rc<RefCell<Link>>, String> {
        let url = worker_url(meta).map_err(|e| format!("{what} could not be loaded: {e}"))?;
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        options.set_name(meta);
        let worker = Worker::new_with_options(&url, &options)
            .map_err(|e| format!("{what} could not be started: {}", describe(&e)))?;
        let link = Rc::new(RefCell::new(Link {
            worker: worker.clone(),
            what,
            ready: false,
            queued: Vec::new(),
            pending: HashMap::new(),
            waiting_ready: Vec::new(),
            next_id: 0,
            failed: None,
            load_timer: None,
            handlers: Vec::new(),
        }));
        let weak = Rc::downgrade(&link);
        let on_message = handler(&weak, |link, data| {
            if let Some(text) = data.as_string() {
                link.receive(&text);
            }
        });
        let on_error = handler(&weak, |link, data| {
            let event: Event = data.unchecked_into();
            // Said here, in the calls' answers; not also as an uncaught error.
            event.prevent_default();
            // Before it listens, any error means its files did not load (the browser's
            // message is about modules and fetches); after, the error is the worker's own.
            let detail = match event.dyn_ref::<ErrorEvent>() {
                Some(e) if link.ready && !e.message().is_empty() => e.message(),
                _ if link.ready => "it failed".into(),
                _ => "its files did not download or did not start (is the network off?)".into(),
            };
            link.fail(detail);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let timer = Timeout::new(LOAD_TIMEOUT_MS, move || {
            if let Some(link) = weak.upgrade() {
                let mut link = link.borrow_mut();
                if !link.ready {
                    link.fail(format!(
                        "it did not load within {} s",
                        LOAD_TIMEOUT_MS / 1000
                    ));
                }
            }
        });
        {
            let mut started = link.borrow_mut();
            started.handlers = vec![on_message, on_error];
            started.load_timer = Some(timer);
        }
        Ok(link)
    }

    fn send(&mut self, call: &str) -> oneshot::Receiver<Answer> {
        let (sender, receiver) = oneshot::channel();
        if let Some(reason) = &self.failed {
            let _ = sender.send(Err(reason.clone()));
            return receiver;
        }
        self.next_id += 1;
        self.pending.insert(self.next_id, sender);
        let message = frame(self.next_id, call);
        if self.ready {
            self.post(&message);
        } else {
            self.queued.push(message);
        }
        receiver
    }

    fn post(&mut self, message: &str) {
        if let Err(e) = self.worker.post_message(&JsValue::from_str(message)) {
            self.fail(describe(&e));
        }
    }

    fn receive(&mut self, message: &str) {
        if message == READY {
            self.ready = true;
            // Not from inside the timer's own callback: this is the worker's message.
            self.load_timer = None;
            for queued in std::mem::take(&mut self.queued) {
                self.post(&queued);
            }
            for waiting in self.waiting_ready.drain(..) {
                let _ = waiting.send(Ok(()));
            }
        } else if let Some((id, answer)) = unframe(message) {
            // A call whose future was dropped (a cancelled run) has no one to tell.
            if let Some(sender) = self.pending.remove(&id) {
                let _ = sender.send(Ok(answer.to_owned()));
            }
        }
    }

    /// The worker is of no more use: every waiting call hears why, and it is stopped.
    fn fail(&mut self, detail: String) {
        if self.failed.is_some() {
            return;
        }
        let reason = if self.ready {
            format!(
                "{} stopped ({detail}); the next use starts it again",
                self.what
            )
        } else {
            format!("{} could not be loaded: {detail}", self.what)
        };
        for (_, sender) in self.pending.drain() {
            let _ = sender.send(Err(reason.clone()));
        }
        for waiting in self.waiting_ready.drain(..) {
            let _ = waiting.send(Err(reason.clone()));
        }
        self.queued.clear();
        self.failed = Some(reason);
        self.worker.terminate();
    }
}

/// A worker event handler that reaches the link while it exists.
fn handler(
    link: &Weak<RefCell<Link>>,
    on: impl Fn(&mut Link, JsValue) + 'static,
) -> Closure<dyn FnMut(JsValue)> {
    let link = link.clone();
    Closure::new(move |data: JsValue| {
        if let Some(link) = link.upgrade() {
            // A message carries its data; an error is the event itself.
            let data = match data.dyn_ref::<MessageEvent>() {
                Some(message) => message.data(),
                None => data,
            };
            on(&mut link.borrow_mut(), data);
        }
    })
}

/// The worker's URL: named by the build in a `<meta>`, relative to the page, so the page
/// works from any sub-path.
fn worker_url(meta: &str) -> Result<String, String> {
    let document = gloo_utils::document();
    let path = document
        .query_selector(&format!("meta[name=\"{meta}\"]"))
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .ok_or("the page does not name its file (it was not built by trunk)")?;
    let base = document.base_uri().ok().flatten().unwrap_or_default();
    Url::new_with_base(&path, &base)
        .map(|url| url.href())
        .map_err(|e| describe(&e))
}

/// A JavaScript error as one line of text.
fn describe(error: &JsValue) -> String {
    match error.dyn_ref::<js_sys::Error>() {
        Some(e) => String::from(e.message()),
        None => error.as_string().unwrap_or_else(|| format!("{error:?}")),
    }
}
