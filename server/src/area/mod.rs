//! The area tree (区 → 街道/镇 → 社区/村 → 网格 → 楼栋) and the resident
//! units (驻区单位) located in it: the base domain every other one hangs
//! from. Its data is public: anonymous callers may read it. It has no writes
//! yet (the tree comes from the district's records), so no `service.rs` or
//! `mutation.rs`.

pub mod loaders;
pub mod model;
pub mod objects;
pub mod query;
pub mod store;
