//! Run options the user picks: pauses, request timeout, stop at first failure. Remembered.
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use suite_engine::{PausePolicy, RunOptions};

const STORAGE_KEY: &str = "scim-suite-runner.options";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PauseChoice {
    Honour,
    Cap,
    Skip,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Saved {
    pause: PauseChoice,
    cap_seconds: f64,
    timeout_seconds: f64,
    #[serde(default = "default_script_seconds")]
    script_seconds: f64,
    stop_on_first_failure: bool,
}

fn default_script_seconds() -> f64 {
    5.0
}

impl Default for Saved {
    fn default() -> Saved {
        Saved {
            pause: PauseChoice::Honour,
            cap_seconds: 1.0,
            timeout_seconds: 30.0,
            script_seconds: default_script_seconds(),
            stop_on_first_failure: false,
        }
    }
}

#[derive(Clone, Copy)]
pub struct RunSettings {
    pub pause: RwSignal<PauseChoice>,
    pub cap_seconds: RwSignal<f64>,
    pub timeout_seconds: RwSignal<f64>,
    /// How long a suite script may run before its worker is stopped.
    pub script_seconds: RwSignal<f64>,
    pub stop_on_first_failure: RwSignal<bool>,
}

impl RunSettings {
    pub fn load_remembered() -> RunSettings {
        let saved: Saved = LocalStorage::get(STORAGE_KEY).unwrap_or_default();
        let settings = RunSettings {
            pause: RwSignal::new(saved.pause),
            cap_seconds: RwSignal::new(saved.cap_seconds),
            timeout_seconds: RwSignal::new(saved.timeout_seconds),
            script_seconds: RwSignal::new(saved.script_seconds),
            stop_on_first_failure: RwSignal::new(saved.stop_on_first_failure),
        };
        Effect::new(move |_| {
            let saved = Saved {
                pause: settings.pause.get(),
                cap_seconds: settings.cap_seconds.get(),
                timeout_seconds: settings.timeout_seconds.get(),
                script_seconds: settings.script_seconds.get(),
                stop_on_first_failure: settings.stop_on_first_failure.get(),
            };
            let _ = LocalStorage::set(STORAGE_KEY, saved);
        });
        settings
    }

    pub fn pause_policy(&self) -> PausePolicy {
        match self.pause.get_untracked() {
            PauseChoice::Honour => PausePolicy::Honour,
            PauseChoice::Cap => PausePolicy::CapAt {
                seconds: self.cap_seconds.get_untracked().max(0.0),
            },
            PauseChoice::Skip => PausePolicy::Skip,
        }
    }

    pub fn to_engine(&self) -> RunOptions {
        let timeout_ms = (self.timeout_seconds.get_untracked() * 1000.0).clamp(100.0, 600_000.0);
        let script_ms = (self.script_seconds.get_untracked() * 1000.0).clamp(100.0, 600_000.0);
        RunOptions {
            pause_policy: self.pause_policy(),
            script_time_limit_ms: script_ms as u64,
            stop_on_first_failure: self.stop_on_first_failure.get_untracked(),
            request_timeout_ms: timeout_ms as u64,
            seed: js_sys::Math::random().to_bits(),
            ..RunOptions::default()
        }
    }
}
