//! The `newsindex` binary: parse the command line, run it, map the result to an exit code.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Mutex;

use clap::Parser;
use newsindex::cli::commands::{run, Outcome};
use newsindex::cli::terminal::visible;
use newsindex::cli::Cli;

/// mimalloc: the recognizer makes many small allocations, and with glibc's allocator they
/// took a fifth of recognition time (benches/recognize.rs: 17 -> 29 MiB/s on BBC). Its v2
/// line (the `v2` feature) sets up faster than v3: a query process takes about 1 ms less,
/// with the same ingest time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The message of a panic, kept by the panic hook for `main` to report as one line.
static PANIC: Mutex<Option<String>> = Mutex::new(None);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let index = cli
        .index
        .clone()
        .unwrap_or_else(newsindex::index::default_dir);
    // A panic is a bug or damaged index data read by tantivy: report it as one error line,
    // not a backtrace, and exit 2 like any other error.
    std::panic::set_hook(Box::new(|info| {
        let message = match (
            info.payload().downcast_ref::<&str>(),
            info.payload().downcast_ref::<String>(),
        ) {
            (Some(s), _) => s.to_string(),
            (_, Some(s)) => s.clone(),
            _ => "unknown panic".to_string(),
        };
        let at = info
            .location()
            .map(|l| format!(" at {l}"))
            .unwrap_or_default();
        if let Ok(mut slot) = PANIC.lock() {
            slot.get_or_insert(format!("{message}{at}"));
        }
    }));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run(cli, &mut out).and_then(|outcome| {
            out.flush()?;
            Ok(outcome)
        })
    }));
    match result {
        Ok(Ok(Outcome::Success)) => ExitCode::SUCCESS,
        Ok(Ok(Outcome::NoMatch)) => ExitCode::from(1),
        Ok(Ok(Outcome::Skipped)) => ExitCode::from(2),
        Ok(Err(e)) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("error: {}", visible(&format!("{e:#}")));
            ExitCode::from(2)
        }
        Err(_) => {
            let message = PANIC
                .lock()
                .ok()
                .and_then(|m| m.clone())
                .unwrap_or_default();
            eprintln!(
                "error: internal error ({}); if the index is damaged, `newsindex --index {} check` names the damaged files, and deleting the directory and ingesting again rebuilds it",
                visible(&message),
                index.display()
            );
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
