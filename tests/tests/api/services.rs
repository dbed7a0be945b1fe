//! Stories of the 15-minute living circle (15分钟生活圈): the service points
//! a resident can walk to, the buildings a community's points leave out,
//! opening hours through holidays and make-up working days, and the
//! admins who keep them.

use gongzhi_server::seed::Scale;
use gongzhi_server::services::model::{
    LIVING_CIRCLE_MINUTES, LatLng, distance_metres, reach_metres, within_walk,
};
use gongzhi_tests::{R, TestApp};
use serde_json::{Value, json};

const POINT: &str =
    "point { id name kind phone area { name } servedAreas { name } location { latitude longitude }
                     openingHours { weekday starts ends mode } closures { date reason } }";

fn at(v: &Value) -> LatLng {
    LatLng { latitude: v["latitude"].as_f64().unwrap(), longitude: v["longitude"].as_f64().unwrap() }
}

/// The location of an area, read anonymously.
async fn location_of(app: &TestApp, area: &str) -> LatLng {
    let data = app
        .data(
            None,
            "query($a: ID!) { node(id: $a) { ... on Area { location { latitude longitude } } } }",
            json!({ "a": area }),
        )
        .await;
    at(&data["node"]["location"])
}

/// Create a point, failing the test on any user error; the payload's point.
async fn create_point(app: &TestApp, token: &str, input: Value) -> Value {
    let payload = app.mutate(token, "createServicePoint", "CreateServicePointInput", POINT, input).await;
    assert_eq!(payload["userErrors"], json!([]), "{payload}");
    payload["point"].clone()
}

#[tokio::test]
async fn a_resident_finds_the_points_within_a_15_minute_walk_nearest_first() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let admin = app.district_admin().await;
    let community = app.first_area("COMMUNITY", None).await;
    let building = app.first_area("BUILDING", None).await;
    let home = location_of(&app, &building).await;
    // 0.0009 degrees of latitude are about 100 metres; 0.018 about 2 km.
    let near = create_point(
        &app,
        &admin,
        json!({ "name": "团结社区先锋书屋", "kind": "BOOKHOUSE", "areaId": community, "address": "团结路1号",
                "location": { "latitude": home.latitude + 0.0009, "longitude": home.longitude }, "phone": "0554-6612345" }),
    )
    .await;
    assert_eq!(
        near["servedAreas"],
        json!([{ "name": "团结社区" }]),
        "a point serves its own area unless told"
    );
    let far = create_point(
        &app,
        &admin,
        json!({ "name": "远处书屋", "kind": "BOOKHOUSE", "areaId": community, "address": "远路9号",
                "location": { "latitude": home.latitude + 0.018, "longitude": home.longitude } }),
    )
    .await;

    let query = "query($near: LatLngInput!, $m: Int = 15, $k: ServicePointKind) {
      nearbyServicePoints(near: $near, withinMinutes: $m, kind: $k) { distanceMeters walkingMinutes point { id name kind } } }";
    let from_home = json!({ "latitude": home.latitude, "longitude": home.longitude });
    // Anonymous: points are public.
    let books = app.data(None, query, json!({ "near": from_home, "k": "BOOKHOUSE" })).await;
    let found = books["nearbyServicePoints"].as_array().unwrap();
    assert_eq!(found.len(), 1, "the far bookhouse is a half-hour walk: {books}");
    assert_eq!(found[0]["point"]["id"], near["id"]);
    let metres = found[0]["distanceMeters"].as_i64().unwrap();
    assert!((95..=105).contains(&metres), "about 100 m: {metres}");
    assert_eq!(found[0]["walkingMinutes"], 2, "100 m times 1.3 at 80 m a minute, rounded up");

    let all = app.data(None, query, json!({ "near": from_home })).await;
    let all = all["nearbyServicePoints"].as_array().unwrap();
    assert!(all.len() >= 2, "the community's own points are near: {all:?}");
    let distances: Vec<i64> = all.iter().map(|n| n["distanceMeters"].as_i64().unwrap()).collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "nearest first: {distances:?}");
    assert!(all.iter().all(|n| n["walkingMinutes"].as_i64().unwrap() <= 15));
    assert!(all.iter().all(|n| n["point"]["id"] != far["id"]));
    assert!(all.iter().any(|n| n["point"]["kind"] == "PARTY_MASS_CENTRE"), "the community's 党群服务中心");

    let hour = app.data(None, query, json!({ "near": from_home, "m": 60, "k": "BOOKHOUSE" })).await;
    let hour = hour["nearbyServicePoints"].as_array().unwrap();
    assert_eq!(hour.len(), 2);
    assert_eq!(hour[1]["point"]["id"], far["id"]);
    let minutes = hour[1]["walkingMinutes"].as_i64().unwrap();
    assert!((32..=34).contains(&minutes), "2 km is a half-hour walk: {minutes}");
}

