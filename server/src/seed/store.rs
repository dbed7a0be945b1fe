//! SQL of the demo data: multi-row inserts, chunked under the backends'
//! bind-parameter limits, all run on the caller's transaction; and the
//! counts read back from the tables.

use uuid::Uuid;

use super::plan::bookings::{Bookings, SEED_SUBJECT};
use super::plan::{ChangeRow, Counts, Dataset};
use crate::area::model::AreaKind;
use crate::booking::model::BookingState;
use crate::db::{Conn, Timestamp};
use crate::error::Result;
use crate::people::model::AreaRole;
use crate::people::store::NewPerson;
use crate::services::model::SERVICE_SLOT;

/// A sealed person with its id and creation time.
pub struct PersonInsert {
    pub id: Uuid,
    pub at: Timestamp,
    pub person: NewPerson,
}

/// Values one statement may bind: SQLite allows 32766, PostgreSQL 65535.
const MAX_BINDS: usize = 32_766;

/// Rows per statement for an `insert into t (a, b, c) ` prefix.
fn rows_per_statement(sql: &str) -> usize {
    let columns = sql.matches(',').count() + 1;
    MAX_BINDS / columns
}

/// Insert `$rows` with `insert ... values (...), (...)` statements of as
/// many rows as the bind limit allows; `$push` binds one row's values.
macro_rules! insert_rows {
    ($conn:expr, $sql:expr, $rows:expr, |$b:ident, $r:ident| $push:block) => {{
        let sql: &str = $sql;
        for chunk in $rows.chunks(rows_per_statement(sql)) {
            run!($conn, |c| {
                let mut qb = sqlx::QueryBuilder::new(sql);
                qb.push_values(chunk, |mut $b, $r| $push);
                qb.build().persistent(false).execute(c).await.map(|r| r.rows_affected())
            })?;
        }
    }};
}

pub async fn count_areas(conn: &mut Conn) -> Result<i64> {
    Ok(run!(conn, |c| sqlx::query_scalar::<_, i64>("select count(*) from area").fetch_one(c).await)?)
}

