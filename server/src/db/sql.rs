//! Pieces of SQL shared by the stores, for `sqlx::QueryBuilder` on either
//! backend. They are macros because the builder's type differs per backend
//! and `run!` expands the same body for each.

/// `and <col> in (<values>)`; an empty list matches nothing.
#[macro_export]
macro_rules! push_in {
    ($qb:expr, $col:expr, $values:expr) => {{
        $qb.push(" and ").push($col).push(" in (");
        let mut any = false;
        {
            let mut sep = $qb.separated(", ");
            for v in $values {
                any = true;
                sep.push_bind(v.clone());
            }
        }
        if !any {
            $qb.push("null");
        }
        $qb.push(")");
    }};
}

/// `and (<path> in the scope's area range [or <other path> in it] or <person> = the scope's person)`.
#[macro_export]
macro_rules! push_scope {
    ($qb:expr, [$($path:expr),+], $person:expr, $scope:expr) => {{
        let scope: &$crate::db::Scope = $scope;
        $qb.push(" and (");
        $(
            $qb.push("(").push($path).push(" >= ").push_bind(scope.lo().to_owned())
                .push(" and ").push($path).push(" < ").push_bind(scope.hi().to_owned()).push(") or ");
        )+
        $qb.push($person).push(" = ").push_bind(scope.person()).push(")");
    }};
}

/// `and <path> in the subtree whose path is <prefix>`.
#[macro_export]
macro_rules! push_subtree {
    ($qb:expr, $path:expr, $prefix:expr) => {{
        let (lo, hi) = $crate::db::prefix_range($prefix);
        $qb.push(" and ")
            .push($path)
            .push(" >= ")
            .push_bind(lo)
            .push(" and ")
            .push($path)
            .push(" < ")
            .push_bind(hi);
    }};
}

/// `and <id> > after and <id> < before` of a keyset page.
#[macro_export]
macro_rules! push_bounds {
    ($qb:expr, $id:expr, $page:expr) => {{
        let page: &$crate::graphql::relay::Page = $page;
        $qb.push(" and ")
            .push($id)
            .push(" > ")
            .push_bind(page.after)
            .push(" and ")
            .push($id)
            .push(" < ")
            .push_bind(page.before);
    }};
}

/// The bounds, order and limit (`limit + 1`) of a keyset page.
#[macro_export]
macro_rules! push_page {
    ($qb:expr, $id:expr, $page:expr) => {{
        let page: &$crate::graphql::relay::Page = $page;
        $crate::push_bounds!($qb, $id, page);
        $qb.push(" order by ")
            .push($id)
            .push(if page.backward { " desc" } else { " asc" })
            .push(" limit ")
            .push_bind(page.fetch());
    }};
}

/// `row_number() over (partition by <parent> order by <id>) as rn`, for
/// loading the first page of many parents' lists in one statement:
/// wrap the select in `select * from (...) w where rn <= page.fetch()`.
#[macro_export]
macro_rules! push_row_number {
    ($qb:expr, $parent:expr, $id:expr, $page:expr) => {{
        let page: &$crate::graphql::relay::Page = $page;
        $qb.push("row_number() over (partition by ")
            .push($parent)
            .push(" order by ")
            .push($id)
            .push(if page.backward { " desc" } else { " asc" })
            .push(") as rn");
    }};
}
