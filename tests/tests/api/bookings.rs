//! Stories of services and bookings: who may book a health check, places
//! that never go twice under any concurrency, the waitlist and its offers,
//! idempotent retries, closed days, and the staff who check people in.

use std::collections::HashSet;

use chrono::{Duration, Utc};
use gongzhi_server::seed::Scale;
use gongzhi_tests::{R, TestApp};
use serde_json::{Value, json};

const BOOKING: &str = "booking { id state startsAt waitlistPosition offerExpiresAt outcome bookedAt
                       service { name } person { name } history { state bySystem } }";

/// The local (Asia/Shanghai) date `days` from today, as `YYYY-MM-DD`.
fn local_date(days: i64) -> String {
    (Utc::now() + Duration::hours(8) + Duration::days(days)).format("%Y-%m-%d").to_string()
}

/// A district admin, and a point in the first community open every day
/// from 08:00 to 20:00.
async fn open_point(app: &TestApp) -> (String, String, String) {
    let admin = app.district_admin().await;
    let community = app.first_area("COMMUNITY", None).await;
    let point = app.open_point(&admin, &community).await;
    (admin, point, community)
}

/// Create a service at `point` with `extra` fields; its id.
async fn create_service(app: &TestApp, admin: &str, point: &str, extra: Value) -> String {
    let mut input = json!({ "pointId": point, "name": "免费体检", "mode": "ON_SITE", "durationMinutes": 30,
                            "capacity": 20, "opensDaysAhead": 30 });
    input.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    let payload = app
        .mutate(
            admin,
            "createService",
            "CreateServiceInput",
            "service { id rules { kind age description } }",
            input,
        )
        .await;
    assert_eq!(payload["userErrors"], json!([]), "{payload}");
    payload["service"]["id"].as_str().unwrap().to_owned()
}

/// The slots of a service on a local date.
async fn slots(app: &TestApp, service: &str, date: &str) -> Vec<Value> {
    let data = app
        .data(
            None,
            "query($s: ID!, $d: Date!) { availability(serviceId: $s, from: $d, to: $d) {
                id startsAt endsAt capacity booked waitlisted free } }",
            json!({ "s": service, "d": date }),
        )
        .await;
    data["availability"].as_array().unwrap().clone()
}

/// A booking's state, place in line, offer and history, read by `token`.
async fn state(app: &TestApp, token: &str, id: &Value) -> Value {
    app.data(
        Some(token),
        "query($b: ID!) { node(id: $b) { ... on Booking { state waitlistPosition offerExpiresAt
            history { state bySystem } } } }",
        json!({ "b": id }),
    )
    .await["node"]
        .clone()
}

async fn book(app: &TestApp, token: &str, input: Value) -> Value {
    app.mutate(token, "book", "BookInput", BOOKING, input).await
}

/// A resident's token for a person id.
fn resident(app: &TestApp, person: &Value) -> String {
    app.token(&[R::Resident], None, Some(TestApp::uuid_of(person)), &[])
}

