//! Service points, their opening hours and the holiday calendar; where a
//! point stands and how far a walk it is (the 15-minute living circle).
//!
//! Every local time and date is Asia/Shanghai: China has kept UTC+8 all year
//! since 1991, so a fixed offset is exact and needs no time-zone database.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{Datelike, FixedOffset, NaiveDate, Utc};

use crate::area::model::Area;
use crate::db::{Date, Timestamp};
use crate::error::UserError;
use crate::ids::{AreaId, ServiceId, ServicePointId};
use crate::people::model::{SpecialGroup, age_on};
use crate::text_enum;

text_enum! {
    /// 服务阵地类型 — the kind of a service point
    pub enum ServicePointKind {
        /// 党群服务中心 — party-mass service centre
        PartyMassCentre = "PARTY_MASS_CENTRE",
        /// 养老服务中心 — elderly-care service centre
        ElderlyCare = "ELDERLY_CARE",
        /// 卫生服务站 — community health station
        HealthStation = "HEALTH_STATION",
        /// 新时代文明实践站 — new-era civilization practice station
        PracticeStation = "PRACTICE_STATION",
        /// 先锋书屋 — pioneer bookhouse
        Bookhouse = "BOOKHOUSE",
        /// 妇女之家 — women's home
        WomensHome = "WOMENS_HOME",
        /// 四点半课堂 — after-school room for pupils (the "half past four" class)
        YouthRoom = "YOUTH_ROOM",
        /// 职工阳光家园 / 幸福驿站 — workers' station
        WorkersStation = "WORKERS_STATION",
        /// 文体活动室 — culture and sports room
        CulturalRoom = "CULTURAL_ROOM",
    }
}

text_enum! {
    /// 开放方式 — how a period of opening hours is kept
    pub enum OpeningMode {
        /// 工作时间 — ordinary office hours
        OfficeHours = "OFFICE_HOURS",
        /// 错时服务 — off-peak hours for working residents (evenings, weekends)
        OffPeak = "OFF_PEAK",
        /// 延时服务 — extended hours past the end of office hours
        ExtendedHours = "EXTENDED_HOURS",
    }
}

text_enum! {
    /// 日历类型 — what a day of the national calendar is
    pub enum CalendarDayKind {
        /// 法定节假日 — a public holiday: service points are closed
        Holiday = "HOLIDAY",
        /// 调休上班日 — a make-up working day, often on a weekend: points open as on a Monday
        Workday = "WORKDAY",
    }
}

/// 服务阵地 — a service point: where it stands, how to reach it.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct ServicePoint {
    pub id: ServicePointId,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: ServicePointKind,
    pub area_id: AreaId,
    pub area_path: String,
    pub address: String,
    pub latitude: f64,
    pub longitude: f64,
    pub phone: Option<String>,
}

impl ServicePoint {
    pub fn position(&self) -> LatLng {
        LatLng { latitude: self.latitude, longitude: self.longitude }
    }
}

/// One weekly period of a point's opening hours.
#[derive(sqlx::FromRow, Clone, Debug, PartialEq, Eq)]
pub struct OpeningPeriod {
    pub point_id: ServicePointId,
    /// ISO weekday: 1 is Monday, 7 Sunday.
    pub weekday: i32,
    /// Local time `HH:MM`.
    pub starts: String,
    pub ends: String,
    #[sqlx(try_from = "String")]
    pub mode: OpeningMode,
}

/// A date on which a point is closed.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct PointClosure {
    pub point_id: ServicePointId,
    pub on_date: Date,
    pub reason: Option<String>,
}

/// A day of the national calendar: a holiday or a make-up working day.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct CalendarDay {
    pub day: Date,
    #[sqlx(try_from = "String")]
    pub kind: CalendarDayKind,
    pub name: String,
}

/// An area with its coordinates (buildings, communities and villages have them).
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct AreaLocation {
    pub id: AreaId,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// A building of a community with its coordinates, for the living circle.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct PlacedBuilding {
    #[sqlx(flatten)]
    pub area: Area,
    pub latitude: f64,
    pub longitude: f64,
}

// ---- time ----

/// Asia/Shanghai: UTC+8 all year (no daylight saving since 1991).
pub fn shanghai() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// Today's date in Asia/Shanghai.
pub fn local_today() -> Date {
    Date(Utc::now().with_timezone(&shanghai()).date_naive())
}

/// A local time of day, `HH:MM` from 00:00 to 24:00 (24:00 ends a period
/// that runs to midnight).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LocalTime(u16);

