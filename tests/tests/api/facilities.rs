//! Stories of the rooms of a service point (文体活动室): residents reserve
//! them once or weekly, all or nothing and never overlapping, even when
//! twenty ask for the same hour at once; rooms that need approval wait for
//! the point's admins; a holiday closes the room; and the busy times are
//! public while who reserved them and why are not.

use chrono::{Days, NaiveDate, NaiveTime, Utc};
use gongzhi_server::seed::Scale;
use gongzhi_server::services::model::shanghai;
use gongzhi_tests::{R, TestApp};
use serde_json::{Value, json};

const RESERVATIONS: &str = "reservations { id state startsAt endsAt date purpose person { name } }";

/// A local (Asia/Shanghai) date `days` after today.
fn local_day(days: u64) -> NaiveDate {
    Utc::now().with_timezone(&shanghai()).date_naive() + Days::new(days)
}

/// `HH:MM` local on a date, as an RFC 3339 timestamp.
fn at(day: NaiveDate, hh_mm: &str) -> String {
    let time = NaiveTime::parse_from_str(hh_mm, "%H:%M").unwrap();
    day.and_time(time).and_local_timezone(shanghai()).single().unwrap().to_rfc3339()
}

fn ymd(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// Every `YYYY-MM-DD` in a text, in order.
fn dates_in(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for i in 0..chars.len().saturating_sub(9) {
        let s: String = chars[i..i + 10].iter().collect();
        if NaiveDate::parse_from_str(&s, "%Y-%m-%d").is_ok() && s.as_bytes()[4] == b'-' {
            found.push(s);
        }
    }
    found
}

/// What a story needs: a district admin, a point of its own open every day
/// from 08:00 to 22:00 (so no seeded closure or hours get in the way), a
/// room at it, and two residents with their tokens.
struct Room {
    admin: String,
    point: Value,
    facility: Value,
    residents: Vec<(Value, String)>,
}

async fn room(app: &TestApp, kind: &str, requires_approval: bool) -> Room {
    let admin = app.district_admin().await;
    let community = app.first_area("COMMUNITY", None).await;
    let building = app.first_area("BUILDING", None).await;
    let created = app
        .mutate(
            &admin,
            "createServicePoint",
            "CreateServicePointInput",
            "point { id }",
            json!({ "name": "团结社区文体活动中心", "kind": "CULTURAL_ROOM", "areaId": community,
                    "address": "团结路6号", "location": { "latitude": 32.63, "longitude": 116.83 } }),
        )
        .await;
    assert_eq!(created["userErrors"], json!([]), "{created}");
    let point = created["point"]["id"].clone();
    let every_day: Vec<Value> =
        (1..=7).map(|d| json!({ "weekday": d, "starts": "08:00", "ends": "22:00" })).collect();
    let hours = app
        .mutate(
            &admin,
            "setOpeningHours",
            "SetOpeningHoursInput",
            "point { id }",
            json!({ "pointId": point, "periods": every_day }),
        )
        .await;
    assert_eq!(hours["userErrors"], json!([]), "{hours}");
    let made = app
        .mutate(
            &admin,
            "createFacility",
            "CreateFacilityInput",
            "facility { id name kind capacity requiresApproval point { id } }",
            json!({ "pointId": point, "name": " 舞蹈室 ", "kind": kind, "capacity": 30,
                    "requiresApproval": requires_approval }),
        )
        .await;
    assert_eq!(made["userErrors"], json!([]), "{made}");
    assert_eq!(made["facility"]["name"], "舞蹈室");
    assert_eq!(made["facility"]["point"]["id"], point);
    let facility = made["facility"]["id"].clone();
    let mut residents = Vec::new();
    for (i, name) in ["林秀英", "赵建国"].iter().enumerate() {
        let id = app.register_resident(&admin, &building, name, "19580412", 700 + i as u32).await;
        let token = app.token(&[R::Resident], None, Some(TestApp::uuid_of(&id)), &[]);
        residents.push((id, token));
    }
    Room { admin, point, facility, residents }
}

/// Reserve as `token`; the payload.
async fn reserve(app: &TestApp, token: &str, input: Value) -> Value {
    app.mutate(token, "reserve", "ReserveInput", RESERVATIONS, input).await
}

/// The held reservations of a facility over the next 60 days, as `token` sees them.
async fn held(app: &TestApp, token: Option<&str>, facility: &Value) -> Vec<Value> {
    let data = app
        .data(
            token,
            "query($f: ID!, $from: DateTime!, $to: DateTime!) { node(id: $f) { ... on Facility {
               reservations(from: $from, to: $to) { id state startsAt endsAt purpose person { name } } } } }",
            json!({ "f": facility, "from": at(local_day(0), "00:00"), "to": at(local_day(60), "00:00") }),
        )
        .await;
    data["node"]["reservations"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_weekly_reservation_that_meets_held_ones_is_refused_whole_naming_exactly_those_dates() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let r = room(&app, "DANCE", false).await;
    let (ref first, ref second) = (r.residents[0].1.clone(), r.residents[1].1.clone());
    let start = local_day(8);
    // Held: week 3 overlapping, week 4 touching (ends as ours starts), week 6 overlapping.
    for (week, from, to) in [(2, "18:30", "19:30"), (3, "18:00", "19:00"), (5, "19:45", "21:00")] {
        let day = start + Days::new(7 * week);
        let made = reserve(
            &app,
            first,
            json!({ "facilityId": r.facility, "from": at(day, from), "to": at(day, to), "purpose": "舞蹈队排练" }),
        )
        .await;
        assert_eq!(made["userErrors"], json!([]), "{made}");
        assert_eq!(made["reservations"][0]["state"], "APPROVED", "the room needs no approval");
    }
    let refused = reserve(
        &app,
        second,
        json!({ "facilityId": r.facility, "from": at(start, "19:00"), "to": at(start, "20:00"),
                "purpose": "广场舞队每周排练", "recurrence": { "weeks": 8 } }),
    )
    .await;
    assert_eq!(refused["reservations"], Value::Null, "{refused}");
    let errors = refused["userErrors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{refused}");
    assert_eq!(errors[0]["code"], "CONFLICT");
    assert_eq!(errors[0]["field"], json!(["input", "recurrence"]));
    let expected = vec![ymd(start + Days::new(14)), ymd(start + Days::new(35))];
    assert_eq!(dates_in(errors[0]["message"].as_str().unwrap()), expected, "{refused}");

    // Nothing was written: the three held ones, none of the second resident's.
    assert_eq!(held(&app, None, &r.facility).await.len(), 3);
    let mine = app.data(Some(second), "{ myReservations { totalCount } }", json!({})).await;
    assert_eq!(mine["myReservations"]["totalCount"], 0);

    // A single one is refused on `from`; the weeks that are free are taken whole.
    let day = start + Days::new(14);
    let single = reserve(
        &app,
        second,
        json!({ "facilityId": r.facility, "from": at(day, "19:00"), "to": at(day, "20:00"), "purpose": "排练" }),
    )
    .await;
    assert_eq!(single["userErrors"][0]["field"], json!(["input", "from"]), "{single}");
    assert_eq!(dates_in(single["userErrors"][0]["message"].as_str().unwrap()), vec![ymd(day)]);
    let weekly = reserve(
        &app,
        second,
        json!({ "facilityId": r.facility, "from": at(start, "19:00"), "to": at(start, "20:00"),
                "purpose": "广场舞队每周排练", "recurrence": { "weeks": 2 } }),
    )
    .await;
    assert_eq!(weekly["userErrors"], json!([]), "{weekly}");
    let dates: Vec<&Value> = weekly["reservations"].as_array().unwrap().iter().map(|r| &r["date"]).collect();
    assert_eq!(dates, [&json!(ymd(start)), &json!(ymd(start + Days::new(7)))]);
    let mine = app.data(Some(second), "{ myReservations { totalCount nodes { purpose } } }", json!({})).await;
    assert_eq!(mine["myReservations"]["totalCount"], 2);

    // Cancelling the series frees both weeks; only the reserver or the point's admins may.
    let first_week = weekly["reservations"][0]["id"].clone();
    let cancel = "mutation($i: CancelReservationInput!) { cancelReservation(input: $i) {
                    reservation { state } userErrors { code } } }";
    let stranger = app.gql(Some(first), cancel, json!({ "i": { "reservationId": first_week } })).await;
    assert_eq!(stranger["errors"][0]["extensions"]["code"], "FORBIDDEN", "{stranger}");
    let cancelled = app
        .data(Some(second), cancel, json!({ "i": { "reservationId": first_week, "wholeSeries": true } }))
        .await;
    assert_eq!(cancelled["cancelReservation"]["reservation"]["state"], "CANCELLED");
    assert_eq!(held(&app, None, &r.facility).await.len(), 3);
    let again = app.data(Some(&r.admin), cancel, json!({ "i": { "reservationId": first_week } })).await;
    assert_eq!(again["cancelReservation"]["userErrors"][0]["code"], "INVALID_STATE");
}

