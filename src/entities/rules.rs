//! Paragraph-level rules: find runs of capitalized words, split them into titles, known
//! names (gazetteer) and new names, and classify each new name by its shape and context.

use super::gazetteer::Gazetteer;
use super::lexicon::{class, lexicon};
use super::tokens::{Token, TokenKind};
use super::words::Words;
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

/// A possible entity found in one paragraph: the rules' verdict, which the tagger takes as
/// evidence (see [`super::features`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Byte span in the paragraph.
    pub start: usize,
    pub end: usize,
    pub kind: Option<Kind>,
    pub evidence: Evidence,
    /// A place next to a match score ("Sweden 1 – 0 Korea Republic"): a national team.
    pub team: bool,
}

/// The longest title starting at token `k` and ending by `limit`, as the index after it.
fn title_end(w: &Words, k: usize, limit: usize) -> Option<usize> {
    if !w.is(k, class::TITLE_START) {
        return None;
    }
    let mut best = None;
    for title in lexicon().titles(w.folded(k)) {
        let n = title.len();
        if k + n <= limit && title.iter().enumerate().all(|(i, t)| w.folded(k + i) == *t) {
            best = best.max(Some(k + n));
        }
    }
    best
}

/// Finds the entity candidates in one paragraph.
pub fn candidates(gaz: &Gazetteer, text: &str) -> Vec<Candidate> {
    candidates_in(gaz, &Words::new(gaz, text))
}

/// Finds the entity candidates in a paragraph's words.
pub fn candidates_in(gaz: &Gazetteer, w: &Words) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < w.len() {
        if !w.is_name_word(i) {
            i += 1;
            continue;
        }
        let j = run_end(w, i);
        split_run(gaz, w, i, j, &mut out);
        i = j;
    }
    out
}

/// The end of the run of name words starting at `i`.
fn run_end(w: &Words, i: usize) -> usize {
    let mut j = i;
    let mut in_institution = false;
    while j < w.len() {
        if w.is_name_word(j) {
            j += 1;
            continue;
        }
        let next_is_name = w.is_name_word(j + 1);
        // particles, one or more, between name words: "bin", "van der"
        if j > i && w.is(j, class::PARTICLE) {
            let mut p = j;
            while p < j + 3 && w.is(p, class::PARTICLE) {
                p += 1;
            }
            if w.is_name_word(p) {
                j = p;
                continue;
            }
        }
        // "University of Michigan", "Department of Homeland Security", "Gulf of Mexico";
        // once inside such a name, also "of", "for" and "and" between its words:
        // "Union of Rationalist Atheists and Agnostics", "Council for the Welfare of Immigrants"
        let word = w.folded(j);
        let after_head = j > i
            && (w.is(j - 1, class::ORG_SUFFIX | class::PLACE_HEAD)
                || w.folded(j - 1) == "daughters");
        let joiner = matches!(word, "of" | "for");
        if j > i
            && next_is_name
            && (joiner && (after_head || in_institution) || word == "and" && in_institution)
        {
            in_institution = true;
            j += 1;
            continue;
        }
        // "of the" only right after the head word: "Council for the Welfare", not
        // "University of Sheffield of the UK"
        if after_head && joiner && w.folded(j + 1) == "the" && w.is_name_word(j + 2) {
            in_institution = true;
            j += 2;
            continue;
        }
        break;
    }
    j
}

