//! Request limits (depth, complexity, aliases), who may introspect, what a
//! partner client's scopes reach (`scopes.rs`), and error codes for the
//! phases before execution, as one async-graphql extension.
//!
//! The schema itself is built without async-graphql's own limits: they
//! answer with uncoded messages, and we want `extensions.code` on every error.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextValidation,
};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ServerError, ServerResult, ValidationResult, Variables};

use super::context::RequestCtx;
use crate::config::{Introspection, Limits};
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

/// Whether the caller of this request signed in as a user (no
/// [`RequestCtx`]: no): partner clients introspect only where everyone may.
/// A caller who may not introspect is refused when the document is parsed:
/// every selection of `__schema` or `__type`, however aliased or nested in
/// fragments, is found there, so nothing reaches execution.
fn signed_in(data: Option<&RequestCtx>) -> bool {
    data.is_some_and(|r| !r.principal.is_anonymous() && r.principal.client.is_none())
}

fn introspection_error(policy: Introspection, client: bool) -> ServerError {
    let (code, message) = match policy {
        Introspection::Off => (code::FORBIDDEN, "introspection is turned off on this server"),
        _ if client => (code::FORBIDDEN, "introspection is not open to partner clients on this server"),
        _ => (code::UNAUTHENTICATED, "sign in to introspect the schema"),
    };
    let mut e = ServerError::new(message, None);
    e.extensions.get_or_insert_with(Default::default).set("code", code);
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
        // Counted when the document was parsed (`http.rs` gives it), and
        // only counted here for a request that came some other way.
        let shape = match ctx.data_opt::<DocumentFacts>() {
            Some(facts) => facts.shape,
            None => Shape::of(&doc),
        };
        let policy = self.0.introspection;
        let data = ctx.data_opt::<RequestCtx>();
        if shape.introspects && !policy.allows(signed_in(data)) {
            return Err(introspection_error(policy, data.is_some_and(|r| r.principal.client.is_some())));
        }
        let Expanded { aliases, fields } = shape.expanded;
        if aliases > self.0.max_aliases {
            return Err(limit_error(
                "aliases",
                format!("the query uses {aliases} aliases; at most {} are allowed", self.0.max_aliases),
            ));
        }
        if fields > self.0.max_complexity {
            return Err(limit_error(
                "complexity",
                format!(
                    "the query selects {fields} fields once its fragments are spread; \
                     its complexity may be at most {}",
                    self.0.max_complexity
                ),
            ));
        }
        // A partner client's token reaches only what its scopes cover.
        if let Some(grant) = ctx.data_opt::<RequestCtx>().and_then(|r| r.principal.client.as_ref()) {
            super::scopes::check(&doc, &ctx.schema_env.registry, grant)?;
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
        // The limits below depend on the variables: they are checked at
        // every request, the document's validation is not.
        if let Some(validated) = ctx.data_opt::<DocumentFacts>().and_then(|f| f.validated.as_ref()) {
            validated.store(true, Ordering::Release);
        }
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

    // Nothing per field: see `vendor/async-graphql/PATCHES.md`, point 7.
    fn resolves_fields(&self) -> bool {
        false
    }
}

/// What a request carries of its document (`http.rs` puts it in the
/// request's data): its shape, counted when it was parsed, and the flag of
/// its entry in the document cache (`documents.rs`), set here once the
/// document passed validation, so that later requests with the same text
/// are validated for their variables only.
pub struct DocumentFacts {
    pub shape: Shape,
    pub validated: Option<Arc<AtomicBool>>,
}

/// What the limits read of a document, whoever sends it and with whatever
/// variables: counted once per document (`documents.rs` caches it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Whether it selects `__schema` or `__type` anywhere.
    introspects: bool,
    expanded: Expanded,
}

impl Shape {
    pub fn of(doc: &ExecutableDocument) -> Shape {
        Shape { introspects: introspects(doc), expanded: expanded(doc) }
    }
}

/// What a document asks for once every fragment is spread where it is
/// used: the executed operation's fields as validation and execution see
/// them (all operations of the document are counted).
///
/// **Aliases** are counted per executed field: a fragment's aliases count
/// again at every spread of it, and so through fragments spread by
/// fragments. They are not multiplied by the page size of a connection
/// they sit in. The alias limit bounds how many fields the caller can
/// *write* into one request, each with arguments of its own: thirty
/// `people(idCardNumber: …)` lookups, thirty `node(id: …)`s. The items of a
/// page repeat one field with the same arguments, and how many fields they
/// execute is already bounded by the complexity limit, which multiplies a
/// connection's selection by its page size and, as async-graphql computes
/// it, counts the fields of a fragment at every spread. Multiplying aliases
/// by page sizes would bound nothing new and refuse ordinary queries that
/// rename two fields of a list.
///
/// **Fields** are counted the same way, so that a document whose fragments
/// multiply (each spreading the next twice, thirty deep) is refused before
/// validation, which walks into a fragment at every spread and would take
/// as many steps as there are fields once spread. Nearly every field adds
/// at least one to the complexity (a connection counts its page size, at
/// least 1, times its selection instead), so more fields than the
/// complexity limit is, near enough, a query over it.
///
/// Each fragment is counted once and its counts reused (time linear in the
/// document, counts saturating), and a fragment spread inside itself counts
/// nothing there: such a document is refused by async-graphql's parse
/// phase before this runs, and by validation in any case.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
struct Expanded {
    aliases: usize,
    fields: usize,
}

