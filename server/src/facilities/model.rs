//! Facilities, reservations and their rules: the occurrences of a weekly
//! recurrence, the checks of a reservation's times, whether an occurrence
//! lies inside a point's opening hours, and which occurrences overlap held
//! ones. Local time is Asia/Shanghai (`services::model::shanghai`).

use chrono::{Duration, NaiveTime, TimeDelta};
use uuid::Uuid;

use crate::db::{Date, Timestamp};
use crate::error::UserError;
use crate::ids::{FacilityId, PersonId, ReservationId, ServicePointId};
use crate::services::model::{LocalTime, OpeningPeriod, shanghai};
use crate::text_enum;

text_enum! {
    /// 场地类型 — the kind of a room or facility
    pub enum FacilityKind {
        /// 乒乓球室 — table-tennis room
        TableTennis = "TABLE_TENNIS",
        /// 舞蹈室 — dance room
        Dance = "DANCE",
        /// 会议室 — meeting room
        MeetingRoom = "MEETING_ROOM",
        /// 阅览室 — reading room
        ReadingRoom = "READING_ROOM",
        /// 健身室 — gym
        Gym = "GYM",
        /// 多功能厅 — multipurpose hall
        Multipurpose = "MULTIPURPOSE",
    }
}

text_enum! {
    /// 预约状态 — where a reservation stands
    pub enum ReservationState {
        /// 待审批 — waiting for the point's admins (the facility requires approval); holds the time
        Requested = "REQUESTED",
        /// 已批准 — holds the time
        Approved = "APPROVED",
        /// 已驳回 — refused by the point's admins
        Rejected = "REJECTED",
        /// 已取消 — cancelled before it started
        Cancelled = "CANCELLED",
    }
}

impl ReservationState {
    /// The states that hold a facility's time.
    pub const HELD: [ReservationState; 2] = [ReservationState::Requested, ReservationState::Approved];

    pub fn holds_time(self) -> bool {
        Self::HELD.contains(&self)
    }
}

/// 场地 — a room or facility of a service point.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct Facility {
    pub id: FacilityId,
    pub point_id: ServicePointId,
    /// The path of the point's area: who may keep the facility and see its reservations.
    pub area_path: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: FacilityKind,
    pub capacity: Option<i32>,
    pub requires_approval: bool,
}

/// 预约 — one reservation of a facility: one occurrence of its series.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct Reservation {
    pub id: ReservationId,
    pub facility_id: FacilityId,
    /// Shared by the occurrences of one weekly recurrence (one reservation is a series of one).
    pub series_id: Uuid,
    /// Whom the facility is reserved for.
    pub person_id: PersonId,
    pub area_path: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub purpose: String,
    #[sqlx(try_from = "String")]
    pub state: ReservationState,
    /// The token subject of whoever made it.
    pub reserved_by: String,
}

// ---- limits ----

pub const MAX_NAME_CHARS: usize = 50;
pub const MAX_PURPOSE_CHARS: usize = 200;
pub const MAX_REASON_CHARS: usize = 200;
/// The most people a room is said to hold.
pub const MAX_CAPACITY: i32 = 10_000;
/// The longest one reservation may be.
pub const MAX_HOURS: i64 = 12;
/// The most weeks a recurrence may run.
pub const MAX_WEEKS: i32 = 26;
/// The longest span `Facility.reservations` reads at once.
pub const MAX_SPAN_DAYS: i64 = 62;
/// The most reservations `Facility.reservations` lists.
pub const MAX_LISTED: i64 = 500;

// ---- time ----

/// The local (Asia/Shanghai) date of a timestamp.
pub fn local_date(at: Timestamp) -> Date {
    Date(at.with_timezone(&shanghai()).date_naive())
}

/// `YYYY-MM-DD`.
pub fn date_text(d: Date) -> String {
    d.0.format("%Y-%m-%d").to_string()
}

/// Dates as a message lists them: `2026-12-01, 2026-12-08`.
pub fn dates_text(dates: &[Date]) -> String {
    dates.iter().map(|d| date_text(*d)).collect::<Vec<_>>().join(", ")
}

/// A timestamp without its fractions of a second: stored times all have the
/// same form, so they compare as text on SQLite as they do as times.
pub fn whole_seconds(at: Timestamp) -> Timestamp {
    at - TimeDelta::nanoseconds(i64::from(at.timestamp_subsec_nanos()))
}

/// One occurrence of a reservation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
}

