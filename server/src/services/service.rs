//! Writes of service points: creating and changing a point, its weekly
//! opening hours and its closures, by the admins of the area it stands in;
//! and the national calendar, by the district's admins. Each checks the
//! caller's scope, validates its whole input, writes in one transaction and
//! reads the result back.

use super::model::*;
use super::store::{self, PointFields, ServiceFields};
use crate::area::store as area_store;
use crate::auth::{Action, Principal};
use crate::booking;
use crate::db::{Conn, Date, Db, Scope, new_id, now, on_unique, read_back};
use crate::error::{Error, InputErrors, Result, UserError};
use crate::ids::{AreaId, PersonId, ServiceId, ServicePointId};
use crate::people::model::SpecialGroup;
use crate::people::store::{self as people_store, NewServing};

/// A position as given, parsed into `errors` (each bad coordinate named).
fn check_location(errors: &mut InputErrors, location: (f64, f64), field: &str) -> Option<LatLng> {
    match LatLng::parse(location.0, location.1, field) {
        Ok(l) => Some(l),
        Err(bad) => {
            bad.into_iter().for_each(|e| errors.push(e));
            None
        }
    }
}

/// The served areas, each existing and in the caller's scope, as `(id, path)`:
/// read in one statement.
async fn check_served_areas(
    tx: &mut Conn,
    errors: &mut InputErrors,
    scope: &Scope,
    ids: &[AreaId],
) -> Result<Vec<(AreaId, String)>> {
    if ids.len() > MAX_SERVED_AREAS {
        errors.push(UserError::bad_input("servedAreaIds", format!("at most {MAX_SERVED_AREAS} areas")));
        return Ok(Vec::new());
    }
    let areas = area_store::areas_by_ids(tx, ids).await?;
    let mut found = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        match areas.iter().find(|a| a.id == *id) {
            Some(a) if scope.covers_path(&a.path) => {
                if !found.iter().any(|(f, _)| f == id) {
                    found.push((a.id, a.path.clone()));
                }
            }
            // An area outside the caller's scope answers like a missing one.
            _ => errors.push(UserError::not_found(&format!("servedAreaIds.{i}"), "area")),
        }
    }
    Ok(found)
}

pub struct CreateServicePoint {
    pub name: String,
    pub kind: ServicePointKind,
    pub area_id: AreaId,
    /// The areas it serves; its own area when empty.
    pub served_area_ids: Vec<AreaId>,
    pub address: String,
    pub location: (f64, f64),
    pub phone: Option<String>,
}

/// A new point in an area of the caller's.
pub async fn create_service_point(
    db: &Db,
    principal: &Principal,
    input: CreateServicePoint,
) -> Result<ServicePoint> {
    let scope = principal.scope_for(Action::ManageServices)?;
    let mut errors = InputErrors::default();
    let name = errors.check(parse_text(&input.name, MAX_NAME_CHARS, "name"));
    let address = errors.check(parse_text(&input.address, MAX_ADDRESS_CHARS, "address"));
    let phone = errors.check(parse_phone(input.phone.as_deref(), "phone"));
    let location = check_location(&mut errors, input.location, "location");
    let mut tx = db.begin().await?;
    let area = area_store::area(&mut tx, input.area_id).await?;
    if let Some(a) = &area {
        Principal::check_in(&scope, &a.path, "the area")?;
    }
    let area = errors.check(match area {
        None => Err(UserError::not_found("areaId", "area")),
        Some(a) if a.depth < 2 => {
            Err(UserError::bad_input("areaId", "a point stands in a community or a village, or below one"))
        }
        Some(a) => Ok(a),
    });
    let served = if input.served_area_ids.is_empty() { vec![input.area_id] } else { input.served_area_ids };
    let served = check_served_areas(&mut tx, &mut errors, &scope, &served).await?;
    let (name, address, phone, (location, area)) =
        errors.finish((name, address, phone, location.zip(area)))?;
    let fields = PointFields { name, kind: input.kind, address, location, phone };
    let at = now();
    let id = store::insert_point(&mut tx, area.id, &area.path, &fields, at).await?;
    store::replace_served_areas(&mut tx, id, &served).await?;
    let point = read_back(store::point(&mut tx, id).await?, "service point")?;
    tx.commit().await?;
    Ok(point)
}

pub struct UpdateServicePoint {
    pub id: ServicePointId,
    pub name: Option<String>,
    pub kind: Option<ServicePointKind>,
    pub address: Option<String>,
    pub location: Option<(f64, f64)>,
    /// `Some(None)` removes the phone.
    pub phone: Option<Option<String>>,
    pub served_area_ids: Option<Vec<AreaId>>,
}

