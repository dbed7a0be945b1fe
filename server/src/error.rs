//! One error type for the crate. It deliberately does not implement `Display`,
//! so converting it into a GraphQL error always goes through
//! `From<Error> for async_graphql::Error`, which attaches `extensions.code` and
//! never sends internal details to the caller.

use async_graphql::{ErrorExtensions, SimpleObject};
use serde::Serialize;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Codes carried in `extensions.code` of top-level GraphQL errors.
pub mod code {
    pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
    pub const FORBIDDEN: &str = "FORBIDDEN";
    pub const NOT_FOUND: &str = "NOT_FOUND";
    pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
    pub const RATE_LIMITED: &str = "RATE_LIMITED";
    pub const LIMIT_EXCEEDED: &str = "LIMIT_EXCEEDED";
    pub const INTERNAL: &str = "INTERNAL";
    /// The database cannot be reached: answered with HTTP 503 and `Retry-After`.
    pub const UNAVAILABLE: &str = "UNAVAILABLE";
    pub const GRAPHQL_PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
    pub const GRAPHQL_VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";
    pub const METHOD_NOT_ALLOWED: &str = "METHOD_NOT_ALLOWED";
    pub const BAD_REQUEST: &str = "BAD_REQUEST";
    /// A document named by its id that the server does not hold for the
    /// caller (Apollo's APQ code, which its clients answer by sending the text).
    pub const PERSISTED_QUERY_NOT_FOUND: &str = "PERSISTED_QUERY_NOT_FOUND";
}

/// The code of an expected failure, returned in a mutation's `userErrors`.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq, Serialize)]
#[graphql(rename_items = "SCREAMING_SNAKE_CASE")]
pub enum UserErrorCode {
    /// 输入有误 — a value is malformed or out of range
    BadUserInput,
    /// 重复 — the record would duplicate one that exists
    Conflict,
    /// 不存在 — a referenced record does not exist or is not visible to the caller
    NotFound,
    /// 状态不允许 — the record's current state does not allow the change
    InvalidState,
    /// 不符合条件 — the person does not meet a rule of what they asked for
    /// (an age, a special group, residence, party membership)
    Ineligible,
    /// 名额已满 — no place is left and no waitlist was wanted
    Capacity,
}

/// An expected failure of a mutation, naming the input field it concerns.
#[derive(SimpleObject, Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UserError {
    /// Path to the input field, e.g. `["input", "idCardNumber"]`.
    pub field: Vec<String>,
    pub code: UserErrorCode,
    pub message: String,
}

impl UserError {
    pub fn new(field: &str, code: UserErrorCode, message: impl Into<String>) -> Self {
        let mut path = vec!["input".to_owned()];
        path.extend(field.split('.').map(str::to_owned));
        Self { field: path, code, message: message.into() }
    }
    pub fn bad_input(field: &str, message: impl Into<String>) -> Self {
        Self::new(field, UserErrorCode::BadUserInput, message)
    }
    pub fn not_found(field: &str, what: &str) -> Self {
        Self::new(field, UserErrorCode::NotFound, format!("{what} not found"))
    }
    pub fn conflict(field: &str, message: impl Into<String>) -> Self {
        Self::new(field, UserErrorCode::Conflict, message)
    }
    pub fn invalid_state(field: &str, message: impl Into<String>) -> Self {
        Self::new(field, UserErrorCode::InvalidState, message)
    }
    pub fn ineligible(field: &str, message: impl Into<String>) -> Self {
        Self::new(field, UserErrorCode::Ineligible, message)
    }
    pub fn capacity(field: &str, message: impl Into<String>) -> Self {
        Self::new(field, UserErrorCode::Capacity, message)
    }
    /// The same failure for a query argument, which has no payload to carry
    /// it: a top-level `BAD_USER_INPUT` naming the argument.
    pub fn into_argument_error(self) -> Error {
        let field = self.field.iter().skip(1).cloned().collect::<Vec<_>>().join(".");
        Error::BadInput { field, message: self.message }
    }
}

