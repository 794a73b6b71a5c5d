//! Offline use: registers the service worker that a release build writes (offline/build.mjs
//! names it in a `<meta>`), which keeps every file of the page for a reload with the network
//! off, and says when a new version of the page has been installed in the background.
//!
//! Where service workers are unavailable (a file:// page, an http page on another host than
//! localhost, some private windows) nothing happens and the page works as before, online.
use leptos::{prelude::*, task::spawn_local};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AddEventListenerOptions, EventTarget, ServiceWorker, ServiceWorkerContainer,
    ServiceWorkerRegistration, ServiceWorkerState,
};

/// What the page tells the waiting worker to take over (offline/service-worker.js).
const SKIP_WAITING: &str = "skip-waiting";

/// Registers the service worker once the page has loaded, and shows "A new version … was
/// installed" with a Reload button when a new build has been installed behind this one.
#[component]
pub fn UpdateNotice() -> impl IntoView {
    let (installed, set_installed) = signal(false);
    if let (Some(script), Some(container)) = (worker_script(), container()) {
        spawn_local(register(script, container, set_installed));
    }
    view! {
        <div role="status">
            {move || {
                installed
                    .get()
                    .then(|| {
                        view! {
                            <p class="notice update-notice">
                                "A new version of this page was installed; reload to use it. "
                                <button on:click=|_| spawn_local(reload_into_new_version())>
                                    "Reload"
                                </button>
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// The worker's URL, relative to the page, when the build wrote one (release builds).
fn worker_script() -> Option<String> {
    document()
        .query_selector("meta[name=\"service-worker\"]")
        .ok()??
        .get_attribute("content")
        .filter(|url| !url.is_empty())
}

/// `navigator.serviceWorker`, absent where the browser offers no service workers.
fn container() -> Option<ServiceWorkerContainer> {
    js_sys::Reflect::get(&window().navigator(), &JsValue::from_str("serviceWorker"))
        .ok()?
        .dyn_into()
        .ok()
}

async fn register(script: String, container: ServiceWorkerContainer, installed: WriteSignal<bool>) {
    // After the load event: the worker's downloads must not slow the page's own.
    if document().ready_state() != "complete" {
        let loaded = js_sys::Promise::new(&mut |resolve, _| {
            let _ = window().add_event_listener_with_callback_and_add_event_listener_options(
                "load",
                &resolve,
                &once(),
            );
        });
        let _ = JsFuture::from(loaded).await;
    }
    // The worker's scope is its own directory: the page's, whatever sub-path it is served from.
    // A refusal (a private window, storage blocked) leaves the page as it was: online only.
    let Ok(registration) = JsFuture::from(container.register(&script)).await else {
        return;
    };
    let Ok(registration) = registration.dyn_into::<ServiceWorkerRegistration>() else {
        return;
    };
    // A new build found on an earlier visit may still be waiting; this visit's check may be
    // under way already, or start later.
    if registration.waiting().is_some() && container.controller().is_some() {
        installed.set(true);
    }
    if let Some(worker) = registration.installing() {
        watch_install(worker, container.clone(), installed);
    }
    let found = registration.clone();
    let on_update_found = Closure::<dyn Fn()>::new(move || {
        if let Some(worker) = found.installing() {
            watch_install(worker, container.clone(), installed);
        }
    });
    let _ = registration
        .add_event_listener_with_callback("updatefound", on_update_found.as_ref().unchecked_ref());
    // Listens for the page's lifetime.
    on_update_found.forget();
}

/// Shows the notice when `worker` is installed behind a worker that controls this page. The
/// first install of all controls nothing yet: there is nothing new to tell.
fn watch_install(
    worker: ServiceWorker,
    container: ServiceWorkerContainer,
    installed: WriteSignal<bool>,
) {
    let target: EventTarget = worker.clone().into();
    let on_state = Closure::<dyn Fn()>::new(move || {
        if worker.state() == ServiceWorkerState::Installed && container.controller().is_some() {
            installed.set(true);
        }
    });
    let _ =
        target.add_event_listener_with_callback("statechange", on_state.as_ref().unchecked_ref());
    on_state.forget();
}

/// Lets the waiting worker take over, then reloads once it controls the page; a plain reload
/// would still be answered by the old one while this tab is open.
async fn reload_into_new_version() {
    let reload = || {
        let _ = window().location().reload();
    };
    let Some(container) = container() else {
        return reload();
    };
    let registration = JsFuture::from(container.get_registration())
        .await
        .ok()
        .and_then(|r| r.dyn_into::<ServiceWorkerRegistration>().ok());
    let Some(waiting) = registration.and_then(|r| r.waiting()) else {
        return reload();
    };
    let on_change = Closure::once_into_js(reload);
    let _ = container.add_event_listener_with_callback_and_add_event_listener_options(
        "controllerchange",
        on_change.unchecked_ref(),
        &once(),
    );
    if waiting
        .post_message(&JsValue::from_str(SKIP_WAITING))
        .is_err()
    {
        reload();
    }
}

fn once() -> AddEventListenerOptions {
    let options = AddEventListenerOptions::new();
    options.set_once(true);
    options
}
