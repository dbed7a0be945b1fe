//! Stories of who serves where: the people who serve in an area are visible
//! to its admins wherever they live, while their service runs (through its
//! last day), but their personal records stay with the admins of their home.

use gongzhi_server::seed::Scale;
use gongzhi_tests::{R, TestApp};
use serde_json::{Value, json};

const PERSON: &str = "query($id: ID!) { node(id: $id) { ... on Person { name } } }";

async fn grids(app: &TestApp) -> (String, String) {
    let data = app.data(None, "{ areas(kind: GRID, first: 2) { nodes { id } } }", json!({})).await;
    let id = |i: usize| data["areas"]["nodes"][i]["id"].as_str().unwrap().to_owned();
    (id(0), id(1))
}

#[tokio::test]
async fn the_admins_of_a_grid_see_its_building_leader_from_another_grid_but_only_the_home_grid_edits_them() {
    let (app, _) = TestApp::seeded(Scale::small(2)).await;
    let district = app.district_admin().await;
    let (home_grid, other_grid) = grids(&app).await;
    let home = app.first_area("BUILDING", Some(&home_grid)).await;
    let served = app.first_area("BUILDING", Some(&other_grid)).await;
    let person = app.register_resident(&district, &home, "周立新", "19700101", 41).await;
    let worker = |grid: &str| app.token(&[R::GridWorker], Some(TestApp::uuid_of(&json!(grid))), None, &[]);
    let (home_worker, other_worker) = (worker(&home_grid), worker(&other_grid));

    // Before serving there, the other grid does not see the person at all.
    let unseen = app.data(Some(&other_worker), PERSON, json!({ "id": person })).await;
    assert_eq!(unseen["node"], Value::Null);

    // The building's leader steps down and the person takes over.
    let current = app
        .data(
            Some(&district),
            "query($b: ID!) { node(id: $b) { ... on Area { buildingLeader { id } } } }",
            json!({ "b": served }),
        )
        .await;
    let ended = app
        .mutate(
            &district,
            "endBuildingLeader",
            "EndBuildingLeaderInput",
            "assignment { active }",
            json!({ "assignmentId": current["node"]["buildingLeader"]["id"], "toOn": "2024-06-30" }),
        )
        .await;
    assert_eq!(ended["userErrors"], json!([]));
    let appointed = app
        .mutate(
            &district,
            "assignBuildingLeader",
            "AssignBuildingLeaderInput",
            "assignment { id }",
            json!({ "personId": person, "buildingId": served, "fromOn": "2024-07-01" }),
        )
        .await;
    assert_eq!(appointed["userErrors"], json!([]));

    // Now the other grid's worker sees the leader...
    let seen = app.data(Some(&other_worker), PERSON, json!({ "id": person })).await;
    assert_eq!(seen["node"]["name"], "周立新");

    // ...but the person's own record belongs to the grid they live in.
    let edit = |token: String| {
        let app = &app;
        let person = person.clone();
        async move {
            app.gql(
                Some(&token),
                "mutation($i: UpdatePersonInput!) { updatePerson(input: $i) { person { name } userErrors { code } } }",
                json!({ "i": { "id": person, "name": "周立新（改）" } }),
            )
            .await
        }
    };
    let refused = edit(other_worker.clone()).await;
    assert_eq!(refused["errors"][0]["extensions"]["code"], "FORBIDDEN", "{refused}");
    let register_entry = app
        .gql(
            Some(&other_worker),
            "mutation($i: RegisterSpecialGroupInput!) { registerSpecialGroup(input: $i) { entry { id } userErrors { code } } }",
            json!({ "i": { "personId": person, "group": "SICK" } }),
        )
        .await;
    assert_eq!(register_entry["errors"][0]["extensions"]["code"], "FORBIDDEN", "{register_entry}");
    let after_refusals = app.data(Some(&district), PERSON, json!({ "id": person })).await;
    assert_eq!(after_refusals["node"]["name"], "周立新", "nothing was changed");

    let allowed = edit(home_worker.clone()).await;
    assert_eq!(allowed["data"]["updatePerson"]["person"]["name"], "周立新（改）", "{allowed}");
    let entry = app
        .mutate(
            &home_worker,
            "registerSpecialGroup",
            "RegisterSpecialGroupInput",
            "entry { group }",
            json!({ "personId": person, "group": "SICK" }),
        )
        .await;
    assert_eq!(entry["userErrors"], json!([]));
}

