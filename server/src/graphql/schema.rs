//! The assembly of the graph: every domain's roots merged into `Query` and
//! `Mutation`, the `Node` interface over every domain's objects, the field
//! groups and write hooks each domain adds to the domains below it, and the
//! per-request data. It imports every domain; nothing imports it but
//! `app.rs` and the CLI's SDL writer.

use std::sync::Arc;

use async_graphql::dataloader::DataLoader;
use async_graphql::parser::types::BaseType;
use async_graphql::{Context, EmptySubscription, ID, Interface, MergedObject, Object, Schema};
use futures::future::BoxFuture;

use super::context::{GqlResult, RequestCtx};
use super::extend::FieldGroup;
use super::loading::{DbLoader, PollGate};
use super::trusted::{Checked, DocumentCheck, DryRun};
use crate::area::model::{Area, Unit};
use crate::auth::{DataKey, Principal};
use crate::booking::model::Booking;
use crate::config::Limits;
use crate::db::{Db, MAX_PAGE};
use crate::facilities::model::{Facility, Reservation};
use crate::home_visits::model::HomeVisitRequest;
use crate::ids::{
    self, AreaId, BookingId, FacilityId, GridGroupMemberId, HomeVisitId, MemberId, OrgId, PairingId,
    PersonId, ReservationId, RoleAssignmentId, SeatId, ServiceId, ServicePointId, SpecialGroupEntryId,
    UnitId,
};
use crate::party::model::{CommitteeSeat, OrgPairing, PartyMember, PartyOrganization};
use crate::people::model::{GridGroupMember, Person, RoleAssignment, SpecialGroupEntry};
use crate::services::model::{Service, ServicePoint};
use crate::{area, booking, facilities, home_visits, partners, party, people, services};

/// 共治 — the roots of the district's graph. Lists are Relay connections
/// (`first`/`last` at most 100). Every `ID` argument has at most 100
/// characters and every cursor (`after`, `before`) at most 64; a longer one,
/// or one of the wrong kind, is `BAD_USER_INPUT` naming the argument.
#[derive(MergedObject, Default)]
pub struct Query(
    NodeQuery,
    area::query::AreaQuery,
    people::query::PeopleQuery,
    party::query::PartyQuery,
    services::query::ServicesQuery,
    booking::query::BookingQuery,
    home_visits::query::HomeVisitsQuery,
    facilities::query::FacilitiesQuery,
    partners::query::PartnersQuery,
);

#[derive(MergedObject, Default)]
pub struct Mutation(
    people::mutation::PeopleMutation,
    party::mutation::PartyMutation,
    services::mutation::ServicesMutation,
    home_visits::mutation::HomeVisitsMutation,
    facilities::mutation::FacilitiesMutation,
    partners::mutation::PartnersMutation,
);

pub type AppSchema = Schema<Query, Mutation, EmptySubscription>;

