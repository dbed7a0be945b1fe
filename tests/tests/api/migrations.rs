//! The two migration folders stay in step: the same versions, and the same
//! tables and columns once applied; and what a migration fills in from
//! earlier data is what the services write.

use std::collections::{BTreeMap, BTreeSet};

use gongzhi_server::db::Date;
use gongzhi_server::seed::Scale;
use gongzhi_tests::TestApp;
use sqlx::Row;

type Tables = BTreeMap<String, BTreeSet<String>>;

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations")
}

fn files(backend: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join(backend))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Tables and columns as the PostgreSQL migrations declare them.
fn declared_tables() -> Tables {
    let mut tables = Tables::new();
    for file in files("postgres") {
        let sql = std::fs::read_to_string(root().join("postgres").join(file)).unwrap();
        let mut current: Option<String> = None;
        for line in sql.lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("alter table ")
                && let Some((table, column)) = rest.split_once(" add column ")
            {
                let column = column.split_whitespace().next().unwrap().to_owned();
                tables.entry(table.trim().to_owned()).or_default().insert(column);
            } else if let Some(rest) = line.strip_prefix("create table ") {
                let name = rest.split_whitespace().next().unwrap().to_owned();
                tables.entry(name.clone()).or_default();
                current = Some(name);
            } else if line.starts_with(");") {
                current = None;
            } else if let Some(table) = &current
                && let Some(column) = line.split_whitespace().next()
                && !line.starts_with("--")
                // A table constraint (`primary key (a, b)`) is no column.
                && !matches!(column, "primary" | "unique" | "constraint" | "foreign" | "check")
            {
                tables.get_mut(table).unwrap().insert(column.to_owned());
            }
        }
    }
    tables
}

#[test]
fn both_backends_have_the_same_migration_versions() {
    assert_eq!(files("sqlite"), files("postgres"));
    assert!(!files("sqlite").is_empty());
}

#[tokio::test]
async fn the_applied_schema_has_the_declared_tables_and_columns() {
    let app = TestApp::spawn().await;
    let mut actual = Tables::new();
    if app.database_url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
        let names: Vec<String> = sqlx::query_scalar(
            "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_sqlx%'",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        for name in names {
            let rows = sqlx::query("select name from pragma_table_info($1)")
                .bind(&name)
                .fetch_all(&pool)
                .await
                .unwrap();
            actual.insert(name, rows.iter().map(|r| r.get::<String, _>(0)).collect());
        }
    } else {
        let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
        let rows = sqlx::query(
            "select table_name, column_name from information_schema.columns \
             where table_schema = 'public' and table_name not like '_sqlx%'",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        for r in rows {
            actual.entry(r.get::<String, _>(0)).or_default().insert(r.get::<String, _>(1));
        }
        pool.close().await;
    }
    assert_eq!(actual, declared_tables());
}

/// One row of who serves where, as both backends decode it.
type Serving = (uuid::Uuid, uuid::Uuid, String, uuid::Uuid, String, Date, Option<Date>);

async fn serving_rows(app: &TestApp) -> Vec<Serving> {
    let sql = "select id, person_id, kind, source_id, area_path, from_on, to_on from serving order by id";
    if app.database_url.starts_with("sqlite:") {
        let pool = sqlx::SqlitePool::connect(&app.database_url).await.unwrap();
        let rows = sqlx::query_as::<_, Serving>(sql).fetch_all(&pool).await.unwrap();
        pool.close().await;
        rows
    } else {
        let pool = sqlx::PgPool::connect(&app.database_url).await.unwrap();
        let rows = sqlx::query_as::<_, Serving>(sql).fetch_all(&pool).await.unwrap();
        pool.close().await;
        rows
    }
}

/// The migration that created the table of who serves where filled it from
/// the records of the day; filling it again from the same records must give
/// exactly the rows the services (and the demo data) write. Home visitors
/// came later, with their own table: that migration knows nothing of them.
#[tokio::test]
async fn the_backfill_of_who_serves_where_gives_the_rows_the_services_write() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let all = serving_rows(&app).await;
    assert!(all.iter().any(|r| r.2 == "HOME_VISITOR"), "the demo data has visits under way");
    let written: Vec<Serving> = all.into_iter().filter(|r| r.2 != "HOME_VISITOR").collect();
    assert!(written.len() > 20, "the demo data appoints people: {}", written.len());
    let backend = if app.database_url.starts_with("sqlite:") { "sqlite" } else { "postgres" };
    let sql =
        std::fs::read_to_string(root().join(backend).join("20261127000001_who_serves_where.sql")).unwrap();
    let backfill = &sql[sql.find("insert into serving").expect("the migration fills the table")..];

    app.db().execute_admin("delete from serving").await.unwrap();
    for statement in backfill.split(';').filter(|s| !s.trim().is_empty()) {
        app.db().execute_admin(statement).await.unwrap();
    }
    assert_eq!(serving_rows(&app).await, written);
}
