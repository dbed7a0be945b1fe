//! People workflows: each validates its whole input, checks the caller's
//! area, and writes in one transaction.

use super::model::*;
use super::store::{
    self, NewGridGroupMember, NewPerson, NewRoleAssignment, NewSpecialGroupEntry, PersonChanges, SealedPhone,
};
use crate::auth::{Action, DataKey, Principal};
use crate::db::{Conn, Date, Db, Scope, is_unique_violation};
use crate::error::{Error, InputErrors, Result, UserError};
use crate::org::model::{Area, AreaId, AreaKind, UnitId, now};
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

/// A person the caller may manage, looked up inside the mutation's transaction.
async fn person_in_scope(tx: &mut Conn, scope: &Scope, id: PersonId) -> Result<Option<Person>> {
    Ok(store::persons_by_ids(tx, scope, &[id]).await?.pop())
}

async fn area_by_id(tx: &mut Conn, id: AreaId) -> Result<Option<Area>> {
    Ok(org_store::areas_by_ids(tx, &[id]).await?.pop())
}

/// The user error for a record that vanished from under a guarded write: a
/// concurrent mutation ended it between our read and our update.
fn ended_meanwhile(id_field: &str) -> Error {
    Error::user(UserError::invalid_state(id_field, "this has already ended"))
}

fn read_back<T>(row: Option<T>, what: &str) -> Result<T> {
    row.ok_or_else(|| Error::internal(anyhow::anyhow!("the written {what} was not read back")))
}

pub struct UpdatePerson {
    pub id: PersonId,
    pub name: Option<String>,
    /// `None`: keep; `Some(None)` or an empty string: remove.
    pub phone: Option<Option<String>>,
    pub home_area_id: Option<AreaId>,
}

/// 修改人员信息: change the name, phone or home of a person in the caller's
/// area. Moving home carries the new path into the person's party
/// membership and special-group entries, so they stay visible to the same
/// people as the person.
pub async fn update_person(
    db: &Db,
    key: &DataKey,
    principal: &Principal,
    input: UpdatePerson,
) -> Result<Person> {
    let scope = principal.scope_for(Action::ManagePeople)?;
    let mut errors = InputErrors::default();
    let name = input.name.as_deref().and_then(|n| errors.check(PersonName::parse(n, "name")));
    let phone = errors.check(PhoneChange::parse(input.phone.as_ref().map(|p| p.as_deref()), "phone"));
    let mut tx = db.begin().await?;
    let person = person_in_scope(&mut tx, &scope, input.id).await?;
    if person.is_none() {
        errors.push(UserError::not_found("id", "person"));
    }
    let home = match input.home_area_id {
        Some(id) => {
            let home = area_by_id(&mut tx, id).await?;
            match &home {
                None => errors.push(UserError::not_found("homeAreaId", "area")),
                Some(a) if !matches!(a.kind, AreaKind::Building | AreaKind::Village) => {
                    errors.push(UserError::bad_input("homeAreaId", "a home must be a building or a village"))
                }
                Some(_) => {}
            }
            home
        }
        None => None,
    };
    errors.finish()?;
    let person = read_back(person, "person")?;
    if let Some(home) = &home {
        Principal::check_in(&scope, &home.path, "the home area")?;
    }
    let moved_to = home.filter(|h| h.id != person.home_area_id);
    let changes = PersonChanges {
        name: name.map(|n| n.as_str().to_owned()),
        phone: match phone.unwrap_or(PhoneChange::Keep) {
            PhoneChange::Keep => None,
            PhoneChange::Remove => Some(None),
            PhoneChange::Set(p) => Some(Some(SealedPhone {
                cipher: key.encrypt(p.as_str()),
                hash: key.lookup_hash(p.as_str()),
                masked: p.masked(),
            })),
        },
        home: moved_to.as_ref().map(|h| (h.id, h.path.clone())),
    };
    let at = now();
    store::update_person(&mut tx, person.id, &changes, at).await?;
    if let Some(home) = &moved_to {
        store::move_person_records(&mut tx, person.id, &home.path, at).await?;
    }
    let person = read_back(person_in_scope(&mut tx, &scope, person.id).await?, "person")?;
    tx.commit().await?;
    Ok(person)
}

pub struct RegisterSpecialGroup {
    pub person_id: PersonId,
    pub group: SpecialGroup,
    /// Today when not given.
    pub registered_on: Option<Date>,
    pub note: Option<String>,
}

