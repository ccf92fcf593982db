//! Training the tagger: an averaged structured perceptron over BILOU tags, decoded with
//! Viterbi, on annotated text (`../shared/data/train/*.jsonl`; see `examples/train.rs`).
//!
//! Each annotated paragraph is turned into the text the recognizer would see (the corpus's
//! own text where its tokens can be found in it, else the tokens joined the way text is
//! written: no space before a comma or after an opening bracket). The recognizer's own
//! tokenizer, gazetteer, rules and [`super::features`] then make exactly the features that
//! tagging makes, and the gold names are moved onto those tokens by their byte spans.
//!
//! Training is deterministic: the same files and options give the same model, byte for byte
//! (documents are shuffled by a fixed-seed generator, and every sum is taken in one order).

use std::path::Path;

use anyhow::{Context, Result};
use rustc_hash::FxHashMap;
use serde::Deserialize;

use super::features::{ArticleWords, Paragraph, WordCache};
use super::gazetteer::Gazetteer;
use super::model::{constrained, tags_of, viterbi_into, Model, Row, BOUNDARY, TAGS};
use super::tagger::Tagger;
use super::Kind;

/// A name in a paragraph: bytes `start..end` of its text.
pub type Span = (usize, usize, Kind);

/// An annotated paragraph: its text and the names in it.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnotatedParagraph {
    pub text: String,
    pub names: Vec<Span>,
}

/// An annotated document (an article, a tweet, a Wikipedia page...).
#[derive(Debug, Clone, PartialEq)]
pub struct AnnotatedDoc {
    pub id: String,
    pub genre: String,
    pub paragraphs: Vec<AnnotatedParagraph>,
}

#[derive(Deserialize)]
struct RawDoc {
    id: String,
    #[serde(default)]
    genre: String,
    paragraphs: Vec<RawParagraph>,
}

#[derive(Deserialize)]
struct RawParagraph {
    text: String,
    tokens: Vec<String>,
    labels: Vec<String>,
    #[serde(default)]
    offsets: Option<Vec<(usize, usize)>>,
}

/// Reads a training file: one document a line, BIO labels over tokens (see the shared
/// `train/README.md`).
pub fn read_jsonl(path: &Path) -> Result<Vec<AnnotatedDoc>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| {
            let raw: RawDoc = serde_json::from_str(line).with_context(|| {
                format!("{}:{}: not a training document", path.display(), i + 1)
            })?;
            Ok(annotate(raw))
        })
        .collect()
}

fn annotate(raw: RawDoc) -> AnnotatedDoc {
    let paragraphs = raw
        .paragraphs
        .into_iter()
        .filter(|p| p.tokens.len() == p.labels.len() && !p.tokens.is_empty())
        .map(|p| {
            let (text, offsets) = place_tokens(&p);
            let names = names_of(&p.labels)
                .into_iter()
                .map(|(a, b, kind)| (offsets[a].0, offsets[b - 1].1, kind))
                .collect();
            AnnotatedParagraph { text, names }
        })
        .collect();
    AnnotatedDoc {
        id: raw.id,
        genre: raw.genre,
        paragraphs,
    }
}

/// The names of BIO labels, as token ranges (an `I-` that follows no name of its kind
/// starts one).
fn names_of(labels: &[String]) -> Vec<(usize, usize, Kind)> {
    let kind_of = |label: &str| match label.split_once('-').map(|(_, k)| k) {
        Some("PERSON") => Some(Kind::Person),
        Some("PLACE") => Some(Kind::Place),
        Some("ORG") => Some(Kind::Org),
        _ => None,
    };
    let mut out = Vec::new();
    let mut open: Option<(usize, Kind)> = None;
    for (i, label) in labels.iter().enumerate() {
        let kind = kind_of(label);
        let continues = label.starts_with("I-") && open.is_some_and(|(_, k)| Some(k) == kind);
        if continues {
            continue;
        }
        if let Some((a, k)) = open.take() {
            out.push((a, i, k));
        }
        if let Some(k) = kind {
            open = Some((i, k));
        }
    }
    if let Some((a, k)) = open {
        out.push((a, labels.len(), k));
    }
    out
}