/// Change a point of the caller's area; omitted fields stay as they are.
/// The area a point stands in does not change (a point that moves to
/// another community is a new point there).
pub async fn update_service_point(
    db: &Db,
    principal: &Principal,
    input: UpdateServicePoint,
) -> Result<ServicePoint> {
    let scope = principal.scope_for(Action::ManageServices)?;
    let mut tx = db.begin().await?;
    let point = point_in_scope(&mut tx, &scope, input.id, "id").await?;
    let mut errors = InputErrors::default();
    let name = match &input.name {
        Some(n) => errors.check(parse_text(n, MAX_NAME_CHARS, "name")),
        None => Some(point.name.clone()),
    };
    let address = match &input.address {
        Some(a) => errors.check(parse_text(a, MAX_ADDRESS_CHARS, "address")),
        None => Some(point.address.clone()),
    };
    let phone = match &input.phone {
        Some(p) => errors.check(parse_phone(p.as_deref(), "phone")),
        None => Some(point.phone.clone()),
    };
    let location = match input.location {
        Some(l) => check_location(&mut errors, l, "location"),
        None => Some(point.position()),
    };
    let served = match &input.served_area_ids {
        Some(ids) if ids.is_empty() => Some(vec![(point.area_id, point.area_path.clone())]),
        Some(ids) => Some(check_served_areas(&mut tx, &mut errors, &scope, ids).await?),
        None => None,
    };
    let (name, address, phone, location) = errors.finish((name, address, phone, location))?;
    let kind = input.kind.unwrap_or(point.kind);
    let fields = PointFields { name, kind, address, location, phone };
    store::update_point(&mut tx, point.id, &fields, now()).await?;
    if let Some(served) = served {
        store::replace_served_areas(&mut tx, point.id, &served).await?;
    }
    let point = read_back(store::point(&mut tx, point.id).await?, "service point")?;
    tx.commit().await?;
    Ok(point)
}

pub struct SetOpeningHours {
    pub point_id: ServicePointId,
    /// `(weekday, starts, ends, mode)` of each period.
    pub periods: Vec<(i32, String, String, OpeningMode)>,
}

/// Replace a point's weekly opening hours.
pub async fn set_opening_hours(
    db: &Db,
    principal: &Principal,
    input: SetOpeningHours,
) -> Result<ServicePoint> {
    let scope = principal.scope_for(Action::ManageServices)?;
    let week = parse_week(&input.periods);
    let mut tx = db.begin().await?;
    let point = point_in_scope(&mut tx, &scope, input.point_id, "pointId").await?;
    let week = week.map_err(Error::User)?;
    store::replace_periods(&mut tx, point.id, &week).await?;
    store::update_point(&mut tx, point.id, &fields_of(&point), now()).await?;
    tx.commit().await?;
    Ok(point)
}

pub struct AddPointClosure {
    pub point_id: ServicePointId,
    pub on: Date,
    pub reason: Option<String>,
}

/// Close a point on a date; a date already closed is a `CONFLICT`.
pub async fn add_point_closure(
    db: &Db,
    principal: &Principal,
    input: AddPointClosure,
) -> Result<ServicePoint> {
    let scope = principal.scope_for(Action::ManageServices)?;
    let mut errors = InputErrors::default();
    let reason = errors.check(parse_reason(input.reason.as_deref(), "reason"));
    let mut tx = db.begin().await?;
    let point = point_in_scope(&mut tx, &scope, input.point_id, "pointId").await?;
    let reason = errors.finish(reason)?;
    let conflict = || UserError::conflict("date", "the point is already closed on this date");
    on_unique(store::insert_closure(&mut tx, point.id, input.on, reason.as_deref(), now()).await, conflict)?;
    tx.commit().await?;
    Ok(point)
}

pub struct RemovePointClosure {
    pub point_id: ServicePointId,
    pub on: Date,
}

/// Open a point again on a date it was closed.
pub async fn remove_point_closure(
    db: &Db,
    principal: &Principal,
    input: RemovePointClosure,
) -> Result<ServicePoint> {
    let scope = principal.scope_for(Action::ManageServices)?;
    let mut tx = db.begin().await?;
    let point = point_in_scope(&mut tx, &scope, input.point_id, "pointId").await?;
    if store::delete_closure(&mut tx, point.id, input.on).await? == 0 {
        return Err(UserError::not_found("date", "closure on this date").into());
    }
    tx.commit().await?;
    Ok(point)
}

pub struct SetCalendarDay {
    pub day: Date,
    pub kind: CalendarDayKind,
    pub name: String,
}