impl LocalTime {
    pub fn parse(text: &str, field: &str) -> Result<LocalTime, UserError> {
        let bad = || UserError::bad_input(field, format!("{text:?} is not a time of the form HH:MM"));
        let b = text.as_bytes();
        if b.len() != 5 || b[2] != b':' || !b.iter().enumerate().all(|(i, c)| i == 2 || c.is_ascii_digit()) {
            return Err(bad());
        }
        let (h, m) = (
            u16::from(b[0] - b'0') * 10 + u16::from(b[1] - b'0'),
            u16::from(b[3] - b'0') * 10 + u16::from(b[4] - b'0'),
        );
        if m > 59 || h > 24 || (h == 24 && m > 0) {
            return Err(bad());
        }
        Ok(LocalTime(h * 60 + m))
    }
    pub fn minutes(self) -> u16 {
        self.0
    }
    pub fn text(self) -> String {
        format!("{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// A weekly period as given to `setOpeningHours`, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeeklyPeriod {
    pub weekday: i32,
    pub starts: LocalTime,
    pub ends: LocalTime,
    pub mode: OpeningMode,
}

/// The most periods one point's week may hold.
pub const MAX_PERIODS: usize = 50;

/// Parse a week of periods: weekdays 1 to 7, times `HH:MM`, each ending
/// after it starts, and no two overlapping on one weekday. `input[i]` is
/// `(weekday, starts, ends, mode)`; errors name `periods.<i>.<field>`, every
/// one at once.
pub fn parse_week(input: &[(i32, String, String, OpeningMode)]) -> Result<Vec<WeeklyPeriod>, Vec<UserError>> {
    let mut errors = Vec::new();
    if input.len() > MAX_PERIODS {
        return Err(vec![UserError::bad_input("periods", format!("at most {MAX_PERIODS} periods"))]);
    }
    let mut parsed: Vec<(usize, WeeklyPeriod)> = Vec::new();
    for (i, (weekday, starts, ends, mode)) in input.iter().enumerate() {
        let field = |f: &str| format!("periods.{i}.{f}");
        if !(1..=7).contains(weekday) {
            errors.push(UserError::bad_input(&field("weekday"), "a weekday is 1 (Monday) to 7 (Sunday)"));
        }
        let s = LocalTime::parse(starts, &field("starts")).map_err(|e| errors.push(e)).ok();
        let e = LocalTime::parse(ends, &field("ends")).map_err(|e| errors.push(e)).ok();
        if let (Some(s), Some(e)) = (s, e) {
            if e <= s {
                errors.push(UserError::bad_input(&field("ends"), "a period ends after it starts"));
            } else if (1..=7).contains(weekday) {
                parsed.push((i, WeeklyPeriod { weekday: *weekday, starts: s, ends: e, mode: *mode }));
            }
        }
    }
    let mut sorted: Vec<&(usize, WeeklyPeriod)> = parsed.iter().collect();
    sorted.sort_by_key(|(_, p)| (p.weekday, p.starts));
    // The period of each weekday that ends last so far: a later start before its end overlaps it.
    let mut latest: Option<&WeeklyPeriod> = None;
    for (j, b) in sorted {
        match latest {
            Some(a) if a.weekday == b.weekday && b.starts < a.ends => {
                errors.push(UserError::bad_input(
                    &format!("periods.{j}.starts"),
                    format!("overlaps the period {}–{} of the same weekday", a.starts.text(), a.ends.text()),
                ));
                if b.ends > a.ends {
                    latest = Some(b);
                }
            }
            _ => latest = Some(b),
        }
    }
    if errors.is_empty() { Ok(parsed.into_iter().map(|(_, p)| p).collect()) } else { Err(errors) }
}

/// The weekday whose periods apply on a make-up working day (调休上班日)
/// that falls on a weekend: such a day is worked as an ordinary working
/// day, and the working days of a point's week are alike, so it opens with
/// Monday's periods. A make-up day on a weekday keeps its own.
pub const MAKE_UP_DAY_OPENS_AS: i32 = 1;

/// The ISO weekday of a date, 1 (Monday) to 7 (Sunday).
pub fn weekday_of(date: Date) -> i32 {
    date.0.weekday().number_from_monday() as i32
}

/// The weekly periods a point keeps on `date`, given its week, the
/// calendar's word on the date and whether the point is closed that day:
/// none when closed or on a public holiday (法定节假日); on a make-up
/// working day (调休) on a weekend, those of [`MAKE_UP_DAY_OPENS_AS`];
/// else those of the date's weekday.
pub fn periods_on(
    date: Date,
    week: &[OpeningPeriod],
    calendar: Option<CalendarDayKind>,
    closed: bool,
) -> Vec<&OpeningPeriod> {
    let weekday = match calendar {
        _ if closed => return Vec::new(),
        Some(CalendarDayKind::Holiday) => return Vec::new(),
        Some(CalendarDayKind::Workday) if weekday_of(date) >= 6 => MAKE_UP_DAY_OPENS_AS,
        _ => weekday_of(date),
    };
    week.iter().filter(|p| p.weekday == weekday).collect()
}

// ---- where, and how far a walk ----

/// Walking speed: 80 metres a minute (4.8 km/h), an unhurried adult's pace
/// and the figure China's planning standard for the 15-minute living
/// circle (GB 50180-2018) reckons with.
pub const WALKING_METRES_PER_MINUTE: f64 = 80.0;

/// A walk along streets is longer than the straight line: the great-circle
/// distance is multiplied by 1.3, a usual detour factor of a street grid.
pub const DETOUR_FACTOR: f64 = 1.3;

/// The living circle's walk: 15 minutes.
pub const LIVING_CIRCLE_MINUTES: u32 = 15;

/// The mean radius of the earth (IUGG), in metres.
const EARTH_RADIUS_METRES: f64 = 6_371_008.8;

/// A WGS-84 position.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatLng {
    pub latitude: f64,
    pub longitude: f64,
}

impl LatLng {
    /// A latitude in [-90, 90] and a longitude in [-180, 180], both finite;
    /// errors name `<field>.latitude` and `<field>.longitude`.
    pub fn parse(latitude: f64, longitude: f64, field: &str) -> Result<LatLng, Vec<UserError>> {
        let mut errors = Vec::new();
        if !(latitude.is_finite() && (-90.0..=90.0).contains(&latitude)) {
            errors
                .push(UserError::bad_input(&format!("{field}.latitude"), "a latitude is between -90 and 90"));
        }
        if !(longitude.is_finite() && (-180.0..=180.0).contains(&longitude)) {
            errors.push(UserError::bad_input(
                &format!("{field}.longitude"),
                "a longitude is between -180 and 180",
            ));
        }
        if errors.is_empty() { Ok(LatLng { latitude, longitude }) } else { Err(errors) }
    }
}

/// The great-circle (haversine) distance between two positions, in metres.
pub fn distance_metres(a: LatLng, b: LatLng) -> f64 {
    let (la, lb) = (a.latitude.to_radians(), b.latitude.to_radians());
    let dlat = lb - la;
    let dlng = (b.longitude - a.longitude).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la.cos() * lb.cos() * (dlng / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_METRES * h.sqrt().min(1.0).asin()
}

/// The minutes a walk takes over a straight-line distance: the distance
/// times [`DETOUR_FACTOR`] at [`WALKING_METRES_PER_MINUTE`].
pub fn walking_minutes(straight_metres: f64) -> f64 {
    straight_metres * DETOUR_FACTOR / WALKING_METRES_PER_MINUTE
}

/// The farthest straight-line distance a walk of `minutes` covers.
pub fn reach_metres(minutes: u32) -> f64 {
    f64::from(minutes) * WALKING_METRES_PER_MINUTE / DETOUR_FACTOR
}

/// Whether `b` is within a walk of `minutes` from `a`.
pub fn within_walk(a: LatLng, b: LatLng, minutes: u32) -> bool {
    walking_minutes(distance_metres(a, b)) <= f64::from(minutes)
}

/// A latitude/longitude box, for the prefilter in SQL.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BoundingBox {
    pub south: f64,
    pub north: f64,
    pub west: f64,
    pub east: f64,
}

impl BoundingBox {
    /// The box holding every position within `metres` of any of `points`
    /// (none when there are none). A degree of latitude is the same
    /// everywhere; a degree of longitude shrinks with the cosine of the
    /// latitude, taken at the box's edge nearest a pole. The box stays
    /// inside [-180, 180]: a walk across the antimeridian is not looked for.
    pub fn around(points: impl IntoIterator<Item = LatLng>, metres: f64) -> Option<BoundingBox> {
        let mut points = points.into_iter();
        let first = points.next()?;
        let mut b = BoundingBox {
            south: first.latitude,
            north: first.latitude,
            west: first.longitude,
            east: first.longitude,
        };
        for p in points {
            b.south = b.south.min(p.latitude);
            b.north = b.north.max(p.latitude);
            b.west = b.west.min(p.longitude);
            b.east = b.east.max(p.longitude);
        }
        // A little more than the exact angle, so rounding never leaves a point out.
        let dlat = (metres / EARTH_RADIUS_METRES).to_degrees() * 1.001;
        let south = (b.south - dlat).max(-90.0);
        let north = (b.north + dlat).min(90.0);
        let polar = south.abs().max(north.abs()).to_radians().cos();
        let dlng = if polar < 1e-6 { 360.0 } else { dlat / polar };
        Some(BoundingBox {
            south,
            north,
            west: (b.west - dlng).max(-180.0),
            east: (b.east + dlng).min(180.0),
        })
    }
}

// ---- the living circle ----

/// How one kind of point covers a community's buildings.
#[derive(Clone, Debug)]
pub struct KindCoverage {
    pub kind: ServicePointKind,
    pub buildings: usize,
    /// The buildings with a point of this kind within the walk, in path order.
    pub covered: usize,
    /// The buildings without one, in path order.
    pub uncovered: Vec<Area>,
}

/// 15分钟生活圈 of a community: for every kind of point, which of its
/// buildings have one within a walk of `minutes`.
#[derive(Clone, Debug)]
pub struct LivingCircle {
    pub minutes: u32,
    pub buildings: usize,
    pub kinds: Vec<KindCoverage>,
}

/// The living circle of `buildings` among `points` (any points: those out
/// of reach count for nothing), every kind in [`ServicePointKind::ALL`]'s order.
pub fn living_circle(buildings: &[PlacedBuilding], points: &[ServicePoint], minutes: u32) -> LivingCircle {
    let kinds = ServicePointKind::ALL
        .iter()
        .map(|&kind| {
            let of_kind: Vec<LatLng> =
                points.iter().filter(|p| p.kind == kind).map(ServicePoint::position).collect();
            let mut uncovered = Vec::new();
            for b in buildings {
                let at = LatLng { latitude: b.latitude, longitude: b.longitude };
                if !of_kind.iter().any(|p| within_walk(at, *p, minutes)) {
                    uncovered.push(b.area.clone());
                }
            }
            KindCoverage {
                kind,
                buildings: buildings.len(),
                covered: buildings.len() - uncovered.len(),
                uncovered,
            }
        })
        .collect();
    LivingCircle { minutes, buildings: buildings.len(), kinds }
}

// ---- text inputs ----

pub const MAX_NAME_CHARS: usize = 50;
pub const MAX_ADDRESS_CHARS: usize = 200;
pub const MAX_REASON_CHARS: usize = 200;
pub const MAX_PHONE_CHARS: usize = 30;
/// The most areas one point may serve.
pub const MAX_SERVED_AREAS: usize = 20;

pub use crate::db::parse_text;

/// The public phone of a point (a landline such as 0554-6612345 or a
/// mobile number): digits with `+`, `-`, spaces and parentheses, 3 to 30
/// characters. Blank means none.
pub fn parse_phone(text: Option<&str>, field: &str) -> Result<Option<String>, UserError> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let len = t.chars().count();
    if len > MAX_PHONE_CHARS {
        return Err(UserError::bad_input(field, format!("at most {MAX_PHONE_CHARS} characters")));
    }
    let digits = t.chars().filter(char::is_ascii_digit).count();
    if digits < 3 || !t.chars().all(|c| c.is_ascii_digit() || "+-() ".contains(c)) {
        return Err(UserError::bad_input(field, "a phone number has digits, with + - ( ) and spaces"));
    }
    Ok(Some(t.to_owned()))
}