/// 登记特殊群体: enter a person of the caller's area in the register. A
/// second open entry of the same group for the person is a `CONFLICT`.
pub async fn register_special_group(
    db: &Db,
    principal: &Principal,
    input: RegisterSpecialGroup,
) -> Result<SpecialGroupEntry> {
    let scope = principal.scope_for(Action::ManagePeople)?;
    let mut errors = InputErrors::default();
    let note = match &input.note {
        Some(n) => errors.check(Note::parse(n, "note")).flatten(),
        None => None,
    };
    let mut tx = db.begin().await?;
    let person = person_in_scope(&mut tx, &scope, input.person_id).await?;
    if person.is_none() {
        errors.push(UserError::not_found("personId", "person"));
    }
    errors.finish()?;
    let person = read_back(person, "person")?;
    let new = NewSpecialGroupEntry {
        person_id: person.id,
        group: input.group,
        registered_on: input.registered_on.unwrap_or_else(Date::today),
        note: note.map(|n| n.as_str().to_owned()),
        area_path: person.area_path,
    };
    let id = match store::insert_special_group_entry(&mut tx, &new, now()).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => {
            return Err(Error::user(UserError::conflict(
                "group",
                "the person already has an open entry in this group; end it before registering again",
            )));
        }
        Err(e) => return Err(e.into()),
    };
    let entry = read_back(store::special_group_entries_by_ids(&mut tx, &scope, &[id]).await?.pop(), "entry")?;
    tx.commit().await?;
    Ok(entry)
}

/// 销号: close a register entry (the person moved away, recovered, grew up...).
pub async fn end_special_group(
    db: &Db,
    principal: &Principal,
    entry_id: SpecialGroupEntryId,
    ended_on: Date,
) -> Result<SpecialGroupEntry> {
    let scope = principal.scope_for(Action::ManagePeople)?;
    let mut tx = db.begin().await?;
    let Some(entry) = store::special_group_entries_by_ids(&mut tx, &scope, &[entry_id]).await?.pop() else {
        return Err(Error::user(UserError::not_found("entryId", "special-group entry")));
    };
    check_end(entry.registered_on, entry.ended_on, ended_on, "entryId", "endedOn").map_err(Error::user)?;
    if store::end_special_group_entry(&mut tx, entry.id, ended_on).await? == 0 {
        return Err(ended_meanwhile("entryId"));
    }
    let entry =
        read_back(store::special_group_entries_by_ids(&mut tx, &scope, &[entry_id]).await?.pop(), "entry")?;
    tx.commit().await?;
    Ok(entry)
}

pub struct AssignRole {
    pub role: AreaRole,
    pub person_id: PersonId,
    /// The building of a building leader, the grid of a grid worker.
    pub area_id: AreaId,
    pub from_on: Date,
}

/// 任命楼栋长 / 网格员: one person into a role in an area of the role's kind
/// in the caller's area. A building has one active leader; a person holds
/// a role in an area once at a time. Either duplicate is a `CONFLICT`.
pub async fn assign_role(db: &Db, principal: &Principal, input: AssignRole) -> Result<RoleAssignment> {
    let scope = principal.scope_for(Action::ManageRoles)?;
    let role = input.role;
    let area_field = role.area_field();
    let mut errors = InputErrors::default();
    let mut tx = db.begin().await?;
    let person = person_in_scope(&mut tx, &scope, input.person_id).await?;
    if person.is_none() {
        errors.push(UserError::not_found("personId", "person"));
    }
    let area = area_by_id(&mut tx, input.area_id).await?;
    match &area {
        None => errors.push(UserError::not_found(area_field, "area")),
        Some(a) if a.kind != role.area_kind() => errors.push(UserError::bad_input(
            area_field,
            format!("must name a {}, not a {}", role.area_noun(), a.kind.as_str().to_lowercase()),
        )),
        Some(_) => {}
    }
    errors.finish()?;
    let (person, area) = (read_back(person, "person")?, read_back(area, "area")?);
    Principal::check_in(&scope, &area.path, &format!("the {}", role.area_noun()))?;
    let new = NewRoleAssignment {
        role,
        person_id: person.id,
        area_id: area.id,
        area_path: area.path,
        from_on: input.from_on,
    };
    let id = match store::insert_role_assignment(&mut tx, &new, now()).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => {
            let (field, message) = role.conflict();
            return Err(Error::user(UserError::conflict(field, message)));
        }
        Err(e) => return Err(e.into()),
    };
    let assignment =
        read_back(store::role_assignments_by_ids(&mut tx, &scope, &[id]).await?.pop(), "assignment")?;
    tx.commit().await?;
    Ok(assignment)
}