#[tokio::test]
async fn a_65_year_old_books_a_health_check_and_a_40_year_old_is_ineligible() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let (admin, point, _) = open_point(&app).await;
    let service = create_service(&app, &admin, &point, json!({ "eligibility": { "minAge": 60 } })).await;
    let building = app.first_area("BUILDING", None).await;
    let elder = app
        .register_resident(
            &admin,
            &building,
            "李桂兰",
            &format!("{}0315", Utc::now().format("%Y").to_string().parse::<i32>().unwrap() - 65),
            1,
        )
        .await;
    let younger = app.register_resident(&admin, &building, "赵志强", "19860701", 2).await;

    let eligibility = app
        .data(
            Some(&admin),
            "query($s: ID!, $a: ID!, $b: ID!) { node(id: $s) { ... on Service {
                rules { kind age description }
                a: eligibility(personId: $a) { eligible failedRules { kind } }
                b: eligibility(personId: $b) { eligible failedRules { kind age } } } } }",
            json!({ "s": service, "a": elder, "b": younger }),
        )
        .await;
    let s = &eligibility["node"];
    assert_eq!(
        s["rules"],
        json!([{ "kind": "MIN_AGE", "age": 60, "description": "年满60周岁 — aged 60 or over" }])
    );
    assert_eq!(s["a"], json!({ "eligible": true, "failedRules": [] }));
    assert_eq!(s["b"], json!({ "eligible": false, "failedRules": [{ "kind": "MIN_AGE", "age": 60 }] }));

    let slot = &slots(&app, &service, &local_date(2)).await[0];
    assert_eq!(slot["capacity"], 20);
    let booked = book(&app, &resident(&app, &elder), json!({ "slot": slot["id"] })).await;
    assert_eq!(booked["userErrors"], json!([]), "{booked}");
    assert_eq!(booked["booking"]["state"], "CONFIRMED");
    assert_eq!(booked["booking"]["service"]["name"], "免费体检");
    assert_eq!(booked["booking"]["person"]["name"], "李桂兰");
    assert_eq!(booked["booking"]["history"], json!([{ "state": "CONFIRMED", "bySystem": false }]));

    let refused = book(&app, &resident(&app, &younger), json!({ "slot": slot["id"] })).await;
    assert_eq!(refused["booking"], Value::Null);
    assert_eq!(refused["userErrors"][0]["code"], "INELIGIBLE", "{refused}");
    assert_eq!(refused["userErrors"][0]["field"], json!(["input", "personId"]));
    assert!(refused["userErrors"][0]["message"].as_str().unwrap().contains("60"));

    // Booking the same slot again is a conflict; the counts are public.
    let again = book(&app, &resident(&app, &elder), json!({ "slot": slot["id"] })).await;
    assert_eq!(again["userErrors"][0]["code"], "CONFLICT", "{again}");
    let after = &slots(&app, &service, &local_date(2)).await[0];
    assert_eq!((after["booked"].clone(), after["free"].clone()), (json!(1), json!(19)));

    // A younger resident cannot book for the elder; a stranger cannot see the booking.
    let for_other =
        book(&app, &resident(&app, &younger), json!({ "slot": slot["id"], "personId": elder })).await;
    assert_eq!(for_other["userErrors"][0]["code"], "NOT_FOUND", "{for_other}");
    let seen = app
        .data(
            Some(&resident(&app, &younger)),
            "query($b: ID!) { node(id: $b) { id } }",
            json!({ "b": booked["booking"]["id"] }),
        )
        .await;
    assert_eq!(seen["node"], Value::Null);
}