/// An optional reason, blank meaning none, at most 200 characters.
pub fn parse_reason(text: Option<&str>, field: &str) -> Result<Option<String>, UserError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => parse_text(t, MAX_REASON_CHARS, field).map(Some),
    }
}

/// A year the calendar covers.
pub fn check_year(year: i32, field: &str) -> Result<(NaiveDate, NaiveDate), UserError> {
    match (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) {
        (Some(a), Some(b)) if (1949..=2200).contains(&year) => Ok((a, b)),
        _ => Err(UserError::bad_input(field, "a year from 1949 to 2200")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::UserErrorCode;
    use uuid::Uuid;

    fn day(m: u32, d: u32) -> Date {
        Date(NaiveDate::from_ymd_opt(2026, m, d).unwrap())
    }

    fn period(weekday: i32, starts: &str, ends: &str, mode: OpeningMode) -> OpeningPeriod {
        OpeningPeriod {
            point_id: ServicePointId(Uuid::nil()),
            weekday,
            starts: starts.into(),
            ends: ends.into(),
            mode,
        }
    }

    #[test]
    fn a_holiday_or_a_closure_closes_and_a_weekend_make_up_day_opens_as_a_monday() {
        let week = vec![
            period(1, "08:30", "12:00", OpeningMode::OfficeHours),
            period(1, "18:00", "20:30", OpeningMode::ExtendedHours),
            period(5, "08:30", "12:00", OpeningMode::OfficeHours),
            period(7, "09:00", "11:00", OpeningMode::OffPeak),
        ];
        // 2026-02-16 is a Monday of the Spring Festival holiday.
        assert_eq!(weekday_of(day(2, 16)), 1);
        assert_eq!(periods_on(day(2, 16), &week, None, false).len(), 2);
        assert!(periods_on(day(2, 16), &week, Some(CalendarDayKind::Holiday), false).is_empty());
        assert!(periods_on(day(2, 9), &week, None, true).is_empty(), "a closure closes");
        // 2026-02-28 is a Saturday, worked to make up for the holiday.
        assert_eq!(weekday_of(day(2, 28)), 6);
        assert!(periods_on(day(2, 28), &week, None, false).is_empty());
        let made_up = periods_on(day(2, 28), &week, Some(CalendarDayKind::Workday), false);
        assert_eq!(made_up.len(), 2);
        assert!(made_up.iter().all(|p| p.weekday == MAKE_UP_DAY_OPENS_AS));
        // A Sunday keeps its own periods; a make-up day on a Friday keeps Friday's.
        assert_eq!(periods_on(day(3, 1), &week, None, false)[0].mode, OpeningMode::OffPeak);
        assert_eq!(periods_on(day(3, 6), &week, Some(CalendarDayKind::Workday), false)[0].weekday, 5);
        assert!(periods_on(day(3, 6), &week, Some(CalendarDayKind::Workday), true).is_empty());
    }

    #[test]
    fn times_are_hh_mm_and_periods_end_after_they_start_without_overlap() {
        assert_eq!(LocalTime::parse("08:30", "t").unwrap().minutes(), 510);
        assert_eq!(LocalTime::parse("24:00", "t").unwrap().text(), "24:00");
        for bad in ["8:30", "08:60", "24:01", "25:00", "0830", "08:3a", "", "１８:００"] {
            assert!(LocalTime::parse(bad, "t").is_err(), "{bad}");
        }
        let p = |w: i32, s: &str, e: &str| (w, s.to_owned(), e.to_owned(), OpeningMode::OfficeHours);
        let week =
            parse_week(&[p(1, "14:00", "17:30"), p(1, "08:30", "12:00"), p(2, "08:30", "12:00")]).unwrap();
        assert_eq!(week.len(), 3);
        let errors =
            parse_week(&[p(0, "08:00", "09:00"), p(1, "12:00", "11:00"), p(3, "8", "x")]).unwrap_err();
        let fields: Vec<String> = errors.iter().map(|e| e.field.join(".")).collect();
        assert_eq!(
            fields,
            [
                "input.periods.0.weekday",
                "input.periods.1.ends",
                "input.periods.2.starts",
                "input.periods.2.ends"
            ]
        );
        let overlap = parse_week(&[p(2, "08:00", "12:00"), p(2, "11:30", "13:00"), p(3, "11:30", "13:00")]);
        let overlap = overlap.unwrap_err();
        assert_eq!(overlap.len(), 1);
        assert_eq!(overlap[0].field.join("."), "input.periods.1.starts");
        let within_a_long_one =
            parse_week(&[p(4, "08:00", "18:00"), p(4, "09:00", "10:00"), p(4, "11:00", "12:00")]);
        assert_eq!(within_a_long_one.unwrap_err().len(), 2, "both lie inside the long period");
        let touching = parse_week(&[p(2, "08:00", "12:00"), p(2, "12:00", "13:00")]);
        assert!(touching.is_ok(), "a period may start when the one before ends");
    }

    #[test]
    fn distances_are_great_circle_and_walks_take_the_detour() {
        // One degree of latitude is about 111.2 km.
        let a = LatLng { latitude: 32.63, longitude: 116.83 };
        let north = LatLng { latitude: 33.63, longitude: 116.83 };
        assert!((distance_metres(a, north) - 111_195.0).abs() < 10.0);
        // 600 m in a straight line is 780 m on foot, 9.75 minutes.
        assert!((walking_minutes(600.0) - 9.75).abs() < 1e-9);
        assert!((reach_metres(15) - 923.077).abs() < 0.001);
        let east = LatLng { latitude: 32.63, longitude: 116.84 };
        let metres = distance_metres(a, east);
        assert!((930.0..940.0).contains(&metres), "{metres}");
        assert!(!within_walk(a, east, 15));
        assert!(within_walk(a, east, 16));
        assert!(within_walk(a, a, 1));
    }

    #[test]
    fn the_box_holds_every_point_within_reach() {
        let centre = LatLng { latitude: 32.63, longitude: 116.83 };
        let b = BoundingBox::around([centre], 1000.0).unwrap();
        for bearing in 0..36 {
            let t = f64::from(bearing * 10).to_radians();
            let p = LatLng {
                latitude: centre.latitude + (999.0 * t.cos() / EARTH_RADIUS_METRES).to_degrees(),
                longitude: centre.longitude
                    + (999.0 * t.sin() / EARTH_RADIUS_METRES / centre.latitude.to_radians().cos())
                        .to_degrees(),
            };
            assert!(distance_metres(centre, p) < 1000.0);
            assert!(
                p.latitude > b.south && p.latitude < b.north && p.longitude > b.west && p.longitude < b.east
            );
        }
        assert!(BoundingBox::around([], 1000.0).is_none());
        let polar = BoundingBox::around([LatLng { latitude: 90.0, longitude: 0.0 }], 1000.0).unwrap();
        assert_eq!((polar.west, polar.east), (-180.0, 180.0));
    }

    #[test]
    fn the_living_circle_names_the_buildings_out_of_reach_of_each_kind() {
        use crate::area::model::AreaKind;
        let building = |name: &str, latitude: f64, longitude: f64| PlacedBuilding {
            area: Area {
                id: AreaId(Uuid::now_v7()),
                kind: AreaKind::Building,
                name: name.into(),
                code: "001".into(),
                parent_id: None,
                path: format!("/340405/001/001/001/{name}/"),
                depth: 4,
            },
            latitude,
            longitude,
        };
        let point = |kind: ServicePointKind, latitude: f64, longitude: f64| ServicePoint {
            id: ServicePointId(Uuid::now_v7()),
            name: "p".into(),
            kind,
            area_id: AreaId(Uuid::nil()),
            area_path: "/340405/001/001/".into(),
            address: "a".into(),
            latitude,
            longitude,
            phone: None,
        };
        // Buildings 0, 500 and 1,500 metres east of the centre (0.0106 degrees
        // of longitude are about 1 km at this latitude).
        let buildings = [
            building("1栋", 32.63, 116.83),
            building("2栋", 32.63, 116.8353),
            building("3栋", 32.63, 116.8459),
        ];
        let points = [
            point(ServicePointKind::PartyMassCentre, 32.63, 116.83),
            point(ServicePointKind::PartyMassCentre, 32.63, 116.8459),
            point(ServicePointKind::ElderlyCare, 32.63, 116.83),
        ];
        let circle = living_circle(&buildings, &points, LIVING_CIRCLE_MINUTES);
        assert_eq!((circle.buildings, circle.kinds.len()), (3, ServicePointKind::ALL.len()));
        let of = |k: ServicePointKind| circle.kinds.iter().find(|c| c.kind == k).unwrap();
        assert_eq!(of(ServicePointKind::PartyMassCentre).covered, 3);
        let elderly = of(ServicePointKind::ElderlyCare);
        assert_eq!(elderly.covered, 2);
        assert_eq!(elderly.uncovered.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), ["3栋"]);
        assert_eq!(of(ServicePointKind::Bookhouse).uncovered.len(), 3);
    }

    #[test]
    fn positions_and_texts_are_checked_at_the_edge() {
        assert!(LatLng::parse(32.63, 116.83, "near").is_ok());
        let bad = LatLng::parse(200.0, f64::NAN, "near").unwrap_err();
        let fields: Vec<String> = bad.iter().map(|e| e.field.join(".")).collect();
        assert_eq!(fields, ["input.near.latitude", "input.near.longitude"]);
        assert!(LatLng::parse(-90.0, 180.0, "near").is_ok());
        assert!(LatLng::parse(f64::INFINITY, 0.0, "near").is_err());

        assert_eq!(
            parse_text(" 团结社区党群服务中心 ", MAX_NAME_CHARS, "name").unwrap(),
            "团结社区党群服务中心"
        );
        assert!(parse_text(&"x".repeat(MAX_NAME_CHARS + 1), MAX_NAME_CHARS, "name").is_err());
        assert!(parse_text("  ", MAX_NAME_CHARS, "name").is_err());
        assert_eq!(parse_phone(Some("0554-6612345"), "phone").unwrap().as_deref(), Some("0554-6612345"));
        assert_eq!(parse_phone(Some(" "), "phone").unwrap(), None);
        let e = parse_phone(Some("call us"), "phone").unwrap_err();
        assert_eq!(e.code, UserErrorCode::BadUserInput);
        assert!(parse_phone(Some(&"1".repeat(31)), "phone").is_err());
        assert_eq!(parse_reason(Some(" 设备检修 "), "reason").unwrap().as_deref(), Some("设备检修"));
        assert!(parse_reason(Some(&"修".repeat(MAX_REASON_CHARS + 1)), "reason").is_err());
        assert!(check_year(2026, "year").is_ok());
        assert!(check_year(99_999, "year").is_err());
    }
}

// ---- services, their slots and who may book them ----

text_enum! {
    /// 服务方式 — how a service is given, and so which of the point's
    /// periods its slots fall in
    pub enum ServiceMode {
        /// 现场服务 — on site, in the point's office hours
        OnSite = "ON_SITE",
        /// 错时服务 — in the point's off-peak periods (evenings, weekends)
        OffPeak = "OFF_PEAK",
        /// 延时服务 — in the point's extended-hours periods
        ExtendedHours = "EXTENDED_HOURS",
        /// 预约服务 — by appointment, in any period the point keeps
        Appointment = "APPOINTMENT",
        /// 上门服务 — at the person's home, requested for a preferred time
        HomeVisit = "HOME_VISIT",
    }
}

impl ServiceMode {
    /// Whether a slot of this mode may fall in a period of `period`'s mode.
    /// Home visits are requested, not booked into slots: they have none.
    pub fn runs_in(self, period: OpeningMode) -> bool {
        match self {
            ServiceMode::OnSite => period == OpeningMode::OfficeHours,
            ServiceMode::OffPeak => period == OpeningMode::OffPeak,
            ServiceMode::ExtendedHours => period == OpeningMode::ExtendedHours,
            ServiceMode::Appointment => true,
            ServiceMode::HomeVisit => false,
        }
    }
}

/// 服务项目 — a service a point offers, with its slots' length and places,
/// its booking window and its eligibility rules.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct Service {
    pub id: ServiceId,
    pub point_id: ServicePointId,
    /// The path of the point's area: its admins manage the service.
    pub area_path: String,
    pub name: String,
    pub description: String,
    #[sqlx(try_from = "String")]
    pub mode: ServiceMode,
    pub duration_minutes: i32,
    /// Places per slot.
    pub capacity: i32,
    /// Booking opens this many days before a slot's date.
    pub opens_days_ahead: i32,
    /// A booking may be cancelled until this many hours before its start.
    pub cancel_hours_before: i32,
    /// How long an offered place waits to be claimed; `None` confirms the
    /// first in line at once (auto-confirm).
    pub claim_minutes: Option<i32>,
    pub min_age: Option<i32>,
    pub max_age: Option<i32>,
    /// Comma-separated special groups, any one of which qualifies; empty
    /// when the service is not limited to the register.
    pub special_groups: String,
    pub residents_only: bool,
    pub party_members_only: bool,
}

