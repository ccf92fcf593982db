//! Prints the entities of each paragraph of a text file: `cargo run --example recognize FILE`.
fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "data/000_c5fd127ae03c9c49.txt".into());
    let text = std::fs::read_to_string(&path)?;
    let paras = newsindex::ingest::paragraph::split_paragraphs(&text);
    let texts: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
    let r = newsindex::entities::Recognizer::new(&[]);
    for (p, mentions) in paras.iter().zip(r.recognize(&texts)) {
        let list: Vec<String> = mentions
            .iter()
            .map(|m| format!("{}:{} [{}]", m.kind, m.name, &p.text[m.start..m.end]))
            .collect();
        println!("{:>2}: {}", p.position, list.join(" | "));
    }
    Ok(())
}