#[tokio::test]
async fn two_hundred_concurrent_bookings_for_twenty_places_confirm_exactly_twenty_in_order() {
    let (app, _) = TestApp::seeded(Scale { residents: 220, ..Scale::small(3) }).await;
    let (admin, point, _) = open_point(&app).await;
    let service = create_service(&app, &admin, &point, json!({ "capacity": 20 })).await;
    let slot = slots(&app, &service, &local_date(3)).await[4]["id"].clone();
    let persons = app.people(&admin, 200).await;
    let attempts = persons.iter().map(|p| {
        let (app, admin, slot) = (&app, &admin, &slot);
        async move { book(app, admin, json!({ "slot": slot, "personId": p })).await }
    });
    let results = futures::future::join_all(attempts).await;
    let mut confirmed = 0;
    let mut waiting = Vec::new();
    for r in &results {
        assert_eq!(r["userErrors"], json!([]), "{r}");
        match r["booking"]["state"].as_str().unwrap() {
            "CONFIRMED" => confirmed += 1,
            "WAITLISTED" => waiting.push(r["booking"]["id"].clone()),
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!((confirmed, waiting.len()), (20, 180));
    // Read back: places in line are exactly 1..180, in the order the bookings got their turn.
    let data = app
        .data(
            Some(&admin),
            "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Booking { waitlistPosition bookedAt } } }",
            json!({ "ids": waiting[..100] }),
        )
        .await;
    let more = app
        .data(
            Some(&admin),
            "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Booking { waitlistPosition bookedAt } } }",
            json!({ "ids": waiting[100..] }),
        )
        .await;
    let mut line: Vec<(i64, String)> = data["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .chain(more["nodes"].as_array().unwrap())
        .map(|n| (n["waitlistPosition"].as_i64().unwrap(), n["bookedAt"].as_str().unwrap().to_owned()))
        .collect();
    line.sort();
    assert_eq!(line.iter().map(|l| l.0).collect::<Vec<_>>(), (1..=180).collect::<Vec<_>>());
    let times: Vec<chrono::DateTime<Utc>> = line.iter().map(|l| l.1.parse().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "the line keeps the order of arrival");
    let counts = slots(&app, &service, &local_date(3)).await[4].clone();
    assert_eq!(
        (counts["booked"].clone(), counts["waitlisted"].clone(), counts["free"].clone()),
        (json!(20), json!(180), json!(0))
    );
}

#[tokio::test]
async fn a_cancellation_offers_the_place_to_the_first_in_line_and_the_offer_expires_to_the_second() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let (admin, point, _) = open_point(&app).await;
    let service = create_service(&app, &admin, &point, json!({ "capacity": 1, "claimMinutes": 30 })).await;
    let slot = slots(&app, &service, &local_date(5)).await[2]["id"].clone();
    let persons = app.people(&admin, 3).await;
    let mut ids = Vec::new();
    for p in &persons {
        let r = book(&app, &admin, json!({ "slot": slot, "personId": p })).await;
        ids.push(r["booking"]["id"].clone());
    }
    assert_eq!(state(&app, &admin, &ids[1]).await["waitlistPosition"], 1);
    assert_eq!(state(&app, &admin, &ids[2]).await["waitlistPosition"], 2);

    let cancelled = app
        .mutate(&admin, "cancelBooking", "BookingRefInput", "booking { state }", json!({ "id": ids[0] }))
        .await;
    assert_eq!(cancelled["booking"]["state"], "CANCELLED", "{cancelled}");
    let offered = state(&app, &admin, &ids[1]).await;
    assert_eq!(offered["state"], "OFFERED");
    assert!(offered["offerExpiresAt"].is_string());
    assert_eq!(state(&app, &admin, &ids[2]).await["waitlistPosition"], 1);

    // Thirty-one minutes later the offer has run out: it passes to the second in line.
    app.db().clock().advance(Duration::minutes(31));
    let expired = state(&app, &admin, &ids[1]).await;
    assert_eq!(expired["state"], "EXPIRED");
    assert_eq!(
        expired["history"],
        json!([{ "state": "WAITLISTED", "bySystem": false }, { "state": "OFFERED", "bySystem": true },
               { "state": "EXPIRED", "bySystem": true }])
    );
    assert_eq!(state(&app, &admin, &ids[2]).await["state"], "OFFERED");
    let late = app
        .mutate(&admin, "claimOffer", "BookingRefInput", "booking { state }", json!({ "id": ids[1] }))
        .await;
    assert_eq!(late["userErrors"][0]["code"], "INVALID_STATE", "{late}");
    let claimed = app
        .mutate(&admin, "claimOffer", "BookingRefInput", "booking { state }", json!({ "id": ids[2] }))
        .await;
    assert_eq!(claimed["booking"]["state"], "CONFIRMED", "{claimed}");
    let counts = slots(&app, &service, &local_date(5)).await[2].clone();
    assert_eq!((counts["booked"].clone(), counts["waitlisted"].clone()), (json!(1), json!(0)));
}

#[tokio::test]
async fn concurrent_cancels_and_books_never_exceed_capacity_nor_skip_a_place_in_line() {
    let (app, _) = TestApp::seeded(Scale { residents: 60, ..Scale::small(3) }).await;
    let (admin, point, _) = open_point(&app).await;
    // Auto-confirm: a freed place goes straight to the first in line.
    let service = create_service(&app, &admin, &point, json!({ "capacity": 10 })).await;
    let slot = slots(&app, &service, &local_date(4)).await[6]["id"].clone();
    let persons = app.people(&admin, 50).await;
    let mut first = Vec::new();
    for p in &persons[..30] {
        let r = book(&app, &admin, json!({ "slot": slot, "personId": p })).await;
        first.push((r["booking"]["id"].clone(), r["booking"]["state"].as_str().unwrap().to_owned()));
    }
    assert_eq!(first.iter().filter(|f| f.1 == "CONFIRMED").count(), 10);
    // Five of the confirmed cancel while twenty more people book.
    let cancels = first[..5].iter().map(|(id, _)| {
        let (app, admin) = (&app, &admin);
        async move {
            app.mutate(admin, "cancelBooking", "BookingRefInput", "booking { state }", json!({ "id": id }))
                .await
        }
    });
    let books = persons[30..].iter().map(|p| {
        let (app, admin, slot) = (&app, &admin, &slot);
        async move { book(app, admin, json!({ "slot": slot, "personId": p })).await }
    });
    let (cancelled, booked) =
        futures::join!(futures::future::join_all(cancels), futures::future::join_all(books));
    assert!(cancelled.iter().all(|c| c["booking"]["state"] == "CANCELLED"), "{cancelled:?}");
    assert!(
        booked.iter().all(|b| b["booking"]["state"] == "WAITLISTED"),
        "nobody jumps the line: {booked:?}"
    );
    // The first five in line were promoted, in order; the rest moved up by five.
    let all: Vec<Value> =
        first.iter().map(|f| f.0.clone()).chain(booked.iter().map(|b| b["booking"]["id"].clone())).collect();
    let data = app
        .data(
            Some(&admin),
            "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Booking { state waitlistPosition } } }",
            json!({ "ids": all }),
        )
        .await;
    let nodes = data["nodes"].as_array().unwrap();
    let states: Vec<&str> = nodes.iter().map(|n| n["state"].as_str().unwrap()).collect();
    assert_eq!(states.iter().filter(|s| **s == "CONFIRMED").count(), 10, "{states:?}");
    assert!(
        states[10..15].iter().all(|s| *s == "CONFIRMED"),
        "the first five in line got the places: {states:?}"
    );
    let mut positions: Vec<i64> = nodes.iter().filter_map(|n| n["waitlistPosition"].as_i64()).collect();
    positions.sort();
    assert_eq!(positions, (1..=35).collect::<Vec<_>>());
    let counts = slots(&app, &service, &local_date(4)).await[6].clone();
    assert_eq!((counts["booked"].clone(), counts["waitlisted"].clone()), (json!(10), json!(35)));
}

#[tokio::test]
async fn an_idempotent_retry_books_once() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let (admin, point, _) = open_point(&app).await;
    let service = create_service(&app, &admin, &point, json!({})).await;
    let slot = slots(&app, &service, &local_date(2)).await[1]["id"].clone();
    let person = app.people(&admin, 1).await.remove(0);
    let input = json!({ "slot": slot, "personId": person, "idempotencyKey": "partner-retry-0001" });
    let tries = (0..8).map(|_| book(&app, &admin, input.clone()));
    let results = futures::future::join_all(tries).await;
    let ids: HashSet<String> = results
        .iter()
        .map(|r| r["booking"]["id"].as_str().unwrap_or_else(|| panic!("{r}")).to_owned())
        .collect();
    assert_eq!(ids.len(), 1, "every retry returns the first booking");
    assert_eq!(slots(&app, &service, &local_date(2)).await[1]["booked"], 1);
    // The same key for another slot is a conflict, not a second booking.
    let other = slots(&app, &service, &local_date(2)).await[3]["id"].clone();
    let reused = book(
        &app,
        &admin,
        json!({ "slot": other, "personId": person, "idempotencyKey": "partner-retry-0001" }),
    )
    .await;
    assert_eq!(reused["userErrors"][0]["code"], "CONFLICT", "{reused}");
    assert_eq!(reused["userErrors"][0]["field"], json!(["input", "idempotencyKey"]));
    // A 50,000-character key is bad input naming the field.
    let long = book(
        &app,
        &admin,
        json!({ "slot": other, "personId": person, "idempotencyKey": "k".repeat(50_000) }),
    )
    .await;
    assert_eq!(long["userErrors"][0]["code"], "BAD_USER_INPUT");
    assert_eq!(long["userErrors"][0]["field"], json!(["input", "idempotencyKey"]));
}

/// Bookings of one slot that arrive together share a transaction; each
/// caller still gets their own answer, and nothing of one is another's.
#[tokio::test]
async fn a_burst_for_one_slot_answers_each_caller_for_their_own_request() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let (admin, point, _) = open_point(&app).await;
    let service = create_service(&app, &admin, &point, json!({ "eligibility": { "minAge": 60 } })).await;
    let building = app.first_area("BUILDING", None).await;
    let year = Utc::now().format("%Y").to_string().parse::<i32>().unwrap();
    let elder = app.register_resident(&admin, &building, "王秀英", &format!("{}0520", year - 70), 2).await;
    let younger = app.register_resident(&admin, &building, "陈小军", "19900101", 1).await;
    let slot = slots(&app, &service, &local_date(3)).await[2]["id"].clone();
    let young_token = resident(&app, &younger);
    let mut calls = Vec::new();
    for i in 0..12 {
        let (token, person) = match i % 4 {
            // the elder, by the admin: nine calls
            0..=2 => (admin.clone(), elder.clone()),
            // the younger resident for themself: too young
            _ if i == 3 => (young_token.clone(), younger.clone()),
            // the younger resident for the elder, whom they may not book for
            _ => (young_token.clone(), elder.clone()),
        };
        let (app, input) = (&app, json!({ "slot": slot, "personId": person }));
        calls.push(async move { (i, book(app, &token, input).await) });
    }
    let mut confirmed = 0;
    for (i, answer) in futures::future::join_all(calls).await {
        let error = &answer["userErrors"][0];
        match i % 4 {
            0..=2 if answer["booking"]["state"] == "CONFIRMED" => confirmed += 1,
            0..=2 => {
                assert_eq!(error["code"], "CONFLICT", "{answer}");
                assert_eq!(error["field"], json!(["input", "slot"]));
            }
            _ if i == 3 => {
                assert_eq!(error["code"], "INELIGIBLE", "{answer}");
                assert_eq!(error["field"], json!(["input", "personId"]));
            }
            _ => {
                assert_eq!(error["code"], "NOT_FOUND", "{answer}");
                assert_eq!(error["field"], json!(["input", "personId"]));
            }
        }
    }
    assert_eq!(confirmed, 1, "one place for the elder, however many asked at once");
    let after = slots(&app, &service, &local_date(3)).await[2].clone();
    assert_eq!((after["booked"].clone(), after["waitlisted"].clone()), (json!(1), json!(0)));
}

