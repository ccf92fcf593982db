//! The entity kinds of the query syntax (`person:"William J. Burns"`, `place:Gaza`,
//! `org:Hamas`) mapped onto the index's one `entity` field, whose values are `kind:name`
//! (see [`crate::index::schema::entity_value`]).
//!
//! A query is parsed by tantivy's grammar into its syntax tree; every clause on a kind is
//! rewritten to the `entity` field with the kind's prefix, and the tree is then turned into
//! a query by tantivy's parser as a typed query would be.

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

/// The tree with every clause on a kind's field moved to the `entity` field.
pub fn rewrite(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, clause)| (occur, rewrite(clause)))
                .collect(),
        ),
        UserInputAst::Boost(inner, boost) => UserInputAst::Boost(Box::new(rewrite(*inner)), boost),
        UserInputAst::Leaf(leaf) => UserInputAst::Leaf(Box::new(rewrite_leaf(*leaf))),
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

fn rewrite_leaf(leaf: UserInputLeaf) -> UserInputLeaf {
    match leaf {
        UserInputLeaf::Literal(mut literal) => {
            if let Some(prefix) = kind_prefix(literal.field_name.as_deref()) {
                literal.field_name = Some(ENTITY.to_string());
                literal.phrase.insert_str(0, &prefix);
            }
            UserInputLeaf::Literal(literal)
        }
        UserInputLeaf::Set { field, elements } => match kind_prefix(field.as_deref()) {
            Some(prefix) => UserInputLeaf::Set {
                field: Some(ENTITY.to_string()),
                elements: elements.into_iter().map(|e| prefix.clone() + &e).collect(),
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
        format!("{:?}", rewrite(parse_query(query).unwrap()))
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
        let ast = rewrite(parse_query("place:*").unwrap());
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
}
