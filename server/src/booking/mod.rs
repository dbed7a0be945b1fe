//! The booking engine: capacity, waitlists and offers over anything
//! bookable with a start, an end and a number of places. A service's slot
//! is the first such thing (`services/`); lectures, volunteer activities
//! and cultural events register through the same engine. Every write
//! starts by updating the bookable's row, which serializes the writes of
//! one bookable on both backends: places are never given twice, the line
//! keeps arrival order, and an offer that ran out passes to the next in
//! line however many servers run.

pub mod loaders;
pub mod model;
pub mod objects;
pub mod query;
pub mod service;
pub mod store;
