//! The party domain: party organizations (党委, a community's 大党委,
//! 总支, 支部, 小组), their members with the history of every membership
//! (组织关系), report-in to the community where a member lives (报到),
//! committee seats (兼职委员) and pairings of institutions with communities
//! (结对共建). It adds its fields to `Area` and `Person`.

pub mod loaders;
pub mod model;
pub mod mutation;
pub mod objects;
pub mod query;
pub mod service;
pub mod store;
