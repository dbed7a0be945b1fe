//! Stories of party members: admission, transfers with their history, report-in.

use gongzhi_server::seed::Scale;
use gongzhi_tests::{R, TestApp, id_card};
use serde_json::{Value, json};

const MEMBER_FIELDS: &str = "member { id status category reported reportedOn reportedCommunity { name }
  organization { name }
  organizationHistory { nodes { organization { name } fromOn toOn reason } } }
  userErrors { field code message }";

#[tokio::test]
async fn a_member_transferred_twice_shows_all_three_organizations_in_order() {
    let (app, _) = TestApp::seeded(Scale::small(2)).await;
    let district = app.area_id("八公山区").await;
    let admin = app.token(&[R::DistrictAdmin], Some(TestApp::uuid_of(&json!(district))), None, &[]);
    let building = app.data(None, "{ areas(kind: BUILDING, first: 1) { nodes { id } } }", json!({})).await;
    let orgs = app
        .data(None, "{ partyOrganizations(kind: BRANCH, first: 3) { nodes { id name } } }", json!({}))
        .await;
    let org = |i: usize| orgs["partyOrganizations"]["nodes"][i].clone();
    assert!(org(2)["id"].is_string(), "the demo has at least three branches: {orgs}");

    let registered = app
        .data(
            Some(&admin),
            "mutation($i: RegisterResidentInput!) { registerResident(input: $i) { person { id } userErrors { code } } }",
            json!({ "i": { "name": "陈建国", "idCardNumber": id_card("19780512", 9), "homeAreaId": building["areas"]["nodes"][0]["id"] } }),
        )
        .await;
    let person = registered["registerResident"]["person"]["id"].clone();

    let admitted = app
        .data(
            Some(&admin),
            &format!("mutation($i: AdmitPartyMemberInput!) {{ admitPartyMember(input: $i) {{ {MEMBER_FIELDS} }} }}"),
            json!({ "i": { "personId": person, "organizationId": org(0)["id"], "category": "IN_SERVICE", "joinedOn": "2015-07-01" } }),
        )
        .await;
    let member = &admitted["admitPartyMember"]["member"];
    assert_eq!(admitted["admitPartyMember"]["userErrors"], json!([]));
    assert_eq!(member["status"], "PROBATIONARY");
    let member_id = member["id"].clone();

    let transfer = |to: Value, on: &'static str| {
        let admin = admin.clone();
        let member_id = member_id.clone();
        let app = &app;
        async move {
            app.data(
                Some(&admin),
                &format!("mutation($i: TransferPartyMemberInput!) {{ transferPartyMember(input: $i) {{ {MEMBER_FIELDS} }} }}"),
                json!({ "i": { "memberId": member_id, "toOrganizationId": to, "transferredOn": on, "reason": "工作调动" } }),
            )
            .await
        }
    };
    let first = transfer(org(1)["id"].clone(), "2018-03-01").await;
    assert_eq!(first["transferPartyMember"]["userErrors"], json!([]));
    let second = transfer(org(2)["id"].clone(), "2021-09-15").await;
    let member = &second["transferPartyMember"]["member"];
    assert_eq!(member["organization"]["name"], org(2)["name"]);
    let history: Vec<(Value, Value, Value)> = member["organizationHistory"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["organization"]["name"].clone(), p["fromOn"].clone(), p["toOn"].clone()))
        .collect();
    assert_eq!(
        history,
        vec![
            (org(0)["name"].clone(), json!("2015-07-01"), json!("2018-03-01")),
            (org(1)["name"].clone(), json!("2018-03-01"), json!("2021-09-15")),
            (org(2)["name"].clone(), json!("2021-09-15"), Value::Null),
        ]
    );

    // Transferring into the organization the member already belongs to changes nothing.
    let same = transfer(org(2)["id"].clone(), "2022-01-01").await;
    assert_eq!(same["transferPartyMember"]["userErrors"][0]["code"], "INVALID_STATE");

    // Report-in to the residential community (党员报到), then turning full member (转正).
    let community =
        app.data(None, "{ areas(kind: COMMUNITY, first: 1) { nodes { id name } } }", json!({})).await;
    let reported = app
        .data(
            Some(&admin),
            &format!("mutation($i: RecordReportInInput!) {{ recordReportIn(input: $i) {{ {MEMBER_FIELDS} }} }}"),
            json!({ "i": { "memberId": member_id, "communityId": community["areas"]["nodes"][0]["id"], "reportedOn": "2022-03-05" } }),
        )
        .await;
    assert_eq!(reported["recordReportIn"]["member"]["reported"], true);
    assert_eq!(
        reported["recordReportIn"]["member"]["reportedCommunity"]["name"],
        community["areas"]["nodes"][0]["name"]
    );
    let full = app
        .data(
            Some(&admin),
            &format!("mutation($i: ChangePartyMemberStatusInput!) {{ changePartyMemberStatus(input: $i) {{ {MEMBER_FIELDS} }} }}"),
            json!({ "i": { "memberId": member_id, "status": "FULL", "effectiveOn": "2016-07-01" } }),
        )
        .await;
    assert_eq!(full["changePartyMemberStatus"]["member"]["status"], "FULL");

    // Filters find the member by name, category and report-in.
    let found = app
        .data(
            Some(&admin),
            "{ partyMembers(nameContains: \"陈建国\", category: IN_SERVICE, reported: true) { totalCount nodes { person { name } } } }",
            json!({}),
        )
        .await;
    assert_eq!(found["partyMembers"]["totalCount"], 1);
}
