//! GraphQL objects of the party domain, and the fields it adds to the
//! objects below it: `Area.partyOrganizations`, `Area.partyMembers` and
//! `Area.pairings` ([`AreaParty`]), and `Person.partyMember` ([`PersonParty`]).

use async_graphql::{Context, ID, Object};

use super::loaders::{
    ChildOrgs, CommitteeSeats, CommunityPairings, MemberHistory, MemberOfPerson, MembersWithin, OrgMembers,
    OrgPairings, OrgsWithin, organization,
};
use super::model::*;
use crate::area::loaders::{area, unit};
use crate::area::model::{Area, Unit};
use crate::db::Date;
use crate::field_group;
use crate::graphql::context::{GqlResult, list, one, page, required};
use crate::graphql::relay::Conn;
use crate::people::loaders::person;
use crate::people::model::Person;

/// 党组织 — a party organization: committee (党委, a community's 大党委),
/// general branch, branch or group.
#[Object]
impl PartyOrganization {
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }
    async fn kind(&self) -> PartyOrgKind {
        self.kind
    }
    async fn name(&self) -> &str {
        &self.name
    }
    async fn parent(&self, ctx: &Context<'_>) -> GqlResult<Option<PartyOrganization>> {
        match self.parent_id {
            Some(p) => organization(ctx, p).await,
            None => Ok(None),
        }
    }
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn children(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<PartyOrganization>> {
        list::<ChildOrgs>(ctx, self.id, (), page(first, after, last, before)?).await
    }
    /// The community or village the organization belongs to, if it is one of an area.
    async fn area(&self, ctx: &Context<'_>) -> GqlResult<Option<Area>> {
        match self.area_id {
            Some(a) => area(ctx, a).await,
            None => Ok(None),
        }
    }
    /// The resident unit the organization belongs to, if it is a unit's.
    async fn unit(&self, ctx: &Context<'_>) -> GqlResult<Option<Unit>> {
        match self.unit_id {
            Some(u) => unit(ctx, u).await,
            None => Ok(None),
        }
    }
    /// 书记 — the secretary; null when none is recorded or the person is outside your area.
    async fn secretary(&self, ctx: &Context<'_>) -> GqlResult<Option<Person>> {
        match self.secretary_id {
            Some(p) => person(ctx, p).await,
            None => Ok(None),
        }
    }
    /// 委员 — the seats of this committee (大党委), the running ones unless
    /// `activeOnly` is false. Only seats in your area are listed.
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn committee_seats(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = true)] active_only: bool,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<CommitteeSeat>> {
        list::<CommitteeSeats>(ctx, self.id, active_only, page(first, after, last, before)?).await
    }
    /// 党员 — the members of this organization (and of those below it when
    /// `includeSubOrganizations`), as far as you may see them.
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn members(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = false)] include_sub_organizations: bool,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<PartyMember>> {
        list::<OrgMembers>(ctx, self.id, include_sub_organizations, page(first, after, last, before)?).await
    }
    /// 结对共建 — the communities this organization is paired with, the
    /// active pairings unless `activeOnly` is false.
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn pairings(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = true)] active_only: bool,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<OrgPairing>> {
        list::<OrgPairings>(ctx, self.id, active_only, page(first, after, last, before)?).await
    }
}

/// 党员 — a party member: status (预备/正式), category (分类教育), the
/// organization they belong to and every one they belonged to, and where
/// they reported in (报到). Visible where the member lives, where their
/// organization works, and to the member.
#[Object]
impl PartyMember {
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }
    /// The member's person record; null when the person lives outside your area.
    async fn person(&self, ctx: &Context<'_>) -> GqlResult<Option<Person>> {
        person(ctx, self.person_id).await
    }
    /// The organization the member belongs to now.
    async fn organization(&self, ctx: &Context<'_>) -> GqlResult<PartyOrganization> {
        required(organization(ctx, self.org_id).await?, "a member's organization")
    }
    async fn status(&self) -> MemberStatus {
        self.status
    }
    async fn category(&self) -> MemberCategory {
        self.category
    }
    /// 入党日期 — the day the member was admitted.
    async fn joined_on(&self) -> Date {
        self.joined_on
    }
    /// 报到社区 — the community or village the member reported in to.
    async fn reported_community(&self, ctx: &Context<'_>) -> GqlResult<Option<Area>> {
        match self.reported_community_id {
            Some(a) => area(ctx, a).await,
            None => Ok(None),
        }
    }
    /// 报到日期 — the day the member reported in.
    async fn reported_on(&self) -> Option<Date> {
        self.reported_on
    }
    /// 已报到 — whether the member has reported in to a community.
    async fn reported(&self) -> bool {
        self.is_reported()
    }
    /// 组织关系 — every organization the member belonged to, oldest first;
    /// the last one (without `toOn`) is the current one.
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn organization_history(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<MembershipPeriod>> {
        list::<MemberHistory>(ctx, self.id, (), page(first, after, last, before)?).await
    }
}