#[tokio::test]
async fn twenty_reservations_of_the_same_hour_at_once_leave_exactly_one() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let r = room(&app, "TABLE_TENNIS", false).await;
    let query = format!(
        "mutation($i: ReserveInput!) {{ reserve(input: $i) {{ {RESERVATIONS} userErrors {{ field code message }} }} }}"
    );
    // Twenty connections open and both tokens verified before the race, and
    // every request let go at once.
    let mut warm = Vec::new();
    for i in 0..20 {
        let (client, url, token) = (app.client.clone(), app.url("/graphql"), r.residents[i % 2].1.clone());
        warm.push(tokio::spawn(async move {
            let body = json!({ "query": "{ myReservations { totalCount } }" });
            client.post(url).bearer_auth(token).json(&body).send().await.expect("answered");
        }));
    }
    for task in warm {
        task.await.unwrap();
    }
    // Three races, on three days: a race is won or lost in a few milliseconds.
    for round in 0..3_u64 {
        let day = local_day(9 + round);
        let start = std::sync::Arc::new(tokio::sync::Barrier::new(20));
        let mut tasks = Vec::new();
        for i in 0..20 {
            let (client, url, start) = (app.client.clone(), app.url("/graphql"), start.clone());
            let token = r.residents[i % 2].1.clone();
            // The same hour, a few minutes apart: every pair overlaps.
            let from = at(day, &format!("15:{:02}", i));
            let to = at(day, &format!("16:{:02}", i));
            let body = json!({ "query": query, "variables": { "i": {
                "facilityId": r.facility, "from": from, "to": to, "purpose": format!("乒乓球{i}") } } });
            tasks.push(tokio::spawn(async move {
                start.wait().await;
                let res = client.post(url).bearer_auth(token).json(&body).send().await.expect("answered");
                res.json::<Value>().await.expect("JSON")
            }));
        }
        let mut made = 0;
        let mut conflicts = 0;
        for task in tasks {
            let body = task.await.unwrap();
            let payload = &body["data"]["reserve"];
            assert!(body.get("errors").is_none(), "{body}");
            match payload["userErrors"].as_array().unwrap().as_slice() {
                [] => made += 1,
                [e] if e["code"] == "CONFLICT" => {
                    assert_eq!(dates_in(e["message"].as_str().unwrap()), vec![ymd(day)]);
                    conflicts += 1;
                }
                other => panic!("unexpected: {other:?}"),
            }
        }
        assert_eq!((made, conflicts), (1, 19));
    }
    assert_eq!(held(&app, None, &r.facility).await.len(), 3, "one a day");
}

