//! Stories of the special-group register, building leaders, grid workers,
//! grid governance groups and moving house.

use gongzhi_server::seed::Scale;
use gongzhi_tests::TestApp;
use serde_json::{Value, json};

async fn new_resident(app: &TestApp, admin: &str, building: &str, name: &str, seq: u32) -> Value {
    app.register_resident(admin, building, name, "19480302", seq).await
}

#[tokio::test]
async fn an_elderly_resident_is_registered_in_the_special_group_ledger_and_later_removed() {
    let (app, _) = TestApp::seeded(Scale::small(1)).await;
    let admin = app.district_admin().await;
    let building = app.first_area("BUILDING", None).await;
    let person = new_resident(&app, &admin, &building, "刘桂兰", 1).await;
    let fields = "entry { id group registeredOn endedOn note person { name } }";

    let added = app
        .mutate(
            &admin,
            "registerSpecialGroup",
            "RegisterSpecialGroupInput",
            fields,
            json!({ "personId": person, "group": "ELDERLY_ALONE", "registeredOn": "2023-05-01", "note": "子女在外地" }),
        )
        .await;
    assert_eq!(added["userErrors"], json!([]));
    assert_eq!(added["entry"]["person"]["name"], "刘桂兰");
    let twice = app
        .mutate(
            &admin,
            "registerSpecialGroup",
            "RegisterSpecialGroupInput",
            fields,
            json!({ "personId": person, "group": "ELDERLY_ALONE" }),
        )
        .await;
    assert_eq!(twice["userErrors"][0]["code"], "CONFLICT");

    let listed = app
        .data(
            Some(&admin),
            "{ people(specialGroup: ELDERLY_ALONE, minAge: 70, nameContains: \"刘桂兰\") { totalCount nodes { specialGroups { nodes { group registeredOn } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(listed["people"]["totalCount"], 1);
    assert_eq!(listed["people"]["nodes"][0]["specialGroups"]["nodes"][0]["registeredOn"], "2023-05-01");

    let entry = added["entry"]["id"].clone();
    let end = |on: &'static str| {
        let (app, admin, entry) = (&app, admin.clone(), entry.clone());
        async move {
            app.mutate(
                &admin,
                "endSpecialGroup",
                "EndSpecialGroupInput",
                fields,
                json!({ "entryId": entry, "endedOn": on }),
            )
            .await
        }
    };
    assert_eq!(end("2023-01-01").await["userErrors"][0]["code"], "BAD_USER_INPUT");
    assert_eq!(end("2024-02-01").await["entry"]["endedOn"], "2024-02-01");
    assert_eq!(end("2024-03-01").await["userErrors"][0]["code"], "INVALID_STATE");
    let after = app
        .data(
            Some(&admin),
            "{ people(specialGroup: ELDERLY_ALONE, nameContains: \"刘桂兰\") { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(after["people"]["totalCount"], 0);
}

#[tokio::test]
async fn a_building_gets_one_leader_and_a_grid_its_workers_and_governance_group() {
    let (app, _) = TestApp::seeded(Scale::small(1)).await;
    let admin = app.district_admin().await;
    let grid = app.first_area("GRID", None).await;
    let building = app.first_area("BUILDING", Some(&grid)).await;
    let person = new_resident(&app, &admin, &building, "马建华", 2).await;
    let fields = "assignment { id role active fromOn toOn person { name } area { kind } }";

    // The seed gave every building of the grid a leader already: a second is a conflict.
    let second = app
        .mutate(
            &admin,
            "assignBuildingLeader",
            "AssignBuildingLeaderInput",
            fields,
            json!({ "personId": person, "buildingId": building, "fromOn": "2024-01-01" }),
        )
        .await;
    assert_eq!(second["userErrors"][0]["code"], "CONFLICT");
    let current = app
        .data(
            Some(&admin),
            "query($b: ID!) { node(id: $b) { ... on Area { buildingLeader { id } } } }",
            json!({ "b": building }),
        )
        .await;
    let ended = app
        .mutate(
            &admin,
            "endBuildingLeader",
            "EndBuildingLeaderInput",
            fields,
            json!({ "assignmentId": current["node"]["buildingLeader"]["id"], "toOn": "2024-06-30" }),
        )
        .await;
    assert_eq!(ended["assignment"]["active"], false);
    let leader = app
        .mutate(
            &admin,
            "assignBuildingLeader",
            "AssignBuildingLeaderInput",
            fields,
            json!({ "personId": person, "buildingId": building, "fromOn": "2024-07-01" }),
        )
        .await;
    assert_eq!(leader["userErrors"], json!([]));
    assert_eq!(leader["assignment"]["role"], "BUILDING_LEADER");
    let wrong_kind = app
        .mutate(
            &admin,
            "assignBuildingLeader",
            "AssignBuildingLeaderInput",
            fields,
            json!({ "personId": person, "buildingId": grid, "fromOn": "2024-07-01" }),
        )
        .await;
    assert_eq!(wrong_kind["userErrors"][0]["code"], "BAD_USER_INPUT");

    let worker = app
        .mutate(
            &admin,
            "assignGridWorker",
            "AssignGridWorkerInput",
            fields,
            json!({ "personId": person, "gridId": grid, "fromOn": "2024-07-01" }),
        )
        .await;
    assert_eq!(worker["userErrors"], json!([]));
    let member = app
        .mutate(
            &admin,
            "addGridGroupMember",
            "AddGridGroupMemberInput",
            "member { role person { name } grid { kind } }",
            json!({ "gridId": grid, "personId": person, "role": "RESIDENT_REP", "fromOn": "2024-07-01" }),
        )
        .await;
    assert_eq!(member["userErrors"], json!([]));
    let unit_rep = app
        .mutate(
            &admin,
            "addGridGroupMember",
            "AddGridGroupMemberInput",
            "member { role }",
            json!({ "gridId": grid, "personId": person, "role": "UNIT_REP", "fromOn": "2024-07-01" }),
        )
        .await;
    assert_eq!(unit_rep["userErrors"][0]["field"], json!(["input", "unitId"]));

    let seen = app
        .data(
            Some(&admin),
            "query($g: ID!, $b: ID!) {
               grid: node(id: $g) { ... on Area { gridWorkers(first: 50) { nodes { person { name } } }
                                                 governanceGroup(first: 50) { nodes { role person { name } } } } }
               building: node(id: $b) { ... on Area { buildingLeader { person { name roles { totalCount } } } } } }",
            json!({ "g": grid, "b": building }),
        )
        .await;
    let names = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|n| n["person"]["name"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    assert!(names(&seen["grid"]["gridWorkers"]["nodes"]).contains(&"马建华".to_owned()));
    assert!(names(&seen["grid"]["governanceGroup"]["nodes"]).contains(&"马建华".to_owned()));
    assert_eq!(seen["building"]["buildingLeader"]["person"]["name"], "马建华");
    assert_eq!(seen["building"]["buildingLeader"]["person"]["roles"]["totalCount"], 2);
}

#[tokio::test]
async fn moving_house_changes_the_phone_and_home_and_keeps_the_person_visible_to_the_new_area() {
    let (app, _) = TestApp::seeded(Scale::small(2)).await;
    let admin = app.district_admin().await;
    let grids = app.data(None, "{ areas(kind: GRID, first: 2) { nodes { id } } }", json!({})).await;
    let (grid_a, grid_b) = (
        grids["areas"]["nodes"][0]["id"].as_str().unwrap().to_owned(),
        grids["areas"]["nodes"][1]["id"].as_str().unwrap().to_owned(),
    );
    let home_a = app.first_area("BUILDING", Some(&grid_a)).await;
    let home_b = app.first_area("BUILDING", Some(&grid_b)).await;
    let person = new_resident(&app, &admin, &home_a, "黄志强", 3).await;
    let fields = "person { name phone homeArea { id } }";

    let moved = app
        .mutate(
            &admin,
            "updatePerson",
            "UpdatePersonInput",
            fields,
            json!({ "id": person, "homeAreaId": home_b, "phone": "15800001111", "name": "黄志强" }),
        )
        .await;
    assert_eq!(moved["userErrors"], json!([]));
    assert_eq!(moved["person"]["homeArea"]["id"], home_b.as_str());
    assert_eq!(moved["person"]["phone"], "158****1111");
    let bad = app
        .mutate(&admin, "updatePerson", "UpdatePersonInput", fields, json!({ "id": person, "phone": "999" }))
        .await;
    assert_eq!(bad["userErrors"][0]["field"], json!(["input", "phone"]));

    let worker_of = |grid: &str| {
        app.token(&[gongzhi_tests::R::GridWorker], Some(TestApp::uuid_of(&json!(grid))), None, &[])
    };
    let query = "query($id: ID!) { node(id: $id) { id } }";
    let by_a = app.data(Some(&worker_of(&grid_a)), query, json!({ "id": person })).await;
    let by_b = app.data(Some(&worker_of(&grid_b)), query, json!({ "id": person })).await;
    assert_eq!(by_a["node"], Value::Null, "the old grid no longer sees them");
    assert_eq!(by_b["node"]["id"], person);
}
