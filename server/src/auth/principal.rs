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
        }
    }

    pub fn is_anonymous(&self) -> bool {
        self.subject.is_empty()
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// May this caller read ID-card numbers and phones whole?
    pub fn sees_personal_data(&self) -> bool {
        self.permissions.contains(&Permission::PersonalData)
    }

    /// What this caller may read of personal records: the area it works in
    /// (admins, grid workers, branch secretaries) and its own records.
    pub fn read_scope(&self) -> Scope {
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
            Action::ManageCalendar => &[Role::DistrictAdmin],
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
