//! What part of the data a caller may read, as SQL bind values.
//!
//! A scope is an area subtree (a path prefix, turned into a byte range so the
//! index is used on both backends) and/or one person's own records. Every
//! store function that reads personal data takes a `&Scope` and binds
//! `lo`, `hi` and `person` into one fixed SQL text:
//! `(area_path >= $lo and area_path < $hi) or person_id = $person`.

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
}
