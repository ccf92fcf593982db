//! Entity recognition: the people, places and organizations each paragraph names.
//!
//! Recognition is article-level: [`Recognizer::recognize`] takes all paragraphs of one article
//! so that "Burns" in paragraph 2 resolves to the "William J. Burns" of paragraph 1.
//!
//! The stages, one module each:
//! - [`tokens`]: words and punctuation with byte spans;
//! - [`gazetteer`]: known names and aliases (embedded, plus the user's `--names` file),
//!   matched by a token trie, longest match first;
//! - [`rules`]: runs of capitalized words split into titles, known names and new names, each
//!   new name classified by its context (titles, given names, organization suffixes, verbs
//!   of saying);
//! - [`resolve`]: one canonical name and one kind per entity per article;
//! - [`cues`]: works named like people leave them, firms become organizations;
//! - [`junk`]: what table rows, sign-offs and stray letters yield is dropped.
//!
//! ```
//! use newsindex::entities::{Kind, Recognizer};
//! let r = Recognizer::new(&[]);
//! let m = r.recognize(&["CIA Director William J. Burns flew to Cairo.", "Burns met Egyptian officials."]);
//! let names: Vec<_> = m[1].iter().map(|m| (m.kind, m.name.as_str())).collect();
//! assert_eq!(names, vec![(Kind::Person, "William J. Burns"), (Kind::Place, "Egypt")]);
//! ```

pub mod cues;
pub mod dateline;
pub mod features;
pub mod fold;
pub mod gazetteer;
pub mod junk;
pub mod lexicon;
pub mod model;
pub mod resolve;
pub mod rules;
pub mod sports;
pub mod tagger;
pub mod tokens;
pub mod training;
pub mod words;

use serde::{Deserialize, Serialize};

pub use gazetteer::{Gazetteer, NameEntry};

