//! The partners domain: partner units' systems (合作单位 — the clinic that
//! runs the health checks, the police station, a property company, a paired
//! institution) that call Gongzhi with OAuth2 client credentials. A client
//! acts in one area, with scopes (what it may read or write, per domain),
//! purposes (which personal data it sees whole, PIPL's purpose limitation)
//! and a rate limit; its secrets are argon2 hashes, shown once and rotated
//! with an overlap. The district's admins keep them; `/oauth/token`
//! (`oauth.rs`) trades a secret for a short-lived token.

pub mod loaders;
pub mod model;
pub mod mutation;
pub mod objects;
pub mod query;
pub mod service;
pub mod store;
