//! The report crate's tests, one binary: golden files for a fixed small result, hostile
//! strings, secrets, reading a report back, JUnit schema validation and the share link's
//! budget, the last three also with real runs of Okta's SPEC suite against the reference
//! server over HTTP.

mod embedded;
mod escaping;
mod golden;
mod junit_schema;
mod link_budget;
mod properties;
mod secrets;
mod support;