/// Write every row, parents before children.
pub async fn insert(conn: &mut Conn, d: &Dataset, persons: &[PersonInsert]) -> Result<()> {
    insert_rows!(
        conn,
        "insert into area (id, kind, name, code, parent_id, path, depth, latitude, longitude, created_at) ",
        d.areas,
        |b, a| {
            b.push_bind(a.id)
                .push_bind(a.kind.as_str())
                .push_bind(a.name.as_str())
                .push_bind(a.code.as_str())
                .push_bind(a.parent_id)
                .push_bind(a.path.as_str())
                .push_bind(a.depth)
                .push_bind(a.latitude)
                .push_bind(a.longitude)
                .push_bind(a.at);
        }
    );
    insert_rows!(
        conn,
        "insert into unit (id, kind, name, area_id, area_path, created_at) ",
        d.units,
        |b, u| {
            b.push_bind(u.id)
                .push_bind(u.kind.as_str())
                .push_bind(u.name.as_str())
                .push_bind(u.area_id)
                .push_bind(u.area_path.as_str())
                .push_bind(u.at);
        }
    );
    insert_rows!(
        conn,
        "insert into person (id, name, gender, birth_date, id_card_cipher, id_card_hash, id_card_masked, \
         phone_cipher, phone_hash, phone_masked, home_area_id, area_path, created_at, updated_at) ",
        persons,
        |b, p| {
            let x = &p.person;
            b.push_bind(p.id)
                .push_bind(x.name.as_str())
                .push_bind(x.gender.as_str())
                .push_bind(x.birth_date)
                .push_bind(x.id_card_cipher.as_slice())
                .push_bind(x.id_card_hash.as_slice())
                .push_bind(x.id_card_masked.as_str())
                .push_bind(x.phone_cipher.as_deref())
                .push_bind(x.phone_hash.as_deref())
                .push_bind(x.phone_masked.as_deref())
                .push_bind(x.home_area_id)
                .push_bind(x.area_path.as_str())
                .push_bind(p.at)
                .push_bind(p.at);
        }
    );
    insert_rows!(
        conn,
        "insert into party_org (id, kind, name, parent_id, path, area_id, unit_id, area_path, secretary_id, \
         created_at) ",
        d.orgs,
        |b, o| {
            b.push_bind(o.id)
                .push_bind(o.kind.as_str())
                .push_bind(o.name.as_str())
                .push_bind(o.parent_id)
                .push_bind(o.path.as_str())
                .push_bind(o.area_id)
                .push_bind(o.unit_id)
                .push_bind(o.area_path.as_str())
                .push_bind(o.secretary_id)
                .push_bind(o.at);
        }
    );
    insert_rows!(
        conn,
        "insert into party_member (id, person_id, org_id, org_path, org_area_path, area_path, status, category, \
         joined_on, reported_community_id, reported_on, created_at, updated_at) ",
        d.members,
        |b, m| {
            b.push_bind(m.id)
                .push_bind(m.person_id)
                .push_bind(m.org_id)
                .push_bind(m.org_path.as_str())
                .push_bind(m.org_area_path.as_str())
                .push_bind(m.area_path.as_str())
                .push_bind(m.status.as_str())
                .push_bind(m.category.as_str())
                .push_bind(m.joined_on)
                .push_bind(m.reported_community_id)
                .push_bind(m.reported_on)
                .push_bind(m.at)
                .push_bind(m.at);
        }
    );
    insert_rows!(
        conn,
        "insert into member_org_period (id, member_id, org_id, from_on, to_on, reason, created_at) ",
        d.periods,
        |b, p| {
            b.push_bind(p.id)
                .push_bind(p.member_id)
                .push_bind(p.org_id)
                .push_bind(p.from_on)
                .push_bind(p.to_on)
                .push_bind(p.reason)
                .push_bind(p.at);
        }
    );
    insert_rows!(
        conn,
        "insert into org_pairing (id, org_id, community_id, since, until, created_at) ",
        d.pairings,
        |b, p| {
            b.push_bind(p.id)
                .push_bind(p.org_id)
                .push_bind(p.community_id)
                .push_bind(p.since)
                .push_bind(None::<crate::db::Date>)
                .push_bind(p.at);
        }
    );
    insert_rows!(
        conn,
        "insert into committee_seat (id, committee_id, person_id, unit_id, position, term_from, term_to, \
         area_path, created_at) ",
        d.seats,
        |b, s| {
            b.push_bind(s.id)
                .push_bind(s.committee_id)
                .push_bind(s.person_id)
                .push_bind(s.unit_id)
                .push_bind(s.position)
                .push_bind(s.term_from)
                .push_bind(None::<crate::db::Date>)
                .push_bind(s.area_path.as_str())
                .push_bind(s.at);
        }
    );
    insert_rows!(
        conn,
        "insert into special_group_entry (id, person_id, group_kind, registered_on, ended_on, note, area_path, \
         created_at) ",
        d.special_groups,
        |b, s| {
            b.push_bind(s.id)
                .push_bind(s.person_id)
                .push_bind(s.kind.as_str())
                .push_bind(s.registered_on)
                .push_bind(None::<crate::db::Date>)
                .push_bind(s.note)
                .push_bind(s.area_path.as_str())
                .push_bind(s.at);
        }
    );
    insert_rows!(
        conn,
        "insert into role_assignment (id, role, person_id, area_id, area_path, from_on, to_on, created_at) ",
        d.roles,
        |b, r| {
            b.push_bind(r.id)
                .push_bind(r.role.as_str())
                .push_bind(r.person_id)
                .push_bind(r.area_id)
                .push_bind(r.area_path.as_str())
                .push_bind(r.from_on)
                .push_bind(None::<crate::db::Date>)
                .push_bind(r.at);
        }
    );
    insert_rows!(
        conn,
        "insert into grid_group_member (id, grid_id, person_id, role, unit_id, area_path, from_on, to_on, \
         created_at) ",
        d.group_members,
        |b, g| {
            b.push_bind(g.id)
                .push_bind(g.grid_id)
                .push_bind(g.person_id)
                .push_bind(g.role.as_str())
                .push_bind(g.unit_id)
                .push_bind(g.area_path.as_str())
                .push_bind(g.from_on)
                .push_bind(None::<crate::db::Date>)
                .push_bind(g.at);
        }
    );
    insert_rows!(
        conn,
        "insert into serving (id, person_id, kind, source_id, area_path, from_on, to_on, created_at) ",
        d.serving,
        |b, s| {
            b.push_bind(s.id)
                .push_bind(s.person_id)
                .push_bind(s.kind.as_str())
                .push_bind(s.id)
                .push_bind(s.area_path.as_str())
                .push_bind(s.from_on)
                .push_bind(None::<crate::db::Date>)
                .push_bind(s.at);
        }
    );
    let s = &d.services;
    insert_rows!(
        conn,
        "insert into service_point (id, name, kind, area_id, area_path, address, latitude, longitude, phone, \
         created_at, updated_at) ",
        s.points,
        |b, p| {
            b.push_bind(p.id)
                .push_bind(p.name.as_str())
                .push_bind(p.kind.as_str())
                .push_bind(p.area_id)
                .push_bind(p.area_path.as_str())
                .push_bind(p.address.as_str())
                .push_bind(p.latitude)
                .push_bind(p.longitude)
                .push_bind(p.phone.as_str())
                .push_bind(p.at)
                .push_bind(p.at);
        }
    );
    insert_rows!(conn, "insert into service_point_area (point_id, area_id, area_path) ", s.served, |b, r| {
        b.push_bind(r.point_id).push_bind(r.area_id).push_bind(r.area_path.as_str());
    });
    insert_rows!(
        conn,
        "insert into opening_period (id, point_id, weekday, starts, ends, mode) ",
        s.hours,
        |b, h| {
            b.push_bind(h.id)
                .push_bind(h.point_id)
                .push_bind(h.weekday)
                .push_bind(h.starts)
                .push_bind(h.ends)
                .push_bind(h.mode.as_str());
        }
    );
    insert_rows!(
        conn,
        "insert into point_closure (point_id, on_date, reason, created_at) ",
        s.closures,
        |b, k| {
            b.push_bind(k.point_id).push_bind(crate::db::Date(k.on)).push_bind(k.reason).push_bind(k.at);
        }
    );
    let v = &d.home_visits;
    insert_rows!(
        conn,
        "insert into service (id, point_id, area_path, name, description, mode, duration_minutes, capacity, \
         opens_days_ahead, cancel_hours_before, claim_minutes, min_age, max_age, special_groups, residents_only, \
         party_members_only, created_at, updated_at) ",
        v.services,
        |b, s| {
            b.push_bind(s.id)
                .push_bind(s.point_id)
                .push_bind(s.area_path.as_str())
                .push_bind(s.name)
                .push_bind(s.description)
                .push_bind(s.mode.as_str())
                .push_bind(60_i32)
                .push_bind(1_i32)
                .push_bind(14_i32)
                .push_bind(0_i32)
                .push_bind(None::<i32>)
                .push_bind(Some(60_i32))
                .push_bind(None::<i32>)
                .push_bind("")
                .push_bind(true)
                .push_bind(false)
                .push_bind(s.at)
                .push_bind(s.at);
        }
    );
    insert_rows!(
        conn,
        "insert into home_visit_request (id, person_id, service_id, person_path, grid_id, grid_path, preferred_at, \
         note, state, assignee_id, visited_at, visit_notes, requested_by, created_at, updated_at) ",
        v.requests,
        |b, r| {
            b.push_bind(r.id)
                .push_bind(r.person_id)
                .push_bind(r.service_id)
                .push_bind(r.person_path.as_str())
                .push_bind(r.grid_id)
                .push_bind(r.grid_path.as_str())
                .push_bind(r.preferred_at)
                .push_bind((!r.note.is_empty()).then_some(r.note))
                .push_bind(r.state.as_str())
                .push_bind(r.assignee_id)
                .push_bind(r.visited_at)
                .push_bind(r.visit_notes)
                .push_bind(r.requested_by.as_str())
                .push_bind(r.at)
                .push_bind(r.updated_at);
        }
    );
    insert_changes(conn, &v.changes).await?;
    insert_rows!(
        conn,
        "insert into serving (id, person_id, kind, source_id, area_path, from_on, to_on, created_at) ",
        v.visitors,
        |b, s| {
            b.push_bind(s.id)
                .push_bind(s.person_id)
                .push_bind(crate::home_visits::model::HOME_VISITOR.as_str())
                .push_bind(s.source_id)
                .push_bind(s.area_path.as_str())
                .push_bind(s.from_on)
                .push_bind(None::<crate::db::Date>)
                .push_bind(s.at);
        }
    );
    let seeded_at = d.areas.first().map(|a| a.at).unwrap_or_else(crate::db::now);
    insert_rows!(conn, "insert into calendar_day (day, kind, name, updated_at) ", s.calendar, |b, c| {
        b.push_bind(crate::db::Date(c.day)).push_bind(c.kind.as_str()).push_bind(c.name).push_bind(seeded_at);
    });
    let f = &d.facilities;
    insert_rows!(
        conn,
        "insert into facility (id, point_id, area_path, name, kind, capacity, requires_approval, version, \
         created_at, updated_at) ",
        f.facilities,
        |b, r| {
            b.push_bind(r.id)
                .push_bind(r.point_id)
                .push_bind(r.area_path.as_str())
                .push_bind(r.name)
                .push_bind(r.kind.as_str())
                .push_bind(r.capacity)
                .push_bind(r.requires_approval)
                .push_bind(0_i32)
                .push_bind(r.at)
                .push_bind(r.at);
        }
    );
    insert_rows!(
        conn,
        "insert into reservation (id, facility_id, series_id, person_id, area_path, starts_at, ends_at, \
         purpose, state, reserved_by, created_at, updated_at) ",
        f.reservations,
        |b, r| {
            b.push_bind(r.id)
                .push_bind(r.facility_id)
                .push_bind(r.series_id)
                .push_bind(r.person_id)
                .push_bind(r.area_path.as_str())
                .push_bind(r.starts_at)
                .push_bind(r.ends_at)
                .push_bind(r.purpose)
                .push_bind(r.state.as_str())
                .push_bind(r.reserved_by.as_str())
                .push_bind(r.at)
                .push_bind(r.at);
        }
    );
    insert_changes(conn, &f.changes).await?;
    insert_bookings(conn, &d.bookings).await
}

