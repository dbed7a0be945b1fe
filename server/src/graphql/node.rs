//! Relay's `Node`: any object by its global id. An id the caller may not see
//! answers exactly like an id that does not exist: `null`.

use async_graphql::{Context, ID, Interface, Object};

use super::relay::parse_global_id;
use crate::org::model::{Area, AreaId, OrgId, PartyOrganization, Unit, UnitId};
use crate::people::model::{Person, PersonId};
use crate::{org, people};

type GqlResult<T> = async_graphql::Result<T>;

/// An object with a global id.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID"))]
pub enum Node {
    Area(Area),
    Unit(Unit),
    PartyOrganization(PartyOrganization),
    PartyMember(org::model::PartyMember),
    CommitteeSeat(org::model::CommitteeSeat),
    OrgPairing(org::model::OrgPairing),
    Person(Person),
    SpecialGroupEntry(people::model::SpecialGroupEntry),
    RoleAssignment(people::model::RoleAssignment),
    GridGroupMember(people::model::GridGroupMember),
}

/// Load one node; `None` for an unknown kind, a missing id or one out of scope.
pub async fn load_node(ctx: &Context<'_>, id: &ID) -> GqlResult<Option<Node>> {
    let Some((kind, uuid)) = parse_global_id(id) else {
        return Ok(None);
    };
    Ok(match kind.as_str() {
        "Area" => org::graphql::area(ctx, AreaId(uuid)).await?.map(Node::Area),
        "Unit" => org::graphql::unit(ctx, UnitId(uuid)).await?.map(Node::Unit),
        "PartyOrganization" => {
            org::graphql::organization(ctx, OrgId(uuid)).await?.map(Node::PartyOrganization)
        }
        "PartyMember" => org::graphql::party_member(ctx, uuid.into()).await?.map(Node::PartyMember),
        "CommitteeSeat" => org::graphql::committee_seat(ctx, uuid.into()).await?.map(Node::CommitteeSeat),
        "OrgPairing" => org::graphql::pairing(ctx, uuid.into()).await?.map(Node::OrgPairing),
        "Person" => people::graphql::person(ctx, PersonId(uuid)).await?.map(Node::Person),
        "SpecialGroupEntry" => {
            people::graphql::special_group_entry(ctx, uuid.into()).await?.map(Node::SpecialGroupEntry)
        }
        "RoleAssignment" => {
            people::graphql::role_assignment(ctx, uuid.into()).await?.map(Node::RoleAssignment)
        }
        "GridGroupMember" => {
            people::graphql::grid_group_member(ctx, uuid.into()).await?.map(Node::GridGroupMember)
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
        if ids.len() > super::relay::MAX_PAGE as usize {
            return Err(crate::Error::bad_input("ids", "at most 100 ids at once").into());
        }
        futures::future::try_join_all(ids.iter().map(|id| load_node(ctx, id))).await
    }
}
