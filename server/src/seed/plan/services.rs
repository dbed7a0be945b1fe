//! Service points of the 15-minute living circle: a 党群服务中心 in every
//! community and village, and a few other points each, so that the living
//! circle shows gaps; their weekly hours in every mode, a few closures, and
//! the 2026 holiday calendar.

use chrono::NaiveDate;
use rand::Rng;
use rand::seq::SliceRandom;
use uuid::Uuid;

use super::area::Areas;
use super::shared::{Gen, date_between, ymd};
use crate::db::Timestamp;
use crate::seed::scale::Layout;
use crate::services::model::{CalendarDayKind, OpeningMode, ServicePointKind};

pub struct PointRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub name: String,
    pub kind: ServicePointKind,
    pub area_id: Uuid,
    pub area_path: String,
    pub address: String,
    pub latitude: f64,
    pub longitude: f64,
    pub phone: String,
}

/// A point serves an area.
pub struct ServedRow {
    pub point_id: Uuid,
    pub area_id: Uuid,
    pub area_path: String,
}

pub struct HoursRow {
    pub id: Uuid,
    pub point_id: Uuid,
    pub weekday: i32,
    pub starts: &'static str,
    pub ends: &'static str,
    pub mode: OpeningMode,
}

pub struct ClosureRow {
    pub point_id: Uuid,
    pub at: Timestamp,
    pub on: NaiveDate,
    pub reason: &'static str,
}

pub struct CalendarRow {
    pub day: NaiveDate,
    pub kind: CalendarDayKind,
    pub name: &'static str,
}

#[derive(Default)]
pub struct Services {
    pub points: Vec<PointRow>,
    pub served: Vec<ServedRow>,
    pub hours: Vec<HoursRow>,
    pub closures: Vec<ClosureRow>,
    pub calendar: Vec<CalendarRow>,
}

/// The kinds besides the 党群服务中心, which every community has.
const OTHER_KINDS: [ServicePointKind; 8] = [
    ServicePointKind::ElderlyCare,
    ServicePointKind::HealthStation,
    ServicePointKind::PracticeStation,
    ServicePointKind::Bookhouse,
    ServicePointKind::WomensHome,
    ServicePointKind::YouthRoom,
    ServicePointKind::WorkersStation,
    ServicePointKind::CulturalRoom,
];

/// The test district's points beside its 党群服务中心, one per grid in
/// turn. It has no 妇女之家, so a story can add one and know every gap.
const TEST_KINDS: [ServicePointKind; 7] = [
    ServicePointKind::ElderlyCare,
    ServicePointKind::HealthStation,
    ServicePointKind::CulturalRoom,
    ServicePointKind::PracticeStation,
    ServicePointKind::Bookhouse,
    ServicePointKind::YouthRoom,
    ServicePointKind::WorkersStation,
];

fn title(kind: ServicePointKind) -> &'static str {
    match kind {
        ServicePointKind::PartyMassCentre => "党群服务中心",
        ServicePointKind::ElderlyCare => "养老服务中心",
        ServicePointKind::HealthStation => "卫生服务站",
        ServicePointKind::PracticeStation => "新时代文明实践站",
        ServicePointKind::Bookhouse => "先锋书屋",
        ServicePointKind::WomensHome => "妇女之家",
        ServicePointKind::YouthRoom => "四点半课堂",
        ServicePointKind::WorkersStation => "幸福驿站",
        ServicePointKind::CulturalRoom => "文体活动室",
    }
}

const WORKDAYS: std::ops::RangeInclusive<i32> = 1..=5;
const WEEKEND: std::ops::RangeInclusive<i32> = 6..=7;

/// A week of periods: `(weekdays, starts, ends, mode)`.
type Week = Vec<(std::ops::RangeInclusive<i32>, &'static str, &'static str, OpeningMode)>;

/// The weekly hours of a kind of point: office hours on working days, and
/// the article's 错时 (evenings, weekends) and 延时 where the kind keeps them.
fn week(kind: ServicePointKind, extended: bool) -> Week {
    use OpeningMode::*;
    let office =
        || vec![(WORKDAYS, "08:30", "12:00", OfficeHours), (WORKDAYS, "14:30", "17:30", OfficeHours)];
    let mut week = match kind {
        ServicePointKind::PartyMassCentre => {
            let mut w = office();
            w.push((WEEKEND, "09:00", "16:00", OffPeak));
            w
        }
        ServicePointKind::ElderlyCare => {
            vec![(WORKDAYS, "08:00", "17:30", OfficeHours), (WEEKEND, "08:00", "17:30", OffPeak)]
        }
        ServicePointKind::HealthStation => {
            let mut w = office();
            w.push((6..=6, "08:30", "12:00", OffPeak));
            w
        }
        ServicePointKind::YouthRoom => vec![(WORKDAYS, "16:30", "18:30", OffPeak)],
        ServicePointKind::Bookhouse | ServicePointKind::CulturalRoom => {
            let mut w = office();
            w.push((WORKDAYS, "19:30", "21:00", OffPeak));
            w.push((WEEKEND, "09:00", "17:00", OffPeak));
            w
        }
        ServicePointKind::PracticeStation
        | ServicePointKind::WomensHome
        | ServicePointKind::WorkersStation => office(),
    };
    if extended && week.iter().any(|p| p.2 == "17:30" && p.3 == OfficeHours) {
        week.push((WORKDAYS, "17:30", "19:30", ExtendedHours));
    }
    week
}

