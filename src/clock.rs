//! The run's clock: wall time in milliseconds and sleeps that "Skip pause" can cut short.
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use suite_engine::Clock;

/// How often a sleep checks whether the user asked to skip the pause.
const SKIP_CHECK_MS: f64 = 100.0;

pub struct BrowserClock {
    /// True while the current pause should end now; the run clears it when a pause ends.
    pub skip_pause: RwSignal<bool>,
}

impl Clock for BrowserClock {
    fn now_ms(&self) -> f64 {
        match gloo_utils::window().performance() {
            Some(p) => p.time_origin() + p.now(),
            None => js_sys::Date::now(),
        }
    }

    async fn sleep(&self, ms: f64) {
        if ms <= 0.0 {
            // The engine yielding: the page draws, then the engine goes on.
            TimeoutFuture::new(0).await;
            return;
        }
        let end = self.now_ms() + ms;
        loop {
            let left = end - self.now_ms();
            if left <= 0.0 || self.skip_pause.get_untracked() {
                return;
            }
            TimeoutFuture::new(left.min(SKIP_CHECK_MS).ceil() as u32).await;
        }
    }
}