#[tokio::test]
async fn the_living_circle_of_a_community_names_the_buildings_a_kind_of_point_leaves_out() {
    let (app, _) = TestApp::seeded(Scale::small(3)).await;
    let admin = app.district_admin().await;
    let community = app.first_area("COMMUNITY", None).await;
    let listed = app
        .data(
            None,
            "query($c: ID!) { areas(kind: BUILDING, within: $c, first: 100) { nodes { id name location { latitude longitude } } } }",
            json!({ "c": community }),
        )
        .await;
    let buildings: Vec<(String, LatLng)> = listed["areas"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["id"].as_str().unwrap().to_owned(), at(&b["location"])))
        .collect();
    assert_eq!(buildings.len(), 9);
    // A 妇女之家 (the test district has none) beyond the building farthest
    // out, so that the buildings nearest it are reached and the farthest not.
    let (mut a, mut z, mut span) = (buildings[0].1, buildings[0].1, 0.0);
    for (_, p) in &buildings {
        for (_, q) in &buildings {
            let d = distance_metres(*p, *q);
            if d > span {
                (a, z, span) = (*p, *q, d);
            }
        }
    }
    let reach = reach_metres(LIVING_CIRCLE_MINUTES);
    let f = (reach - span / 2.0) / span;
    let place = LatLng {
        latitude: a.latitude + (a.latitude - z.latitude) * f,
        longitude: a.longitude + (a.longitude - z.longitude) * f,
    };
    let point = create_point(
        &app,
        &admin,
        json!({ "name": "团结社区妇女之家", "kind": "WOMENS_HOME", "areaId": community, "address": "团结路8号",
                "location": { "latitude": place.latitude, "longitude": place.longitude } }),
    )
    .await;
    let placed = at(&point["location"]);
    let mut expected: Vec<&str> = buildings
        .iter()
        .filter(|(_, b)| !within_walk(*b, placed, LIVING_CIRCLE_MINUTES))
        .map(|(id, _)| id.as_str())
        .collect();
    expected.sort();
    assert!(!expected.is_empty() && expected.len() < buildings.len(), "some buildings are reached, some not");

    let circle = app
        .data(
            None,
            "query($c: ID!) { node(id: $c) { ... on Area { livingCircle { walkingMinutes buildings
               kinds { kind coveredBuildings share uncoveredBuildings { id name kind } } } } } }",
            json!({ "c": community }),
        )
        .await;
    let circle = &circle["node"]["livingCircle"];
    assert_eq!((circle["walkingMinutes"].as_i64(), circle["buildings"].as_i64()), (Some(15), Some(9)));
    let kind = |k: &str| circle["kinds"].as_array().unwrap().iter().find(|c| c["kind"] == k).unwrap().clone();
    let women = kind("WOMENS_HOME");
    let mut uncovered: Vec<&str> =
        women["uncoveredBuildings"].as_array().unwrap().iter().map(|b| b["id"].as_str().unwrap()).collect();
    uncovered.sort();
    assert_eq!(uncovered, expected);
    assert!(women["uncoveredBuildings"].as_array().unwrap().iter().all(|b| b["kind"] == "BUILDING"));
    let covered = 9 - expected.len() as i64;
    assert_eq!(women["coveredBuildings"], covered);
    assert!((women["share"].as_f64().unwrap() - covered as f64 / 9.0).abs() < 1e-9);
    let centre = kind("PARTY_MASS_CENTRE");
    assert_eq!((centre["coveredBuildings"].as_i64(), centre["share"].as_f64()), (Some(9), Some(1.0)));
    assert_eq!(
        kind("WORKERS_STATION")["coveredBuildings"],
        0,
        "the test district has no 幸福驿站 with 3 grids"
    );

    let building = &buildings[0].0;
    let none = app
        .data(
            None,
            "query($b: ID!) { node(id: $b) { ... on Area { livingCircle { buildings } } } }",
            json!({ "b": building }),
        )
        .await;
    assert_eq!(none["node"]["livingCircle"], Value::Null, "a building has no living circle of its own");
}

