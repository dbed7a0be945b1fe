//! A clinic (体检中心) that books free health checks for the eligible
//! residents of its area, and reads only what its HEALTH_CHECK purpose
//! unmasks: each booked resident's ID-card number and phone.
//!
//! ```sh
//! GONGZHI_URL=http://127.0.0.1:8080 CLIENT_ID=… CLIENT_SECRET=… SERVICE_ID=… \
//!   cargo run -p gongzhi-client --example clinic
//! ```
//!
//! The client needs the scopes `people:read services:book` and the purpose
//! HEALTH_CHECK. With `TRUSTED_DOCUMENTS=1` it sends document ids: register
//! `clients/rust/src/operations.graphql` for it first with
//! `gongzhi documents add clients/rust/src/operations.graphql --client $CLIENT_ID`.
//! The story test runs [`run`] against a real server.

use gongzhi_client::operations::{
    Book, PersonalData, Residents, ServiceFor, book, personal_data, residents, service_for,
};
use gongzhi_client::{Client, Config, Page, Result, all_pages, idempotency_key};

/// One booked health check and what the clinic may read of the person.
#[derive(Debug)]
pub struct Booked {
    pub person: String,
    pub name: String,
    pub state: String,
    pub id_card_number: String,
    pub phone: Option<String>,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Report {
    /// Residents of the clinic's area of the service's age, as it saw them.
    pub residents: usize,
    pub booked: Vec<Booked>,
    /// Residents the service or the booking refused, with the reason.
    pub refused: Vec<(String, String)>,
}

/// Book the service `service` on day `on` (`YYYY-MM-DD`) for at most `max`
/// residents aged `min_age` or over.
pub async fn run(client: &Client, service: &str, min_age: i64, on: &str, max: usize) -> Result<Report> {
    let residents = all_pages(50, |after| async move {
        let vars = residents::Variables { min_age: Some(min_age), first: 20, after };
        let people = client.run::<Residents>(vars).await?.people;
        Ok(Page {
            nodes: people.nodes,
            end_cursor: people.page_info.end_cursor,
            has_next_page: people.page_info.has_next_page,
        })
    })
    .await?;
    let mut report = Report { residents: residents.len(), ..Report::default() };
    for resident in residents {
        if report.booked.len() == max {
            break;
        }
        let vars = service_for::Variables {
            service: service.to_owned(),
            person: resident.id.clone(),
            from: on.to_owned(),
            to: on.to_owned(),
        };
        let Some(node) = client.run::<ServiceFor>(vars).await?.node else {
            report.refused.push((resident.id, "the service is not found".into()));
            continue;
        };
        let service_for::ServiceForNode::Service(found) = node else {
            report.refused.push((resident.id, "the id is not a service".into()));
            continue;
        };
        match found.eligibility {
            Some(e) if e.eligible => {}
            Some(e) => {
                let why: Vec<String> = e.failed_rules.into_iter().map(|r| r.description).collect();
                report.refused.push((resident.id, why.join("; ")));
                continue;
            }
            None => {
                report.refused.push((resident.id, "eligibility unknown".into()));
                continue;
            }
        }
        let Some(slot) = found.availability.into_iter().find(|s| s.free > 0) else {
            report.refused.push((resident.id, format!("no free place on {on}")));
            continue;
        };
        let input = book::BookInput {
            slot: slot.id,
            person_id: Some(resident.id.clone()),
            // The same key on every retry of this request: one booking.
            idempotency_key: Some(idempotency_key()),
            waitlist: false,
        };
        let booked = client.run::<Book>(book::Variables { input }).await?.book;
        let Some(booking) = booked.booking else {
            let why: Vec<String> =
                booked.user_errors.into_iter().map(|e| format!("{:?}: {}", e.code, e.message)).collect();
            report.refused.push((resident.id, why.join("; ")));
            continue;
        };
        let data =
            client.run::<PersonalData>(personal_data::Variables { person: resident.id.clone() }).await?;
        if let Some(personal_data::PersonalDataNode::Person(p)) = data.node {
            report.booked.push(Booked {
                person: resident.id,
                name: p.name,
                state: format!("{:?}", booking.state),
                id_card_number: p.id_card_number,
                phone: p.phone,
            });
        }
    }
    Ok(report)
}

#[allow(dead_code)] // The story test calls `run` only.
#[tokio::main]
async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let var = |name: &str| std::env::var(name).map_err(|_| format!("set {name}"));
    let mut config = Config::new(&var("GONGZHI_URL")?, &var("CLIENT_ID")?, &var("CLIENT_SECRET")?);
    config.trusted_documents = std::env::var("TRUSTED_DOCUMENTS").is_ok_and(|v| v == "1");
    let client = Client::new(config)?;
    let on = (chrono::Local::now() + chrono::Duration::days(2)).format("%Y-%m-%d").to_string();
    let report = run(&client, &var("SERVICE_ID")?, 60, &on, 10).await?;
    println!("{} residents aged 60 or over in the clinic's area", report.residents);
    for b in &report.booked {
        println!(
            "booked {} ({}): {}, ID card {}, phone {}",
            b.name,
            b.person,
            b.state,
            b.id_card_number,
            b.phone.as_deref().unwrap_or("-")
        );
    }
    for (person, why) in &report.refused {
        println!("not booked {person}: {why}");
    }
    Ok(())
}
