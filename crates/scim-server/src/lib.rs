//! An in-memory SCIM 2.0 service provider (RFC 7643, RFC 7644) as Okta uses it, with
//! switchable [faults](Fault) that copy real servers' mistakes.
//!
//! The core is a plain value: [`ScimServer::handle`] takes a [`Request`] and the time and
//! returns a [`Response`]. No sockets, threads, clocks or OS randomness, so it builds for
//! `wasm32-unknown-unknown` (with `default-features = false`) and can be embedded in a page.
//! The `scim-server` binary (feature `server`, on by default) puts it behind HTTP and adds
//! [CORS](cors).
//!
//! ```
//! use scim_server::{Fault, Request, ScimServer, ServerOptions};
//!
//! let now_ms = 1_700_000_000_000;
//! let mut server = ScimServer::new(ServerOptions::default(), now_ms);
//! let create = Request::new("POST", "/scim/v2/Users")
//!     .with_header("Authorization", "Bearer secret-token")
//!     .with_body(r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"new@example.com"}"#);
//! assert_eq!(server.handle(&create, now_ms).status, 201);
//! assert_eq!(server.handle(&create, now_ms).status, 409);
//!
//! server.faults_mut().insert(Fault::DuplicatesAccepted);
//! assert_eq!(server.handle(&create, now_ms).status, 201);
//!
//! server.reset(now_ms);
//! assert_eq!(server.user_count(), 5);
//! ```

#![deny(missing_docs)]

pub mod cors;
mod discovery;
mod entitlements;
mod error;
mod fault_docs;
mod filter;
mod http;
mod ids;
mod list;
pub mod okta;
mod patch;
mod server;
mod store;
mod time;
mod user_state;

pub use entitlements::{ENTITLEMENT_SCHEMA, ROLE_SCHEMA};
pub use error::ERROR_SCHEMA;
pub use fault_docs::{faults_help, faults_markdown};
pub use http::{Request, Response};
pub use list::LIST_RESPONSE_SCHEMA;
pub use okta::{OktaEmulation, OktaOrg, OrgOptions, PushRecord, UpdateMethod};
pub use patch::PATCH_SCHEMA;
pub use scim_faults::{Fault, FaultInfo, Faults, ParseFaultError, FAULTS};
pub use server::{ScimServer, ServerOptions};

/// The core User schema URN.
pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
/// The core Group schema URN.
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
/// The Enterprise User extension schema URN.
pub const ENTERPRISE_SCHEMA: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/// The `Content-Type` of every SCIM response.
pub const SCIM_CONTENT_TYPE: &str = "application/scim+json";
/// The largest request body accepted; larger ones get 413. A host needs to read at most one
/// byte more than this.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