const OPENING: &str = "query($p: ID!, $d: Date!) { node(id: $p) { ... on ServicePoint { openingOn(date: $d) { weekday starts ends mode } } } }";

async fn opening_on(app: &TestApp, point: &Value, date: &str) -> Vec<Value> {
    let data = app.data(None, OPENING, json!({ "p": point, "d": date })).await;
    data["node"]["openingOn"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_point_is_closed_on_a_holiday_and_a_sunday_make_up_day_opens_as_a_monday() {
    let (app, _) = TestApp::seeded(Scale::small(1)).await;
    let admin = app.district_admin().await;
    let community = app.first_area("COMMUNITY", None).await;
    let home = location_of(&app, &community).await;
    let point = create_point(
        &app,
        &admin,
        json!({ "name": "团结社区养老服务中心二部", "kind": "ELDERLY_CARE", "areaId": community, "address": "团结路3号",
                "location": { "latitude": home.latitude, "longitude": home.longitude } }),
    )
    .await;
    let id = point["id"].clone();
    let periods = json!([
        { "weekday": 1, "starts": "08:30", "ends": "12:00" },
        { "weekday": 1, "starts": "18:00", "ends": "20:00", "mode": "EXTENDED_HOURS" },
        { "weekday": 2, "starts": "08:30", "ends": "12:00" },
        { "weekday": 6, "starts": "09:00", "ends": "11:00", "mode": "OFF_PEAK" },
    ]);
    let set = app
        .mutate(
            &admin,
            "setOpeningHours",
            "SetOpeningHoursInput",
            POINT,
            json!({ "pointId": id, "periods": periods }),
        )
        .await;
    assert_eq!(set["userErrors"], json!([]), "{set}");
    assert_eq!(set["point"]["openingHours"].as_array().unwrap().len(), 4);
    assert_eq!(set["point"]["openingHours"][1]["mode"], "EXTENDED_HOURS");

    // 2026-02-09 is an ordinary Monday; 2026-02-16, a Monday of the Spring Festival (春节).
    assert_eq!(opening_on(&app, &id, "2026-02-09").await.len(), 2);
    assert_eq!(opening_on(&app, &id, "2026-02-16").await, Vec::<Value>::new(), "closed on a public holiday");
    // 2026-09-20 is a Sunday worked before National Day (调休): Monday's hours.
    let sunday = opening_on(&app, &id, "2026-09-20").await;
    assert_eq!(sunday.len(), 2, "{sunday:?}");
    assert!(sunday.iter().all(|p| p["weekday"] == 1));
    assert_eq!(opening_on(&app, &id, "2026-09-13").await.len(), 0, "an ordinary Sunday");
    let calendar = app.data(None, "{ calendar(year: 2026) { date kind name } }", json!({})).await;
    let days = calendar["calendar"].as_array().unwrap();
    assert_eq!(days.len(), 38);
    assert!(days.contains(&json!({ "date": "2026-09-20", "kind": "WORKDAY", "name": "国庆节" })));

    // The district's admins keep the calendar; a street's may not.
    let street = app.first_area("STREET", None).await;
    let street_admin = app.token(&[R::StreetAdmin], Some(TestApp::uuid_of(&json!(street))), None, &[]);
    let day = json!({ "date": "2026-09-13", "kind": "WORKDAY", "name": "调休" });
    let refused = app
        .gql(
            Some(&street_admin),
            "mutation($i: SetCalendarDayInput!) { setCalendarDay(input: $i) { day { date } } }",
            json!({ "i": day }),
        )
        .await;
    assert_eq!(refused["errors"][0]["extensions"]["code"], "FORBIDDEN", "{refused}");
    let set =
        app.mutate(&admin, "setCalendarDay", "SetCalendarDayInput", "day { date kind name }", day).await;
    assert_eq!(set["day"], json!({ "date": "2026-09-13", "kind": "WORKDAY", "name": "调休" }));
    assert_eq!(opening_on(&app, &id, "2026-09-13").await.len(), 2);
    let removed = app
        .mutate(
            &admin,
            "removeCalendarDay",
            "RemoveCalendarDayInput",
            "day { date }",
            json!({ "date": "2026-09-13" }),
        )
        .await;
    assert_eq!(removed["userErrors"], json!([]));
    assert_eq!(opening_on(&app, &id, "2026-09-13").await.len(), 0);

    // A closure closes the point that day, and shows among the upcoming ones.
    let close = |date: &'static str| {
        let (app, admin, id) = (&app, admin.clone(), id.clone());
        async move {
            app.mutate(
                &admin,
                "addPointClosure",
                "AddPointClosureInput",
                POINT,
                json!({ "pointId": id, "date": date, "reason": "设备检修" }),
            )
            .await
        }
    };
    assert_eq!(
        close("2030-01-08").await["point"]["closures"],
        json!([{ "date": "2030-01-08", "reason": "设备检修" }])
    );
    assert_eq!(close("2030-01-08").await["userErrors"][0]["code"], "CONFLICT");
    assert_eq!(opening_on(&app, &id, "2030-01-08").await.len(), 0, "a Tuesday, closed");
    assert_eq!(opening_on(&app, &id, "2030-01-15").await.len(), 1, "the next Tuesday, open");
    let reopened = app
        .mutate(
            &admin,
            "removePointClosure",
            "RemovePointClosureInput",
            POINT,
            json!({ "pointId": id, "date": "2030-01-08" }),
        )
        .await;
    assert_eq!(reopened["point"]["closures"], json!([]));
    assert_eq!(opening_on(&app, &id, "2030-01-08").await.len(), 1);
}

#[tokio::test]
async fn bad_input_names_every_bad_field_and_writes_nothing() {
    let (app, _) = TestApp::seeded(Scale::small(1)).await;
    let admin = app.district_admin().await;
    let community = app.first_area("COMMUNITY", None).await;
    let count = || async {
        app.data(None, "{ servicePoints { totalCount } }", json!({})).await["servicePoints"]["totalCount"]
            .clone()
    };
    let before = count().await;
    let bad = app
        .mutate(
            &admin,
            "createServicePoint",
            "CreateServicePointInput",
            "point { id }",
            json!({ "name": "x".repeat(50_000), "kind": "BOOKHOUSE", "areaId": community, "address": " ",
                    "location": { "latitude": 200.0, "longitude": 116.83 }, "phone": "call us" }),
        )
        .await;
    let fields: Vec<String> = bad["userErrors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["code"], "BAD_USER_INPUT");
            e["field"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect::<Vec<_>>().join(".")
        })
        .collect();
    assert_eq!(fields, ["input.name", "input.address", "input.phone", "input.location.latitude"], "{bad}");
    assert_eq!(bad["point"], Value::Null);
    assert_eq!(count().await, before, "nothing written");

    let points = app
        .data(None, "{ servicePoints(first: 1) { nodes { id openingHours { starts } } } }", json!({}))
        .await;
    let point = &points["servicePoints"]["nodes"][0];
    let hours = app
        .mutate(
            &admin,
            "setOpeningHours",
            "SetOpeningHoursInput",
            "point { id }",
            json!({ "pointId": point["id"], "periods": [
                { "weekday": 1, "starts": "17:00", "ends": "09:00" },
                { "weekday": 8, "starts": "9:00", "ends": "10:00" },
            ] }),
        )
        .await;
    let fields: Vec<&Value> = hours["userErrors"].as_array().unwrap().iter().map(|e| &e["field"]).collect();
    assert_eq!(
        fields,
        [
            &json!(["input", "periods", "0", "ends"]),
            &json!(["input", "periods", "1", "weekday"]),
            &json!(["input", "periods", "1", "starts"])
        ]
    );
    let after = app
        .data(None, "{ servicePoints(first: 1) { nodes { id openingHours { starts } } } }", json!({}))
        .await;
    assert_eq!(&after["servicePoints"]["nodes"][0], point, "the hours are as they were");

    let query = "query($near: LatLngInput!, $m: Int) { nearbyServicePoints(near: $near, withinMinutes: $m) { distanceMeters } }";
    for (near, minutes, field) in [
        (json!({ "latitude": 200.0, "longitude": 116.83 }), 15, "near.latitude"),
        (json!({ "latitude": 32.63, "longitude": -181.0 }), 15, "near.longitude"),
        (json!({ "latitude": 32.63, "longitude": 116.83 }), 0, "withinMinutes"),
        (json!({ "latitude": 32.63, "longitude": 116.83 }), 61, "withinMinutes"),
    ] {
        let body = app.gql(None, query, json!({ "near": near, "m": minutes })).await;
        let error = &body["errors"][0]["extensions"];
        assert_eq!(
            (error["code"].as_str(), error["field"].as_str()),
            (Some("BAD_USER_INPUT"), Some(field)),
            "{body}"
        );
    }
}

#[tokio::test]
async fn an_admin_keeps_the_points_of_their_own_area_only() {
    let (app, _) = TestApp::seeded(Scale::small(2)).await;
    let community = app.first_area("COMMUNITY", None).await;
    let grids = app.data(None, "{ areas(kind: GRID) { nodes { id } } }", json!({})).await;
    let (grid_a, grid_b) =
        (grids["areas"]["nodes"][0]["id"].clone(), grids["areas"]["nodes"][1]["id"].clone());
    let admin_of_a = app.token(&[R::CommunityAdmin], Some(TestApp::uuid_of(&grid_a)), None, &[]);
    let home = location_of(&app, &community).await;
    let input = |area: &Value| {
        json!({ "name": "网格幸福驿站", "kind": "WORKERS_STATION", "areaId": area, "address": "团结路5号",
                "location": { "latitude": home.latitude, "longitude": home.longitude } })
    };
    let create = "mutation($i: CreateServicePointInput!) { createServicePoint(input: $i) { point { id } userErrors { code } } }";
    let outside = app.gql(Some(&admin_of_a), create, json!({ "i": input(&grid_b) })).await;
    assert_eq!(outside["errors"][0]["extensions"]["code"], "FORBIDDEN", "{outside}");
    let anonymous = app.gql(None, create, json!({ "i": input(&grid_a) })).await;
    assert_eq!(anonymous["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{anonymous}");
    let inside = create_point(&app, &admin_of_a, input(&grid_a)).await;
    assert_eq!(inside["area"]["name"], "第1网格");

    // The community's own 党群服务中心 stands above the grid: not the grid admin's to change.
    let centres = app
        .data(None, "{ servicePoints(kind: PARTY_MASS_CENTRE) { nodes { id name phone } } }", json!({}))
        .await;
    let centre = &centres["servicePoints"]["nodes"][0];
    let update = "mutation($i: UpdateServicePointInput!) { updateServicePoint(input: $i) { point { name phone } userErrors { code } } }";
    let refused =
        app.gql(Some(&admin_of_a), update, json!({ "i": { "id": centre["id"], "name": "改名" } })).await;
    assert_eq!(refused["errors"][0]["extensions"]["code"], "FORBIDDEN", "{refused}");
    let district = app.district_admin().await;
    let changed = app
        .data(
            Some(&district),
            update,
            json!({ "i": { "id": centre["id"], "name": " 团结社区党群服务中心（新） ", "phone": null } }),
        )
        .await;
    assert_eq!(
        changed["updateServicePoint"]["point"],
        json!({ "name": "团结社区党群服务中心（新）", "phone": null })
    );
    assert!(centre["phone"].is_string(), "the seeded centre had a phone");
    let found = app
        .data(
            None,
            "query($id: ID!) { node(id: $id) { ... on ServicePoint { name area { name } } } }",
            json!({ "id": centre["id"] }),
        )
        .await;
    assert_eq!(
        found["node"],
        json!({ "name": "团结社区党群服务中心（新）", "area": { "name": "团结社区" } })
    );
}
