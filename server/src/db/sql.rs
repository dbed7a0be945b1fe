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

/// `and <one branch of the scope>` of a scoped root list (see
/// [`Scope::branches`](crate::db::Scope::branches)): `$paths` are the list's
/// path columns, `$person` its person column.
#[macro_export]
macro_rules! push_scope_branch {
    ($qb:expr, $branch:expr, $paths:expr, $person:expr, $scope:expr) => {{
        let scope: &$crate::db::Scope = $scope;
        let paths: &[&str] = $paths;
        match $branch {
            $crate::db::ScopeBranch::Whole => {
                // `not (path < lo or path >= hi)`, the range said the other
                // way round, keeps the planner off the path indexes (a
                // negation is no index condition), so the walk is the primary
                // key's and the scope only filters it. It also lets the
                // planner see, from the column's statistics, that nearly every
                // row passes: a range on `path || ''` gets a default guess of
                // a few rows, and PostgreSQL would then read and sort every
                // row instead of walking the key to the page's first rows.
                $qb.push(" and (");
                for path in paths {
                    $qb.push("not (").push(*path).push(" < ").push_bind(scope.lo().to_owned());
                    $qb.push(" or ").push(*path).push(" >= ").push_bind(scope.hi().to_owned());
                    $qb.push(") or ");
                }
                $qb.push($person).push(" = ").push_bind(scope.person()).push(")");
            }
            $crate::db::ScopeBranch::Path(i) => {
                $qb.push(" and ").push(paths[i]).push(" >= ").push_bind(scope.lo().to_owned());
                $qb.push(" and ").push(paths[i]).push(" < ").push_bind(scope.hi().to_owned());
            }
            $crate::db::ScopeBranch::Person => {
                $qb.push(" and ").push($person).push(" = ").push_bind(scope.person());
            }
        }
    }};
}

/// `and <name> like '%term%'`, found through `person_name_gram` (every 1-,
/// 2- and 3-character substring of each person's name, kept by triggers in
/// the transaction that writes the name): only the people whose name holds
/// the term's first three characters are read. LIKE decides on them, so the
/// answer is LIKE's exactly, unless the grams alone decide (a term of at
/// most three characters and no ASCII letters, see
/// [`SearchTerm::grams_decide`](crate::db::SearchTerm::grams_decide)): then
/// the name is not read at all. `$person` is the person id column the grams
/// are joined on; with `members`, only party members' grams are read.
#[macro_export]
macro_rules! push_name_contains {
    ($qb:expr, $name:expr, $person:expr, $term:expr) => {
        $crate::push_name_contains!(@grams $qb, $name, $person, $term, "")
    };
    ($qb:expr, $name:expr, $person:expr, $term:expr, members) => {
        $crate::push_name_contains!(@grams $qb, $name, $person, $term, " and n.is_member")
    };
    (@grams $qb:expr, $name:expr, $person:expr, $term:expr, $which:expr) => {{
        let term: &$crate::db::SearchTerm = $term;
        if !term.grams_decide() {
            $qb.push(" and ").push($name).push(" like ").push_bind(term.like_pattern()).push(" escape '\\'");
        }
        if let Some(grams) = term.grams() {
            $qb.push(" and ")
                .push($person)
                .push(" in (select n.person_id from person_name_gram n where n.gram in (");
            {
                let mut sep = $qb.separated(", ");
                for gram in grams {
                    sep.push_bind(gram);
                }
            }
            $qb.push(")").push($which).push(")");
        }
    }};
}

