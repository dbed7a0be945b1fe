//! Every id of the graph: a uuid newtype that knows its Relay kind.
//!
//! A global id is `Kind:uuid` in base64url, opaque to clients. The kind is
//! written once, in the `id_type!` line below, and nowhere else: objects
//! answer `id` with [`to_global`](AreaId::to_global), arguments are read
//! with [`from_global`](AreaId::from_global), and `node` dispatches on
//! [`KIND`](AreaId::KIND).

use async_graphql::ID;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use uuid::Uuid;

use crate::error::UserError;

/// The longest global id accepted: `PartyOrganization:` and a uuid in
/// base64 are 74 characters.
pub const MAX_ID_CHARS: usize = 100;

/// Split a global id into its kind and uuid; `None` if it is not one of ours.
pub fn parse_global(id: &str) -> Option<(String, Uuid)> {
    if id.len() > MAX_ID_CHARS {
        return None;
    }
    let raw = URL_SAFE_NO_PAD.decode(id).ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (kind, uuid) = text.split_once(':')?;
    Some((kind.to_owned(), Uuid::parse_str(uuid).ok()?))
}

/// `Kind:uuid`, base64url.
pub fn global(kind: &str, id: Uuid) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{kind}:{id}")))
}

/// The uuid of a global id that must be of `kind`; `field` names the
/// argument or input field in the error.
pub fn uuid_of(id: &ID, kind: &str, field: &str) -> Result<Uuid, UserError> {
    match parse_global(id) {
        Some((k, uuid)) if k == kind => Ok(uuid),
        _ if id.len() > MAX_ID_CHARS => {
            Err(UserError::bad_input(field, format!("an id has at most {MAX_ID_CHARS} characters")))
        }
        _ => Err(UserError::bad_input(field, format!("{:?} is not the id of a {kind}", id.as_str()))),
    }
}

/// A typed id: a uuid that cannot be passed where another kind of id is
/// expected, stored as the plain uuid, and its Relay kind.
macro_rules! id_type {
    ($(#[$m:meta])* $name:ident, $kind:literal) => {
        $(#[$m])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, sqlx::Type, serde::Serialize,
            serde::Deserialize,
        )]
        #[sqlx(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// The kind its global ids carry.
            pub const KIND: &'static str = $kind;

            pub fn to_global(self) -> ID {
                global(Self::KIND, self.0)
            }

            /// Read a global id of this kind; `field` names the argument or
            /// input field in the error.
            pub fn from_global(id: &ID, field: &str) -> Result<Self, UserError> {
                uuid_of(id, Self::KIND, field).map(Self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }
    };
}

// area
id_type!(AreaId, "Area");
id_type!(UnitId, "Unit");
// people
id_type!(PersonId, "Person");
id_type!(SpecialGroupEntryId, "SpecialGroupEntry");
id_type!(RoleAssignmentId, "RoleAssignment");
id_type!(GridGroupMemberId, "GridGroupMember");
// party
id_type!(OrgId, "PartyOrganization");
id_type!(MemberId, "PartyMember");
id_type!(
    /// One stretch of a member's membership (not a node of its own).
    PeriodId,
    "MembershipPeriod"
);
id_type!(SeatId, "CommitteeSeat");
id_type!(PairingId, "OrgPairing");
// services
id_type!(ServicePointId, "ServicePoint");
id_type!(ServiceId, "Service");
id_type!(
    /// A person's appointment at a point (not a node of its own).
    ServiceStaffId,
    "ServiceStaff"
);
// booking
id_type!(BookableId, "Bookable");
id_type!(BookingId, "Booking");
// home visits
id_type!(HomeVisitId, "HomeVisitRequest");
// facilities
id_type!(FacilityId, "Facility");
id_type!(ReservationId, "Reservation");
id_type!(PartnerClientId, "PartnerClient");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_ids_round_trip_and_keep_their_kind() {
        let id = PersonId(Uuid::now_v7());
        let gid = id.to_global();
        assert_eq!(parse_global(&gid), Some(("Person".to_owned(), id.0)));
        assert_eq!(PersonId::from_global(&gid, "id").unwrap(), id);
        let wrong = AreaId::from_global(&gid, "areaId").unwrap_err();
        assert_eq!(wrong.field, vec!["input", "areaId"]);
        assert!(parse_global("not-an-id").is_none());
        let long = ID("A".repeat(MAX_ID_CHARS + 1));
        assert!(AreaId::from_global(&long, "id").unwrap_err().message.contains("at most"));
    }
}
