//! Stories of registering residents and reading their personal data.

use gongzhi_server::seed::Scale;
use gongzhi_tests::{Perm, R, TestApp, id_card};
use serde_json::{Value, json};

const REGISTER: &str = "mutation($input: RegisterResidentInput!) {
  registerResident(input: $input) {
    person { id name gender birthDate age idCardNumber phone homeArea { name kind } }
    userErrors { field code message }
  }
}";

const COUNT_PEOPLE: &str = "{ people { totalCount } }";

/// The first community of the demo data and a building inside it.
async fn community_and_building(app: &TestApp) -> (String, String) {
    let data = app.data(None, "{ areas(kind: COMMUNITY, first: 1) { nodes { id } } }", json!({})).await;
    let community = data["areas"]["nodes"][0]["id"].as_str().unwrap().to_owned();
    let data = app
        .data(
            None,
            "query($c: ID!) { areas(kind: BUILDING, within: $c, first: 1) { nodes { id } } }",
            json!({ "c": community }),
        )
        .await;
    (community, data["areas"]["nodes"][0]["id"].as_str().unwrap().to_owned())
}

async fn total_people(app: &TestApp, token: &str) -> i64 {
    app.data(Some(token), COUNT_PEOPLE, json!({})).await["people"]["totalCount"].as_i64().unwrap()
}

#[tokio::test]
async fn a_community_admin_registers_a_resident_and_reads_the_id_masked_unless_permitted() {
    let (app, _) = TestApp::seeded(Scale::small(2)).await;
    let (community, building) = community_and_building(&app).await;
    let admin = app.token(&[R::CommunityAdmin], Some(TestApp::uuid_of(&json!(community))), None, &[]);
    let number = id_card("19850317", 42);

    let data = app
        .data(
            Some(&admin),
            REGISTER,
            json!({ "input": { "name": " 王秀英 ", "idCardNumber": number, "phone": "13912345678", "homeAreaId": building } }),
        )
        .await;
    let payload = &data["registerResident"];
    assert_eq!(payload["userErrors"], json!([]));
    let person = &payload["person"];
    assert_eq!(person["name"], "王秀英");
    assert_eq!(person["birthDate"], "1985-03-17");
    assert_eq!(person["homeArea"]["kind"], "BUILDING");
    assert_eq!(person["idCardNumber"], format!("340405********{}", &number[14..]));
    assert_eq!(person["phone"], "139****5678");

    // With the personal-data permission the same record reads whole, and the read is audited.
    let permitted = app.token(
        &[R::CommunityAdmin],
        Some(TestApp::uuid_of(&json!(community))),
        None,
        &[Perm::PersonalData],
    );
    let data = app
        .data(
            Some(&permitted),
            "query($id: ID!) { node(id: $id) { ... on Person { idCardNumber phone } } }",
            json!({ "id": person["id"] }),
        )
        .await;
    assert_eq!(data["node"]["idCardNumber"], number);
    assert_eq!(data["node"]["phone"], "13912345678");
    let mut conn = app.db().conn().await.unwrap();
    let audited = gongzhi_server::people::store::count_audit(
        &mut conn,
        gongzhi_server::ids::PersonId(TestApp::uuid_of(&person["id"])),
    )
    .await
    .unwrap();
    assert_eq!(audited, 2, "one audit row per whole field read");
}

