//! The booking benchmark over the article's demo: bookings per second with
//! 1,000 concurrent `book` attempts over connections already open, (a)
//! spread over 100 slots of ten places and (b) on one hot slot of 100
//! places, each checked for overbooking afterwards; then the latency of a month's `availability` of a seeded
//! health check and of the 15-minute query (`nearbyServicePoints`) from
//! buildings, at one client on loopback.
//!
//! `cargo bench -p gongzhi-tests --bench bookings` (SQLite);
//! with `BENCH_DATABASE_URL=postgres://…` it runs on PostgreSQL.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use gongzhi_server::db::Backend;
use gongzhi_server::seed::Scale;
use gongzhi_tests::{R, TestApp};
use hdrhistogram::Histogram;
use serde_json::{Value, json};

const ATTEMPTS: usize = 1_000;
const LATENCY_REQUESTS: usize = 2_000;
const TIME_LIMIT: Duration = Duration::from_secs(30);

const BOOK: &str =
    "mutation($i: BookInput!) { book(input: $i) { booking { id state } userErrors { code message } } }";
const AVAILABILITY: &str =
    "query($s: ID!, $f: Date!, $t: Date!) { availability(serviceId: $s, from: $f, to: $t) {
  id startsAt endsAt capacity booked waitlisted free } }";
const NEARBY: &str =
    "query($lat: Float!, $lng: Float!) { nearbyServicePoints(near: { latitude: $lat, longitude: $lng }) {
  distanceMeters walkingMinutes point { name kind } } }";

/// The local (Asia/Shanghai) date `days` from today, as `YYYY-MM-DD`.
fn local_date(days: i64) -> String {
    (Utc::now() + chrono::Duration::hours(8) + chrono::Duration::days(days)).format("%Y-%m-%d").to_string()
}

async fn mutate(
    app: &TestApp,
    token: &str,
    name: &str,
    input_type: &str,
    fields: &str,
    input: Value,
) -> Value {
    let payload = app.mutate(token, name, input_type, fields, input).await;
    assert_eq!(payload["userErrors"], json!([]), "{name}: {payload}");
    payload
}

/// A point open every day from 08:00 to 20:00 in the first community, with
/// a service of `capacity` places per half-hour slot for anyone; its id.
async fn bench_service(app: &TestApp, admin: &str, point: &mut Option<String>, capacity: i64) -> String {
    if point.is_none() {
        let community = app.first_area("COMMUNITY", None).await;
        *point = Some(app.open_point(admin, &community).await);
    }
    let created = mutate(
        app,
        admin,
        "createService",
        "CreateServiceInput",
        "service { id }",
        json!({ "pointId": point, "name": format!("压测{capacity}"), "mode": "ON_SITE", "durationMinutes": 30,
                "capacity": capacity, "opensDaysAhead": 60 }),
    )
    .await;
    created["service"]["id"].as_str().unwrap().to_owned()
}

async fn slots(app: &TestApp, service: &str, from: &str, to: &str) -> Vec<Value> {
    let data = app.data(None, AVAILABILITY, json!({ "s": service, "f": from, "t": to })).await;
    data["availability"].as_array().unwrap().clone()
}

