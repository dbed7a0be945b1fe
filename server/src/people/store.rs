//! SQL of people. Every read takes the caller's `Scope`.

use super::model::*;
use crate::db::{Conn, Date, Scope, Timestamp, new_id};
use crate::error::Result;
use crate::graphql::relay::Page;
use crate::org::model::AreaId;
use crate::{push_in, push_page, push_scope, push_subtree};

const PERSON_COLUMNS: &str = "p.id, p.name, p.gender, p.birth_date, p.id_card_cipher, p.id_card_masked, \
     p.phone_cipher, p.phone_masked, p.home_area_id, p.area_path";

pub async fn persons_by_ids(conn: &mut Conn, scope: &Scope, ids: &[PersonId]) -> Result<Vec<Person>> {
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new("select ");
        qb.push(PERSON_COLUMNS).push(" from person p where true");
        push_in!(qb, "p.id", ids);
        push_scope!(qb, ["p.area_path"], "p.id", scope);
        qb.build_query_as::<Person>().fetch_all(c).await
    })?)
}

/// Filters of the `people` query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonFilter {
    /// Living at or below the area with this path.
    pub within: Option<String>,
    /// Currently registered in this special group.
    pub special_group: Option<SpecialGroup>,
    /// Born on or after (oldest age bound).
    pub born_from: Option<Date>,
    /// Born on or before (youngest age bound).
    pub born_to: Option<Date>,
    pub name_contains: Option<String>,
}

macro_rules! push_person_filter {
    ($qb:expr, $scope:expr, $f:expr) => {{
        let f: &PersonFilter = $f;
        push_scope!($qb, ["p.area_path"], "p.id", $scope);
        if let Some(within) = &f.within {
            push_subtree!($qb, "p.area_path", within);
        }
        if let Some(group) = f.special_group {
            $qb.push(" and exists (select 1 from special_group_entry s where s.person_id = p.id and s.group_kind = ")
                .push_bind(group.as_str())
                .push(" and s.ended_on is null)");
        }
        if let Some(from) = f.born_from {
            $qb.push(" and p.birth_date >= ").push_bind(from);
        }
        if let Some(to) = f.born_to {
            $qb.push(" and p.birth_date <= ").push_bind(to);
        }
        if let Some(name) = &f.name_contains {
            $qb.push(" and p.name like ").push_bind(crate::db::like_pattern(name)).push(" escape '\\'");
        }
    }};
}

pub async fn list_persons(
    conn: &mut Conn,
    scope: &Scope,
    filter: &PersonFilter,
    page: &Page,
) -> Result<Vec<Person>> {
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new("select ");
        qb.push(PERSON_COLUMNS).push(" from person p where true");
        push_person_filter!(qb, scope, filter);
        push_page!(qb, "p.id", page);
        qb.build_query_as::<Person>().fetch_all(c).await
    })?)
}

pub async fn count_persons(conn: &mut Conn, scope: &Scope, filter: &PersonFilter) -> Result<i64> {
    Ok(run!(conn, |c| {
        let mut qb = sqlx::QueryBuilder::new("select count(*) from person p where true");
        push_person_filter!(qb, scope, filter);
        qb.build_query_scalar::<i64>().fetch_one(c).await
    })?)
}

/// A person about to be written: personal data already sealed.
pub struct NewPerson {
    pub name: String,
    pub gender: Gender,
    pub birth_date: Date,
    pub id_card_cipher: Vec<u8>,
    pub id_card_hash: Vec<u8>,
    pub id_card_masked: String,
    pub phone_cipher: Option<Vec<u8>>,
    pub phone_hash: Option<Vec<u8>>,
    pub phone_masked: Option<String>,
    pub home_area_id: AreaId,
    pub area_path: String,
}

/// Insert; a duplicate ID-card number fails with a unique violation, which
/// the caller turns into a `CONFLICT`.
pub async fn insert_person(
    conn: &mut Conn,
    p: &NewPerson,
    at: Timestamp,
) -> std::result::Result<PersonId, sqlx::Error> {
    let id = PersonId(new_id());
    run!(conn, |c| sqlx::query(
        "insert into person (id, name, gender, birth_date, id_card_cipher, id_card_hash, id_card_masked, \
         phone_cipher, phone_hash, phone_masked, home_area_id, area_path, created_at, updated_at) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)"
    )
    .bind(id)
    .bind(&p.name)
    .bind(p.gender.as_str())
    .bind(p.birth_date)
    .bind(&p.id_card_cipher)
    .bind(&p.id_card_hash)
    .bind(&p.id_card_masked)
    .bind(&p.phone_cipher)
    .bind(&p.phone_hash)
    .bind(&p.phone_masked)
    .bind(p.home_area_id)
    .bind(&p.area_path)
    .bind(at)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(id)
}

/// Record that `actor` read `field` of each person whole.
pub async fn insert_audit(
    conn: &mut Conn,
    actor: &str,
    reads: &[(PersonId, &'static str)],
    at: Timestamp,
) -> Result<()> {
    if reads.is_empty() {
        return Ok(());
    }
    run!(conn, |c| {
        let mut qb =
            sqlx::QueryBuilder::new("insert into audit_log (id, at, actor, action, target_id, detail) ");
        qb.push_values(reads, |mut row, (person, field)| {
            row.push_bind(new_id())
                .push_bind(at)
                .push_bind(actor.to_owned())
                .push_bind("read_personal_data")
                .push_bind(*person)
                .push_bind(*field);
        });
        qb.build().execute(c).await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

/// How many whole reads of a person's data were audited (for the audit trail and tests).
pub async fn count_audit(conn: &mut Conn, person: PersonId) -> Result<i64> {
    Ok(run!(conn, |c| sqlx::query_scalar::<_, i64>("select count(*) from audit_log where target_id = $1")
        .bind(person)
        .fetch_one(c)
        .await)?)
}