/// An enum's stored text (`text_enum!`), written into the SQL as a literal
/// rather than bound. SQLite compares a bound value with the `where` of a
/// partial index (`building_leader_one_uq ... where role = 'BUILDING_LEADER'`)
/// when it plans, and then prepares the statement again on every run, since
/// the next value might not match: that was a sixth of the server's CPU on
/// the community overview. An enum's text is one of a few fixed upper-case
/// names, so the statement texts stay few and nothing from a caller is
/// written into SQL. Every condition on an enum column is written this way,
/// one rule for all of them; inserts bind their values as usual.
#[macro_export]
macro_rules! push_enum {
    ($qb:expr, $value:expr) => {{
        let text: &'static str = $value.as_str();
        debug_assert!(
            text.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'),
            "{text}"
        );
        $qb.push("'").push(text).push("'");
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

/// `and <id> > after and <id> < before` of a keyset page, each only when
/// the page has that cursor: a first page has no bounds, so a plan PostgreSQL
/// keeps for the statement (a generic plan, chosen after a few runs) is not
/// drawn to walk the whole primary key between the nil and the max id.
#[macro_export]
macro_rules! push_bounds {
    ($qb:expr, $id:expr, $page:expr) => {{
        let page: &$crate::db::Page = $page;
        if !page.after.is_nil() {
            $qb.push(" and ").push($id).push(" > ").push_bind(page.after);
        }
        if !page.before.is_max() {
            $qb.push(" and ").push($id).push(" < ").push_bind(page.before);
        }
    }};
}

/// The bounds, order and limit (`limit + 1`) of a keyset page.
#[macro_export]
macro_rules! push_page {
    ($qb:expr, $id:expr, $page:expr) => {{
        let page: &$crate::db::Page = $page;
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
        let page: &$crate::db::Page = $page;
        $qb.push("row_number() over (partition by ")
            .push($parent)
            .push(" order by ")
            .push($id)
            .push(if page.backward { " desc" } else { " asc" })
            .push(") as rn");
    }};
}

/// `and <until> is null or <until> >= <today>`: the record is still running
/// today ([`running_on`](crate::db::running_on), the one rule of "active").
#[macro_export]
macro_rules! push_running {
    ($qb:expr, $until:expr, $today:expr) => {{
        let today: $crate::db::Date = $today;
        $qb.push(" and (").push($until).push(" is null or ").push($until).push(" >= ");
        $qb.push_bind(today).push(")");
    }};
}

/// One keyset subquery per area path, joined by `union all`, each labelled
/// with its path as `parent_path`: `$part` pushes the rest of the select
/// (columns, `from`, filters, page) for `$path`. Each part is a range scan
/// of its own subtree; a window over the join of every subtree would read
/// every row of every area first. `union all` keeps no order: end with
/// `order by parent_path, id` where the order matters.
#[macro_export]
macro_rules! push_union_per_path {
    ($qb:expr, $paths:expr, |$path:ident| $part:block) => {{
        for (i, $path) in $paths.iter().enumerate() {
            if i > 0 {
                $qb.push(" union all ");
            }
            $qb.push("select * from (select ").push_bind($path.clone()).push(" as parent_path, ");
            $part
            $qb.push(") w").push(i.to_string());
        }
    }};
}

/// ` order by <first>, <id> [desc]`: the keyset order of a page.
#[macro_export]
macro_rules! push_order {
    ($qb:expr, $first:expr, $id:expr, $page:expr) => {{
        let page: &$crate::db::Page = $page;
        $qb.push(" order by ").push($first).push(", ").push($id).push(if page.backward {
            " desc"
        } else {
            " asc"
        });
    }};
}

// ---- the shapes of store functions ----
//
// Each store function is one of a few shapes; these macros are the shapes,
// so a store function says only what is its own: its columns, table,
// filters. `$extra` pushes more conditions (scope, flags) onto `$qb`.

/// Rows of `$row` whose `$key` column is one of `$keys`: `select_in!(conn,
/// Area, "select ... from area a where true", "a.id", ids)`.
#[macro_export]
macro_rules! select_in {
    ($conn:expr, $row:ty, $select:expr, $key:expr, $keys:expr $(, |$qb:ident| $extra:block)?) => {{
        let rows: $crate::Result<Vec<$row>> = Ok(run!($conn, |c| {
            let mut qb = sqlx::QueryBuilder::new($select);
            $crate::push_in!(qb, $key, $keys);
            $( let $qb = &mut qb; $extra )?
            qb.build_query_as::<$row>().fetch_all(c).await
        })?);
        rows
    }};
}

/// One keyset page of a filtered list: `$select` then the filter `$extra`,
/// then the page's bounds, order and limit on `$id`. Carries the hops the
/// connection asks for ([`joined`](crate::db::joined)).
#[macro_export]
macro_rules! select_page {
    ($conn:expr, $row:ty, $select:expr, $id:expr, $page:expr, |$qb:ident| $extra:block) => {{
        let page: &$crate::db::Page = $page;
        let carried = $conn.carried();
        let rows: $crate::Result<Vec<$row>> = Ok(run!($conn, |c| {
            let mut qb = sqlx::QueryBuilder::new("");
            $crate::push_carry_open!(qb, carried);
            qb.push($select);
            {
                let $qb = &mut qb;
                $extra
            }
            $crate::push_page!(qb, $id, page);
            let order = format!(
                "w.{}{}",
                $crate::db::joined::column_of($id),
                if page.backward { " desc" } else { " asc" }
            );
            $crate::push_carry_close!(qb, carried, order);
            $crate::fetch_carrying!(c, qb, $row, carried)
        })?);
        rows
    }};
}

/// Open the wrapping of a list statement that carries hops:
/// `select w.*, <hop columns> from (`.
#[macro_export]
macro_rules! push_carry_open {
    ($qb:expr, $carried:expr) => {{
        if let Some(plan) = $carried.as_ref().and_then(|c| c.plan.as_ref()) {
            $qb.push("select w.*").push(plan.columns()).push(" from (");
        }
    }};
}

/// Close it: `) w <hop joins> order by <order>` (a join keeps no order).
#[macro_export]
macro_rules! push_carry_close {
    ($qb:expr, $carried:expr, $order:expr) => {{
        if let Some(carried) = &$carried {
            if let Some(plan) = &carried.plan {
                $qb.push(") w");
                $crate::push_joined!($qb, plan.joins(&carried.scope));
                $qb.push(" order by ").push($order);
            }
        }
    }};
}

/// Run a list statement: rows of `$row`, and, when it carries hops, each
/// row's hops decoded into the prefetch.
#[macro_export]
macro_rules! fetch_carrying {
    ($c:expr, $qb:expr, $row:ty, $carried:expr) => {{
        match &$carried {
            None => $qb.build_query_as::<$row>().fetch_all($c).await,
            Some(carried) => match $qb.build().fetch_all($c).await {
                Err(e) => Err(e),
                Ok(rows) => (|| {
                    use sqlx::Row;
                    let mut into = carried.into.lock().unwrap_or_else(|e| e.into_inner());
                    let mut counts =
                        carried.counts.as_ref().map(|c| c.lock().unwrap_or_else(|e| e.into_inner()));
                    let mut out: Vec<$row> = Vec::with_capacity(rows.len());
                    for r in &rows {
                        let node = <$row as sqlx::FromRow<_>>::from_row(r)?;
                        if let Some(plan) = &carried.plan {
                            plan.take(&node, r.into(), &mut into)?;
                        }
                        if let Some(counts) = counts.as_mut().filter(|c| c.counted) {
                            counts.per_row.push(r.try_get::<i64, _>("carried_count")?);
                        }
                        out.push(node);
                    }
                    Ok::<_, sqlx::Error>(out)
                })(),
            },
        }
    }};
}

/// The count of a filtered list: `$select` is `select count(*) from ...`.
#[macro_export]
macro_rules! select_count {
    ($conn:expr, $select:expr, |$qb:ident| $extra:block) => {{
        let n: $crate::Result<i64> = Ok(run!($conn, |c| {
            let mut qb = sqlx::QueryBuilder::new($select);
            {
                let $qb = &mut qb;
                $extra
            }
            qb.build_query_scalar::<i64>().fetch_one(c).await
        })?);
        n
    }};
}

/// One keyset page of a scoped root list, kept on an index: instead of one
/// `(path in range) or (other path in range) or person = me` (which makes a
/// planner read and sort every row in scope), a `union` of the scope's
/// branches ([`Scope::branches`](crate::db::Scope::branches)), each filtered
/// by `$extra`, ordered by `$id` and limited to the page; the union drops the
/// rows two branches share, and the page is the first `limit + 1` of it.
/// With a root area the one branch is the primary key's walk. `$from` is
/// `from <table> <alias> [join ...]`; `$paths` the path columns, `$person`
/// the person column the scope's own records are found by. Carries the hops
/// the connection asks for ([`joined`](crate::db::joined)).
#[macro_export]
macro_rules! select_scoped_page {
    (
        $conn:expr, $row:ty,
        columns: $columns:expr, from: $from:expr, id: $id:expr,
        scope: $scope:expr, paths: [$($path:expr),+], person: $person:expr,
        page: $page:expr $(, |$qb:ident| $extra:block)? $(,)?
    ) => {{
        let scope: &$crate::db::Scope = $scope;
        let page: &$crate::db::Page = $page;
        let paths: &[&str] = &[$($path),+];
        let id: &str = $id;
        let branches = $crate::db::scope_branches(scope, paths.len());
        let carried = $conn.carried();
        let rows: $crate::Result<Vec<$row>> = Ok(run!($conn, |c| {
            let mut qb = sqlx::QueryBuilder::new("");
            $crate::push_carry_open!(qb, carried);
            qb.push("select * from (");
            for (i, branch) in branches.iter().enumerate() {
                if i > 0 {
                    qb.push(" union ");
                }
                qb.push("select * from (select ").push($columns).push(" ").push($from).push(" where true");
                $crate::push_scope_branch!(qb, *branch, paths, $person, scope);
                $( { let $qb = &mut qb; $extra } )?
                $crate::push_page!(qb, id, page);
                qb.push(") b").push(i.to_string());
            }
            let order = if page.backward { " desc" } else { " asc" };
            qb.push(") u order by ").push($crate::db::joined::column_of(id));
            qb.push(order).push(" limit ").push_bind(page.fetch());
            let outer = format!("w.{}{}", $crate::db::joined::column_of(id), order);
            $crate::push_carry_close!(qb, carried, outer);
            $crate::fetch_carrying!(c, qb, $row, carried)
        })?);
        rows
    }};
}

/// The count of a scoped root list, by the same branches as
/// `select_scoped_page!`: the `union` of each branch's ids, so a row two
/// branches share counts once, and each branch reads its own index.
#[macro_export]
macro_rules! select_scoped_count {
    (
        $conn:expr, from: $from:expr, id: $id:expr,
        scope: $scope:expr, paths: [$($path:expr),+], person: $person:expr
        $(, |$qb:ident| $extra:block)? $(,)?
    ) => {{
        let scope: &$crate::db::Scope = $scope;
        let paths: &[&str] = &[$($path),+];
        let branches = $crate::db::scope_branches(scope, paths.len());
        let n: $crate::Result<i64> = Ok(run!($conn, |c| {
            let mut qb = sqlx::QueryBuilder::new("select count(*) from (");
            for (i, branch) in branches.iter().enumerate() {
                if i > 0 {
                    qb.push(" union ");
                }
                qb.push("select ").push($id).push(" ").push($from).push(" where true");
                $crate::push_scope_branch!(qb, *branch, paths, $person, scope);
                $( { let $qb = &mut qb; $extra } )?
            }
            qb.push(") u");
            qb.build_query_scalar::<i64>().fetch_one(c).await
        })?);
        n
    }};
}

/// The first page of many parents' lists in one statement: the rows of
/// `$from` whose `$parent` is one of `$parents`, numbered per parent in the
/// page's order, the first `limit + 1` of each. Rows come in page order
/// within each parent. Carries the hops the connection asks for.
#[macro_export]
macro_rules! select_windowed {
    (
        $conn:expr, $row:ty,
        columns: $columns:expr, from: $from:expr, parent: $parent:expr, id: $id:expr,
        parents: $parents:expr, page: $page:expr $(, |$qb:ident| $extra:block)? $(,)?
    ) => {{
        let page: &$crate::db::Page = $page;
        let carried = $conn.carried();
        let rows: $crate::Result<Vec<$row>> = Ok(run!($conn, |c| {
            let mut qb = sqlx::QueryBuilder::new("");
            $crate::push_carry_open!(qb, carried);
            qb.push("select * from (select ");
            qb.push($columns).push(", ");
            $crate::push_row_number!(qb, $parent, $id, page);
            if let Some(counts) = carried.as_ref().and_then(|c| c.counts.as_ref()) {
                counts.lock().unwrap_or_else(|e| e.into_inner()).counted = true;
                qb.push(", count(*) over (partition by ").push($parent).push(") as carried_count");
            }
            qb.push(" ").push($from).push(" where true");
            $crate::push_in!(qb, $parent, $parents);
            $( { let $qb = &mut qb; $extra } )?
            $crate::push_bounds!(qb, $id, page);
            qb.push(") w where rn <= ").push_bind(page.fetch()).push(" order by rn");
            $crate::push_carry_close!(qb, carried, "w.rn");
            $crate::fetch_carrying!(c, qb, $row, carried)
        })?);
        rows
    }};
}

/// How many rows of `$from` each parent (`$parent`, one of `$parents`) has,
/// for count loaders; parents without rows are left out.
#[macro_export]
macro_rules! select_counts {
    ($conn:expr, $key:ty, $from:expr, $parent:expr, $parents:expr $(, |$qb:ident| $extra:block)?) => {{
        let counts: $crate::Result<Vec<($key, i64)>> = Ok(run!($conn, |c| {
            let mut qb = sqlx::QueryBuilder::new("select ");
            qb.push($parent).push(", count(*) ").push($from).push(" where true");
            $crate::push_in!(qb, $parent, $parents);
            $( { let $qb = &mut qb; $extra } )?
            qb.push(" group by ").push($parent);
            qb.build_query_as::<($key, i64)>().fetch_all(c).await
        })?);
        counts
    }};
}
