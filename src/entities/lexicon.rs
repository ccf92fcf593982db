//! Word lists for the recognizer's rules: function words, titles, roles, suffixes.
//! All entries are folded (lower case, no diacritics). [`lexicon`] turns them into one hash
//! map from a word to its classes (a bit set), built once, so the rules pay one lookup per
//! token instead of a scan per list.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// Word classes, as bits.
pub mod class {
    pub const FUNCTION: u16 = 1;
    pub const MONTH: u16 = 1 << 1;
    pub const ROLE: u16 = 1 << 2;
    pub const ORG_SUFFIX: u16 = 1 << 3;
    pub const PLACE_HEAD: u16 = 1 << 4;
    pub const PARTICLE: u16 = 1 << 5;
    pub const SAY: u16 = 1 << 6;
    pub const APPOSITION: u16 = 1 << 7;
    pub const LOCATIVE: u16 = 1 << 8;
    /// The first word of some title.
    pub const TITLE_START: u16 = 1 << 9;
    /// Joins the parts of a longer name: of, for, the, and, &.
    pub const CONNECTOR: u16 = 1 << 10;
    /// Capitalized words that are not names (Internet, English, VIP).
    pub const NOT_NAME: u16 = 1 << 11;
    /// Last words of event names (World Cup, Lantern Festival), which are not entities here.
    pub const EVENT: u16 = 1 << 12;
}

/// The word lists, indexed.
pub struct Lexicon {
    classes: FxHashMap<&'static str, u16>,
    /// Titles by their first word, each as its words.
    titles: FxHashMap<&'static str, Vec<Vec<&'static str>>>,
}

