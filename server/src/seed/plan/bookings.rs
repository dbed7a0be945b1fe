//! Services at the points and a year of their bookings: a free health check
//! (免费体检) at every health station, a meal or rehabilitation service at
//! every elderly-care centre, legal advice at every 党群服务中心; the past
//! year's health checks (completed with a note, a few no-shows and
//! cancellations), and the next two weeks' bookings, some slots full with a
//! line waiting. Slots come from the points' hours, the calendar and the
//! closures, as the server cuts them (`slots_on`); each person has at most
//! one booking a day, so none overlap; each slot's counters are its
//! bookings'.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, NaiveDate};
use rand::Rng;
use uuid::Uuid;

use super::people::PersonRow;
use super::services::{HoursRow, PointRow, Services as Points};
use super::shared::{ChangeRow, Gen, ymd};
use crate::booking::model::BookingState;
use crate::db::{Date, Timestamp};
use crate::ids::{ServiceId, ServicePointId};
use crate::people::model::age_on;
use crate::services::model::{
    CalendarDayKind, OpeningPeriod, Service, ServiceMode, ServicePointKind, local_instant, periods_on,
    slots_on,
};

/// The demo's "today": past bookings run up to the day before, upcoming
/// ones over the two weeks after.
pub fn reference_day() -> NaiveDate {
    ymd(2026, 11, 25)
}

/// The first day of the past year of health checks.
pub fn first_day() -> NaiveDate {
    ymd(2026, 1, 1)
}

/// Days after the reference day that have upcoming bookings.
pub const UPCOMING_DAYS: u64 = 14;

/// Completed health checks per resident of the district over the year:
/// 40,000 at the article's 20,000 residents.
pub const CHECKS_PER_RESIDENT: f64 = 2.0;

/// At most this share of a year's places are taken, whatever the scale.
const MAX_FILL: f64 = 0.6;

/// The age the elderly services are for.
pub const ELDERLY_AGE: i32 = 60;

/// Who booked the demo's bookings (`requested_by`, the timeline's actor).
pub const SEED_SUBJECT: &str = "seed";

pub struct ServiceRow {
    pub id: Uuid,
    pub at: Timestamp,
    /// The service as the server reads it (the slots are cut from it).
    pub service: Service,
}

pub struct BookableRow {
    pub id: Uuid,
    pub at: Timestamp,
    pub owner_id: Uuid,
    pub place_id: Uuid,
    pub area_path: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub capacity: i32,
    pub claim_minutes: Option<i32>,
    pub held: i32,
    pub waiting: i32,
    pub arrivals: i32,
}

pub struct BookingRow {
    pub id: Uuid,
    pub bookable_id: Uuid,
    pub person_id: Uuid,
    pub person_path: String,
    pub area_path: String,
    pub state: BookingState,
    pub seq: i32,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub outcome: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Default)]
pub struct Bookings {
    pub services: Vec<ServiceRow>,
    pub bookables: Vec<BookableRow>,
    pub bookings: Vec<BookingRow>,
    pub changes: Vec<ChangeRow<BookingState>>,
}

/// A service's slots are cut from its point's week, as the server does.
struct Offered {
    service: usize,
    week: Vec<OpeningPeriod>,
    /// Indexes into the persons who may book it (the point's residents of age).
    pool: Vec<usize>,
    min_age: Option<i32>,
}

const SYSTOLIC: std::ops::RangeInclusive<i32> = 108..=158;
const GLUCOSE: [&str; 5] =
    ["血糖正常", "血糖正常", "血糖正常", "空腹血糖偏高，建议复查", "血糖略高，注意饮食"];
const ADVICE: [&str; 5] = ["", "", "，心电图正常", "，建议低盐饮食", "，建议每日步行30分钟"];

fn outcome(rng: &mut impl Rng) -> String {
    let systolic = rng.gen_range(SYSTOLIC);
    let diastolic = rng.gen_range(64..=(systolic / 2 + 28).min(98));
    let glucose = GLUCOSE[rng.gen_range(0..GLUCOSE.len())];
    let advice = ADVICE[rng.gen_range(0..ADVICE.len())];
    format!("血压 {systolic}/{diastolic}，{glucose}{advice}")
}

