//! Sources read bytes: a directory walk, the git index, commit ranges and
//! history. They yield paths, blob ids and contents with the lines a change
//! adds, and count what they pass over; they know nothing of rules or
//! findings (the pipeline hands what they read to the detector).

pub mod changeset;
pub mod commits;
pub mod git;
pub mod history;
pub mod index;
pub mod push;
pub mod staged;
pub mod walk;
