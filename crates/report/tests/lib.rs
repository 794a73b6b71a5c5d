//! The report crate's tests, one binary: golden files for a fixed small result and a fixed
//! run of two tests, hostile strings, secrets, reading a report back, JUnit schema
//! validation and the share link's budget, the last three also with real runs of Okta's
//! SPEC suite, alone and with its Entitlements suite as a bucket of two tests, against the
//! reference server over HTTP.

mod bucket_run;
mod embedded;
mod escaping;
mod golden;
mod junit_schema;
mod link_budget;
mod properties;
mod secrets;
mod support;
