//! Request limits (depth, complexity, aliases) and error codes for the phases
//! before execution, as one async-graphql extension.
//!
//! The schema itself is built without async-graphql's own limits: they
//! answer with uncoded messages, and we want `extensions.code` on every error.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextValidation,
};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ServerError, ServerResult, ValidationResult, Variables};

use crate::config::Limits;
use crate::error::code;

pub struct RequestLimits(pub Limits);

impl ExtensionFactory for RequestLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(LimitsExtension(self.0.clone()))
    }
}

struct LimitsExtension(Limits);

pub fn coded(mut e: ServerError, code: &str) -> ServerError {
    let has_code = e.extensions.as_ref().is_some_and(|x| x.get("code").is_some());
    if !has_code {
        e.extensions.get_or_insert_with(Default::default).set("code", code);
    }
    e
}

fn limit_error(limit: &str, message: String) -> ServerError {
    let mut e = ServerError::new(message, None);
    let x = e.extensions.get_or_insert_with(Default::default);
    x.set("code", code::LIMIT_EXCEEDED);
    x.set("limit", limit);
    e
}

#[async_trait::async_trait]
impl Extension for LimitsExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await.map_err(|e| coded(e, code::GRAPHQL_PARSE_FAILED))?;
        let aliases = count_aliases(&doc);
        if aliases > self.0.max_aliases {
            return Err(limit_error(
                "aliases",
                format!("the query uses {aliases} aliases; at most {} are allowed", self.0.max_aliases),
            ));
        }
        Ok(doc)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let result = next.run(ctx).await.map_err(|errors| {
            errors.into_iter().map(|e| coded(e, code::GRAPHQL_VALIDATION_FAILED)).collect::<Vec<_>>()
        })?;
        if result.depth > self.0.max_depth {
            return Err(vec![limit_error(
                "depth",
                format!("the query is nested {} deep; at most {} is allowed", result.depth, self.0.max_depth),
            )]);
        }
        if result.complexity > self.0.max_complexity {
            return Err(vec![limit_error(
                "complexity",
                format!(
                    "the query's complexity is {}; at most {} is allowed",
                    result.complexity, self.0.max_complexity
                ),
            )]);
        }
        Ok(result)
    }
}

fn count_aliases(doc: &ExecutableDocument) -> usize {
    fn walk(set: &SelectionSet) -> usize {
        set.items
            .iter()
            .map(|s| match &s.node {
                Selection::Field(f) => usize::from(f.node.alias.is_some()) + walk(&f.node.selection_set.node),
                Selection::InlineFragment(f) => walk(&f.node.selection_set.node),
                Selection::FragmentSpread(_) => 0,
            })
            .sum()
    }
    doc.operations
        .iter()
        .map(|(_, op)| walk(&op.node.selection_set.node))
        .chain(doc.fragments.values().map(|f| walk(&f.node.selection_set.node)))
        .sum()
}
