//! The app's state: one [`Session`] in one signal, changed only through the session's own
//! methods, plus the handles of the run going (its cancel handle and "Skip pause").
use leptos::prelude::*;
use leptos::task::spawn_local;
use session::Session;
use suite_engine::CancelHandle;

use crate::{on_demand, storage};

#[derive(Clone, Copy)]
pub struct AppState {
    session: RwSignal<Session>,
    /// Cancels the run going; empty when none.
    cancel: StoredValue<Option<CancelHandle>>,
    /// Set by "Skip pause": the clock ends the current pause, the run clears it.
    pub skip_pause: RwSignal<bool>,
    /// Set when a part of the page could not be downloaded (src/on_demand.rs).
    pub part_missing: RwSignal<bool>,
}

impl AppState {
    /// Reads the session, tracked: the caller reruns when it changes.
    pub fn read<R>(&self, f: impl FnOnce(&Session) -> R) -> R {
        self.session.with(f)
    }

    /// Reads the session without tracking.
    pub fn read_untracked<R>(&self, f: impl FnOnce(&Session) -> R) -> R {
        self.session.with_untracked(f)
    }

    /// A value derived from the session; views that use it rerun only when it changes.
    pub fn select<T>(&self, f: impl Fn(&Session) -> T + Send + Sync + 'static) -> Memo<T>
    where
        T: Clone + PartialEq + Send + Sync + 'static,
    {
        let session = self.session;
        Memo::new(move |_| session.with(&f))
    }

    /// Changes the session through one of its methods.
    pub fn update<R>(&self, f: impl FnOnce(&mut Session) -> R) -> Option<R> {
        self.session.try_update(f)
    }

    /// Changes the session without telling the views: for bookkeeping they do not show
    /// (the variables each step started with), kept at the pace of steps.
    pub fn update_quietly<R>(&self, f: impl FnOnce(&mut Session) -> R) -> Option<R> {
        self.session.try_update_untracked(f)
    }

    /// Loads a suite from its file text, once the suite reader's module is in.
    pub fn load_suite(&self, file_name: &str, text: &str) {
        let state = *self;
        let (file_name, text) = (file_name.to_string(), text.to_string());
        spawn_local(async move {
            if on_demand::load_suite(state, file_name, text).await.is_err() {
                state.part_missing.set(true);
            }
        });
    }

    /// Loads a suite from its file text and keeps it for the next visit.
    pub fn load_suite_now(&self, file_name: &str, text: &str) {
        if self.update(|s| s.load_suite(file_name, text)) == Some(true) {
            storage::keep_suite(file_name, text);
        }
    }

    pub(crate) fn set_cancel(&self, handle: Option<CancelHandle>) {
        self.cancel.set_value(handle);
    }

    /// Cancels the run going, if any.
    pub fn cancel_run(&self) {
        self.cancel.with_value(|handle| {
            if let Some(handle) = handle {
                handle.cancel();
            }
        });
    }
}

/// Provides the app's state, starting from what the last visit kept.
pub fn provide_app_state() -> AppState {
    let page_is_https =
        gloo_utils::window().location().protocol().ok().as_deref() == Some("https:");
    let mut session = Session::new(page_is_https);
    // The workshop demo answers these hosts inside the page: nothing sent there leaves it.
    session.set_in_page_origins(
        crate::demo::DEMO_HOSTS
            .iter()
            .map(|h| format!("https://{h}"))
            .collect(),
    );
    let (kept, suite, result) = storage::restore();
    // A kept suite needs the suite reader's module: until it is in, the environment and
    // settings are restored; then all of it (a suite loaded clears the results, so the
    // results come after it).
    let later = match suite {
        None => {
            session.restore_without_suite(kept, result);
            None
        }
        Some(suite) => {
            session.restore_without_suite(kept.clone(), None);
            Some((kept, suite, result))
        }
    };
    let state = AppState {
        session: RwSignal::new(session),
        cancel: StoredValue::new(None),
        skip_pause: RwSignal::new(false),
        part_missing: RwSignal::new(false),
    };
    if let Some((kept, (file_name, text), result)) = later {
        spawn_local(async move {
            let restored = on_demand::restore_with_suite(state, kept, file_name, text, result);
            if restored.await.is_err() {
                state.part_missing.set(true);
            }
        });
    }
    let remembered = state.select(|s| s.remembered());
    Effect::new(move |_| storage::keep_environment(&remembered.get()));
    provide_context(state);
    state
}

/// A derived value in a signal of its own, set only when the value changes. For values that
/// many views read (one per row): a memo is marked, and marks every reader, each time what
/// it reads changes, even when its own value stays, which costs a run of many rows at every
/// update; this signal tells its readers nothing until the value itself changes.
pub fn settled<T>(compute: impl Fn() -> T + 'static) -> ReadSignal<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let value = RwSignal::new(untrack(&compute));
    Effect::new(move |_| {
        let now = compute();
        if value.with_untracked(|v| *v != now) {
            value.set(now);
        }
    });
    value.read_only()
}

pub fn use_app_state() -> AppState {
    expect_context::<AppState>()
}
