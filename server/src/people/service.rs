//! People workflows: each validates its whole input, checks the caller's
//! area, and writes in one transaction.

use super::model::*;
use super::store::{self, NewPerson};
use crate::auth::{Action, DataKey, Principal};
use crate::db::{Db, is_unique_violation};
use crate::error::{Error, InputErrors, Result, UserError};
use crate::org::model::{AreaId, AreaKind, now};
use crate::org::store as org_store;

pub struct RegisterResident {
    pub name: String,
    pub id_card_number: String,
    pub phone: Option<String>,
    pub home_area_id: AreaId,
}

/// 登记居民: parse, check the home is a building or village in the caller's
/// area, seal the personal data, insert. A second person with the same
/// ID-card number is a `CONFLICT`.
pub async fn register_resident(
    db: &Db,
    key: &DataKey,
    principal: &Principal,
    input: RegisterResident,
) -> Result<Person> {
    let scope = principal.scope_for(Action::ManagePeople)?;
    let mut errors = InputErrors::default();
    let name = errors.check(PersonName::parse(&input.name, "name"));
    let id_card = errors.check(IdCardNumber::parse(&input.id_card_number, "idCardNumber"));
    let phone = match &input.phone {
        Some(p) => errors.check(Phone::parse(p, "phone")),
        None => None,
    };
    let mut tx = db.begin().await?;
    let home = org_store::areas_by_ids(&mut tx, &[input.home_area_id]).await?.pop();
    match &home {
        None => errors.push(UserError::not_found("homeAreaId", "area")),
        Some(a) if !matches!(a.kind, AreaKind::Building | AreaKind::Village) => {
            errors.push(UserError::bad_input("homeAreaId", "a home must be a building or a village"))
        }
        Some(_) => {}
    }
    errors.finish()?;
    let (Some(name), Some(id_card), Some(home)) = (name, id_card, home) else {
        unreachable!("finish() returned early on any error")
    };
    Principal::check_in(&scope, &home.path, "the home area")?;
    let new = NewPerson {
        name: name.as_str().to_owned(),
        gender: id_card.gender(),
        birth_date: id_card.birth_date(),
        id_card_cipher: key.encrypt(id_card.as_str()),
        id_card_hash: key.lookup_hash(id_card.as_str()),
        id_card_masked: id_card.masked(),
        phone_cipher: phone.as_ref().map(|p| key.encrypt(p.as_str())),
        phone_hash: phone.as_ref().map(|p| key.lookup_hash(p.as_str())),
        phone_masked: phone.as_ref().map(Phone::masked),
        home_area_id: home.id,
        area_path: home.path.clone(),
    };
    let id = match store::insert_person(&mut tx, &new, now()).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => {
            return Err(Error::user(UserError::conflict(
                "idCardNumber",
                "a person with this ID-card number is already registered",
            )));
        }
        Err(e) => return Err(e.into()),
    };
    let person = store::persons_by_ids(&mut tx, &scope, &[id])
        .await?
        .pop()
        .ok_or_else(|| Error::internal(anyhow::anyhow!("the new person was not read back")))?;
    tx.commit().await?;
    Ok(person)
}
