//! Paragraph-level rules: find runs of capitalized words, split them into titles, known
//! names (gazetteer) and new names, and classify each new name by its shape and context.

use super::fold::fold;
use super::gazetteer::Gazetteer;
use super::lexicon::*;
use super::tokens::{tokenize, Token, TokenKind};
use super::Kind;

/// How sure a candidate's kind is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Evidence {
    /// A capitalized word with no other evidence; kept only if the article resolves it.
    Unknown,
    /// The shape of a name (two or three capitalized words), no context.
    Guess,
    /// Context: a title, a given name, an organization suffix, a verb of saying.
    Context,
    /// A gazetteer alias.
    Gazetteer,
}

/// A possible entity found in one paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Byte span in the paragraph.
    pub start: usize,
    pub end: usize,
    /// The words of the name as written (without a possessive ending).
    pub words: Vec<String>,
    pub kind: Option<Kind>,
    /// The gazetteer's canonical name, when the name is known.
    pub canonical: Option<String>,
    pub evidence: Evidence,
    /// The name is the first word of a sentence.
    pub sentence_initial: bool,
    /// The name is a run of capitalized words on its own (not part of a longer run).
    pub standalone: bool,
    /// A place next to a match score ("Sweden 1 – 0 Korea Republic"): a national team.
    pub team: bool,
}

fn in_list(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

/// Whether a token can be part of a name: capitalized, or "al-Assad"-style particle prefix.
fn is_name_word(t: &Token) -> bool {
    if t.is_capitalized() {
        return true;
    }
    if !t.is_word() {
        return false;
    }
    match t.text.split_once('-') {
        Some((head, rest)) => {
            in_list(PARTICLES, head) && rest.chars().next().is_some_and(char::is_uppercase)
        }
        None => false,
    }
}

/// Which tokens start a sentence (skipping opening quotes and brackets).
fn sentence_starts(tokens: &[Token]) -> Vec<bool> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut at_start = true;
    for t in tokens {
        out.push(at_start);
        match t.kind {
            TokenKind::Punct if t.ends_sentence() => at_start = true,
            TokenKind::Punct if is_quote_or_bracket(t.text) => {}
            _ => at_start = false,
        }
    }
    out
}

fn is_quote_or_bracket(s: &str) -> bool {
    matches!(
        s,
        "\"" | "'"
            | "\u{201c}"
            | "\u{201d}"
            | "\u{2018}"
            | "\u{2019}"
            | "("
            | "["
            | "-"
            | "\u{2014}"
            | "\u{2013}"
    )
}

/// The longest title starting at token `k`, as the index after it.
fn title_end(folded: &[String], k: usize, limit: usize) -> Option<usize> {
    let mut best = None;
    for title in TITLES {
        let n = title.split(' ').count();
        if k + n <= limit && title.split(' ').zip(&folded[k..k + n]).all(|(a, b)| a == b) {
            best = best.max(Some(k + n));
        }
    }
    best
}

/// Finds the entity candidates in one paragraph.
pub fn candidates(gaz: &Gazetteer, text: &str) -> Vec<Candidate> {
    let tokens = tokenize(text);
    if tokens.is_empty() {
        return Vec::new();
    }
    let ids = gaz.token_ids(&tokens);
    let folded: Vec<String> = tokens.iter().map(|t| fold(t.text)).collect();
    let starts = sentence_starts(&tokens);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !is_name_word(&tokens[i]) {
            i += 1;
            continue;
        }
        let j = run_end(&tokens, &folded, i);
        split_run(gaz, &tokens, &ids, &folded, &starts, i, j, &mut out);
        i = j;
    }
    out
}

/// The end of the run of name words starting at `i`.
fn run_end(tokens: &[Token], folded: &[String], i: usize) -> usize {
    let mut j = i;
    while j < tokens.len() {
        if is_name_word(&tokens[j]) {
            j += 1;
            continue;
        }
        let next_is_name = tokens.get(j + 1).is_some_and(is_name_word);
        let w = folded[j].as_str();
        if j > i && tokens[j].is_word() && in_list(PARTICLES, w) && next_is_name {
            j += 1;
            continue;
        }
        // "University of Michigan", "Department of Homeland Security", "Gulf of Mexico"
        if j > i && (w == "of" || w == "for") {
            let head = folded[j - 1].as_str();
            if in_list(ORG_SUFFIXES, head) || in_list(PLACE_HEADS, head) || head == "daughters" {
                if next_is_name {
                    j += 1;
                    continue;
                }
                if folded.get(j + 1).is_some_and(|w| w == "the")
                    && tokens.get(j + 2).is_some_and(is_name_word)
                {
                    j += 2;
                    continue;
                }
            }
        }
        break;
    }
    j
}

