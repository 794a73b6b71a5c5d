//! The limits every script runs under, the same in both hosts. The prelude's output caps
//! (log, assertions, variables) are in `prelude/api.js`.

/// The most memory a script's QuickJS runtime may hold: the prelude, what the script is
/// given (the response body above all) and what it allocates.
pub const MEMORY_LIMIT_BYTES: usize = 128 * 1024 * 1024;

/// The most stack QuickJS may use; deeper recursion throws a RangeError. Small, because in
/// the browser the WebAssembly engine's own stack must not run out first.
pub const STACK_LIMIT_BYTES: usize = 256 * 1024;

/// The most text a script may be given (its source, variables, request and response, as
/// JSON). A larger response is not handed to a script at all: it would not fit in its memory.
pub const INPUT_LIMIT_BYTES: usize = 16 * 1024 * 1024;

/// After a script is stopped at its time limit, the prelude gets this long to write out what
/// the script did.
pub(crate) const FINISH_GRACE_MS: u64 = 500;
