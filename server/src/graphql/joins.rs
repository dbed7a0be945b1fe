//! Which to-one hops a list statement carries, from the request's selection
//! (see `db/joined.rs` for how a statement carries them).
//!
//! Each domain declares its hops as [`ToOne`](crate::db::joined::ToOne)
//! statics in its `loaders.rs`; `schema.rs` installs them all here, the way
//! it installs field groups. A list resolver asks [`plan`] which of them its
//! `nodes` select, hop after hop, and puts the plan in its loader key.

use std::sync::{Arc, OnceLock};

use async_graphql::Lookahead;

use crate::db::Page;
use crate::db::joined::{Carry, Hop, JoinPlan, PlanHop};

static HOPS: OnceLock<Vec<&'static dyn Hop>> = OnceLock::new();

/// Install every domain's hops; done once, by the schema assembly. A field
/// declared as a hop twice is a programming error.
pub fn install(hops: impl FnOnce() -> Vec<&'static dyn Hop>) {
    HOPS.get_or_init(|| {
        let hops = hops();
        for (i, a) in hops.iter().enumerate() {
            assert!(
                !hops[..i].iter().any(|b| b.field() == a.field()),
                "the hop {:?} is declared twice",
                a.field()
            );
        }
        hops
    });
}

fn hops() -> &'static [&'static dyn Hop] {
    HOPS.get().map(Vec::as_slice).unwrap_or_default()
}

/// What a list's statement should carry: the hops selected below its
/// `nodes` (or `edges { node }`), whose type is `node_type`, and its count
/// when `totalCount` is selected and the page is a first page.
pub fn carry(list: &Lookahead<'_>, node_type: &str, page: &Page) -> Carry {
    let mut aliases = Vec::new();
    let mut selected = walk(&list.field("nodes"), node_type, &mut aliases);
    if selected.is_empty() {
        selected = walk(&list.field("edges").field("node"), node_type, &mut aliases);
    }
    let first_page = page.after.is_nil() && page.before.is_max();
    Carry {
        plan: (!selected.is_empty()).then(|| Arc::new(JoinPlan { hops: selected })),
        count: first_page && list.field("totalCount").exists(),
    }
}

/// The hops from `ty` that `look` selects, and theirs below. One statement
/// joins each table alias once: a hop whose alias is taken is left to its
/// loader.
fn walk(look: &Lookahead<'_>, ty: &str, aliases: &mut Vec<&'static str>) -> Vec<PlanHop> {
    let mut out = Vec::new();
    if !look.exists() {
        return out;
    }
    for (index, hop) in hops().iter().enumerate() {
        let (parent, field) = hop.field();
        if parent != ty || aliases.contains(&hop.alias()) {
            continue;
        }
        let below = look.field(field);
        if !below.exists() {
            continue;
        }
        aliases.push(hop.alias());
        let below = walk(&below, hop.child_type(), aliases);
        out.push(PlanHop { index, hop: *hop, below });
    }
    out
}
