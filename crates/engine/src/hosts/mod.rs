//! Hosts: where a suite's requests go, and which of them may receive a secret.
//!
//! Before a run, [`plan_hosts`] lists every origin the suite will contact with the
//! environment's values, the requests that go there and what secret each would carry, and
//! the requests whose origin cannot be known before the run. The caller then names the
//! origins the tester approved in [`RunOptions::host_policy`](crate::RunOptions).
//!
//! At send time, after pre-request scripts, a request to an origin not approved is not sent
//! when it would carry a secret: a secret value in any form the masker knows (method, URL, header
//! names and values, body; also inside escaped JSON strings and once percent-decoded), or,
//! since scripts can read every secret, a request a pre-request script changed or one whose
//! templates use a variable a script set or a secret variable (whatever a template function
//! made of it). The step ends with [`FailureKind::NotApproved`](crate::FailureKind) and says
//! why. Requests that carry nothing secret go anywhere: the server under test is the
//! tester's choice.

mod origin;
mod plan;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use origin::origin_of;
pub use plan::{plan_hosts, HostPlan, PlannedHost, PlannedRequest};

/// Which origins may receive secrets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum HostPolicy {
    /// Any origin: what a native caller gets by default. The page always passes `Only`.
    #[default]
    Any,
    /// Only these origins (`scheme://host:port`, written in any form [`origin_of`] reads);
    /// requests without secrets still go anywhere.
    Only {
        /// The approved origins.
        origins: Vec<String>,
    },
}

impl HostPolicy {
    /// A policy approving these origins (or URLs: only their origin counts).
    ///
    /// # Example
    /// ```
    /// use suite_engine::HostPolicy;
    /// let policy = HostPolicy::only(["http://127.0.0.1:8081/scim/v2"]);
    /// assert!(policy.approves("HTTP://127.0.0.1:8081"));
    /// assert!(!policy.approves("http://127.0.0.1:9999"));
    /// ```
    pub fn only<S: AsRef<str>>(origins: impl IntoIterator<Item = S>) -> HostPolicy {
        HostPolicy::Only {
            origins: origins
                .into_iter()
                .map(|o| o.as_ref().to_string())
                .collect(),
        }
    }

    /// Whether `url`'s origin may receive secrets.
    pub fn approves(&self, url: &str) -> bool {
        match self.approved() {
            None => true,
            Some(approved) => origin_of(url).is_some_and(|o| approved.contains(&o)),
        }
    }

    /// The approved origins as [`origin_of`] writes them; `None` for any.
    pub(crate) fn approved(&self) -> Option<Vec<String>> {
        match self {
            HostPolicy::Any => None,
            HostPolicy::Only { origins } => {
                Some(origins.iter().filter_map(|o| origin_of(o.trim())).collect())
            }
        }
    }
}

/// Why a request may carry a secret: what a host that receives it must be approved for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Carried {
    /// A secret value; `label` names it as its mask does: `auth`, `Authorization header`,
    /// `auth password`.
    Secret {
        /// The variable or header the secret came from.
        label: String,
    },
    /// A variable a script set: scripts can read every secret, so its value may hold one.
    ScriptVariable {
        /// The variable.
        name: String,
    },
    /// The request as a pre-request script left it (or, before the run, may leave it).
    PreRequestScript,
}

impl fmt::Display for Carried {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Carried::Secret { label } if label.contains(' ') => {
                write!(f, "the {label}")
            }
            Carried::Secret { label } => f.write_str(label),
            Carried::ScriptVariable { name } => {
                write!(f, "{name}, which a script set (scripts can read secrets),")
            }
            Carried::PreRequestScript => {
                f.write_str("what a pre-request script wrote (scripts can read secrets)")
            }
        }
    }
}

/// The step's message for a request that was not sent.
pub(crate) fn not_sent_message(carried: &Carried, url: &str, origin: Option<&str>) -> String {
    match origin {
        Some(origin) => format!(
            "not sent: this request would send {carried} to {origin}, a host you did not approve"
        ),
        None => format!(
            "not sent: this request would send {carried} to {url:?}, which is not a full web address"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_sentences() {
        let auth = Carried::Secret {
            label: "auth".into(),
        };
        assert_eq!(
            not_sent_message(&auth, "http://127.0.0.1:9999/x", Some("http://127.0.0.1:9999")),
            "not sent: this request would send auth to http://127.0.0.1:9999, a host you did not approve"
        );
        let header = Carried::Secret {
            label: "Authorization header".into(),
        };
        assert_eq!(
            not_sent_message(&header, "/Users", None),
            "not sent: this request would send the Authorization header to \"/Users\", which is not a full web address"
        );
        let var = Carried::ScriptVariable {
            name: "host".into(),
        };
        assert_eq!(
            not_sent_message(&var, "", Some("https://x.test")),
            "not sent: this request would send host, which a script set (scripts can read secrets), to https://x.test, a host you did not approve"
        );
        assert_eq!(
            not_sent_message(&Carried::PreRequestScript, "", Some("https://x.test")),
            "not sent: this request would send what a pre-request script wrote (scripts can read secrets) to https://x.test, a host you did not approve"
        );
    }

    #[test]
    fn a_policy_reads_origins_in_any_form() {
        let policy = HostPolicy::only([
            "https://Example.COM:443/scim",
            " http://[::1]:8080 ",
            "nope",
        ]);
        assert!(policy.approves("https://example.com/Users"));
        assert!(policy.approves("http://[::1]:8080/x"));
        assert!(!policy.approves("http://example.com/"));
        assert!(!policy.approves("nope"));
        assert!(HostPolicy::Any.approves("anything"));
    }
}