/// Book `ATTEMPTS` places at once, attempt `i` for person `i` in slot
/// `slot_of(i)`; print the rate and check that no slot was overbooked.
async fn book_at_once(
    app: &Arc<TestApp>,
    admin: &str,
    label: &str,
    persons: &[String],
    slots: &[Value],
    slot_of: impl Fn(usize) -> usize,
) -> f64 {
    // The client opens its 1,000 connections before the clock starts, as a
    // partner's system keeps its connections: the figure is of bookings,
    // not of TCP handshakes.
    let warm = (0..ATTEMPTS).map(|_| {
        let app = app.clone();
        tokio::spawn(async move { app.gql(None, "{ __typename }", json!({})).await })
    });
    futures::future::join_all(warm).await;
    let started = Instant::now();
    let attempts = (0..ATTEMPTS).map(|i| {
        let app = app.clone();
        let admin = admin.to_owned();
        let input = json!({ "i": { "slot": slots[slot_of(i)]["id"], "personId": persons[i] } });
        tokio::spawn(async move { app.gql(Some(&admin), BOOK, input).await })
    });
    let answers: Vec<Value> =
        futures::future::join_all(attempts).await.into_iter().map(|r| r.unwrap()).collect();
    let elapsed = started.elapsed().as_secs_f64();
    let per_second = ATTEMPTS as f64 / elapsed;

    // Every attempt answered with a booking, confirmed while places lasted and in line after.
    let mut per_slot: HashMap<usize, (i64, i64, usize)> = HashMap::new();
    for (i, a) in answers.iter().enumerate() {
        let state =
            a["data"]["book"]["booking"]["state"].as_str().unwrap_or_else(|| panic!("attempt {i}: {a}"));
        let e = per_slot.entry(slot_of(i)).or_default();
        match state {
            "CONFIRMED" => e.0 += 1,
            "WAITLISTED" => e.1 += 1,
            other => panic!("attempt {i} is {other}"),
        }
        e.2 += 1;
    }
    let mut over = 0;
    for (&s, &(confirmed, waitlisted, attempts)) in &per_slot {
        let capacity = slots[s]["capacity"].as_i64().unwrap();
        let expected = capacity.min(attempts as i64);
        assert_eq!((confirmed, waitlisted), (expected, attempts as i64 - expected), "slot {s}");
        over += usize::from(confirmed > capacity);
    }
    println!(
        "book {label:<32} {ATTEMPTS} attempts over {} slots in {elapsed:>6.2} s: {per_second:>7.0} bookings/s, \
         {over} overbooked",
        per_slot.len()
    );
    per_second
}

/// The slots of `service` as read back: none holds more than its places,
/// and each holds what the answers said.
async fn check_slots(app: &TestApp, service: &str, from: &str, to: &str, booked: usize, waiting: usize) {
    let read = slots(app, service, from, to).await;
    let (mut held, mut line) = (0, 0);
    for s in &read {
        let (cap, b, w) = (
            s["capacity"].as_i64().unwrap(),
            s["booked"].as_i64().unwrap(),
            s["waitlisted"].as_i64().unwrap(),
        );
        assert!(b <= cap, "overbooked: {s}");
        assert!(w == 0 || b == cap, "a line before the places are gone: {s}");
        held += b as usize;
        line += w as usize;
    }
    assert_eq!((held, line), (booked, waiting));
    let mut conn = app.db().conn().await.unwrap();
    let sql = "select count(*) from bookable k where k.held > k.capacity or k.held <> (select count(*) from booking b \
               where b.bookable_id = k.id and b.state in ('CONFIRMED', 'OFFERED', 'CHECKED_IN', 'COMPLETED')) \
               or k.waiting <> (select count(*) from booking b where b.bookable_id = k.id and b.state = 'WAITLISTED')";
    let broken =
        gongzhi_server::run!(conn, |c| sqlx::query_scalar::<_, i64>(sql).fetch_one(c).await).unwrap();
    assert_eq!(broken, 0, "bookables whose counters are not their bookings'");
}

struct Latency {
    p50_ms: f64,
    p99_ms: f64,
    n: u64,
}

/// One client, `LATENCY_REQUESTS` requests in turn over `variables`.
async fn latency(app: &TestApp, query: &str, variables: &[Value]) -> Latency {
    for v in variables.iter().cycle().take(20) {
        let body = app.gql(None, query, v.clone()).await;
        assert!(body.get("errors").is_none(), "{body}");
    }
    let mut hist = Histogram::<u64>::new(3).unwrap();
    let started = Instant::now();
    for v in variables.iter().cycle().take(LATENCY_REQUESTS) {
        if started.elapsed() > TIME_LIMIT {
            break;
        }
        let t = Instant::now();
        let body = app.gql(None, query, v.clone()).await;
        hist.record(t.elapsed().as_micros() as u64).unwrap();
        assert!(body.get("errors").is_none(), "{body}");
    }
    Latency {
        p50_ms: hist.value_at_quantile(0.5) as f64 / 1000.0,
        p99_ms: hist.value_at_quantile(0.99) as f64 / 1000.0,
        n: hist.len(),
    }
}

