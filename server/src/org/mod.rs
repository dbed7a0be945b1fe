//! The organization graph: areas, resident units, party organizations,
//! committee seats, pairings and party members.

pub mod graphql;
pub mod model;
pub mod service;
pub mod store;
