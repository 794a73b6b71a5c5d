//! The suite engine: loads Runscope (BlazeMeter API Monitoring) test exports and runs them
//! with Runscope's semantics.
//!
//! Pure Rust with no web dependencies: it never reads a clock or the network itself. The
//! caller supplies a [`Transport`] (send one request), a [`Clock`] (now, sleep) and, to run
//! JavaScript, a [`ScriptHost`]; the same code runs in a browser and in native tests.
//!
//! ```text
//! load_suite(text) ─► Suite ─► Runner::new(&transport, &clock).run(&suite, &env, &options)
//!                                   │ events ─► Listener            │
//!                                   ▼                               ▼
//!                              RunResult ─► to_json() (secrets masked) ─► load_result()
//! ```
//!
//! # Example
//!
//! ```
//! # use suite_engine::*;
//! # struct Fetch;
//! # impl Transport for Fetch {
//! #     async fn send(&self, _: &HttpRequest) -> Result<HttpResponse, RequestFailure> {
//! #         Err(RequestFailure::new(FailureKind::Network, "offline"))
//! #     }
//! # }
//! # struct Timer;
//! # impl Clock for Timer {
//! #     fn now_ms(&self) -> f64 { 0.0 }
//! #     async fn sleep(&self, _ms: f64) {}
//! # }
//! let suite = load_suite(r#"{"steps": [{"step_type": "request", "url": "{{SCIMBaseURL}}/Users"}]}"#)?;
//! // Offer an input for each variable the suite needs but never defines.
//! assert_eq!(suite.variables_used(), ["SCIMBaseURL"]);
//! let env = Environment::with_variables([("SCIMBaseURL", "https://example.com/scim/v2")]);
//! let options = RunOptions { pause_policy: PausePolicy::CapAt { seconds: 2.0 }, ..RunOptions::default() };
//! let cancel = CancelHandle::new(); // keep a clone for the Stop button
//! let mut on_event = |e: &RunEvent<'_>| {
//!     if let RunEvent::StepFinished { result } = e {
//!         println!("{:?} {:?}", result.path, result.outcome);
//!     }
//! };
//! let run = Runner::new(&Fetch, &Timer)
//!     .with_listener(&mut on_event)
//!     .with_cancel(cancel.clone())
//!     .run(&suite, &env, &options);
//! let result = futures::executor::block_on(run); // in a browser: spawn_local(async { run.await })
//! assert_eq!(result.steps[0].outcome, StepOutcome::Error);
//! let file = result.to_json(); // secrets masked; read back with load_result(&file)
//! # assert!(load_result(&file).is_ok());
//! # Ok::<(), LoadError>(())
//! ```
//!
//! # Choices where Runscope's documentation is silent
//!
//! Each of these is a "recommended" behaviour of the project's format reference, or a
//! choice made here; all are tested.
//!
//! - **Loading.** Unknown fields are kept (in `extra`) and ignored. `null` is an empty
//!   value, a missing list is empty, a number or boolean where text is expected becomes its
//!   text (`"value": 200` is `"200"`), `"5"` is accepted as a duration, `auth: []` is no
//!   auth, headers may be `{name: [values]}`, `{name: value}` or `[{name, value}]`. A step
//!   without `step_type` that has a `url` is a request. A step of an unknown type is kept
//!   whole and reported skipped ("unknown step type X"). An `environments` array is offered
//!   as [`SuiteEnvironment`]s (convert one with `Environment::from`). A `version` other than
//!   `1.0` and a `step_count` that does not match are warnings, not errors. Error positions
//!   are where the reader stopped, just after the offending value. A loaded [`Suite`]
//!   serializes back to the export format. Comparisons and sources are parsed once, at
//!   load, into [`Comparison`] and [`Source`] (surrounding spaces ignored); an unknown term
//!   is kept as written and written back as found, a known one in its canonical spelling.
//!   Each has its file term (`as_str`) and a short phrase for people (`phrase`, `label`).
//!   Result files keep writing the terms as strings.
//! - **Variables a suite needs.** [`Suite::variables_used`] lists them in order of first use,
//!   walking the steps in run order (nested steps in place) and, within a request, in the
//!   runner's order: pre-request scripts, then method, URL, headers, form, args, body, data,
//!   auth, GraphQL query, then extractions and post-response scripts, then assertions. A
//!   name set by an extraction or by a literal `variables.set("name", …)` in a script
//!   counts as defined from there on only: a use before it is still listed (a later step
//!   that sets `SCIMBaseURL` does not hide step 1's need of it). Notes are not scanned;
//!   built-ins are not variables. [`Suite::environment_variables`] are those that start a
//!   URL or appear in a header or basic auth. Both are linear in the suite's size. For
//!   Okta's 2.0 file: `SCIMBaseURL`, `auth`, `InvalidUserEmail`, `UserIdThatDoesNotExist`,
//!   `randomEmail`, `randomUsername`, `randomGivenName`, `randomFamilyName`,
//!   `randomUsernameCaps`.
//! - **Variable names.** As Runscope allows them: spaces and most punctuation
//!   (`{{SCIM Base URL}}`, `{{user-id.1}}`); a name is trimmed, and quotes, braces,
//!   parentheses, commas, backslashes and control characters make the braces not a
//!   variable (JSON and code inside braces stay text).
//! - **Problems before the run.** [`Suite::problems`] lists per step (by path) unknown step
//!   types, Runscope-only steps, unknown or missing comparisons and sources, a missing URL,
//!   a URL that does not start with `http://`, `https://` or a variable, a method that is
//!   not an HTTP token, variables nothing sets before the step and the caller does not
//!   supply, headers and methods a browser will not send ([`refused_header`], one list for
//!   the engine and the app), scripts using a Runscope library the sandbox lacks
//!   ([`missing_script_libraries`]: a library global used as a value outside strings and
//!   comments and not declared by the script; [`PROVIDED_SCRIPT_LIBRARIES`] is the list to
//!   update), OAuth and binary bodies; [`Problems::summary`] is one line naming the steps.
//! - **Templates.** Spaces inside braces are trimmed. Variables win over built-ins of the
//!   same name. An undefined name stays as written and the step reports "undefined variable
//!   X"; it does not fail the step by itself (Runscope fails the test; here the assertions
//!   that depend on it fail instead, and the warning says why). Undefined variables in a
//!   step's note are not reported (a note is only a title). A function with wrong
//!   arguments stays as written and is reported. `base64` is accepted as another name for
//!   `encode_base64`. `runscope_environment` is the environment's name (`local` when
//!   unnamed), `runscope_test_name` the suite's name; the other `runscope_*` values render
//!   as `not-in-runscope`, noted on the step. `utc_datetime` always has six fractional
//!   digits; `url_encode` encodes all but `A-Z a-z 0-9 - . _ ~`.
//! - **URLs.** Rendered, trimmed, then percent-encoded once: spaces and controls,
//!   `" < > \ ^ ` { | }`, non-ASCII and a `%` not followed by two hex digits. An existing
//!   `%XX` is kept.
//! - **Requests.** The body is `body` when non-empty, else `form`, else `multipart_form`
//!   (text parts), else `graphql_body` with a non-empty `query`, else the older `data`
//!   (text, or JSON data written compactly: older exports keep the body parsed there beside
//!   `body`, which wins); older `args` are added to the query; `fragment`, `files` and
//!   `raw_body` are kept and ignored (a fragment is never sent). Basic `auth` replaces any
//!   `Authorization` header; other auth types are reported unsupported. A `binary_body` of
//!   `null`, `""`, `[]` or `{}` is no binary body; any other is reported unsupported. An
//!   unsupported feature is one warning per run, naming the steps (`steps 4 and 5`), not
//!   one per step.
//! - **Files.** [`load_export`] reads one test (an object) or a bucket export (a list of
//!   tests, in file order; an error in one names its index, `[3].steps[0]…`);
//!   [`load_suite`] wants one test and says how many a bucket holds. Every test of a file
//!   gets the file's SHA-256. [`load_export_bytes`] first checks the bytes are UTF-8 and
//!   says when they look like UTF-16 or a binary file. JSON that is not a test says so: no
//!   `steps` list, a Postman collection, an OpenAPI description, this runner's result file.
//! - **Assertions.** Text forms: numbers shortest, booleans `true`/`false`, `null` empty,
//!   lists and objects compact JSON. Without a value only `empty`, `not_equal` and
//!   `does_not_contain` pass. `contains` on an object tests for a key (as Runscope's
//!   Python does); on a number or boolean it tests its text. Numbers in text are plain
//!   decimal or exponent forms (`NaN` and `inf` are not numbers). Headers are matched in
//!   any case; repeated headers are joined with `, `. An unknown source or comparison, or a
//!   malformed JSON path or XPath, is an `error` on that assertion. A step fails when any
//!   assertion fails or errors.
//! - **Variables.** Extracted values are stored as text. A failed extraction leaves the
//!   variable unset and is recorded (`Resources[0].id not found: …`); it does not fail the
//!   step. Entries without a name are ignored.
//! - **Scripts.** Pre-request scripts see the request rendered with the variables of the
//!   moment; if no script changes it, it is rendered again afterwards so that variables
//!   they set take effect. A changed `url` or `body` wins over changed `params` or `form`.
//!   A script that throws or times out fails the step; a script not run (no host) does not
//!   and is reported as a warning. Blank scripts are no scripts.
//! - **Runs.** Variables are one namespace where the latest write wins: initial variables,
//!   then the initial script, then extractions and scripts in run order. A request without response is the step's `error` and the run goes on. Pauses
//!   are waited in slices of at most one second with a tick event after each. A condition
//!   with an unknown comparison fails and skips its nested steps. Subtests and Ghost
//!   Inspector steps are skipped with the reason. `response_time` is the transport's total
//!   timing when it has one, else the clock's time around the send. A pause longer than
//!   Runscope's maximum of 180 s is waited 180 s.
//! - **Several values.** An initial variable whose value has several lines has several
//!   values (blank lines and surrounding spaces ignored). A request step whose URL uses one
//!   runs once per value (the first such variable in the URL), each run its own
//!   [`StepResult`] with [`StepResult::iteration`]; elsewhere the variable holds its first
//!   value. Such a result is `format_version` 2; every other run stays version 1. The worst
//!   run's outcome is the step's for stop-at-first-failure. Each value of a secret variable
//!   is masked.
//! - **Secrets.** A value is secret when its variable's name says so ([`is_secret_name`]:
//!   any of [`SECRET_NAME_PARTS`] anywhere, or any of [`SECRET_NAME_WORDS`] as a word, so
//!   `auth`, `accessKey`, `privateKey`, `jwt`, `apiToken`, not `monkey`), when the caller
//!   marks it ([`Environment::secrets`]), when an initial variable is made from a secret one,
//!   for the basic auth password, and for secret-named headers sent or received
//!   (`Authorization`, `Cookie`, `Set-Cookie`, `X-Api-Key`; values of 4 bytes or more). Each
//!   is replaced by `[secret NAME]` in every string of an export ([`RunResult::to_json`]) and
//!   of every `StepFinished` event, and in the note of `StepStarted`: as written,
//!   percent-encoded, in base64 (also inside a longer encoded text), in any case, inside JSON
//!   strings written with escapes, and where a cut (`…`, `...`, a body at the size limit)
//!   left 4 bytes or more of one; a body is never cut inside a secret known then. With
//!   [`RunOptions::host_policy`], a request that would carry a secret to an origin the tester
//!   did not approve is not sent ([`FailureKind::NotApproved`]); [`plan_hosts`] lists the
//!   origins beforehand. `docs/security.md` states the guarantees and the tests behind them.
#![deny(missing_docs)]

