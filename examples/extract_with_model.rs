//! `newsindex extract --json` with a model file in place of the embedded model, to score a
//! freshly trained model before it is embedded:
//!
//!     cargo run --release --example extract_with_model -- /tmp/ner.bin ARTICLES.jsonl > out.jsonl
//!     python3 ../shared/tools/score_entities.py GOLD.jsonl out.jsonl

use std::io::Write;

use anyhow::{Context, Result};
use newsindex::cli::output::{extract_json, print_json};
use newsindex::entities::model::Model;
use newsindex::entities::Recognizer;
use newsindex::ingest::article::{Input, Inputs, Record};
use newsindex::ingest::pipeline::analyze;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let model_path = args
        .next()
        .context("usage: extract_with_model MODEL INPUT...")?;
    let bytes = std::fs::read(&model_path).with_context(|| format!("reading {model_path}"))?;
    let model: &'static Model = Box::leak(Box::new(Model::from_bytes(&bytes)?));
    let recognizer = Recognizer::with_model(&[], model);
    let inputs = args.map(|a| Input::Path(a.into())).collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for record in Inputs::new(inputs) {
        if let Record::Article(article, _) = record {
            for line in extract_json(&analyze(&recognizer, article)) {
                print_json(&mut out, &line)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
