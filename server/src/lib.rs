//! Gongzhi (共治): one GraphQL graph over a district's community governance.
//! `docs/ARCHITECTURE.md` describes the layers and the domains; each domain
//! folder (`area`, `people`, `party`, `booking`, `services`, `home_visits`, `facilities`) has the same files.

pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
#[macro_use]
pub mod db;
pub mod error;
pub mod graphql;
pub mod ids;
pub mod login;
pub mod oauth;
pub mod pages;
pub mod seed;
pub mod telemetry;

// The domains: area ← people ← party, booking ← services ← home_visits, facilities, each importing
// only those before it (rustfmt sorts these lines; `tests/tests/api/layout.rs` holds the order).
pub mod area;
pub mod booking;
pub mod facilities;
pub mod home_visits;
pub mod partners;
pub mod party;
pub mod people;
pub mod services;

pub use app::Application;
pub use error::{Error, Result};