impl Occurrence {
    pub fn date(&self) -> Date {
        local_date(self.starts_at)
    }

    /// Whether it overlaps `[starts_at, ends_at)`: touching ends do not.
    pub fn overlaps(&self, starts_at: Timestamp, ends_at: Timestamp) -> bool {
        starts_at < self.ends_at && ends_at > self.starts_at
    }

    /// Whether it lies inside one of the periods a point keeps on its date
    /// (see `services::model::periods_on`): it starts and ends on that
    /// local day (or at its midnight), within a single period.
    pub fn within(&self, periods: &[&OpeningPeriod]) -> bool {
        let midnight = self
            .date()
            .0
            .and_time(NaiveTime::MIN)
            .and_local_timezone(shanghai())
            .single()
            .expect("a fixed offset has one midnight");
        let start = (self.starts_at - midnight.to_utc()).num_seconds();
        let end = (self.ends_at - midnight.to_utc()).num_seconds();
        periods.iter().any(|p| {
            match (LocalTime::parse(&p.starts, "starts"), LocalTime::parse(&p.ends, "ends")) {
                (Ok(s), Ok(e)) => i64::from(s.minutes()) * 60 <= start && end <= i64::from(e.minutes()) * 60,
                _ => false,
            }
        })
    }
}

/// The occurrences of a reservation from `from` to `to`, the same time
/// every week for `weeks` weeks (a fixed offset keeps the local time).
pub fn occurrences(from: Timestamp, to: Timestamp, weeks: i32) -> Vec<Occurrence> {
    (0..weeks.max(1))
        .map(|w| {
            let shift = Duration::weeks(i64::from(w));
            Occurrence { starts_at: from + shift, ends_at: to + shift }
        })
        .collect()
}

/// The times of a reservation as given: `from` not past, `to` after
/// `from`, at most 12 hours; `weeks` 1 to 26. Every bad field at once.
pub fn check_times(from: Timestamp, to: Timestamp, weeks: Option<i32>, now: Timestamp) -> Vec<UserError> {
    let mut errors = Vec::new();
    if from < now {
        errors.push(UserError::bad_input("from", "a reservation may not start in the past"));
    }
    if to <= from {
        errors.push(UserError::bad_input("to", "a reservation ends after it starts"));
    } else if to - from > Duration::hours(MAX_HOURS) {
        errors.push(UserError::bad_input("to", format!("a reservation lasts at most {MAX_HOURS} hours")));
    }
    if let Some(w) = weeks
        && !(1..=MAX_WEEKS).contains(&w)
    {
        errors.push(UserError::bad_input("recurrence.weeks", format!("1 to {MAX_WEEKS} weeks")));
    }
    errors
}

/// The dates of the occurrences that overlap any of `held` (`(starts, ends)`), in order.
pub fn conflicting_dates(occurrences: &[Occurrence], held: &[(Timestamp, Timestamp)]) -> Vec<Date> {
    let mut dates: Vec<Date> = occurrences
        .iter()
        .filter(|o| held.iter().any(|(s, e)| o.overlaps(*s, *e)))
        .map(Occurrence::date)
        .collect();
    dates.dedup();
    dates
}

/// How far ahead `Facility.reservations` may look, from `from` to `to`.
pub fn check_span(from: Timestamp, to: Timestamp) -> Result<(), UserError> {
    if to <= from {
        return Err(UserError::bad_input("to", "`to` is after `from`"));
    }
    if to - from > Duration::days(MAX_SPAN_DAYS) {
        return Err(UserError::bad_input("to", format!("at most {MAX_SPAN_DAYS} days at once")));
    }
    Ok(())
}

/// Trimmed text of 1 to `max` characters without control characters.
pub fn parse_text(text: &str, max: usize, field: &str) -> Result<String, UserError> {
    crate::services::model::parse_text(text, max, field)
}

