//! The tagger's model: a weight for each feature and tag, and for each pair of tags in a
//! row, as learned by [`super::training`]; and the Viterbi search for the best tags.
//!
//! Tags are BILOU over the three kinds: `O` (outside any name), and for each kind `B`
//! (first word of a name), `I` (inside), `L` (last) and `U` (a name of one word). Only
//! sequences that make names are searched: a `B` or `I` must be followed by the same kind's
//! `I` or `L`.
//!
//! The model file (`data/model/ner.bin`, embedded in the binary) is little-endian:
//! `NIXNER01`, the number of features, the weights' scale, the transition weights (f32), the
//! feature hashes (u64, sorted) and each feature's weights as i16 times the scale.

use anyhow::{bail, Result};
use rustc_hash::FxHashMap;

use super::features::Feature;
use super::Kind;

/// The number of tags.
pub const TAGS: usize = 13;
/// The pseudo-tag before the first and after the last token of a sequence.
pub const BOUNDARY: usize = TAGS;
/// The tag outside every name.
pub const O: usize = 0;

/// A weight for each tag.
pub type Row = [f32; TAGS];

/// Where a tag puts its token in a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Begin,
    Inside,
    Last,
    Unit,
}

/// The tag of a kind and part.
pub fn tag(kind: Kind, part: Part) -> usize {
    let k = match kind {
        Kind::Person => 0,
        Kind::Place => 1,
        Kind::Org => 2,
    };
    1 + 4 * k
        + match part {
            Part::Begin => 0,
            Part::Inside => 1,
            Part::Last => 2,
            Part::Unit => 3,
        }
}

/// The kind and part of a tag (`None` for `O` and the boundary).
pub fn kind_part(tag: usize) -> Option<(Kind, Part)> {
    if tag == O || tag >= TAGS {
        return None;
    }
    let kind = [Kind::Person, Kind::Place, Kind::Org][(tag - 1) / 4];
    let part = [Part::Begin, Part::Inside, Part::Last, Part::Unit][(tag - 1) % 4];
    Some((kind, part))
}

/// Whether tag `next` may follow tag `prev` (either may be the boundary).
pub fn allowed(prev: usize, next: usize) -> bool {
    match kind_part(prev) {
        Some((kind, Part::Begin | Part::Inside)) => {
            matches!(kind_part(next), Some((k, Part::Inside | Part::Last)) if k == kind)
        }
        _ => !matches!(kind_part(next), Some((_, Part::Inside | Part::Last))),
    }
}

/// The BILOU tags of names given as token ranges (with kinds) over `n` tokens.
pub fn tags_of(spans: &[(usize, usize, Kind)], n: usize) -> Vec<usize> {
    let mut tags = vec![O; n];
    for &(a, b, kind) in spans {
        if b <= a || b > n {
            continue;
        }
        if b - a == 1 {
            tags[a] = tag(kind, Part::Unit);
            continue;
        }
        tags[a] = tag(kind, Part::Begin);
        for t in &mut tags[a + 1..b - 1] {
            *t = tag(kind, Part::Inside);
        }
        tags[b - 1] = tag(kind, Part::Last);
    }
    tags
}

/// The names (token ranges and kinds) a valid tag sequence makes.
pub fn spans_of(tags: &[usize]) -> Vec<(usize, usize, Kind)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, Kind)> = None;
    for (i, &t) in tags.iter().enumerate() {
        match kind_part(t) {
            Some((kind, Part::Unit)) => out.push((i, i + 1, kind)),
            Some((kind, Part::Begin)) => open = Some((i, kind)),
            Some((kind, Part::Last)) => {
                if let Some((a, k)) = open.take() {
                    if k == kind {
                        out.push((a, i + 1, kind));
                    }
                }
            }
            Some((_, Part::Inside)) => {}
            None => open = None,
        }
    }
    out
}

/// Which tag may follow which (`ALLOWED[prev][next]`, the boundary as [`BOUNDARY`]),
/// computed once: the search looks it up for every pair of tags of every token.
static ALLOWED: std::sync::LazyLock<[[bool; TAGS + 1]; TAGS + 1]> =
    std::sync::LazyLock::new(|| {
        let mut table = [[false; TAGS + 1]; TAGS + 1];
        for (prev, row) in table.iter_mut().enumerate() {
            for (next, cell) in row.iter_mut().enumerate() {
                *cell = allowed(prev, next);
            }
        }
        table
    });

/// The transition weights with `-inf` where a tag may not follow another, so that the
/// search needs no test.
pub fn constrained(transitions: &[[f32; TAGS + 1]; TAGS + 1]) -> [[f32; TAGS + 1]; TAGS + 1] {
    let mut out = *transitions;
    for (prev, row) in out.iter_mut().enumerate() {
        for (next, w) in row.iter_mut().enumerate() {
            if !ALLOWED[prev][next] {
                *w = f32::NEG_INFINITY;
            }
        }
    }
    out
}

