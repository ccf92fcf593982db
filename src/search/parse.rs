//! Reading a user's query: limits checked before parsing, newsindex's own syntax rewritten
//! (entity fields, `word*`, `word~N`), and parser errors said with their position.

use anyhow::Result;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, QueryParserError};
use tantivy::query_grammar::{UserInputAst, UserInputLeaf};

use super::{budget, query_fields, Searchable};
use crate::entities::Kind;
use crate::index::analyzer::query_side_manager;
use crate::index::schema;

/// A query the parser rejected; the message says where.
#[derive(Debug)]
pub struct BadQuery(pub String);

impl std::fmt::Display for BadQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadQuery {}

/// A word as the index holds it: folded and stemmed by the query-side analyzer.
fn analyze(word: &str) -> Option<String> {
    let mut analyzer = crate::index::analyzer::news_en(false);
    let mut stream = analyzer.token_stream(word);
    let mut first = None;
    stream.process(&mut |token| {
        first.get_or_insert_with(|| token.text.clone());
    });
    first
}

/// The longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 16 * 1024;
/// The deepest nesting of brackets accepted in a query: the parser recurses once a level.
pub const MAX_QUERY_DEPTH: usize = 64;

/// Why a query is too long or too deeply nested to parse safely, if it is.
fn too_complex(query: &str) -> Option<String> {
    if query.len() > MAX_QUERY_BYTES {
        return Some(format!(
            "the query is {} KB, longer than the {} KB allowed",
            query.len().div_ceil(1024),
            MAX_QUERY_BYTES / 1024
        ));
    }
    let (mut depth, mut deepest, mut quoted) = (0usize, 0usize, false);
    for c in query.chars() {
        match c {
            '"' => quoted = !quoted,
            '(' | '[' | '{' if !quoted => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' | ']' | '}' if !quoted => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    (deepest > MAX_QUERY_DEPTH)
        .then(|| format!("brackets nested {deepest} deep, more than the {MAX_QUERY_DEPTH} allowed"))
}

/// What a query asks for (see [`budget::Cost`]); nothing for a query that does not parse.
pub fn cost_of(query: &str) -> budget::Cost {
    if too_complex(query).is_some() {
        return budget::Cost::default();
    }
    tantivy::query_grammar::parse_query(query)
        .ok()
        .and_then(|ast| budget::check(&ast).ok())
        .unwrap_or_default()
}

/// Names a user can put before `:` in a query.
const QUERY_FIELDS: &str = "title, text, article_id, paragraph, person, place, org, date";

