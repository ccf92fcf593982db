//! newsindex: paragraph-level news search with people, places and organizations as facets.
//!
//! The pipeline, one folder a step: [`ingest`] reads files into articles and splits them
//! into paragraphs, [`entities`] finds the people, places and organizations of each
//! paragraph, [`index`] stores one tantivy document per paragraph, [`archive`] merges the
//! names one entity goes by across the index, and [`search`] answers ranked and faceted
//! queries; [`serve`] answers them over HTTP with a search page, and [`export`] writes the
//! paragraphs for Quickwit or OpenSearch. [`cli`] wires them into the commands of the
//! `newsindex` binary.

pub mod archive;
pub mod cli;
pub mod entities;
pub mod export;
pub mod index;
pub mod ingest;
pub mod search;
pub mod serve;
pub mod trace;