impl Bookings {
    pub(super) fn generate(cx: &mut Gen, points: &Points, persons: &[PersonRow]) -> Bookings {
        let mut out = Bookings::default();
        if !cx.scale.bookings {
            return out;
        }
        let calendar: HashMap<NaiveDate, CalendarDayKind> =
            points.calendar.iter().map(|c| (c.day, c.kind)).collect();
        let closed: HashSet<(Uuid, NaiveDate)> = points.closures.iter().map(|k| (k.point_id, k.on)).collect();
        let mut hours: HashMap<Uuid, Vec<&HoursRow>> = HashMap::new();
        for h in &points.hours {
            hours.entry(h.point_id).or_default().push(h);
        }
        let births: Vec<NaiveDate> = persons.iter().map(|p| p.id_card.birth_date().0).collect();
        let last_day = reference_day() + Duration::days(UPCOMING_DAYS as i64);

        let mut offered = Vec::new();
        for p in &points.points {
            let Some(service) = out.service_at(cx, p) else { continue };
            let min_age = out.services[service].service.min_age;
            // Everyone who lives where the point serves (its community) and is old enough by the last day.
            let pool = persons
                .iter()
                .enumerate()
                .filter(|(i, x)| {
                    x.area_path.starts_with(&p.area_path)
                        && age_on(births[*i], last_day) >= min_age.unwrap_or(18)
                })
                .map(|(i, _)| i)
                .collect();
            let week = hours
                .get(&p.id)
                .map(|w| {
                    w.iter()
                        .map(|h| OpeningPeriod {
                            point_id: ServicePointId(h.point_id),
                            weekday: h.weekday,
                            starts: h.starts.to_owned(),
                            ends: h.ends.to_owned(),
                            mode: h.mode,
                        })
                        .collect()
                })
                .unwrap_or_default();
            offered.push(Offered { service, week, pool, min_age });
        }
        let slots_of = |o: &Offered, s: &Service, day: NaiveDate| {
            let periods = periods_on(
                Date(day),
                &o.week,
                calendar.get(&day).copied(),
                closed.contains(&(s.point_id.0, day)),
            );
            slots_on(s, Date(day), &periods)
        };

        // The past year: health checks only, each slot taking places at a rate that gives the year's total.
        let checks: Vec<&Offered> =
            offered.iter().filter(|o| out.services[o.service].service.name == HEALTH_CHECK).collect();
        let past: Vec<NaiveDate> = first_day().iter_days().take_while(|d| *d < reference_day()).collect();
        let places: usize = checks
            .iter()
            .map(|o| {
                let s = &out.services[o.service].service;
                past.iter().map(|d| slots_of(o, s, *d).len()).sum::<usize>() * s.capacity as usize
            })
            .sum();
        // Cancellations and no-shows take a few percent: book a tenth more than the completed target.
        let target = cx.scale.residents as f64 * CHECKS_PER_RESIDENT * 1.1;
        let rate = if places == 0 { 0.0 } else { (target / places as f64).min(MAX_FILL) };
        for day in &past {
            let mut busy = HashSet::new();
            for o in &checks {
                let s = out.services[o.service].service.clone();
                for slot in slots_of(o, &s, *day) {
                    let n = (0..s.capacity).filter(|_| cx.rng.gen_bool(rate)).count();
                    let who = pick(cx, &o.pool, &births, o.min_age, *day, n, &mut busy);
                    out.past_slot(cx, &s, slot.starts_at, slot.ends_at, &who, persons);
                }
            }
        }

        // The next two weeks: every service, some slots booked, a few full with a line.
        for day in reference_day().iter_days().skip(1).take(UPCOMING_DAYS as usize) {
            let mut busy = HashSet::new();
            for o in &offered {
                let s = out.services[o.service].service.clone();
                for slot in slots_of(o, &s, day) {
                    if !cx.rng.gen_bool(0.35) {
                        continue;
                    }
                    let n = if cx.rng.gen_bool(0.3) {
                        s.capacity as usize + cx.rng.gen_range(1..=3)
                    } else {
                        cx.rng.gen_range(1..=s.capacity.max(1) as usize)
                    };
                    let who = pick(cx, &o.pool, &births, o.min_age, day, n, &mut busy);
                    out.upcoming_slot(cx, &s, slot.starts_at, slot.ends_at, &who, persons);
                }
            }
        }
        out
    }