pub const MAX_DESCRIPTION_CHARS: usize = 1000;
/// Slots last 5 minutes to 8 hours.
pub const DURATION_MINUTES: std::ops::RangeInclusive<i32> = 5..=480;
/// 1 to 1,000 places per slot.
pub const CAPACITY: std::ops::RangeInclusive<i32> = 1..=1000;
/// Booking opens at most a year ahead.
pub const OPENS_DAYS_AHEAD: std::ops::RangeInclusive<i32> = 0..=366;
/// Cancellation closes at most a week before.
pub const CANCEL_HOURS_BEFORE: std::ops::RangeInclusive<i32> = 0..=168;
/// An offer waits 5 minutes to 3 days.
pub const CLAIM_MINUTES: std::ops::RangeInclusive<i32> = 5..=4320;
/// `availability` covers at most this many days at once.
pub const MAX_AVAILABILITY_DAYS: i64 = 62;

text_enum! {
    /// 资格条件 — the kind of an eligibility rule of a service
    pub enum RuleKind {
        /// 年龄下限 — at least this old on the day of the slot
        MinAge = "MIN_AGE",
        /// 年龄上限 — at most this old on the day of the slot
        MaxAge = "MAX_AGE",
        /// 特殊群体 — in one of these groups of the special-group register
        SpecialGroup = "SPECIAL_GROUP",
        /// 服务范围内居民 — living in an area the point serves
        Resident = "RESIDENT",
        /// 仅限党员 — a party member
        PartyMember = "PARTY_MEMBER",
    }
}

