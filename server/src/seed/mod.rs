//! Deterministic demo data reproducing the source article's district:
//! 八公山区 of Huainan, Anhui, with its three streets and two towns, 42
//! communities and villages, 175 grids, 238 grid workers, 274 party-member
//! building leaders, 21 institutions paired with the 42 communities, and
//! 1,157 in-service members reported to the communities they live in.
//!
//! [`plan`] turns a [`Scale`] into rows without touching the database (the
//! same scale always gives the same rows, ids included); [`store`] writes
//! them in one transaction with multi-row inserts.

mod names;
mod plan;
mod store;

use std::fmt;
use std::time::Instant;

use crate::auth::DataKey;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::ids::AreaId;
use crate::people::model::Phone;
use crate::people::store::NewPerson;

/// The area tree the data is laid out on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// The article's district: 新庄孜街道, 土坝孜街道, 毕家岗街道 (10 urban
    /// communities each), 八公山镇 and 山王镇 (a community and 5 villages
    /// each): 32 communities with grids and 10 villages without.
    Bagongshan,
    /// 八公山区 → 新庄孜街道 → 团结社区 alone, for tests.
    OneCommunity,
}

impl Layout {
    /// How many communities have grids.
    pub fn urban_communities(self) -> usize {
        match self {
            Layout::Bagongshan => {
                names::STREETS.iter().flat_map(|s| s.communities).filter(|c| !c.ends_with('村')).count()
            }
            Layout::OneCommunity => 1,
        }
    }
}

/// How much demo data to make. The figures are targets the generator meets
/// exactly where the structure allows (grids, workers, leaders, pairings,
/// reported members) and as closely as the population's ages allow elsewhere.
#[derive(Clone, Debug)]
pub struct Scale {
    /// Seed of the random generator: the same scale gives the same data, ids included.
    pub seed: u64,
    pub layout: Layout,
    /// Grids, spread over the communities that have grids.
    pub grids: usize,
    /// Buildings per grid, an inclusive range.
    pub buildings_per_grid: (usize, usize),
    /// Everyone in the data: each lives in a building (or a village).
    pub residents: usize,
    /// The share of residents living in villages.
    pub village_share: f64,
    pub party_members: usize,
    /// In-service members (在职党员), among `party_members`.
    pub in_service_members: usize,
    /// In-service members reported to their residential community (报到), among `in_service_members`.
    pub reported_members: usize,
    /// Party-member building leaders, at most one per building, each grid having one first.
    pub building_leaders: usize,
    /// Grid workers: one per grid first, then a second in some grids.
    pub grid_workers: usize,
    /// Government and institution party organizations paired with the communities (at most 21).
    pub institution_orgs: usize,
    /// Social organizations incubated by 三社联动 (at most 7).
    pub social_organizations: usize,
}

const ARTICLE_SEED: u64 = 340_405;

impl Scale {
    /// The article's figures: 42 communities and villages, 175 grids, 238
    /// grid workers, 274 building leaders, 21 paired organizations, about
    /// 20,000 residents and 3,000 party members of whom 1,300 in service and
    /// 1,157 reported in.
    pub fn article() -> Scale {
        Scale {
            seed: ARTICLE_SEED,
            layout: Layout::Bagongshan,
            grids: 175,
            buildings_per_grid: (6, 10),
            residents: 20_000,
            village_share: 0.15,
            party_members: 3_000,
            in_service_members: 1_300,
            reported_members: 1_157,
            building_leaders: 274,
            grid_workers: 238,
            institution_orgs: names::INSTITUTIONS.len(),
            social_organizations: names::SOCIAL_ORGANIZATIONS.len(),
        }
    }

    /// The article's district with ten times its residents (200,000) and
    /// party members (30,000). The structure stays as in the article: the
    /// same areas, units and organizations, 274 building leaders (a
    /// building has at most one, so they are bounded by the buildings, not
    /// by the members), 238 grid workers and 42 pairings. The in-service
    /// members (13,000) and those reported in (11,570) scale with the members.
    pub fn large() -> Scale {
        let article = Scale::article();
        Scale {
            residents: article.residents * 10,
            party_members: article.party_members * 10,
            in_service_members: article.in_service_members * 10,
            reported_members: article.reported_members * 10,
            ..article
        }
    }

    /// For tests: one street with one community of `grids` grids, each with
    /// 3 buildings, each building with a party-member building leader and
    /// about 5 residents; a grid worker per grid; the organization tree
    /// above (district committee, street working committee, the community's
    /// 大党委 and branches), one paired institution and one social organization.
    pub fn small(grids: usize) -> Scale {
        Scale {
            seed: 7,
            layout: Layout::OneCommunity,
            grids,
            buildings_per_grid: (3, 3),
            residents: grids * 15,
            village_share: 0.0,
            party_members: (grids * 5 + 12).min(grids * 15),
            in_service_members: grids + 10,
            reported_members: grids,
            building_leaders: grids * 3,
            grid_workers: grids,
            institution_orgs: 1,
            social_organizations: 1,
        }
    }