/// The paragraph's text and each token's byte span in it: the corpus's character offsets
/// when it has them, else the tokens found in order in its text, else the tokens joined
/// as text is written.
fn place_tokens(p: &RawParagraph) -> (String, Vec<(usize, usize)>) {
    if let Some(offsets) = &p.offsets {
        let bytes: Vec<usize> = p
            .text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(p.text.len()))
            .collect();
        let spans: Option<Vec<(usize, usize)>> = offsets
            .iter()
            .map(|&(a, b)| Some((*bytes.get(a)?, *bytes.get(b)?)))
            .collect();
        if let Some(spans) = spans.filter(|s| s.len() == p.tokens.len()) {
            return (p.text.clone(), spans);
        }
    }
    let spaced = p.tokens.join(" ");
    if p.text != spaced {
        if let Some(spans) = find_in_order(&p.text, &p.tokens) {
            return (p.text.clone(), spans);
        }
    }
    detokenize(&p.tokens)
}

fn find_in_order(text: &str, tokens: &[String]) -> Option<Vec<(usize, usize)>> {
    let mut at = 0;
    let mut out = Vec::with_capacity(tokens.len());
    for t in tokens {
        let rest = &text[at..];
        let skip = rest.len() - rest.trim_start().len();
        let from = at + skip;
        if !text[from..].starts_with(t.as_str()) {
            return None;
        }
        out.push((from, from + t.len()));
        at = from + t.len();
    }
    Some(out)
}

/// Tokens joined the way text is written: no space before closing punctuation and
/// possessive endings, none after opening brackets and quotes.
pub fn detokenize(tokens: &[String]) -> (String, Vec<(usize, usize)>) {
    const NO_SPACE_BEFORE: &[&str] = &[
        ",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'S", "’s", "n't", "'re", "'ve",
        "'ll", "'d", "'m", "...", "…", "”", "’", "''",
    ];
    const NO_SPACE_AFTER: &[&str] = &["(", "[", "{", "$", "“", "‘", "``", "#", "@"];
    let mut text = String::new();
    let mut spans = Vec::with_capacity(tokens.len());
    let mut quote_open = false;
    let mut glue_next = true;
    for t in tokens {
        let t = t.as_str();
        let mut glue = glue_next || NO_SPACE_BEFORE.contains(&t);
        glue_next = NO_SPACE_AFTER.contains(&t);
        if t == "\"" {
            if quote_open {
                glue = true;
            } else {
                glue_next = true;
            }
            quote_open = !quote_open;
        }
        if !glue {
            text.push(' ');
        }
        spans.push((text.len(), text.len() + t.len()));
        text.push_str(t);
    }
    (text, spans)
}

/// Training options.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Features seen fewer times than this are left out of the model.
    pub min_count: u32,
    /// Seeds the order in which documents are visited.
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 10,
            min_count: 2,
            seed: 20_261_130,
        }
    }
}

/// A run of tokens to tag, with its features and gold tags.
struct Instance {
    /// Feature ids of all tokens, back to back: token k's are `features[starts[k]..starts[k + 1]]`.
    features: Vec<u32>,
    starts: Vec<u32>,
    gold: Vec<usize>,
}

impl Instance {
    fn token(&self, k: usize) -> &[u32] {
        &self.features[self.starts[k] as usize..self.starts[k + 1] as usize]
    }
}

/// The gold names of a paragraph as token ranges of its prepared form.
fn token_spans(p: &Paragraph, names: &[Span]) -> Vec<(usize, usize, Kind)> {
    let tokens = &p.words.tokens;
    names
        .iter()
        .filter_map(|&(s, e, kind)| {
            let a = tokens.iter().position(|t| t.end > s && t.start < e)?;
            let b = tokens.iter().rposition(|t| t.end > s && t.start < e)? + 1;
            Some((a, b, kind))
        })
        .collect()
}

