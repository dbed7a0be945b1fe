//! GraphQL: the toolkit every domain uses (`context`, `loading`, `relay`,
//! `extend`, `scalars`), the assembly of the schema (`schema`), and the
//! transport, its limits, its cache of parsed documents and the trusted
//! documents callers name by hash (`http`, `limits`, `documents`,
//! `trusted`).

pub mod context;
pub mod documents;
pub mod extend;
pub mod http;
pub mod joins;
pub mod limits;
pub mod loading;
pub mod relay;
pub mod scalars;
pub mod schema;
pub mod scopes;
pub mod trusted;
