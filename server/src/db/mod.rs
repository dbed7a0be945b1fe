//! Storage on two backends: one SQL text serves SQLite (the embedded default)
//! and PostgreSQL. `run!` expands the same body for each backend, so a
//! `sqlx::query_as` with `$N` parameters is written once.

pub mod audit;
pub mod group;
mod hooks;
pub mod joined;
mod page;
mod scope;
mod sql;
pub mod timeline;
mod traced;
mod types;

use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{PgConnection, Postgres, Sqlite, SqliteConnection, Transaction};

pub use hooks::{Hook, Hooks};
pub use page::{DEFAULT_PAGE, MAX_PAGE, Page};
pub use scope::{Scope, ScopeBranch, prefix_range, scope_branches};
pub use traced::{MAX_STATEMENT_TEXT, Traced};
pub use types::{
    Clock, Date, MAX_SEARCH_CHARS, NAME_GRAM_CHARS, SearchTerm, Timestamp, check_end, check_running, new_id,
    now, parse_text, running_on,
};

use crate::error::{Error, Result, UserError};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

/// Expand `$body` once per backend with `$c` bound to that backend's
/// `&mut Connection`. Every store function runs its SQL through this.
#[macro_export]
macro_rules! run {
    ($conn:expr, |$c:ident| $body:expr) => {{
        match $conn.exec() {
            $crate::db::Exec::Sqlite($c) => $body,
            $crate::db::Exec::Postgres($c) => $body,
        }
    }};
}

/// Run one statement that returns no rows (an insert, an update), binding
/// `$bind`s to `$1`, `$2`...: the number of rows it wrote, or the error.
#[macro_export]
macro_rules! execute {
    ($conn:expr, $sql:expr $(, $bind:expr)* $(,)?) => {
        $crate::run!($conn, |c| sqlx::query($sql)
            $(.bind($bind))*
            .execute(c)
            .await
            .map(|r| r.rows_affected())
            .map_err($crate::Error::from))
    };
}

#[derive(Clone)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A handle on the database: the pool and a count of statements sent, which
/// the N+1 tests and the benchmark read.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    statements: Arc<AtomicU64>,
    /// The statements of one request, for its metrics (see [`Db::for_request`]).
    request_statements: Option<Arc<AtomicU64>>,
    /// Whether every connection taken is checked first (see [`Db::for_request`]).
    fresh: bool,
    /// SQLite has one writer at a time. Transactions of this process take
    /// this lock first, in arrival order (tokio's mutex is fair), instead
    /// of racing for the file lock and backing off: under a burst of
    /// bookings the order of arrival is the order of the writes.
    sqlite_writer: Arc<tokio::sync::Mutex<()>>,
    clock: Clock,
    /// Tells this database apart from others the process opened (tests
    /// open many), for state kept per database, such as queues of writes.
    instance: u64,
}

/// The next [`Db::instance`].
static INSTANCES: AtomicU64 = AtomicU64::new(0);

