//! The entity kinds of the query syntax (`person:"William J. Burns"`, `place:Gaza`,
//! `org:Hamas`) mapped onto the index's one `entity` field, whose values are `kind:name`
//! (see [`crate::index::schema::entity_value`]).
//!
//! A query is parsed by tantivy's grammar into its syntax tree; every clause on a kind is
//! rewritten to the `entity` field with the kind's prefix, and the tree is then turned into
//! a query by tantivy's parser as a typed query would be. A name of a kind
//! (`person:Blair`) is resolved through the archive's entities first, as `--person Blair`
//! is: it becomes the set of every name of the entities it fits.

use tantivy::query_grammar::{UserInputAst, UserInputBound, UserInputLeaf};

use crate::entities::Kind;
use crate::index::schema::{entity_prefix, entity_prefix_end, ARTICLE_ID, DATE, ENTITY, PARAGRAPH};

/// The field of a `field:*` clause on a text field (title, text), which tantivy can only
/// answer for fast fields, if the query has one.
pub fn exists_on_text(query: &str) -> Option<String> {
    fn walk(ast: &UserInputAst) -> Option<String> {
        match ast {
            UserInputAst::Clause(clauses) => clauses.iter().find_map(|(_, c)| walk(c)),
            UserInputAst::Boost(inner, _) => walk(inner),
            UserInputAst::Leaf(leaf) => match &**leaf {
                UserInputLeaf::Exists { field } if kind_of(Some(field)).is_none() => {
                    let fast = [ARTICLE_ID, PARAGRAPH, DATE, ENTITY];
                    (!fast.contains(&field.as_str())).then(|| field.clone())
                }
                _ => None,
            },
        }
    }
    walk(&tantivy::query_grammar::parse_query(query).ok()?)
}

/// The names (of the `entity` field, without the kind's prefix) that a typed name of a
/// kind stands for; none to keep the name as typed.
pub type Resolver<'a> = &'a dyn Fn(Kind, &str) -> Vec<String>;

/// The tree with every clause on a kind's field moved to the `entity` field, names resolved
/// by `resolve`.
pub fn rewrite(ast: UserInputAst, resolve: Resolver) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, clause)| (occur, rewrite(clause, resolve)))
                .collect(),
        ),
        UserInputAst::Boost(inner, boost) => {
            UserInputAst::Boost(Box::new(rewrite(*inner, resolve)), boost)
        }
        UserInputAst::Leaf(leaf) => UserInputAst::Leaf(Box::new(rewrite_leaf(*leaf, resolve))),
    }
}

/// Every name a list of typed names stands for, with the kind's prefix.
fn resolved(kind: Kind, typed: &[String], resolve: Resolver) -> Vec<String> {
    let prefix = entity_prefix(kind);
    let mut out: Vec<String> = Vec::new();
    for name in typed {
        let mut names = resolve(kind, name);
        if names.is_empty() {
            names.push(name.clone());
        }
        for n in names {
            let value = prefix.clone() + &n;
            if !out.contains(&value) {
                out.push(value);
            }
        }
    }
    out
}

/// The tree with every one-word prefix (`host*`) made a regular expression over the
/// analyzed prefix (`host.*`), on the field named or on each of `default_fields`: tantivy's
/// parser reads `*` after one word as a phrase prefix, which needs two words, and so found
/// nothing. `analyze` gives a word's indexed form (folded and stemmed), or `None` when it
/// has no word.
pub fn rewrite_prefixes(
    ast: UserInputAst,
    analyze: &dyn Fn(&str) -> Option<String>,
    default_fields: &[&str],
) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, c)| (occur, rewrite_prefixes(c, analyze, default_fields)))
                .collect(),
        ),
        UserInputAst::Boost(inner, boost) => UserInputAst::Boost(
            Box::new(rewrite_prefixes(*inner, analyze, default_fields)),
            boost,
        ),
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(literal) if prefix_word(&literal).is_some() => {
                let word = prefix_word(&literal).unwrap_or_default();
                let Some(stem) = analyze(word) else {
                    return UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal)));
                };
                let pattern = format!("{}.*", regex_escape(&stem));
                let regex = |field: &str| {
                    UserInputAst::Leaf(Box::new(UserInputLeaf::Regex {
                        field: Some(field.to_string()),
                        pattern: pattern.clone(),
                    }))
                };
                match literal.field_name.as_deref() {
                    Some(field) => regex(field),
                    None => UserInputAst::Clause(
                        default_fields
                            .iter()
                            .map(|f| (Some(tantivy::query_grammar::Occur::Should), regex(f)))
                            .collect(),
                    ),
                }
            }
            other => UserInputAst::Leaf(Box::new(other)),
        },
    }
}

