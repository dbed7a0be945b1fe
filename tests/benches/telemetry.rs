//! What exporting traces costs: the community overview (the `load` bench's
//! first scenario) at one client, on two `gongzhi serve` processes (the
//! release build of the server's own `main`) over one database seeded at
//! the article scale. One runs without an exporter; the other has
//! `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` set to a receiver in this process
//! and exports every span (request, loader batches, SQL statements). Both
//! check tokens and rate limits and log at INFO, as an operator runs them.
//! They take turns, round after round, and the p50 of each is compared
//! (target: the exporter adds less than 10%). Then it waits for every span
//! and counts them by kind.
//!
//! `cargo bench -p gongzhi-tests --bench telemetry` (SQLite); with
//! `BENCH_DATABASE_URL=postgres://…` on PostgreSQL.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use gongzhi_server::db::Backend;
use gongzhi_server::seed::{self, Scale};
use gongzhi_tests::TestApp;
use gongzhi_tests::otlp::{ReceivedSpan, Receiver};
use hdrhistogram::Histogram;
use serde_json::{Value, json};

/// The same query as the `load` bench's "community overview".
const OVERVIEW: &str = "query($id: ID!) { node(id: $id) { ... on Area { name children(first: 100) { nodes {
  name gridWorkers { nodes { fromOn person { name phone } } }
  children(first: 100) { nodes { name buildingLeader { fromOn person { name partyMember { organization { name } } } } } } } } } } }";

const ROUNDS: usize = 20;
const REQUESTS_PER_ROUND: usize = 300;
const WARM_UP: usize = 50;

/// A `gongzhi serve` process, killed when dropped.
struct Served {
    child: Child,
    graphql: String,
}

impl Served {
    /// The server over `database_url` with the keys of `data_dir`, exporting
    /// to `traces` when given. The bench's one user may send 10 million
    /// requests a minute: its bucket is checked on every request, never
    /// empty.
    async fn start(database_url: &str, data_dir: &Path, traces: Option<&str>) -> Served {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut command = Command::new(env!("CARGO_BIN_EXE_gongzhi-stories"));
        command
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .env("DATABASE_URL", database_url)
            .env("GONGZHI_DATA_DIR", data_dir)
            .env("GONGZHI_RATE_USER_PER_MINUTE", "10000000")
            .stdout(Stdio::null());
        for name in ["RUST_LOG", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SDK_DISABLED", "GONGZHI_CONFIG"] {
            command.env_remove(name);
        }
        match traces {
            Some(endpoint) => command.env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", endpoint),
            None => command.env_remove("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
        };
        let served = Served {
            child: command.spawn().expect("gongzhi serve starts"),
            graphql: format!("http://127.0.0.1:{port}/graphql"),
        };
        let ready = format!("http://127.0.0.1:{port}/readyz");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if reqwest::get(&ready).await.is_ok_and(|r| r.status().is_success()) {
                return served;
            }
            assert!(Instant::now() < deadline, "gongzhi serve was not ready within a minute");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn overview(&self, client: &reqwest::Client, token: &str, vars: &Value) {
        let body: Value = client
            .post(&self.graphql)
            .bearer_auth(token)
            .json(&json!({ "query": OVERVIEW, "variables": vars }))
            .send()
            .await
            .expect("the server answers")
            .json()
            .await
            .expect("a JSON answer");
        assert!(body.get("errors").is_none(), "{body}");
    }

    /// `n` requests one after another, over the communities in turn.
    async fn round(
        &self,
        client: &reqwest::Client,
        token: &str,
        communities: &[Value],
        n: usize,
        hist: &mut Histogram<u64>,
    ) {
        for i in 0..n {
            let t = Instant::now();
            self.overview(client, token, &communities[i % communities.len()]).await;
            hist.record(t.elapsed().as_micros() as u64).unwrap();
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A span of a request (the server's own background task, the booking
/// sweeper, sends root SQL spans: those are left out).
fn of_a_request(s: &ReceivedSpan) -> bool {
    !(s.parent_span_id.is_empty() && s.kind == 3)
}

/// The requests' spans by kind: the request's own (OTLP's server kind),
/// its statements' (client kind) as `sql`, the others by name.
fn by_kind(spans: &[ReceivedSpan]) -> BTreeMap<&str, usize> {
    let mut kinds = BTreeMap::new();
    for s in spans.iter().filter(|s| of_a_request(s)) {
        let kind = match s.kind {
            2 => "request",
            3 => "sql",
            _ => s.name.as_str(),
        };
        *kinds.entry(kind).or_insert(0) += 1;
    }
    kinds
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

    // The database, its keys and the tokens come from an in-process server
    // that then stays idle.
    let app = TestApp::spawn_on(postgres).await;
    let seeding = Instant::now();
    let counts = seed::seed(app.db(), &app.state.data_key, &Scale::article()).await.unwrap();
    if app.db().backend() == Backend::Postgres {
        app.db().execute_admin("analyze").await.unwrap();
    }
    let backend = match app.db().backend() {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    };
    println!("{backend}, article scale: seeded in {:.1} s ({counts})", seeding.elapsed().as_secs_f64());

    let token = app.district_admin().await;
    let communities =
        app.data(None, "{ areas(kind: COMMUNITY, first: 30) { nodes { id } } }", json!({})).await;
    let communities: Vec<Value> =
        communities["areas"]["nodes"].as_array().unwrap().iter().map(|c| json!({ "id": c["id"] })).collect();

    let off = Served::start(&app.database_url, app.data_dir(), None).await;
    let on = Served::start(&app.database_url, app.data_dir(), Some(&receiver.endpoint())).await;
    let client = reqwest::Client::new();

    // The spans of one request: every one arrives (the batch is sent within 5 s).
    on.overview(&client, &token, &communities[0]).await;
    let first = receiver
        .wait_until(
            Duration::from_secs(60),
            || (),
            |s| {
                let kinds = by_kind(s);
                kinds.contains_key("request") && kinds.contains_key("sql")
            },
        )
        .await;
    println!("the first community's overview: {:?}", by_kind(&first));

    let mut scratch = Histogram::<u64>::new(3).unwrap();
    off.round(&client, &token, &communities, WARM_UP, &mut scratch).await;
    on.round(&client, &token, &communities, WARM_UP, &mut scratch).await;

    let (mut hist_off, mut hist_on) = (Histogram::<u64>::new(3).unwrap(), Histogram::<u64>::new(3).unwrap());
    let (mut took_off, mut took_on) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..ROUNDS {
        let t = Instant::now();
        off.round(&client, &token, &communities, REQUESTS_PER_ROUND, &mut hist_off).await;
        took_off += t.elapsed();
        let t = Instant::now();
        on.round(&client, &token, &communities, REQUESTS_PER_ROUND, &mut hist_on).await;
        took_on += t.elapsed();
    }
    let requests = ROUNDS * REQUESTS_PER_ROUND;
    println!("community overview, 1 client, {ROUNDS} rounds of {REQUESTS_PER_ROUND} requests each way");
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

    // Every request since the first: the warm-up's and the rounds'.
    let sent = 1 + WARM_UP + requests;
    let spans = receiver
        .wait_until(
            Duration::from_secs(60),
            || (),
            |s| by_kind(s).get("request").copied().unwrap_or(0) >= sent,
        )
        .await;
    let kinds = by_kind(&spans);
    let received: usize = kinds.values().sum();
    println!(
        "received the spans of {} requests of {sent}: {received} in all ({:.1} a request), {kinds:?}",
        kinds["request"],
        received as f64 / sent as f64
    );
    drop((off, on));
}
