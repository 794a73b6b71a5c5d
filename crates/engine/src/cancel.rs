//! Cancelling a run: a [`CancelHandle`] shared between the caller and the runner.
//!
//! Every await of the run (a request, a pause, a script) races the handle; cancelling wins
//! at once, the in-flight future is dropped, and the run returns what it has, with outcome
//! `cancelled`.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

use futures::future::{select, Either};

/// Cancels a run from outside. Clones share one state; cheap to clone, `Send` and `Sync`.
///
/// # Example
/// ```
/// let handle = suite_engine::CancelHandle::new();
/// let for_the_button = handle.clone();
/// for_the_button.cancel();
/// assert!(handle.is_cancelled());
/// ```
#[derive(Clone, Debug, Default)]
pub struct CancelHandle {
    inner: Arc<Mutex<State>>,
}

#[derive(Debug, Default)]
struct State {
    cancelled: bool,
    wakers: Vec<Waker>,
}

impl CancelHandle {
    /// A handle not yet cancelled.
    pub fn new() -> CancelHandle {
        CancelHandle::default()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Cancels the run. Idempotent.
    pub fn cancel(&self) {
        let wakers = {
            let mut s = self.state();
            s.cancelled = true;
            std::mem::take(&mut s.wakers)
        };
        wakers.into_iter().for_each(Waker::wake);
    }

    /// Whether [`cancel`](Self::cancel) was called.
    pub fn is_cancelled(&self) -> bool {
        self.state().cancelled
    }

    /// Completes once cancelled.
    fn cancelled(&self) -> Cancelled<'_> {
        Cancelled { handle: self }
    }

    /// Runs `fut` unless cancelled first: `None` when cancelled.
    pub(crate) async fn or_cancel<F: Future>(&self, fut: F) -> Option<F::Output> {
        if self.is_cancelled() {
            return None;
        }
        let fut = std::pin::pin!(fut);
        let cancel = std::pin::pin!(self.cancelled());
        match select(fut, cancel).await {
            Either::Left((v, _)) => Some(v),
            Either::Right(_) => None,
        }
    }
}

struct Cancelled<'a> {
    handle: &'a CancelHandle,
}

impl Future for Cancelled<'_> {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut s = self.handle.state();
        if s.cancelled {
            return Poll::Ready(());
        }
        if !s.wakers.iter().any(|w| w.will_wake(cx.waker())) {
            s.wakers.push(cx.waker().clone());
        }
        Poll::Pending
    }
}
