//! The engine's integration tests, one binary (as jiff does): each module is a concern.

mod servers;
mod support;

mod cancel;
mod corpus;
mod hosts;
mod iterations;
mod load;
mod masking;
mod no_panic;
mod okta;
mod okta_bearer;
mod problems;
mod roundtrip;
mod run;
mod secrets;
mod shapes;
mod summary;
mod variables;