#[tokio::test]
async fn a_term_runs_through_its_last_day_and_a_term_ending_ahead_still_counts() {
    let (app, _) = TestApp::seeded(Scale::small(2)).await;
    let district = app.district_admin().await;
    let (home_grid, other_grid) = grids(&app).await;
    let home = app.first_area("BUILDING", Some(&home_grid)).await;
    let person = app.register_resident(&district, &home, "吴海燕", "19700101", 42).await;
    let other_worker = app.token(&[R::GridWorker], Some(TestApp::uuid_of(&json!(other_grid))), None, &[]);
    let fields = "assignment { id active toOn }";
    let assigned = app
        .mutate(
            &district,
            "assignGridWorker",
            "AssignGridWorkerInput",
            fields,
            json!({ "personId": person, "gridId": other_grid, "fromOn": "2024-01-01" }),
        )
        .await;
    assert_eq!(assigned["userErrors"], json!([]));
    let id = assigned["assignment"]["id"].clone();

    // The term is given an end a month ahead: it still runs today.
    let ahead = (chrono::Utc::now().date_naive() + chrono::Days::new(30)).format("%Y-%m-%d").to_string();
    let ending = app
        .mutate(
            &district,
            "endGridWorker",
            "EndGridWorkerInput",
            fields,
            json!({ "assignmentId": id, "toOn": ahead }),
        )
        .await;
    assert_eq!(ending["userErrors"], json!([]));
    assert_eq!(ending["assignment"]["active"], true);
    assert_eq!(ending["assignment"]["toOn"], json!(ahead));
    let workers =
        "query($g: ID!) { node(id: $g) { ... on Area { gridWorkers(first: 50) { nodes { id } } } } }";
    let listed = app.data(Some(&district), workers, json!({ "g": other_grid })).await;
    assert!(listed["node"]["gridWorkers"]["nodes"].as_array().unwrap().iter().any(|w| w["id"] == id));
    let seen = app.data(Some(&other_worker), PERSON, json!({ "id": person })).await;
    assert_eq!(seen["node"]["name"], "吴海燕", "visible while the term runs");
    // The same person cannot be appointed there twice while it runs.
    let twice = app
        .mutate(
            &district,
            "assignGridWorker",
            "AssignGridWorkerInput",
            fields,
            json!({ "personId": person, "gridId": other_grid, "fromOn": "2024-02-01" }),
        )
        .await;
    assert_eq!(twice["userErrors"][0]["code"], "CONFLICT");

    // Brought forward to a day past, it has ended.
    let ended = app
        .mutate(
            &district,
            "endGridWorker",
            "EndGridWorkerInput",
            fields,
            json!({ "assignmentId": id, "toOn": "2024-12-31" }),
        )
        .await;
    assert_eq!(ended["assignment"]["active"], false);
    let listed = app.data(Some(&district), workers, json!({ "g": other_grid })).await;
    assert!(!listed["node"]["gridWorkers"]["nodes"].as_array().unwrap().iter().any(|w| w["id"] == id));
    let unseen = app.data(Some(&other_worker), PERSON, json!({ "id": person })).await;
    assert_eq!(unseen["node"], Value::Null, "not visible once the term has ended");
    let again = app
        .mutate(
            &district,
            "endGridWorker",
            "EndGridWorkerInput",
            fields,
            json!({ "assignmentId": id, "toOn": "2025-01-31" }),
        )
        .await;
    assert_eq!(again["userErrors"][0]["code"], "INVALID_STATE");
}
