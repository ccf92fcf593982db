//! The query set of the latency measurements, shared by benches/query.rs and
//! examples/query_latency.rs: plain words, a phrase, an entity filter, and each with facet
//! counts (the 10 largest of each kind), by date, with a month histogram, grouped by
//! article, and all of those at once as the search page asks; 10 hits a page.

use newsindex::entities::Kind;
use newsindex::search::histogram::{Histogram, Interval};
use newsindex::search::{SearchRequest, Sort};

fn request(query: Option<&str>, filters: &[(Kind, &str)], facets: bool) -> SearchRequest {
    SearchRequest {
        query: query.map(str::to_string),
        filters: filters.iter().map(|(k, n)| (*k, n.to_string())).collect(),
        limit: 10,
        facets: facets.then_some(10),
        ..SearchRequest::default()
    }
}

/// (name, request) pairs.
pub fn cases() -> Vec<(&'static str, SearchRequest)> {
    vec![
        ("word", request(Some("oil"), &[], false)),
        ("two words", request(Some("oil prices"), &[], false)),
        ("phrase", request(Some("\"interest rates\""), &[], false)),
        (
            "person filter",
            request(None, &[(Kind::Person, "Reagan")], false),
        ),
        ("word + facets", request(Some("oil"), &[], true)),
        (
            "phrase + facets",
            request(Some("\"interest rates\""), &[], true),
        ),
        (
            "place filter + facets",
            request(None, &[(Kind::Place, "Japan")], true),
        ),
        (
            "word by date",
            SearchRequest {
                sort: Sort::DateDesc,
                ..request(Some("oil"), &[], false)
            },
        ),
        (
            "word + histogram",
            SearchRequest {
                histogram: Some(Histogram::Every(Interval::Month)),
                ..request(Some("oil"), &[], false)
            },
        ),
        (
            "word grouped",
            SearchRequest {
                group: true,
                ..request(Some("oil"), &[], false)
            },
        ),
        (
            "page: word, all",
            SearchRequest {
                group: true,
                histogram: Some(Histogram::Auto),
                ..request(Some("oil"), &[], true)
            },
        ),
    ]
}