impl Searchable<'_> {
    /// Parses a user query over title and text, AND by default.
    pub fn parse(&self, query: &str) -> Result<Box<dyn Query>> {
        if let Some(problem) = too_complex(query) {
            return Err(anyhow::Error::new(BadQuery(format!(
                "bad query: {problem}"
            ))));
        }
        if let Some(field) = query_fields::exists_on_text(query) {
            return Err(anyhow::Error::new(BadQuery(format!(
                "bad query {query:?}: `{field}:*` (any value) is not supported for {field}; \
                 search for words instead"
            ))));
        }
        let f = self.fields();
        let mut parser = QueryParser::new(
            self.index.index.schema(),
            vec![f.title, f.text],
            query_side_manager(),
        );
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.title, 0.5);
        // Only for the prefixes `rewrite_prefixes` makes: a regular expression typed by the
        // user is refused by `query_fields::unsupported` first.
        parser.allow_regexes();
        let parsed = match tantivy::query_grammar::parse_query(query) {
            Ok(ast) if query_fields::unsupported(&ast).is_some() => {
                let what = query_fields::unsupported(&ast).unwrap_or_default();
                return Err(anyhow::Error::new(BadQuery(format!(
                    "bad query {query:?}: {what}"
                ))));
            }
            Ok(ast) if budget::check(&ast).is_err() => {
                let why = budget::check(&ast).err().unwrap_or_default();
                return Err(anyhow::Error::new(BadQuery(format!(
                    "bad query {query:?}: {why}"
                ))));
            }
            Ok(ast) => {
                let resolve = |kind: Kind, name: &str| self.names_for(kind, name);
                let ast = query_fields::rewrite(ast, &resolve);
                let ast =
                    query_fields::rewrite_prefixes(ast, &analyze, &[schema::TITLE, schema::TEXT]);
                if query_fields::has_fuzzy(&ast) {
                    self.build_with_fuzzy(&parser, ast)
                } else {
                    parser.build_query_from_user_input_ast(ast)
                }
            }
            Err(_) => Err(QueryParserError::SyntaxError(query.to_string())),
        };
        parsed.map_err(|e| {
            let detail = match &e {
                QueryParserError::SyntaxError(_) => {
                    let (_, errors) = parser.parse_query_lenient(query);
                    errors
                        .first()
                        .map(|e| e.to_string())
                        .unwrap_or_else(|| e.to_string())
                }
                QueryParserError::FieldDoesNotExist(name) => {
                    format!("no field {name:?} (fields: {QUERY_FIELDS})")
                }
                other => other.to_string(),
            };
            anyhow::Error::new(BadQuery(format!("bad query {query:?}: {detail}")))
        })
    }

    /// A query tree with fuzzy terms (`Blar~1`): each fuzzy term becomes a fuzzy term query
    /// over title and text (within as many edits as its number, at most 2), the rest is built
    /// by the parser, and the clauses are joined as the parser joins them (AND by default).
    fn build_with_fuzzy(
        &self,
        parser: &QueryParser,
        ast: UserInputAst,
    ) -> std::result::Result<Box<dyn Query>, QueryParserError> {
        use tantivy::query::BoostQuery;
        match ast {
            UserInputAst::Clause(clauses) => {
                let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for (occur, clause) in clauses {
                    let occur = match occur {
                        Some(tantivy::query_grammar::Occur::Should) => Occur::Should,
                        Some(tantivy::query_grammar::Occur::MustNot) => Occur::MustNot,
                        _ => Occur::Must,
                    };
                    out.push((occur, self.build_with_fuzzy(parser, clause)?));
                }
                if out.iter().all(|(o, _)| *o == Occur::MustNot) {
                    out.push((Occur::Must, Box::new(AllQuery)));
                }
                Ok(Box::new(BooleanQuery::new(out)))
            }
            UserInputAst::Boost(inner, boost) => Ok(Box::new(BoostQuery::new(
                self.build_with_fuzzy(parser, *inner)?,
                boost.into_inner() as f32,
            ))),
            UserInputAst::Leaf(leaf) => match *leaf {
                UserInputLeaf::Literal(mut literal)
                    if query_fields::fuzzy_word(&literal).is_some() =>
                {
                    let (word, distance) = query_fields::fuzzy_word(&literal).unwrap_or_default();
                    let word = word.to_string();
                    let f = self.fields();
                    let mut fuzzy = QueryParser::new(
                        self.index.index.schema(),
                        vec![f.title, f.text],
                        query_side_manager(),
                    );
                    fuzzy.set_field_fuzzy(f.title, false, distance, true);
                    fuzzy.set_field_fuzzy(f.text, false, distance, true);
                    literal.phrase = word;
                    fuzzy.build_query_from_user_input_ast(UserInputAst::Leaf(Box::new(
                        UserInputLeaf::Literal(literal),
                    )))
                }
                other => {
                    parser.build_query_from_user_input_ast(UserInputAst::Leaf(Box::new(other)))
                }
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_too_long_or_too_deep_are_refused_before_parsing() {
        assert_eq!(too_complex("(a OR (b AND c))"), None);
        assert_eq!(
            too_complex(&format!("\"{}\"", "(".repeat(200))),
            None,
            "quoted"
        );
        let deep = format!("{}a{}", "(".repeat(65), ")".repeat(65));
        assert!(too_complex(&deep).unwrap().contains("nested 65 deep"));
        assert!(too_complex(&"a ".repeat(9000)).unwrap().contains("16 KB"));
    }
}
