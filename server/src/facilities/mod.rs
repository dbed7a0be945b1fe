//! The facilities domain: the rooms of a service point that residents
//! reserve (文体活动室 — 乒乓球室, 舞蹈室, 会议室, 阅览室, 健身室, 多功能厅),
//! and their reservations: one-off or the same time weekly for up to 26
//! weeks, all or nothing, never overlapping a held one, only while the point
//! is open, approved by the point's admins where the room asks for it. Each
//! change of a reservation's state is written to the shared state timeline.
//! It adds `facilities` to `ServicePoint`. The held times of a room are
//! public; who reserved it and why only the reserver and the point's admins see.

pub mod loaders;
pub mod model;
pub mod mutation;
pub mod objects;
pub mod query;
pub mod service;
pub mod store;
