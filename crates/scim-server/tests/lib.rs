//! HTTP-level tests: each starts the real `scim-server` binary on 127.0.0.1 with `--port 0`,
//! reads its URL from the first line of stdout and sends real requests.
//!
//! One integration binary (this file and its submodules), so there is one link step.

mod cors;
mod endpoints;
mod errors;
mod faults;
mod okta;
mod support;