/// A small deterministic generator (xorshift64*), for shuffling.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Trains a model on annotated documents.
pub fn train(docs: &[AnnotatedDoc], gaz: &Gazetteer, options: TrainOptions) -> Model {
    // every window of every paragraph, with its features as ids and their counts
    let mut cache = WordCache::default();
    let mut ids: FxHashMap<u64, u32> = FxHashMap::default();
    let mut hashes: Vec<u64> = Vec::new();
    let mut counts: Vec<u32> = Vec::new();
    let mut instances = Vec::new();
    let mut features = Vec::with_capacity(64);
    for doc in docs {
        let prepared: Vec<Paragraph> = doc
            .paragraphs
            .iter()
            .map(|p| Paragraph::new(&p.text, gaz, &mut cache))
            .collect();
        let article = ArticleWords::of(&prepared, &cache);
        for (p, annotated) in prepared.iter().zip(&doc.paragraphs) {
            let spans = token_spans(p, &annotated.names);
            for segment in p.segments() {
                let clipped: Vec<(usize, usize, Kind)> = spans
                    .iter()
                    .filter_map(|&(a, b, k)| {
                        let (a, b) = (a.max(segment.start), b.min(segment.end));
                        (a < b).then(|| (a - segment.start, b - segment.start, k))
                    })
                    .collect();
                let mut instance = Instance {
                    features: Vec::new(),
                    starts: vec![0],
                    gold: tags_of(&clipped, segment.len()),
                };
                for i in segment {
                    features.clear();
                    p.features(i, &cache, &article, &mut features);
                    for &f in &features {
                        let id = *ids.entry(f).or_insert_with(|| {
                            hashes.push(f);
                            counts.push(0);
                            (hashes.len() - 1) as u32
                        });
                        counts[id as usize] += 1;
                        instance.features.push(id);
                    }
                    instance.starts.push(instance.features.len() as u32);
                }
                instances.push(instance);
            }
        }
    }
    // rare features out
    let mut kept: Vec<u64> = Vec::new();
    let remap: Vec<u32> = counts
        .iter()
        .zip(&hashes)
        .map(|(&c, &h)| {
            if c >= options.min_count {
                kept.push(h);
                (kept.len() - 1) as u32
            } else {
                u32::MAX
            }
        })
        .collect();
    for instance in &mut instances {
        for f in &mut instance.features {
            *f = remap[*f as usize];
        }
    }

    let n = kept.len();
    let mut weights = vec![0f32; n * TAGS];
    let mut totals = vec![0f64; n * TAGS];
    let mut transitions = [[0f32; TAGS + 1]; TAGS + 1];
    let mut transition_totals = [[0f64; TAGS + 1]; TAGS + 1];
    let mut step = 1f64;
    let mut rng = Rng(options.seed | 1);
    let mut order: Vec<usize> = (0..instances.len()).collect();
    let mut emissions: Vec<Row> = Vec::new();
    let (mut back, mut predicted) = (Vec::new(), Vec::new());
    for _ in 0..options.epochs {
        rng.shuffle(&mut order);
        for &at in &order {
            let instance = &instances[at];
            let len = instance.gold.len();
            emissions.clear();
            for k in 0..len {
                let mut row = [0f32; TAGS];
                for &f in instance.token(k) {
                    if f != u32::MAX {
                        let w = &weights[f as usize * TAGS..][..TAGS];
                        for (s, x) in row.iter_mut().zip(w) {
                            *s += x;
                        }
                    }
                }
                emissions.push(row);
            }
            viterbi_into(
                &emissions,
                &constrained(&transitions),
                &mut back,
                &mut predicted,
            );
            if predicted != instance.gold {
                for (k, (&g, &p)) in instance.gold.iter().zip(&predicted).enumerate() {
                    if g == p {
                        continue;
                    }
                    for &f in instance.token(k) {
                        if f == u32::MAX {
                            continue;
                        }
                        let base = f as usize * TAGS;
                        weights[base + g] += 1.0;
                        totals[base + g] += step;
                        weights[base + p] -= 1.0;
                        totals[base + p] -= step;
                    }
                }
                for k in 0..=len {
                    let before = |tags: &[usize]| if k == 0 { BOUNDARY } else { tags[k - 1] };
                    let after = |tags: &[usize]| if k == len { BOUNDARY } else { tags[k] };
                    let gold = (before(&instance.gold), after(&instance.gold));
                    let pred = (before(&predicted), after(&predicted));
                    if gold != pred {
                        transitions[gold.0][gold.1] += 1.0;
                        transition_totals[gold.0][gold.1] += step;
                        transitions[pred.0][pred.1] -= 1.0;
                        transition_totals[pred.0][pred.1] -= step;
                    }
                }
            }
            step += 1.0;
        }
    }
    // the average of the weights over every step
    let average = |w: f32, total: f64| (f64::from(w) - total / step) as f32;
    let mut rows = Vec::new();
    for (i, &hash) in kept.iter().enumerate() {
        let mut row = [0f32; TAGS];
        for t in 0..TAGS {
            row[t] = average(weights[i * TAGS + t], totals[i * TAGS + t]);
        }
        if row.iter().any(|w| w.abs() > 1e-3) {
            rows.push((hash, row));
        }
    }
    let mut averaged = [[0f32; TAGS + 1]; TAGS + 1];
    for a in 0..=TAGS {
        for b in 0..=TAGS {
            averaged[a][b] = average(transitions[a][b], transition_totals[a][b]);
        }
    }
    Model::new(rows, averaged)
}

