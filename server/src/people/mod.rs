//! People: residents, personal data, the special-group register, and the
//! roles people hold in areas (building leaders, grid workers, grid groups).

pub mod graphql;
pub mod model;
pub mod service;
pub mod store;