/// Lines of the state timeline, of any domain.
async fn insert_changes<S: Copy + Into<&'static str>>(conn: &mut Conn, rows: &[ChangeRow<S>]) -> Result<()> {
    insert_rows!(
        conn,
        "insert into state_change (id, subject_id, state, at, actor_subject, actor_person_id, note) ",
        rows,
        |b, c| {
            b.push_bind(c.id)
                .push_bind(c.subject_id)
                .push_bind(c.state.into())
                .push_bind(c.at)
                .push_bind(c.actor_subject.as_str())
                .push_bind(c.actor_person_id)
                .push_bind(c.note.as_deref());
        }
    );
    Ok(())
}

/// Services, the slots booked, their bookings and each booking's history.
async fn insert_bookings(conn: &mut Conn, k: &Bookings) -> Result<()> {
    insert_rows!(
        conn,
        "insert into service (id, point_id, area_path, name, description, mode, duration_minutes, capacity, \
         opens_days_ahead, cancel_hours_before, claim_minutes, min_age, max_age, special_groups, residents_only, \
         party_members_only, created_at, updated_at) ",
        k.services,
        |b, r| {
            let s = &r.service;
            b.push_bind(r.id)
                .push_bind(s.point_id)
                .push_bind(s.area_path.as_str())
                .push_bind(s.name.as_str())
                .push_bind(s.description.as_str())
                .push_bind(s.mode.as_str())
                .push_bind(s.duration_minutes)
                .push_bind(s.capacity)
                .push_bind(s.opens_days_ahead)
                .push_bind(s.cancel_hours_before)
                .push_bind(s.claim_minutes)
                .push_bind(s.min_age)
                .push_bind(s.max_age)
                .push_bind(s.special_groups.as_str())
                .push_bind(s.residents_only)
                .push_bind(s.party_members_only)
                .push_bind(r.at)
                .push_bind(r.at);
        }
    );
    insert_rows!(
        conn,
        "insert into bookable (id, kind, owner_id, place_id, area_path, starts_at, ends_at, capacity, \
         claim_minutes, held, waiting, arrivals, created_at) ",
        k.bookables,
        |b, r| {
            b.push_bind(r.id)
                .push_bind(SERVICE_SLOT)
                .push_bind(r.owner_id)
                .push_bind(r.place_id)
                .push_bind(r.area_path.as_str())
                .push_bind(r.starts_at)
                .push_bind(r.ends_at)
                .push_bind(r.capacity)
                .push_bind(r.claim_minutes)
                .push_bind(r.held)
                .push_bind(r.waiting)
                .push_bind(r.arrivals)
                .push_bind(r.at);
        }
    );
    insert_rows!(
        conn,
        "insert into booking (id, bookable_id, person_id, person_path, area_path, state, seq, starts_at, ends_at, \
         offer_expires_at, requested_by, idempotency_key, outcome, created_at, updated_at) ",
        k.bookings,
        |b, r| {
            b.push_bind(r.id)
                .push_bind(r.bookable_id)
                .push_bind(r.person_id)
                .push_bind(r.person_path.as_str())
                .push_bind(r.area_path.as_str())
                .push_bind(r.state.as_str())
                .push_bind(r.seq)
                .push_bind(r.starts_at)
                .push_bind(r.ends_at)
                .push_bind(None::<Timestamp>)
                .push_bind(SEED_SUBJECT)
                .push_bind(None::<&str>)
                .push_bind(r.outcome.as_deref())
                .push_bind(r.created_at)
                .push_bind(r.updated_at);
        }
    );
    insert_changes(conn, &k.changes).await?;
    Ok(())
}

