//! The suite engine: loads Runscope test exports and runs them.
