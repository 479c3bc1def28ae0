//! End-to-end tests: real git repositories in temp dirs, the real keygate
//! binary, the real git CLI and real hook installs. One test binary.

mod corpus;
mod fake;
mod harness;
mod history;
mod hook;
mod hostile;
mod properties;
mod sarif;
mod scan;
mod server;
mod staged;
mod ux;
