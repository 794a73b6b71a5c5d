//! The worker's side of the wire (feature `worker`): listen for framed calls, answer each
//! under its number, and say [`READY`](crate::READY) once listening.

use std::future::Future;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::spawn_local;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::{frame, unframe, READY};

/// Answers every call with `answer` (the call's JSON in, the answer's JSON out) for as long
/// as the worker lives. `answer` is called as each message arrives, in order, so a worker
/// whose answers are computed at once (the demo) handles calls in the order they were sent;
/// the answer is posted when its future is done.
///
/// Does nothing outside a dedicated worker.
pub fn serve<F, Fut>(mut answer: F)
where
    F: FnMut(String) -> Fut + 'static,
    Fut: Future<Output = String> + 'static,
{
    let Ok(scope) = js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>() else {
        return;
    };
    let reply_to = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(message) = event.data().as_string() else {
            return;
        };
        // The page sends only frames; anything else has no number to answer under.
        let Some((id, call)) = unframe(&message) else {
            return;
        };
        let answered = answer(call.to_owned());
        let reply_to = reply_to.clone();
        spawn_local(async move {
            let text = frame(id, &answered.await);
            // Fails only once the page is gone.
            let _ = reply_to.post_message(&JsValue::from_str(&text));
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(READY));
}
