//! Bookables, bookings and the rules of their states.

use uuid::Uuid;

use crate::db::Timestamp;
use crate::ids::{BookableId, BookingId, PersonId};
use crate::text_enum;

text_enum! {
    /// 预约状态 — the state of a booking
    pub enum BookingState {
        /// 已确认 — holds a place
        Confirmed = "CONFIRMED",
        /// 候补中 — in line for a place, in order of arrival
        Waitlisted = "WAITLISTED",
        /// 候补递补待确认 — a place freed and is offered until `offerExpiresAt`
        Offered = "OFFERED",
        /// 已取消 — cancelled
        Cancelled = "CANCELLED",
        /// 已签到 — arrived and checked in
        CheckedIn = "CHECKED_IN",
        /// 已完成 — the service was given
        Completed = "COMPLETED",
        /// 爽约 — did not come
        NoShow = "NO_SHOW",
        /// 已过期 — an offer not claimed in time, or a place in line when the slot began
        Expired = "EXPIRED",
    }
}

impl BookingState {
    /// Whether a booking in this state takes one of the places.
    pub fn holds_place(self) -> bool {
        matches!(self, Self::Confirmed | Self::Offered | Self::CheckedIn | Self::Completed)
    }

    /// Whether the booking still runs (the person has, or waits for, a place).
    pub fn is_live(self) -> bool {
        matches!(self, Self::Confirmed | Self::Waitlisted | Self::Offered | Self::CheckedIn)
    }
}

/// What the engine books: made on its first booking, its counters kept by
/// every write in the transaction of the write.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct Bookable {
    pub id: BookableId,
    /// What owns it, e.g. `SERVICE_SLOT`.
    pub kind: String,
    /// The record it belongs to (a service).
    pub owner_id: Uuid,
    /// The place whose staff serve it (a service point).
    pub place_id: Option<Uuid>,
    /// The path of the area whose admins manage it.
    pub area_path: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub capacity: i32,
    /// How long an offered place waits; `None` confirms the next in line at once.
    pub claim_minutes: Option<i32>,
    /// Places taken: confirmed, offered, checked in or completed.
    pub held: i32,
    /// People in line.
    pub waiting: i32,
    /// Arrivals so far: each booking's `seq`.
    pub arrivals: i32,
}

impl Bookable {
    pub fn free(&self) -> i32 {
        (self.capacity - self.held).max(0)
    }
}

/// A bookable as its owner describes it, for its first booking.
#[derive(Clone, Debug)]
pub struct NewBookable {
    pub kind: &'static str,
    pub owner_id: Uuid,
    pub place_id: Option<Uuid>,
    pub area_path: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub capacity: i32,
    pub claim_minutes: Option<i32>,
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct Booking {
    pub id: BookingId,
    pub bookable_id: BookableId,
    pub person_id: PersonId,
    /// The person's home path when booked (moved with them): who may see it.
    pub person_path: String,
    /// The bookable's `area_path`: its admins see the booking.
    pub area_path: String,
    #[sqlx(try_from = "String")]
    pub state: BookingState,
    /// Arrival number within the bookable: the order of the line.
    pub seq: i32,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub offer_expires_at: Option<Timestamp>,
    /// The subject of the token that booked it.
    pub requested_by: String,
    pub idempotency_key: Option<String>,
    /// What came of it (a health check's note), set on completion.
    pub outcome: Option<String>,
    pub created_at: Timestamp,
}

/// The longest idempotency key.
pub const MAX_IDEMPOTENCY_KEY_CHARS: usize = 100;
/// The longest outcome note.
pub const MAX_OUTCOME_CHARS: usize = 1000;
/// Check-in opens this long before a slot's start.
pub const CHECK_IN_OPENS_MINUTES: i64 = 120;
