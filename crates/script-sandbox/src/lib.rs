//! Runs a Runscope suite's JavaScript (initial, pre-request and post-response scripts) for
//! [`suite_engine`] inside QuickJS, a JavaScript interpreter that has nothing but what this
//! crate gives it: Runscope's script API.
//!
//! Two hosts run the same prelude (the API, written in JavaScript) under the same limits:
//! - [`WorkerScriptHost`], in the browser: QuickJS compiled to WebAssembly, in a dedicated
//!   Web Worker built from the page's own files (`sandbox/` beside `index.html`, made by the
//!   Trunk hook `worker/build.mjs`). The worker is started when a run first has a script, so a
//!   suite without scripts never downloads it.
//! - `NativeScriptHost` (cargo feature `native`), natively through rquickjs: for tests and
//!   native tools. Another crate's tests use it with
//!   `script-sandbox = { path = "../script-sandbox", features = ["native"] }` under
//!   `[dev-dependencies]`. The feature compiles QuickJS's C code and is refused on wasm.
//!
//! ```no_run
//! # async fn demo(suite: &suite_engine::Suite, env: &suite_engine::Environment,
//! #     transport: &impl suite_engine::Transport, clock: &impl suite_engine::Clock) {
//! use suite_engine::{RunOptions, Runner};
//! // Nothing is downloaded until the first script runs.
//! let scripts = script_sandbox::WorkerScriptHost::new();
//! let run = Runner::new(transport, clock).with_script_host(&scripts);
//! let _result = run.run(suite, env, &RunOptions::default()).await;
//! # }
//! ```
//!
//! # What a script sees
//! `variables.get/set` (values are stored as text), `request` (a pre-request script may
//! change `method`, `url`, `headers`, `params`, `form` and `body`; header, parameter and
//! form values are name → array of text, a lone value counts as a one-item array),
//! `response` (read-only; `headers` as name → array), `log(…)` and `console.*` (captured
//! in order), `assert` (Chai's assert interface, written here: see `prelude/assert.js`),
//! `encode_base64`, `decode_base64` (UTF-8 text), and `get_secret(name)` (the variable
//! `name`: in this runner secrets are variables). Besides these, only JavaScript's own
//! built-ins exist, and the libraries the script names.
//!
//! # Libraries
//! Runscope's libraries are pinned npm packages (the table in `src/libraries.rs`): Chai 4.5
//! (`expect`, `should`, `chai`), Underscore (`_`), Moment (`moment`), CryptoJS (`CryptoJS`),
//! Marked (`marked`) and tv4 (`tv4`). A library is evaluated in a script's runtime, after
//! the prelude and inside the script's limits, only when the script's text names one of its
//! globals as a whole word ([`suite_engine::script_library_globals_named`]); the prelude
//! (`prelude/libraries.js`) then records every `expect`/`should` assertion as `assert`
//! does, and installs `should` only for a script that names it. Natively the files are
//! compiled in from `node_modules/`; in the browser `worker/build.mjs` writes them minified,
//! each with its licence, to `sandbox/libraries/<key>-<hash>.js`, and the worker downloads
//! one the first time a job needs it (telling the page it is loading, so the page waits for
//! the download on top of the script's limit) and keeps it for later jobs. A suite that names
//! no library downloads none. `xml2json`, which Runscope has and npm offers only as a native
//! module, throws an error naming it, and the engine flags it before the run.
//!
//! # The sandbox
//! Closed by construction, not by filtering the source: QuickJS has no network, storage,
//! module loader, timers, workers or messaging, and this crate adds none, so no spelling of
//! `import(`, `eval`, `Function` or `fetch` reaches anything. Each script runs in a new
//! QuickJS runtime that is thrown away when it ends; what it queued (promise callbacks,
//! async loops) runs before its output is taken, inside its time limit, and nothing of it
//! reaches a later script, nor do changes to built-ins.
//!
//! # Limits
//! The time limit of the run options (QuickJS's interrupt handler; the page also terminates
//! a worker that does not answer shortly after); [`MEMORY_LIMIT_BYTES`] of memory, the
//! script's input included; [`STACK_LIMIT_BYTES`] of stack; input up to
//! [`INPUT_LIMIT_BYTES`]. Output is capped: 1 MB or 10,000 lines of log, 10,000 assertions
//! (2 MB of text, each message up to 4,000 characters), 8 MB or 10,000 variables set; a
//! note on the step says what was cut. A stopped script is reported as
//! [`suite_engine::ScriptError::Timeout`] or [`suite_engine::ScriptError::MemoryLimit`],
//! with what it logged, asserted and set before it was stopped.
#![deny(missing_docs)]

#[cfg(all(feature = "native", target_arch = "wasm32"))]
compile_error!("the `native` feature is for native builds; the browser uses WorkerScriptHost");

mod host;
mod libraries;
#[cfg(feature = "native")]
mod library_sources;
mod limits;
#[cfg(feature = "native")]
mod native;
#[cfg(feature = "native")]
mod prelude;
mod protocol;
mod worker;

pub use host::WorkerScriptHost;
pub use limits::{INPUT_LIMIT_BYTES, MEMORY_LIMIT_BYTES, STACK_LIMIT_BYTES};
#[cfg(feature = "native")]
pub use native::NativeScriptHost;