/// One rule a person must meet to book a service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub kind: RuleKind,
    /// The age of `MIN_AGE` and `MAX_AGE`.
    pub age: Option<i32>,
    /// The groups of `SPECIAL_GROUP`, any one of which qualifies.
    pub groups: Vec<SpecialGroup>,
}

impl Rule {
    /// The rule in words, Chinese then English.
    pub fn describe(&self) -> String {
        let groups = || self.groups.iter().map(|g| g.as_str()).collect::<Vec<_>>().join(", ");
        match self.kind {
            RuleKind::MinAge => {
                format!("年满{}周岁 — aged {} or over", self.age.unwrap_or(0), self.age.unwrap_or(0))
            }
            RuleKind::MaxAge => {
                format!("不超过{}周岁 — aged {} or under", self.age.unwrap_or(0), self.age.unwrap_or(0))
            }
            RuleKind::SpecialGroup => format!("特殊群体 — registered in one of {}", groups()),
            RuleKind::Resident => "服务范围内居民 — living in an area the point serves".to_owned(),
            RuleKind::PartyMember => "仅限党员 — party members only".to_owned(),
        }
    }
}

/// What is known of a person when their eligibility is judged.
#[derive(Clone, Debug)]
pub struct Applicant {
    pub birth_date: NaiveDate,
    pub home_path: String,
    pub open_groups: Vec<SpecialGroup>,
    pub party_member: bool,
}

