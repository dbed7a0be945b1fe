//! The Rust SDK (`clients/rust`, crate `gongzhi-client`) against a real
//! server: its clinic example books health checks for the eligible elders
//! of its area through a trusted-documents-only client, and reads only what
//! its purpose unmasks.

use chrono::{Duration, Utc};
use gongzhi_client::{Client, Config, Error};
use gongzhi_server::seed::Scale;
use gongzhi_tests::TestApp;
use serde_json::json;

use crate::partners::{create_client, health_check};

#[path = "../../../clients/rust/examples/clinic.rs"]
mod clinic;

#[tokio::test]
async fn the_clinic_example_books_for_eligible_elders_of_its_area_by_trusted_documents() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let admin = app.district_admin().await;
    let community = app.first_area("COMMUNITY", None).await;
    let grid = app.first_area("GRID", Some(&community)).await;
    let building = app.first_area("BUILDING", Some(&grid)).await;
    let year: i32 = Utc::now().format("%Y").to_string().parse().unwrap();
    let elder = app.register_resident(&admin, &building, "周玉兰", &format!("{}0601", year - 68), 1).await;
    let service = health_check(&app, &admin, &community).await;
    let issued = create_client(
        &app,
        &admin,
        json!({ "name": "体检中心", "areaId": grid, "scopes": ["PEOPLE_READ", "SERVICES_BOOK"],
                "purposes": ["HEALTH_CHECK"], "trustedDocumentsOnly": true }),
    )
    .await;
    let operations = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../clients/rust/src/operations.graphql"
    ))
    .unwrap();
    let registered = app
        .mutate(
            &admin,
            "registerTrustedDocuments",
            "RegisterTrustedDocumentsInput",
            "documents { documentId operationNames }",
            json!({ "clientId": issued["client"]["id"], "documents": [operations] }),
        )
        .await;
    assert_eq!(registered["userErrors"], json!([]), "{registered}");
    assert_eq!(registered["documents"][0]["documentId"], gongzhi_client::document_id(&operations));

    let (id, secret) = (issued["client"]["clientId"].as_str().unwrap(), issued["secret"].as_str().unwrap());
    let mut config = Config::new(&app.url(""), id, secret);
    config.trusted_documents = true;
    let client = Client::new(config.clone()).unwrap();
    let day = (Utc::now() + Duration::hours(8) + Duration::days(2)).format("%Y-%m-%d").to_string();
    let report = clinic::run(&client, &service, 60, &day, 3).await.expect("the clinic runs");
    assert!(report.residents >= 1, "{report:?}");
    assert!(!report.booked.is_empty() && report.booked.len() <= 3, "{report:?}");
    for booked in &report.booked {
        assert_eq!(booked.state, "CONFIRMED", "{report:?}");
        assert_eq!(booked.id_card_number.len(), 18, "{report:?}");
        assert!(!booked.id_card_number.contains('*'), "its purpose unmasks the ID-card number: {report:?}");
    }
    // Every resident it saw is in its grid: our elder is one of them if any fits.
    let seen_elder =
        report.booked.iter().any(|b| b.person == elder) || report.refused.iter().any(|(p, _)| *p == elder);
    assert!(seen_elder || report.booked.len() == 3, "{report:?}");

    // Run again, sending the text (it is the registered document, so allowed):
    // who was booked is not booked twice.
    let mut by_text = config.clone();
    by_text.trusted_documents = false;
    let again = clinic::run(&Client::new(by_text).unwrap(), &service, 60, &day, 3).await.unwrap();
    for booked in &report.booked {
        let refusal = again.refused.iter().find(|(p, _)| *p == booked.person);
        assert!(refusal.is_some_and(|(_, why)| why.contains("CONFLICT")), "{again:?}");
    }
    // A wrong secret is the token endpoint's invalid_client.
    let wrong = Config::new(&app.url(""), id, "gzs_wrong");
    match clinic::run(&Client::new(wrong).unwrap(), &service, 60, &day, 1).await.unwrap_err() {
        Error::Token(why) => assert!(why.contains("invalid_client"), "{why}"),
        other => panic!("{other}"),
    }
}

#[test]
fn a_document_id_is_the_sha256_of_its_text() {
    assert_eq!(
        gongzhi_client::document_id(""),
        "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[tokio::test]
async fn pages_are_followed_until_the_last() {
    let all = gongzhi_client::all_pages(10, |after: Option<String>| async move {
        let start: usize = after.map_or(0, |a| a.parse().unwrap());
        Ok(gongzhi_client::Page {
            nodes: (start..(start + 2).min(5)).collect(),
            end_cursor: Some((start + 2).to_string()),
            has_next_page: start + 2 < 5,
        })
    })
    .await
    .unwrap();
    assert_eq!(all, vec![0, 1, 2, 3, 4]);
}
