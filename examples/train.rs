//! Trains the recognizer's tagger and writes the model the binary embeds.
//!
//!     T=../shared/data/train
//!     cargo run --release --example train -- $T/gum_train.jsonl $T/uner_ewt.jsonl $T/uner_pud.jsonl $T/wikigold.jsonl
//!
//! (The Broad Twitter Corpus in the same folder is left out: with it, 5-fold cross-validation
//! on the other genres gave typed F1 0.749 against 0.752 without, and a third of its names
//! are in lower case, which the tagger never tags. `--train-only $T/btc.jsonl` measures it.)
//!
//! writes `data/model/ner.bin` (or `--out FILE`). With `--cv K` it first reports K-fold
//! cross-validation by document over the same files (exact name spans, tagger alone).
//! `--epochs N` and `--min-count N` change the training options; `--train-only FILE` adds
//! documents that every fold trains on but none is tested on; `--errors-on FILE` trains on
//! the other documents and lists the tagger's errors on that file.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use newsindex::entities::gazetteer::Gazetteer;
use newsindex::entities::training::{
    evaluate, read_jsonl, train, AnnotatedDoc, Scores, TrainOptions,
};

fn main() -> Result<()> {
    let mut files = Vec::new();
    let mut out = PathBuf::from("data/model/ner.bin");
    let mut folds = 0usize;
    let mut held_out: Option<PathBuf> = None;
    let mut extra_files: Vec<PathBuf> = Vec::new();
    let mut options = TrainOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--out" => out = PathBuf::from(value()?),
            "--cv" => folds = value()?.parse()?,
            "--errors-on" => held_out = Some(PathBuf::from(value()?)),
            "--train-only" => extra_files.push(PathBuf::from(value()?)),
            "--epochs" => options.epochs = value()?.parse()?,
            "--min-count" => options.min_count = value()?.parse()?,
            _ => files.push(PathBuf::from(arg)),
        }
    }
    if files.is_empty() {
        bail!(
            "usage: train FILE.jsonl... [--out FILE] [--cv K] [--epochs N] [--min-count N] \
             [--train-only FILE] [--errors-on FILE]"
        );
    }
    let mut docs: Vec<AnnotatedDoc> = Vec::new();
    for f in &files {
        docs.extend(read_jsonl(f)?);
    }
    // documents that are trained on in every fold but never tested on
    let mut extra: Vec<AnnotatedDoc> = Vec::new();
    for f in &extra_files {
        extra.extend(read_jsonl(f)?);
    }
    let paragraphs: usize = docs.iter().map(|d| d.paragraphs.len()).sum();
    let names: usize = docs
        .iter()
        .flat_map(|d| &d.paragraphs)
        .map(|p| p.names.len())
        .sum();
    eprintln!(
        "{} documents, {paragraphs} paragraphs, {names} names",
        docs.len()
    );
    let gaz = Gazetteer::build(&[]);
    if folds > 1 {
        let mut total = Scores::default();
        let mut by_genre: std::collections::BTreeMap<String, Scores> = Default::default();
        for fold in 0..folds {
            let (test, training): (Vec<_>, Vec<_>) = docs
                .iter()
                .enumerate()
                .partition(|(i, _)| i % folds == fold);
            let training: Vec<AnnotatedDoc> = training
                .into_iter()
                .map(|(_, d)| d.clone())
                .chain(extra.iter().cloned())
                .collect();
            let test: Vec<AnnotatedDoc> = test.into_iter().map(|(_, d)| d.clone()).collect();
            let model = train(&training, &gaz, options);
            let scores = evaluate(&model, &gaz, &test);
            eprintln!("fold {fold}: typed F1 {:.3}", scores.typed.f1());
            total.merge(&scores);
            for doc in &test {
                by_genre
                    .entry(doc.genre.clone())
                    .or_default()
                    .merge(&evaluate(&model, &gaz, std::slice::from_ref(doc)));
            }
        }
        for (genre, s) in &by_genre {
            let t = s.typed;
            eprintln!(
                "cv {genre:16} P {:.3} R {:.3} F1 {:.3}",
                t.precision(),
                t.recall(),
                t.f1()
            );
        }
        for (name, c) in ["person", "place", "org"].iter().zip(total.kinds) {
            eprintln!(
                "cv {name:7} P {:.3} R {:.3} F1 {:.3}",
                c.precision(),
                c.recall(),
                c.f1()
            );
        }
        let t = total.typed;
        eprintln!(
            "cv typed   P {:.3} R {:.3} F1 {:.3}",
            t.precision(),
            t.recall(),
            t.f1()
        );
    }
    if let Some(path) = held_out {
        // train on the others, then list what the tagger gets wrong in this file
        let test = read_jsonl(&path)?;
        let ids: std::collections::HashSet<&str> = test.iter().map(|d| d.id.as_str()).collect();
        let training: Vec<AnnotatedDoc> = docs
            .iter()
            .filter(|d| !ids.contains(d.id.as_str()))
            .cloned()
            .collect();
        let model = train(&training, &gaz, options);
        for doc in &test {
            let found = newsindex::entities::training::tag_spans(&model, &gaz, doc);
            for (p, found) in doc.paragraphs.iter().zip(found) {
                for n in &p.names {
                    if !found.contains(n) {
                        println!(
                            "miss  {:6} {:30} | {}",
                            n.2.as_str(),
                            &p.text[n.0..n.1],
                            p.text
                        );
                    }
                }
                for n in &found {
                    if !p.names.contains(n) {
                        println!(
                            "extra {:6} {:30} | {}",
                            n.2.as_str(),
                            &p.text[n.0..n.1],
                            p.text
                        );
                    }
                }
            }
        }
        let s = evaluate(&model, &gaz, &test);
        eprintln!("held out {}: typed F1 {:.3}", path.display(), s.typed.f1());
        return Ok(());
    }
    let started = Instant::now();
    docs.extend(extra);
    let model = train(&docs, &gaz, options);
    let bytes = model.to_bytes();
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "trained in {:.1} s: {} features, {:.1} MB -> {}",
        started.elapsed().as_secs_f64(),
        model.num_features(),
        bytes.len() as f64 / 1e6,
        out.display()
    );
    Ok(())
}
