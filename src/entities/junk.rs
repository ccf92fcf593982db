//! Names that are not names: what recognition finds in the furniture of news copy rather
//! than in its sentences. Applied to an article's mentions after resolution:
//!
//! - **Table rows** ("Oper shr 16 cts vs 29 cts", "Jun 3097 7109 dn 140"): a line of
//!   numbers with no sentence in it. The label that starts the row is not a person.
//! - **Units after amounts** ("2,000 Ecus"): not people.
//! - **Sign-offs**: an article's last paragraph of one word ("REUTER", "AP").
//! - **Abbreviated months and days** standing alone ("Jun", "Sept").
//! - **Letters**: a name of fewer than two letters ("S" of "S and P").
//! - **Compounds** ("US-based", "London-born"): the name is the part before the hyphen.
//! - **Legal forms alone** ("Co Inc" of "Merck and Co Inc"): after "and" or "&" that follow
//!   a name, they complete it as an organization ("Merck and Co Inc"); alone they name
//!   nothing.

use super::{Kind, Mention};

/// Abbreviations of months and days that are never a name alone.
const MONTH_ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon",
    "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
];

/// Legal forms of companies, folded, without their dots.
const LEGAL_FORMS: &[&str] = &[
    "co", "inc", "corp", "ltd", "llc", "plc", "ag", "sa", "nv", "bv", "gmbh", "spa", "lp", "llp",
    "cos",
];

/// Whether a word, folded and without dots, is a legal form of a company.
pub fn is_legal_form(word: &str) -> bool {
    let bare: String = word
        .chars()
        .filter(|c| *c != '.' && *c != ',')
        .flat_map(char::to_lowercase)
        .collect();
    LEGAL_FORMS.contains(&bare.as_str())
}

/// Number words, and the scales of amounts ("five cts", "two billion Ecus").
const NUMBER_WORDS: &[&str] = &[
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "thousand", "million", "billion", "trillion", "mln", "bln", "pct",
];

/// Whether a word is a number (figures or words), not counting a year alone.
fn is_number(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    if w.chars().any(|c| c.is_ascii_digit()) {
        let year = w.len() == 4 && w.chars().all(|c| c.is_ascii_digit());
        return !year
            && word
                .chars()
                .all(|c| c.is_ascii_digit() || ".,%-/+()$".contains(c));
    }
    NUMBER_WORDS.contains(&w.to_lowercase().as_str())
}

/// Whether a paragraph is a row of a table rather than a sentence: no sentence end, and
/// either short (fifteen words at most) with a number in it ("Oper shr five cts vs six
/// cts"), or a quarter numbers with no lower-case word of four letters or more.
pub fn is_table_row(text: &str) -> bool {
    // most paragraphs end a sentence: those are settled before their words are read
    if text.trim_end().ends_with(['.', '!', '?', '"', '\u{201d}']) {
        return false;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return false;
    }
    let numbers = words.iter().filter(|w| is_number(w)).count();
    let prose = words.iter().any(|w| {
        let letters = w.trim_matches(|c: char| !c.is_alphabetic());
        letters.chars().count() >= 4 && letters.chars().all(char::is_lowercase)
    });
    numbers >= 1 && words.len() <= 15 || numbers >= 2 && numbers * 4 >= words.len() && !prose
}

/// Removes or completes the mentions of one article's paragraphs (see the module doc).
pub fn clean<S: AsRef<str>>(paragraphs: &[S], mentions: &mut [Vec<Mention>]) {
    let last = paragraphs.len().saturating_sub(1);
    for (n, (text, found)) in paragraphs.iter().zip(mentions.iter_mut()).enumerate() {
        let text = text.as_ref();
        if n == last && n > 0 && text.split_whitespace().count() == 1 {
            found.clear(); // a sign-off
            continue;
        }
        let row = is_table_row(text);
        let row_start = text.len() - text.trim_start().len();
        found.retain(|m| {
            let letters = m.name.chars().filter(|c| c.is_alphabetic()).count();
            let alone = m.name.to_lowercase();
            let alone = alone.trim_end_matches('.');
            // "2,000 Ecus", "615 mln Ecus": a unit after an amount
            let after_amount = text
                .get(..m.start)
                .and_then(super::cues::last_word)
                .is_some_and(is_number);
            !(letters < 2
                || MONTH_ABBREVIATIONS.contains(&alone)
                || m.kind == Kind::Person && (after_amount || row && m.start == row_start))
        });
        for m in found.iter_mut() {
            cut_compound(text, m);
        }
        found.retain(|m| !m.name.is_empty());
        complete_legal_forms(text, found);
    }
}

/// Words that make a compound adjective of a name after a hyphen ("US-based").
const COMPOUND_ENDS: &[&str] = &[
    "based",
    "born",
    "bred",
    "led",
    "backed",
    "owned",
    "run",
    "made",
    "listed",
    "registered",
    "style",
];

