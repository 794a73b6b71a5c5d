//! The page's state as one plain Rust type, [`Session`]: the loaded suite, the environment
//! the tester fills in, the run options, and the results (live, finished or opened).
//!
//! It changes only through its own methods, called when the tester does something (loads a
//! suite, types a value, clicks Run), when the engine reports progress, or when a result
//! opens. The page's components read it and send it those intents; nothing here knows about
//! the browser, so every transition is tested natively.
//!
//! ```
//! use session::{Phase, Session};
//! let mut s = Session::new(false);
//! assert!(s.load_suite("demo.json", r#"{"steps": [{"step_type": "request", "url": "{{base}}/Users"}]}"#));
//! assert_eq!(s.phase(), Phase::Loaded);
//! // Run waits for the base URL.
//! assert_eq!(s.run_blocker().map(|b| b.variable), Some("base".to_string()));
//! s.set_value("base", "https://example.com/scim/v2".into());
//! let plan = s.start_run(0.0, 1).expect("runs");
//! assert_eq!(plan.environment.initial_variables[0].1, "https://example.com/scim/v2");
//! assert_eq!(s.phase(), Phase::Running);
//! ```

mod causes;
mod curl;
mod describe;
mod environment;
mod filter;
mod hosts;
mod okta;
mod remember;
mod rerun;
mod results;
mod session;
mod settings;
mod verdict;

pub use causes::{cause_of, origin_of, shared_causes, Cause, CauseKey};
pub use curl::curl_command;
pub use describe::{raw_terms, row_key, row_reason, row_title, sentence, subject};
pub use environment::{Blocker, Check, EnvVariable, EnvironmentDraft, VariableRole};
pub use filter::Filter;
pub use hosts::{Approval, HostRow, Hosts, HostsInput};
pub use okta::{
    entitlement_endpoints, ApiTokenNotice, ResourceTypesRequest, ACCESS_TOKEN_VARIABLE,
    ENTITLEMENT_SCHEMAS,
};
pub use remember::Remembered;
pub use rerun::{RerunPlan, Reruns, Snapshot, RECENT};
pub use results::{Origin, Progress, Results, Rows, TestResults, TestStatus};
pub use session::{LoadedSuite, Opening, PendingOpen, Phase, Replaces, RunPlan, Session};
pub use settings::{PauseChoice, Settings};
pub use verdict::{run_verdict, verdict, Verdict, VerdictKind};
