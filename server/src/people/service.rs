//! People workflows: each checks the caller's area, validates its whole
//! input, writes in one transaction and reads the result back.
//!
//! Write scope is per action: a person's own record and their register
//! entries belong to the admins of the area the person lives in, even
//! though the admins of the areas a person serves in can see them.
//! Appointments (building leader, grid worker, governance group) belong to
//! the admins of the area of the appointment, and are written to the table
//! of who serves where in the same transaction.

use super::model::*;
use super::store::{
    self, NewGridGroupMember, NewPerson, NewRoleAssignment, NewServing, NewSpecialGroupEntry, PersonChanges,
    SealedPhone,
};
use crate::area::model::{Area, AreaKind};
use crate::area::store as area_store;
use crate::auth::{Action, DataKey, Principal};
use crate::db::{Conn, Date, Db, Hooks, Scope, check_end, check_running, now, on_unique, read_back};
use crate::error::{Error, InputErrors, Result, UserError};
use crate::ids::{AreaId, GridGroupMemberId, PersonId, RoleAssignmentId, SpecialGroupEntryId, UnitId};

/// What the domains above do, in the same transaction, when a person moves
/// house (the party domain moves the person's membership with them).
pub static PERSON_MOVED: Hooks<PersonMoved> = Hooks::new();

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
    let phone = input.phone.as_deref().map(|p| errors.check(Phone::parse(p, "phone")));
    let mut tx = db.begin().await?;
    let home = errors.check(home_area(&mut tx, input.home_area_id).await?);
    let (name, id_card, home) = errors.finish((name, id_card, home))?;
    Principal::check_in(&scope, &home.path, "the home area")?;
    let phone = phone.flatten();
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
    let id = on_unique(store::insert_person(&mut tx, &new, now()).await, || {
        UserError::conflict("idCardNumber", "a person with this ID-card number is already registered")
    })?;
    let person = read_back(store::person(&mut tx, &scope, id).await?, "person")?;
    tx.commit().await?;
    Ok(person)
}

/// A home: a building or a village.
async fn home_area(tx: &mut Conn, id: AreaId) -> Result<std::result::Result<Area, UserError>> {
    Ok(match area_store::area(tx, id).await? {
        None => Err(UserError::not_found("homeAreaId", "area")),
        Some(a) if !a.kind.is_home() => {
            Err(UserError::bad_input("homeAreaId", "a home must be a building or a village"))
        }
        Some(a) => Ok(a),
    })
}

/// A person the caller can see, or `NOT_FOUND` on `field`.
async fn visible_person(
    tx: &mut Conn,
    scope: &Scope,
    id: PersonId,
    field: &str,
) -> Result<std::result::Result<Person, UserError>> {
    Ok(store::person(tx, scope, id).await?.ok_or_else(|| UserError::not_found(field, "person")))
}

/// Personal records belong to the admins of the person's home: the admins of
/// an area the person only serves in may see them, not change them.
fn check_home_in(scope: &Scope, person: &Person) -> Result<()> {
    Principal::check_in(scope, &person.area_path, "the person's home")
}

/// The user error for a record that stopped running under a guarded write:
/// a concurrent mutation ended it between our read and our update.
fn ended_meanwhile(id_field: &str) -> Error {
    Error::user(UserError::invalid_state(id_field, "this has already ended"))
}

pub struct UpdatePerson {
    pub id: PersonId,
    pub name: Option<String>,
    /// `None`: keep; `Some(None)` or an empty string: remove.
    pub phone: Option<Option<String>>,
    pub home_area_id: Option<AreaId>,
}