/// 卸任: end an active assignment of `role` in the caller's area. An id of
/// an assignment of the other role is `NOT_FOUND`, as if it did not exist.
pub async fn end_role(
    db: &Db,
    principal: &Principal,
    role: AreaRole,
    assignment_id: RoleAssignmentId,
    to_on: Date,
) -> Result<RoleAssignment> {
    let scope = principal.scope_for(Action::ManageRoles)?;
    let mut tx = db.begin().await?;
    let found = store::role_assignments_by_ids(&mut tx, &scope, &[assignment_id]).await?.pop();
    let Some(assignment) = found.filter(|a| a.role == role) else {
        return Err(Error::user(UserError::not_found("assignmentId", "assignment")));
    };
    check_end(assignment.from_on, assignment.to_on, to_on, "assignmentId", "toOn").map_err(Error::user)?;
    if store::end_role_assignment(&mut tx, assignment.id, to_on).await? == 0 {
        return Err(ended_meanwhile("assignmentId"));
    }
    let assignment = read_back(
        store::role_assignments_by_ids(&mut tx, &scope, &[assignment_id]).await?.pop(),
        "assignment",
    )?;
    tx.commit().await?;
    Ok(assignment)
}

pub struct AddGridGroupMember {
    pub grid_id: AreaId,
    pub person_id: PersonId,
    pub role: GridGroupRole,
    pub unit_id: Option<UnitId>,
    pub from_on: Date,
}

/// 入群: add a person to a grid's governance group (网格治理微信群) in one
/// role. Unit and property-company representatives name their unit. The
/// same person active twice in one role of a group is a `CONFLICT`.
pub async fn add_grid_group_member(
    db: &Db,
    principal: &Principal,
    input: AddGridGroupMember,
) -> Result<GridGroupMember> {
    let scope = principal.scope_for(Action::ManagePeople)?;
    let role = input.role;
    let mut errors = InputErrors::default();
    if role.needs_unit() && input.unit_id.is_none() {
        errors.push(UserError::bad_input(
            "unitId",
            format!("a member in the role {} must name the unit they represent", role.as_str()),
        ));
    }
    let mut tx = db.begin().await?;
    let grid = area_by_id(&mut tx, input.grid_id).await?;
    match &grid {
        None => errors.push(UserError::not_found("gridId", "area")),
        Some(a) if a.kind != AreaKind::Grid => {
            errors.push(UserError::bad_input("gridId", "a governance group belongs to a grid"))
        }
        Some(_) => {}
    }
    let person = person_in_scope(&mut tx, &scope, input.person_id).await?;
    if person.is_none() {
        errors.push(UserError::not_found("personId", "person"));
    }
    if let Some(unit_id) = input.unit_id {
        match org_store::units_by_ids(&mut tx, &[unit_id]).await?.pop() {
            None => errors.push(UserError::not_found("unitId", "unit")),
            Some(unit) => {
                if let Some(kind) = role.unit_kind()
                    && unit.kind != kind
                {
                    errors.push(UserError::bad_input(
                        "unitId",
                        format!(
                            "a member in the role {} must come from a {} unit",
                            role.as_str(),
                            kind.as_str()
                        ),
                    ));
                }
            }
        }
    }
    errors.finish()?;
    let (grid, person) = (read_back(grid, "grid")?, read_back(person, "person")?);
    Principal::check_in(&scope, &grid.path, "the grid")?;
    let new = NewGridGroupMember {
        grid_id: grid.id,
        area_path: grid.path,
        person_id: person.id,
        role,
        unit_id: input.unit_id,
        from_on: input.from_on,
    };
    let id = match store::insert_grid_group_member(&mut tx, &new, now()).await {
        Ok(id) => id,
        Err(e) if is_unique_violation(&e) => {
            return Err(Error::user(UserError::conflict(
                "personId",
                "the person is already in this grid's group in this role",
            )));
        }
        Err(e) => return Err(e.into()),
    };
    let member = read_back(store::grid_group_members_by_ids(&mut tx, &scope, &[id]).await?.pop(), "member")?;
    tx.commit().await?;
    Ok(member)
}

/// 退群: end a membership of a grid's governance group.
pub async fn end_grid_group_member(
    db: &Db,
    principal: &Principal,
    member_id: GridGroupMemberId,
    to_on: Date,
) -> Result<GridGroupMember> {
    let scope = principal.scope_for(Action::ManagePeople)?;
    let mut tx = db.begin().await?;
    let Some(member) = store::grid_group_members_by_ids(&mut tx, &scope, &[member_id]).await?.pop() else {
        return Err(Error::user(UserError::not_found("memberId", "grid group member")));
    };
    check_end(member.from_on, member.to_on, to_on, "memberId", "toOn").map_err(Error::user)?;
    if store::end_grid_group_member(&mut tx, member.id, to_on).await? == 0 {
        return Err(ended_meanwhile("memberId"));
    }
    let member =
        read_back(store::grid_group_members_by_ids(&mut tx, &scope, &[member_id]).await?.pop(), "member")?;
    tx.commit().await?;
    Ok(member)
}
