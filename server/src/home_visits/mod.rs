//! Home visits (上门服务): a resident, or a grid worker on their behalf,
//! asks for a HOME_VISIT service at home at a preferred time. The request
//! goes to the grid the person lives in; its grid worker (or an admin above)
//! assigns a grid worker or a volunteer, who visits and records the visit,
//! and the grid closes it. It can be cancelled until the visit. Every change
//! of state is appended to the shared timeline (`db::timeline`); while a
//! visit is assigned the visitor serves at the person's home (`serving`,
//! HOME_VISITOR). Requests are visible to the person, to the visitor and to
//! the admins and grid workers of the person's home.

pub mod loaders;
pub mod model;
pub mod mutation;
pub mod objects;
pub mod query;
pub mod service;
pub mod store;