#[tokio::test]
async fn a_room_that_needs_approval_waits_for_the_points_admin_and_its_history_names_who() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let r = room(&app, "DANCE", true).await;
    let token = r.residents[0].1.clone();
    let building = app.first_area("BUILDING", None).await;
    // An admin with a person record of their own, so the history can name them.
    let admin_person = app.register_resident(&r.admin, &building, "周红梅", "19750203", 801).await;
    let district = TestApp::uuid_of(&json!(app.area_id("八公山区").await));
    let admin = app.token(&[R::DistrictAdmin], Some(district), Some(TestApp::uuid_of(&admin_person)), &[]);
    let day = local_day(10);
    let made = reserve(
        &app,
        &token,
        json!({ "facilityId": r.facility, "from": at(day, "09:00"), "to": at(day, "11:00"), "purpose": "合唱团排练" }),
    )
    .await;
    assert_eq!(made["userErrors"], json!([]), "{made}");
    let reservation = made["reservations"][0].clone();
    assert_eq!(reservation["state"], "REQUESTED");
    assert_eq!(reservation["person"]["name"], "林秀英");
    let id = reservation["id"].clone();
    // A requested reservation holds its time.
    let busy = reserve(
        &app,
        &r.residents[1].1,
        json!({ "facilityId": r.facility, "from": at(day, "10:00"), "to": at(day, "12:00"), "purpose": "太极" }),
    )
    .await;
    assert_eq!(busy["userErrors"][0]["code"], "CONFLICT", "{busy}");

    let approve = "mutation($i: ApproveReservationInput!) { approveReservation(input: $i) {
                     reservation { id state } userErrors { field code message } } }";
    let refused = app.gql(Some(&token), approve, json!({ "i": { "reservationId": id } })).await;
    assert_eq!(refused["errors"][0]["extensions"]["code"], "FORBIDDEN", "{refused}");
    let approved = app.data(Some(&admin), approve, json!({ "i": { "reservationId": id } })).await;
    assert_eq!(approved["approveReservation"]["reservation"]["state"], "APPROVED", "{approved}");
    let twice = app.data(Some(&admin), approve, json!({ "i": { "reservationId": id } })).await;
    assert_eq!(twice["approveReservation"]["userErrors"][0]["code"], "INVALID_STATE");

    let history = "query($id: ID!) { node(id: $id) { ... on Reservation { state
                     history { state at by { name } note } } } }";
    let seen = app.data(Some(&admin), history, json!({ "id": id })).await;
    let changes = seen["node"]["history"].as_array().unwrap();
    let states: Vec<(&Value, &Value)> = changes.iter().map(|c| (&c["state"], &c["by"]["name"])).collect();
    assert_eq!(states, [(&json!("REQUESTED"), &json!("林秀英")), (&json!("APPROVED"), &json!("周红梅"))]);
    assert!(changes[0]["at"].as_str().unwrap() <= changes[1]["at"].as_str().unwrap());
    // The resident sees their own history; the admin's person is not theirs to see.
    let own = app.data(Some(&token), history, json!({ "id": id })).await;
    assert_eq!(own["node"]["history"].as_array().unwrap().len(), 2);
    assert_eq!(own["node"]["history"][0]["by"]["name"], "林秀英");

    // A rejection keeps its reason.
    let later = local_day(11);
    let second = reserve(
        &app,
        &token,
        json!({ "facilityId": r.facility, "from": at(later, "09:00"), "to": at(later, "10:00"), "purpose": "合唱" }),
    )
    .await;
    let reject = "mutation($i: RejectReservationInput!) { rejectReservation(input: $i) {
                    reservation { state history { state note } } userErrors { code } } }";
    let rejected = app
        .data(
            Some(&admin),
            reject,
            json!({ "i": { "reservationId": second["reservations"][0]["id"], "reason": "场地检修" } }),
        )
        .await;
    let rejected = &rejected["rejectReservation"]["reservation"];
    assert_eq!(rejected["state"], "REJECTED");
    assert_eq!(rejected["history"][1], json!({ "state": "REJECTED", "note": "场地检修" }));
    assert_eq!(held(&app, None, &r.facility).await.len(), 1, "a rejected one holds no time");
}

