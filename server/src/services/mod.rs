//! The services domain: service points (服务阵地 — 党群服务中心,
//! 养老服务中心, 卫生服务站 and the rest) of the 15-minute living circle
//! (15分钟生活圈), where they stand and which areas they serve, their weekly
//! opening hours in the article's modes (office hours, 错时 off-peak, 延时
//! extended), closures, and the national calendar of public holidays and
//! make-up working days (调休). It adds coordinates and the living circle to
//! `Area`. Points are public data, like areas.

pub mod bookings;
pub mod loaders;
pub mod model;
pub mod mutation;
pub mod objects;
pub mod query;
pub mod service;
pub mod store;
