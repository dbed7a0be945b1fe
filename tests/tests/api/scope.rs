//! Stories of who sees whom: authority flows down the area tree, a resident
//! sees themself, and nothing out of scope leaks, not even its existence.

use gongzhi_server::seed::Scale;
use gongzhi_tests::{R, TestApp};
use serde_json::json;
use uuid::Uuid;

const PEOPLE_WITHIN: &str = "query($w: ID) { people(within: $w, first: 5) { totalCount nodes { id name homeArea { ancestors { name } } } } }";

#[tokio::test]
async fn a_street_admin_sees_every_resident_of_its_communities_and_none_of_another_street() {
    let (app, _) = TestApp::seeded(Scale::article()).await;
    let xinzhuangzi = app.area_id("新庄孜街道").await;
    let tubazi = app.area_id("土坝孜街道").await;
    let district = app.token(
        &[R::DistrictAdmin],
        Some(TestApp::uuid_of(&json!(app.area_id("八公山区").await))),
        None,
        &[],
    );
    let street = app.token(&[R::StreetAdmin], Some(TestApp::uuid_of(&json!(xinzhuangzi))), None, &[]);

    let all_of_street = app.data(Some(&district), PEOPLE_WITHIN, json!({ "w": xinzhuangzi })).await;
    let expected = all_of_street["people"]["totalCount"].as_i64().unwrap();
    assert!(expected > 1000, "the street has thousands of residents: {expected}");

    let seen = app.data(Some(&street), PEOPLE_WITHIN, json!({ "w": null })).await;
    assert_eq!(seen["people"]["totalCount"].as_i64().unwrap(), expected, "all of its own, nothing else");
    for person in seen["people"]["nodes"].as_array().unwrap() {
        let ancestors: Vec<&str> = person["homeArea"]["ancestors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["name"].as_str().unwrap())
            .collect();
        assert!(ancestors.contains(&"新庄孜街道"), "{person}");
    }
    let other = app.data(Some(&street), PEOPLE_WITHIN, json!({ "w": tubazi })).await;
    assert_eq!(other["people"]["totalCount"], 0);
    assert_eq!(other["people"]["nodes"], json!([]));

    // The other street's residents exist: the district admin sees them.
    let other_seen_by_district = app.data(Some(&district), PEOPLE_WITHIN, json!({ "w": tubazi })).await;
    assert!(other_seen_by_district["people"]["totalCount"].as_i64().unwrap() > 1000);

    // Asking for one of them by id answers exactly as for an id that does not
    // exist. (One who serves nowhere: a grid worker or member of an
    // organization of the street would be visible to it wherever they live.)
    let others = app
        .data(
            Some(&district),
            "query($w: ID) { people(within: $w, first: 50) { nodes { id roles { totalCount } partyMember { id } } } }",
            json!({ "w": tubazi }),
        )
        .await;
    let stranger = others["people"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["roles"]["totalCount"] == 0 && p["partyMember"].is_null())
        .expect("a resident with no role")["id"]
        .clone();
    let missing = gongzhi_server::ids::PersonId(Uuid::now_v7()).to_global();
    let node = "query($id: ID!) { node(id: $id) { id ... on Person { name } } }";
    let out_of_scope = app.gql(Some(&street), node, json!({ "id": stranger })).await;
    let not_there = app.gql(Some(&street), node, json!({ "id": missing.as_str() })).await;
    assert_eq!(out_of_scope, json!({ "data": { "node": null } }));
    assert_eq!(out_of_scope, not_there);
    // Anonymous callers see areas, never people.
    let anonymous = app.data(None, PEOPLE_WITHIN, json!({ "w": null })).await;
    assert_eq!(anonymous["people"]["totalCount"], 0);
}

#[tokio::test]
async fn a_resident_sees_only_themself() {
    let (app, _) = TestApp::seeded(Scale::small(2)).await;
    let district = app.token(
        &[R::DistrictAdmin],
        Some(TestApp::uuid_of(&json!(app.area_id("八公山区").await))),
        None,
        &[],
    );
    let some = app.data(Some(&district), "{ people(first: 2) { nodes { id name } } }", json!({})).await;
    let me = &some["people"]["nodes"][0];
    let neighbour = &some["people"]["nodes"][1];
    let resident = app.token(&[R::Resident], None, Some(TestApp::uuid_of(&me["id"])), &[]);

    let data =
        app.data(Some(&resident), "{ me { id name } people { totalCount nodes { id } } }", json!({})).await;
    assert_eq!(data["me"]["id"], me["id"]);
    assert_eq!(data["people"]["totalCount"], 1);
    assert_eq!(data["people"]["nodes"], json!([{ "id": me["id"] }]));
    let data = app
        .data(Some(&resident), "query($id: ID!) { node(id: $id) { id } }", json!({ "id": neighbour["id"] }))
        .await;
    assert_eq!(data["node"], serde_json::Value::Null);
}

#[tokio::test]
async fn a_street_admin_sees_the_grid_workers_of_its_grids_wherever_they_live() {
    let (app, _) = TestApp::seeded(Scale::article()).await;
    let street = app.area_id("新庄孜街道").await;
    let admin = app.token(&[R::StreetAdmin], Some(TestApp::uuid_of(&json!(street))), None, &[]);
    let data = app
        .data(
            Some(&admin),
            "query($w: ID) { gridWorkers(within: $w, first: 100) { totalCount nodes { person { name } area { kind } } } }",
            json!({ "w": street }),
        )
        .await;
    let workers = data["gridWorkers"]["nodes"].as_array().unwrap();
    assert!(!workers.is_empty());
    for w in workers {
        assert_eq!(w["area"]["kind"], "GRID");
        assert!(w["person"]["name"].is_string(), "every grid worker of the street is visible: {w}");
    }
}