    /// Why this scale cannot be generated, if it cannot.
    pub fn check(&self) -> std::result::Result<(), String> {
        let (lo, hi) = self.buildings_per_grid;
        let urban = self.layout.urban_communities();
        if self.grids < urban {
            return Err(format!("{} grids cannot cover the {urban} communities that have grids", self.grids));
        }
        if lo == 0 || lo > hi {
            return Err(format!("buildings per grid must be a range of at least 1, not {lo}..={hi}"));
        }
        if self.building_leaders > self.grids * lo {
            return Err(format!(
                "{} building leaders need more buildings than the {} that {} grids are sure to have",
                self.building_leaders,
                self.grids * lo,
                self.grids
            ));
        }
        if self.residents < self.building_leaders {
            return Err("every building leader lives in the district: too few residents".to_owned());
        }
        if self.party_members > self.residents
            || self.in_service_members > self.party_members
            || self.reported_members > self.in_service_members
        {
            return Err(
                "expected residents ≥ party members ≥ in-service members ≥ reported members".to_owned()
            );
        }
        if self.institution_orgs > names::INSTITUTIONS.len()
            || self.social_organizations > names::SOCIAL_ORGANIZATIONS.len()
        {
            return Err(format!(
                "at most {} institutions and {} social organizations",
                names::INSTITUTIONS.len(),
                names::SOCIAL_ORGANIZATIONS.len()
            ));
        }
        if !(0.0..1.0).contains(&self.village_share) {
            return Err(format!("the village share must be in [0, 1), not {}", self.village_share));
        }
        Ok(())
    }
}

/// What a seed wrote (or what the tables hold).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub districts: u64,
    pub streets: u64,
    pub towns: u64,
    pub communities: u64,
    pub villages: u64,
    pub grids: u64,
    pub buildings: u64,
    pub units: u64,
    pub orgs: u64,
    pub persons: u64,
    pub party_members: u64,
    /// In-service members reported to their residential community.
    pub reported_members: u64,
    pub member_periods: u64,
    pub building_leaders: u64,
    pub grid_workers: u64,
    pub pairings: u64,
    /// Distinct organizations among the pairings.
    pub paired_orgs: u64,
    pub committee_seats: u64,
    pub special_group_entries: u64,
    pub grid_group_members: u64,
}

/// `20000` as `20,000`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let g = grouped;
        write!(
            f,
            "{} district, {} streets and {} towns, {} communities and {} villages, {} grids, {} buildings; \
             {} units, {} party organizations; {} persons, {} party members ({} reported to their community, \
             {} membership periods); {} building leaders, {} grid workers; {} pairings of {} organizations, \
             {} committee seats, {} special-group entries, {} grid-group members",
            g(self.districts),
            g(self.streets),
            g(self.towns),
            g(self.communities),
            g(self.villages),
            g(self.grids),
            g(self.buildings),
            g(self.units),
            g(self.orgs),
            g(self.persons),
            g(self.party_members),
            g(self.reported_members),
            g(self.member_periods),
            g(self.building_leaders),
            g(self.grid_workers),
            g(self.pairings),
            g(self.paired_orgs),
            g(self.committee_seats),
            g(self.special_group_entries),
            g(self.grid_group_members),
        )
    }
}

/// Seal personal data exactly as `people::service::register_resident` does.
fn seal(persons: &[plan::PersonRow], key: &DataKey) -> Vec<store::PersonInsert> {
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

    #[test]
    fn counts_read_as_one_line() {
        let line = plan::generate(&Scale::small(1)).counts().to_string();
        assert!(
            line.starts_with("1 district, 1 streets and 0 towns, 1 communities and 0 villages, 1 grids"),
            "{line}"
        );
        assert!(!line.contains('\n'));
        assert_eq!(grouped(20_000), "20,000");
        assert_eq!(grouped(1_157), "1,157");
        assert_eq!(grouped(274), "274");
        assert_eq!(grouped(200_000), "200,000");
    }

    #[test]
    fn the_scales_are_consistent() {
        for scale in [Scale::article(), Scale::large(), Scale::small(1), Scale::small(3)] {
            scale.check().unwrap();
        }
        assert!(Scale { grids: 10, ..Scale::article() }.check().is_err());
        assert!(Scale { reported_members: 2_000, ..Scale::article() }.check().is_err());
    }

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