#[tokio::main]
async fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would pass nothing: run only under bench.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let postgres = std::env::var("BENCH_DATABASE_URL").ok().filter(|u| !u.is_empty());
    let app = TestApp::spawn_on(postgres).await;
    let (backend, goals) = match app.db().backend() {
        Backend::Sqlite => ("SQLite", "goals on PostgreSQL: 2,000/s spread, 500/s hot"),
        Backend::Postgres => ("PostgreSQL", "goals: 2,000/s spread, 500/s hot"),
    };
    let seeding = Instant::now();
    let counts =
        gongzhi_server::seed::seed(&app.state.db, &app.state.data_key, &Scale::article()).await.unwrap();
    println!("\n{backend}, article scale: seeded in {:.1} s ({counts})", seeding.elapsed().as_secs_f64());
    if app.db().backend() == Backend::Postgres {
        app.db().execute_admin("analyze").await.unwrap();
    }
    let district = app.area_id("八公山区").await;
    let admin = app.token(&[R::DistrictAdmin], Some(TestApp::uuid_of(&json!(district))), None, &[]);
    let persons = app.people(&admin, ATTEMPTS).await;

    // Bookings per second; the slots lie after the seeded two weeks, so nobody's bookings overlap.
    let mut point = None;
    let spread = bench_service(&app, &admin, &mut point, 10).await;
    let hot = bench_service(&app, &admin, &mut point, 100).await;
    let (from, to) = (local_date(20), local_date(24));
    let spread_slots: Vec<Value> = slots(&app, &spread, &from, &to).await.into_iter().take(100).collect();
    assert_eq!(spread_slots.len(), 100);
    let hot_day = local_date(30);
    let hot_slot = slots(&app, &hot, &hot_day, &hot_day).await[0].clone();
    let app = Arc::new(app);
    println!("{goals}");
    book_at_once(&app, &admin, "(a) spread: 100 slots of 10", &persons, &spread_slots, |i| i % 100).await;
    check_slots(&app, &spread, &from, &to, ATTEMPTS, 0).await;
    book_at_once(&app, &admin, "(b) hot: one slot of 100", &persons, &[hot_slot], |_| 0).await;
    check_slots(&app, &hot, &hot_day, &hot_day, 100, ATTEMPTS - 100).await;

    // A month of a seeded health check: the two weeks before the demo's day and the two after.
    let points = app
        .data(
            None,
            "{ servicePoints(kind: HEALTH_STATION, first: 100) { nodes { name services { id name } } } }",
            json!({}),
        )
        .await;
    let check = points["servicePoints"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["services"].as_array().unwrap().iter())
        .find(|s| s["name"] == "免费体检")
        .expect("a seeded health check")["id"]
        .clone();
    let month = [json!({ "s": check, "f": "2026-11-10", "t": "2026-12-09" })];
    let slots_in_month =
        app.data(None, AVAILABILITY, month[0].clone()).await["availability"].as_array().unwrap().len();
    let m = latency(&app, AVAILABILITY, &month).await;
    println!(
        "availability, a month ({slots_in_month} slots)  n={:<5} p50={:>7.2} ms  p99={:>7.2} ms  (goal p50 < 5 ms)",
        m.n, m.p50_ms, m.p99_ms
    );

    let buildings = app
        .data(
            None,
            "{ areas(kind: BUILDING, first: 100) { nodes { location { latitude longitude } } } }",
            json!({}),
        )
        .await;
    let near: Vec<Value> = buildings["areas"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| !b["location"].is_null())
        .map(|b| json!({ "lat": b["location"]["latitude"], "lng": b["location"]["longitude"] }))
        .collect();
    assert!(!near.is_empty(), "buildings have locations");
    let m = latency(&app, NEARBY, &near).await;
    println!(
        "nearbyServicePoints, 15 minutes      n={:<5} p50={:>7.2} ms  p99={:>7.2} ms  (goal p50 < 5 ms)",
        m.n, m.p50_ms, m.p99_ms
    );
}
