//! Every relation goes through a loader: a nested query costs the same
//! number of SQL statements however long its lists are, and a list's
//! statement carries its to-one hops and its count, so a query costs one
//! statement per list it reads, however many hops hang below each list.
//! Batches are cut where the request waits (`graphql::loading::PollGate`), so
//! the count is the same on every run, not just the same order of magnitude.

use gongzhi_server::seed::Scale;
use gongzhi_tests::{R, TestApp};
use serde_json::{Value, json};

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

/// Every relation field of the schema, each reached through a list that
/// grows with the number of grids: the community's grids and their
/// buildings, residents, workers, groups, organizations and members.
const EVERY_RELATION: &str = "query($id: ID!) {
  node(id: $id) {
    ... on Area {
      livingCircle { buildings kinds { kind coveredBuildings uncoveredBuildings { name location { latitude } } } }
      parent { name }
      ancestors { name }
      units(first: 3) { totalCount nodes { name area { name } } }
      pairings(activeOnly: false, first: 3) { totalCount nodes { since organization { name } community { name } } }
      partyOrganizations(first: 10) {
        totalCount
        nodes {
          name
          parent { name }
          children(first: 3) { totalCount nodes { name } }
          area { name }
          unit { name }
          secretary { name }
          committeeSeats(activeOnly: false, first: 3) { totalCount nodes { position committee { name } person { name } unit { name } } }
          members(first: 3) { totalCount nodes { status } }
          pairings(activeOnly: false, first: 3) { totalCount nodes { since } }
        }
      }
      children(first: 100) {
        totalCount
        nodes {
          name
          parent { name }
          residents(first: 3) {
            totalCount
            nodes {
              name
              homeArea { name }
              specialGroups(includeEnded: true, first: 3) { totalCount nodes { group person { name } } }
              roles(activeOnly: false, first: 3) { totalCount nodes { role area { name } person { name } } }
              partyMember {
                status
                person { name }
                organization { name }
                reportedCommunity { name }
                organizationHistory(first: 3) { totalCount nodes { fromOn organization { name } } }
              }
            }
          }
          gridWorkers(first: 3) { totalCount nodes { fromOn person { name } area { name } } }
          governanceGroup(first: 3) { totalCount nodes { role person { name } unit { name } grid { name } } }
          partyMembers(first: 3) { totalCount nodes { joinedOn } }
          units(first: 3) { totalCount nodes { name } }
          partyOrganizations(first: 3) { totalCount nodes { name } }
          children(first: 3) { totalCount nodes { name location { latitude } buildingLeader { fromOn person { name } } } }
        }
      }
    }
  }
}";

/// Statements run by `query` on the only community of a small district of
/// `grids` grids, and the data it returned.
async fn cost(grids: usize, query: &str) -> (u64, Value) {
    let (app, _) = TestApp::seeded(Scale::small(grids)).await;
    let district = app.area_id("八公山区").await;
    let token = app.token(&[R::DistrictAdmin], Some(TestApp::uuid_of(&json!(district))), None, &[]);
    let community = app.data(None, "{ areas(kind: COMMUNITY, first: 1) { nodes { id } } }", json!({})).await;
    let id = community["areas"]["nodes"][0]["id"].clone();
    // Warm the token's area-path cache so only the query's own statements are counted.
    app.data(Some(&token), "{ me { id } }", json!({})).await;

    let before = app.db().statement_count();
    let data = app.data(Some(&token), query, json!({ "id": id })).await;
    (app.db().statement_count() - before, data)
}

#[tokio::test]
async fn the_community_overview_costs_the_same_for_5_grids_as_for_50() {
    let (small, small_data) = cost(5, OVERVIEW).await;
    let (large, large_data) = cost(50, OVERVIEW).await;
    let leaders = |data: &Value| {
        let grids = data["node"]["children"]["nodes"].as_array().unwrap().clone();
        let leaders = grids
            .iter()
            .flat_map(|g| g["children"]["nodes"].as_array().unwrap().clone())
            .filter(|b| b["buildingLeader"]["person"]["partyMember"]["organization"]["name"].is_string())
            .count();
        (grids.len(), leaders)
    };
    let (grids_small, leaders_small) = leaders(&small_data);
    let (grids_large, leaders_large) = leaders(&large_data);
    assert_eq!((grids_small, grids_large), (5, 50));
    assert!(leaders_small >= 5 && leaders_large >= 50, "leaders: {leaders_small}, {leaders_large}");
    assert_eq!(small, large, "statements for 5 grids: {small}, for 50 grids: {large}");
    // `node` by id, then one statement per list (grids with their count,
    // workers with theirs and their persons, buildings with their leaders,
    // persons, members and organizations).
    assert_eq!(small, 4, "one statement per list of the query, got {small}");
}

