//! Who is calling, and what they may see and do.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::db::Scope;
use crate::error::{Error, Result};

/// The roles of DESIGN.md. Authority of the admin roles flows down the area tree.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum, async_graphql::Enum,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[clap(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    Resident,
    PartyMember,
    GridWorker,
    BranchSecretary,
    CommunityAdmin,
    StreetAdmin,
    DistrictAdmin,
    Analyst,
    Partner,
    /// 服务人员 — staff of a service point (the points are data: who staffs
    /// which is kept by `assignServiceStaff`); checks people in and completes
    /// bookings there.
    ServiceStaff,
}

/// Permissions beyond a role's defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[clap(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Permission {
    /// Read ID-card numbers and phones whole (every such read is audited).
    PersonalData,
}

/// What a mutation is about to do, for [`Principal::scope_for`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Register residents, edit people, keep the special-group register.
    ManagePeople,
    /// Admit, transfer and change party members; committee seats; pairings.
    ManageParty,
    /// Appoint and end building leaders and grid workers.
    ManageRoles,
    /// Keep service points, their opening hours and closures.
    ManageServices,
    /// Keep the national calendar of holidays and make-up working days:
    /// the district's admins only.
    ManageCalendar,
    /// Register partner clients and rotate their secrets: the district's admins only.
    ManagePartners,
    /// Read the audit trail: the district's admins only.
    ReadAuditTrail,
}

/// What a partner client's token may read or write, one domain each
/// (OAuth2 scopes, written `people:read` in a token).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, async_graphql::Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[graphql(rename_items = "SCREAMING_SNAKE_CASE")]
pub enum ApiScope {
    /// 人员信息（读） — `people:read`: people in the client's area, masked but for its purposes.
    PeopleRead,
    /// 党员信息（读） — `party:read`: party organizations and members.
    PartyRead,
    /// 服务预约（读） — `services:read`: bookings in the client's area.
    ServicesRead,
    /// 服务预约（办理） — `services:book`: book, cancel and complete bookings in the client's area.
    ServicesBook,
}

impl ApiScope {
    pub const ALL: [ApiScope; 4] =
        [ApiScope::PeopleRead, ApiScope::PartyRead, ApiScope::ServicesRead, ApiScope::ServicesBook];

    /// The scope as an OAuth2 token writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiScope::PeopleRead => "people:read",
            ApiScope::PartyRead => "party:read",
            ApiScope::ServicesRead => "services:read",
            ApiScope::ServicesBook => "services:book",
        }
    }

    pub fn parse(s: &str) -> Option<ApiScope> {
        ApiScope::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// 用途 — why a partner client reads personal data (PIPL's purpose
/// limitation): each purpose unmasks only the fields it needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, async_graphql::Enum)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[graphql(rename_items = "SCREAMING_SNAKE_CASE")]
pub enum Purpose {
    /// 免费体检 — a health check: the ID-card number (for the medical record) and the phone.
    HealthCheck,
    /// 居家养老上门服务 — care at home: the phone, to arrange the visit.
    HomeCare,
}

impl Purpose {
    pub const ALL: [Purpose; 2] = [Purpose::HealthCheck, Purpose::HomeCare];

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::HealthCheck => "HEALTH_CHECK",
            Purpose::HomeCare => "HOME_CARE",
        }
    }

    pub fn parse(s: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// Whether this purpose needs the personal-data `field` whole
    /// (`id_card_number`, `phone`).
    pub fn unmasks(self, field: &str) -> bool {
        match self {
            Purpose::HealthCheck => matches!(field, "id_card_number" | "phone"),
            Purpose::HomeCare => field == "phone",
        }
    }
}

/// What a partner client's token grants, from the client's record when
/// the token was issued.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientGrant {
    pub id: Uuid,
    pub scopes: Vec<ApiScope>,
    pub purposes: Vec<Purpose>,
    /// Requests a minute.
    pub rate_per_minute: u32,
    /// Whether the client may run only the trusted documents registered
    /// for it (`graphql/trusted.rs`); tokens issued before it was marked
    /// keep their own answer until they expire.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub trusted_documents_only: bool,
}