impl Lexicon {
    fn build() -> Lexicon {
        let mut classes: FxHashMap<&'static str, u16> = FxHashMap::default();
        let lists: [(&[&'static str], u16); 11] = [
            (NOT_NAMES, class::NOT_NAME),
            (EVENTS, class::EVENT),
            (FUNCTION_WORDS, class::FUNCTION),
            (MONTHS_AND_DAYS, class::MONTH),
            (ROLES, class::ROLE),
            (ORG_SUFFIXES, class::ORG_SUFFIX),
            (PLACE_HEADS, class::PLACE_HEAD),
            (PARTICLES, class::PARTICLE),
            (SAY_VERBS, class::SAY),
            (APPOSITION, class::APPOSITION),
            (LOCATIVES, class::LOCATIVE),
        ];
        for (list, bit) in lists {
            for w in list {
                *classes.entry(w).or_insert(0) |= bit;
            }
        }
        for w in ["of", "for", "the", "and", "&"] {
            *classes.entry(w).or_insert(0) |= class::CONNECTOR;
        }
        let mut titles: FxHashMap<&'static str, Vec<Vec<&'static str>>> = FxHashMap::default();
        for title in TITLES {
            let words: Vec<&'static str> = title.split(' ').collect();
            *classes.entry(words[0]).or_insert(0) |= class::TITLE_START;
            titles.entry(words[0]).or_default().push(words);
        }
        Lexicon { classes, titles }
    }

    /// The classes of a folded word (0 for none).
    pub fn class(&self, word: &str) -> u16 {
        self.classes.get(word).copied().unwrap_or(0)
    }

    /// Every word with a class, and its classes.
    pub fn classes(&self) -> impl Iterator<Item = (&'static str, u16)> + '_ {
        self.classes.iter().map(|(&w, &c)| (w, c))
    }

    /// The titles that start with a folded word.
    pub fn titles(&self, first: &str) -> &[Vec<&'static str>] {
        self.titles.get(first).map_or(&[], Vec::as_slice)
    }
}

/// The lexicon, built on first use.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::build);
    &LEXICON
}

/// Capitalized words that are not names at the start of a sentence or a name.
#[rustfmt::skip]
pub const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "according", "across", "after", "against", "ahead", "all", "also",
    "although", "among", "an", "and", "another", "any", "as", "at", "because", "before",
    "both", "but", "by", "despite", "during", "each", "earlier", "even", "every", "everybody",
    "everyone", "few", "following", "for", "from", "he", "her", "here", "his", "how",
    "however", "i", "if", "in", "inside", "instead", "it", "its", "last", "later", "many",
    "meanwhile", "more", "most", "much", "my", "next", "no", "nor", "not", "now", "of", "on",
    "once", "one", "only", "or", "other", "our", "outside", "over", "several", "she", "since",
    "so", "some", "still", "such", "than", "that", "the", "their", "then", "there", "these",
    "they", "this", "those", "though", "through", "to", "today", "tomorrow", "under", "unless",
    "until", "up", "we", "what", "when", "where", "whether", "which", "while", "who", "why",
    "with", "within", "without", "yes", "yesterday", "yet", "you", "your", "image", "photo",
    "video", "read", "watch", "click", "see", "please", "dear", "oh", "well", "thanks", "like",
    "just", "let", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "first", "second", "third",
];

/// Titles and roles written before a name, as folded word sequences.
#[rustfmt::skip]
pub const TITLES: &[&str] = &[
    "president", "vice president", "president-elect", "prime minister",
    "deputy prime minister", "foreign minister", "defense minister", "defence minister",
    "finance minister", "interior minister", "minister", "director", "deputy director",
    "secretary", "secretary of state", "secretary-general", "secretary general", "gen.",
    "lt.", "lt. gen.", "maj. gen.", "brig. gen.", "col.", "sgt.", "capt.", "adm.",
    "cmdr.", "maj.", "sen.", "senator", "rep.", "representative", "gov.", "governor", "mayor",
    "mr.", "mrs.", "ms.", "dr.", "prof.", "professor", "judge", "justice", "chief justice",
    "ambassador", "king", "queen", "prince", "princess", "crown prince", "pope", "sheikh",
    "emir", "sultan", "chancellor", "chairman", "chairwoman", "chair", "ceo", "spokesman",
    "spokeswoman", "commissioner", "speaker", "house speaker", "rabbi", "imam", "cardinal",
    "archbishop", "bishop", "father", "sir", "dame", "lord", "lady", "coach", "officer",
    "detective", "sergeant", "lieutenant", "colonel", "captain", "admiral", "marshal",
    "field marshal", "pres.", "rev.", "reverend", "ayatollah", "supreme leader", "leader",
    "premier", "attorney general", "u.s. attorney", "chief executive", "intelligence chief",
    "envoy", "special envoy", "national security adviser", "adviser", "advisor", "sen", "rep",
    "gen",
    "mr", "mrs", "ms", "dr", "undersecretary", "under secretary", "ceo", "cfo", "coo",
    "deputy", "acting", "interim", "home secretary", "shadow home secretary",
];

/// Lower-case role words that, right before a capitalized name, say it is a person.
#[rustfmt::skip]
pub const ROLES: &[&str] = &[
    "spokesman", "spokeswoman", "spokesperson", "director", "minister", "president", "leader",
    "chief", "secretary", "ambassador", "envoy", "adviser", "advisor", "general", "commander",
    "chairman", "chairwoman", "founder", "executive", "senator", "lawmaker", "coach", "actor",
    "actress", "singer", "author", "writer", "professor", "reporter", "correspondent",
    "journalist", "analyst", "economist", "mayor", "governor", "judge", "lawyer", "attorney",
    "prosecutor", "officer", "colleague", "wife", "husband", "son", "daughter", "brother",
    "sister", "mother", "father", "friend", "player", "striker", "midfielder", "defender",
    "goalkeeper", "captain", "manager", "candidate", "nominee", "rival", "opponent", "artist",
    "photographer", "researcher", "scientist", "student", "teacher", "dr", "premier",
    "counterpart", "predecessor", "successor", "deputy", "boss", "star", "winner", "champion",
    "co-founder", "cofounder", "entrepreneur", "businessman", "businesswoman", "billionaire",
    "president-elect", "candidate", "activist", "campaigner", "blogger", "designer", "chef",
    "banker", "investor", "director", "producer", "filmmaker", "comedian", "host", "presenter",
    "anchor", "editor", "columnist", "critic", "musician", "guitarist", "drummer", "rapper",
    "poet", "painter", "sculptor", "architect", "engineer", "physician", "surgeon", "nurse",
    "pilot", "soldier", "sergeant", "agent", "detective", "investigator", "inspector",
    "barrister", "solicitor", "advocate", "lecturer", "dean", "rector", "principal",
    "by", "named", "cardinal", "bishop", "pastor", "priest", "rabbi", "imam", "historian",
    "novelist", "poet", "director-general", "mr", "mrs", "ms", "sen", "rep", "gov", "mr.", "mrs.",
    "ms.", "dr.", "sen.", "rep.", "gov.", "gen.", "col.", "capt.", "lt.", "sgt.", "prof.",
];

/// Last words that make a name an organization.
#[rustfmt::skip]
pub const ORG_SUFFIXES: &[&str] = &[
    "inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "llc", "plc", "ag", "sa",
    "gmbh", "group", "company", "corporation", "bank", "university", "college", "institute",
    "school", "academy", "agency", "ministry", "department", "council", "committee",
    "commission", "party", "post", "times", "news", "association", "union", "federation",
    "league", "club", "foundation", "fund", "organization", "organisation", "society", "trust",
    "authority", "board", "bureau", "office", "service", "services", "court", "army", "navy",
    "police", "force", "forces", "guard", "guards", "brigade", "brigades", "movement", "front",
    "network", "airlines", "airways", "airline", "church", "parliament", "assembly", "cabinet",
    "government", "administration", "center", "centre", "team", "press", "journal", "herald",
    "tribune", "telegraph", "gazette", "magazine", "records", "studios", "systems",
    "technologies", "technology", "labs", "laboratory", "industries", "holdings", "partners",
    "motors", "pharmaceuticals", "energy", "petroleum", "oil", "bancorp", "securities",
    "capital", "investments", "exchange", "coalition", "alliance", "initiative", "program",
    "programme", "project", "hospital", "clinic", "museum", "library", "orchestra", "band",
    "fc", "united", "city fc", "rovers", "wanderers", "championship",
    "conference", "corps", "ministries",
    "airport authority", "municipality", "caucus", "senate", "congress", "tv", "radio",
    "channel", "broadcasting", "media", "publishing", "review", "daily", "weekly",
];

/// Last words that make a name a place.
#[rustfmt::skip]
pub const PLACE_HEADS: &[&str] = &[
    "city", "county", "province", "river", "lake", "mountain", "mountains", "mount", "island",
    "islands", "valley", "bay", "sea", "ocean", "street", "avenue", "road", "square", "park",
    "hall", "airport", "stadium", "bridge", "strip", "region", "district", "peninsula",
    "desert", "coast", "beach", "canyon", "village", "camp", "gulf", "strait", "straits",
    "plaza", "palace", "heights", "hills", "falls", "harbor", "harbour", "port", "border",
    "crossing", "territory", "territories", "state", "republic", "kingdom", "arena",
    "cathedral", "mosque", "temple", "tower", "building", "base", "prison", "neighborhood",
    "quarter",
];

/// Lower-case particles inside names ("Mohammed bin Abdulrahman", "van der Berg").
#[rustfmt::skip]
pub const PARTICLES: &[&str] = &[
    "bin", "ibn", "bint", "ben", "abu", "abd", "al", "el", "de", "del", "della", "di", "da", "van", "von", "der",
    "den", "la", "le", "du", "dos", "das", "ter", "ten", "y", "ul", "ud",
];

/// Verbs of saying after a name.
#[rustfmt::skip]
pub const SAY_VERBS: &[&str] = &[
    "said", "says", "say", "told", "added", "explained", "wrote", "writes", "asked", "noted",
    "argued", "warned", "insisted", "stated", "tweeted", "recalled", "replied", "announced",
    "acknowledged", "admitted", "confirmed", "denied", "claimed", "believes", "thinks",
];

/// Words after "X, a/an/the" that mark an apposition about a person.
#[rustfmt::skip]
pub const APPOSITION: &[&str] = &[
    "former", "senior", "retired", "longtime", "veteran", "spokesman", "spokeswoman",
    "professor", "lawyer", "member", "leader", "director", "chief", "deputy", "minister",
    "analyst", "researcher", "fellow", "resident", "mother", "father", "son", "daughter",
    "wife", "husband", "friend", "student", "teacher", "doctor", "nurse", "soldier", "officer",
    "official", "expert", "economist", "journalist", "reporter", "writer", "author", "founder",
    "co-founder", "year-old", "businessman", "businesswoman", "politician", "diplomat",
];

/// Months, days and holidays: capitalized, never an entity here.
#[rustfmt::skip]
pub const MONTHS_AND_DAYS: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.",
    "sep.", "sept.", "oct.", "nov.", "dec.", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "christmas", "easter", "ramadan", "eid",
];