/// The three queries of the peer benchmark (`bench/peer.sh`), each with the
/// number of lists it reads.
const PEER_QUERIES: [(&str, &str, u64); 3] = [
    (
        "community overview",
        "{ areas(kind: COMMUNITY, first: 1) { nodes { name children { nodes { name
           gridWorkers { nodes { person { name } } }
           children { nodes { name buildingLeader { person { name partyMember { organization { name } } } } } } } } } } }",
        4,
    ),
    (
        "first 50 party members",
        "{ partyMembers(first: 50) { nodes { person { name } organization { name } } } }",
        1,
    ),
    (
        "area tree with counts",
        "{ areas(kind: DISTRICT) { nodes { name children { nodes { name kind
           children(first: 50) { totalCount nodes { name } } } } } } }",
        3,
    ),
];

/// Statements run by `query` for the district admin of a small district of
/// `grids` grids per community, and the data it returned.
async fn cost_for_district_admin(grids: usize, query: &str) -> (u64, Value) {
    let (app, _) = TestApp::seeded(Scale::small(grids)).await;
    let token = app.district_admin().await;
    app.data(Some(&token), "{ me { id } }", json!({})).await;
    let before = app.db().statement_count();
    let data = app.data(Some(&token), query, json!({})).await;
    (app.db().statement_count() - before, data)
}

#[tokio::test]
async fn the_peer_benchmark_queries_cost_one_statement_per_list() {
    for (name, query, lists) in PEER_QUERIES {
        let (small, _) = cost_for_district_admin(3, query).await;
        let (large, _) = cost_for_district_admin(30, query).await;
        assert_eq!((small, large), (lists, lists), "{name}: statements for 3 and 30 grids, {lists} lists");
    }
    // What they carry is what the hops would have loaded: every building of
    // the overview has a leader whose member record has an organization, and
    // every member of the page has a person and an organization.
    let (_, overview) = cost_for_district_admin(3, PEER_QUERIES[0].1).await;
    let buildings: Vec<Value> = overview["areas"]["nodes"][0]["children"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["children"]["nodes"].as_array().unwrap().clone())
        .collect();
    assert!(!buildings.is_empty());
    assert!(buildings.iter().all(|b| b["buildingLeader"]["person"]["name"].is_string()), "{overview}");
    let (_, members) = cost_for_district_admin(3, PEER_QUERIES[1].1).await;
    let nodes = members["partyMembers"]["nodes"].as_array().unwrap();
    assert!(!nodes.is_empty());
    assert!(nodes.iter().all(|m| m["person"]["name"].is_string() && m["organization"]["name"].is_string()));
}

/// The paths in `data` where a value was found for each of `fields`, to
/// show the query really reached every relation.
fn reached(data: &Value, field: &str) -> bool {
    match data {
        Value::Object(map) => {
            map.get(field).is_some_and(|v| !v.is_null() && v != &json!({ "nodes": [] }))
                || map.values().any(|v| reached(v, field))
        }
        Value::Array(items) => items.iter().any(|v| reached(v, field)),
        _ => false,
    }
}

#[tokio::test]
async fn a_query_through_every_relation_costs_the_same_for_10_grids_as_for_40() {
    let (small, small_data) = cost(10, EVERY_RELATION).await;
    let (large, large_data) = cost(40, EVERY_RELATION).await;
    for data in [&small_data, &large_data] {
        let grids = data["node"]["children"]["nodes"].as_array().unwrap().len();
        assert!(grids == 10 || grids == 40);
        for field in [
            "parent",
            "ancestors",
            "area",
            "unit",
            "secretary",
            "committee",
            "committeeSeats",
            "members",
            "pairings",
            "organization",
            "community",
            "residents",
            "homeArea",
            "specialGroups",
            "roles",
            "partyMember",
            "reportedCommunity",
            "organizationHistory",
            "gridWorkers",
            "governanceGroup",
            "grid",
            "partyMembers",
            "partyOrganizations",
            "buildingLeader",
            "units",
            "children",
            "person",
            "livingCircle",
            "uncoveredBuildings",
            "location",
        ] {
            assert!(reached(data, field), "the query reaches `{field}`");
        }
    }
    assert_eq!(small, large, "statements for 10 grids: {small}, for 40 grids: {large}");
}