#[tokio::test]
async fn a_closed_holiday_has_no_slots() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let (admin, point, _) = open_point(&app).await;
    let service = create_service(&app, &admin, &point, json!({})).await;
    // National Day 2026 (国庆节) is seeded as a holiday; an ordinary day has 24 half-hour slots.
    assert_eq!(slots(&app, &service, "2026-10-02").await, Vec::<Value>::new());
    assert_eq!(slots(&app, &service, "2026-10-12").await.len(), 24);
    // A day made a holiday loses its slots, and a slot of it cannot be booked.
    let day = local_date(6);
    let slot = slots(&app, &service, &day).await[0]["id"].clone();
    let set = app
        .mutate(
            &admin,
            "setCalendarDay",
            "SetCalendarDayInput",
            "day { date }",
            json!({ "date": day, "kind": "HOLIDAY", "name": "测试假日" }),
        )
        .await;
    assert_eq!(set["userErrors"], json!([]));
    assert_eq!(slots(&app, &service, &day).await, Vec::<Value>::new());
    let person = app.people(&admin, 1).await.remove(0);
    let refused = book(&app, &admin, json!({ "slot": slot, "personId": person })).await;
    assert_eq!(refused["userErrors"][0]["code"], "INVALID_STATE", "{refused}");
    assert!(refused["userErrors"][0]["message"].as_str().unwrap().contains("测试假日"));
    // A window not yet open, a past slot and a slot id of the wrong kind.
    let far = slots(&app, &service, &local_date(40)).await[0]["id"].clone();
    let early = book(&app, &admin, json!({ "slot": far, "personId": person })).await;
    assert_eq!(early["userErrors"][0]["code"], "INVALID_STATE", "{early}");
    let past = slots(&app, &service, &local_date(-1)).await[0]["id"].clone();
    let late = book(&app, &admin, json!({ "slot": past, "personId": person })).await;
    assert_eq!(late["userErrors"][0]["code"], "INVALID_STATE", "{late}");
    let wrong = app
        .gql(
            Some(&admin),
            "mutation { book(input: { slot: \"QXJlYToxMjM\" }) { booking { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(wrong["errors"][0]["extensions"]["code"], "BAD_USER_INPUT", "{wrong}");
}

