//! Rooms of the 党群服务中心 and their reservations: a table-tennis room
//! (reserved at once) and a dance room (reservations wait for approval) at
//! every centre, with four weeks of reservations from Monday 2026-11-30,
//! some weekly, some waiting for approval, all inside the centre's opening
//! hours and off its closures, none overlapping. Each reservation's states
//! are rows of the state timeline, as the service writes them.

use chrono::{Days, NaiveDate, NaiveTime};
use rand::Rng;
use uuid::Uuid;

use super::people::PersonRow;
use super::services::Services;
use super::shared::{ChangeRow, Gen, ymd};
use crate::db::Timestamp;
use crate::facilities::model::{FacilityKind, ReservationState};
use crate::services::model::{ServicePointKind, shanghai};

pub struct FacilityRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub point_id: Uuid,
    pub area_path: String,
    pub name: &'static str,
    pub kind: FacilityKind,
    pub capacity: i32,
    pub requires_approval: bool,
}

pub struct ReservationRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub facility_id: Uuid,
    pub series_id: Uuid,
    pub person_id: Uuid,
    pub area_path: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub purpose: &'static str,
    pub state: ReservationState,
    pub reserved_by: String,
}

#[derive(Default)]
pub struct Facilities {
    pub facilities: Vec<FacilityRow>,
    pub reservations: Vec<ReservationRow>,
    pub changes: Vec<ChangeRow<ReservationState>>,
}

/// The Monday the demo's reservations start on.
fn first_monday() -> NaiveDate {
    ymd(2026, 11, 30)
}

/// How many weeks of reservations.
const WEEKS: u64 = 4;

/// A local (Asia/Shanghai) time on a day, as a timestamp.
fn local(day: NaiveDate, h: u32, m: u32) -> Timestamp {
    let time = NaiveTime::from_hms_opt(h, m, 0).expect("a valid time");
    day.and_time(time).and_local_timezone(shanghai()).single().expect("a fixed offset").to_utc()
}

/// One planned series: the weekday (0 is Monday), local start and end, and
/// how many weeks from the first.
struct Plan {
    weekday: u64,
    starts: (u32, u32),
    ends: (u32, u32),
    weeks: u64,
    purpose: &'static str,
    /// Whether an admin approved it (rooms that require approval).
    approved: bool,
}

/// A plan as a row: weekday, start, end, weeks, purpose, approved.
type PlanRow = (u64, (u32, u32), (u32, u32), u64, &'static str, bool);

const TABLE_TENNIS_PLANS: [PlanRow; 3] = [
    (5, (9, 0), (11, 0), WEEKS, "乒乓球协会周末活动", true),
    (2, (15, 0), (16, 30), 1, "老年乒乓球友谊赛", true),
    (4, (9, 0), (10, 30), 1, "青少年乒乓球训练", true),
];

const DANCE_PLANS: [PlanRow; 3] = [
    (1, (14, 30), (16, 30), WEEKS, "广场舞队排练", true),
    (3, (15, 0), (17, 0), 1, "合唱团排练", false),
    (6, (9, 30), (11, 30), 2, "太极拳兴趣班", false),
];

impl Plan {
    const fn of(row: &PlanRow) -> Plan {
        Plan { weekday: row.0, starts: row.1, ends: row.2, weeks: row.3, purpose: row.4, approved: row.5 }
    }
}

impl Facilities {
    pub(super) fn generate(cx: &mut Gen, services: &Services, persons: &[PersonRow]) -> Facilities {
        let mut f = Facilities::default();
        for point in services.points.iter().filter(|p| p.kind == ServicePointKind::PartyMassCentre) {
            let residents: Vec<&PersonRow> =
                persons.iter().filter(|p| p.area_path.starts_with(&point.area_path)).collect();
            let closed: Vec<NaiveDate> =
                services.closures.iter().filter(|c| c.point_id == point.id).map(|c| c.on).collect();
            let rooms = [
                ("乒乓球室", FacilityKind::TableTennis, 8, false),
                ("舞蹈室", FacilityKind::Dance, 30, true),
            ];
            for (name, kind, capacity, requires_approval) in rooms {
                let (id, at) = cx.next_id();
                f.facilities.push(FacilityRow {
                    id,
                    at,
                    point_id: point.id,
                    area_path: point.area_path.clone(),
                    name,
                    kind,
                    capacity,
                    requires_approval,
                });
                if residents.is_empty() {
                    continue;
                }
                // Office hours on working days are 08:30-12:00 and 14:30-17:30;
                // weekends 09:00-16:00. The plans of a room never overlap.
                let plans = match kind {
                    FacilityKind::TableTennis => &TABLE_TENNIS_PLANS,
                    _ => &DANCE_PLANS,
                };
                for plan in plans.iter().map(Plan::of) {
                    let person = residents[cx.rng.gen_range(0..residents.len())];
                    let week = cx.rng.gen_range(0..=WEEKS - plan.weeks);
                    let (series_id, created) = cx.next_id();
                    for w in week..week + plan.weeks {
                        let day = first_monday() + Days::new(w * 7 + plan.weekday);
                        if closed.contains(&day) {
                            continue;
                        }
                        let (rid, _) = cx.next_id();
                        let state = match (requires_approval, plan.approved) {
                            (true, false) => ReservationState::Requested,
                            _ => ReservationState::Approved,
                        };
                        let subject = person.id.to_string();
                        f.reservations.push(ReservationRow {
                            id: rid,
                            at: created,
                            facility_id: id,
                            series_id,
                            person_id: person.id,
                            area_path: point.area_path.clone(),
                            starts_at: local(day, plan.starts.0, plan.starts.1),
                            ends_at: local(day, plan.ends.0, plan.ends.1),
                            purpose: plan.purpose,
                            state,
                            reserved_by: subject.clone(),
                        });
                        let first = if requires_approval {
                            ReservationState::Requested
                        } else {
                            ReservationState::Approved
                        };
                        let (cid, _) = cx.next_id();
                        f.changes.push(ChangeRow {
                            id: cid,
                            subject_id: rid,
                            state: first,
                            at: created,
                            actor_subject: subject,
                            actor_person_id: Some(person.id),
                            note: None,
                        });
                        if first != state {
                            let (cid, at) = cx.next_id();
                            f.changes.push(ChangeRow {
                                id: cid,
                                subject_id: rid,
                                state,
                                at,
                                actor_subject: "system".to_owned(),
                                actor_person_id: None,
                                note: None,
                            });
                        }
                    }
                }
            }
        }
        f
    }
}
