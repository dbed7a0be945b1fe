//! Value types shared by every domain: dates, timestamps, search terms, text enums.

use chrono::{NaiveDate, Utc};
use uuid::Uuid;

use crate::error::UserError;

/// A new time-ordered id (UUIDv7): keyset pages follow creation order and
/// inserts do not hot-spot a sequence.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// Timestamps are always bound from Rust, never `now()` in SQL.
pub type Timestamp = chrono::DateTime<Utc>;

/// The time rows written now are stamped with.
pub fn now() -> Timestamp {
    Utc::now()
}

/// The clock the booking rules read: the system's, moved by an offset
/// that only tests change (to reach a slot's start or an offer's end
/// without waiting). Every clone reads the same offset.
#[derive(Clone, Debug, Default)]
pub struct Clock(std::sync::Arc<std::sync::atomic::AtomicI64>);

impl Clock {
    pub fn now(&self) -> Timestamp {
        Utc::now() + chrono::Duration::seconds(self.0.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Move the clock on by `by` (tests only).
    pub fn advance(&self, by: chrono::Duration) {
        self.0.fetch_add(by.num_seconds(), std::sync::atomic::Ordering::Relaxed);
    }
}

/// A calendar date (`YYYY-MM-DD`); its GraphQL scalar is in `graphql/scalars.rs`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, sqlx::Type, serde::Serialize, serde::Deserialize,
)]
#[sqlx(transparent)]
pub struct Date(pub NaiveDate);

impl Date {
    pub fn today() -> Date {
        Date(Utc::now().date_naive())
    }
}

/// The one rule of "active" for every dated record (a seat, a role, a
/// pairing, a register entry, who serves where): it runs until its end
/// date, inclusive, so one whose known end lies ahead is still active today.
/// In SQL the same rule is [`push_running!`](crate::push_running).
pub fn running_on(until: Option<Date>, on: Date) -> bool {
    until.is_none_or(|end| end >= on)
}

/// An end date (`field`) may not precede the record's start.
pub fn check_end(start: Date, end: Date, field: &str) -> Result<(), UserError> {
    if end < start {
        return Err(UserError::bad_input(
            field,
            format!("must not precede the start date {}", start.0.format("%Y-%m-%d")),
        ));
    }
    Ok(())
}

/// Only a record still running today (see [`running_on`]) may be ended;
/// `id_field` names the record in the error.
pub fn check_running(until: Option<Date>, today: Date, id_field: &str) -> Result<(), UserError> {
    match until {
        Some(on) if !running_on(until, today) => Err(UserError::invalid_state(
            id_field,
            format!("this has already ended (on {})", on.0.format("%Y-%m-%d")),
        )),
        _ => Ok(()),
    }
}

/// The most characters a search term (`nameContains`) may have.
pub const MAX_SEARCH_CHARS: usize = 50;

/// A `nameContains` term: at most 50 characters, matched as a substring
/// with LIKE's wildcards taken literally.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SearchTerm(String);

impl SearchTerm {
    pub fn parse(text: &str, field: &str) -> Result<SearchTerm, UserError> {
        if text.chars().count() > MAX_SEARCH_CHARS {
            return Err(UserError::bad_input(
                field,
                format!("a search term has at most {MAX_SEARCH_CHARS} characters"),
            ));
        }
        Ok(SearchTerm(text.to_owned()))
    }

    /// `%term%` with LIKE's wildcards escaped; use with `like $n escape '\'`.
    pub fn like_pattern(&self) -> String {
        let mut out = String::with_capacity(self.0.len() + 2);
        out.push('%');
        for ch in self.0.chars() {
            if matches!(ch, '%' | '_' | '\\') {
                out.push('\\');
            }
            out.push(ch);
        }
        out.push('%');
        out
    }

    /// The grams of `person_name_gram` a name holding this term must have:
    /// its first three characters (or all, when shorter), in every ASCII
    /// case (SQLite's LIKE ignores ASCII case), at most eight. None for the
    /// empty term, which every name holds.
    pub fn grams(&self) -> Option<Vec<String>> {
        let head: Vec<char> = self.0.chars().take(NAME_GRAM_CHARS).collect();
        if head.is_empty() {
            return None;
        }
        let mut grams = vec![String::new()];
        for ch in head {
            let cases = if ch.is_ascii_alphabetic() {
                vec![ch.to_ascii_lowercase(), ch.to_ascii_uppercase()]
            } else {
                vec![ch]
            };
            grams = grams.iter().flat_map(|g| cases.iter().map(move |c| format!("{g}{c}"))).collect();
        }
        Some(grams)
    }
}

