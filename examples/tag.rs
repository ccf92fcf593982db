//! Prints what the tagger alone finds in each paragraph (before article-level resolution),
//! then the resolved mentions, for debugging: `cargo run --example tag -- [--model FILE] FILE`.

use anyhow::{Context, Result};
use newsindex::entities::model::Model;
use newsindex::entities::training::{tag_spans, AnnotatedDoc, AnnotatedParagraph};
use newsindex::entities::{embedded_model, Recognizer};

fn main() -> Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let model: &'static Model = match args.iter().position(|a| a == "--model") {
        Some(i) => {
            let path = args.remove(i + 1);
            args.remove(i);
            let bytes = std::fs::read(&path).with_context(|| format!("reading {path}"))?;
            Box::leak(Box::new(Model::from_bytes(&bytes)?))
        }
        None => embedded_model(),
    };
    let path = args.first().context("usage: tag [--model FILE] FILE")?;
    let text = std::fs::read_to_string(path)?;
    let paras = newsindex::ingest::paragraph::split_paragraphs(&text);
    let doc = AnnotatedDoc {
        id: path.clone(),
        genre: String::new(),
        paragraphs: paras
            .iter()
            .map(|p| AnnotatedParagraph {
                text: p.text.clone(),
                names: Vec::new(),
            })
            .collect(),
    };
    let recognizer = Recognizer::with_model(&[], model);
    let gaz = Recognizer::new(&[]).gazetteer;
    let tagged = tag_spans(model, &gaz, &doc);
    let texts: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
    for ((p, spans), mentions) in paras.iter().zip(tagged).zip(recognizer.recognize(&texts)) {
        let raw: Vec<String> = spans
            .iter()
            .map(|&(a, b, k)| format!("{k}[{}]", &p.text[a..b]))
            .collect();
        let resolved: Vec<String> = mentions
            .iter()
            .map(|m| format!("{}:{} [{}]", m.kind, m.name, &p.text[m.start..m.end]))
            .collect();
        println!("{:>2} tagged:   {}", p.position, raw.join(" | "));
        println!("   resolved: {}", resolved.join(" | "));
    }
    Ok(())
}