#[derive(Debug)]
pub enum Error {
    /// No valid credentials where they are needed.
    Unauthenticated(String),
    /// Authenticated, but the principal may not do this.
    Forbidden(String),
    /// Input that is not even well-formed at the GraphQL level (ids, page sizes).
    BadInput { field: String, message: String },
    /// Expected failures of a mutation: reported in its payload, not as top-level errors.
    User(Vec<UserError>),
    /// A database failure; [`crate::db::on_unique`] turns a duplicate into a user error.
    Database(sqlx::Error),
    /// The database could not be reached (see [`is_unavailable`]), told to
    /// one more caller of writes that failed together.
    Unavailable(String),
    /// Anything unexpected; logged, never shown.
    Internal(anyhow::Error),
}

/// Whether a database error says the database cannot be reached rather than
/// that the statement was wrong: no connection in time from the pool, a
/// connection refused, reset or closed under us, or PostgreSQL's
/// operator intervention (`57P`: admin shutdown, crash shutdown, cannot
/// connect now) and connection exception (`08`) classes.
pub fn is_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => {
            db.code().is_some_and(|code| code.starts_with("57P") || code.starts_with("08"))
        }
        _ => false,
    }
}

impl Error {
    pub fn internal(e: impl Into<anyhow::Error>) -> Self {
        Error::Internal(e.into())
    }
    pub fn bad_input(field: &str, message: impl Into<String>) -> Self {
        Error::BadInput { field: field.to_owned(), message: message.into() }
    }
    pub fn user(e: UserError) -> Self {
        Error::User(vec![e])
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Error::Forbidden(message.into())
    }
    /// Whether this failure is the database being out of reach, which a
    /// client may retry (see [`is_unavailable`]).
    pub fn is_unavailable(&self) -> bool {
        match self {
            Error::Database(e) => is_unavailable(e),
            Error::Unavailable(_) => true,
            Error::Internal(e) => e.downcast_ref::<sqlx::Error>().is_some_and(is_unavailable),
            _ => false,
        }
    }
    /// The same failure, told to one more caller (writes that failed
    /// together): a database or internal error keeps its message.
    pub fn for_another(&self) -> Error {
        match self {
            Error::Unauthenticated(m) => Error::Unauthenticated(m.clone()),
            Error::Forbidden(m) => Error::Forbidden(m.clone()),
            Error::BadInput { field, message } => {
                Error::BadInput { field: field.clone(), message: message.clone() }
            }
            Error::User(errors) => Error::User(errors.clone()),
            Error::Database(e) if is_unavailable(e) => Error::Unavailable(e.to_string()),
            Error::Database(e) => Error::Internal(anyhow::anyhow!("{e}")),
            Error::Unavailable(m) => Error::Unavailable(m.clone()),
            Error::Internal(e) => Error::Internal(anyhow::anyhow!("{e:#}")),
        }
    }
}

impl From<UserError> for Error {
    fn from(e: UserError) -> Self {
        Error::User(vec![e])
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        Error::Database(e)
    }
}

impl From<sqlx::migrate::MigrateError> for Error {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        Error::Internal(e.into())
    }
}

impl From<Error> for anyhow::Error {
    fn from(e: Error) -> Self {
        match e {
            Error::Internal(e) => e,
            Error::Database(e) => e.into(),
            other => anyhow::anyhow!("{other:?}"),
        }
    }
}

