//! The `newsindex` binary: parse the command line, run it, map the result to an exit code.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use newsindex::app::{run, Outcome};
use newsindex::cli::Cli;

/// mimalloc: the recognizer makes many small allocations, and with glibc's allocator they
/// took a fifth of recognition time (benches/recognize.rs: 17 -> 29 MiB/s on BBC). Its v2
/// line (the `v2` feature) sets up faster than v3: a query process takes about 1 ms less,
/// with the same ingest time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = run(cli, &mut out).and_then(|outcome| {
        out.flush()?;
        Ok(outcome)
    });
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::NoMatch) => ExitCode::from(1),
        Ok(Outcome::Skipped) => ExitCode::from(2),
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// A closed pipe (`newsindex query x | head`) is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