impl ClientGrant {
    pub fn allows(&self, scope: ApiScope) -> bool {
        self.scopes.contains(&scope)
    }

    /// The purpose under which the client may read `field` whole, if any.
    pub fn purpose_for(&self, field: &str) -> Option<Purpose> {
        self.purposes.iter().copied().find(|p| p.unmasks(field))
    }
}

/// The area a principal's authority covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AreaGrant {
    pub id: Uuid,
    pub path: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub subject: String,
    pub roles: Vec<Role>,
    pub area: Option<AreaGrant>,
    /// The person record the caller is, when they are one.
    pub person: Option<Uuid>,
    pub permissions: Vec<Permission>,
    /// A partner client's grant: its scopes limit every field, its purposes
    /// what it sees whole.
    pub client: Option<ClientGrant>,
}

const AREA_ROLES: [Role; 5] =
    [Role::DistrictAdmin, Role::StreetAdmin, Role::CommunityAdmin, Role::GridWorker, Role::BranchSecretary];

impl Principal {
    pub fn anonymous() -> Principal {
        Principal {
            subject: String::new(),
            roles: Vec::new(),
            area: None,
            person: None,
            permissions: Vec::new(),
            client: None,
        }
    }

    pub fn is_anonymous(&self) -> bool {
        self.subject.is_empty()
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// May this caller read ID-card numbers and phones whole? Never a
    /// partner client: its purposes decide, field by field.
    pub fn sees_personal_data(&self) -> bool {
        self.client.is_none() && self.permissions.contains(&Permission::PersonalData)
    }

    /// What this caller may read of personal records: the area it works in
    /// (admins, grid workers, branch secretaries) and its own records.
    pub fn read_scope(&self) -> Scope {
        if self.client.is_some() {
            // A partner client reads in the area it acts in; its scopes say which domains.
            return Scope::new(self.area.as_ref().map(|a| a.path.as_str()), None);
        }
        let area = self
            .area
            .as_ref()
            .filter(|_| AREA_ROLES.iter().any(|r| self.has_role(*r)))
            .map(|a| a.path.as_str());
        Scope::new(area, self.person)
    }

    /// The area in which this caller may carry out `action`, or the reason it may not.
    pub fn scope_for(&self, action: Action) -> Result<Scope> {
        if self.is_anonymous() {
            return Err(Error::Unauthenticated("sign in to make changes".into()));
        }
        let allowed: &[Role] = match action {
            Action::ManagePeople => {
                &[Role::DistrictAdmin, Role::StreetAdmin, Role::CommunityAdmin, Role::GridWorker]
            }
            Action::ManageParty => {
                &[Role::DistrictAdmin, Role::StreetAdmin, Role::CommunityAdmin, Role::BranchSecretary]
            }
            Action::ManageRoles | Action::ManageServices => {
                &[Role::DistrictAdmin, Role::StreetAdmin, Role::CommunityAdmin]
            }
            Action::ManageCalendar | Action::ManagePartners | Action::ReadAuditTrail => {
                &[Role::DistrictAdmin]
            }
        };
        match &self.area {
            Some(area) if allowed.iter().any(|r| self.has_role(*r)) => Ok(Scope::new(Some(&area.path), None)),
            _ => Err(Error::forbidden(format!("this needs one of the roles {allowed:?} with an area"))),
        }
    }

    /// Fail unless `path` lies in `scope`; used by mutations on records found
    /// by id, after the record was found.
    pub fn check_in(scope: &Scope, path: &str, what: &str) -> Result<()> {
        if scope.covers_path(path) {
            Ok(())
        } else {
            Err(Error::forbidden(format!("{what} is outside your area")))
        }
    }
}