/// The names the tagger alone (no article-level resolution) finds in each paragraph of a
/// document, as byte spans.
pub fn tag_spans(model: &Model, gaz: &Gazetteer, doc: &AnnotatedDoc) -> Vec<Vec<Span>> {
    let texts: Vec<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
    let tagger = Tagger {
        model,
        gazetteer: gaz,
    };
    tagger.tag_article(&texts, |prepared, _, tagged| {
        prepared
            .iter()
            .zip(tagged)
            .map(|(p, names)| {
                names
                    .iter()
                    .map(|t| {
                        let tokens = &p.words.tokens;
                        (tokens[t.start].start, tokens[t.end - 1].end, t.kind)
                    })
                    .collect()
            })
            .collect()
    })
}

/// Counts of exact-span matches, per kind and overall.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    pub true_positives: u64,
    pub false_positives: u64,
    pub false_negatives: u64,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, other: Counts) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.false_negatives += other.false_negatives;
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Exact-span scores: per kind (person, place, org) and typed overall.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scores {
    pub kinds: [Counts; 3],
    pub typed: Counts,
}

impl Scores {
    pub fn merge(&mut self, other: &Scores) {
        for (a, b) in self.kinds.iter_mut().zip(&other.kinds) {
            a.add(*b);
        }
        self.typed.add(other.typed);
    }
}

