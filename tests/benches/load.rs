//! Load run over the article-scale demo data: the community overview and a
//! party-member name search, each for a bounded number of requests from a few
//! concurrent clients on loopback. Prints p50/p99 latency and requests/s.
//!
//! `cargo bench -p gongzhi-tests --bench load` (SQLite);
//! with `BENCH_DATABASE_URL=postgres://…` it runs on PostgreSQL.

use std::sync::Arc;
use std::time::{Duration, Instant};

use gongzhi_server::seed::Scale;
use gongzhi_tests::{R, TestApp};
use hdrhistogram::Histogram;
use serde_json::{Value, json};

const OVERVIEW: &str = "query($id: ID!) { node(id: $id) { ... on Area { name children(first: 100) { nodes {
  name gridWorkers { nodes { fromOn person { name phone } } }
  children(first: 100) { nodes { name buildingLeader { fromOn person { name partyMember { organization { name } } } } } } } } } } }";

const NAME_SEARCH: &str = "query($n: String) { partyMembers(nameContains: $n, first: 20) {
  totalCount nodes { person { name } organization { name } category reported } } }";

/// One client measures latency; four (two per core) measure throughput.
const CONCURRENCY: [usize; 2] = [1, 4];
const REQUESTS: usize = 2_000;
const TIME_LIMIT: Duration = Duration::from_secs(60);

struct Scenario {
    name: &'static str,
    query: &'static str,
    variables: Vec<Value>,
}

async fn run(app: &Arc<TestApp>, token: &str, s: &Scenario, concurrency: usize) {
    // Warm-up: caches, prepared statements, connections.
    for v in s.variables.iter().take(20) {
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
                assert!(body.get("errors").is_none());
                i += concurrency;
            }
            hist
        }));
    }
    let mut hist = Histogram::<u64>::new(3).unwrap();
    for t in tasks {
        hist.add(t.await.unwrap()).unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{:<20} clients={concurrency} n={:<5} p50={:>7.2} ms  p99={:>7.2} ms  {:>7.0} req/s",
        s.name,
        hist.len(),
        hist.value_at_quantile(0.50) as f64 / 1000.0,
        hist.value_at_quantile(0.99) as f64 / 1000.0,
        hist.len() as f64 / elapsed
    );
}

#[tokio::main]
async fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would pass nothing: run only under bench.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let postgres = std::env::var("BENCH_DATABASE_URL").ok().filter(|u| !u.is_empty());
    let backend = if postgres.is_some() { "PostgreSQL" } else { "SQLite" };
    let app = TestApp::spawn_on(postgres).await;
    let seeding = Instant::now();
    let counts =
        gongzhi_server::seed::seed(&app.state.db, &app.state.data_key, &Scale::article()).await.unwrap();
    println!("{backend}: seeded article scale in {:.1} s ({counts})", seeding.elapsed().as_secs_f64());

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
        Scenario { name: "member name search", query: NAME_SEARCH, variables: search_vars },
    ];
    for s in &scenarios {
        for concurrency in CONCURRENCY {
            run(&app, &token, s, concurrency).await;
        }
    }
}
