//! Load run over the demo data at the article scale and at the `large` scale
//! (ten times the residents and members): five queries, each for a bounded
//! number of requests from one and from four concurrent clients on loopback.
//! Prints p50/p99 latency and requests/s per query and scale, then the ratio
//! large/article of each query's p50 (a page must cost the same at any size).
//!
//! `cargo bench -p gongzhi-tests --bench load` (SQLite);
//! with `BENCH_DATABASE_URL=postgres://…` it runs on PostgreSQL;
//! `BENCH_SCALES=article` (or `large`) runs one scale only.

use std::sync::Arc;
use std::time::{Duration, Instant};

use gongzhi_server::db::Backend;
use gongzhi_server::seed::Scale;
use gongzhi_tests::{R, TestApp};
use hdrhistogram::Histogram;
use serde_json::{Value, json};

/// A community's grids, workers, buildings and leaders, over every community in turn.
const OVERVIEW: &str = "query($id: ID!) { node(id: $id) { ... on Area { name children(first: 100) { nodes {
  name gridWorkers { nodes { fromOn person { name phone } } }
  children(first: 100) { nodes { name buildingLeader { fromOn person { name partyMember { organization { name } } } } } } } } } } }";

const FIRST_MEMBERS: &str = "{ partyMembers(first: 50) { nodes { person { name } organization { name } } } }";

/// README query 1: the streets and towns with their communities, counted.
const AREA_TREE: &str = "{ areas(kind: DISTRICT) { nodes {
  name children { nodes { name kind children(first: 50) { totalCount nodes { name } } } } } } }";

const NAME_SEARCH: &str = "query($n: String) { partyMembers(nameContains: $n, first: 20) {
  totalCount nodes { person { name } organization { name } category reported } } }";

const PEOPLE_COUNT: &str = "{ people(first: 20) { totalCount } }";

/// One client measures latency; four (two per core) measure throughput.
const CONCURRENCY: [usize; 2] = [1, 4];
const REQUESTS: usize = 2_000;
/// Per query and concurrency: slow queries stop early, with fewer samples.
const TIME_LIMIT: Duration = Duration::from_secs(20);

struct Scenario {
    name: &'static str,
    query: &'static str,
    variables: Vec<Value>,
}

struct Measured {
    p50_ms: f64,
    p99_ms: f64,
    per_second: f64,
    requests: u64,
}

async fn run(app: &Arc<TestApp>, token: &str, s: &Scenario, concurrency: usize) -> Measured {
    // Warm-up: caches, prepared statements, connections.
    for v in s.variables.iter().cycle().take(20) {
        let body = app.gql(Some(token), s.query, v.clone()).await;
        assert!(body.get("errors").is_none(), "{}: {body}", s.name);
    }
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let app = app.clone();
        let token = token.to_owned();
        let query = s.query;
        let vars = s.variables.clone();
        tasks.push(tokio::spawn(async move {
            let mut hist = Histogram::<u64>::new(3).unwrap();
            let mut i = worker;
            while i < REQUESTS && started.elapsed() < TIME_LIMIT {
                let t = Instant::now();
                let body = app.gql(Some(&token), query, vars[i % vars.len()].clone()).await;
                hist.record(t.elapsed().as_micros() as u64).unwrap();
                assert!(body.get("errors").is_none(), "{body}");
                i += concurrency;
            }
            hist
        }));
    }
    let mut hist = Histogram::<u64>::new(3).unwrap();
    for t in tasks {
        hist.add(t.await.unwrap()).unwrap();
    }
    Measured {
        p50_ms: hist.value_at_quantile(0.50) as f64 / 1000.0,
        p99_ms: hist.value_at_quantile(0.99) as f64 / 1000.0,
        per_second: hist.len() as f64 / started.elapsed().as_secs_f64(),
        requests: hist.len(),
    }
}

/// Seed a fresh database at `scale`, run every scenario; the p50 of each at one client.
async fn bench_scale(postgres: Option<String>, label: &str, scale: Scale) -> Vec<(&'static str, f64)> {
    let app = TestApp::spawn_on(postgres).await;
    let backend = match app.db().backend() {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    };
    let seeding = Instant::now();
    let counts = gongzhi_server::seed::seed(&app.state.db, &app.state.data_key, &scale).await.unwrap();
    println!("\n{backend}, {label} scale: seeded in {:.1} s ({counts})", seeding.elapsed().as_secs_f64());
    if app.db().backend() == Backend::Postgres {
        // What autovacuum would do a little later: plans on fresh statistics.
        app.db().execute_admin("analyze").await.unwrap();
    }

    let district = app.area_id("八公山区").await;
    let token = app.token(&[R::DistrictAdmin], Some(TestApp::uuid_of(&json!(district))), None, &[]);
    let communities =
        app.data(None, "{ areas(kind: COMMUNITY, first: 30) { nodes { id } } }", json!({})).await;
    let overview_vars: Vec<Value> =
        communities["areas"]["nodes"].as_array().unwrap().iter().map(|c| json!({ "id": c["id"] })).collect();
    let names = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙"];
    let search_vars: Vec<Value> = names.iter().map(|n| json!({ "n": n })).collect();

    let app = Arc::new(app);
    let scenarios = [
        Scenario { name: "community overview", query: OVERVIEW, variables: overview_vars },
        Scenario { name: "first 50 members", query: FIRST_MEMBERS, variables: vec![json!({})] },
        Scenario { name: "area tree", query: AREA_TREE, variables: vec![json!({})] },
        Scenario { name: "member name search", query: NAME_SEARCH, variables: search_vars },
        Scenario { name: "people totalCount", query: PEOPLE_COUNT, variables: vec![json!({})] },
    ];
    let mut p50s = Vec::new();
    for s in &scenarios {
        for concurrency in CONCURRENCY {
            let m = run(&app, &token, s, concurrency).await;
            println!(
                "{:<20} {label:<7} clients={concurrency} n={:<5} p50={:>8.2} ms  p99={:>8.2} ms  {:>7.0} req/s",
                s.name, m.requests, m.p50_ms, m.p99_ms, m.per_second
            );
            if concurrency == 1 {
                p50s.push((s.name, m.p50_ms));
            }
        }
    }
    p50s
}

#[tokio::main]
async fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would pass nothing: run only under bench.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let postgres = std::env::var("BENCH_DATABASE_URL").ok().filter(|u| !u.is_empty());
    let scales = std::env::var("BENCH_SCALES").unwrap_or_else(|_| "article,large".to_owned());
    let mut results = Vec::new();
    for label in scales.split(',').map(str::trim) {
        let scale = match label {
            "article" => Scale::article(),
            "large" => Scale::large(),
            other => panic!("BENCH_SCALES: unknown scale {other:?}; expected article, large or both"),
        };
        results.push((label, bench_scale(postgres.clone(), label, scale).await));
    }
    let at = |scale| results.iter().find(|(label, _)| *label == scale).map(|(_, p50s)| p50s);
    if let (Some(article), Some(large)) = (at("article"), at("large")) {
        println!("\np50 at one client, large / article (target: at most 1.5x):");
        for ((name, a), (_, l)) in article.iter().zip(large) {
            println!("{name:<20} {a:>8.2} ms  {l:>8.2} ms  {:>5.2}x", l / a);
        }
    }
}
