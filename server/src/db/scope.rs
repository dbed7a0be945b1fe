//! What part of the data a caller may read, as SQL bind values.
//!
//! A scope is an area subtree (a path prefix, turned into a byte range so the
//! index is used on both backends) and/or one person's own records. Every
//! store function that reads personal data takes a `&Scope` and binds
//! `lo`, `hi` and `person` into one fixed SQL text:
//! `(area_path >= $lo and area_path < $hi) or person_id = $person`.
//!
//! A root list reads the scope differently, so that its page stays on an
//! index (see `select_scoped_page!`): one branch per area range plus one for
//! the caller's own records, each ordered by id and limited, or, when the
//! scope's area is a root of the tree, one walk of the primary key with the
//! scope as a filter (see [`Scope::branches`]).

use uuid::Uuid;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    lo: String,
    hi: String,
    person: Uuid,
}

impl Scope {
    /// Sees nothing personal (anonymous callers, analysts).
    pub fn nothing() -> Scope {
        Scope { lo: String::new(), hi: String::new(), person: Uuid::nil() }
    }

    /// Everything at or below the area whose path is `path` (`/a/b/`), plus
    /// optionally the person's own records.
    pub fn new(area_path: Option<&str>, person: Option<Uuid>) -> Scope {
        let (lo, hi) = match area_path {
            Some(p) => prefix_range(p),
            None => (String::new(), String::new()),
        };
        Scope { lo, hi, person: person.unwrap_or(Uuid::nil()) }
    }

    pub fn lo(&self) -> &str {
        &self.lo
    }
    pub fn hi(&self) -> &str {
        &self.hi
    }
    pub fn person(&self) -> Uuid {
        self.person
    }

    /// Whether a record at `path` lies inside the area part of the scope.
    pub fn covers_path(&self, path: &str) -> bool {
        !self.lo.is_empty() && path >= self.lo.as_str() && path < self.hi.as_str()
    }

    pub fn is_nothing(&self) -> bool {
        self.lo.is_empty() && self.person.is_nil()
    }

    /// Whether the scope's area is a root of the area tree (a path of one
    /// segment, `/340405/`): then nearly every row lies inside it.
    pub fn is_root(&self) -> bool {
        self.lo.len() > 1 && self.lo.matches('/').count() == 2
    }

    /// How a root list reads this scope, each branch ordered by id:
    ///
    /// - a root area (the district, the only root today): one walk of the
    ///   primary key in id order with the whole scope as a filter on each
    ///   row, no index on the paths. With one root every row passes, so a
    ///   page reads its rows and no more; should a second root appear, its
    ///   rows are filtered out, so the answer stays right (only the walk
    ///   grows by that root's share). Nothing needs to know how many roots
    ///   there are.
    /// - any other area: one range scan per path column (each of its own
    ///   index, in id order within a path or a top-N of the range) and one
    ///   lookup of the caller's own records, merged by id;
    /// - no area (residents, party members, anonymous callers): the caller's
    ///   own records only.
    pub fn branches(&self) -> Vec<ScopeBranch> {
        if self.is_root() {
            vec![ScopeBranch::Whole]
        } else if self.lo.is_empty() {
            vec![ScopeBranch::Person]
        } else {
            vec![ScopeBranch::Path(0), ScopeBranch::Path(1), ScopeBranch::Path(2), ScopeBranch::Person]
        }
    }
}

/// The scope's branches for a list with `paths` path columns.
pub fn scope_branches(scope: &Scope, paths: usize) -> Vec<ScopeBranch> {
    scope.branches().into_iter().filter(|b| !matches!(b, ScopeBranch::Path(i) if *i >= paths)).collect()
}

/// One branch of a scoped root list (see [`Scope::branches`]); `Path(i)` is
/// the range on the list's `i`-th path column, left out when the list has
/// fewer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeBranch {
    Whole,
    Path(usize),
    Person,
}

/// `/a/b/` → (`/a/b/`, `/a/b0`): every path with that prefix sorts inside,
/// since `0` is the byte after `/`.
pub fn prefix_range(prefix: &str) -> (String, String) {
    debug_assert!(prefix.ends_with('/'));
    let mut hi = prefix[..prefix.len() - 1].to_owned();
    hi.push('0');
    (prefix.to_owned(), hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_range_holds_the_subtree_and_nothing_else() {
        let s = Scope::new(Some("/340405/001/"), None);
        assert!(s.covers_path("/340405/001/"));
        assert!(s.covers_path("/340405/001/003/012/"));
        assert!(!s.covers_path("/340405/002/"));
        assert!(!s.covers_path("/340405/0010/"));
        assert!(!s.covers_path("/340405/"));
        assert!(!Scope::nothing().covers_path("/340405/"));
    }

    #[test]
    fn only_a_path_of_one_segment_is_a_root() {
        assert!(Scope::new(Some("/340405/"), None).is_root());
        assert!(!Scope::new(Some("/340405/001/"), None).is_root());
        assert!(!Scope::new(None, Some(Uuid::now_v7())).is_root());
        assert!(!Scope::nothing().is_root());
        assert_eq!(Scope::new(Some("/340405/"), None).branches(), vec![ScopeBranch::Whole]);
        assert_eq!(Scope::nothing().branches(), vec![ScopeBranch::Person]);
    }
}
