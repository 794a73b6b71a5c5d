//! An in-memory SCIM 2.0 service provider.
