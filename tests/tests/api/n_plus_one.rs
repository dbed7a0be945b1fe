//! Every relation goes through a loader: a nested query costs the same
//! number of SQL statements however long its lists are.
//! Batches are cut where the request waits (`graphql::loading::PollGate`), so
//! the count is the same on every run, not just the same order of magnitude.

use gongzhi_server::seed::Scale;
use gongzhi_tests::{R, TestApp};
use serde_json::json;

const OVERVIEW: &str = "query($id: ID!) {
  node(id: $id) {
    ... on Area {
      name
      children(first: 100) {
        totalCount
        nodes {
          name
          gridWorkers { totalCount nodes { fromOn person { name phone } } }
          children(first: 100) {
            nodes {
              name
              buildingLeader { fromOn person { name partyMember { status organization { name } } } }
            }
          }
        }
      }
    }
  }
}";

/// Statements run by the overview of the only community, and how many
/// buildings it showed.
async fn overview_cost(grids: usize) -> (u64, usize, usize) {
    let (app, _) = TestApp::seeded(Scale::small(grids)).await;
    let district = app.area_id("八公山区").await;
    let token = app.token(&[R::DistrictAdmin], Some(TestApp::uuid_of(&json!(district))), None, &[]);
    let community = app.data(None, "{ areas(kind: COMMUNITY, first: 1) { nodes { id } } }", json!({})).await;
    let id = community["areas"]["nodes"][0]["id"].clone();
    // Warm the token's area-path cache so only the query's own statements are counted.
    app.data(Some(&token), "{ me { id } }", json!({})).await;

    let before = app.db().statement_count();
    let data = app.data(Some(&token), OVERVIEW, json!({ "id": id })).await;
    let statements = app.db().statement_count() - before;

    let grids_seen = data["node"]["children"]["nodes"].as_array().unwrap();
    let leaders = grids_seen
        .iter()
        .flat_map(|g| g["children"]["nodes"].as_array().unwrap().iter())
        .filter(|b| b["buildingLeader"]["person"]["partyMember"]["organization"]["name"].is_string())
        .count();
    (statements, grids_seen.len(), leaders)
}

#[tokio::test]
async fn the_community_overview_costs_the_same_for_5_grids_as_for_50() {
    let (small, grids_small, leaders_small) = overview_cost(5).await;
    let (large, grids_large, leaders_large) = overview_cost(50).await;
    assert_eq!((grids_small, grids_large), (5, 50));
    assert!(leaders_small >= 5 && leaders_large >= 50, "leaders: {leaders_small}, {leaders_large}");
    assert_eq!(small, large, "statements for 5 grids: {small}, for 50 grids: {large}");
    assert!(small <= 12, "one statement per level of the query, got {small}");
}
