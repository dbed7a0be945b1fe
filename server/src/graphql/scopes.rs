//! What a partner client's token may touch, checked on the parsed document
//! before anything runs: every field of an object a scope guards needs that
//! scope, and only the mutations listed here are open to partner clients.
//! A refusal is `FORBIDDEN` and names the scope and the field. Other
//! callers are not checked here (their roles and scopes are).
//!
//! Every object type of the schema is classified below: public, guarded by
//! a scope, or never for partners; `tests/tests/api/partners.rs` checks that
//! no type of `schema.graphql` is left out, so a new domain decides.

use std::collections::HashSet;

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::registry::{MetaTypeName, Registry};
use async_graphql::{ServerError, ServerResult};

use crate::auth::{ApiScope, ClientGrant};
use crate::error::code;

/// How partner clients may reach objects of a type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Public data (areas, points, services, slots' counts) and plumbing (pages, payloads, errors).
    Public,
    /// Only with this scope.
    Scope(ApiScope),
    /// Never: the district's own administration.
    Never,
}

/// Object types a scope guards, and those never open to partner clients.
const GUARDED: &[(&str, Access)] = &[
    ("Person", Access::Scope(ApiScope::PeopleRead)),
    ("SpecialGroupEntry", Access::Scope(ApiScope::PeopleRead)),
    ("RoleAssignment", Access::Scope(ApiScope::PeopleRead)),
    ("GridGroupMember", Access::Scope(ApiScope::PeopleRead)),
    ("Eligibility", Access::Scope(ApiScope::PeopleRead)),
    ("PartyMember", Access::Scope(ApiScope::PartyRead)),
    ("PartyOrganization", Access::Scope(ApiScope::PartyRead)),
    ("MembershipPeriod", Access::Scope(ApiScope::PartyRead)),
    ("CommitteeSeat", Access::Scope(ApiScope::PartyRead)),
    ("OrgPairing", Access::Scope(ApiScope::PartyRead)),
    ("Booking", Access::Scope(ApiScope::ServicesRead)),
    ("BookingChange", Access::Scope(ApiScope::ServicesRead)),
    ("Reservation", Access::Scope(ApiScope::ServicesRead)),
    ("ReservationChange", Access::Scope(ApiScope::ServicesRead)),
    ("HomeVisitRequest", Access::Scope(ApiScope::ServicesRead)),
    ("HomeVisitChange", Access::Scope(ApiScope::ServicesRead)),
    ("PartnerClient", Access::Never),
    ("AuditRecord", Access::Never),
    ("SecretInfo", Access::Never),
    ("ClientSecret", Access::Never),
    ("TrustedDocument", Access::Never),
];

/// Object types open to anyone who may call the field that returns them.
pub const PUBLIC: &[&str] = &[
    "Query",
    "Mutation",
    "PageInfo",
    "UserError",
    "Area",
    "Unit",
    "CalendarDay",
    "Facility",
    "KindCoverage",
    "LatLng",
    "LivingCircle",
    "NearbyServicePoint",
    "OpeningPeriod",
    "PointClosure",
    "Service",
    "ServicePoint",
    "ServiceSlot",
    "EligibilityRule",
    "Viewer",
];

/// Mutations open to partner clients, and the scope each needs.
const MUTATIONS: &[(&str, ApiScope)] = &[
    ("book", ApiScope::ServicesBook),
    ("cancelBooking", ApiScope::ServicesBook),
    ("claimOffer", ApiScope::ServicesBook),
    ("checkIn", ApiScope::ServicesBook),
    ("markNoShow", ApiScope::ServicesBook),
    ("completeBooking", ApiScope::ServicesBook),
];

/// How partner clients may reach objects of `type_name`; a connection, an
/// edge or a payload is reached like what it carries (payloads are public
/// plumbing: their fields are checked one by one). `None` for a type this
/// module does not know.
pub fn access(type_name: &str) -> Option<Access> {
    let base =
        type_name.strip_suffix("Connection").or_else(|| type_name.strip_suffix("Edge")).unwrap_or(type_name);
    if let Some((_, a)) = GUARDED.iter().find(|(t, _)| *t == base) {
        return Some(*a);
    }
    if PUBLIC.contains(&base) || base.ends_with("Payload") {
        return Some(Access::Public);
    }
    None
}