/// "US-based": the mention becomes "US", the name it was written with.
fn cut_compound(text: &str, m: &mut Mention) {
    let Some(span) = text.get(m.start..m.end) else {
        return;
    };
    let Some((head, end)) = span.rsplit_once('-') else {
        return;
    };
    if !COMPOUND_ENDS.contains(&end.to_lowercase().as_str()) {
        return;
    }
    let head = head.trim_end();
    m.end = m.start + head.len();
    m.name = match m.name.strip_suffix(&span[head.len()..]) {
        Some(name) => name.trim_end().to_string(),
        None if m.name == span => head.to_string(),
        None => m.name.clone(),
    };
}

/// "Merck and Co Inc": an organization of legal forms only, after "and" or "&" right after
/// another name, joins it; alone it is dropped.
fn complete_legal_forms(text: &str, found: &mut Vec<Mention>) {
    let mut out: Vec<Mention> = Vec::with_capacity(found.len());
    for m in found.drain(..) {
        let span = text.get(m.start..m.end).unwrap_or("");
        let legal_only =
            !span.is_empty() && span.split_whitespace().all(is_legal_form) && m.kind == Kind::Org;
        if !legal_only {
            out.push(m);
            continue;
        }
        let joined = out.last_mut().filter(|prev| {
            let between = text.get(prev.end..m.start).unwrap_or("x").trim();
            (between == "and" || between == "&") && prev.end <= m.start
        });
        if let Some(prev) = joined {
            prev.end = m.end;
            prev.kind = Kind::Org;
            prev.name = text
                .get(prev.start..prev.end)
                .unwrap_or(&prev.name)
                .to_string();
        }
    }
    *found = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(kind: Kind, text: &str, mention: &str, name: &str) -> Mention {
        Mention {
            name: name.to_string(),
            ..Mention::first_in(kind, text, mention)
        }
    }

    #[test]
    fn table_rows_are_told_from_sentences() {
        for row in [
            "Oper shr 16 cts vs 29 cts",
            "Oper net 453,924 vs 726,816",
            "840 - - - Jun 87 780 810 -",
            "Revs 12.5 mln vs 10.1 mln",
            "Oper shr five cts vs six cts",
            "Shr loss 24 cts vs loss 10 cts",
        ] {
            assert!(is_table_row(row), "{row}");
        }
        for sentence in [
            "Shares rose 16 cts to 29 dlrs in active trading.",
            "The company said it earned 453,924 dlrs in 1986 against 726,816 dlrs.",
            "Liverpool beat Chelsea 2-1 on Saturday.",
            "Reuters",
            "President Reagan in 1987",
        ] {
            assert!(!is_table_row(sentence), "{sentence}");
        }
    }

    #[test]
    fn furniture_names_nothing_and_legal_forms_complete_names() {
        let p = [
            "Oper shr 16 cts vs 29 cts",
            "Merck and Co Inc sells a vaccine for 2,000 Ecus, as S and P said on Jun 3.",
            "J.P. Morgan and Co Inc was not named. Co Inc alone is nothing. The US-based firm grew.",
            "REUTER",
        ];
        let mut found = vec![
            vec![m(Kind::Person, p[0], "Oper", "Oper")],
            vec![
                m(Kind::Org, p[1], "Merck", "Merck"),
                m(Kind::Org, p[1], "Co Inc", "Co Inc"),
                m(Kind::Person, p[1], "Ecus", "Ecus"),
                m(Kind::Person, p[1], "S", "S"),
                m(Kind::Person, p[1], "Jun", "Jun"),
            ],
            vec![
                m(Kind::Person, p[2], "J.P. Morgan", "J.P. Morgan"),
                m(Kind::Org, p[2], "Co Inc", "Co Inc"),
                Mention {
                    kind: Kind::Org,
                    name: "Co Inc".into(),
                    start: p[2].rfind("Co Inc").unwrap_or(0),
                    end: p[2].rfind("Co Inc").unwrap_or(0) + 6,
                },
                m(Kind::Place, p[2], "US-based", "US-based"),
            ],
            vec![m(Kind::Org, p[3], "REUTER", "Reuters")],
        ];
        clean(&p, &mut found);
        let names: Vec<Vec<(Kind, &str)>> = found
            .iter()
            .map(|f| f.iter().map(|m| (m.kind, m.name.as_str())).collect())
            .collect();
        assert_eq!(
            names,
            vec![
                vec![],
                vec![(Kind::Org, "Merck and Co Inc")],
                vec![(Kind::Org, "J.P. Morgan and Co Inc"), (Kind::Place, "US")],
                vec![],
            ]
        );
        assert_eq!(
            &p[1][found[1][0].start..found[1][0].end],
            "Merck and Co Inc"
        );
    }
}
