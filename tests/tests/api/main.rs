//! The end-to-end stories, one module per domain or concern, in one test
//! binary (one link, however many domains there are). Each story runs over
//! HTTP against a real server on SQLite, and on PostgreSQL when
//! `TEST_DATABASE_URL` is set.

mod bookings;
mod caches;
mod committee_and_pairings;
mod demo_data;
mod facilities;
mod graphql_spec;
mod health;
mod home_visits;
mod http;
mod http_audit;
mod identity_provider;
mod input_limits;
mod layout;
mod metrics;
mod migrations;
mod n_plus_one;
mod partners;
mod party_members;
mod residents;
mod roles_and_register;
mod scale;
mod schema;
mod scope;
mod sdk;
mod services;
mod serving;
mod traces;
mod trusted_documents;