impl From<Error> for async_graphql::Error {
    fn from(e: Error) -> Self {
        match e {
            Error::Unauthenticated(m) => {
                async_graphql::Error::new(m).extend_with(|_, x| x.set("code", code::UNAUTHENTICATED))
            }
            Error::Forbidden(m) => {
                async_graphql::Error::new(m).extend_with(|_, x| x.set("code", code::FORBIDDEN))
            }
            Error::BadInput { field, message } => async_graphql::Error::new(message).extend_with(|_, x| {
                x.set("code", code::BAD_USER_INPUT);
                x.set("field", field.clone());
            }),
            Error::User(errors) => {
                // A resolver that is not a mutation payload cannot carry userErrors:
                // report the first as a bad-input error with its field.
                let first = errors.into_iter().next();
                let (field, message) = first.map(|e| (e.field.join("."), e.message)).unwrap_or_default();
                async_graphql::Error::new(message).extend_with(|_, x| {
                    x.set("code", code::BAD_USER_INPUT);
                    x.set("field", field.clone());
                })
            }
            Error::Unavailable(m) => unavailable(&m),
            Error::Database(e) if is_unavailable(&e) => unavailable(&e),
            Error::Internal(e) if e.downcast_ref::<sqlx::Error>().is_some_and(is_unavailable) => {
                unavailable(&e)
            }
            Error::Database(e) => Error::Internal(e.into()).into(),
            Error::Internal(e) => {
                let trace_id = crate::telemetry::current_trace_id();
                tracing::error!(error = ?e, %trace_id, "internal error");
                async_graphql::Error::new("internal error").extend_with(|_, x| {
                    x.set("code", code::INTERNAL);
                    x.set("traceId", trace_id.clone());
                })
            }
        }
    }
}

/// `UNAVAILABLE`: logged with the trace id; the caller is told to retry.
fn unavailable(cause: &dyn std::fmt::Debug) -> async_graphql::Error {
    let trace_id = crate::telemetry::current_trace_id();
    tracing::warn!(error = ?cause, %trace_id, "the database is unavailable");
    async_graphql::Error::new("the database is unavailable; try again shortly").extend_with(|_, x| {
        x.set("code", code::UNAVAILABLE);
        x.set("traceId", trace_id.clone());
    })
}

/// Collects the user errors of one input, so a client hears of every bad
/// field at once rather than one per round trip.
#[derive(Default)]
pub struct InputErrors(Vec<UserError>);

impl InputErrors {
    /// The parsed value, or `None` with the error kept.
    pub fn check<T>(&mut self, r: std::result::Result<T, UserError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }
    pub fn push(&mut self, e: UserError) {
        self.0.push(e);
    }
    /// `Err(Error::User)` with every kept error; else the parsed values, all
    /// present: `let (org, person) = errors.finish((org, person))?;`.
    pub fn finish<P: Parsed>(self, parsed: P) -> Result<P::Values> {
        if !self.0.is_empty() {
            return Err(Error::User(self.0));
        }
        parsed
            .all()
            .ok_or_else(|| Error::internal(anyhow::anyhow!("a value is missing but no error was kept")))
    }
}

/// Values that [`InputErrors::check`] returned: a tuple of options that are
/// all `Some` when no error was kept.
pub trait Parsed {
    type Values;
    fn all(self) -> Option<Self::Values>;
}

impl Parsed for () {
    type Values = ();
    fn all(self) -> Option<()> {
        Some(())
    }
}

impl<A> Parsed for Option<A> {
    type Values = A;
    fn all(self) -> Option<A> {
        self
    }
}

macro_rules! parsed_tuple {
    ($($t:ident),+) => {
        impl<$($t),+> Parsed for ($(Option<$t>,)+) {
            type Values = ($($t,)+);
            #[allow(non_snake_case)]
            fn all(self) -> Option<Self::Values> {
                let ($($t,)+) = self;
                Some(($($t?,)+))
            }
        }
    };
}
parsed_tuple!(A, B);
parsed_tuple!(A, B, C);
parsed_tuple!(A, B, C, D);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finish_returns_the_values_or_every_error() {
        let mut errors = InputErrors::default();
        let a = errors.check(Ok::<_, UserError>(1));
        let b = errors.check(Ok::<_, UserError>("b"));
        assert_eq!(errors.finish((a, b)).unwrap(), (1, "b"));

        let mut errors = InputErrors::default();
        let a = errors.check(Err::<i32, _>(UserError::bad_input("a", "bad")));
        let b = errors.check(Err::<i32, _>(UserError::bad_input("b", "bad")));
        match errors.finish((a, b)) {
            Err(Error::User(e)) => assert_eq!(e.len(), 2),
            _ => panic!("both errors are reported"),
        }
    }
}