/// Scores the tagger on annotated documents by exact name spans and kinds.
pub fn evaluate(model: &Model, gaz: &Gazetteer, docs: &[AnnotatedDoc]) -> Scores {
    let mut scores = Scores::default();
    for doc in docs {
        let found = tag_spans(model, gaz, doc);
        for (p, found) in doc.paragraphs.iter().zip(found) {
            for (k, kind) in Kind::ALL.iter().enumerate() {
                let gold: Vec<&Span> = p.names.iter().filter(|n| n.2 == *kind).collect();
                let mine: Vec<&Span> = found.iter().filter(|n| n.2 == *kind).collect();
                let tp = mine.iter().filter(|m| gold.contains(m)).count() as u64;
                let counts = Counts {
                    true_positives: tp,
                    false_positives: mine.len() as u64 - tp,
                    false_negatives: gold.len() as u64 - tp,
                };
                scores.kinds[k].add(counts);
                scores.typed.add(counts);
            }
        }
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn tokens_are_joined_as_text_is_written() {
        let tokens = strings(&[
            "\"", "We", "are", "trying", ",", "\"", "said", "Samir", "Farag", "(", "AP", ")", "of",
            "Egypt", "'s", "army", ".",
        ]);
        let (text, spans) = detokenize(&tokens);
        assert_eq!(
            text,
            "\"We are trying,\" said Samir Farag (AP) of Egypt's army."
        );
        for (t, (a, b)) in tokens.iter().zip(spans) {
            assert_eq!(&text[a..b], t);
        }
    }

    #[test]
    fn bio_labels_become_names() {
        let labels = strings(&[
            "B-PERSON", "I-PERSON", "O", "I-PLACE", "B-ORG", "B-ORG", "I-ORG",
        ]);
        assert_eq!(
            names_of(&labels),
            vec![
                (0, 2, Kind::Person),
                (3, 4, Kind::Place),
                (4, 5, Kind::Org),
                (5, 7, Kind::Org)
            ]
        );
    }

    #[test]
    fn corpus_text_and_offsets_are_used_when_they_fit() {
        let raw = RawParagraph {
            text: "Dr. Émile Roux lives in Paris.".into(),
            tokens: strings(&["Dr.", "Émile", "Roux", "lives", "in", "Paris", "."]),
            labels: strings(&["O", "B-PERSON", "I-PERSON", "O", "O", "B-PLACE", "O"]),
            offsets: Some(vec![
                (0, 3),
                (4, 9),
                (10, 14),
                (15, 20),
                (21, 23),
                (24, 29),
                (29, 30),
            ]),
        };
        let doc = annotate(RawDoc {
            id: "d".into(),
            genre: "g".into(),
            paragraphs: vec![raw],
        });
        let p = &doc.paragraphs[0];
        let names: Vec<&str> = p.names.iter().map(|&(a, b, _)| &p.text[a..b]).collect();
        assert_eq!(names, vec!["Émile Roux", "Paris"]);
    }

    /// A few documents of made-up names, in the shape of the training files.
    fn fixture() -> Vec<AnnotatedDoc> {
        let sentences = [
            (
                "Ada Quill met Bo Verrin in Lund .",
                &[(0, 2, "PERSON"), (3, 5, "PERSON"), (6, 7, "PLACE")][..],
            ),
            (
                "The Quorn Trust hired Ada Quill .",
                &[(1, 3, "ORG"), (4, 6, "PERSON")],
            ),
            (
                "Bo Verrin left Lund for Harrow .",
                &[(0, 2, "PERSON"), (3, 4, "PLACE"), (5, 6, "PLACE")],
            ),
            ("Officials of the Quorn Trust said so .", &[(3, 5, "ORG")]),
        ];
        (0..12)
            .map(|i| {
                let (text, names) = sentences[i % sentences.len()];
                let tokens: Vec<String> = text.split(' ').map(str::to_string).collect();
                let mut labels = vec!["O".to_string(); tokens.len()];
                for &(a, b, kind) in names {
                    labels[a] = format!("B-{kind}");
                    for l in &mut labels[a + 1..b] {
                        *l = format!("I-{kind}");
                    }
                }
                annotate(RawDoc {
                    id: format!("d{i}"),
                    genre: "fixture".into(),
                    paragraphs: vec![RawParagraph {
                        text: text.to_string(),
                        tokens,
                        labels,
                        offsets: None,
                    }],
                })
            })
            .collect()
    }

    #[test]
    fn training_is_deterministic_and_learns_its_data() {
        let gaz = Gazetteer::build(&[]);
        let docs = fixture();
        let options = TrainOptions {
            epochs: 5,
            min_count: 1,
            ..TrainOptions::default()
        };
        let first = train(&docs, &gaz, options).to_bytes();
        let second = train(&docs, &gaz, options).to_bytes();
        assert!(first == second, "two runs on the same data differ");
        let model = Model::from_bytes(&first).unwrap();
        let scores = evaluate(&model, &gaz, &docs);
        assert!(
            scores.typed.f1() > 0.9,
            "F1 on its own data {}",
            scores.typed.f1()
        );
        // another seed visits the documents in another order: another model
        let reseeded = TrainOptions { seed: 7, ..options };
        assert!(train(&docs, &gaz, reseeded).to_bytes() != first);
    }
}
