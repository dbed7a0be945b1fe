//! Loader keys of the party domain, and the functions other domains call to
//! load its objects. Members and seats are read through the caller's scope.

use async_graphql::{Context, ID};

use super::model::*;
use super::store::{self, MemberFilter, OrgFilter, PairingFilter, PairingSide};
use crate::db::Date;
use crate::db::joined::Hop;
use crate::graphql::context::{GqlResult, argument, one};
use crate::ids::{AreaId, MemberId, OrgId, PairingId, PersonId, SeatId};
use crate::people::model::Person;
use crate::{list_loader, load_by_key, root_list, to_one};

/// The member record of a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MemberOfPerson(pub PersonId);

// ---- hops a list statement carries (`db/joined.rs`) ----

to_one!(PERSON_MEMBER: Person.partyMember -> PartyMember by MemberOfPerson,
    alias: "m", join: store::join_member_of_person, key: |p| Some(MemberOfPerson(p.id)));
to_one!(MEMBER_ORG: PartyMember.organization -> PartyOrganization by OrgId,
    alias: "o", join: store::join_org_of, key: |m| Some(m.org_id));
to_one!(MEMBER_PERSON: PartyMember.person -> Person by PersonId,
    alias: "p", join: crate::people::store::join_person_of, key: |m| Some(m.person_id));
to_one!(SEAT_PERSON: CommitteeSeat.person -> Person by PersonId,
    alias: "p", join: crate::people::store::join_person_of, key: |s| Some(s.person_id));

/// The hops of party's fields.
pub fn hops() -> Vec<&'static dyn Hop> {
    vec![&PERSON_MEMBER, &MEMBER_ORG, &MEMBER_PERSON, &SEAT_PERSON]
}

load_by_key!(OrgId => PartyOrganization, |conn, _scope, ids| store::orgs_by_ids(conn, ids), key: |o| o.id);
load_by_key!(MemberId => PartyMember, |conn, scope, ids| store::members_by_ids(conn, scope, ids), key: |m| m.id);
load_by_key!(
    MemberOfPerson => PartyMember,
    |conn, scope, keys| store::members_by_persons(conn, scope, &keys.iter().map(|k| k.0).collect::<Vec<_>>()),
    key: |m| MemberOfPerson(m.person_id),
);
load_by_key!(SeatId => CommitteeSeat, |conn, scope, ids| store::seats_by_ids(conn, scope, ids), key: |s| s.id);
load_by_key!(PairingId => OrgPairing, |conn, _scope, ids| store::pairings_by_ids(conn, ids), key: |p| p.id);

list_loader! {
    /// The sub-organizations of a party organization.
    ChildOrgs, ChildOrgCount: (OrgId, ()) => PartyOrganization,
    cursor: |o| o.id.0,
    page: |conn, _scope, parents, _f, page| store::child_orgs_of(conn, parents, page),
    split: |o| (o.parent_id.expect("a child has a parent"), o),
    count: |conn, _scope, parents, _f| store::count_child_orgs(conn, parents),
}

list_loader! {
    /// The party organizations working at or below the area with this path,
    /// of a kind if given.
    OrgsWithin, OrgsWithinCount: (String, Option<PartyOrgKind>) => PartyOrganization,
    cursor: |o| o.id.0,
    page: |conn, _scope, paths, kind, page| store::orgs_within_many(conn, paths, *kind, page),
    split: |r| (r.parent_path, r.org),
    count: |conn, _scope, paths, kind| store::count_orgs_within_many(conn, paths, *kind),
}

list_loader! {
    /// A member's organization history, oldest first.
    MemberHistory, MemberHistoryCount: (MemberId, ()) => MembershipPeriod,
    cursor: |h| h.id.0,
    page: |conn, scope, members, _f, page| store::periods_of(conn, scope, members, page),
    split: |h| (h.member_id, h),
    count: |conn, scope, members, _f| store::count_periods_of(conn, scope, members),
}

list_loader! {
    /// The members of a party organization (and, with the flag, of those
    /// below it), as far as the caller may see them.
    OrgMembers, OrgMemberCount: (OrgId, bool) => PartyMember,
    cursor: |m| m.id.0,
    page: |conn, scope, orgs, deep, page| async move {
        Ok::<_, crate::Error>(if *deep {
            store::members_under_orgs(conn, scope, orgs, page).await?.into_iter().map(|r| (r.under_org, r.member)).collect()
        } else {
            store::members_of_orgs(conn, scope, orgs, page).await?.into_iter().map(|m| (m.org_id, m)).collect::<Vec<_>>()
        })
    },
    split: |pair| pair,
    count: |conn, scope, orgs, deep| async move {
        if *deep {
            store::count_members_under_orgs(conn, scope, orgs).await
        } else {
            store::count_members_of_orgs(conn, scope, orgs).await
        }
    },
}

