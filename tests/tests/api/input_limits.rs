//! Every string argument and input field has a documented maximum length,
//! and a longer one is refused with `BAD_USER_INPUT` naming the field, on
//! queries anyone may send and on mutations alike.

use gongzhi_server::seed::Scale;
use gongzhi_tests::TestApp;
use serde_json::{Value, json};

fn huge() -> String {
    "x".repeat(50_001)
}

fn assert_bad_argument(body: &Value, field: &str) {
    let error = &body["errors"][0];
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{field}: {body}");
    assert_eq!(error["extensions"]["field"], field, "{body}");
}

#[tokio::test]
async fn a_50001_character_search_cursor_or_id_is_bad_input_naming_the_argument() {
    let (app, _) = TestApp::seeded(Scale::small(1)).await;
    let admin = app.district_admin().await;
    let name = json!({ "n": huge() });
    // Anonymous callers reach these.
    let areas =
        app.gql(None, "query($n: String) { areas(nameContains: $n) { totalCount } }", name.clone()).await;
    assert_bad_argument(&areas, "nameContains");
    let orgs = app
        .gql(None, "query($n: String) { partyOrganizations(nameContains: $n) { totalCount } }", name.clone())
        .await;
    assert_bad_argument(&orgs, "nameContains");
    // Signed-in callers reach these.
    let people = app
        .gql(Some(&admin), "query($n: String) { people(nameContains: $n) { totalCount } }", name.clone())
        .await;
    assert_bad_argument(&people, "nameContains");
    let members = app
        .gql(Some(&admin), "query($n: String) { partyMembers(nameContains: $n) { totalCount } }", name)
        .await;
    assert_bad_argument(&members, "nameContains");
    // Fifty characters is still a search.
    let fifty = app
        .data(
            None,
            "query($n: String) { areas(nameContains: $n) { totalCount } }",
            json!({ "n": "王".repeat(50) }),
        )
        .await;
    assert_eq!(fifty["areas"]["totalCount"], 0);

    let cursor =
        app.gql(None, "query($c: String) { areas(after: $c) { totalCount } }", json!({ "c": huge() })).await;
    assert_bad_argument(&cursor, "after");
    let id =
        app.gql(None, "query($p: ID) { areas(parentId: $p) { totalCount } }", json!({ "p": huge() })).await;
    assert_bad_argument(&id, "parentId");
    let id_card = app
        .gql(
            Some(&admin),
            "query($c: String) { people(idCardNumber: $c) { totalCount } }",
            json!({ "c": huge() }),
        )
        .await;
    assert_bad_argument(&id_card, "idCardNumber");
    let node = app.gql(None, "query($id: ID!) { node(id: $id) { id } }", json!({ "id": huge() })).await;
    assert_eq!(
        node,
        json!({ "data": { "node": null } }),
        "an id that is no id is a node that does not exist"
    );
}

#[tokio::test]
async fn oversized_input_fields_are_user_errors_naming_each_field_and_nothing_is_written() {
    let (app, _) = TestApp::seeded(Scale::small(1)).await;
    let admin = app.district_admin().await;
    let building = app.first_area("BUILDING", None).await;
    let register = app
        .mutate(
            &admin,
            "registerResident",
            "RegisterResidentInput",
            "person { id }",
            json!({ "name": huge(), "idCardNumber": huge(), "phone": huge(), "homeAreaId": building }),
        )
        .await;
    let fields: Vec<Value> =
        register["userErrors"].as_array().unwrap().iter().map(|e| e["field"].clone()).collect();
    assert_eq!(
        fields,
        vec![json!(["input", "name"]), json!(["input", "idCardNumber"]), json!(["input", "phone"])]
    );
    assert!(register["userErrors"].as_array().unwrap().iter().all(|e| e["code"] == "BAD_USER_INPUT"));

    let person =
        app.data(Some(&admin), "{ people(first: 1) { nodes { id } } }", json!({})).await["people"]["nodes"]
            [0]["id"]
            .clone();
    let note = app
        .mutate(
            &admin,
            "registerSpecialGroup",
            "RegisterSpecialGroupInput",
            "entry { id }",
            json!({ "personId": person, "group": "NEEDY", "note": huge() }),
        )
        .await;
    assert_eq!(note["userErrors"][0]["field"], json!(["input", "note"]));
    assert_eq!(note["entry"], Value::Null);

    let member = app.data(Some(&admin), "{ partyMembers(first: 1) { nodes { id } } }", json!({})).await["partyMembers"]
        ["nodes"][0]["id"]
        .clone();
    let org =
        app.data(None, "{ partyOrganizations(kind: BRANCH, first: 2) { nodes { id } } }", json!({})).await;
    let transfer = app
        .mutate(
            &admin,
            "transferPartyMember",
            "TransferPartyMemberInput",
            "member { id }",
            json!({ "memberId": member, "toOrganizationId": org["partyOrganizations"]["nodes"][1]["id"],
                    "transferredOn": "2025-01-01", "reason": huge() }),
        )
        .await;
    assert_eq!(transfer["userErrors"][0]["field"], json!(["input", "reason"]));

    let bad_id = app
        .gql(
            Some(&admin),
            "mutation($i: RegisterSpecialGroupInput!) { registerSpecialGroup(input: $i) { entry { id } } }",
            json!({ "i": { "personId": huge(), "group": "NEEDY" } }),
        )
        .await;
    assert_bad_argument(&bad_id, "input.personId");
}
