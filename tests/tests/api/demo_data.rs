//! The demo data reproduces the article's figures, and its bookings keep
//! the engine's counters.

use gongzhi_server::seed::{Counts, Scale};
use gongzhi_tests::{R, TestApp};
use serde_json::json;

/// Rows that break what the engine keeps: each bookable's counters are its
/// bookings' (places held, people in line, the highest arrival number) and
/// within its places; each booking has a history ending in its state.
const BROKEN: [(&str, &str); 5] = [
    (
        "held",
        "select count(*) from bookable k where k.held <> (select count(*) from booking b where b.bookable_id = k.id \
         and b.state in ('CONFIRMED', 'OFFERED', 'CHECKED_IN', 'COMPLETED'))",
    ),
    (
        "waiting",
        "select count(*) from bookable k where k.waiting <> (select count(*) from booking b \
         where b.bookable_id = k.id and b.state = 'WAITLISTED')",
    ),
    (
        "arrivals",
        "select count(*) from bookable k where k.arrivals <> (select coalesce(max(b.seq), 0) from booking b \
         where b.bookable_id = k.id)",
    ),
    ("capacity", "select count(*) from bookable k where k.held > k.capacity"),
    (
        "history",
        "select count(*) from booking b where coalesce((select t.state from state_change t \
         where t.subject_id = b.id order by t.id desc limit 1), '') <> b.state",
    ),
];

/// The seeded bookings as the engine would have left them, and as a
/// district admin counts them over GraphQL.
async fn bookings_are_consistent(app: &TestApp, counts: &Counts) {
    let mut conn = app.db().conn().await.unwrap();
    for (what, sql) in BROKEN {
        let n = gongzhi_server::run!(conn, |c| sqlx::query_scalar::<_, i64>(sql).fetch_one(c).await).unwrap();
        assert_eq!(n, 0, "bookables or bookings with a wrong {what}");
    }
    drop(conn);
    let district = app.area_id("八公山区").await;
    let admin = app.token(&[R::DistrictAdmin], Some(TestApp::uuid_of(&json!(district))), None, &[]);
    let data = app
        .data(
            Some(&admin),
            "{ all: bookings { totalCount } completed: bookings(state: COMPLETED) { totalCount }
               waitlisted: bookings(state: WAITLISTED) { totalCount } }",
            json!({}),
        )
        .await;
    let total = |k: &str| data[k]["totalCount"].as_u64().unwrap();
    assert_eq!((total("all"), total("completed")), (counts.bookings, counts.completed_bookings));
    // The demo's lines are dated from its fixed reference day: those whose
    // slot has begun by now have expired (the sweep runs at start).
    assert!(total("waitlisted") <= counts.waitlisted_bookings, "{data}");
}

#[tokio::test]
async fn the_demo_seed_matches_the_articles_figures() {
    let (app, counts) = TestApp::seeded(Scale::article()).await;
    assert_eq!(counts.communities + counts.villages, 42);
    assert_eq!(counts.grids, 175);
    assert_eq!(counts.grid_workers, 238);
    assert_eq!(counts.building_leaders, 274);
    assert_eq!(counts.reported_members, 1157);
    assert_eq!(counts.pairings, 42);
    assert_eq!(counts.paired_orgs, 21);
    assert!(
        (2800..=3300).contains(&(counts.party_members as i64)),
        "about 3,000 members: {}",
        counts.party_members
    );
    assert!(
        (19_000..=21_000).contains(&(counts.persons as i64)),
        "about 20,000 residents: {}",
        counts.persons
    );

    // The same figures, as a district admin reads them over GraphQL.
    let district = app.area_id("八公山区").await;
    let admin = app.token(&[R::DistrictAdmin], Some(TestApp::uuid_of(&json!(district))), None, &[]);
    let data = app
        .data(
            Some(&admin),
            "{ communities: areas(kind: COMMUNITY) { totalCount } villages: areas(kind: VILLAGE) { totalCount }
               grids: areas(kind: GRID) { totalCount }
               gridWorkers { totalCount } buildingLeaders { totalCount }
               reported: partyMembers(reported: true) { totalCount }
               pairings { totalCount } }",
            json!({}),
        )
        .await;
    let total = |k: &str| data[k]["totalCount"].as_i64().unwrap();
    assert_eq!(total("communities") + total("villages"), 42);
    assert_eq!(total("grids"), 175);
    assert_eq!(total("gridWorkers"), 238);
    assert_eq!(total("buildingLeaders"), 274);
    assert_eq!(total("reported"), 1157);
    assert_eq!(total("pairings"), 42);

    // A year of health checks, and lines in the two weeks after the demo's day.
    assert!(counts.services >= 42 + 10, "a service at every centre and more: {}", counts.services);
    assert!(counts.completed_bookings >= 40_000, "{} completed", counts.completed_bookings);
    assert!(counts.waitlisted_bookings > 0);
    bookings_are_consistent(&app, &counts).await;
}

#[tokio::test]
async fn a_small_demo_books_its_share_of_health_checks_with_consistent_counters() {
    // Two completed checks a resident, as the article's 40,000 for 20,000.
    let scale = Scale { bookings: true, ..Scale::small(6) };
    let (app, counts) = TestApp::seeded(scale.clone()).await;
    assert!(counts.completed_bookings >= 2 * scale.residents as u64, "{counts}");
    assert!(counts.waitlisted_bookings > 0, "{counts}");
    assert_eq!(gongzhi_server::seed::stored_counts(app.db()).await.unwrap(), counts);
    bookings_are_consistent(&app, &counts).await;
}
