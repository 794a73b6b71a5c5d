//! The engine's integration tests, one binary (as jiff does): each module is a concern.

mod servers;
mod support;

mod cancel;
mod hosts;
mod load;
mod masking;
mod no_panic;
mod okta;
mod roundtrip;
mod run;
mod secrets;
