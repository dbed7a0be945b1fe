//! People: residents and everyone else the graph knows by name, their
//! personal data (parsed at the edge, encrypted at rest, masked on the way
//! out), the special-group register (特殊群体台账), the roles people hold in
//! areas (楼栋长, 网格员, grid governance groups), and the table of who
//! serves where, which decides who may see a person.

pub mod loaders;
pub mod model;
pub mod mutation;
pub mod objects;
pub mod query;
pub mod service;
pub mod store;