/// Splits the run `i..j` into titles, known names and new names.
fn split_run(gaz: &Gazetteer, w: &Words, i: usize, j: usize, out: &mut Vec<Candidate>) {
    let tokens = &w.tokens;
    let mut k = i;
    let mut person_ctx =
        i > 0 && tokens[i - 1].is_word() && w.is(i - 1, class::ROLE) || role_then_comma(w, i);
    while k < j {
        let sentence_initial = w.starts_sentence(k);
        if w.is(k, class::MONTH) {
            k += 1;
            continue;
        }
        if let Some(m) = gaz.longest_match(w, k) {
            let single = m.end == k + 1;
            let given_first = w.is_given(k) && m.end < j && w.is_name_word(m.end);
            // "President Jackson", "Captain America": after a title, a one-word place that
            // ends the run is the person's name
            let name_follows = person_ctx && m.entry.kind == Kind::Place && single && m.end >= j;
            let weak_opening = m.entry.weak && sentence_initial && single && m.end == j;
            let no_context = m.entry.needs_context && !place_context(gaz, w, k, m.end);
            // "David Barnea": a given name that is also a small city starts a person's name
            let person_first = given_first && single && m.entry.kind == Kind::Place && m.entry.weak;
            // a "place" named like an institution ("University of Texas") is one
            let org_shaped = m.entry.kind == Kind::Place
                && m.end - k >= 3
                && w.is(k, class::ORG_SUFFIX)
                && w.is(k + 1, class::CONNECTOR);
            // "Australian Centre for ...", "Italian Episcopal Conference", "American
            // Airlines": a demonym or short form before an organization's name belongs to it
            let org_adjective = single
                && m.entry.kind == Kind::Place
                && m.end < j
                && !w.folded(k).eq_ignore_ascii_case(&m.entry.canonical)
                && names_org(w, m.end, name_end(w, m.end, j));
            let skip = person_first || name_follows || weak_opening || no_context || org_shaped;
            if !(skip || org_adjective) {
                out.push(Candidate {
                    start: tokens[k].start,
                    end: tokens[m.end - 1].end,
                    kind: Some(m.entry.kind),
                    evidence: Evidence::Gazetteer,
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
        if w.is(k, class::FUNCTION | class::NOT_NAME) && k + 1 == j {
            k += 1;
            continue;
        }
        if w.is(k, class::FUNCTION) {
            k += 1;
            continue;
        }
        if let Some(end) = title_end(w, k, j) {
            if end < j {
                person_ctx = true;
            }
            k = end;
            continue;
        }
        let e = name_end(w, k, j);
        out.push(classify(w, k, e, person_ctx));
        person_ctx = false;
        k = e;
    }
}

/// Whether tokens `k..e` name an organization by their head word (the word before the
/// first connector, else the last): "Centre for Control of ...", "Episcopal Conference".
fn names_org(w: &Words, k: usize, e: usize) -> bool {
    k < e && !w.is(k, class::TITLE_START) && w.is(head_word(w, k, e), class::ORG_SUFFIX)
}

/// The head word of the name `k..e`: the word before its first connector ("Church of
/// Scientology"), else its last word.
fn head_word(w: &Words, k: usize, e: usize) -> usize {
    (k + 1..e)
        .find(|&i| w.is(i, class::CONNECTOR))
        .map_or(e - 1, |i| i - 1)
}

/// A name set off by a comma after a role: "the team's coach, Alireza Mehraban,",
/// "Co-founder of Google, Sergey Brin,". The role is at most four words before the comma.
fn role_then_comma(w: &Words, i: usize) -> bool {
    i >= 2
        && w.tokens[i - 1].text == ","
        && (i.saturating_sub(6)..i - 1).any(|r| w.class_of(r) & class::ROLE != 0)
}

/// Evidence that a name is a place: a preposition before it ("in Reading"), or a comma and
/// a known place after it ("Reading, Pennsylvania").
fn place_context(gaz: &Gazetteer, w: &Words, k: usize, end: usize) -> bool {
    let before = k > 0 && w.is(k - 1, class::LOCATIVE);
    let after = w.folded(end) == ","
        && gaz
            .longest_match(w, end + 1)
            .is_some_and(|m| m.entry.kind == Kind::Place && !m.entry.weak);
    before || after
}

/// Where a new name starting at `k` ends, inside the run that ends at `j`: before a month,
/// a function word or a title ("Home Secretary Suella Braverman"), before a given name that
/// follows other words ("Scientologist Tom Cruise"), and after an organization or place word
/// that more words follow ("Refugee Council Enver Solomon").
fn name_end(w: &Words, k: usize, j: usize) -> usize {
    let tokens = &w.tokens;
    let org_ends_run = w.is(j - 1, class::ORG_SUFFIX);
    let mut e = k + 1;
    while e < j {
        let more_follow = e + 1 < j && w.is_name_word(e + 1);
        if w.is(e, class::MONTH) || w.is(e, class::FUNCTION) && !w.is(e, class::CONNECTOR) {
            break;
        }
        if !w.is(e - 1, class::CONNECTOR) {
            if more_follow && title_end(w, e, j).is_some() {
                break;
            }
            let initials = tokens[k..e]
                .iter()
                .all(|t| t.text.len() <= 3 && t.text.ends_with('.'));
            let particle = w.is(e, class::PARTICLE); // "Farouk Ben Mustapha"
            if more_follow
                && w.is_given(e)
                && !w.is_given(k)
                && !initials
                && !org_ends_run
                && !particle
            {
                break;
            }
            let head_before = w.is(e - 1, class::ORG_SUFFIX | class::PLACE_HEAD);
            let head_here = class::CONNECTOR | class::ORG_SUFFIX;
            if head_before && !w.is(e, head_here) {
                break;
            }
        }
        e += 1;
    }
    e
}

/// Decides the kind of the new name `k..e`, and how sure that is.
fn classify(w: &Words, k: usize, e: usize, person_ctx: bool) -> Candidate {
    let tokens = &w.tokens;
    let n = e - k;
    let sentence_initial = w.starts_sentence(k);
    let head = head_word(w, k, e);
    let said = said_after(w, e) || k > 0 && w.is(k - 1, class::SAY);
    let all_caps = tokens[k..e].iter().all(|t| t.is_acronym());
    let ends_in_title = title_end(w, e - 1, e).is_some();
    let person_shape = !all_caps
        && !ends_in_title
        && (person_ctx && n <= 5 || (2..=4).contains(&n) && w.is_given(k) || said && n <= 4);
    let (kind, evidence) = if n >= 2 && w.is(head, class::EVENT) {
        (None, Evidence::Unknown)
    } else if n >= 2 && w.is(head, class::ORG_SUFFIX) {
        (Some(Kind::Org), Evidence::Context)
    } else if n >= 2 && w.is(head, class::PLACE_HEAD) {
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
        kind,
        evidence,
        team: false,
    }
}

fn is_number(t: Option<&Token>) -> bool {
    t.is_some_and(|t| t.is_word() && t.text.chars().all(|c| c.is_ascii_digit()))
}

fn is_dash(t: Option<&Token>) -> bool {
    t.is_some_and(|t| matches!(t.text, "-" | "\u{2013}" | "\u{2014}" | ":"))
}

/// A match score ("1 – 0", "3-2") right after tokens `k..end`, or ending just before them:
/// the name is a team's.
pub fn next_to_score(tokens: &[Token], k: usize, end: usize) -> bool {
    let after = is_number(tokens.get(end))
        && is_dash(tokens.get(end + 1))
        && is_number(tokens.get(end + 2))
        || is_score(tokens.get(end));
    let before = k >= 3
        && is_number(tokens.get(k - 1))
        && is_dash(tokens.get(k - 2))
        && is_number(tokens.get(k - 3))
        || k >= 1 && is_score(tokens.get(k - 1));
    after || before
}

/// Words that put two sides of a match on either side of them: "Chelsea beat Arsenal 2-1".
const MATCH_VERBS: &[&str] = &[
    "against", "beat", "beats", "defeat", "defeated", "defeats", "draw", "drew", "edged",
    "hammered", "lost", "thrashed", "trounced", "v", "vs", "won",
];

/// A team's name in a match report: next to a score, or right before or after a verb of the
/// match with a score in the same sentence ("Chelsea beat Arsenal 2-1", "lost 3-0 to
/// Leeds" does not count: "to" stands between).
pub fn in_match_report(tokens: &[Token], k: usize, end: usize) -> bool {
    if next_to_score(tokens, k, end) {
        return true;
    }
    let is_verb = |i: usize| {
        tokens
            .get(i)
            .is_some_and(|t| MATCH_VERBS.contains(&t.text.to_ascii_lowercase().as_str()))
    };
    if !(is_verb(end) || k > 0 && is_verb(k - 1)) {
        return false;
    }
    // a score in the same sentence, within six tokens either way
    let sentence = |i: &usize| !tokens[*i].ends_sentence();
    let after = (end..tokens.len().min(end + 6)).take_while(sentence);
    let before = (k.saturating_sub(6)..k).rev().take_while(sentence);
    after
        .chain(before)
        .any(|i| is_score(tokens.get(i)) || next_to_score(tokens, i + 1, i + 1))
}

/// A score written as one token: "3-2".
fn is_score(t: Option<&Token>) -> bool {
    t.is_some_and(|t| {
        t.is_word()
            && t.text
                .split_once('-')
                .is_some_and(|(a, b)| is_digits(a) && is_digits(b) && a.len() <= 2 && b.len() <= 2)
    })
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A verb of saying or an apposition after the name ending at `e`: "Farag said",
/// "Samir Farag, a former Egyptian general", "X, who ...".
fn said_after(w: &Words, e: usize) -> bool {
    if w.is(e, class::SAY) {
        return true;
    }
    let possessive = w
        .tokens
        .get(e)
        .is_some_and(|t| t.kind == TokenKind::Possessive);
    let next = e + usize::from(possessive);
    if w.folded(next) != "," {
        return false;
    }
    match w.folded(next + 1) {
        "who" => true,
        "a" | "an" | "the" => w.is(next + 2, class::APPOSITION),
        _ => false,
    }
}