impl Service {
    /// The service's rules, in a fixed order.
    pub fn eligibility_rules(&self) -> Vec<Rule> {
        let rule = |kind, age| Rule { kind, age, groups: Vec::new() };
        let mut rules = Vec::new();
        if let Some(age) = self.min_age {
            rules.push(rule(RuleKind::MinAge, Some(age)));
        }
        if let Some(age) = self.max_age {
            rules.push(rule(RuleKind::MaxAge, Some(age)));
        }
        let groups = self.groups();
        if !groups.is_empty() {
            rules.push(Rule { kind: RuleKind::SpecialGroup, age: None, groups });
        }
        if self.residents_only {
            rules.push(rule(RuleKind::Resident, None));
        }
        if self.party_members_only {
            rules.push(rule(RuleKind::PartyMember, None));
        }
        rules
    }

    pub fn groups(&self) -> Vec<SpecialGroup> {
        self.special_groups
            .split(',')
            .filter(|g| !g.is_empty())
            .filter_map(|g| SpecialGroup::try_from(g.to_owned()).ok())
            .collect()
    }

    /// The rules `who` fails on `on` (the slot's date), given the paths of
    /// the areas the point serves: empty when they may book.
    pub fn failed_rules(&self, who: &Applicant, on: Date, served_paths: &[String]) -> Vec<Rule> {
        let age = age_on(who.birth_date, on.0);
        self.eligibility_rules()
            .into_iter()
            .filter(|r| match r.kind {
                RuleKind::MinAge => age < r.age.unwrap_or(0),
                RuleKind::MaxAge => age > r.age.unwrap_or(i32::MAX),
                RuleKind::SpecialGroup => !r.groups.iter().any(|g| who.open_groups.contains(g)),
                RuleKind::Resident => !served_paths.iter().any(|p| who.home_path.starts_with(p.as_str())),
                RuleKind::PartyMember => !who.party_member,
            })
            .collect()
    }
}

