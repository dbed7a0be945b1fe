//! People: residents and everyone else the graph knows by name, their
//! personal data (parsed at the edge, encrypted at rest, masked on the way
//! out), the special-group register (特殊群体台账) and the roles people hold
//! in areas (楼栋长, 网格员, grid governance groups).

use chrono::{Datelike, NaiveDate};

use crate::area::model::{AreaKind, UnitKind};
use crate::db::{Date, running_on};
use crate::error::UserError;
use crate::ids::{AreaId, GridGroupMemberId, PersonId, RoleAssignmentId, SpecialGroupEntryId, UnitId};
use crate::text_enum;

text_enum! {
    /// 性别 — gender, as recorded on the ID card
    pub enum Gender {
        /// 男 — male
        Male = "MALE",
        /// 女 — female
        Female = "FEMALE",
    }
}

text_enum! {
    /// 特殊群体 — a group in the special-group register (特殊群体台账)
    pub enum SpecialGroup {
        /// 独居老人 — elderly living alone
        ElderlyAlone = "ELDERLY_ALONE",
        /// 残疾人 — person with a disability
        Disabled = "DISABLED",
        /// 重病患者 — seriously or chronically ill
        Sick = "SICK",
        /// 困难群众 — needy household (低保, 特困)
        Needy = "NEEDY",
        /// 留守儿童 — left-behind child
        LeftBehindChild = "LEFT_BEHIND_CHILD",
        /// 空巢老人 — empty-nest elderly
        EmptyNestElderly = "EMPTY_NEST_ELDERLY",
    }
}

text_enum! {
    /// 区域角色 — a role a person holds in an area
    pub enum AreaRole {
        /// 楼栋长 — building leader of a building (党员楼栋长 when a party member)
        BuildingLeader = "BUILDING_LEADER",
        /// 网格员 — grid worker of a grid
        GridWorker = "GRID_WORKER",
    }
}

text_enum! {
    /// 网格治理群角色 — a member's role in a grid's governance group (网格治理微信群)
    pub enum GridGroupRole {
        /// 党员楼栋长 — party-member building leader
        BuildingLeader = "BUILDING_LEADER",
        /// 业委会代表 — owners'-committee representative
        OwnersCommitteeRep = "OWNERS_COMMITTEE_REP",
        /// 居民代表 — resident representative
        ResidentRep = "RESIDENT_REP",
        /// 驻区单位代表 — resident-unit representative
        UnitRep = "UNIT_REP",
        /// 相关部门 — government department
        Department = "DEPARTMENT",
        /// 物业公司代表 — property-company representative
        PropertyCompany = "PROPERTY_COMPANY",
    }
}

/// A resident identity card number (居民身份证号码, GB 11643-1999): 17 digits
/// and a check character, with a valid birth date inside. Once parsed it is
/// proof of all that.
#[derive(Clone, PartialEq, Eq)]
pub struct IdCardNumber(String);

impl std::fmt::Debug for IdCardNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdCardNumber({})", self.masked())
    }
}

const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECKS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

impl IdCardNumber {
    /// `field` names the input field in the error.
    pub fn parse(text: &str, field: &str) -> Result<IdCardNumber, UserError> {
        let s = text.trim().to_ascii_uppercase();
        let bad = |why: &str| UserError::bad_input(field, format!("not a valid ID-card number: {why}"));
        if s.chars().count() != 18 {
            return Err(bad("it must have 18 characters"));
        }
        let chars: Vec<char> = s.chars().collect();
        if !chars[..17].iter().all(|c| c.is_ascii_digit()) {
            return Err(bad("the first 17 characters must be digits"));
        }
        if NaiveDate::parse_from_str(&s[6..14], "%Y%m%d").is_err() {
            return Err(bad("characters 7 to 14 are not a birth date"));
        }
        if chars[17] != Self::check_char(&s[..17]) {
            return Err(bad("the check digit does not match (GB 11643)"));
        }
        Ok(IdCardNumber(s))
    }