/// Mark a day of the national calendar a holiday or a make-up working day.
pub async fn set_calendar_day(db: &Db, principal: &Principal, input: SetCalendarDay) -> Result<CalendarDay> {
    principal.scope_for(Action::ManageCalendar)?;
    let name = parse_text(&input.name, MAX_NAME_CHARS, "name")?;
    let mut tx = db.begin().await?;
    store::upsert_calendar_day(&mut tx, input.day, input.kind, &name, now()).await?;
    let day = read_back(store::calendar_day(&mut tx, input.day).await?, "calendar day")?;
    tx.commit().await?;
    Ok(day)
}

/// Make a day an ordinary one again; the day as it was.
pub async fn remove_calendar_day(db: &Db, principal: &Principal, day: Date) -> Result<CalendarDay> {
    principal.scope_for(Action::ManageCalendar)?;
    let mut tx = db.begin().await?;
    let Some(found) = store::calendar_day(&mut tx, day).await? else {
        return Err(UserError::not_found("date", "calendar day").into());
    };
    store::delete_calendar_day(&mut tx, day).await?;
    tx.commit().await?;
    Ok(found)
}

/// The point, or `NOT_FOUND` on `field` when it is missing; `FORBIDDEN`
/// when it stands outside the caller's area.
async fn point_in_scope(
    tx: &mut Conn,
    scope: &Scope,
    id: ServicePointId,
    field: &str,
) -> Result<ServicePoint> {
    let point = store::point(tx, id).await?.ok_or_else(|| UserError::not_found(field, "service point"))?;
    Principal::check_in(scope, &point.area_path, "the service point")?;
    Ok(point)
}

/// A point's own fields, to stamp `updated_at` when its hours change.
fn fields_of(p: &ServicePoint) -> PointFields {
    PointFields {
        name: p.name.clone(),
        kind: p.kind,
        address: p.address.clone(),
        location: p.position(),
        phone: p.phone.clone(),
    }
}

// ---- services ----

/// A service's rules of who may book it, as given.
#[derive(Clone, Debug, Default)]
pub struct Eligibility {
    pub min_age: Option<i32>,
    pub max_age: Option<i32>,
    pub special_groups: Vec<SpecialGroup>,
    pub residents_only: bool,
    pub party_members_only: bool,
}

/// A service's fields as given to `createService`.
pub struct ServiceInput {
    pub name: String,
    pub description: String,
    pub mode: ServiceMode,
    pub duration_minutes: i32,
    pub capacity: i32,
    pub opens_days_ahead: i32,
    pub cancel_hours_before: i32,
    pub claim_minutes: Option<i32>,
    pub eligibility: Eligibility,
}

fn check_range(errors: &mut InputErrors, value: i32, range: std::ops::RangeInclusive<i32>, field: &str) {
    if !range.contains(&value) {
        errors
            .push(UserError::bad_input(field, format!("must be from {} to {}", range.start(), range.end())));
    }
}

/// Every bad field of a service's input, or its fields.
fn check_service(errors: &mut InputErrors, input: &ServiceInput) -> Option<ServiceFields> {
    let name = errors.check(parse_text(&input.name, MAX_NAME_CHARS, "name"));
    let description = match input.description.trim() {
        "" => Some(String::new()),
        d => errors.check(parse_text(d, MAX_DESCRIPTION_CHARS, "description")),
    };
    check_range(errors, input.duration_minutes, DURATION_MINUTES, "durationMinutes");
    check_range(errors, input.capacity, CAPACITY, "capacity");
    check_range(errors, input.opens_days_ahead, OPENS_DAYS_AHEAD, "opensDaysAhead");
    check_range(errors, input.cancel_hours_before, CANCEL_HOURS_BEFORE, "cancelHoursBefore");
    if let Some(m) = input.claim_minutes {
        check_range(errors, m, CLAIM_MINUTES, "claimMinutes");
    }
    let e = &input.eligibility;
    for (age, field) in [(e.min_age, "eligibility.minAge"), (e.max_age, "eligibility.maxAge")] {
        if let Some(a) = age {
            check_range(errors, a, 0..=150, field);
        }
    }
    if let (Some(lo), Some(hi)) = (e.min_age, e.max_age)
        && lo > hi
    {
        errors.push(UserError::bad_input("eligibility.maxAge", "may not be below minAge"));
    }
    let mut groups: Vec<&str> = e.special_groups.iter().map(|g| g.as_str()).collect();
    groups.sort_unstable();
    groups.dedup();
    Some(ServiceFields {
        name: name?,
        description: description?,
        mode: input.mode,
        duration_minutes: input.duration_minutes,
        capacity: input.capacity,
        opens_days_ahead: input.opens_days_ahead,
        cancel_hours_before: input.cancel_hours_before,
        claim_minutes: input.claim_minutes,
        min_age: e.min_age,
        max_age: e.max_age,
        special_groups: groups.join(","),
        residents_only: e.residents_only,
        party_members_only: e.party_members_only,
    })
}

