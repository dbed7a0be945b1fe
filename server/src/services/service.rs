//! Writes of service points: creating and changing a point, its weekly
//! opening hours and its closures, by the admins of the area it stands in;
//! and the national calendar, by the district's admins. Each checks the
//! caller's scope, validates its whole input, writes in one transaction and
//! reads the result back.

use super::model::*;
use super::store::{self, PointFields};
use crate::area::store as area_store;
use crate::auth::{Action, Principal};
use crate::db::{Conn, Date, Db, Scope, now, on_unique, read_back};
use crate::error::{Error, InputErrors, Result, UserError};
use crate::ids::{AreaId, ServicePointId};

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