#[tokio::test]
async fn a_holiday_closes_the_room_and_bad_input_names_every_field() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let r = room(&app, "MEETING_ROOM", false).await;
    let token = &r.residents[0].1;
    let start = local_day(12);
    let holiday = start + Days::new(14);
    let set = app
        .mutate(
            &r.admin,
            "setCalendarDay",
            "SetCalendarDayInput",
            "day { date }",
            json!({ "date": ymd(holiday), "kind": "HOLIDAY", "name": "测试假日" }),
        )
        .await;
    assert_eq!(set["userErrors"], json!([]), "{set}");
    let refused = reserve(
        &app,
        token,
        json!({ "facilityId": r.facility, "from": at(start, "09:00"), "to": at(start, "10:00"),
                "purpose": "议事会", "recurrence": { "weeks": 3 } }),
    )
    .await;
    let errors = refused["userErrors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{refused}");
    assert_eq!(errors[0]["code"], "INVALID_STATE");
    assert_eq!(errors[0]["field"], json!(["input", "recurrence"]));
    assert_eq!(dates_in(errors[0]["message"].as_str().unwrap()), vec![ymd(holiday)]);
    // Outside the opening hours (08:00 to 22:00) is refused the same way.
    let late = reserve(
        &app,
        token,
        json!({ "facilityId": r.facility, "from": at(start, "21:00"), "to": at(start, "22:30"), "purpose": "议事会" }),
    )
    .await;
    assert_eq!(
        (&late["userErrors"][0]["code"], &late["userErrors"][0]["field"]),
        (&json!("INVALID_STATE"), &json!(["input", "from"])),
        "{late}"
    );
    assert_eq!(held(&app, None, &r.facility).await.len(), 0, "nothing written");

    let bad = reserve(
        &app,
        token,
        json!({ "facilityId": r.facility, "from": at(start, "10:00"), "to": at(start, "09:00"),
                "purpose": "x".repeat(50_000), "recurrence": { "weeks": 27 } }),
    )
    .await;
    let fields: Vec<String> = bad["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["code"], "BAD_USER_INPUT", "{bad}");
            e["field"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect::<Vec<_>>().join(".")
        })
        .collect();
    assert_eq!(fields, ["input.purpose", "input.to", "input.recurrence.weeks"], "{bad}");
    let past = local_day(0) - Days::new(2);
    let long = reserve(
        &app,
        token,
        json!({ "facilityId": r.facility, "from": at(past, "08:00"), "to": at(past + Days::new(1), "08:00"),
                "purpose": "议事会" }),
    )
    .await;
    let fields: Vec<&Value> = long["userErrors"].as_array().unwrap().iter().map(|e| &e["field"]).collect();
    assert_eq!(fields, [&json!(["input", "from"]), &json!(["input", "to"])], "{long}");
    assert_eq!(held(&app, None, &r.facility).await.len(), 0);
}