/// The best tags for a sequence, given each token's tag scores and the transition
/// weights (`transitions[prev][next]`, with the boundary as index [`BOUNDARY`]).
pub fn viterbi(emissions: &[Row], transitions: &[[f32; TAGS + 1]; TAGS + 1]) -> Vec<usize> {
    let mut tags = Vec::new();
    viterbi_into(
        emissions,
        &constrained(transitions),
        &mut Vec::new(),
        &mut tags,
    );
    tags
}

/// [`viterbi`] with the transitions already [`constrained`] and buffers reused: the tags
/// go to `tags`.
pub fn viterbi_into(
    emissions: &[Row],
    transitions: &[[f32; TAGS + 1]; TAGS + 1],
    back: &mut Vec<[u8; TAGS]>,
    tags: &mut Vec<usize>,
) {
    tags.clear();
    let n = emissions.len();
    if n == 0 {
        return;
    }
    let mut score = [0f32; TAGS];
    for t in 0..TAGS {
        score[t] = transitions[BOUNDARY][t] + emissions[0][t];
    }
    back.clear();
    back.resize(n, [0u8; TAGS]);
    // Only O and the tags that end a name (L, U) may precede O, B or U; only B and I of the
    // same kind may precede I or L. So each tag has 7 or 2 possible predecessors, not 13.
    const ENDS: [usize; 7] = [O, 3, 4, 7, 8, 11, 12];
    for i in 1..n {
        let mut next = [f32::NEG_INFINITY; TAGS];
        let row = &mut back[i];
        for t in [O, 1, 4, 5, 8, 9, 12] {
            let (mut best, mut arg) = (f32::NEG_INFINITY, 0u8);
            for p in ENDS {
                let v = score[p] + transitions[p][t];
                if v > best {
                    best = v;
                    arg = p as u8;
                }
            }
            next[t] = best + emissions[i][t];
            row[t] = arg;
        }
        for begin in [1, 5, 9] {
            for t in [begin + 1, begin + 2] {
                let from_begin = score[begin] + transitions[begin][t];
                let from_inside = score[begin + 1] + transitions[begin + 1][t];
                let (best, arg) = if from_inside > from_begin {
                    (from_inside, begin + 1)
                } else {
                    (from_begin, begin)
                };
                next[t] = best + emissions[i][t];
                row[t] = arg as u8;
            }
        }
        score = next;
    }
    let mut best = f32::NEG_INFINITY;
    let mut last = O;
    for t in 0..TAGS {
        let v = score[t] + transitions[t][BOUNDARY];
        if v > best {
            best = v;
            last = t;
        }
    }
    tags.resize(n, O);
    tags[n - 1] = last;
    for i in (1..n).rev() {
        tags[i - 1] = usize::from(back[i][tags[i]]);
    }
}

/// A trained model.
pub struct Model {
    index: FxHashMap<Feature, u32>,
    rows: Vec<Row>,
    pub transitions: [[f32; TAGS + 1]; TAGS + 1],
    /// The transitions with the tag sequences that make no names forbidden.
    pub constrained: [[f32; TAGS + 1]; TAGS + 1],
    /// A number no other model of this process has: caches of summed weights are kept
    /// per model.
    serial: usize,
}

static SERIALS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(1);

const MAGIC: &[u8; 8] = b"NIXNER01";