/// 修改人员信息: change the name, phone or home of a person living in the
/// caller's area. Moving home carries the new path into the person's
/// special-group entries, and the domains above move their copies in
/// [`PERSON_MOVED`] hooks, so everything stays visible to the same people
/// as the person.
pub async fn update_person(
    db: &Db,
    key: &DataKey,
    principal: &Principal,
    input: UpdatePerson,
) -> Result<Person> {
    let scope = principal.scope_for(Action::ManagePeople)?;
    let mut errors = InputErrors::default();
    let name = input.name.as_deref().map(|n| errors.check(PersonName::parse(n, "name")));
    let phone = errors.check(PhoneChange::parse(input.phone.as_ref().map(|p| p.as_deref()), "phone"));
    let mut tx = db.begin().await?;
    let person = errors.check(visible_person(&mut tx, &scope, input.id, "id").await?);
    let home = match input.home_area_id {
        Some(id) => errors.check(home_area(&mut tx, id).await?).map(Some),
        None => Some(None),
    };
    let (person, phone, home) = errors.finish((person, phone, home))?;
    check_home_in(&scope, &person)?;
    if let Some(home) = &home {
        Principal::check_in(&scope, &home.path, "the home area")?;
    }
    let moved_to = home.filter(|h| h.id != person.home_area_id);
    let changes = PersonChanges {
        name: name.flatten().map(|n| n.as_str().to_owned()),
        phone: match phone {
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
        store::move_register_entries(&mut tx, person.id, &home.path).await?;
        let moved = PersonMoved { person: person.id, home_path: home.path.clone(), at };
        PERSON_MOVED.run(&mut tx, &moved).await?;
    }
    let person = read_back(store::person(&mut tx, &scope, person.id).await?, "person")?;
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

/// 登记特殊群体: enter a person living in the caller's area in the register.
/// A second entry of the same group open today is a `CONFLICT`.
pub async fn register_special_group(
    db: &Db,
    principal: &Principal,
    input: RegisterSpecialGroup,
) -> Result<SpecialGroupEntry> {
    let scope = principal.scope_for(Action::ManagePeople)?;
    let mut errors = InputErrors::default();
    let note = input.note.as_deref().map(|n| errors.check(Note::parse(n, "note")));
    let mut tx = db.begin().await?;
    let person = errors.check(visible_person(&mut tx, &scope, input.person_id, "personId").await?);
    let person = errors.finish(person)?;
    check_home_in(&scope, &person)?;
    let conflict = || {
        UserError::conflict(
            "group",
            "the person already has an open entry in this group; end it before registering again",
        )
    };
    if store::has_open_entry(&mut tx, person.id, input.group, Date::today()).await? {
        return Err(conflict().into());
    }
    let new = NewSpecialGroupEntry {
        person_id: person.id,
        group: input.group,
        registered_on: input.registered_on.unwrap_or_else(Date::today),
        note: note.flatten().flatten().map(|n| n.as_str().to_owned()),
        area_path: person.area_path,
    };
    let id = on_unique(store::insert_special_group_entry(&mut tx, &new, now()).await, conflict)?;
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
    let today = Date::today();
    let mut tx = db.begin().await?;
    let Some(entry) = store::special_group_entries_by_ids(&mut tx, &scope, &[entry_id]).await?.pop() else {
        return Err(UserError::not_found("entryId", "special-group entry").into());
    };
    check_running(entry.ended_on, today, "entryId")?;
    check_end(entry.registered_on, ended_on, "endedOn")?;
    if store::end_special_group_entry(&mut tx, entry.id, ended_on, today).await? == 0 {
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
/// in the caller's area. A building has one running leader; a person holds
/// a role in an area once at a time. Either duplicate is a `CONFLICT`.
pub async fn assign_role(db: &Db, principal: &Principal, input: AssignRole) -> Result<RoleAssignment> {
    let scope = principal.scope_for(Action::ManageRoles)?;
    let role = input.role;
    let area_field = role.area_field();
    let today = Date::today();
    let mut errors = InputErrors::default();
    let mut tx = db.begin().await?;
    let person = errors.check(visible_person(&mut tx, &scope, input.person_id, "personId").await?);
    let area = match area_store::area(&mut tx, input.area_id).await? {
        None => Err(UserError::not_found(area_field, "area")),
        Some(a) if a.kind != role.area_kind() => Err(UserError::bad_input(
            area_field,
            format!("must name a {}, not a {}", role.area_noun(), a.kind.as_str().to_lowercase()),
        )),
        Some(a) => Ok(a),
    };
    let area = errors.check(area);
    let (person, area) = errors.finish((person, area))?;
    Principal::check_in(&scope, &area.path, &format!("the {}", role.area_noun()))?;
    let (field, message) = role.conflict();
    let conflict = || UserError::conflict(field, message);
    let holder = if role.one_holder_per_area() { None } else { Some(person.id) };
    if store::has_running_role(&mut tx, role, area.id, holder, today).await? {
        return Err(conflict().into());
    }
    let new = NewRoleAssignment {
        role,
        person_id: person.id,
        area_id: area.id,
        area_path: area.path.clone(),
        from_on: input.from_on,
    };
    let at = now();
    let id = on_unique(store::insert_role_assignment(&mut tx, &new, at).await, conflict)?;
    let serving = NewServing {
        person_id: person.id,
        kind: role.serving(),
        source_id: id.0,
        area_path: area.path,
        from_on: input.from_on,
        to_on: None,
    };
    store::start_serving(&mut tx, &serving, at).await?;
    let assignment =
        read_back(store::role_assignments_by_ids(&mut tx, &scope, &[id]).await?.pop(), "assignment")?;
    tx.commit().await?;
    Ok(assignment)
}

/// 卸任: end a running assignment of `role` in the caller's area. An id of
/// an assignment of the other role is `NOT_FOUND`, as if it did not exist.
pub async fn end_role(
    db: &Db,
    principal: &Principal,
    role: AreaRole,
    assignment_id: RoleAssignmentId,
    to_on: Date,
) -> Result<RoleAssignment> {
    let scope = principal.scope_for(Action::ManageRoles)?;
    let today = Date::today();
    let mut tx = db.begin().await?;
    let found = store::role_assignments_by_ids(&mut tx, &scope, &[assignment_id]).await?.pop();
    let Some(assignment) = found.filter(|a| a.role == role) else {
        return Err(UserError::not_found("assignmentId", "assignment").into());
    };
    check_running(assignment.to_on, today, "assignmentId")?;
    check_end(assignment.from_on, to_on, "toOn")?;
    if store::end_role_assignment(&mut tx, assignment.id, to_on, today).await? == 0 {
        return Err(ended_meanwhile("assignmentId"));
    }
    store::end_serving(&mut tx, assignment.id.0, to_on, today).await?;
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
/// same person twice in one role of a group is a `CONFLICT`.
pub async fn add_grid_group_member(
    db: &Db,
    principal: &Principal,
    input: AddGridGroupMember,
) -> Result<GridGroupMember> {
    let scope = principal.scope_for(Action::ManagePeople)?;
    let role = input.role;
    let today = Date::today();
    let mut errors = InputErrors::default();
    if role.needs_unit() && input.unit_id.is_none() {
        errors.push(UserError::bad_input(
            "unitId",
            format!("a member in the role {} must name the unit they represent", role.as_str()),
        ));
    }
    let mut tx = db.begin().await?;
    let grid = match area_store::area(&mut tx, input.grid_id).await? {
        None => Err(UserError::not_found("gridId", "area")),
        Some(a) if a.kind != AreaKind::Grid => {
            Err(UserError::bad_input("gridId", "a governance group belongs to a grid"))
        }
        Some(a) => Ok(a),
    };
    let grid = errors.check(grid);
    let person = errors.check(visible_person(&mut tx, &scope, input.person_id, "personId").await?);
    if let Some(unit_id) = input.unit_id {
        match area_store::unit(&mut tx, unit_id).await? {
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
    let (grid, person) = errors.finish((grid, person))?;
    Principal::check_in(&scope, &grid.path, "the grid")?;
    let conflict =
        || UserError::conflict("personId", "the person is already in this grid's group in this role");
    if store::has_running_group_membership(&mut tx, grid.id, person.id, role, today).await? {
        return Err(conflict().into());
    }
    let new = NewGridGroupMember {
        grid_id: grid.id,
        area_path: grid.path.clone(),
        person_id: person.id,
        role,
        unit_id: input.unit_id,
        from_on: input.from_on,
    };
    let at = now();
    let id = on_unique(store::insert_grid_group_member(&mut tx, &new, at).await, conflict)?;
    let serving = NewServing {
        person_id: person.id,
        kind: ServingKind::GRID_GROUP_MEMBER,
        source_id: id.0,
        area_path: grid.path,
        from_on: input.from_on,
        to_on: None,
    };
    store::start_serving(&mut tx, &serving, at).await?;
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
    let today = Date::today();
    let mut tx = db.begin().await?;
    let Some(member) = store::grid_group_members_by_ids(&mut tx, &scope, &[member_id]).await?.pop() else {
        return Err(UserError::not_found("memberId", "grid group member").into());
    };
    check_running(member.to_on, today, "memberId")?;
    check_end(member.from_on, to_on, "toOn")?;
    if store::end_grid_group_member(&mut tx, member.id, to_on, today).await? == 0 {
        return Err(ended_meanwhile("memberId"));
    }
    store::end_serving(&mut tx, member.id.0, to_on, today).await?;
    let member =
        read_back(store::grid_group_members_by_ids(&mut tx, &scope, &[member_id]).await?.pop(), "member")?;
    tx.commit().await?;
    Ok(member)
}
