//! The people domain's root fields.

use async_graphql::{Context, ID, Object};

use super::model::*;
use super::store::{PersonFilter, RoleFilter};
use crate::area::loaders::within_arg;
use crate::db::audit::{AuditFilter, AuditRecord};
use crate::db::{Date, SearchTerm, Timestamp};
use crate::graphql::context::{GqlResult, argument, page, req, root_list};
use crate::graphql::relay::Conn;
use crate::ids::PersonId;

use super::loaders::person;

/// Age bounds to birth-date bounds, as of today.
pub fn age_filter(
    min_age: Option<i32>,
    max_age: Option<i32>,
) -> Result<(Option<Date>, Option<Date>), crate::Error> {
    let today = Date::today().0;
    let years_ago = |field: &str, n: i32| {
        if !(0..=150).contains(&n) {
            return Err(crate::Error::bad_input(field, "an age must be between 0 and 150"));
        }
        Ok(today.checked_sub_months(chrono::Months::new(12 * n as u32)).expect("within the calendar"))
    };
    // Aged at least `min`: born on or before today minus `min` years.
    let born_to = min_age.map(|n| years_ago("minAge", n)).transpose()?.map(Date);
    // Aged at most `max`: born after today minus `max + 1` years.
    let born_from = max_age
        .map(|n| years_ago("maxAge", n + 1))
        .transpose()?
        .map(|d| Date(d.succ_opt().expect("within the calendar")));
    Ok((born_from, born_to))
}

#[derive(Default)]
pub struct PeopleQuery;

/// 审计筛选 — what part of the audit trail to read; every field narrows it.
#[derive(async_graphql::InputObject, Default)]
pub struct AuditLogFilter {
    /// A token's subject (`client:<clientId>` for a partner client).
    pub actor: Option<String>,
    /// `read_personal_data`, `change_member_status`, `create_partner_client`, `rotate_partner_secret`.
    pub action: Option<String>,
    /// Records about this person.
    pub person_id: Option<ID>,
    /// Reads by this partner client (its `clientId`).
    pub client_id: Option<String>,
    pub purpose: Option<crate::auth::Purpose>,
    /// From this time on.
    pub from: Option<Timestamp>,
    /// Before this time.
    pub to: Option<Timestamp>,
}

pub struct Viewer {
    principal: crate::auth::Principal,
}

/// The caller, as Gongzhi sees them: from a bearer token of Gongzhi's own
/// issuer or of a trusted identity provider, or from the console login.
#[Object]
impl Viewer {
    /// The caller's subject (an identity provider's subjects are prefixed
    /// with the provider's issuer and `|`).
    async fn subject(&self) -> &str {
        &self.principal.subject
    }

    async fn roles(&self) -> &[crate::auth::Role] {
        &self.principal.roles
    }

    /// The area the caller's roles apply in.
    async fn area(&self, ctx: &Context<'_>) -> GqlResult<Option<crate::area::model::Area>> {
        match &self.principal.area {
            Some(area) => crate::area::loaders::area(ctx, crate::ids::AreaId(area.id)).await,
            None => Ok(None),
        }
    }

    /// The caller's own person record, if they are one.
    async fn person(&self, ctx: &Context<'_>) -> GqlResult<Option<Person>> {
        match self.principal.person {
            Some(id) => person(ctx, PersonId(id)).await,
            None => Ok(None),
        }
    }
}

