//! One span per SQL statement. `run!` hands each store function's body a
//! [`Traced`] connection: an `sqlx::Executor` that opens a `sql` span (a
//! child of the loader batch or of the request) around the statement it
//! runs, with the statement's text, which never holds a value (they are
//! bound to placeholders). The span's target is this module, which the logs
//! leave out by default (`telemetry::DEFAULT_LOGS`): when no exporter wants
//! it, the callsite is never enabled, the query goes to the connection
//! untouched and nothing is read or formatted.

use std::fmt::Debug;

use futures::future::BoxFuture;
use futures::stream::BoxStream;
use futures::{FutureExt, StreamExt};
use sqlx::error::BoxDynError;
use sqlx::{Database, Describe, Either, Error, Execute, Executor, Postgres, SqlStr, Sqlite};
use tracing::field::Empty;

/// The longest statement text a span carries, in bytes; a longer one is cut
/// at a character boundary.
pub const MAX_STATEMENT_TEXT: usize = 2048;

/// A connection whose statements each get a span; see the module's doc.
#[derive(Debug)]
pub struct Traced<'c, C>(pub(super) &'c mut C);

/// The OpenTelemetry `db.system` of a backend.
pub trait System {
    const NAME: &'static str;
}

impl System for Sqlite {
    const NAME: &'static str = "sqlite";
}

impl System for Postgres {
    const NAME: &'static str = "postgresql";
}

/// The span of one statement, its text not yet recorded (disabled when no
/// subscriber wants it).
fn statement_span<DB: System>() -> tracing::Span {
    tracing::info_span!(
        "sql",
        otel.kind = "client",
        otel.name = Empty,
        otel.status_code = Empty,
        db.system = DB::NAME,
        db.operation.name = Empty,
        db.query.text = Empty,
    )
}

/// `text` cut to at most [`MAX_STATEMENT_TEXT`] bytes, at a character boundary.
pub fn capped(text: &str) -> &str {
    if text.len() <= MAX_STATEMENT_TEXT {
        return text;
    }
    let mut end = MAX_STATEMENT_TEXT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The statement's first word (`select`, `insert`, `with`...): the span's name.
fn operation(text: &str) -> &str {
    text.split_whitespace().next().unwrap_or("sql")
}

/// A query taken apart to read its text, then handed on as it was: the same
/// text, arguments and persistence. (sqlx's `Execute::sql` consumes the query.)
struct Statement<DB: Database> {
    sql: SqlStr,
    arguments: Option<Result<Option<DB::Arguments>, BoxDynError>>,
    persistent: bool,
}

impl<DB: Database> Statement<DB> {
    fn read<'q>(mut query: impl Execute<'q, DB>, span: &tracing::Span) -> Statement<DB> {
        let arguments = Some(query.take_arguments());
        let persistent = query.persistent();
        let sql = query.sql();
        let text = capped(sql.as_str());
        let op = operation(text);
        span.record("otel.name", op);
        span.record("db.operation.name", op);
        span.record("db.query.text", text);
        Statement { sql, arguments, persistent }
    }
}

impl<'q, DB: Database> Execute<'q, DB> for Statement<DB> {
    fn sql(self) -> SqlStr {
        self.sql
    }

    fn statement(&self) -> Option<&DB::Statement> {
        None
    }

    fn take_arguments(&mut self) -> Result<Option<DB::Arguments>, BoxDynError> {
        self.arguments.take().unwrap_or(Ok(None))
    }

    fn persistent(&self) -> bool {
        self.persistent
    }
}

/// Marks the span of a statement that failed.
fn failed(span: &tracing::Span) {
    span.record("otel.status_code", "ERROR");
}

impl<'c, C, DB> Executor<'c> for Traced<'c, C>
where
    C: Debug + Send,
    &'c mut C: Executor<'c, Database = DB>,
    DB: Database + System,
{
    type Database = DB;

    fn fetch_many<'e, 'q: 'e, E>(
        self,
        query: E,
    ) -> BoxStream<'e, Result<Either<DB::QueryResult, DB::Row>, Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, DB>,
    {
        let span = statement_span::<DB>();
        if span.is_disabled() {
            return self.0.fetch_many(query);
        }
        let statement = Statement::read(query, &span);
        // The span ends when the rows have been read (the stream dropped).
        self.0
            .fetch_many(statement)
            .map(move |item| {
                if item.is_err() {
                    failed(&span);
                }
                item
            })
            .boxed()
    }

    fn fetch_optional<'e, 'q: 'e, E>(self, query: E) -> BoxFuture<'e, Result<Option<DB::Row>, Error>>
    where
        'c: 'e,
        E: 'q + Execute<'q, DB>,
    {
        let span = statement_span::<DB>();
        if span.is_disabled() {
            return self.0.fetch_optional(query);
        }
        let statement = Statement::read(query, &span);
        let row = self.0.fetch_optional(statement);
        async move {
            let row = row.await;
            if row.is_err() {
                failed(&span);
            }
            row
        }
        .boxed()
    }

    fn prepare_with<'e>(
        self,
        sql: SqlStr,
        parameters: &'e [DB::TypeInfo],
    ) -> BoxFuture<'e, Result<DB::Statement, Error>>
    where
        'c: 'e,
    {
        self.0.prepare_with(sql, parameters)
    }

    fn describe<'e>(self, sql: SqlStr) -> BoxFuture<'e, Result<Describe<DB>, Error>>
    where
        'c: 'e,
    {
        self.0.describe(sql)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_statements_are_cut_at_a_character_boundary() {
        assert_eq!(capped("select 1"), "select 1");
        let long = format!("select '{}'", "名".repeat(MAX_STATEMENT_TEXT));
        let cut = capped(&long);
        assert!(cut.len() <= MAX_STATEMENT_TEXT && cut.len() > MAX_STATEMENT_TEXT - 3);
        assert!(long.starts_with(cut));
        assert_eq!(operation("  select x from y"), "select");
    }
}