impl Model {
    /// A model from its features' weights (in any order) and the transition weights.
    pub fn new(weights: Vec<(Feature, Row)>, transitions: [[f32; TAGS + 1]; TAGS + 1]) -> Model {
        let mut index = FxHashMap::default();
        index.reserve(weights.len());
        let mut rows = Vec::with_capacity(weights.len());
        for (f, row) in weights {
            index.insert(f, rows.len() as u32);
            rows.push(row);
        }
        Model {
            index,
            rows,
            constrained: constrained(&transitions),
            transitions,
            serial: SERIALS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// This model's number in this process (see the field).
    pub fn id(&self) -> usize {
        self.serial
    }

    /// The weights of a feature, if it has any.
    #[inline]
    pub fn row(&self, feature: Feature) -> Option<&Row> {
        self.index.get(&feature).map(|&i| &self.rows[i as usize])
    }

    /// Adds the weights of `features` to `scores`.
    #[inline]
    pub fn add(&self, features: &[Feature], scores: &mut Row) {
        for &f in features {
            if let Some(row) = self.row(f) {
                for (s, w) in scores.iter_mut().zip(row) {
                    *s += w;
                }
            }
        }
    }

    pub fn num_features(&self) -> usize {
        self.rows.len()
    }

    /// The model file's bytes (see the module doc); the same model, the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut features: Vec<(Feature, u32)> = self.index.iter().map(|(&f, &i)| (f, i)).collect();
        features.sort_unstable();
        let max = self
            .rows
            .iter()
            .flatten()
            .fold(0f32, |m, w| m.max(w.abs()))
            .max(f32::MIN_POSITIVE);
        let scale = max / f32::from(i16::MAX);
        let mut out = Vec::with_capacity(24 + features.len() * (8 + 2 * TAGS));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(features.len() as u64).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for row in &self.transitions {
            for w in row {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        for (f, _) in &features {
            out.extend_from_slice(&f.to_le_bytes());
        }
        for (_, i) in &features {
            for w in &self.rows[*i as usize] {
                let q = (w / scale).round().clamp(-32767.0, 32767.0) as i16;
                out.extend_from_slice(&q.to_le_bytes());
            }
        }
        out
    }

    /// Reads a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model> {
        let mut at = 0usize;
        let mut take = |n: usize| -> Result<&[u8]> {
            let piece = bytes.get(at..at + n);
            at += n;
            match piece {
                Some(p) => Ok(p),
                None => bail!("model file is truncated"),
            }
        };
        if take(8)? != MAGIC {
            bail!("not a newsindex model file");
        }
        let mut word = |n: usize| -> Result<u64> {
            let mut b = [0u8; 8];
            b[..n].copy_from_slice(take(n)?);
            Ok(u64::from_le_bytes(b))
        };
        let n = usize::try_from(word(8)?)?;
        let scale = f32::from_bits(word(4)? as u32);
        let mut transitions = [[0f32; TAGS + 1]; TAGS + 1];
        for row in &mut transitions {
            for w in row.iter_mut() {
                *w = f32::from_bits(word(4)? as u32);
            }
        }
        let hashes: Vec<u64> = (0..n).map(|_| word(8)).collect::<Result<_>>()?;
        let mut weights = Vec::with_capacity(n);
        for f in hashes {
            let mut row = [0f32; TAGS];
            for w in &mut row {
                *w = f32::from(word(2)? as u16 as i16) * scale;
            }
            weights.push((f, row));
        }
        Ok(Model::new(weights, transitions))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_spans_round_trip() {
        let spans = vec![(0, 2, Kind::Person), (3, 4, Kind::Place), (5, 8, Kind::Org)];
        let tags = tags_of(&spans, 9);
        assert_eq!(spans_of(&tags), spans);
        for w in tags.windows(2) {
            assert!(allowed(w[0], w[1]), "{w:?}");
        }
        assert!(allowed(BOUNDARY, tags[0]) && allowed(tags[8], BOUNDARY));
    }

    #[test]
    fn viterbi_keeps_to_valid_sequences() {
        // emissions that alone would say "I-person" first: not allowed at the start
        let mut e = [[0f32; TAGS]; 3];
        e[0][tag(Kind::Person, Part::Inside)] = 5.0;
        e[0][tag(Kind::Person, Part::Begin)] = 1.0;
        e[1][tag(Kind::Person, Part::Last)] = 2.0;
        e[2][O] = 1.0;
        let tags = viterbi(&e, &[[0.0; TAGS + 1]; TAGS + 1]);
        assert_eq!(spans_of(&tags), vec![(0, 2, Kind::Person)]);
    }

    /// The score of a tag sequence, or `None` if it makes no names.
    fn path_score(tags: &[usize], e: &[Row], tr: &[[f32; TAGS + 1]; TAGS + 1]) -> Option<f32> {
        let mut prev = BOUNDARY;
        let mut total = 0.0;
        for (i, &t) in tags.iter().enumerate() {
            if !allowed(prev, t) {
                return None;
            }
            total += tr[prev][t] + e[i][t];
            prev = t;
        }
        allowed(prev, BOUNDARY).then_some(total + tr[prev][BOUNDARY])
    }

    #[test]
    fn viterbi_finds_the_best_valid_sequence() {
        let mut x: u64 = 7;
        let mut random = || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((x >> 33) % 2001) as f32 / 100.0 - 10.0
        };
        for n in 1..=4 {
            for _ in 0..5 {
                let e: Vec<Row> = (0..n).map(|_| std::array::from_fn(|_| random())).collect();
                let mut tr = [[0f32; TAGS + 1]; TAGS + 1];
                for row in &mut tr {
                    for w in row.iter_mut() {
                        *w = random();
                    }
                }
                let found = viterbi(&e, &tr);
                let mut best = f32::NEG_INFINITY;
                for code in 0..TAGS.pow(n as u32) {
                    let tags: Vec<usize> =
                        (0..n).map(|k| code / TAGS.pow(k as u32) % TAGS).collect();
                    if let Some(s) = path_score(&tags, &e, &tr) {
                        best = best.max(s);
                    }
                }
                let got = path_score(&found, &e, &tr).expect("a valid sequence");
                assert!((got - best).abs() < 1e-3, "n {n}: {got} against {best}");
            }
        }
    }

    #[test]
    fn model_bytes_round_trip() {
        let mut row = [0f32; TAGS];
        row[3] = 1.5;
        row[0] = -0.25;
        let mut transitions = [[0f32; TAGS + 1]; TAGS + 1];
        transitions[BOUNDARY][1] = 0.5;
        let m = Model::new(vec![(42, row), (7, [0.1; TAGS])], transitions);
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back.to_bytes(), bytes);
        let r = back.row(42).unwrap();
        assert!((r[3] - 1.5).abs() < 1e-3 && (r[0] + 0.25).abs() < 1e-3);
        assert_eq!(back.transitions[BOUNDARY][1], 0.5);
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Model::from_bytes(b"garbage!").is_err());
    }
}
