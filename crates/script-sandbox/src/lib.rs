//! Runs a Runscope suite's JavaScript (initial, pre-request and post-response scripts) for
//! [`suite_engine`] in the browser, in a sandboxed dedicated Web Worker.
//!
//! ```no_run
//! # async fn demo(suite: &suite_engine::Suite, env: &suite_engine::Environment,
//! #     transport: &impl suite_engine::Transport, clock: &impl suite_engine::Clock) {
//! use suite_engine::{RunOptions, Runner};
//! match script_sandbox::WorkerScriptHost::new() {
//!     Ok(scripts) => {
//!         let run = Runner::new(transport, clock).with_script_host(&scripts);
//!         let _result = run.run(suite, env, &RunOptions::default()).await;
//!     }
//!     // Run without scripts (`NoScriptHost`) and tell the user why.
//!     Err(e) => println!("{e}"),
//! }
//! # }
//! ```
//!
//! # What a script sees
//! `variables.get/set` (values are stored as text), `request` (a pre-request script may
//! change `method`, `url`, `headers`, `params`, `form` and `body`; header, parameter and
//! form values are name → array of text, a lone value counts as a one-item array),
//! `response` (read-only; `headers` as name → array), `log(…)` and `console.*` (captured
//! in order), `assert` (Chai's assert interface, written here: see `js/assert.js`),
//! `encode_base64`, `decode_base64` (UTF-8 text), and `get_secret(name)` (the variable
//! `name`: in this runner secrets are variables). Underscore, Moment, CryptoJS and Marked
//! are not bundled: touching `_`, `moment`, `CryptoJS` or `marked` throws an error naming
//! the library.
//!
//! # The sandbox
//! The worker starts from a `blob:` URL of JavaScript embedded in the wasm, so the page
//! needs no extra file. Before any script runs, it deletes every global but the JavaScript
//! built-ins and a few harmless web ones (`console`, `atob`, `btoa`, `TextEncoder`,
//! `TextDecoder`, `URL`, `URLSearchParams`, `crypto`); network and storage APIs (`fetch`,
//! `XMLHttpRequest`, `WebSocket`, `EventSource`, `importScripts`, `indexedDB`, `caches`,
//! `BroadcastChannel`, `Worker`, …) throw a clear error, and `postMessage` and `close`
//! are gone, so only the runner, which captured them first, talks to the page. Workers have
//! no `document`, `window` or `localStorage`. A script naming `import(` is refused, as is
//! code handed to `eval` or `Function` that does. After each script the runner restores
//! the globals and built-in prototypes a script changed; when it cannot (a script froze
//! one), the page replaces the worker. Scripts are synchronous: there are no timers.
//!
//! A page's Content Security Policy applies to the worker too: it needs `worker-src blob:`
//! (or `script-src blob:`) and `'unsafe-eval'` in `script-src`.
#![deny(missing_docs)]

mod host;
mod protocol;
mod worker;

pub use host::{SandboxUnavailable, WorkerScriptHost};
