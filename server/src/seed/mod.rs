//! Deterministic demo data reproducing the source article's district:
//! 八公山区 of Huainan, Anhui, with its three streets and two towns, 42
//! communities and villages, 175 grids, 238 grid workers, 274 party-member
//! building leaders, 21 institutions paired with the 42 communities, and
//! 1,157 in-service members reported to the communities they live in; and
//! about 150 service points (a 党群服务中心 in every community and village)
//! with their hours, and the 2026 holiday calendar; services at the points
//! (免费体检 at every health station, 助餐 or 康复理疗 at every elderly-care
//! centre, 法律咨询 at every 党群服务中心), 40,000 completed health checks
//! of 2026 with their histories, and the bookings and waitlists of the two
//! weeks after the demo's reference day (2026-11-25); a table-tennis and a
//! dance room at every 党群服务中心, with four weeks of reservations.
//!
//! [`scale`] says what to make; [`plan`] turns a [`Scale`] into rows without
//! touching the database (the same scale always gives the same rows, ids
//! included); [`store`] writes them in one transaction with multi-row inserts.

mod names;
mod plan;
mod scale;
mod store;

use std::time::Instant;

use crate::auth::DataKey;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::ids::AreaId;
use crate::people::model::Phone;
use crate::people::store::NewPerson;

pub use plan::Counts;
pub use scale::{Layout, Scale};

/// Seal personal data exactly as `people::service::register_resident` does.
fn seal(persons: &[plan::people::PersonRow], key: &DataKey) -> Vec<store::PersonInsert> {
    persons
        .iter()
        .map(|p| {
            let card = &p.id_card;
            let phone = p.phone.as_ref();
            store::PersonInsert {
                id: p.id,
                at: p.at,
                person: NewPerson {
                    name: p.name.clone(),
                    gender: card.gender(),
                    birth_date: card.birth_date(),
                    id_card_cipher: key.encrypt(card.as_str()),
                    id_card_hash: key.lookup_hash(card.as_str()),
                    id_card_masked: card.masked(),
                    phone_cipher: phone.map(|x| key.encrypt(x.as_str())),
                    phone_hash: phone.map(|x| key.lookup_hash(x.as_str())),
                    phone_masked: phone.map(Phone::masked),
                    home_area_id: AreaId(p.home_area_id),
                    area_path: p.area_path.clone(),
                },
            }
        })
        .collect()
}

/// Load the demo data of `scale` into an empty database, in one transaction.
/// Fails, writing nothing, when the database already holds areas.
pub async fn seed(db: &Db, key: &DataKey, scale: &Scale) -> Result<Counts> {
    scale.check().map_err(|why| Error::internal(anyhow::anyhow!("cannot seed this scale: {why}")))?;
    let mut tx = db.begin().await?;
    let areas = store::count_areas(&mut tx).await?;
    if areas > 0 {
        return Err(Error::internal(anyhow::anyhow!(
            "the database already holds {areas} areas: demo data is only loaded into an empty database"
        )));
    }
    let (scale, key) = (scale.clone(), key.clone());
    // Generating and encrypting 200,000 people takes a while: keep it off the async workers.
    let (data, persons) = tokio::task::spawn_blocking(move || {
        let data = plan::generate(&scale);
        let persons = seal(&data.persons, &key);
        (data, persons)
    })
    .await
    .map_err(Error::internal)?;
    store::insert(&mut tx, &data, &persons).await?;
    tx.commit().await?;
    Ok(data.counts())
}

/// What the tables hold, counted as [`seed`] reports what it wrote.
pub async fn stored_counts(db: &Db) -> Result<Counts> {
    let mut conn = db.conn().await?;
    store::counts(&mut conn).await
}

/// Load the article-scale demo when the database holds no areas yet (the
/// server's `--demo` start).
pub async fn seed_demo_if_empty(db: &Db, key: &DataKey) -> Result<()> {
    let areas = {
        let mut conn = db.conn().await?;
        store::count_areas(&mut conn).await?
    };
    if areas > 0 {
        tracing::info!(areas, "demo data not loaded: the database already holds areas");
        return Ok(());
    }
    let started = Instant::now();
    let counts = seed(db, key, &Scale::article()).await?;
    tracing::info!(elapsed_ms = started.elapsed().as_millis() as u64, %counts, "demo data loaded");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Scope;
    use crate::ids::PersonId;
    use crate::people::model::IdCardNumber;

    const ZERO_KEY: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    #[tokio::test]
    async fn seeds_a_small_district_into_an_empty_sqlite_database() {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        let dir = std::env::temp_dir().join(format!("gongzhi-seed-{}-{nanos}", std::process::id()));
        let db = Db::connect(&format!("sqlite://{}/t.db", dir.display())).await.unwrap();
        db.migrate().await.unwrap();
        let key = DataKey::from_base64(ZERO_KEY).unwrap();
        let scale = Scale::small(3);

        let written = seed(&db, &key, &scale).await.unwrap();
        let stored = stored_counts(&db).await.unwrap();
        assert_eq!(stored, written);
        assert_eq!((stored.districts, stored.streets, stored.communities, stored.villages), (1, 1, 1, 0));
        assert_eq!((stored.grids, stored.buildings), (3, 9));
        assert_eq!(stored.persons, 45);
        assert_eq!(stored.building_leaders, 9);
        assert_eq!(stored.grid_workers, 3);
        assert_eq!((stored.pairings, stored.paired_orgs), (1, 1));
        assert_eq!(stored.reported_members, 3);
        assert_eq!(stored.grid_group_members, 3 * (3 + 6), "leaders and six representatives per grid");
        assert!(stored.party_members >= 9 + 10, "leaders and staff at least");
        assert!(stored.committee_seats >= 5);
        assert!(stored.member_periods >= stored.party_members);

        // The stored ids are the generated ones, and personal data opens with the key.
        let first = &plan::generate(&scale).persons[0];
        let everything = Scope::new(Some("/340405/"), None);
        let mut conn = db.conn().await.unwrap();
        let person = crate::people::store::persons_by_ids(&mut conn, &everything, &[PersonId(first.id)])
            .await
            .unwrap()
            .pop()
            .expect("the first generated person is stored");
        assert_eq!(person.name, first.name);
        let card =
            IdCardNumber::parse(&key.decrypt(&person.id_card_cipher).unwrap(), "idCardNumber").unwrap();
        assert_eq!(card, first.id_card);
        assert_eq!(person.id_card_masked, card.masked());
        drop(conn);

        let again = seed(&db, &key, &scale).await;
        assert!(again.is_err(), "a second seed is refused");
        assert_eq!(stored_counts(&db).await.unwrap(), stored, "and writes nothing");
        db.close().await;
        std::fs::remove_dir_all(&dir).ok();
    }
}