/// One slot of a service: a start and an end in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Slot {
    pub service: ServiceId,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
}

/// The kind a slot's global id carries.
pub const SLOT_KIND: &str = "ServiceSlot";

/// A slot's global id: `ServiceSlot:<service uuid>:<start, unix seconds>`
/// in base64url. A slot is not stored until its first booking, so its id
/// says which it is.
pub fn slot_global_id(service: ServiceId, starts_at: Timestamp) -> async_graphql::ID {
    async_graphql::ID(URL_SAFE_NO_PAD.encode(format!("{SLOT_KIND}:{}:{}", service.0, starts_at.timestamp())))
}

/// The service and start a slot id names (its end is the service's to say).
pub fn parse_slot_id(id: &str, field: &str) -> Result<(ServiceId, Timestamp), UserError> {
    let bad = || UserError::bad_input(field, format!("{:?} is not the id of a {SLOT_KIND}", truncate(id)));
    if id.len() > crate::ids::MAX_ID_CHARS {
        return Err(bad());
    }
    let text = URL_SAFE_NO_PAD.decode(id).ok().and_then(|raw| String::from_utf8(raw).ok()).ok_or_else(bad)?;
    let mut parts = text.splitn(3, ':');
    match (parts.next(), parts.next().map(uuid::Uuid::parse_str), parts.next().map(str::parse::<i64>)) {
        (Some(SLOT_KIND), Some(Ok(service)), Some(Ok(secs))) => {
            let at = chrono::DateTime::from_timestamp(secs, 0).ok_or_else(bad)?;
            Ok((ServiceId(service), at))
        }
        _ => Err(bad()),
    }
}

