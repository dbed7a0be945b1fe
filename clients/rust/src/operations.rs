//! Typed operations, generated from the repository's `schema.graphql` (the
//! one source of the schema) and `operations.graphql` by `graphql_client`'s
//! derive at compile time: a schema change that breaks an operation breaks
//! the build.

use graphql_client::GraphQLQuery;

/// `Date` of the schema: `YYYY-MM-DD`.
pub type Date = String;
/// `DateTime` of the schema: RFC 3339.
pub type DateTime = String;

macro_rules! operation {
    ($name:ident) => {
        #[derive(GraphQLQuery)]
        #[graphql(
            schema_path = "../../schema.graphql",
            query_path = "src/operations.graphql",
            response_derives = "Debug, Clone",
            variables_derives = "Debug, Clone"
        )]
        pub struct $name;
    };
}

operation!(Residents);
operation!(ServiceFor);
operation!(Book);
operation!(PersonalData);