#[allow(clippy::too_many_arguments)]
fn split_run(
    gaz: &Gazetteer,
    tokens: &[Token],
    ids: &[u32],
    folded: &[String],
    starts: &[bool],
    i: usize,
    j: usize,
    out: &mut Vec<Candidate>,
) {
    let mut k = i;
    let mut person_ctx = i > 0 && {
        let prev = folded[i - 1].trim_end_matches('.');
        tokens[i - 1].is_word() && in_list(ROLES, prev)
    };
    while k < j {
        let sentence_initial = starts[k];
        if in_list(MONTHS_AND_DAYS, folded[k].as_str()) {
            k += 1;
            continue;
        }
        if let Some(m) = gaz.longest_match(tokens, ids, k) {
            let single = m.end == k + 1;
            let given_first =
                gaz.is_given_name(tokens[k].text) && m.end < j && is_name_word(&tokens[m.end]);
            // "President Jackson": after a title, a one-word small city is the person's name
            let name_follows = person_ctx && m.entry.weak && single && m.end >= j;
            let weak_opening = m.entry.weak && sentence_initial && single && m.end == j;
            let no_context =
                m.entry.needs_context && !place_context(gaz, tokens, ids, folded, k, m.end);
            let person_first = given_first && single && m.entry.kind == Kind::Place;
            if !(person_first || name_follows || weak_opening || no_context) {
                out.push(Candidate {
                    start: tokens[k].start,
                    end: tokens[m.end - 1].end,
                    words: tokens[k..m.end]
                        .iter()
                        .map(|t| t.text.to_string())
                        .collect(),
                    kind: Some(m.entry.kind),
                    canonical: Some(m.entry.canonical.clone()),
                    evidence: Evidence::Gazetteer,
                    sentence_initial,
                    standalone: i + 1 == j,
                    team: m.entry.kind == Kind::Place && next_to_score(tokens, k, m.end),
                });
                k = m.end;
                person_ctx = false;
                continue;
            }
            if weak_opening {
                k += 1;
                continue;
            }
        }
        if in_list(FUNCTION_WORDS, folded[k].as_str()) {
            k += 1;
            continue;
        }
        if let Some(end) = title_end(folded, k, j) {
            if end < j {
                person_ctx = true;
            }
            k = end;
            continue;
        }
        let e = name_end(gaz, tokens, folded, k, j);
        out.push(classify(
            gaz,
            i + 1 == j,
            tokens,
            folded,
            k,
            e,
            person_ctx,
            sentence_initial,
        ));
        person_ctx = false;
        k = e;
    }
}

/// Evidence that a name is a place: a preposition before it ("in Reading"), or a comma and
/// a known place after it ("Reading, Pennsylvania").
fn place_context(
    gaz: &Gazetteer,
    tokens: &[Token],
    ids: &[u32],
    folded: &[String],
    k: usize,
    end: usize,
) -> bool {
    let before = k > 0 && in_list(LOCATIVES, folded[k - 1].as_str());
    let after = folded.get(end).is_some_and(|w| w == ",")
        && gaz
            .longest_match(tokens, ids, end + 1)
            .is_some_and(|m| m.entry.kind == Kind::Place && !m.entry.weak);
    before || after
}

/// Words that join the parts of a longer name ("University of Texas").
fn is_connector(w: &str) -> bool {
    matches!(w, "of" | "for" | "the" | "and" | "&")
}