/// How the pool behaves when the database is slow or gone.
#[derive(Debug, Clone, Copy)]
pub struct PoolSettings {
    /// How long a statement waits for a connection (a free one, or a new
    /// one while the database refuses) before it fails as `UNAVAILABLE`.
    pub acquire_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        PoolSettings { acquire_timeout: Duration::from_secs(5) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Db {
    /// Connect by URL scheme: `sqlite:` or `postgres:`/`postgresql:`.
    pub async fn connect(url: &str) -> Result<Db> {
        Db::connect_with(url, PoolSettings::default()).await
    }

    /// [`connect`](Self::connect) with other pool settings.
    pub async fn connect_with(url: &str, settings: PoolSettings) -> Result<Db> {
        let pool = if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
                // IN-lists of loader batches vary in length, and each length is its
                // own statement text: keep many prepared, not the default 100.
                .statement_cache_capacity(1000)
                // 32 MiB of page cache per connection: the article-scale database fits.
                .pragma("cache_size", "-32768");
            if let Some(dir) = sqlite_parent_dir(url) {
                std::fs::create_dir_all(&dir).map_err(Error::internal)?;
            }
            Pool::Sqlite(
                SqlitePoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(settings.acquire_timeout)
                    .connect_with(options)
                    .await?,
            )
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options = PgConnectOptions::from_str(url)?.statement_cache_capacity(1000);
            Pool::Postgres(
                PgPoolOptions::new()
                    .max_connections(16)
                    .test_before_acquire(false)
                    .acquire_timeout(settings.acquire_timeout)
                    .connect_with(options)
                    .await?,
            )
        } else {
            return Err(Error::internal(anyhow::anyhow!(
                "unknown database URL scheme in {url:?}: expected sqlite: or postgres:"
            )));
        };
        Ok(Db {
            pool,
            statements: Arc::new(AtomicU64::new(0)),
            request_statements: None,
            fresh: false,
            sqlite_writer: Arc::new(tokio::sync::Mutex::new(())),
            clock: Clock::default(),
            instance: INSTANCES.fetch_add(1, Ordering::Relaxed),
        })
    }

    /// The clock of time-bound rules (booking windows, offers, check-in).
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// This database among those the process opened: its clones share it.
    pub fn instance(&self) -> u64 {
        self.instance
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    pub async fn migrate(&self) -> Result<()> {
        match &self.pool {
            Pool::Sqlite(p) => SQLITE_MIGRATIONS.run(p).await?,
            Pool::Postgres(p) => POSTGRES_MIGRATIONS.run(p).await?,
        }
        Ok(())
    }

    /// A connection from the pool, for reads.
    pub async fn conn(&self) -> Result<Conn> {
        let inner = match &self.pool {
            Pool::Sqlite(p) if self.fresh => Inner::Sqlite(live_connection(p).await?),
            Pool::Postgres(p) if self.fresh => Inner::Postgres(live_connection(p).await?),
            Pool::Sqlite(p) => Inner::Sqlite(p.acquire().await?),
            Pool::Postgres(p) => Inner::Postgres(p.acquire().await?),
        };
        Ok(self.wrap(inner, None))
    }

    fn wrap(&self, inner: Inner, writer: Option<tokio::sync::OwnedMutexGuard<()>>) -> Conn {
        Conn {
            inner,
            statements: self.statements.clone(),
            request_statements: self.request_statements.clone(),
            carry: None,
            _writer: writer,
        }
    }

    /// A handle for one request: it counts the request's statements apart
    /// ([`request_statement_count`](Self::request_statement_count)), and
    /// with `fresh` it checks every connection it takes and closes the dead
    /// ones, so a read retried after the database came back runs on a live
    /// connection rather than on one the outage killed.
    pub fn for_request(&self, fresh: bool) -> Db {
        Db { request_statements: Some(Arc::new(AtomicU64::new(0))), fresh, ..self.clone() }
    }

    /// The statements sent by the request of a [`for_request`](Self::for_request) handle.
    pub fn request_statement_count(&self) -> u64 {
        self.request_statements.as_ref().map_or(0, |n| n.load(Ordering::Relaxed))
    }

    /// A transaction: every mutation runs in exactly one. On SQLite it
    /// holds the process's writer lock until it ends.
    pub async fn begin(&self) -> Result<Conn> {
        let (inner, writer) = match &self.pool {
            Pool::Sqlite(p) => {
                let writer = self.sqlite_writer.clone().lock_owned().await;
                (Inner::SqliteTx(p.begin().await?), Some(writer))
            }
            Pool::Postgres(p) => (Inner::PostgresTx(p.begin().await?), None),
        };
        Ok(self.wrap(inner, writer))
    }

    /// How many statements have been sent through this handle (and its clones).
    pub fn statement_count(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// Whether the database answers `select 1` within `timeout`, on a
    /// live connection (dead ones are closed on the way, so readiness comes
    /// back by itself once the database does).
    pub async fn ping(&self, timeout: Duration) -> Result<()> {
        let fresh = Db { fresh: true, ..self.clone() };
        let answer = async {
            let mut c = fresh.conn().await?;
            run!(c, |c| sqlx::query("select 1").execute(c).await.map(|r| r.rows_affected()))?;
            Ok(())
        };
        tokio::time::timeout(timeout, answer).await.map_err(|_| Error::Database(sqlx::Error::PoolTimedOut))?
    }

    /// Pool use, for metrics: connections open and idle.
    pub fn pool_use(&self) -> (u32, usize) {
        match &self.pool {
            Pool::Sqlite(p) => (p.size(), p.num_idle()),
            Pool::Postgres(p) => (p.size(), p.num_idle()),
        }
    }

    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }
}

/// A pooled connection that answers a ping; those that do not are closed,
/// and the pool opens new ones (within its acquire timeout) once every idle
/// one has been tried.
async fn live_connection<DB: sqlx::Database>(pool: &sqlx::Pool<DB>) -> Result<PoolConnection<DB>> {
    use sqlx::Connection;
    // More tries than the pool has connections: at least one is new.
    for _ in 0..=pool.size() {
        let mut c = pool.acquire().await?;
        match c.ping().await {
            Ok(()) => return Ok(c),
            Err(e) if crate::error::is_unavailable(&e) => {
                let _ = c.close().await;
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(pool.acquire().await?)
}

fn sqlite_parent_dir(url: &str) -> Option<std::path::PathBuf> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    std::path::Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()).map(|p| p.to_path_buf())
}

enum Inner {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
    SqliteTx(Transaction<'static, Sqlite>),
    PostgresTx(Transaction<'static, Postgres>),
}

/// A pooled connection or an open transaction; store functions take `&mut Conn`
/// so the same function serves a read and a step of a mutation.
pub struct Conn {
    inner: Inner,
    statements: Arc<AtomicU64>,
    request_statements: Option<Arc<AtomicU64>>,
    /// The hops the next list statement carries, set by the loader that
    /// runs it (see [`joined`]).
    carry: Option<Carried>,
    /// SQLite's writer lock, held by a transaction (see [`Db::begin`]);
    /// declared after `inner`, so it is let go after the transaction ends.
    _writer: Option<tokio::sync::OwnedMutexGuard<()>>,
}

/// What a list statement carries and where the carried rows go.
#[derive(Clone)]
pub struct Carried {
    pub plan: Option<Arc<joined::JoinPlan>>,
    /// The caller's scope, applied to every carried row.
    pub scope: Scope,
    pub into: Arc<std::sync::Mutex<joined::Prefetch>>,
    /// When set, a windowed statement adds each row's count of its parent's
    /// list (`carried_count`) here.
    pub counts: Option<Arc<std::sync::Mutex<CarriedCounts>>>,
}

/// The counts a windowed statement carried, one per row in row order.
/// `counted` stays false when the list's statement has another shape and
/// carried none: its count is then loaded as usual.
#[derive(Default)]
pub struct CarriedCounts {
    pub counted: bool,
    pub per_row: Vec<i64>,
}

/// The backend connection a statement runs on, which gives the statement
/// its span (see `traced.rs`); see [`run!`].
pub enum Exec<'c> {
    Sqlite(Traced<'c, SqliteConnection>),
    Postgres(Traced<'c, PgConnection>),
}

impl Conn {
    pub fn exec(&mut self) -> Exec<'_> {
        self.statements.fetch_add(1, Ordering::Relaxed);
        if let Some(n) = &self.request_statements {
            n.fetch_add(1, Ordering::Relaxed);
        }
        match &mut self.inner {
            Inner::Sqlite(c) => Exec::Sqlite(Traced(c)),
            Inner::Postgres(c) => Exec::Postgres(Traced(c)),
            Inner::SqliteTx(t) => Exec::Sqlite(Traced(t)),
            Inner::PostgresTx(t) => Exec::Postgres(Traced(t)),
        }
    }

    /// Let the next list statements carry `carry`'s hops (or none).
    pub fn carry(&mut self, carry: Option<Carried>) {
        self.carry = carry;
    }

    /// What the list statement about to run carries.
    pub fn carried(&self) -> Option<Carried> {
        self.carry.clone()
    }

    pub fn backend(&self) -> Backend {
        match self.inner {
            Inner::Sqlite(_) | Inner::SqliteTx(_) => Backend::Sqlite,
            Inner::Postgres(_) | Inner::PostgresTx(_) => Backend::Postgres,
        }
    }

    /// Commit a transaction opened by [`Db::begin`]; a no-op on a plain connection.
    pub async fn commit(self) -> Result<()> {
        match self.inner {
            Inner::SqliteTx(t) => t.commit().await?,
            Inner::PostgresTx(t) => t.commit().await?,
            Inner::Sqlite(_) | Inner::Postgres(_) => {}
        }
        Ok(())
    }
}

/// Whether a database error says a table is missing (SQLite's "no such
/// table", PostgreSQL's undefined_table): the database was never migrated.
pub fn is_missing_table(e: &Error) -> bool {
    let Error::Database(e) = e else { return false };
    e.as_database_error()
        .is_some_and(|db| db.code().as_deref() == Some("42P01") || db.message().starts_with("no such table"))
}

/// The one row a write just made or changed, read back in its transaction;
/// its absence is an internal error.
pub fn read_back<T>(row: Option<T>, what: &str) -> Result<T> {
    row.ok_or_else(|| Error::internal(anyhow::anyhow!("the {what} just written was not read back")))
}

/// A write's result, with a unique-constraint violation (a duplicate) turned
/// into the user error that `conflict` makes: `CONFLICT` on the field the
/// duplicate concerns.
pub fn on_unique<T>(result: Result<T>, conflict: impl FnOnce() -> UserError) -> Result<T> {
    match result {
        Err(Error::Database(e)) if e.as_database_error().is_some_and(|d| d.is_unique_violation()) => {
            Err(Error::User(vec![conflict()]))
        }
        other => other,
    }
}

impl Db {
    /// Run one administrative statement given as text (`create database ...`):
    /// for test harnesses and tooling only, never with user input.
    pub async fn execute_admin(&self, sql: &str) -> Result<()> {
        let mut c = self.conn().await?;
        run!(c, |c| sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }
}