/// What the tables hold, counted the way [`Counts`] reports the seed.
pub async fn counts(conn: &mut Conn) -> Result<Counts> {
    let areas =
        run!(conn, |c| sqlx::query_as::<_, (String, i64)>("select kind, count(*) from area group by kind")
            .fetch_all(c)
            .await)?;
    let roles = run!(conn, |c| sqlx::query_as::<_, (String, i64)>(
        "select role, count(*) from role_assignment where to_on is null group by role"
    )
    .fetch_all(c)
    .await)?;
    let totals = run!(conn, |c| {
        sqlx::query_as::<_, (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)>(
        "select (select count(*) from unit), (select count(*) from party_org), (select count(*) from person), \
         (select count(*) from party_member), \
         (select count(*) from party_member where reported_community_id is not null), \
         (select count(*) from member_org_period), (select count(*) from org_pairing), \
         (select count(distinct org_id) from org_pairing), (select count(*) from committee_seat), \
         (select count(*) from special_group_entry), (select count(*) from grid_group_member), \
         (select count(*) from service_point), (select count(*) from calendar_day)"
    )
    .fetch_one(c)
    .await
    })?;
    let (facilities, reservations) = run!(conn, |c| sqlx::query_as::<_, (i64, i64)>(
        "select (select count(*) from facility), (select count(*) from reservation)"
    )
    .fetch_one(c)
    .await)?;
    let bookings = run!(conn, |c| sqlx::query_as::<_, (String, i64)>(
        "select state, count(*) from booking group by state"
    )
    .fetch_all(c)
    .await)?;
    let services =
        run!(conn, |c| sqlx::query_scalar::<_, i64>("select count(*) from service").fetch_one(c).await)?;
    let of = |rows: &[(String, i64)], key: &str| {
        rows.iter().find(|(k, _)| k == key).map_or(0, |(_, n)| u64::try_from(*n).unwrap_or(0))
    };
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    Ok(Counts {
        districts: of(&areas, AreaKind::District.as_str()),
        streets: of(&areas, AreaKind::Street.as_str()),
        towns: of(&areas, AreaKind::Town.as_str()),
        communities: of(&areas, AreaKind::Community.as_str()),
        villages: of(&areas, AreaKind::Village.as_str()),
        grids: of(&areas, AreaKind::Grid.as_str()),
        buildings: of(&areas, AreaKind::Building.as_str()),
        units: n(totals.0),
        orgs: n(totals.1),
        persons: n(totals.2),
        party_members: n(totals.3),
        reported_members: n(totals.4),
        member_periods: n(totals.5),
        building_leaders: of(&roles, AreaRole::BuildingLeader.as_str()),
        grid_workers: of(&roles, AreaRole::GridWorker.as_str()),
        pairings: n(totals.6),
        paired_orgs: n(totals.7),
        committee_seats: n(totals.8),
        special_group_entries: n(totals.9),
        grid_group_members: n(totals.10),
        service_points: n(totals.11),
        calendar_days: n(totals.12),
        facilities: n(facilities),
        reservations: n(reservations),
        services: n(services),
        bookings: n(bookings.iter().map(|(_, k)| k).sum()),
        completed_bookings: of(&bookings, BookingState::Completed.as_str()),
        waitlisted_bookings: of(&bookings, BookingState::Waitlisted.as_str()),
    })
}
