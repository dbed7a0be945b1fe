//! The demo data reproduces the article's figures.

use gongzhi_server::seed::Scale;
use gongzhi_tests::{R, TestApp};
use serde_json::json;

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
}
