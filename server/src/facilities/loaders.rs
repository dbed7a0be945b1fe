//! Loader keys of facilities and reservations: by id, the facilities of a
//! point, the held reservations of a facility over a span, the state
//! history of a reservation and the caller's own reservations.

use std::collections::HashMap;

use async_graphql::Context;
use async_graphql::dataloader::Loader;

use super::model::*;
use super::store;
use crate::db::Timestamp;
use crate::graphql::context::{GqlResult, one};
use crate::graphql::loading::{DbLoader, Loaded, group_by};
use crate::ids::{FacilityId, PersonId, ReservationId, ServicePointId};
use crate::{load_by_key, root_list};

load_by_key!(FacilityId => Facility, |conn, _scope, ids| store::facilities_by_ids(conn, ids), key: |f| f.id);
load_by_key!(
    ReservationId => Reservation,
    |conn, _scope, ids| store::reservations_by_ids(conn, ids),
    key: |r| r.id,
);

/// The facilities of a point.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FacilitiesAt(pub ServicePointId);

impl Loader<FacilitiesAt> for DbLoader {
    type Value = Vec<Facility>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[FacilitiesAt]) -> Loaded<FacilitiesAt, Vec<Facility>> {
        let mut conn = self.db.conn().await?;
        let points: Vec<ServicePointId> = keys.iter().map(|k| k.0).collect();
        let mut out: HashMap<FacilitiesAt, Vec<Facility>> =
            keys.iter().map(|k| (k.clone(), Vec::new())).collect();
        for facility in store::facilities_of_points(&mut conn, &points).await? {
            out.entry(FacilitiesAt(facility.point_id)).or_default().push(facility);
        }
        Ok(out)
    }
}

/// The held reservations of a facility overlapping `[from, to)`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct HeldBetween(pub FacilityId, pub Timestamp, pub Timestamp);

/// One statement per span asked for, whatever the number of facilities.
impl Loader<HeldBetween> for DbLoader {
    type Value = Vec<Reservation>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[HeldBetween]) -> Loaded<HeldBetween, Vec<Reservation>> {
        let mut conn = self.db.conn().await?;
        let mut out: HashMap<HeldBetween, Vec<Reservation>> =
            keys.iter().map(|k| (k.clone(), Vec::new())).collect();
        for ((from, to), facilities) in group_by(keys.iter().map(|k| (k.0, (k.1, k.2)))) {
            for r in store::held_between(&mut conn, &facilities, from, to, MAX_LISTED).await? {
                out.entry(HeldBetween(r.facility_id, from, to)).or_default().push(r);
            }
        }
        Ok(out)
    }
}

/// The reservations made for one person: the root list `myReservations`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ReservationsOf(pub PersonId);

root_list!(ReservationsOf => Reservation, cursor: |r| r.id.0,
    page: |conn, _scope, filter, page| store::reservations_of_person(conn, filter.0, page),
    count: |conn, _scope, filter| store::count_reservations_of_person(conn, filter.0),
);

/// A facility through the request's loader.
pub async fn facility(ctx: &Context<'_>, id: FacilityId) -> GqlResult<Option<Facility>> {
    one(ctx, id).await
}

/// A reservation through the request's loader.
pub async fn reservation(ctx: &Context<'_>, id: ReservationId) -> GqlResult<Option<Reservation>> {
    one(ctx, id).await
}