impl SearchTerm {
    /// Whether the grams alone decide a match, with no LIKE on the name: the
    /// term is one of the grams (at most three characters), and has no ASCII
    /// letter (whose other case SQLite's LIKE would match and PostgreSQL's
    /// would not).
    pub fn grams_decide(&self) -> bool {
        let chars = self.0.chars().count();
        (1..=NAME_GRAM_CHARS).contains(&chars) && !self.0.chars().any(|c| c.is_ascii_alphabetic())
    }
}

/// The longest grams `person_name_gram` holds: every substring of a name of
/// one, two and three characters.
pub const NAME_GRAM_CHARS: usize = 3;

/// Trimmed text of 1 to `max` characters without control characters.
pub fn parse_text(
    text: &str,
    max: usize,
    field: &str,
) -> std::result::Result<String, crate::error::UserError> {
    let t = text.trim();
    let len = t.chars().count();
    if len == 0 || len > max {
        return Err(crate::error::UserError::bad_input(field, format!("must have 1 to {max} characters")));
    }
    if t.chars().any(char::is_control) {
        return Err(crate::error::UserError::bad_input(field, "may not contain control characters"));
    }
    Ok(t.to_owned())
}

/// A GraphQL enum stored as its SCREAMING_SNAKE_CASE name in a text column.
/// Read it in a `FromRow` struct with `#[sqlx(try_from = "String")]`; bind
/// `value.as_str()`.
#[macro_export]
macro_rules! text_enum {
    ($(#[$m:meta])* pub enum $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[graphql(rename_items = "SCREAMING_SNAKE_CASE")]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum $name {
            $($(#[$vm])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl From<$name> for &'static str {
            fn from(v: $name) -> &'static str {
                v.as_str()
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                match s.as_str() {
                    $($text => Ok($name::$variant),)+
                    other => Err(format!("{other:?} is not a {}", stringify!($name))),
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_terms_are_bounded_and_match_literally() {
        assert_eq!(SearchTerm::parse("王_%", "nameContains").unwrap().like_pattern(), "%王\\_\\%%");
        let long = SearchTerm::parse(&"王".repeat(MAX_SEARCH_CHARS + 1), "nameContains").unwrap_err();
        assert_eq!(long.field, vec!["input", "nameContains"]);
    }

    #[test]
    fn a_term_is_found_by_its_first_three_characters_in_every_ascii_case() {
        let grams = |t: &str| SearchTerm::parse(t, "nameContains").unwrap().grams();
        assert_eq!(grams(""), None);
        assert_eq!(grams("王"), Some(vec!["王".to_owned()]));
        assert_eq!(grams("王小明明"), Some(vec!["王小明".to_owned()]));
        assert_eq!(grams("a%"), Some(vec!["a%".to_owned(), "A%".to_owned()]));
        assert_eq!(grams("ab_c").unwrap().len(), 4);
    }

    #[test]
    fn the_grams_decide_a_short_term_without_ascii_letters() {
        let decide = |t: &str| SearchTerm::parse(t, "nameContains").unwrap().grams_decide();
        assert!(decide("王") && decide("王小明") && decide("1_%"));
        assert!(!decide("") && !decide("王小明明") && !decide("a") && !decide("王a"));
    }

    #[test]
    fn ending_needs_a_running_record_and_a_date_not_before_its_start() {
        use crate::error::UserErrorCode;
        let day = |d: u32| Date(NaiveDate::from_ymd_opt(2026, 3, d).unwrap());
        assert!(check_end(day(10), day(10), "endedOn").is_ok());
        let early = check_end(day(10), day(9), "endedOn").unwrap_err();
        assert_eq!(
            (early.field, early.code),
            (vec!["input".into(), "endedOn".into()], UserErrorCode::BadUserInput)
        );
        assert!(check_running(None, day(10), "entryId").is_ok());
        assert!(check_running(Some(day(10)), day(10), "entryId").is_ok(), "it runs through its last day");
        let ended = check_running(Some(day(9)), day(10), "entryId").unwrap_err();
        assert_eq!(
            (ended.field, ended.code),
            (vec!["input".into(), "entryId".into()], UserErrorCode::InvalidState)
        );
    }

    #[test]
    fn a_dated_record_runs_through_its_last_day() {
        let day = |d: u32| Date(NaiveDate::from_ymd_opt(2026, 1, d).unwrap());
        assert!(running_on(None, day(1)));
        assert!(running_on(Some(day(1)), day(1)));
        assert!(!running_on(Some(day(1)), day(2)));
    }
}