    /// The service a point offers, by its kind, if any; its index.
    fn service_at(&mut self, cx: &mut Gen, p: &PointRow) -> Option<usize> {
        let (name, description, mode, duration, capacity, min_age, residents_only, claim) = match p.kind {
            ServicePointKind::HealthStation => (
                HEALTH_CHECK,
                "为辖区60周岁以上居民免费测血压、血糖，做心电图，建立健康档案。",
                ServiceMode::OnSite,
                30,
                cx.rng.gen_range(4..=6),
                Some(ELDERLY_AGE),
                true,
                Some(120),
            ),
            ServicePointKind::ElderlyCare if cx.rng.gen_bool(0.5) => (
                "助餐服务",
                "老年食堂助餐：每餐两荤两素，60周岁以上老人凭预约就餐。",
                ServiceMode::Appointment,
                60,
                8,
                Some(ELDERLY_AGE),
                false,
                None,
            ),
            ServicePointKind::ElderlyCare => (
                "康复理疗",
                "康复师一对一指导肢体康复训练、理疗按摩。",
                ServiceMode::Appointment,
                60,
                8,
                Some(ELDERLY_AGE),
                false,
                None,
            ),
            ServicePointKind::PartyMassCentre => (
                "法律咨询",
                "律师进社区：婚姻家庭、劳动争议、邻里纠纷免费咨询。",
                ServiceMode::Appointment,
                60,
                2,
                None,
                false,
                None,
            ),
            _ => return None,
        };
        let (id, at) = cx.next_id();
        self.services.push(ServiceRow {
            id,
            at,
            service: Service {
                id: ServiceId(id),
                point_id: ServicePointId(p.id),
                area_path: p.area_path.clone(),
                name: name.to_owned(),
                description: description.to_owned(),
                mode,
                duration_minutes: duration,
                capacity,
                opens_days_ahead: 14,
                cancel_hours_before: 2,
                claim_minutes: claim,
                min_age,
                max_age: None,
                special_groups: String::new(),
                residents_only,
                party_members_only: false,
            },
        });
        Some(self.services.len() - 1)
    }

    fn bookable(
        &mut self,
        cx: &mut Gen,
        s: &Service,
        starts_at: Timestamp,
        ends_at: Timestamp,
        at: Timestamp,
    ) -> usize {
        let (id, _) = cx.next_id();
        self.bookables.push(BookableRow {
            id,
            at,
            owner_id: s.id.0,
            place_id: s.point_id.0,
            area_path: s.area_path.clone(),
            starts_at,
            ends_at,
            capacity: s.capacity,
            claim_minutes: s.claim_minutes,
            held: 0,
            waiting: 0,
            arrivals: 0,
        });
        self.bookables.len() - 1
    }

    /// A booking of the bookable `k` with its history, each change at its
    /// time; the counters of `k` follow its final state.
    fn booking(
        &mut self,
        cx: &mut Gen,
        k: usize,
        person: &PersonRow,
        history: &[(BookingState, Timestamp)],
        note: Option<String>,
    ) {
        let (id, _) = cx.next_id();
        let b = &mut self.bookables[k];
        b.arrivals += 1;
        let (state, updated) = *history.last().expect("a booking has a history");
        if state.holds_place() {
            b.held += 1;
        }
        if state == BookingState::Waitlisted {
            b.waiting += 1;
        }
        self.bookings.push(BookingRow {
            id,
            bookable_id: b.id,
            person_id: person.id,
            person_path: person.area_path.clone(),
            area_path: b.area_path.clone(),
            state,
            seq: b.arrivals,
            starts_at: b.starts_at,
            ends_at: b.ends_at,
            outcome: if state == BookingState::Completed { note.clone() } else { None },
            created_at: history[0].1,
            updated_at: updated,
        });
        for (i, (state, at)) in history.iter().enumerate() {
            let (change, _) = cx.next_id();
            let note =
                if i + 1 == history.len() && *state == BookingState::Completed { note.clone() } else { None };
            self.changes.push(ChangeRow {
                id: change,
                subject_id: id,
                state: *state,
                at: *at,
                actor_subject: SEED_SUBJECT.to_owned(),
                actor_person_id: None,
                note,
            });
        }
    }

