//! GraphQL of people: persons with masked personal data, and their registration.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use async_graphql::{Context, ID, InputObject, Object};

use super::model::*;
use super::service::{self, RegisterResident};
use super::store::{self, PersonFilter};
use crate::db::{Date, Db, Scope};
use crate::graphql::relay::{Conn, Page, connection, expect_id, global_id};
use crate::graphql::{RequestCtx, loader, new_loader, req};
use crate::org::graphql::{area, area_path_arg, count_with};
use crate::org::model::{Area, AreaId, now};
use crate::payload;

type GqlResult<T> = async_graphql::Result<T>;

/// One loader per request for this domain, bound to the caller's scope.
pub struct PeopleLoader {
    pub db: Db,
    pub scope: Scope,
    /// Who is reading, for the audit trail of whole personal data.
    pub actor: String,
}

pub fn add_loaders(
    request: async_graphql::Request,
    rctx: &RequestCtx,
    trace_id: &str,
) -> async_graphql::Request {
    request.data(new_loader(
        PeopleLoader {
            db: rctx.db.clone(),
            scope: rctx.scope.clone(),
            actor: rctx.principal.subject.clone(),
        },
        trace_id,
    ))
}

impl Loader<PersonId> for PeopleLoader {
    type Value = Person;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[PersonId]) -> GqlResult<HashMap<PersonId, Person>> {
        let mut conn = self.db.conn().await?;
        Ok(store::persons_by_ids(&mut conn, &self.scope, keys)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect())
    }
}

/// A whole read of one personal-data field, batched into one audit insert.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AuditedRead(pub PersonId, pub &'static str);

impl Loader<AuditedRead> for PeopleLoader {
    type Value = ();
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[AuditedRead]) -> GqlResult<HashMap<AuditedRead, ()>> {
        let reads: Vec<(PersonId, &'static str)> = keys.iter().map(|k| (k.0, k.1)).collect();
        let mut conn = self.db.conn().await?;
        store::insert_audit(&mut conn, &self.actor, &reads, now()).await?;
        Ok(keys.iter().map(|k| (*k, ())).collect())
    }
}

/// A person visible to the caller, or `None` (missing and out of scope look the same).
pub async fn person(ctx: &Context<'_>, id: PersonId) -> GqlResult<Option<Person>> {
    loader::<PeopleLoader>(ctx).load_one(id).await
}

/// Decrypt a sealed field for a caller with the personal-data permission,
/// recording the read; otherwise the masked form.
async fn reveal(
    ctx: &Context<'_>,
    person: PersonId,
    field: &'static str,
    sealed: &[u8],
    masked: &str,
) -> GqlResult<String> {
    let rctx = req(ctx);
    if !rctx.principal.sees_personal_data() {
        return Ok(masked.to_owned());
    }
    let plain = rctx.data_key.decrypt(sealed)?;
    loader::<PeopleLoader>(ctx).load_one(AuditedRead(person, field)).await?;
    Ok(plain)
}

/// 人员 — a person known to the platform: a resident, party member, grid
/// worker or representative. ID-card number and phone are masked unless the
/// caller holds the personal-data permission; every whole read is audited.
#[Object]
impl Person {
    pub async fn id(&self) -> ID {
        global_id("Person", self.id.0)
    }
    async fn name(&self) -> &str {
        &self.name
    }
    async fn gender(&self) -> Gender {
        self.gender
    }
    async fn birth_date(&self) -> Date {
        self.birth_date
    }
    /// Age in whole years today.
    async fn age(&self) -> i32 {
        self.age_on(Date::today().0)
    }
    /// 身份证号 — masked (`340404********1234`) unless permitted.
    async fn id_card_number(&self, ctx: &Context<'_>) -> GqlResult<String> {
        reveal(ctx, self.id, "id_card_number", &self.id_card_cipher, &self.id_card_masked).await
    }
    /// 手机号 — masked (`138****5678`) unless permitted.
    async fn phone(&self, ctx: &Context<'_>) -> GqlResult<Option<String>> {
        match (&self.phone_cipher, &self.phone_masked) {
            (Some(sealed), Some(masked)) => Ok(Some(reveal(ctx, self.id, "phone", sealed, masked).await?)),
            _ => Ok(None),
        }
    }
    /// Where the person lives: a building, or a village.
    async fn home_area(&self, ctx: &Context<'_>) -> GqlResult<Option<Area>> {
        area(ctx, self.home_area_id).await
    }
}

pub async fn list_people(ctx: &Context<'_>, filter: PersonFilter, page: Page) -> GqlResult<Conn<Person>> {
    let rctx = req(ctx);
    let scope = rctx.scope.clone();
    let rows = store::list_persons(&mut rctx.db.conn().await?, &scope, &filter, &page).await?;
    let total = count_with(&rctx.db, move |mut c| {
        let (scope, filter) = (scope.clone(), filter.clone());
        async move { store::count_persons(&mut c, &scope, &filter).await }
    });
    Ok(connection(&page, rows, |p| p.id.0, |p| p, total))
}

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

#[Object]
impl PeopleQuery {
    /// The caller's own person record, if the token names one.
    async fn me(&self, ctx: &Context<'_>) -> GqlResult<Option<Person>> {
        match req(ctx).principal.person {
            Some(id) => person(ctx, PersonId(id)).await,
            None => Ok(None),
        }
    }

    /// People the caller may see, filtered by area (and all below it),
    /// special group, age range and name.
    #[allow(clippy::too_many_arguments)]
    async fn people(
        &self,
        ctx: &Context<'_>,
        within: Option<ID>,
        special_group: Option<SpecialGroup>,
        min_age: Option<i32>,
        max_age: Option<i32>,
        name_contains: Option<String>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> GqlResult<Conn<Person>> {
        let page = Page::parse(first, after, last, before)?;
        let within = match within {
            Some(w) => Some(area_path_arg(ctx, &w, "within").await?),
            None => None,
        };
        let (born_from, born_to) = age_filter(min_age, max_age)?;
        let filter = PersonFilter { within, special_group, born_from, born_to, name_contains };
        list_people(ctx, filter, page).await
    }
}

/// 登记居民 — register a resident.
#[derive(InputObject)]
pub struct RegisterResidentInput {
    pub name: String,
    /// 18-character ID-card number; birth date and gender are read from it.
    pub id_card_number: String,
    /// Mainland mobile number.
    pub phone: Option<String>,
    /// The building (or village) the resident lives in.
    pub home_area_id: ID,
}

payload!(
    /// The result of `registerResident`.
    RegisterResidentPayload { person: Person }
);

#[derive(Default)]
pub struct PeopleMutation;

#[Object]
impl PeopleMutation {
    /// 登记居民 — register a resident in a building of the caller's area.
    async fn register_resident(
        &self,
        ctx: &Context<'_>,
        input: RegisterResidentInput,
    ) -> GqlResult<RegisterResidentPayload> {
        let rctx = req(ctx);
        let home_area_id = AreaId(expect_id(&input.home_area_id, "Area", "input.homeAreaId")?);
        let result = service::register_resident(
            &rctx.db,
            &rctx.data_key,
            &rctx.principal,
            RegisterResident {
                name: input.name,
                id_card_number: input.id_card_number,
                phone: input.phone,
                home_area_id,
            },
        )
        .await;
        RegisterResidentPayload::from_result(result)
    }
}
