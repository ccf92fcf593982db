//! A log of the costly steps a command takes, for tests and for users who wonder where the
//! time goes: with `NEWSINDEX_TRACE=1` in the environment, each step prints one line to
//! standard error (`trace: names grouped`, `trace: catalog loaded`). Without it, a step
//! costs one load of a boolean.
//!
//! The steps are those that a read must never need (grouping the archive's names, parsing
//! the gazetteers, loading the recognizer's model) and how the catalog was opened, so that a
//! test can tell a query that read the stored catalog from one that rebuilt it.

use std::sync::LazyLock;

/// The environment variable that turns the log on.
pub const VAR: &str = "NEWSINDEX_TRACE";

static ON: LazyLock<bool> =
    LazyLock::new(|| std::env::var_os(VAR).is_some_and(|v| !v.is_empty() && v != "0"));

/// Records that `step` happened.
pub fn step(step: &str) {
    if *ON {
        eprintln!("trace: {step}");
    }
}
