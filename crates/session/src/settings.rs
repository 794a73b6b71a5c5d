//! The run options the tester picks: pauses, time limits, stopping at the first failure.

use serde::{Deserialize, Serialize};
use suite_engine::{PausePolicy, RunOptions};

/// What pauses do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PauseChoice {
    /// Wait as the suite says.
    Honour,
    /// Wait at most `cap_seconds`.
    Cap,
    /// Do not wait.
    Skip,
}

/// The options as the form holds them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub pause: PauseChoice,
    pub cap_seconds: f64,
    pub timeout_seconds: f64,
    pub script_seconds: f64,
    pub stop_on_first_failure: bool,
    /// Larger text, readable from the back of a room.
    pub large_text: bool,
    /// Send `Authorization: SSWS …` as `Bearer <oktaAccessToken>`: Okta's API answers a
    /// browser only with an OAuth 2.0 access token.
    pub ssws_as_bearer: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            pause: PauseChoice::Honour,
            cap_seconds: 1.0,
            timeout_seconds: 30.0,
            script_seconds: 5.0,
            stop_on_first_failure: false,
            large_text: false,
            ssws_as_bearer: false,
        }
    }
}

/// Time limits stay between 0.1 s and 10 minutes, whatever the form says.
fn limit_ms(seconds: f64) -> u64 {
    let ms = if seconds.is_finite() {
        seconds * 1000.0
    } else {
        30_000.0
    };
    // Clamped to a range well inside u64.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let ms = ms.clamp(100.0, 600_000.0) as u64;
    ms
}

impl Settings {
    pub fn pause_policy(&self) -> PausePolicy {
        match self.pause {
            PauseChoice::Honour => PausePolicy::Honour,
            PauseChoice::Cap => PausePolicy::CapAt {
                seconds: if self.cap_seconds.is_finite() {
                    self.cap_seconds.max(0.0)
                } else {
                    0.0
                },
            },
            PauseChoice::Skip => PausePolicy::Skip,
        }
    }

    /// The engine's options; `seed` makes the run's random values.
    pub fn to_engine(&self, seed: u64) -> RunOptions {
        RunOptions {
            pause_policy: self.pause_policy(),
            stop_on_first_failure: self.stop_on_first_failure,
            request_timeout_ms: limit_ms(self.timeout_seconds),
            script_time_limit_ms: limit_ms(self.script_seconds),
            seed,
            ssws_as_bearer: self
                .ssws_as_bearer
                .then(|| crate::okta::ACCESS_TOKEN_VARIABLE.to_string()),
            ..RunOptions::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_stay_sane_whatever_the_form_says() {
        let s = Settings {
            timeout_seconds: f64::NAN,
            script_seconds: 1e12,
            pause: PauseChoice::Cap,
            cap_seconds: -3.0,
            ..Settings::default()
        };
        let o = s.to_engine(7);
        assert_eq!(o.request_timeout_ms, 30_000);
        assert_eq!(o.script_time_limit_ms, 600_000);
        assert_eq!(o.pause_policy, PausePolicy::CapAt { seconds: 0.0 });
        assert_eq!(o.seed, 7);
    }
}