#[tokio::test]
async fn another_resident_sees_the_busy_time_but_not_who_or_why() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let r = room(&app, "READING_ROOM", false).await;
    let (owner, other) = (&r.residents[0].1, &r.residents[1].1);
    let day = local_day(13);
    let made = reserve(
        &app,
        owner,
        json!({ "facilityId": r.facility, "from": at(day, "14:00"), "to": at(day, "16:00"), "purpose": "读书会" }),
    )
    .await;
    assert_eq!(made["userErrors"], json!([]), "{made}");
    let (from, to) = (at(day, "14:00"), at(day, "16:00"));
    let busy = |seen: &Vec<Value>| {
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0]["state"], "APPROVED");
        assert_eq!(
            chrono::DateTime::parse_from_rfc3339(seen[0]["startsAt"].as_str().unwrap()).unwrap(),
            chrono::DateTime::parse_from_rfc3339(&from).unwrap()
        );
        assert_eq!(
            chrono::DateTime::parse_from_rfc3339(seen[0]["endsAt"].as_str().unwrap()).unwrap(),
            chrono::DateTime::parse_from_rfc3339(&to).unwrap()
        );
    };
    for token in [Some(other.as_str()), None] {
        let seen = held(&app, token, &r.facility).await;
        busy(&seen);
        assert_eq!((&seen[0]["purpose"], &seen[0]["person"]), (&Value::Null, &Value::Null), "{seen:?}");
    }
    let history = app
        .data(
            Some(other),
            "query($id: ID!) { node(id: $id) { ... on Reservation { state history { state } } } }",
            json!({ "id": made["reservations"][0]["id"] }),
        )
        .await;
    assert_eq!(history["node"], json!({ "state": "APPROVED", "history": null }));
    for token in [owner.as_str(), r.admin.as_str()] {
        let seen = held(&app, Some(token), &r.facility).await;
        busy(&seen);
        assert_eq!((&seen[0]["purpose"], &seen[0]["person"]["name"]), (&json!("读书会"), &json!("林秀英")));
    }
    // The point lists its rooms.
    let rooms = app
        .data(
            None,
            "query($p: ID!) { node(id: $p) { ... on ServicePoint { facilities { id kind capacity } } } }",
            json!({ "p": r.point }),
        )
        .await;
    assert_eq!(
        rooms["node"]["facilities"],
        json!([{ "id": r.facility, "kind": "READING_ROOM", "capacity": 30 }])
    );
    // The point's admins change the room; a resident may not.
    let update = "mutation($i: UpdateFacilityInput!) { updateFacility(input: $i) {
                    facility { name capacity requiresApproval } userErrors { field code } } }";
    let change = json!({ "i": { "id": r.facility, "name": "阅览室（二楼）", "capacity": null } });
    let refused = app.gql(Some(owner), update, change.clone()).await;
    assert_eq!(refused["errors"][0]["extensions"]["code"], "FORBIDDEN", "{refused}");
    let changed = app.data(Some(&r.admin), update, change).await;
    assert_eq!(
        changed["updateFacility"]["facility"],
        json!({ "name": "阅览室（二楼）", "capacity": null, "requiresApproval": false })
    );
    let bad = app
        .data(Some(&r.admin), update, json!({ "i": { "id": r.facility, "name": " ", "capacity": 0 } }))
        .await;
    assert_eq!(
        bad["updateFacility"]["userErrors"],
        json!([{ "field": ["input", "name"], "code": "BAD_USER_INPUT" }, { "field": ["input", "capacity"], "code": "BAD_USER_INPUT" }])
    );
    // The seeded centres have their table-tennis and dance rooms, with reservations waiting for approval.
    let centres = app
        .data(
            Some(&r.admin),
            "{ servicePoints(kind: PARTY_MASS_CENTRE) { nodes { facilities { kind requiresApproval } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        centres["servicePoints"]["nodes"][0]["facilities"],
        json!([{ "kind": "TABLE_TENNIS", "requiresApproval": false }, { "kind": "DANCE", "requiresApproval": true }])
    );
}