/// Every relation of the services and facilities domains, through the list
/// of points (a 党群服务中心 and one point per grid in the test district),
/// the centre's rooms and their seeded reservations, and the community's
/// living circle.
const EVERY_SERVICE_RELATION: &str = "query($id: ID!) {
  node(id: $id) { ... on Area { livingCircle { kinds { uncoveredBuildings { name } } } } }
  servicePoints(first: 100) {
    totalCount
    nodes {
      name
      area { name location { latitude } }
      servedAreas { name }
      openingHours { weekday starts }
      closures { date }
      openingOn(date: \"2026-09-20\") { starts }
      services { name point { name } rules { kind } availability(from: \"2026-12-07\", to: \"2026-12-13\") { booked free } }
      facilities {
        name
        point { name }
        reservations(from: \"2026-11-30T00:00:00+08:00\", to: \"2026-12-28T00:00:00+08:00\") {
          state date purpose person { name } facility { name } history { state by { name } }
        }
      }
    }
  }
}";

#[tokio::test]
async fn the_service_points_and_their_relations_cost_the_same_for_3_grids_as_for_12() {
    let (small, small_data) = cost(3, EVERY_SERVICE_RELATION).await;
    let (large, large_data) = cost(12, EVERY_SERVICE_RELATION).await;
    for (data, points) in [(&small_data, 4), (&large_data, 13)] {
        let nodes = data["servicePoints"]["nodes"].as_array().unwrap();
        assert_eq!(nodes.len(), points, "{data}");
        assert!(
            nodes
                .iter()
                .all(|p| p["servedAreas"][0]["name"] == "团结社区" && p["area"]["location"].is_object())
        );
        assert!(nodes.iter().all(|p| !p["openingHours"].as_array().unwrap().is_empty()));
        assert!(nodes.iter().any(|p| !p["openingOn"].as_array().unwrap().is_empty()), "a make-up Sunday");
        for field in ["facilities", "point", "reservations", "person", "facility", "history", "by"] {
            assert!(reached(data, field), "the query reaches `{field}`");
        }
    }
    assert_eq!(small, large, "statements for 3 grids: {small}, for 12 grids: {large}");
}

/// Every relation of home visits, through the district's requests (about
/// one for every 15 residents of the demo data, so more with more grids).
const EVERY_HOME_VISIT_RELATION: &str = "query($id: ID!) {
  node(id: $id) { ... on Area { name } }
  homeVisitRequests(first: 100) {
    totalCount
    nodes {
      state
      person { name homeArea { name } }
      service { name point { name } }
      grid { name }
      assignee { name }
      history { state by { name } }
    }
  }
}";

#[tokio::test]
async fn home_visit_requests_and_their_relations_cost_the_same_for_3_grids_as_for_20() {
    let (small, small_data) = cost(3, EVERY_HOME_VISIT_RELATION).await;
    let (large, large_data) = cost(20, EVERY_HOME_VISIT_RELATION).await;
    let sizes: Vec<usize> = [&small_data, &large_data]
        .iter()
        .map(|d| d["homeVisitRequests"]["nodes"].as_array().unwrap().len())
        .collect();
    assert!(sizes[0] < sizes[1], "more requests with more grids: {sizes:?}");
    for data in [&small_data, &large_data] {
        for field in ["person", "homeArea", "service", "point", "grid", "assignee", "history", "by"] {
            assert!(reached(data, field), "the query reaches `{field}`");
        }
    }
    assert_eq!(small, large, "statements for 3 grids: {small}, for 20 grids: {large}");
}

/// A grid worker's overview of the community: the hops the lists carry
/// (leaders, their persons, member records and organizations; the workers'
/// persons) are exactly what the loaders give for each object asked alone
/// through `node`, inside the caller's grid and outside it.
#[tokio::test]
async fn what_a_list_carries_is_what_its_loaders_would_load_alone() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let grid = app.first_area("GRID", None).await;
    let token = app.token(&[R::GridWorker], Some(TestApp::uuid_of(&json!(grid))), None, &[]);
    let leader = "buildingLeader { id fromOn person { id name phone partyMember { id status organization { id name } } } }";
    let worker = "id person { id name phone partyMember { id person { id name } organization { name } } }";
    let listed = app
        .data(
            Some(&token),
            &format!(
                "{{ areas(kind: COMMUNITY) {{ nodes {{ id children {{ nodes {{ id gridWorkers {{ nodes {{ {worker} }} }}
                   children {{ nodes {{ id {leader} }} }} }} }} }} }} }}"
            ),
            json!({}),
        )
        .await;
    let mut buildings = 0;
    let mut seen_out_of_scope = false;
    for community in listed["areas"]["nodes"].as_array().unwrap() {
        for grid in community["children"]["nodes"].as_array().unwrap() {
            for worker_row in grid["gridWorkers"]["nodes"].as_array().unwrap() {
                let alone = app
                    .data(
                        Some(&token),
                        &format!(
                            "query($id: ID!) {{ node(id: $id) {{ ... on RoleAssignment {{ {worker} }} }} }}"
                        ),
                        json!({ "id": worker_row["id"] }),
                    )
                    .await;
                assert_eq!(&alone["node"], worker_row);
            }
            for building in grid["children"]["nodes"].as_array().unwrap() {
                let alone = app
                    .data(
                        Some(&token),
                        &format!("query($id: ID!) {{ node(id: $id) {{ ... on Area {{ id {leader} }} }} }}"),
                        json!({ "id": building["id"] }),
                    )
                    .await;
                assert_eq!(&alone["node"], building);
                seen_out_of_scope |= building["buildingLeader"].is_null();
                buildings += 1;
            }
        }
    }
    assert_eq!(buildings, 9, "{listed}");
    assert!(seen_out_of_scope, "some buildings lie outside the worker's grid: {listed}");
}