/// The word of a one-word prefix (`host*`: the grammar keeps the star in the word).
pub fn prefix_word(literal: &tantivy::query_grammar::UserInputLiteral) -> Option<&str> {
    if literal.delimiter != tantivy::query_grammar::Delimiter::None
        || kind_of(literal.field_name.as_deref()).is_some()
    {
        return None;
    }
    let word = literal.phrase.strip_suffix('*')?;
    (word.chars().count() >= 2 && !word.contains(['*', '~']) && !word.contains(char::is_whitespace))
        .then_some(word)
}

/// A one-word fuzzy term (`Blar~1`, `Blar~`: the grammar keeps the tilde in the word): the
/// word and the edits allowed (1 when no number is given, at most 2).
pub fn fuzzy_word(literal: &tantivy::query_grammar::UserInputLiteral) -> Option<(&str, u8)> {
    if literal.delimiter != tantivy::query_grammar::Delimiter::None
        || kind_of(literal.field_name.as_deref()).is_some()
    {
        return None;
    }
    let (word, distance) = literal.phrase.rsplit_once('~')?;
    let distance: u8 = if distance.is_empty() {
        1
    } else {
        distance.parse().ok()?
    };
    (!word.is_empty() && !word.contains(['*', '~'])).then_some((word, distance.clamp(1, 2)))
}

/// What a query asks for that the syntax does not support, if anything: a wildcard inside a
/// word (`ho*st`) or a tilde with something else than a number after it.
pub fn unsupported(ast: &UserInputAst) -> Option<String> {
    match ast {
        UserInputAst::Clause(clauses) => clauses.iter().find_map(|(_, c)| unsupported(c)),
        UserInputAst::Boost(inner, _) => unsupported(inner),
        UserInputAst::Leaf(leaf) => match &**leaf {
            UserInputLeaf::Literal(l) if l.delimiter == tantivy::query_grammar::Delimiter::None => {
                let p = &l.phrase;
                if p.contains('*')
                    && prefix_word(l).is_none()
                    && kind_of(l.field_name.as_deref()).is_none()
                {
                    Some(format!(
                        "{p:?}: a wildcard works only at the end of a word of two letters or more (host*)"
                    ))
                } else if p.contains('~') && fuzzy_word(l).is_none() {
                    Some(format!("{p:?}: a fuzzy word is word~1 or word~2"))
                } else {
                    None
                }
            }
            UserInputLeaf::Regex { pattern, .. } => Some(format!(
                "/{pattern}/: regular expressions are not supported; use word* or word~1"
            )),
            _ => None,
        },
    }
}

/// A regular expression that matches `text` literally.
fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        if !c.is_alphanumeric() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether a query tree has a fuzzy term (see [`fuzzy_word`]).
pub fn has_fuzzy(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Clause(clauses) => clauses.iter().any(|(_, c)| has_fuzzy(c)),
        UserInputAst::Boost(inner, _) => has_fuzzy(inner),
        UserInputAst::Leaf(leaf) => {
            matches!(&**leaf, UserInputLeaf::Literal(l) if fuzzy_word(l).is_some())
        }
    }
}

/// The kind a field name of the query stands for.
fn kind_of(field: Option<&str>) -> Option<Kind> {
    let field = field?;
    Kind::ALL.into_iter().find(|k| k.as_str() == field)
}

/// The prefix of a kind field's values, when `field` is one.
fn kind_prefix(field: Option<&str>) -> Option<String> {
    kind_of(field).map(entity_prefix)
}

