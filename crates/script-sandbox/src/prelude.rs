//! The prelude: Runscope's script API, written in JavaScript, evaluated in every new QuickJS
//! context before the script. Both hosts evaluate this same text: the native host from this
//! constant, the browser's worker from a copy that `worker/build.mjs` joins from the files
//! listed here, in this order.

/// The prelude's text. Evaluating it returns the host's handles `{ begin, finish, release }`;
/// see `prelude/api.js`.
pub const PRELUDE: &str = concat!(
    include_str!("prelude/head.js"),
    include_str!("prelude/intrinsics.js"),
    include_str!("prelude/inspect.js"),
    include_str!("prelude/assert.js"),
    include_str!("prelude/helpers.js"),
    include_str!("prelude/libraries.js"),
    include_str!("prelude/api.js"),
    include_str!("prelude/tail.js"),
);