mod assert;
mod bundle;
mod cancel;
mod comparison;
mod error;
mod event;
mod extract;
mod forbidden;
mod functions;
mod hosts;
mod json_path;
mod lenient;
mod libraries;
mod load;
mod model;
mod needs;
mod options;
mod problems;
mod request;
mod result;
mod run;
mod script;
mod secrets;
mod source;
mod template;
mod transport;
mod url;
mod variables;
mod xpath;

pub use bundle::{bundle_to_json, load_results};
pub use cancel::CancelHandle;
pub use comparison::Comparison;
pub use error::{LoadError, ResultError};
pub use event::{Listener, RunEvent, VariablesNow};
pub use forbidden::{refused_header, refused_method};
pub use hosts::{
    origin_of, plan_hosts, Carried, HostPlan, HostPolicy, PlannedHost, PlannedRequest,
};
pub use libraries::{
    missing_script_libraries, script_library_globals_named, ScriptLibrary,
    PROVIDED_SCRIPT_LIBRARIES, RUNSCOPE_SCRIPT_LIBRARIES,
};
pub use load::{load_export, load_export_bytes, load_suite, Export};
pub use model::{
    script_sets, Assertion, Auth, ConditionStep, Extraction, OtherStep, PauseStep, RequestStep,
    Step, StepCounts, SubtestStep, Suite, SuiteEnvironment,
};
pub use options::{Environment, PausePolicy, RunOptions};
pub use problems::{ProblemKind, Problems, StepProblem};
pub use request::is_okta_api_token;
pub use result::{
    load_result, AssertionOutcome, AssertionResult, Body, ConditionRecord, Counts,
    EnvironmentRecord, EnvironmentValue, ExtractionResult, Failure, Importance, Iteration,
    PauseCounts, PauseRecord, ReceivedResponse, RunOutcome, RunResult, ScriptResult, SentRequest,
    StepOutcome, StepResult, SuiteInfo, Summary, Target, TargetKind, Tool, Warning, WarningKind,
    FORMAT_VERSION,
};
pub use run::Runner;
pub use script::{
    NoScriptHost, ScriptAssertion, ScriptError, ScriptHost, ScriptInput, ScriptKind, ScriptOutput,
    ScriptRequest, ScriptResponse,
};
pub use secrets::{is_secret_name, is_secret_variable, SECRET_NAME_PARTS, SECRET_NAME_WORDS};
pub use source::Source;
pub use transport::{
    Clock, FailureKind, Header, HeaderNotSent, HttpRequest, HttpResponse, RequestFailure, Timings,
    Transport,
};
pub use variables::{Variable, Variables};