/// Prepositions that put a place name after them ("in Reading").
#[rustfmt::skip]
pub const LOCATIVES: &[&str] = &[
    "in", "at", "from", "near", "to", "of", "outside", "around", "across", "into", "toward",
    "towards", "via", "through", "throughout", "inside", "within", "nearby", "visit", "visited",
    "visiting", "between", "en", "route", "leave", "left", "reach", "reached", "entered",
];

/// Words written with a capital that name no person, place or organization.
#[rustfmt::skip]
pub const NOT_NAMES: &[&str] = &[
    "internet", "web", "english", "french", "spanish", "arabic", "german", "chinese", "russian",
    "italian", "portuguese", "japanese", "hebrew", "persian", "urdu", "hindi", "latin", "greek",
    "god", "bible", "quran", "koran", "vip", "iq", "tv", "gmt", "utc", "am", "pm", "ad", "bc",
    "dna", "gdp", "ok", "faq", "pdf", "html", "url", "ai", "covid", "covid-19", "ceo", "phd",
    "ie", "usb", "gps", "sms", "id", "mp", "mps", "pc", "vs", "etc", "ii", "iii", "iv", "vi",
    "vii", "viii", "ix", "xi", "xii", "xvii", "xx", "match", "award", "prize", "cup", "league",
];

/// Last words of event names: a name ending in one is not a person, place or organization.
#[rustfmt::skip]
pub const EVENTS: &[&str] = &[
    "olympics", "games", "championship", "championships", "cup", "festival", "summit",
    "awards", "prize", "expo", "fair", "marathon", "tournament", "open", "series", "war",
    "revolution", "day", "week", "year", "season", "convention", "exhibition", "show",
];