fn forbidden(message: String) -> ServerError {
    let mut e = ServerError::new(message, None);
    e.extensions.get_or_insert_with(Default::default).set("code", code::FORBIDDEN);
    e
}

/// Refuse a document that reaches anything the client's grant does not
/// cover. Unknown names are left to validation.
pub fn check(doc: &ExecutableDocument, registry: &Registry, grant: &ClientGrant) -> ServerResult<()> {
    let mut walk = Walk { doc, registry, grant, seen: HashSet::new() };
    for (_, op) in doc.operations.iter() {
        let root = match op.node.ty {
            async_graphql::parser::types::OperationType::Query => registry.query_type.as_str(),
            async_graphql::parser::types::OperationType::Mutation => match &registry.mutation_type {
                Some(m) => m.as_str(),
                None => continue,
            },
            async_graphql::parser::types::OperationType::Subscription => {
                return Err(forbidden("partner clients may not subscribe".into()));
            }
        };
        walk.selections(&op.node.selection_set.node, root)?;
    }
    Ok(())
}

struct Walk<'a> {
    doc: &'a ExecutableDocument,
    registry: &'a Registry,
    grant: &'a ClientGrant,
    /// Fragments already walked (each has one type condition, so once is enough).
    seen: HashSet<&'a str>,
}

impl<'a> Walk<'a> {
    fn needs(&self, scope: ApiScope, what: &str) -> ServerResult<()> {
        let has = self.grant.allows(scope)
            || (scope == ApiScope::ServicesRead && self.grant.allows(ApiScope::ServicesBook));
        if has {
            Ok(())
        } else {
            Err(forbidden(format!(
                "{what} needs the scope {}, which this client's token lacks",
                scope.as_str()
            )))
        }
    }

    fn reach(&self, type_name: &str, what: &str) -> ServerResult<()> {
        match access(type_name) {
            Some(Access::Scope(s)) => self.needs(s, what),
            Some(Access::Never) => Err(forbidden(format!("{what} is not open to partner clients"))),
            Some(Access::Public) | None => Ok(()),
        }
    }

    fn selections(&mut self, set: &'a SelectionSet, type_name: &str) -> ServerResult<()> {
        let is_mutation_root = self.registry.mutation_type.as_deref() == Some(type_name);
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let name = field.name.node.as_str();
                    if name.starts_with("__") {
                        continue;
                    }
                    let what = format!("{type_name}.{name}");
                    if is_mutation_root {
                        match MUTATIONS.iter().find(|(m, _)| *m == name) {
                            Some((_, scope)) => self.needs(*scope, &what)?,
                            None => return Err(forbidden(format!("{what} is not open to partner clients"))),
                        }
                    }
                    self.reach(type_name, &what)?;
                    let Some(meta) =
                        self.registry.concrete_type_by_name(type_name).and_then(|t| t.field_by_name(name))
                    else {
                        continue;
                    };
                    let returns = MetaTypeName::concrete_typename(&meta.ty).to_owned();
                    self.reach(&returns, &what)?;
                    self.selections(&field.selection_set.node, &returns)?;
                }
                Selection::InlineFragment(f) => {
                    let on =
                        f.node.type_condition.as_ref().map(|c| c.node.on.node.as_str()).unwrap_or(type_name);
                    self.selections(&f.node.selection_set.node, on)?;
                }
                Selection::FragmentSpread(s) => {
                    let name = s.node.fragment_name.node.as_str();
                    if !self.seen.insert(name) {
                        continue;
                    }
                    if let Some(fragment) = self.doc.fragments.get(&s.node.fragment_name.node) {
                        let on = fragment.node.type_condition.node.on.node.as_str();
                        self.selections(&fragment.node.selection_set.node, on)?;
                    }
                }
            }
        }
        Ok(())
    }
}
