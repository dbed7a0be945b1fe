//! Stories of the community 大党委's seats and of 结对共建 pairings.

use gongzhi_server::seed::Scale;
use gongzhi_tests::{TestApp, id_card};
use serde_json::{Value, json};

#[tokio::test]
async fn a_unit_head_takes_a_part_time_seat_on_the_community_committee_and_the_term_ends() {
    let (app, _) = TestApp::seeded(Scale::small(1)).await;
    let admin = app.district_admin().await;
    let orgs = app
        .data(None, "{ partyOrganizations(first: 100) { nodes { id kind area { kind } } } }", json!({}))
        .await;
    let nodes = orgs["partyOrganizations"]["nodes"].as_array().unwrap();
    let committee =
        nodes.iter().find(|o| o["kind"] == "COMMITTEE" && o["area"]["kind"] == "COMMUNITY").unwrap();
    let branch = nodes.iter().find(|o| o["kind"] == "BRANCH").unwrap();
    let building = app.first_area("BUILDING", None).await;
    let person = app
        .mutate(
            &admin,
            "registerResident",
            "RegisterResidentInput",
            "person { id }",
            json!({ "name": "郑国强", "idCardNumber": id_card("19700909", 4), "homeAreaId": building }),
        )
        .await["person"]["id"]
        .clone();
    let fields = "seat { id position active termFrom termTo person { name } committee { id } }";
    let add = |input: Value| {
        let (app, admin) = (&app, admin.clone());
        async move { app.mutate(&admin, "addCommitteeSeat", "AddCommitteeSeatInput", fields, input).await }
    };

    let seat = add(json!({ "committeeId": committee["id"], "personId": person, "position": " 兼职委员 ", "termFrom": "2024-01-01" })).await;
    assert_eq!(seat["userErrors"], json!([]));
    assert_eq!(seat["seat"]["position"], "兼职委员");
    assert_eq!(seat["seat"]["active"], true);
    let twice = add(json!({ "committeeId": committee["id"], "personId": person, "position": "委员", "termFrom": "2024-01-01" })).await;
    assert_eq!(twice["userErrors"][0]["code"], "CONFLICT");
    let wrong = add(json!({ "committeeId": branch["id"], "personId": person, "position": "", "termFrom": "2024-01-01", "termTo": "2023-01-01" })).await;
    let codes: Vec<&Value> = wrong["userErrors"].as_array().unwrap().iter().map(|e| &e["field"]).collect();
    assert_eq!(codes.len(), 3, "position, termTo and a committee that is not a 党委: {wrong}");

    let listed = app
        .data(
            Some(&admin),
            "query($c: ID!) { node(id: $c) { ... on PartyOrganization { committeeSeats(first: 50) { nodes { person { name } } } } } }",
            json!({ "c": committee["id"] }),
        )
        .await;
    let names: Vec<&Value> = listed["node"]["committeeSeats"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["person"]["name"])
        .collect();
    assert!(names.contains(&&json!("郑国强")));

    let end = |to: &'static str| {
        let (app, admin, id) = (&app, admin.clone(), seat["seat"]["id"].clone());
        async move {
            app.mutate(
                &admin,
                "endCommitteeSeat",
                "EndCommitteeSeatInput",
                fields,
                json!({ "seatId": id, "termTo": to }),
            )
            .await
        }
    };
    assert_eq!(end("2023-12-31").await["userErrors"][0]["code"], "BAD_USER_INPUT");
    assert_eq!(end("2025-01-01").await["seat"]["active"], false);
    assert_eq!(end("2025-02-01").await["userErrors"][0]["code"], "INVALID_STATE");
}

#[tokio::test]
async fn an_institution_pairs_with_a_community_once_and_the_pairing_ends() {
    let (app, _) = TestApp::seeded(Scale::small(1)).await;
    let admin = app.district_admin().await;
    let community = app.first_area("COMMUNITY", None).await;
    let grid = app.first_area("GRID", None).await;
    let district_committee = app
        .data(
            None,
            "{ partyOrganizations(kind: COMMITTEE, first: 100) { nodes { id area { kind } } } }",
            json!({}),
        )
        .await["partyOrganizations"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["area"]["kind"] == "DISTRICT")
        .unwrap()["id"]
        .clone();
    let fields = "pairing { id active since until organization { id } community { id } }";
    let create = |community: &str| {
        let (app, admin, org) = (&app, admin.clone(), district_committee.clone());
        let input = json!({ "organizationId": org, "communityId": community, "since": "2024-03-01" });
        async move { app.mutate(&admin, "createPairing", "CreatePairingInput", fields, input).await }
    };
    let pairing = create(&community).await;
    assert_eq!(pairing["userErrors"], json!([]));
    assert_eq!(create(&community).await["userErrors"][0]["code"], "CONFLICT");
    assert_eq!(create(&grid).await["userErrors"][0]["code"], "BAD_USER_INPUT");

    let active = "query($c: ID!) { node(id: $c) { ... on Area { pairings { totalCount } all: pairings(activeOnly: false) { totalCount } } } }";
    let before = app.data(None, active, json!({ "c": community })).await;
    let end = |until: &'static str| {
        let (app, admin, id) = (&app, admin.clone(), pairing["pairing"]["id"].clone());
        async move {
            app.mutate(
                &admin,
                "endPairing",
                "EndPairingInput",
                fields,
                json!({ "pairingId": id, "until": until }),
            )
            .await
        }
    };
    assert_eq!(end("2024-01-01").await["userErrors"][0]["code"], "BAD_USER_INPUT");
    assert_eq!(end("2024-06-01").await["pairing"]["active"], false);
    assert_eq!(end("2024-07-01").await["userErrors"][0]["code"], "INVALID_STATE");
    let after = app.data(None, active, json!({ "c": community })).await;
    assert_eq!(
        after["node"]["pairings"]["totalCount"].as_i64().unwrap(),
        before["node"]["pairings"]["totalCount"].as_i64().unwrap() - 1
    );
    assert_eq!(after["node"]["all"]["totalCount"], before["node"]["all"]["totalCount"]);
}