/// 组织关系 — one stretch of a member's membership in one organization.
#[Object]
impl MembershipPeriod {
    async fn organization(&self, ctx: &Context<'_>) -> GqlResult<PartyOrganization> {
        required(organization(ctx, self.org_id).await?, "a period's organization")
    }
    async fn from_on(&self) -> Date {
        self.from_on
    }
    /// The day the member left (transferred out); null for the current organization.
    async fn to_on(&self) -> Option<Date> {
        self.to_on
    }
    /// 转接原因 — why the member came to this organization (工作调动, 搬迁...).
    async fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }
}

/// 党委委员 — a seat on a community's party committee (大党委), often a
/// part-time member (兼职委员) from a resident unit's party organization.
#[Object]
impl CommitteeSeat {
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }
    async fn committee(&self, ctx: &Context<'_>) -> GqlResult<PartyOrganization> {
        required(organization(ctx, self.committee_id).await?, "a seat's committee")
    }
    /// The seat holder; null when the person is outside your area.
    async fn person(&self, ctx: &Context<'_>) -> GqlResult<Option<Person>> {
        person(ctx, self.person_id).await
    }
    /// 驻区单位 — the resident unit the holder comes from, for a part-time member.
    async fn unit(&self, ctx: &Context<'_>) -> GqlResult<Option<Unit>> {
        match self.unit_id {
            Some(u) => unit(ctx, u).await,
            None => Ok(None),
        }
    }
    /// 职务 — e.g. 书记, 副书记, 兼职委员.
    async fn position(&self) -> &str {
        &self.position
    }
    async fn term_from(&self) -> Date {
        self.term_from
    }
    /// The last day of the term; null while open-ended.
    async fn term_to(&self) -> Option<Date> {
        self.term_to
    }
    /// Whether the term is running today (it has no end, or ends today or later).
    async fn active(&self) -> bool {
        self.is_active_on(Date::today())
    }
}

/// 结对共建 — a government or institution party organization paired with a
/// community or village it supports.
#[Object]
impl OrgPairing {
    pub async fn id(&self) -> ID {
        self.id.to_global()
    }
    async fn organization(&self, ctx: &Context<'_>) -> GqlResult<PartyOrganization> {
        required(organization(ctx, self.org_id).await?, "a pairing's organization")
    }
    /// The community or village.
    async fn community(&self, ctx: &Context<'_>) -> GqlResult<Area> {
        required(area(ctx, self.community_id).await?, "a pairing's community")
    }
    async fn since(&self) -> Date {
        self.since
    }
    /// The last day of the pairing; null while it goes on.
    async fn until(&self) -> Option<Date> {
        self.until
    }
    /// Whether the pairing goes on today.
    async fn active(&self) -> bool {
        self.is_active_on(Date::today())
    }
}

field_group!(
    /// The fields the party domain adds to `Area`.
    AreaParty for Area
);

#[Object]
impl AreaParty<'_> {
    /// Party organizations working at or below this area.
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn party_organizations(
        &self,
        ctx: &Context<'_>,
        kind: Option<PartyOrgKind>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<PartyOrganization>> {
        list::<OrgsWithin>(ctx, self.path.clone(), kind, page(first, after, last, before)?).await
    }
    /// Party members living at or below this area (visible to the caller).
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn party_members(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<PartyMember>> {
        list::<MembersWithin>(ctx, self.path.clone(), (), page(first, after, last, before)?).await
    }
    /// 结对共建 — the institution party organizations paired with this
    /// community or village.
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn pairings(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = true)] active_only: bool,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<OrgPairing>> {
        list::<CommunityPairings>(ctx, self.id, active_only, page(first, after, last, before)?).await
    }
}

field_group!(
    /// The fields the party domain adds to `Person`.
    PersonParty for Person
);

#[Object]
impl PersonParty<'_> {
    /// 党员 — the person's party membership, if they are a member.
    async fn party_member(&self, ctx: &Context<'_>) -> GqlResult<Option<PartyMember>> {
        one(ctx, MemberOfPerson(self.id)).await
    }
}
