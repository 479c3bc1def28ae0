//! keygate finds secrets (cloud keys, `.env` values, private keys, API
//! tokens) in files and in what is about to be committed, so that they never
//! reach a git history.
//!
//! Data flows one way: sources ([`source`]) read bytes, the pipeline
//! ([`pipeline`]) hands them as [`blob::Blob`]s to the pure
//! [`detect::Detector`], which turns each into [`finding::Finding`]s, and a
//! reporter ([`report`]) prints them; the command layer ([`cmd`]) wires one
//! command's arguments to that. `ARCHITECTURE.md` at the repository root
//! maps every module and the direction of its imports.
//!
//! ```
//! use keygate::{blob::{Blob, Origin}, detect::Detector, rules::RuleSet};
//!
//! let detector = Detector::new(RuleSet::builtin().unwrap());
//! // Assembled from parts so that this file never holds a key-shaped literal.
//! let line = format!("aws_access_key_id = {}{}", "AKIA", "QYLPMN5HFBYKQ3DW");
//! let blob = Blob::new(Origin::file("config.ini"), line.as_bytes());
//! let findings = detector.scan(&blob);
//! assert_eq!(findings[0].rule_id(), "aws-access-key-id");
//! assert_eq!((findings[0].line, findings[0].column), (1, 21));
//! ```
#![deny(missing_docs)]

pub mod atomic;
pub mod baseline;
pub mod blob;
pub mod checksum;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod detect;
pub mod dotenv;
pub mod fake;
pub mod finding;
pub mod hook;
pub mod location;
pub mod notebook;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod shell;
pub mod source;
pub mod verify;