/// The 2026 calendar of public holidays and make-up working days, as the
/// State Council's notice on the 2026 holidays sets them (seeded demo data:
/// admins correct and extend the calendar through `setCalendarDay`).
/// A holiday: its name, first and last day, and its make-up working days, as (month, day).
type Holiday = (&'static str, (u32, u32), (u32, u32), &'static [(u32, u32)]);

const CALENDAR_2026: &[Holiday] = &[
    ("元旦", (1, 1), (1, 3), &[]),
    ("春节", (2, 15), (2, 23), &[(2, 14), (2, 28)]),
    ("清明节", (4, 4), (4, 6), &[]),
    ("劳动节", (5, 1), (5, 5), &[(5, 9)]),
    ("端午节", (6, 19), (6, 21), &[]),
    ("中秋节", (9, 25), (9, 27), &[]),
    ("国庆节", (10, 1), (10, 7), &[(9, 20), (10, 10)]),
];

fn calendar_2026() -> Vec<CalendarRow> {
    let mut days = Vec::new();
    for (name, from, to, workdays) in CALENDAR_2026 {
        let (from, to) = (ymd(2026, from.0, from.1), ymd(2026, to.0, to.1));
        for day in from.iter_days().take_while(|d| *d <= to) {
            days.push(CalendarRow { day, kind: CalendarDayKind::Holiday, name });
        }
        for (m, d) in *workdays {
            days.push(CalendarRow { day: ymd(2026, *m, *d), kind: CalendarDayKind::Workday, name });
        }
    }
    days.sort_by_key(|d| d.day);
    days
}

const CLOSURE_REASONS: [&str; 3] = ["设备检修", "场地消杀", "承办区级活动"];

/// About 111 km to a degree of latitude: 0.0005 degrees are some 55 metres.
const NEAR: f64 = 0.0005;

impl Services {
    pub(super) fn generate(cx: &mut Gen, area: &Areas) -> Services {
        let mut s = Services { calendar: calendar_2026(), ..Services::default() };
        let test_district = cx.scale.layout == Layout::OneCommunity;
        for (ci, c) in area.communities.iter().enumerate() {
            let community = &area.areas[c.area];
            let (Some(lat), Some(lng)) = (community.latitude, community.longitude) else { continue };
            let buildings: Vec<usize> =
                c.grids.iter().flat_map(|&g| area.grids[g].buildings.clone()).collect();
            let mut kinds = vec![ServicePointKind::PartyMassCentre];
            if test_district {
                kinds.extend((0..c.grids.len()).map(|i| TEST_KINDS[i % TEST_KINDS.len()]));
            } else {
                let extra = if c.urban { cx.rng.gen_range(2..=4) } else { cx.rng.gen_range(1..=2) };
                kinds.extend(OTHER_KINDS.choose_multiple(&mut cx.rng, extra).copied());
            }
            for (k, kind) in kinds.into_iter().enumerate() {
                // The centre stands at the community's heart, the others by one of its buildings.
                let (plat, plng, near) = match buildings.choose(&mut cx.rng) {
                    Some(&b) if k > 0 => {
                        let b = &area.areas[b];
                        (b.latitude.unwrap_or(lat), b.longitude.unwrap_or(lng), NEAR)
                    }
                    _ => (lat, lng, NEAR * 2.0),
                };
                let (id, at) = cx.next_id();
                let title = title(kind);
                // The test district's kinds come round again after seven grids: number them apart.
                let round = k.saturating_sub(1) / TEST_KINDS.len();
                let name = if round > 0 {
                    format!("{}{}{}", community.name, title, round + 1)
                } else {
                    format!("{}{}", community.name, title)
                };
                s.points.push(PointRow {
                    id,
                    at,
                    name,
                    kind,
                    area_id: community.id,
                    area_path: community.path.clone(),
                    address: format!("八公山区{}{}号", community.name, 10 + k * 7 + ci % 5),
                    latitude: plat + cx.rng.gen_range(-near..near),
                    longitude: plng + cx.rng.gen_range(-near..near),
                    phone: format!("0554-66{:05}", (ci * 97 + k * 13) % 100_000),
                });
                s.served.push(ServedRow {
                    point_id: id,
                    area_id: community.id,
                    area_path: community.path.clone(),
                });
                for (days, starts, ends, mode) in week(kind, cx.rng.gen_bool(0.5)) {
                    for weekday in days {
                        let (hours_id, _) = cx.next_id();
                        s.hours.push(HoursRow { id: hours_id, point_id: id, weekday, starts, ends, mode });
                    }
                }
                if cx.rng.gen_bool(0.12) {
                    let on = date_between(&mut cx.rng, ymd(2026, 12, 1), ymd(2027, 1, 31));
                    let reason = *CLOSURE_REASONS.choose(&mut cx.rng).expect("reasons");
                    s.closures.push(ClosureRow { point_id: id, at, on, reason });
                }
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use chrono::Datelike;

    use super::*;

    #[test]
    fn the_2026_calendar_has_the_holidays_and_weekend_make_up_days() {
        let days = calendar_2026();
        let holidays = days.iter().filter(|d| d.kind == CalendarDayKind::Holiday).count();
        assert_eq!(holidays, 3 + 9 + 3 + 5 + 3 + 3 + 7);
        let workdays: Vec<&CalendarRow> =
            days.iter().filter(|d| d.kind == CalendarDayKind::Workday).collect();
        assert_eq!(workdays.len(), 5);
        assert!(
            workdays.iter().all(|d| d.day.weekday().number_from_monday() >= 6),
            "make-up days fall on weekends"
        );
        assert_eq!(days.iter().map(|d| d.day).collect::<HashSet<_>>().len(), days.len());
    }
}