fn rewrite_leaf(leaf: UserInputLeaf, resolve: Resolver) -> UserInputLeaf {
    match leaf {
        UserInputLeaf::Literal(mut literal) => match kind_of(literal.field_name.as_deref()) {
            Some(kind) => {
                let values = resolved(kind, std::slice::from_ref(&literal.phrase), resolve);
                if values.len() == 1 {
                    literal.field_name = Some(ENTITY.to_string());
                    literal.phrase = values.into_iter().next().unwrap_or_default();
                    UserInputLeaf::Literal(literal)
                } else {
                    UserInputLeaf::Set {
                        field: Some(ENTITY.to_string()),
                        elements: values,
                    }
                }
            }
            None => UserInputLeaf::Literal(literal),
        },
        UserInputLeaf::Set { field, elements } => match kind_of(field.as_deref()) {
            Some(kind) => UserInputLeaf::Set {
                field: Some(ENTITY.to_string()),
                elements: resolved(kind, &elements, resolve),
            },
            None => UserInputLeaf::Set { field, elements },
        },
        UserInputLeaf::Range {
            field,
            lower,
            upper,
        } => match kind_of(field.as_deref()) {
            Some(kind) => {
                let prefix = entity_prefix(kind);
                let bound = |b: UserInputBound, open: UserInputBound| match b {
                    UserInputBound::Inclusive(s) => UserInputBound::Inclusive(prefix.clone() + &s),
                    UserInputBound::Exclusive(s) => UserInputBound::Exclusive(prefix.clone() + &s),
                    UserInputBound::Unbounded => open,
                };
                // an open end stays within the kind: from its prefix, to just past it
                UserInputLeaf::Range {
                    field: Some(ENTITY.to_string()),
                    lower: bound(lower, UserInputBound::Inclusive(prefix.clone())),
                    upper: bound(upper, UserInputBound::Exclusive(entity_prefix_end(kind))),
                }
            }
            None => UserInputLeaf::Range {
                field,
                lower,
                upper,
            },
        },
        UserInputLeaf::Regex { field, pattern } => match kind_prefix(field.as_deref()) {
            // a kind's prefix (letters and ':') has nothing a regex would read specially
            Some(prefix) => UserInputLeaf::Regex {
                field: Some(ENTITY.to_string()),
                pattern: prefix + &pattern,
            },
            None => UserInputLeaf::Regex { field, pattern },
        },
        // `person:*`: any value of the kind, a range over its prefix
        UserInputLeaf::Exists { field } => match kind_of(Some(&field)) {
            Some(kind) => UserInputLeaf::Range {
                field: Some(ENTITY.to_string()),
                lower: UserInputBound::Inclusive(entity_prefix(kind)),
                upper: UserInputBound::Exclusive(entity_prefix_end(kind)),
            },
            None => UserInputLeaf::Exists { field },
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query_grammar::parse_query;

    fn rewritten(query: &str) -> String {
        format!(
            "{:?}",
            rewrite(parse_query(query).unwrap(), &|_, _| Vec::new())
        )
    }

    #[test]
    fn kind_clauses_move_to_the_entity_field_and_others_stay() {
        assert_eq!(
            rewritten("person:\"William J. Burns\""),
            format!(
                "{:?}",
                parse_query("entity:\"person:William J. Burns\"").unwrap()
            )
        );
        // an unquoted value stays unquoted
        assert_eq!(
            rewritten("hostages AND org:Hamas"),
            "(+hostages +\"entity\":org:Hamas)"
        );
        assert_eq!(
            rewritten("place: IN [Gaza Qatar]"),
            format!(
                "{:?}",
                parse_query("entity: IN [\"place:Gaza\" \"place:Qatar\"]").unwrap()
            )
        );
        // not a kind: untouched
        for query in ["title:talks", "people:Burns", "article_id:abc", "talks"] {
            assert_eq!(
                rewritten(query),
                format!("{:?}", parse_query(query).unwrap())
            );
        }
    }

    #[test]
    fn open_ranges_and_any_value_stay_within_the_kind() {
        let ast = rewrite(parse_query("place:*").unwrap(), &|_, _| Vec::new());
        let UserInputAst::Leaf(leaf) = ast else {
            panic!("{ast:?}")
        };
        let UserInputLeaf::Range {
            field,
            lower,
            upper,
        } = *leaf
        else {
            panic!("not a range")
        };
        assert_eq!(field.as_deref(), Some(ENTITY));
        assert!(matches!(lower, UserInputBound::Inclusive(s) if s == "place:"));
        assert!(matches!(upper, UserInputBound::Exclusive(s) if s == "place;"));
    }

    #[test]
    fn a_name_becomes_the_names_of_its_entities() {
        let resolve = |kind: Kind, name: &str| match (kind, name) {
            (Kind::Person, "Blair") => vec!["Tony Blair".to_string(), "Blair".to_string()],
            _ => Vec::new(),
        };
        assert_eq!(
            format!(
                "{:?}",
                rewrite(parse_query("person:Blair").unwrap(), &resolve)
            ),
            format!(
                "{:?}",
                parse_query("entity: IN [\"person:Tony Blair\" \"person:Blair\"]").unwrap()
            )
        );
    }
}