    /// A past slot's bookings: completed with a note, a few no-shows and cancellations.
    fn past_slot(
        &mut self,
        cx: &mut Gen,
        s: &Service,
        starts: Timestamp,
        ends: Timestamp,
        who: &[usize],
        persons: &[PersonRow],
    ) {
        if who.is_empty() {
            return;
        }
        // Booked a day to a week before, in order of arrival.
        let mut at = starts - Duration::minutes(cx.rng.gen_range(60 * 24..=60 * 24 * 7));
        let k = self.bookable(cx, s, starts, ends, at);
        for &p in who {
            let confirmed = at;
            at += Duration::minutes(cx.rng.gen_range(1..=90)).min((starts - at) / 2);
            let roll = cx.rng.gen_range(0..100);
            let (history, note) = if roll < 3 {
                let cancelled = confirmed + (starts - confirmed) / 2;
                (vec![(BookingState::Confirmed, confirmed), (BookingState::Cancelled, cancelled)], None)
            } else if roll < 6 {
                let marked = ends + Duration::minutes(10);
                (vec![(BookingState::Confirmed, confirmed), (BookingState::NoShow, marked)], None)
            } else {
                let arrived = starts - Duration::minutes(cx.rng.gen_range(0..=20));
                let done = ends - Duration::minutes(cx.rng.gen_range(0..=10));
                let history = vec![
                    (BookingState::Confirmed, confirmed),
                    (BookingState::CheckedIn, arrived.max(confirmed)),
                    (BookingState::Completed, done.max(arrived)),
                ];
                (history, Some(outcome(&mut cx.rng)))
            };
            self.booking(cx, k, &persons[p], &history, note);
        }
    }

    /// An upcoming slot's bookings: confirmed while places last, then in line.
    fn upcoming_slot(
        &mut self,
        cx: &mut Gen,
        s: &Service,
        starts: Timestamp,
        ends: Timestamp,
        who: &[usize],
        persons: &[PersonRow],
    ) {
        if who.is_empty() {
            return;
        }
        // Booked in the days before the reference day, in order of arrival.
        let booked_by = local_instant(Date(reference_day()), 17 * 60);
        let mut at = (starts - Duration::minutes(cx.rng.gen_range(60 * 24..=60 * 24 * 10)))
            .min(booked_by - Duration::days(1));
        let k = self.bookable(cx, s, starts, ends, at);
        for (i, &p) in who.iter().enumerate() {
            let state =
                if (i as i32) < s.capacity { BookingState::Confirmed } else { BookingState::Waitlisted };
            self.booking(cx, k, &persons[p], &[(state, at)], None);
            at += Duration::minutes(cx.rng.gen_range(1..=60));
        }
    }
}

/// The name of the health check, which has a year of history.
pub const HEALTH_CHECK: &str = "免费体检";

/// Up to `n` distinct persons of `pool`, of age on `day` and with no other
/// booking that day (so nobody's bookings overlap), marked busy.
fn pick(
    cx: &mut Gen,
    pool: &[usize],
    births: &[NaiveDate],
    min_age: Option<i32>,
    day: NaiveDate,
    n: usize,
    busy: &mut HashSet<usize>,
) -> Vec<usize> {
    let mut who = Vec::with_capacity(n);
    if pool.is_empty() {
        return who;
    }
    for _ in 0..n {
        let start = cx.rng.gen_range(0..pool.len());
        let found = (0..pool.len())
            .map(|k| pool[(start + k) % pool.len()])
            .find(|&p| !busy.contains(&p) && age_on(births[p], day) >= min_age.unwrap_or(18));
        let Some(p) = found else { break };
        busy.insert(p);
        who.push(p);
    }
    who
}
