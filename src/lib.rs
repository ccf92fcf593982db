//! newsindex: paragraph-level news search with people, places and organizations as facets.
//!
//! The pipeline: [`article`] readers turn files into articles, [`paragraph`] splits bodies,
//! [`entities`] finds the people, places and organizations of each paragraph, [`index`]
//! stores one tantivy document per paragraph, and [`search`] answers ranked and faceted
//! queries. [`app`] wires them into the commands of the `newsindex` binary.

pub mod app;
pub mod archive;
pub mod article;
pub mod cli;
pub mod entities;
pub mod facets;
pub mod index;
pub mod output;
pub mod paragraph;
pub mod parallel;
pub mod pipeline;
pub mod query_fields;
pub mod search;
pub mod terminal;
