//! Loader keys of bookings: by id (settling what is due first), places in
//! line and the root lists of bookings.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;

use super::model::*;
use super::service::settle;
use super::store::{self, BookingFilter};
use crate::graphql::loading::{DbLoader, Loaded};
use crate::ids::{BookableId, BookingId};
use crate::root_list;

/// Whether a booking read at `now` shows a state that is already due to
/// change (an offer that ran out, a line when its bookable has begun).
fn is_due(b: &Booking, now: crate::db::Timestamp) -> bool {
    match b.state {
        BookingState::Offered => b.offer_expires_at.is_some_and(|t| t <= now) || b.starts_at <= now,
        BookingState::Waitlisted => b.starts_at <= now,
        _ => false,
    }
}

/// Bookings by id as the caller may see them. When one shows a state that
/// is due to change, its bookable is settled first and the batch read
/// again, so no read shows an offer that has run out.
impl Loader<BookingId> for DbLoader {
    type Value = Booking;
    type Error = async_graphql::Error;
    async fn load(&self, ids: &[BookingId]) -> Loaded<BookingId, Booking> {
        let mut rows = {
            let mut conn = self.db.conn().await?;
            store::bookings_by_ids(&mut conn, &self.scope, ids).await?
        };
        let now = self.db.clock().now();
        let mut due: Vec<BookableId> =
            rows.iter().filter(|b| is_due(b, now)).map(|b| b.bookable_id).collect();
        if !due.is_empty() {
            due.sort();
            due.dedup();
            settle(&self.db, &due).await?;
            let mut conn = self.db.conn().await?;
            rows = store::bookings_by_ids(&mut conn, &self.scope, ids).await?;
        }
        Ok(rows.into_iter().map(|b| (b.id, b)).collect())
    }
}

/// A waitlisted booking's place in line (1 for the first).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PlaceInLine(pub BookingId);

impl Loader<PlaceInLine> for DbLoader {
    type Value = i64;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[PlaceInLine]) -> Loaded<PlaceInLine, i64> {
        let mut conn = self.db.conn().await?;
        let ids: Vec<BookingId> = keys.iter().map(|k| k.0).collect();
        let found: HashMap<BookingId, i64> =
            store::waitlist_positions(&mut conn, &ids).await?.into_iter().collect();
        Ok(keys.iter().filter_map(|k| found.get(&k.0).map(|n| (k.clone(), *n))).collect())
    }
}

root_list!(BookingFilter => Booking, cursor: |b| b.id.0,
    page: |conn, scope, filter, page| store::list_bookings(conn, scope, filter, page),
    count: |conn, scope, filter| store::count_bookings(conn, scope, filter),
);

crate::load_by_key!(BookableId => Bookable, |conn, _scope, ids| store::bookables_by_ids(conn, ids), key: |b| b.id);