#[tokio::test]
async fn a_wrong_check_digit_is_refused_naming_the_field_and_nothing_is_written() {
    let (app, _) = TestApp::seeded(Scale::small(1)).await;
    let (community, building) = community_and_building(&app).await;
    let admin = app.token(&[R::CommunityAdmin], Some(TestApp::uuid_of(&json!(community))), None, &[]);
    let before = total_people(&app, &admin).await;

    let good = id_card("19700101", 7);
    let last = good.chars().last().unwrap();
    let wrong_check = if last == '1' { '2' } else { '1' };
    let bad = format!("{}{}", &good[..17], wrong_check);
    let data = app
        .data(
            Some(&admin),
            REGISTER,
            json!({ "input": { "name": "李强", "idCardNumber": bad, "homeAreaId": building } }),
        )
        .await;
    let payload = &data["registerResident"];
    assert_eq!(payload["person"], Value::Null);
    assert_eq!(payload["userErrors"][0]["code"], "BAD_USER_INPUT");
    assert_eq!(payload["userErrors"][0]["field"], json!(["input", "idCardNumber"]));
    assert!(payload["userErrors"][0]["message"].as_str().unwrap().contains("check digit"));
    assert_eq!(total_people(&app, &admin).await, before, "nothing was written");

    // Every bad field is reported at once.
    let data = app
        .data(
            Some(&admin),
            REGISTER,
            json!({ "input": { "name": "", "idCardNumber": bad, "phone": "12345", "homeAreaId": building } }),
        )
        .await;
    let fields: Vec<Value> = data["registerResident"]["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].clone())
        .collect();
    assert_eq!(
        fields,
        vec![json!(["input", "name"]), json!(["input", "idCardNumber"]), json!(["input", "phone"])]
    );
    assert_eq!(total_people(&app, &admin).await, before);
}

#[tokio::test]
async fn a_second_resident_with_the_same_id_card_number_is_a_conflict() {
    let (app, _) = TestApp::seeded(Scale::small(1)).await;
    let (community, building) = community_and_building(&app).await;
    let admin = app.token(&[R::CommunityAdmin], Some(TestApp::uuid_of(&json!(community))), None, &[]);
    let number = id_card("19920808", 5);
    let input = json!({ "input": { "name": "赵敏", "idCardNumber": number, "homeAreaId": building } });
    let first = app.data(Some(&admin), REGISTER, input.clone()).await;
    assert_eq!(first["registerResident"]["userErrors"], json!([]));
    let before = total_people(&app, &admin).await;

    // The same number typed with a lower-case check character is the same number.
    let again =
        json!({ "input": { "name": "赵敏", "idCardNumber": number.to_lowercase(), "homeAreaId": building } });
    let second = app.data(Some(&admin), REGISTER, again).await;
    assert_eq!(second["registerResident"]["person"], Value::Null);
    assert_eq!(second["registerResident"]["userErrors"][0]["code"], "CONFLICT");
    assert_eq!(second["registerResident"]["userErrors"][0]["field"], json!(["input", "idCardNumber"]));
    assert_eq!(total_people(&app, &admin).await, before);
}

#[tokio::test]
async fn registering_needs_a_token_and_an_area_that_covers_the_home() {
    let (app, _) = TestApp::seeded(Scale::small(2)).await;
    let grids = app.data(None, "{ areas(kind: GRID, first: 2) { nodes { id } } }", json!({})).await;
    let grid = |i: usize| grids["areas"]["nodes"][i]["id"].as_str().unwrap().to_owned();
    let app = &app;
    let building_in = |g: String| async move {
        let q = "query($g: ID!) { areas(kind: BUILDING, within: $g, first: 1) { nodes { id } } }";
        app.data(None, q, json!({ "g": g })).await["areas"]["nodes"][0]["id"].as_str().unwrap().to_owned()
    };
    let (mine, theirs) = (building_in(grid(0)).await, building_in(grid(1)).await);
    let input = |home: &str, n: u32| json!({ "input": { "name": "周杰", "idCardNumber": id_card("19800101", n), "homeAreaId": home } });

    let anonymous = app.gql(None, REGISTER, input(&mine, 1)).await;
    assert_eq!(anonymous["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    assert_eq!(anonymous["data"]["registerResident"], Value::Null);

    let resident = app.token(&[R::Resident], None, Some(uuid::Uuid::now_v7()), &[]);
    let body = app.gql(Some(&resident), REGISTER, input(&mine, 1)).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "FORBIDDEN");

    // A grid worker registers residents of their own grid, not of the next one.
    let worker = app.token(&[R::GridWorker], Some(TestApp::uuid_of(&json!(grid(0)))), None, &[]);
    let ok = app.data(Some(&worker), REGISTER, input(&mine, 2)).await;
    assert_eq!(ok["registerResident"]["userErrors"], json!([]));
    let body = app.gql(Some(&worker), REGISTER, input(&theirs, 3)).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "FORBIDDEN");
}

#[tokio::test]
async fn a_person_is_found_by_id_card_number_or_phone_without_decrypting_anyone() {
    let (app, _) = TestApp::seeded(Scale::small(1)).await;
    let (community, building) = community_and_building(&app).await;
    let admin = app.token(&[R::CommunityAdmin], Some(TestApp::uuid_of(&json!(community))), None, &[]);
    let number = id_card("19660606", 66);
    let registered = app
        .data(
            Some(&admin),
            REGISTER,
            json!({ "input": { "name": "孙丽", "idCardNumber": number, "phone": "18655554444", "homeAreaId": building } }),
        )
        .await;
    let id = registered["registerResident"]["person"]["id"].clone();
    let find =
        "query($n: String, $p: String) { people(idCardNumber: $n, phone: $p) { totalCount nodes { id } } }";

    let by_number = app.data(Some(&admin), find, json!({ "n": number })).await;
    assert_eq!(by_number["people"]["nodes"], json!([{ "id": id }]));
    let by_phone = app.data(Some(&admin), find, json!({ "p": "186 5555 4444" })).await;
    assert_eq!(by_phone["people"]["nodes"], json!([{ "id": id }]));
    let other = app.data(Some(&admin), find, json!({ "n": id_card("19660606", 67) })).await;
    assert_eq!(other["people"]["totalCount"], 0);

    let malformed = app.gql(Some(&admin), find, json!({ "n": "12345" })).await;
    assert_eq!(malformed["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    assert_eq!(malformed["errors"][0]["extensions"]["field"], "idCardNumber");
}