impl Expanded {
    fn add(self, other: Expanded) -> Expanded {
        Expanded {
            aliases: self.aliases.saturating_add(other.aliases),
            fields: self.fields.saturating_add(other.fields),
        }
    }
}

fn expanded(doc: &ExecutableDocument) -> Expanded {
    fn walk<'a>(
        doc: &'a ExecutableDocument,
        set: &'a SelectionSet,
        fragments: &mut HashMap<&'a str, Option<Expanded>>,
    ) -> Expanded {
        set.items.iter().fold(Expanded::default(), |sum, s| match &s.node {
            Selection::Field(f) => sum
                .add(Expanded { aliases: usize::from(f.node.alias.is_some()), fields: 1 })
                .add(walk(doc, &f.node.selection_set.node, fragments)),
            Selection::InlineFragment(f) => sum.add(walk(doc, &f.node.selection_set.node, fragments)),
            Selection::FragmentSpread(spread) => {
                let name = spread.node.fragment_name.node.as_str();
                let counts = match fragments.get(name) {
                    Some(Some(done)) => *done,
                    // Spread inside itself.
                    Some(None) => Expanded::default(),
                    None => match doc.fragments.get(name) {
                        None => Expanded::default(),
                        Some(fragment) => {
                            fragments.insert(name, None);
                            let counts = walk(doc, &fragment.node.selection_set.node, fragments);
                            fragments.insert(name, Some(counts));
                            counts
                        }
                    },
                };
                sum.add(counts)
            }
        })
    }
    let mut fragments = HashMap::new();
    doc.operations.iter().fold(Expanded::default(), |sum, (_, op)| {
        sum.add(walk(doc, &op.node.selection_set.node, &mut fragments))
    })
}

/// Whether any operation or fragment of the document selects `__schema` or
/// `__type` (`__typename` tells nothing of the schema).
fn introspects(doc: &ExecutableDocument) -> bool {
    fn walk(set: &SelectionSet) -> bool {
        set.items.iter().any(|s| match &s.node {
            Selection::Field(f) => {
                matches!(f.node.name.node.as_str(), "__schema" | "__type") || walk(&f.node.selection_set.node)
            }
            Selection::InlineFragment(f) => walk(&f.node.selection_set.node),
            Selection::FragmentSpread(_) => false,
        })
    }
    doc.operations.iter().any(|(_, op)| walk(&op.node.selection_set.node))
        || doc.fragments.values().any(|f| walk(&f.node.selection_set.node))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(query: &str) -> Expanded {
        expanded(&async_graphql::parser::parse_query(query).unwrap())
    }

    #[test]
    fn fragments_count_at_every_spread() {
        assert_eq!(counts("{ a: x b: x y }"), Expanded { aliases: 2, fields: 3 });
        assert_eq!(
            counts("{ x { ...F } y { ...F ... { ...F } } } fragment F on T { a: b c }"),
            Expanded { aliases: 3, fields: 8 }
        );
        // Spreads of spreads multiply, and the count saturates rather than looping.
        let doubling: String =
            (0..80).map(|i| format!("fragment D{i} on T {{ ...D{n} ...D{n} }} ", n = i + 1)).collect();
        let deep = counts(&format!("{{ ...D0 }} {doubling} fragment D80 on T {{ a: b }}"));
        assert_eq!(deep, Expanded { aliases: usize::MAX, fields: usize::MAX });
        // A fragment spread inside itself adds nothing where it recurs.
        assert_eq!(
            counts("{ ...A } fragment A on T { a: x ...B } fragment B on T { b: x ...A }"),
            Expanded { aliases: 2, fields: 2 }
        );
    }

    #[test]
    fn introspection_is_found_in_fragments_too() {
        let doc = |q: &str| async_graphql::parser::parse_query(q).unwrap();
        assert!(introspects(&doc("{ __schema { types { name } } }")));
        assert!(introspects(&doc("{ ...F } fragment F on Query { ... { __type(name: \"A\") { name } } }")));
        assert!(!introspects(&doc("{ __typename areas { __typename } }")));
    }
}
