//! What exporting traces costs: the community overview (the `load` bench's
//! first scenario) at one client, on two servers over one database seeded at
//! the article scale: one without an exporter, one exporting every span
//! (request, loader batches, SQL statements) by OTLP to a receiver in this
//! process. Both check tokens and rate limits and log at INFO. They take
//! turns, round after round, and the p50 of each is compared (target: the
//! exporter adds less than 10%). Then it checks that every span arrived.
//!
//! `cargo bench -p gongzhi-tests --bench telemetry` (SQLite); with
//! `BENCH_DATABASE_URL=postgres://…` on PostgreSQL.

use std::time::{Duration, Instant};

use gongzhi_server::db::{Backend, Db};
use gongzhi_server::seed::{self, Scale};
use gongzhi_server::telemetry::Exporter;
use gongzhi_tests::otlp::{self, Receiver};
use gongzhi_tests::{R, TestApp};
use hdrhistogram::Histogram;
use serde_json::{Value, json};

/// The same query as the `load` bench's "community overview".
const OVERVIEW: &str = "query($id: ID!) { node(id: $id) { ... on Area { name children(first: 100) { nodes {
  name gridWorkers { nodes { fromOn person { name phone } } }
  children(first: 100) { nodes { name buildingLeader { fromOn person { name partyMember { organization { name } } } } } } } } } } }";

const ROUNDS: usize = 6;
const REQUESTS_PER_ROUND: usize = 300;
const WARM_UP: usize = 50;

async fn overview(app: &TestApp, token: &str, vars: &Value) {
    let body = app.gql(Some(token), OVERVIEW, vars.clone()).await;
    assert!(body.get("errors").is_none(), "{body}");
}

/// `n` requests one after another, over the communities in turn.
async fn round(app: &TestApp, token: &str, communities: &[Value], n: usize, hist: &mut Histogram<u64>) {
    for i in 0..n {
        let t = Instant::now();
        overview(app, token, &communities[i % communities.len()]).await;
        hist.record(t.elapsed().as_micros() as u64).unwrap();
    }
}

/// The spans received that belong to requests: all but the root SQL
/// spans of the server's background task (the booking sweeper).
fn request_spans(receiver: &Receiver) -> usize {
    receiver.spans().iter().filter(|s| !(s.parent_span_id.is_empty() && s.kind == 3)).count()
}

fn ms(hist: &Histogram<u64>, q: f64) -> f64 {
    hist.value_at_quantile(q) as f64 / 1000.0
}

#[tokio::main]
async fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would pass nothing: run only under bench.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let postgres = std::env::var("BENCH_DATABASE_URL").ok().filter(|u| !u.is_empty());
    let receiver = Receiver::start().await;
    let exporter = Exporter::to(&receiver.endpoint()).expect("an exporter");
    // One subscriber for the process, logging at INFO like `gongzhi serve`;
    // only the threads of `traced` export. Two workers each, like `gongzhi
    // serve` on this 2-core machine.
    otlp::install(&exporter, Some(false));
    let quiet = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let traced = otlp::traced_runtime(2);

    let off = quiet.spawn(TestApp::spawn_on(postgres)).await.unwrap();
    let seeding = Instant::now();
    // Seeded from here, where nothing is traced.
    let db = Db::connect(&off.database_url).await.unwrap();
    let counts = seed::seed(&db, &off.state.data_key, &Scale::article()).await.unwrap();
    if db.backend() == Backend::Postgres {
        db.execute_admin("analyze").await.unwrap();
    }
    db.close().await;
    let backend = match off.db().backend() {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    };
    println!("{backend}, article scale: seeded in {:.1} s ({counts})", seeding.elapsed().as_secs_f64());

    // The second server: the same database and keys.
    let (url, dir) = (off.database_url.clone(), off.data_dir().to_owned());
    let on = traced
        .spawn(TestApp::spawn_on_with_config(None, move |c| {
            c.database.database_url = url;
            c.keys.data_dir = dir;
        }))
        .await
        .unwrap();

    let district = off.area_id("八公山区").await;
    let token = off.token(&[R::DistrictAdmin], Some(TestApp::uuid_of(&json!(district))), None, &[]);
    let communities =
        off.data(None, "{ areas(kind: COMMUNITY, first: 30) { nodes { id } } }", json!({})).await;
    let communities: Vec<Value> =
        communities["areas"]["nodes"].as_array().unwrap().iter().map(|c| json!({ "id": c["id"] })).collect();

    let flushing = exporter.clone();
    let flush = move || flushing.force_flush().expect("the spans are exported");
    // The spans of one request, all exported.
    let before = request_spans(&receiver);
    overview(&on, &token, &communities[0]).await;
    receiver.wait_until(Duration::from_secs(60), flush.clone(), |s| s.iter().any(|s| s.kind == 2)).await;
    let per_request = request_spans(&receiver) - before;

    let mut scratch = Histogram::<u64>::new(3).unwrap();
    round(&off, &token, &communities, WARM_UP, &mut scratch).await;
    round(&on, &token, &communities, WARM_UP, &mut scratch).await;
    tokio::task::spawn_blocking(flush.clone()).await.unwrap();
    let before = request_spans(&receiver);
    let traced_before = receiver.spans().iter().filter(|s| s.kind == 2).count();

    let (mut hist_off, mut hist_on) = (Histogram::<u64>::new(3).unwrap(), Histogram::<u64>::new(3).unwrap());
    let (mut took_off, mut took_on) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..ROUNDS {
        let t = Instant::now();
        round(&off, &token, &communities, REQUESTS_PER_ROUND, &mut hist_off).await;
        took_off += t.elapsed();
        let t = Instant::now();
        round(&on, &token, &communities, REQUESTS_PER_ROUND, &mut hist_on).await;
        took_on += t.elapsed();
    }
    let requests = ROUNDS * REQUESTS_PER_ROUND;
    // A flush returns once the receiver has answered for everything queued.
    tokio::task::spawn_blocking(flush).await.unwrap();
    let received = request_spans(&receiver) - before;
    let request_count = receiver.spans().iter().filter(|s| s.kind == 2).count() - traced_before;

    println!(
        "community overview, 1 client, {ROUNDS} rounds of {REQUESTS_PER_ROUND} requests each way, \
         {per_request} spans for the first community's"
    );
    for (label, hist, took) in [("exporter off", &hist_off, took_off), ("exporter on", &hist_on, took_on)] {
        println!(
            "{label:<13} p50={:>7.3} ms  p99={:>7.3} ms  {:>6.0} req/s",
            ms(hist, 0.5),
            ms(hist, 0.99),
            requests as f64 / took.as_secs_f64()
        );
    }
    let overhead = ms(&hist_on, 0.5) / ms(&hist_off, 0.5) - 1.0;
    println!("exporting adds {:+.1}% at p50 (target: under +10%)", overhead * 100.0);
    println!(
        "received: {request_count} request spans of {requests} requests, {received} spans in all ({:.1} a request)",
        received as f64 / requests as f64
    );

    let mut kinds = std::collections::BTreeMap::new();
    let all = receiver.spans();
    for s in all.iter().filter(|s| !(s.parent_span_id.is_empty() && s.kind == 3)) {
        *kinds.entry(if s.kind == 3 { "sql" } else { s.name.as_str() }).or_insert(0) += 1;
    }
    println!("by span: {kinds:?}");
    drop((off, on));
    quiet.shutdown_background();
    traced.shutdown_background();
    tokio::task::spawn_blocking(move || exporter.shutdown()).await.unwrap().unwrap();
}