list_loader! {
    /// The members living at or below the area with this path.
    MembersWithin, MembersWithinCount: (String, ()) => PartyMember,
    cursor: |m| m.id.0,
    page: |conn, scope, paths, _f, page| store::members_within(conn, scope, paths, page),
    split: |r| (r.within_path, r.member),
    count: |conn, scope, paths, _f| store::count_members_within(conn, scope, paths),
}

list_loader! {
    /// The seats of a committee (only the running ones when the flag is set).
    CommitteeSeats, CommitteeSeatCount: (OrgId, bool) => CommitteeSeat,
    cursor: |s| s.id.0,
    page: |conn, scope, committees, active, page| store::seats_of(conn, scope, committees, *active, Date::today(), page),
    split: |s| (s.committee_id, s),
    count: |conn, scope, committees, active| store::count_seats_of(conn, scope, committees, *active, Date::today()),
}

list_loader! {
    /// The pairings of a party organization (only the running ones when the flag is set).
    OrgPairings, OrgPairingCount: (OrgId, bool) => OrgPairing,
    cursor: |p| p.id.0,
    page: |conn, _scope, orgs, active, page| {
        let ids: Vec<uuid::Uuid> = orgs.iter().map(|o| o.0).collect();
        async move { store::pairings_of(conn, PairingSide::Organization, &ids, *active, Date::today(), page).await }
    },
    split: |p| (p.org_id, p),
    count: |conn, _scope, orgs, active| {
        let ids: Vec<uuid::Uuid> = orgs.iter().map(|o| o.0).collect();
        async move {
            let counted = store::count_pairings_of(conn, PairingSide::Organization, &ids, *active, Date::today()).await?;
            Ok::<_, crate::Error>(counted.into_iter().map(|(id, n)| (OrgId(id), n)).collect())
        }
    },
}

list_loader! {
    /// The pairings of a community or village (only the running ones when the flag is set).
    CommunityPairings, CommunityPairingCount: (AreaId, bool) => OrgPairing,
    cursor: |p| p.id.0,
    page: |conn, _scope, communities, active, page| {
        let ids: Vec<uuid::Uuid> = communities.iter().map(|c| c.0).collect();
        async move { store::pairings_of(conn, PairingSide::Community, &ids, *active, Date::today(), page).await }
    },
    split: |p| (p.community_id, p),
    count: |conn, _scope, communities, active| {
        let ids: Vec<uuid::Uuid> = communities.iter().map(|c| c.0).collect();
        async move {
            let counted = store::count_pairings_of(conn, PairingSide::Community, &ids, *active, Date::today()).await?;
            Ok::<_, crate::Error>(counted.into_iter().map(|(id, n)| (AreaId(id), n)).collect())
        }
    },
}

root_list!(OrgFilter => PartyOrganization, cursor: |o| o.id.0,
    page: |conn, _scope, filter, page| store::list_orgs(conn, filter, page),
    count: |conn, _scope, filter| store::count_orgs(conn, filter),
);

root_list!(MemberFilter => PartyMember, cursor: |m| m.id.0,
    page: |conn, scope, filter, page| store::list_members(conn, scope, filter, page),
    count: |conn, scope, filter| store::count_members(conn, scope, filter),
);

root_list!(PairingFilter => OrgPairing, cursor: |p| p.id.0,
    page: |conn, _scope, filter, page| store::list_pairings(conn, filter, page),
    count: |conn, _scope, filter| store::count_pairings(conn, filter),
);

pub async fn organization(ctx: &Context<'_>, id: OrgId) -> GqlResult<Option<PartyOrganization>> {
    one(ctx, id).await
}

/// A party member visible to the caller, or `None` (missing and out of scope look the same).
pub async fn party_member(ctx: &Context<'_>, id: MemberId) -> GqlResult<Option<PartyMember>> {
    one(ctx, id).await
}

/// A committee seat visible to the caller, or `None`.
pub async fn committee_seat(ctx: &Context<'_>, id: SeatId) -> GqlResult<Option<CommitteeSeat>> {
    one(ctx, id).await
}

pub async fn pairing(ctx: &Context<'_>, id: PairingId) -> GqlResult<Option<OrgPairing>> {
    one(ctx, id).await
}

/// The organization of a global-id argument, for subtree filters; an id of
/// no organization is bad input naming `field`.
pub async fn organization_arg(ctx: &Context<'_>, id: &ID, field: &str) -> GqlResult<PartyOrganization> {
    let org_id = argument(OrgId::from_global(id, field))?;
    match organization(ctx, org_id).await? {
        Some(o) => Ok(o),
        None => Err(crate::Error::bad_input(field, "no party organization has this id").into()),
    }
}
