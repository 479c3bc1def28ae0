//! keygate finds secrets (cloud keys, `.env` values, private keys, API
//! tokens) in files and in what is about to be committed, so that they never
//! reach a git history.
//!
//! The library is the detection core plus the sources that feed it; the
//! `keygate` binary adds the command line, reporters and hook management.
//! Data flows one way: a source yields [`source::Blob`]s, the pure
//! [`detect::Detector`] turns each into [`finding::Finding`]s, and a reporter
//! prints them.
//!
//! ```
//! use keygate::{detect::Detector, rules::RuleSet, source::{Blob, Origin}};
//!
//! let detector = Detector::new(RuleSet::builtin().unwrap());
//! // Assembled from parts so that this file never holds a key-shaped literal.
//! let line = format!("aws_access_key_id = {}{}", "AKIA", "QYLPMN5HFBYKQ3DW");
//! let blob = Blob::new(Origin::file("config.ini"), line.as_bytes());
//! let findings = detector.scan(&blob);
//! assert_eq!(findings[0].rule_id, "aws-access-key-id");
//! assert_eq!((findings[0].line, findings[0].column), (1, 21));
//! ```
#![deny(missing_docs)]

pub mod baseline;
pub mod config;
pub mod detect;
pub mod dotenv;
pub mod fake;
pub mod finding;
pub mod location;
pub mod notebook;
pub mod rules;
pub mod source;
pub mod verify;