/// The kinds of entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Person,
    Place,
    Org,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Person, Kind::Place, Kind::Org];

    /// The field and JSON name: `person`, `place`, `org`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Org => "org",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "person" | "people" | "per" => Some(Kind::Person),
            "place" | "places" | "loc" | "gpe" => Some(Kind::Place),
            "org" | "orgs" | "organization" | "organisation" => Some(Kind::Org),
            _ => None,
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A mention of an entity in a paragraph: `text[start..end]` names `name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub kind: Kind,
    /// The entity's canonical name.
    pub name: String,
    /// Byte offsets into the paragraph text.
    pub start: usize,
    pub end: usize,
}

#[cfg(test)]
impl Mention {
    /// The mention of `name` where `text` first writes it (for tests).
    pub fn first_in(kind: Kind, text: &str, name: &str) -> Mention {
        let start = text.find(name).unwrap_or(0);
        Mention {
            kind,
            name: name.to_string(),
            start,
            end: start + name.len(),
        }
    }
}

/// What recognition found in one article.
#[derive(Debug, Clone, Default)]
pub struct Recognized {
    /// Each paragraph's mentions, in text order.
    pub mentions: Vec<Vec<Mention>>,
    /// What each paragraph's words say of its names, for the archive to weigh (see
    /// [`Cue`]).
    pub cues: Vec<Vec<Cue>>,
}

/// What a paragraph's words say of a name, kept as evidence for the archive (no facet or
/// filter reads it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cue {
    /// The title of a work (a film, a band, a game), whether or not it was dropped from
    /// the paragraph's people.
    Work(String),
    /// A place the gazetteer does not know, where something is ("in Brixton", "from
    /// Gateshead"): a place that never is so is likely not one.
    Located(String),
}

impl Cue {
    pub fn name_mut(&mut self) -> &mut String {
        match self {
            Cue::Work(name) | Cue::Located(name) => name,
        }
    }
}

/// The longest entity name kept, in bytes: a longer name (a run of capitalized words in a
/// table, a correction typed by mistake) is cut on a character boundary at ingest and
/// refused in a corrections file.
pub const MAX_NAME_BYTES: usize = 256;

/// `name` cut to [`MAX_NAME_BYTES`] on a character boundary.
pub fn bounded(name: &str) -> &str {
    if name.len() <= MAX_NAME_BYTES {
        return name;
    }
    let mut end = MAX_NAME_BYTES;
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// The distinct entities among a paragraph's mentions, sorted by kind, then name: the
/// values of the index's `entity` field.
pub fn distinct(mentions: &[Mention]) -> Vec<(Kind, &str)> {
    let mut entities: Vec<(Kind, &str)> =
        mentions.iter().map(|m| (m.kind, m.name.as_str())).collect();
    entities.sort_unstable();
    entities.dedup();
    entities
}

/// The distinct names of one kind among a paragraph's mentions, sorted: a hit's entity list.
pub fn names_of(mentions: &[Mention], kind: Kind) -> Vec<&str> {
    distinct(mentions)
        .into_iter()
        .filter(|&(k, _)| k == kind)
        .map(|(_, name)| name)
        .collect()
}

/// The model the binary embeds: trained by `examples/train.rs` on `../shared/data/train`
/// (see `data/model/SOURCES.md` for its sources and license).
static EMBEDDED_MODEL: &[u8] = include_bytes!("../../data/model/ner.bin");

/// The embedded model, read on first use.
pub fn embedded_model() -> &'static model::Model {
    static MODEL: std::sync::LazyLock<model::Model> = std::sync::LazyLock::new(|| {
        crate::trace::step("model loaded");
        match model::Model::from_bytes(EMBEDDED_MODEL) {
            Ok(m) => m,
            // the file is checked by a unit test, so this is a build bug
            Err(e) => panic!("the embedded model is unreadable: {e:#}"),
        }
    });
    &MODEL
}

/// How common a word must be in English (Zipf frequency times 10) to be taken for a word
/// rather than a team leading a results row ("Total 232"; "Arsenal", 43, is a team).
const COMMON_ZIPF: u8 = 45;

/// Paragraphs resolved together at most: a huge article is resolved a section at a time,
/// which bounds the memory and time of one article.
const SECTION_PARAGRAPHS: usize = 500;

/// The recognizer: the gazetteer automaton, the rules and the tagger's model. Build it once
/// and share it across threads.
pub struct Recognizer {
    pub gazetteer: Gazetteer,
    model: &'static model::Model,
}

impl Recognizer {
    /// Builds the recognizer with the user's names added to the embedded gazetteers.
    pub fn new(user_names: &[NameEntry]) -> Recognizer {
        Recognizer {
            gazetteer: Gazetteer::build(user_names),
            model: embedded_model(),
        }
    }

    /// A recognizer with another model (for evaluating a model before it is embedded).
    pub fn with_model(user_names: &[NameEntry], model: &'static model::Model) -> Recognizer {
        Recognizer {
            gazetteer: Gazetteer::build(user_names),
            model,
        }
    }

    /// Recognizes the mentions in each paragraph of one article, in text order.
    pub fn recognize<S: AsRef<str>>(&self, paragraphs: &[S]) -> Vec<Vec<Mention>> {
        self.recognize_article(None, paragraphs).mentions
    }

    /// Recognizes one article's mentions, with the names cued as works in each paragraph;
    /// its title, when it has one, tells what kind of story it is.
    pub fn recognize_article<S: AsRef<str>>(
        &self,
        title: Option<&str>,
        paragraphs: &[S],
    ) -> Recognized {
        let tagger = tagger::Tagger {
            model: self.model,
            gazetteer: &self.gazetteer,
        };
        let mut out = Vec::with_capacity(paragraphs.len());
        for section in paragraphs.chunks(SECTION_PARAGRAPHS) {
            out.extend(tagger.tag_article(section, |prepared, _, tagged| {
                resolve::resolve(&self.gazetteer, prepared, tagged)
            }));
        }
        let rank = |name: &str| self.gazetteer.rank(name);
        dateline::places(paragraphs, &mut out, rank);
        let mut found_cues = cues::apply(paragraphs, &mut out, rank);
        let lookup = sports::Lookup {
            rank,
            common: |word: &str| {
                self.gazetteer.all_facts(&fold::fold_name(word)).zipf >= COMMON_ZIPF
            },
        };
        sports::clubs(title, paragraphs, &mut out, &lookup);
        junk::clean(paragraphs, &mut out);
        let names = out.iter_mut().flatten().map(|m| &mut m.name);
        for name in names.chain(found_cues.iter_mut().flatten().map(Cue::name_mut)) {
            if name.len() > MAX_NAME_BYTES {
                let end = bounded(name).len();
                name.truncate(end);
            }
        }
        Recognized {
            mentions: out,
            cues: found_cues,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn recognizer() -> &'static Recognizer {
        static R: OnceLock<Recognizer> = OnceLock::new();
        R.get_or_init(|| Recognizer::new(&[]))
    }

    /// The distinct (kind, name) pairs of each paragraph of one article.
    fn entities(paragraphs: &[&str]) -> Vec<Vec<(Kind, String)>> {
        recognizer()
            .recognize(paragraphs)
            .into_iter()
            .map(|ms| {
                let mut v: Vec<(Kind, String)> = ms.into_iter().map(|m| (m.kind, m.name)).collect();
                v.sort();
                v.dedup();
                v
            })
            .collect()
    }

    fn has(found: &[(Kind, String)], kind: Kind, name: &str) -> bool {
        found.iter().any(|(k, n)| *k == kind && n == name)
    }

    use Kind::{Org, Person, Place};

    #[test]
    fn table_of_sentences() {
        // (sentence, must find, must not find)
        type Row = (
            &'static str,
            &'static [(Kind, &'static str)],
            &'static [(Kind, &'static str)],
        );
        let rows: &[Row] = &[
            ("CIA Director William J. Burns flew to Cairo.", &[(Org, "Central Intelligence Agency"), (Person, "William J. Burns"), (Place, "Cairo")], &[]),
            ("Qatari Prime Minister Mohammed bin Abdulrahman Al Thani arrived.", &[(Place, "Qatar"), (Person, "Mohammed bin Abdulrahman Al Thani")], &[(Person, "Prime Minister Mohammed bin Abdulrahman Al Thani")]),
            ("Syrian President Bashar al-Assad spoke.", &[(Place, "Syria"), (Person, "Bashar al-Assad")], &[]),
            ("Judge Pieter van der Berg ruled on Monday.", &[(Person, "Pieter van der Berg")], &[(Person, "Monday")]),
            ("Gen. Mark Milley said the plan was sound.", &[(Person, "Mark Milley")], &[]),
            ("Israelis and Palestinians met U.S. and U.N. officials.", &[(Place, "Israel"), (Place, "Palestinian territories"), (Place, "United States"), (Org, "United Nations")], &[]),
            ("Gazan families fled to Egyptian towns.", &[(Place, "Gaza"), (Place, "Egypt")], &[]),
            ("\"We are trying,\" said Samir Farag, a former Egyptian general.", &[(Person, "Samir Farag"), (Place, "Egypt")], &[]),
            ("Information was contributed by Susannah George and Karen DeYoung of The Washington Post.", &[(Person, "Susannah George"), (Person, "Karen DeYoung"), (Org, "The Washington Post")], &[(Place, "Washington")]),
            ("Fighting spread to Khan Younis and Khān Yūnis.", &[(Place, "Khān Yūnis")], &[]),
            ("The White House and the Pentagon disagreed.", &[(Org, "White House"), (Org, "Defense Department")], &[]),
            // false friends: common words that are also places, and "burns" the verb
            ("Reading is fun and mobile phones are everywhere.", &[], &[(Place, "Reading"), (Place, "Mobile")]),
            ("The fire burns slowly while David Barnea watches.", &[(Person, "David Barnea")], &[(Place, "David"), (Person, "Burns")]),
            ("She moved to Reading, Pennsylvania, last year.", &[(Place, "Reading"), (Place, "Pennsylvania")], &[]),
            ("Mobile phone sales rose. The Bank of Japan said rates hold.", &[(Org, "Bank of Japan")], &[(Place, "Mobile"), (Place, "Bānk")]),
            ("Who told us? The WHO did.", &[(Org, "World Health Organization")], &[(Place, "United States")]),
            ("Standard Oil Co said profits rose.", &[(Org, "Standard Oil Co")], &[(Person, "Standard Oil Co")]),
            ("Sweden 1 – 0 Korea Republic", &[(Org, "Sweden")], &[(Place, "Sweden")]),
            // false friends: the club, the person and the town
            ("Chelsea beat Arsenal 2-1 at Stamford Bridge, with Frank Lampard scoring twice.", &[(Org, "Chelsea FC"), (Org, "Arsenal"), (Person, "Frank Lampard")], &[(Place, "Chelsea")]),
            ("Chelsea Clinton spoke at the event in New York.", &[(Person, "Chelsea Clinton"), (Place, "New York")], &[(Place, "Chelsea"), (Org, "Chelsea FC")]),
            ("Paris Hilton arrived in London on Tuesday, and Hilton said she loved the city.", &[(Person, "Paris Hilton"), (Place, "London")], &[(Place, "Paris"), (Person, "Hilton")]),
            ("French officials met in Paris to discuss the accord.", &[(Place, "Paris")], &[(Person, "Paris")]),
            // British copy: UK institutions and parties, not US ones
            ("Officials at the Treasury said Labour and the Lib Dems backed the plan in the Commons, the BBC reported from London.", &[(Org, "HM Treasury"), (Org, "Labour Party"), (Org, "Liberal Democrats"), (Org, "House of Commons")], &[(Org, "Treasury Department"), (Org, "House of Representatives")]),
            ("The House voted on the bill after Republicans in Congress objected, the White House said.", &[(Org, "House of Representatives"), (Org, "Congress")], &[(Org, "House of Commons")]),
        ];
        for (text, want, not) in rows {
            let found = &entities(&[text])[0];
            for (kind, name) in *want {
                assert!(
                    has(found, *kind, name),
                    "{text:?}: missing {kind} {name:?} in {found:?}"
                );
            }
            for (kind, name) in *not {
                assert!(
                    !has(found, *kind, name),
                    "{text:?}: unexpected {kind} {name:?} in {found:?}"
                );
            }
        }
    }

    #[test]
    fn surnames_resolve_across_the_article_and_sentence_starts() {
        let found = entities(&[
            "President Biden will send CIA Director William J. Burns to Europe.",
            "Burns is expected to meet Prime Minister Benjamin Netanyahu.",
            "Burns's talks build on Netanyahu's proposal.",
        ]);
        assert!(has(&found[1], Person, "William J. Burns"), "{:?}", found[1]);
        assert!(has(&found[1], Person, "Benjamin Netanyahu"));
        assert!(has(&found[2], Person, "William J. Burns"), "{:?}", found[2]);
        assert!(has(&found[2], Person, "Benjamin Netanyahu"));
        assert!(!found
            .iter()
            .flatten()
            .any(|(_, n)| n == "Burns" || n == "Netanyahu"));
    }

    #[test]
    fn the_furniture_and_the_sports_copy_of_real_archives() {
        // a wire earnings table: its row labels and its sign-off are nobody
        let found = entities(&[
            "Acme Widget Corp said first quarter results were lower.",
            "Oper shr 16 cts vs 29 cts",
            "Oper net 1,234,000 vs 2,345,000",
            "Revs 12.3 mln vs 10.1 mln",
            "REUTER",
        ]);
        assert!(
            found[1..].iter().flatten().all(|(k, _)| *k != Person),
            "{found:?}"
        );
        // a football report: clubs named by their towns are organizations, in sentences
        // and in the results table; the town a story was filed from is a place
        let found = entities(&[
            "NEWCASTLE 1996-08-31",
            "Liverpool beat Chelsea 2-1 on Saturday, with a late goal from their striker \
             after the referee waved away a penalty in the league match.",
            "Newcastle winger Laurent Robert said the squad would recover for the fixture.",
            "Arsenal 2 Leicester 0",
            "Newcastle 4 3 0 1 8 4 9",
        ]);
        assert!(has(&found[0], Place, "Newcastle"), "{:?}", found[0]);
        assert!(has(&found[1], Org, "Liverpool"), "{:?}", found[1]);
        assert!(!has(&found[1], Place, "Liverpool"), "{:?}", found[1]);
        assert!(has(&found[2], Org, "Newcastle"), "{:?}", found[2]);
        assert!(has(&found[2], Person, "Laurent Robert"), "{:?}", found[2]);
        assert!(has(&found[3], Org, "Arsenal"), "{:?}", found[3]);
        assert!(has(&found[3], Org, "Leicester"), "{:?}", found[3]);
        assert!(has(&found[4], Org, "Newcastle"), "{:?}", found[4]);
        // the same town in other news is the place
        let found = entities(&["A new museum opened in Liverpool on Monday."]);
        assert!(has(&found[0], Place, "Liverpool"), "{:?}", found[0]);
        // a film review: the film is nobody, its star is someone
        let found = entities(&[
            "The film Vera Drake won three awards on Sunday.",
            "Vera Drake star Imelda Staunton thanked the director Mike Leigh.",
        ]);
        assert!(
            !found.iter().flatten().any(|(_, n)| n == "Vera Drake"),
            "{found:?}"
        );
        assert!(has(&found[1], Person, "Imelda Staunton"), "{:?}", found[1]);
    }

    #[test]
    fn recurring_unknown_names_and_their_full_forms_are_organizations() {
        let found = entities(&[
            "A defector left the Church of Scientology last year.",
            "He said Scientology staff followed him, and Scientology denied it.",
        ]);
        assert!(
            has(&found[1], Org, "Church of Scientology"),
            "{:?}",
            found[1]
        );
    }

    #[test]
    fn fragments_of_longer_names_are_not_entities_of_their_own() {
        let found = entities(&[
            "He was nominated to leave the Channel 4 show by fellow housemates.",
            "The 77th annual Academy Awards are taking place on Sunday.",
            "The Mental Capacity Bill has broad support from charities.",
            "The Lib Dems plan to oppose the Bill in the Lords on Thursday.",
        ]);
        assert!(has(&found[0], Org, "Channel 4"), "{:?}", found[0]);
        let all: Vec<&(Kind, String)> = found.iter().flatten().collect();
        assert!(
            !all.iter()
                .any(|(_, n)| n == "Channel" || n == "Academy" || n == "Bill"),
            "{all:?}"
        );
        // a given name after "the" is a person where the article names one by it
        let found = entities(&[
            "Tony Blair spoke on Monday.",
            "Critics of the Blair government were not convinced.",
        ]);
        assert!(has(&found[1], Person, "Tony Blair"), "{:?}", found[1]);
        // and an initial with a given name in a team sheet stays a name (the archive
        // makes "M Owen" a person by its shape)
        let found = entities(&["J Thomas, M Williams, M Owen, D Peel."]);
        assert!(
            found[0].iter().any(|(_, n)| n == "M Owen"),
            "{:?}",
            found[0]
        );
    }

    #[test]
    fn a_firms_first_word_alone_is_the_firm() {
        let found = entities(&[
            "Bell Petroleum Services Inc said it agreed to begin talks with Regal.",
            "Bell said the plan would need court approval.",
        ]);
        assert!(
            has(&found[1], Org, "Bell Petroleum Services Inc"),
            "{:?}",
            found[1]
        );
        assert!(!found.iter().flatten().any(|(k, _)| *k == Person));
    }

    #[test]
    fn bracketed_abbreviations_stand_for_their_names() {
        let found = entities(&[
            "The Union of Rationalist Atheists and Agnostics (UAAR) has complained.",
            "A UAAR spokesman said more.",
        ]);
        let full = "Union of Rationalist Atheists and Agnostics";
        assert!(has(&found[0], Org, full), "{:?}", found[0]);
        assert!(has(&found[1], Org, full), "{:?}", found[1]);
        assert!(!found.iter().flatten().any(|(_, n)| n == "UAAR"));
    }

    #[test]
    fn user_names_win() {
        let user =
            gazetteer::parse_names("person\tJane Roe\tRoe\norg\tReading Club\n", "names.tsv")
                .unwrap();
        let r = Recognizer::new(&user);
        let ms = r.recognize(&["Roe joined the Reading Club."]);
        let names: Vec<(Kind, &str)> = ms[0].iter().map(|m| (m.kind, m.name.as_str())).collect();
        assert_eq!(names, vec![(Person, "Jane Roe"), (Org, "Reading Club")]);
    }

    #[test]
    fn the_embedded_model_reads() {
        assert!(embedded_model().num_features() > 10_000);
    }

    #[test]
    fn mention_spans_point_at_the_mention() {
        // a curly possessive stays out of the span; the spans are byte ranges
        let text = "Benjamin Netanyahu’s aides met Qatari officials in Doha.";
        let found: Vec<&str> = recognizer().recognize(&[text])[0]
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(found, vec!["Benjamin Netanyahu", "Qatari", "Doha"]);
    }

    #[test]
    fn names_longer_than_the_limit_are_cut_on_a_character_boundary() {
        let long = format!("President {} said.", "Éamonn ".repeat(60).trim_end());
        for m in recognizer().recognize(&[long.as_str()]).iter().flatten() {
            assert!(m.name.len() <= MAX_NAME_BYTES, "{}", m.name.len());
        }
        assert_eq!(bounded(&"é".repeat(200)).len(), 256);
        assert_eq!(bounded(&format!("a{}", "é".repeat(200))).len(), 255);
    }
}