#[Object]
impl PeopleQuery {
    /// 审计日志 — the audit trail: who read whose personal data whole (and
    /// why, for a partner client), status changes, partner-client
    /// management; oldest first. For the district's admins.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] filter: AuditLogFilter,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<AuditRecord>> {
        req(ctx).principal.scope_for(crate::auth::Action::ReadAuditTrail)?;
        let page = page(first, after, last, before)?;
        let text = |v: Option<String>, field: &str| -> Result<Option<String>, crate::error::UserError> {
            match v {
                Some(t) if t.chars().count() > 200 => {
                    Err(crate::error::UserError::bad_input(field, "at most 200 characters"))
                }
                other => Ok(other),
            }
        };
        let client =
            filter
                .client_id
                .map(|c| {
                    argument(c.parse::<uuid::Uuid>().map_err(|_| {
                        crate::error::UserError::bad_input("filter.clientId", "not a client id")
                    }))
                })
                .transpose()?;
        let filter = AuditFilter {
            actor: argument(text(filter.actor, "filter.actor"))?,
            action: argument(text(filter.action, "filter.action"))?,
            target: filter
                .person_id
                .map(|p| argument(PersonId::from_global(&p, "filter.personId")))
                .transpose()?
                .map(|p| p.0),
            client,
            purpose: filter.purpose.map(|p| p.as_str().to_owned()),
            from: filter.from,
            to: filter.to,
        };
        root_list(ctx, filter, page).await
    }

    /// The caller's own person record, if the token names one.
    async fn me(&self, ctx: &Context<'_>) -> GqlResult<Option<Person>> {
        match req(ctx).principal.person {
            Some(id) => person(ctx, PersonId(id)).await,
            None => Ok(None),
        }
    }

    /// Who is calling: the roles and area their token or console login
    /// gives them (null when anonymous).
    async fn viewer(&self, ctx: &Context<'_>) -> Option<Viewer> {
        let principal = &req(ctx).principal;
        (!principal.is_anonymous()).then(|| Viewer { principal: principal.clone() })
    }

    /// 居民 — people living in the caller's area (or the caller themself),
    /// filtered by area (and all below it), special group, age range, name,
    /// or an exact ID-card number or mobile number (matched by keyed hash:
    /// nobody's data is decrypted to search).
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn people(
        &self,
        ctx: &Context<'_>,
        within: Option<ID>,
        special_group: Option<SpecialGroup>,
        min_age: Option<i32>,
        max_age: Option<i32>,
        #[graphql(desc = "Part of the name, at most 50 characters.")] name_contains: Option<String>,
        #[graphql(desc = "An exact 18-character ID-card number.")] id_card_number: Option<String>,
        #[graphql(desc = "An exact mainland mobile number (11 digits, optionally +86).")] phone: Option<
            String,
        >,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<Person>> {
        let page = page(first, after, last, before)?;
        let within = within_arg(ctx, within, "within").await?;
        let (born_from, born_to) = age_filter(min_age, max_age)?;
        let name_contains =
            name_contains.map(|n| argument(SearchTerm::parse(&n, "nameContains"))).transpose()?;
        let key = &req(ctx).data_key;
        let id_card_hash = id_card_number
            .map(|n| IdCardNumber::parse(&n, "idCardNumber").map(|n| key.lookup_hash(n.as_str())))
            .transpose();
        let id_card_hash = argument(id_card_hash)?;
        let phone_hash =
            phone.map(|p| Phone::parse(&p, "phone").map(|p| key.lookup_hash(p.as_str()))).transpose();
        let phone_hash = argument(phone_hash)?;
        let filter = PersonFilter {
            within,
            special_group,
            born_from,
            born_to,
            name_contains,
            id_card_hash,
            phone_hash,
        };
        root_list(ctx, filter, page).await
    }

    /// 网格员 — grid-worker assignments the caller may see, optionally within
    /// an area; active ones only unless `activeOnly` is false.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn grid_workers(
        &self,
        ctx: &Context<'_>,
        within: Option<ID>,
        #[graphql(default = true)] active_only: bool,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<RoleAssignment>> {
        let page = page(first, after, last, before)?;
        list_roles(ctx, AreaRole::GridWorker, within, active_only, page).await
    }

    /// 楼栋长 — building-leader assignments the caller may see, optionally
    /// within an area; active ones only unless `activeOnly` is false.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "crate::graphql::relay::page_cost(first, last) * child_complexity")]
    async fn building_leaders(
        &self,
        ctx: &Context<'_>,
        within: Option<ID>,
        #[graphql(default = true)] active_only: bool,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<RoleAssignment>> {
        let page = page(first, after, last, before)?;
        list_roles(ctx, AreaRole::BuildingLeader, within, active_only, page).await
    }
}

async fn list_roles(
    ctx: &Context<'_>,
    role: AreaRole,
    within: Option<ID>,
    active_only: bool,
    page: crate::db::Page,
) -> GqlResult<Conn<RoleAssignment>> {
    let within = within_arg(ctx, within, "within").await?;
    root_list(ctx, RoleFilter { role, within, active_only }, page).await
}
