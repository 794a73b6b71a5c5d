//! HTTP-level tests: each starts the real `scim-server` binary on 127.0.0.1 with `--port 0`,
//! reads its URL from the first line of stdout and sends real requests, by hand or by
//! running Okta's suites with `suite-engine`.
//!
//! One integration binary (this file and its submodules), so there is one link step.

mod cors;
mod endpoints;
mod engine;
mod entitlements;
mod errors;
mod fault_table;
mod faults;
mod in_process;
mod okta_crud;
mod okta_org;
mod okta_spec;
mod support;