/// Where a new name starting at `k` ends, inside the run that ends at `j`: before a month,
/// a function word or a title ("Home Secretary Suella Braverman"), before a given name that
/// follows other words ("Scientologist Tom Cruise"), and after an organization or place word
/// that more words follow ("Refugee Council Enver Solomon").
fn name_end(gaz: &Gazetteer, tokens: &[Token], folded: &[String], k: usize, j: usize) -> usize {
    let mut e = k + 1;
    while e < j {
        let w = folded[e].as_str();
        let prev = folded[e - 1].as_str();
        let more_follow = e + 1 < j && is_name_word(&tokens[e + 1]);
        if in_list(MONTHS_AND_DAYS, w) || in_list(FUNCTION_WORDS, w) && !is_connector(w) {
            break;
        }
        if !is_connector(prev) {
            if more_follow && title_end(folded, e, j).is_some() {
                break;
            }
            let initials = tokens[k..e]
                .iter()
                .all(|t| t.text.len() <= 3 && t.text.ends_with('.'));
            let org_ends_run = in_list(ORG_SUFFIXES, folded[j - 1].as_str());
            if more_follow
                && gaz.is_given_name(tokens[e].text)
                && !gaz.is_given_name(tokens[k].text)
                && !initials
                && !org_ends_run
            {
                break;
            }
            let head_before = in_list(ORG_SUFFIXES, prev) || in_list(PLACE_HEADS, prev);
            if head_before && !is_connector(w) && !in_list(ORG_SUFFIXES, w) {
                break;
            }
        }
        e += 1;
    }
    e
}

#[allow(clippy::too_many_arguments)]
fn classify(
    gaz: &Gazetteer,
    standalone: bool,
    tokens: &[Token],
    folded: &[String],
    k: usize,
    e: usize,
    person_ctx: bool,
    sentence_initial: bool,
) -> Candidate {
    let n = e - k;
    // the head word: before the first connector ("Church of Scientology"), else the last
    let head = (k + 1..e)
        .find(|&i| is_connector(&folded[i]))
        .map_or(e - 1, |i| i - 1);
    let last = folded[head].as_str();
    let said = said_after(folded, tokens, e) || said_before(folded, k);
    let all_caps = tokens[k..e].iter().all(|t| t.is_acronym());
    let ends_in_title = title_end(folded, e - 1, e).is_some();
    let person_shape = !all_caps
        && !ends_in_title
        && (person_ctx && n <= 5
            || (2..=4).contains(&n) && gaz.is_given_name(tokens[k].text)
            || said && n <= 4);
    let (kind, evidence) = if n >= 2 && in_list(ORG_SUFFIXES, last) {
        (Some(Kind::Org), Evidence::Context)
    } else if n >= 2 && in_list(PLACE_HEADS, last) {
        (Some(Kind::Place), Evidence::Context)
    } else if person_shape {
        (Some(Kind::Person), Evidence::Context)
    } else if (2..=3).contains(&n) && !all_caps && !sentence_initial && !ends_in_title {
        (Some(Kind::Person), Evidence::Guess)
    } else if !sentence_initial && n >= 3 {
        (Some(Kind::Org), Evidence::Guess)
    } else {
        (None, Evidence::Unknown)
    };
    Candidate {
        start: tokens[k].start,
        end: tokens[e - 1].end,
        words: tokens[k..e].iter().map(|t| t.text.to_string()).collect(),
        kind,
        canonical: None,
        evidence,
        sentence_initial,
        standalone,
        team: false,
    }
}

fn is_number(t: Option<&Token>) -> bool {
    t.is_some_and(|t| t.is_word() && t.text.chars().all(|c| c.is_ascii_digit()))
}

fn is_dash(t: Option<&Token>) -> bool {
    t.is_some_and(|t| matches!(t.text, "-" | "\u{2013}" | "\u{2014}" | ":"))
}

/// A score ("1 – 0") right after tokens `k..end`, or ending just before them.
fn next_to_score(tokens: &[Token], k: usize, end: usize) -> bool {
    let after = is_number(tokens.get(end))
        && is_dash(tokens.get(end + 1))
        && is_number(tokens.get(end + 2));
    let before = k >= 3
        && is_number(tokens.get(k - 1))
        && is_dash(tokens.get(k - 2))
        && is_number(tokens.get(k - 3));
    after || before
}

fn said_after(folded: &[String], tokens: &[Token], e: usize) -> bool {
    let next = e + usize::from(
        tokens
            .get(e)
            .is_some_and(|t| t.kind == TokenKind::Possessive),
    );
    if folded.get(e).is_some_and(|w| in_list(SAY_VERBS, w)) {
        return true;
    }
    // apposition: "Samir Farag, a former Egyptian general"; "X, who ..."
    if folded.get(next).is_some_and(|w| w == ",") {
        match folded.get(next + 1).map(String::as_str) {
            Some("who") => return true,
            Some("a" | "an" | "the") => {
                return folded.get(next + 2).is_some_and(|w| in_list(APPOSITION, w));
            }
            _ => {}
        }
    }
    false
}

fn said_before(folded: &[String], k: usize) -> bool {
    k > 0 && in_list(SAY_VERBS, folded[k - 1].as_str())
}
