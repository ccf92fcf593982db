//! The archive's entities: which names, across every article of an index, are one entity.
//!
//! Each article's recognition already gives one name to each entity it mentions. Across an
//! archive one person still appears under several names ("Tony Blair", "Blair", "Mr
//! Blair"), one party as "Conservative Party" and "Tory". At the end of each ingest the
//! index's names ([`variants`]) are grouped into entities ([`group`]) and stored with a
//! lookup table ([`catalog`]); the user's corrections ([`corrections`]) are applied on top
//! and kept.
//! Queries then speak in entities: facets count each paragraph once per entity
//! ([`facets`]), filters find every entity a typed name fits ([`lookup`]), hits show
//! entities' names.

pub mod catalog;
pub mod corrections;
pub mod edits;
mod evidence;
pub mod facets;
pub mod group;
pub mod keys;
pub mod lookup;
pub mod variants;

pub use catalog::Catalog;
pub use corrections::Corrections;
