//! GraphQL: the toolkit every domain uses (`context`, `loading`, `relay`,
//! `extend`, `scalars`), the assembly of the schema (`schema`), and the
//! transport and its limits (`http`, `limits`).

pub mod context;
pub mod extend;
pub mod http;
pub mod joins;
pub mod limits;
pub mod loading;
pub mod relay;
pub mod scalars;
pub mod schema;