fn truncate(id: &str) -> String {
    id.chars().take(40).collect()
}

/// The UTC instant of a local (Asia/Shanghai) date and minute of the day
/// (1440 is the next midnight).
pub fn local_instant(date: Date, minutes: u16) -> Timestamp {
    let midnight = date.0.and_hms_opt(0, 0, 0).expect("midnight exists");
    let local = midnight + chrono::Duration::minutes(i64::from(minutes));
    (local - chrono::Duration::hours(8)).and_utc()
}

/// The local (Asia/Shanghai) date of an instant.
pub fn local_date(at: Timestamp) -> Date {
    Date(at.with_timezone(&shanghai()).date_naive())
}

/// The slots of a service on `date`, given the periods the point keeps
/// that day ([`periods_on`]): each period of the service's mode is cut
/// into slots of its duration from the period's start; a remainder too
/// short for a slot is left unused.
pub fn slots_on(service: &Service, date: Date, periods: &[&OpeningPeriod]) -> Vec<Slot> {
    let step = service.duration_minutes.max(1) as u16;
    let mut slots = Vec::new();
    for p in periods.iter().filter(|p| service.mode.runs_in(p.mode)) {
        let (Ok(starts), Ok(ends)) =
            (LocalTime::parse(&p.starts, "starts"), LocalTime::parse(&p.ends, "ends"))
        else {
            continue;
        };
        let mut at = starts.minutes();
        while at + step <= ends.minutes() {
            slots.push(Slot {
                service: service.id,
                starts_at: local_instant(date, at),
                ends_at: local_instant(date, at + step),
            });
            at += step;
        }
    }
    slots.sort_by_key(|s| s.starts_at);
    slots.dedup_by_key(|s| s.starts_at);
    slots
}

/// The kind of bookable a service's slot is.
pub const SERVICE_SLOT: &str = "SERVICE_SLOT";

/// How staff of a point serve in the table of who serves where.
pub const SERVICE_STAFF: crate::people::model::ServingKind =
    crate::people::model::ServingKind("SERVICE_STAFF");