/// A capacity of 1 to 10,000 people, or none.
pub fn parse_capacity(capacity: Option<i32>, field: &str) -> Result<Option<i32>, UserError> {
    match capacity {
        Some(c) if !(1..=MAX_CAPACITY).contains(&c) => {
            Err(UserError::bad_input(field, format!("a capacity is 1 to {MAX_CAPACITY} people")))
        }
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::UserErrorCode;
    use crate::services::model::OpeningMode;
    use chrono::{NaiveDate, TimeZone};

    /// A local (UTC+8) time on a date of December 2026.
    fn local(day: u32, h: u32, m: u32) -> Timestamp {
        shanghai()
            .from_local_datetime(
                &NaiveDate::from_ymd_opt(2026, 12, day).unwrap().and_hms_opt(h, m, 0).unwrap(),
            )
            .single()
            .unwrap()
            .to_utc()
    }

    fn period(starts: &str, ends: &str) -> OpeningPeriod {
        OpeningPeriod {
            point_id: ServicePointId(Uuid::nil()),
            weekday: 2,
            starts: starts.into(),
            ends: ends.into(),
            mode: OpeningMode::OfficeHours,
        }
    }

    #[test]
    fn a_recurrence_keeps_the_local_time_every_week_and_dates_are_local() {
        let o = occurrences(local(1, 19, 30), local(1, 21, 0), 3);
        assert_eq!(o.len(), 3);
        assert_eq!(o[2].starts_at, local(15, 19, 30));
        assert_eq!(
            dates_text(&o.iter().map(Occurrence::date).collect::<Vec<_>>()),
            "2026-12-01, 2026-12-08, 2026-12-15"
        );
        // 07:30 on the 2nd in Shanghai is 23:30 on the 1st in UTC.
        assert_eq!(date_text(local_date(local(2, 7, 30))), "2026-12-02");
        assert_eq!(occurrences(local(1, 9, 0), local(1, 10, 0), 1).len(), 1);
    }

    #[test]
    fn an_occurrence_lies_inside_one_period_of_its_day() {
        let morning = period("08:30", "12:00");
        let evening = period("19:30", "21:00");
        let periods = [&morning, &evening];
        let inside = Occurrence { starts_at: local(1, 19, 30), ends_at: local(1, 21, 0) };
        assert!(inside.within(&periods));
        let across = Occurrence { starts_at: local(1, 11, 0), ends_at: local(1, 20, 0) };
        assert!(!across.within(&periods), "not across the closed afternoon");
        let late = Occurrence { starts_at: local(1, 20, 30), ends_at: local(1, 21, 30) };
        assert!(!late.within(&periods));
        assert!(!inside.within(&[]), "closed all day");
        let night = period("20:00", "24:00");
        let to_midnight = Occurrence { starts_at: local(1, 22, 0), ends_at: local(2, 0, 0) };
        assert!(to_midnight.within(&[&night]));
    }

    #[test]
    fn times_are_checked_together() {
        let now = local(1, 8, 0);
        assert!(check_times(local(1, 9, 0), local(1, 10, 0), Some(8), now).is_empty());
        let errors = check_times(local(1, 7, 0), local(1, 6, 0), Some(27), now);
        let fields: Vec<String> = errors.iter().map(|e| e.field.join(".")).collect();
        assert_eq!(fields, ["input.from", "input.to", "input.recurrence.weeks"]);
        assert!(errors.iter().all(|e| e.code == UserErrorCode::BadUserInput));
        let long = check_times(local(1, 9, 0), local(1, 21, 1), None, now);
        assert_eq!(long.len(), 1);
        assert!(check_times(local(1, 9, 0), local(1, 21, 0), None, now).is_empty(), "12 hours is allowed");
        assert_eq!(check_times(local(1, 9, 0), local(1, 10, 0), Some(0), now).len(), 1);
    }

    #[test]
    fn conflicts_are_the_overlapping_occurrences_and_touching_is_no_overlap() {
        let o = occurrences(local(1, 19, 0), local(1, 20, 0), 4);
        let held = [
            (local(8, 19, 30), local(8, 20, 30)),
            (local(15, 18, 0), local(15, 19, 0)),
            (local(22, 18, 0), local(22, 22, 0)),
        ];
        let dates = conflicting_dates(&o, &held);
        assert_eq!(dates_text(&dates), "2026-12-08, 2026-12-22");
        assert!(conflicting_dates(&o, &[]).is_empty());
    }

    #[test]
    fn times_lose_their_fractions_and_capacities_are_bounded() {
        let at = local(1, 9, 0) + TimeDelta::milliseconds(1_234);
        assert_eq!(whole_seconds(at), local(1, 9, 0) + TimeDelta::seconds(1));
        assert_eq!(parse_capacity(Some(12), "capacity").unwrap(), Some(12));
        assert_eq!(parse_capacity(None, "capacity").unwrap(), None);
        assert!(parse_capacity(Some(0), "capacity").is_err());
        assert!(ReservationState::Requested.holds_time() && !ReservationState::Cancelled.holds_time());
    }
}