    /// The GB 11643 check character of the first 17 digits.
    pub fn check_char(first17: &str) -> char {
        let sum: u32 = first17.chars().zip(ID_WEIGHTS).map(|(c, w)| c.to_digit(10).unwrap_or(0) * w).sum();
        ID_CHECKS[(sum % 11) as usize]
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> Date {
        Date(NaiveDate::parse_from_str(&self.0[6..14], "%Y%m%d").expect("checked by parse"))
    }

    /// The 17th digit is odd for men and even for women.
    pub fn gender(&self) -> Gender {
        let digit = self.0.as_bytes()[16] - b'0';
        if digit % 2 == 1 { Gender::Male } else { Gender::Female }
    }

    /// `340404********1234`: region code and last four only.
    pub fn masked(&self) -> String {
        format!("{}********{}", &self.0[..6], &self.0[14..])
    }
}

/// A mainland mobile number (11 digits starting with 1[3-9]).
#[derive(Clone, PartialEq, Eq)]
pub struct Phone(String);

impl std::fmt::Debug for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

impl Phone {
    pub fn parse(text: &str, field: &str) -> Result<Phone, UserError> {
        let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let digits = digits.strip_prefix("+86").unwrap_or(&digits).to_owned();
        let ok = digits.len() == 11
            && digits.chars().all(|c| c.is_ascii_digit())
            && digits.starts_with('1')
            && matches!(digits.as_bytes()[1], b'3'..=b'9');
        if ok {
            Ok(Phone(digits))
        } else {
            Err(UserError::bad_input(
                field,
                "not a valid mobile number: expected 11 digits starting with 13 to 19",
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// `138****5678`
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

/// A person's name: 1 to 50 characters after trimming.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(text: &str, field: &str) -> Result<PersonName, UserError> {
        let name = text.trim();
        let len = name.chars().count();
        if len == 0 || len > 50 {
            return Err(UserError::bad_input(field, "a name must have 1 to 50 characters"));
        }
        if name.chars().any(char::is_control) {
            return Err(UserError::bad_input(field, "a name may not contain control characters"));
        }
        Ok(PersonName(name.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person as stored: personal data sealed, with its masked form beside it.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub gender: Gender,
    pub birth_date: Date,
    pub id_card_cipher: Vec<u8>,
    pub id_card_masked: String,
    pub phone_cipher: Option<Vec<u8>>,
    pub phone_masked: Option<String>,
    pub home_area_id: AreaId,
    pub area_path: String,
}

impl Person {
    /// Age in whole years on `on`.
    pub fn age_on(&self, on: NaiveDate) -> i32 {
        age_on(self.birth_date.0, on)
    }
}

pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct SpecialGroupEntry {
    pub id: SpecialGroupEntryId,
    pub person_id: PersonId,
    #[sqlx(try_from = "String")]
    pub group_kind: SpecialGroup,
    pub registered_on: Date,
    pub ended_on: Option<Date>,
    pub note: Option<String>,
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct RoleAssignment {
    pub id: RoleAssignmentId,
    #[sqlx(try_from = "String")]
    pub role: AreaRole,
    pub person_id: PersonId,
    pub area_id: AreaId,
    pub from_on: Date,
    pub to_on: Option<Date>,
}

#[derive(sqlx::FromRow, Clone, Debug)]
pub struct GridGroupMember {
    pub id: GridGroupMemberId,
    pub grid_id: AreaId,
    pub person_id: PersonId,
    #[sqlx(try_from = "String")]
    pub role: GridGroupRole,
    pub unit_id: Option<UnitId>,
    pub from_on: Date,
    pub to_on: Option<Date>,
}

impl RoleAssignment {
    pub fn is_active_on(&self, on: Date) -> bool {
        running_on(self.to_on, on)
    }
}

impl GridGroupMember {
    pub fn is_active_on(&self, on: Date) -> bool {
        running_on(self.to_on, on)
    }
}

impl SpecialGroupEntry {
    pub fn is_open_on(&self, on: Date) -> bool {
        running_on(self.ended_on, on)
    }
}

/// A person moved house: their home is now the area at `home_path`.
pub struct PersonMoved {
    pub person: PersonId,
    pub home_path: String,
    pub at: crate::db::Timestamp,
}

/// How a person serves in an area, in the table of who serves where: the
/// admins of the area (and of the areas above it) see the person while the
/// service runs, wherever they live. Each domain that appoints people names
/// its own kinds; this domain's are below.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ServingKind(pub &'static str);

impl ServingKind {
    pub const GRID_GROUP_MEMBER: ServingKind = ServingKind("GRID_GROUP_MEMBER");

    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl AreaRole {
    /// The role as a kind of serving (building leaders and grid workers).
    pub fn serving(self) -> ServingKind {
        ServingKind(self.as_str())
    }
}

impl AreaRole {
    /// The kind of area the role is held in.
    pub fn area_kind(self) -> AreaKind {
        match self {
            AreaRole::BuildingLeader => AreaKind::Building,
            AreaRole::GridWorker => AreaKind::Grid,
        }
    }

    /// The input field that names the role's area.
    pub fn area_field(self) -> &'static str {
        match self {
            AreaRole::BuildingLeader => "buildingId",
            AreaRole::GridWorker => "gridId",
        }
    }

    /// The role's area in words, for messages.
    pub fn area_noun(self) -> &'static str {
        match self {
            AreaRole::BuildingLeader => "building",
            AreaRole::GridWorker => "grid",
        }
    }

    /// A building has one leader at a time; a grid may have several workers.
    pub fn one_holder_per_area(self) -> bool {
        self == AreaRole::BuildingLeader
    }

    /// What a second active assignment collides with, as (input field, message).
    pub fn conflict(self) -> (&'static str, &'static str) {
        match self {
            AreaRole::BuildingLeader => {
                ("buildingId", "the building already has a building leader; end that assignment first")
            }
            AreaRole::GridWorker => ("personId", "the person is already a grid worker of this grid"),
        }
    }
}

impl GridGroupRole {
    /// Representatives speak for a unit, so the unit must be named.
    pub fn needs_unit(self) -> bool {
        matches!(self, GridGroupRole::UnitRep | GridGroupRole::PropertyCompany)
    }

    /// The kind the named unit must be, where the role fixes it.
    pub fn unit_kind(self) -> Option<UnitKind> {
        match self {
            GridGroupRole::PropertyCompany => Some(UnitKind::PropertyCompany),
            _ => None,
        }
    }
}

/// What `updatePerson` does to the phone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PhoneChange {
    Keep,
    Remove,
    Set(Phone),
}

impl PhoneChange {
    /// `None`: the field was omitted, keep the phone. `Some(None)` (null) or
    /// an empty string: remove it. Anything else must be a mobile number.
    pub fn parse(input: Option<Option<&str>>, field: &str) -> Result<PhoneChange, UserError> {
        match input {
            None => Ok(PhoneChange::Keep),
            Some(None) => Ok(PhoneChange::Remove),
            Some(Some(text)) if text.trim().is_empty() => Ok(PhoneChange::Remove),
            Some(Some(text)) => Phone::parse(text, field).map(PhoneChange::Set),
        }
    }
}

/// A free-text note on a register entry: at most 500 characters after
/// trimming; blank means no note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note(String);

pub const NOTE_MAX_CHARS: usize = 500;

impl Note {
    pub fn parse(text: &str, field: &str) -> Result<Option<Note>, UserError> {
        let note = text.trim();
        if note.is_empty() {
            return Ok(None);
        }
        if note.chars().count() > NOTE_MAX_CHARS {
            return Err(UserError::bad_input(
                field,
                format!("a note may have at most {NOTE_MAX_CHARS} characters"),
            ));
        }
        if note.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
            return Err(UserError::bad_input(field, "a note may not contain control characters"));
        }
        Ok(Some(Note(note.to_owned())))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_card_numbers_are_checked_by_gb_11643() {
        // 11010519491231002X is the standard's own example.
        let id = IdCardNumber::parse("11010519491231002x", "idCardNumber").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.birth_date().0, NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(id.gender(), Gender::Female);
        assert_eq!(id.masked(), "110105********002X");
        let wrong = IdCardNumber::parse("110105194912310021", "idCardNumber").unwrap_err();
        assert_eq!(wrong.field, vec!["input", "idCardNumber"]);
        assert!(IdCardNumber::parse("110105194902300029", "x").is_err(), "30 February");
        assert!(IdCardNumber::parse("1101051949", "x").is_err());
    }

    #[test]
    fn phones_are_mainland_mobiles() {
        assert_eq!(Phone::parse("+86 138-0013-8000", "phone").unwrap().as_str(), "13800138000");
        assert_eq!(Phone::parse("13800138000", "phone").unwrap().masked(), "138****8000");
        assert!(Phone::parse("12800138000", "phone").is_err());
        assert!(Phone::parse("1380013800", "phone").is_err());
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(PersonName::parse("  张伟 ", "name").unwrap().as_str(), "张伟");
        assert!(PersonName::parse(" ", "name").is_err());
        assert!(PersonName::parse(&"李".repeat(51), "name").is_err());
    }

    #[test]
    fn a_phone_is_kept_when_omitted_and_removed_when_null_or_blank() {
        assert_eq!(PhoneChange::parse(None, "phone").unwrap(), PhoneChange::Keep);
        assert_eq!(PhoneChange::parse(Some(None), "phone").unwrap(), PhoneChange::Remove);
        assert_eq!(PhoneChange::parse(Some(Some("")), "phone").unwrap(), PhoneChange::Remove);
        assert_eq!(PhoneChange::parse(Some(Some("  ")), "phone").unwrap(), PhoneChange::Remove);
        let set = PhoneChange::parse(Some(Some("13800138000")), "phone").unwrap();
        assert_eq!(set, PhoneChange::Set(Phone::parse("13800138000", "phone").unwrap()));
        let bad = PhoneChange::parse(Some(Some("12345")), "phone").unwrap_err();
        assert_eq!(bad.field, vec!["input", "phone"]);
    }

    #[test]
    fn notes_are_trimmed_bounded_and_blank_means_none() {
        assert_eq!(
            Note::parse("  needs a weekly visit ", "note").unwrap().unwrap().as_str(),
            "needs a weekly visit"
        );
        assert_eq!(Note::parse("   ", "note").unwrap(), None);
        assert!(Note::parse("line one\nline two", "note").unwrap().is_some());
        assert!(Note::parse(&"字".repeat(NOTE_MAX_CHARS), "note").unwrap().is_some());
        assert!(Note::parse(&"字".repeat(NOTE_MAX_CHARS + 1), "note").is_err());
        assert!(Note::parse("bell\u{7}", "note").is_err());
    }

    #[test]
    fn roles_live_in_their_kind_of_area() {
        assert_eq!(AreaRole::BuildingLeader.area_kind(), AreaKind::Building);
        assert_eq!(AreaRole::GridWorker.area_kind(), AreaKind::Grid);
        assert_eq!(AreaRole::BuildingLeader.area_field(), "buildingId");
        assert_eq!(AreaRole::GridWorker.area_field(), "gridId");
    }

    #[test]
    fn only_representatives_of_units_need_a_unit() {
        let needing: Vec<GridGroupRole> =
            GridGroupRole::ALL.iter().copied().filter(|r| r.needs_unit()).collect();
        assert_eq!(needing, vec![GridGroupRole::UnitRep, GridGroupRole::PropertyCompany]);
        assert_eq!(GridGroupRole::PropertyCompany.unit_kind(), Some(UnitKind::PropertyCompany));
        assert_eq!(GridGroupRole::UnitRep.unit_kind(), None);
    }
}