/// 新增服务项目 — a new service at a point of the caller's area.
pub async fn create_service(
    db: &Db,
    principal: &Principal,
    point_id: ServicePointId,
    input: ServiceInput,
) -> Result<Service> {
    let scope = principal.scope_for(Action::ManageServices)?;
    let mut errors = InputErrors::default();
    let fields = check_service(&mut errors, &input);
    let mut tx = db.begin().await?;
    let point = point_in_scope(&mut tx, &scope, point_id, "pointId").await?;
    let fields = errors.finish(fields)?;
    let id = ServiceId(new_id());
    store::save_service(&mut tx, id, (point.id, &point.area_path), &fields, now()).await?;
    let service = read_back(store::service(&mut tx, id).await?, "service")?;
    tx.commit().await?;
    Ok(service)
}

/// What `updateService` may change; omitted fields stay. A service's mode
/// and slot length do not change (its slots, and the bookings in them,
/// would no longer line up): a new service replaces it.
pub struct UpdateService {
    pub id: ServiceId,
    pub name: Option<String>,
    pub description: Option<String>,
    pub capacity: Option<i32>,
    pub opens_days_ahead: Option<i32>,
    pub cancel_hours_before: Option<i32>,
    /// `Some(None)` switches to auto-confirm.
    pub claim_minutes: Option<Option<i32>>,
    pub eligibility: Option<Eligibility>,
}

/// Change a service; a new capacity or claim window applies to its future
/// slots at once, and places it adds go to the first in line.
pub async fn update_service(db: &Db, principal: &Principal, input: UpdateService) -> Result<Service> {
    let scope = principal.scope_for(Action::ManageServices)?;
    let mut tx = db.begin().await?;
    let old =
        store::service(&mut tx, input.id).await?.ok_or_else(|| UserError::not_found("id", "service"))?;
    Principal::check_in(&scope, &old.area_path, "the service")?;
    let merged = ServiceInput {
        name: input.name.unwrap_or_else(|| old.name.clone()),
        description: input.description.unwrap_or_else(|| old.description.clone()),
        mode: old.mode,
        duration_minutes: old.duration_minutes,
        capacity: input.capacity.unwrap_or(old.capacity),
        opens_days_ahead: input.opens_days_ahead.unwrap_or(old.opens_days_ahead),
        cancel_hours_before: input.cancel_hours_before.unwrap_or(old.cancel_hours_before),
        claim_minutes: input.claim_minutes.unwrap_or(old.claim_minutes),
        eligibility: input.eligibility.unwrap_or_else(|| Eligibility {
            min_age: old.min_age,
            max_age: old.max_age,
            special_groups: old.groups(),
            residents_only: old.residents_only,
            party_members_only: old.party_members_only,
        }),
    };
    let mut errors = InputErrors::default();
    let fields = check_service(&mut errors, &merged);
    let fields = errors.finish(fields)?;
    let at = db.clock().now();
    store::save_service(&mut tx, old.id, (old.point_id, &old.area_path), &fields, at).await?;
    if fields.capacity != old.capacity || fields.claim_minutes != old.claim_minutes {
        booking::service::resize(&mut tx, old.id.0, fields.capacity, fields.claim_minutes, at).await?;
    }
    let service = read_back(store::service(&mut tx, old.id).await?, "service")?;
    tx.commit().await?;
    Ok(service)
}

/// 服务人员 — make a person staff of a point of the caller's area
/// (SERVICE_STAFF): they check people in and complete bookings there.
/// They serve in the point's area from today, so its admins see them.
pub async fn assign_service_staff(
    db: &Db,
    principal: &Principal,
    point_id: ServicePointId,
    person_id: PersonId,
) -> Result<ServicePoint> {
    let scope = principal.scope_for(Action::ManageServices)?;
    let mut tx = db.begin().await?;
    let point = point_in_scope(&mut tx, &scope, point_id, "pointId").await?;
    if people_store::person(&mut tx, &principal.read_scope(), person_id).await?.is_none() {
        return Err(UserError::not_found("personId", "person").into());
    }
    let today = local_today();
    if store::is_staff(&mut tx, person_id, point.id, today).await? {
        return Err(UserError::conflict("personId", "the person already staffs this point").into());
    }
    let at = now();
    let id = store::insert_staff(&mut tx, point.id, person_id, today, at).await?;
    let serving = NewServing {
        person_id,
        kind: SERVICE_STAFF,
        source_id: id.0,
        area_path: point.area_path.clone(),
        from_on: today,
        to_on: None,
    };
    people_store::start_serving(&mut tx, &serving, at).await?;
    tx.commit().await?;
    Ok(point)
}