/// In a mutation, a field read after a write sees the write: the lists of
/// the first payload carry nothing that could answer the second payload.
#[tokio::test]
async fn a_mutation_field_after_a_write_reads_the_write_not_what_an_earlier_list_carried() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let district = app.district_admin().await;
    let grid = app.first_area("GRID", None).await;
    let building = app.first_area("BUILDING", Some(&grid)).await;
    let person = app.register_resident(&district, &building, "韩立春", "19680302", 12).await;
    let current = app
        .data(
            Some(&district),
            "query($b: ID!) { node(id: $b) { ... on Area { buildingLeader { id } } } }",
            json!({ "b": building }),
        )
        .await;
    let leaders = "assignment { area { parent { children(first: 100) { nodes { id buildingLeader { person { name } } } } } } }";
    let body = app
        .gql(
            Some(&district),
            &format!(
                "mutation($end: EndBuildingLeaderInput!, $assign: AssignBuildingLeaderInput!) {{
                   ended: endBuildingLeader(input: $end) {{ userErrors {{ code }} {leaders} }}
                   assigned: assignBuildingLeader(input: $assign) {{ userErrors {{ code }} {leaders} }} }}"
            ),
            json!({
                "end": { "assignmentId": current["node"]["buildingLeader"]["id"], "toOn": "2024-06-30" },
                "assign": { "personId": person, "buildingId": building, "fromOn": "2024-07-01" },
            }),
        )
        .await;
    let leader_after = |field: &str| {
        body["data"][field]["assignment"]["area"]["parent"]["children"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["id"] == building)
            .map(|b| b["buildingLeader"].clone())
            .unwrap()
    };
    assert_eq!(body["data"]["ended"]["userErrors"], json!([]), "{body}");
    assert_eq!(body["data"]["assigned"]["userErrors"], json!([]), "{body}");
    assert_eq!(leader_after("ended"), Value::Null, "{body}");
    assert_eq!(leader_after("assigned")["person"]["name"], "韩立春", "{body}");
}