/// What each domain adds to the domains below it: fields on their objects,
/// steps in their writes. Installed once per process, before the first
/// schema is built.
fn join_domains() {
    area::objects::AREA_FIELDS.install(|| {
        vec![
            FieldGroup::of::<people::objects::AreaPeople<'static>>(),
            FieldGroup::of::<party::objects::AreaParty<'static>>(),
            FieldGroup::of::<services::objects::AreaServices<'static>>(),
        ]
    });
    people::objects::PERSON_FIELDS.install(|| vec![FieldGroup::of::<party::objects::PersonParty<'static>>()]);
    services::objects::SERVICE_POINT_FIELDS
        .install(|| vec![FieldGroup::of::<facilities::objects::PointFacilities<'static>>()]);
    booking::objects::BOOKING_FIELDS
        .install(|| vec![FieldGroup::of::<services::objects::BookingService<'static>>()]);
    people::service::PERSON_MOVED.install(|| {
        vec![
            party::service::on_person_moved,
            booking::service::on_person_moved,
            home_visits::service::on_person_moved,
        ]
    });
    super::joins::install(|| [people::loaders::hops(), party::loaders::hops()].concat());
}

/// The schema the server runs and `schema.graphql` is written from.
pub fn schema(limits: &Limits) -> AppSchema {
    join_domains();
    let builder = Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .extension(super::limits::RequestLimits(limits.clone()))
        .extension(super::http::ExecutionStart);
    // "Did you mean …?" only when configured; introspection is decided per
    // request, by `limits::RequestLimits`.
    let builder = if limits.graphql_suggestions { builder } else { builder.disable_suggestions() };
    builder.finish()
}

/// The SDL, as `gongzhi schema` prints it and `schema.graphql` holds it.
/// Checks a document on this schema as a request of it would be checked,
/// each of its operations in turn, and runs nothing (see
/// [`DryRun`](super::trusted::DryRun)).
pub struct SchemaCheck(pub AppSchema);

impl DocumentCheck for SchemaCheck {
    fn check<'a>(&'a self, text: &'a str) -> BoxFuture<'a, Checked> {
        Box::pin(async move {
            let document = async_graphql::parser::parse_query(text).map_err(|e| e.to_string())?;
            let names: Vec<Option<String>> =
                document.operations.iter().map(|(name, _)| name.map(|n| n.to_string())).collect();
            for ((name, operation), op_name) in document.operations.iter().zip(&names) {
                debug_assert_eq!(name.map(|n| n.to_string()).as_ref(), op_name.as_ref());
                let mut request = async_graphql::Request::new(text).data(DryRun);
                request.operation_name = op_name.clone();
                // The complexity of a page reads its size (`first: $first`):
                // with no request to give it, an Int variable counts as 1.
                // A request's own values are checked at every use.
                let mut variables = async_graphql::Variables::default();
                for def in &operation.node.variable_definitions {
                    let def = &def.node;
                    let int = matches!(&def.var_type.node.base, BaseType::Named(t) if t.as_str() == "Int");
                    if int && def.default_value.is_none() {
                        variables.insert(def.name.node.clone(), async_graphql::Value::from(1));
                    }
                }
                request.variables = variables;
                let response = self.0.execute(request).await;
                if let Some(e) = response.errors.first() {
                    let operation = op_name.as_deref().map(|n| format!("{n}: ")).unwrap_or_default();
                    return Err(format!("{operation}{}", e.message));
                }
            }
            Ok(names.into_iter().flatten().collect())
        })
    }
}

pub fn sdl() -> String {
    schema(&Limits::default()).sdl()
}

/// The request with its per-request data: the caller, their read scope, and
/// the one loader every relation goes through. Its batches run with the
/// request's trace id and are released by `gate`.
pub fn request_data(
    request: async_graphql::Request,
    db: &Db,
    data_key: &DataKey,
    principal: Principal,
    trace_id: String,
    gate: Arc<PollGate>,
) -> async_graphql::Request {
    let scope = principal.read_scope();
    let loader = DbLoader::new(db.clone(), scope.clone(), principal.subject.clone());
    let loader =
        Arc::new(DataLoader::new(loader, gate.spawner(trace_id.clone())).delay(std::time::Duration::ZERO));
    let rctx = RequestCtx { db: db.clone(), scope, principal, data_key: data_key.clone(), trace_id, gate };
    request.data(loader).data(rctx)
}

/// An object with a global id.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID"))]
pub enum Node {
    Area(Area),
    Unit(Unit),
    PartyOrganization(PartyOrganization),
    PartyMember(PartyMember),
    CommitteeSeat(CommitteeSeat),
    OrgPairing(OrgPairing),
    Person(Person),
    SpecialGroupEntry(SpecialGroupEntry),
    RoleAssignment(RoleAssignment),
    GridGroupMember(GridGroupMember),
    ServicePoint(ServicePoint),
    Service(Service),
    Booking(Booking),
    HomeVisitRequest(HomeVisitRequest),
    Facility(Facility),
    Reservation(Reservation),
}

/// Load one node; `None` for an unknown kind, a missing id or one out of
/// scope: an id the caller may not see answers exactly like one that does
/// not exist.
async fn load_node(ctx: &Context<'_>, id: &ID) -> GqlResult<Option<Node>> {
    let Some((kind, uuid)) = ids::parse_global(id) else {
        return Ok(None);
    };
    Ok(match kind.as_str() {
        AreaId::KIND => area::loaders::area(ctx, AreaId(uuid)).await?.map(Node::Area),
        UnitId::KIND => area::loaders::unit(ctx, UnitId(uuid)).await?.map(Node::Unit),
        OrgId::KIND => party::loaders::organization(ctx, OrgId(uuid)).await?.map(Node::PartyOrganization),
        MemberId::KIND => party::loaders::party_member(ctx, MemberId(uuid)).await?.map(Node::PartyMember),
        SeatId::KIND => party::loaders::committee_seat(ctx, SeatId(uuid)).await?.map(Node::CommitteeSeat),
        PairingId::KIND => party::loaders::pairing(ctx, PairingId(uuid)).await?.map(Node::OrgPairing),
        PersonId::KIND => people::loaders::person(ctx, PersonId(uuid)).await?.map(Node::Person),
        SpecialGroupEntryId::KIND => people::loaders::special_group_entry(ctx, SpecialGroupEntryId(uuid))
            .await?
            .map(Node::SpecialGroupEntry),
        RoleAssignmentId::KIND => {
            people::loaders::role_assignment(ctx, RoleAssignmentId(uuid)).await?.map(Node::RoleAssignment)
        }
        GridGroupMemberId::KIND => {
            people::loaders::grid_group_member(ctx, GridGroupMemberId(uuid)).await?.map(Node::GridGroupMember)
        }
        ServicePointId::KIND => {
            services::loaders::service_point(ctx, ServicePointId(uuid)).await?.map(Node::ServicePoint)
        }
        ServiceId::KIND => crate::graphql::context::one(ctx, ServiceId(uuid)).await?.map(Node::Service),
        BookingId::KIND => crate::graphql::context::one(ctx, BookingId(uuid)).await?.map(Node::Booking),
        HomeVisitId::KIND => {
            home_visits::loaders::home_visit(ctx, HomeVisitId(uuid)).await?.map(Node::HomeVisitRequest)
        }
        FacilityId::KIND => facilities::loaders::facility(ctx, FacilityId(uuid)).await?.map(Node::Facility),
        ReservationId::KIND => {
            facilities::loaders::reservation(ctx, ReservationId(uuid)).await?.map(Node::Reservation)
        }
        _ => None,
    })
}

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Any object by its global id; `null` if it does not exist or is not visible to you.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> GqlResult<Option<Node>> {
        load_node(ctx, &id).await
    }

    /// Several objects by global id, in the order asked (at most 100).
    async fn nodes(&self, ctx: &Context<'_>, ids: Vec<ID>) -> GqlResult<Vec<Option<Node>>> {
        if ids.len() > MAX_PAGE as usize {
            return Err(crate::Error::bad_input("ids", "at most 100 ids at once").into());
        }
        futures::future::try_join_all(ids.iter().map(|id| load_node(ctx, id))).await
    }
}