#[tokio::test]
async fn staff_check_a_resident_in_and_complete_the_health_check() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let (admin, point, _) = open_point(&app).await;
    let service = create_service(&app, &admin, &point, json!({})).await;
    let persons = app.people(&admin, 2).await;
    let staff_person = &persons[1];
    let assigned = app
        .mutate(
            &admin,
            "assignServiceStaff",
            "AssignServiceStaffInput",
            "point { id }",
            json!({ "pointId": point, "personId": staff_person }),
        )
        .await;
    assert_eq!(assigned["userErrors"], json!([]), "{assigned}");
    let staff = app.token(&[R::ServiceStaff], None, Some(TestApp::uuid_of(&json!(staff_person))), &[]);
    let slot = slots(&app, &service, &local_date(1)).await[0].clone();
    let booked = book(&app, &admin, json!({ "slot": slot["id"], "personId": persons[0] })).await;
    let id = booked["booking"]["id"].clone();
    // Too early to check in, and a resident may not.
    let early =
        app.mutate(&staff, "checkIn", "BookingRefInput", "booking { state }", json!({ "id": id })).await;
    assert_eq!(early["userErrors"][0]["code"], "INVALID_STATE", "{early}");
    let resident = app.token(&[R::Resident], None, Some(TestApp::uuid_of(&json!(persons[0]))), &[]);
    let own = app
        .gql(
            Some(&resident),
            "mutation($i: BookingRefInput!) { checkIn(input: $i) { booking { state } } }",
            json!({ "i": { "id": id } }),
        )
        .await;
    assert_eq!(own["errors"][0]["extensions"]["code"], "FORBIDDEN", "{own}");
    // At the slot's start the staff check them in and complete it.
    let starts: chrono::DateTime<Utc> = slot["startsAt"].as_str().unwrap().parse().unwrap();
    app.db().clock().advance(starts - Utc::now() + Duration::minutes(1));
    let checked =
        app.mutate(&staff, "checkIn", "BookingRefInput", "booking { state }", json!({ "id": id })).await;
    assert_eq!(checked["booking"]["state"], "CHECKED_IN", "{checked}");
    let done = app
        .mutate(
            &staff,
            "completeBooking",
            "CompleteBookingInput",
            "booking { state outcome history { state note } }",
            json!({ "id": id, "outcome": "血压 128/82，血糖正常" }),
        )
        .await;
    assert_eq!(done["booking"]["state"], "COMPLETED", "{done}");
    assert_eq!(done["booking"]["outcome"], "血压 128/82，血糖正常");
    assert_eq!(
        done["booking"]["history"][2],
        json!({ "state": "COMPLETED", "note": "血压 128/82，血糖正常" })
    );
    let again = app
        .mutate(&resident, "cancelBooking", "BookingRefInput", "booking { state }", json!({ "id": id }))
        .await;
    assert_eq!(
        again["userErrors"][0]["code"], "INVALID_STATE",
        "a completed booking stays completed: {again}"
    );
    // The resident sees it among their own.
    let mine = app.data(Some(&resident), "{ myBookings { totalCount nodes { state } } }", json!({})).await;
    assert_eq!(mine["myBookings"], json!({ "totalCount": 1, "nodes": [{ "state": "COMPLETED" }] }));
}
