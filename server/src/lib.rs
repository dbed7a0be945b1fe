//! Gongzhi (共治): one GraphQL graph over a district's community governance.
//! See `shared/DESIGN.md` for the architecture; each domain folder holds its
//! model, store (the only SQL), GraphQL and, where needed, service.

pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
#[macro_use]
pub mod db;
pub mod error;
pub mod graphql;
pub mod org;
pub mod people;
pub mod seed;
pub mod telemetry;

pub use app::Application;
pub use error::{Error, Result};
