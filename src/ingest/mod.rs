//! Reading input: [`article`] turns files and records into articles, [`paragraph`] splits
//! their bodies, [`pipeline`] recognizes entities batch by batch and hands the results to
//! the index writer, and [`parallel`] spreads that work over threads in input order.

pub mod article;
pub mod paragraph;
pub mod parallel;
pub mod pipeline;
