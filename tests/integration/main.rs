//! End-to-end tests: real git repositories in temp dirs, the real keygate
//! binary, the real git CLI and real hook installs. One test binary.

mod architecture;
mod corpus;
mod fake;
mod gitlab;
mod harness;
mod history;
mod hook;
mod hostile;
mod hostile2;
mod properties;
mod sarif;
mod scan;
mod server;
mod staged;
mod user_rules;
mod ux;
mod verify_cli;
