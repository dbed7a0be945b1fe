//! Authentication (bearer JWTs from trusted issuers) and the `Principal`
//! every resolver and store call is given.

pub mod keys;
pub mod principal;
pub mod token;

use std::collections::HashMap;
use std::sync::RwLock;

use uuid::Uuid;

pub use keys::{DataKey, SigningKeys};
pub use principal::{Action, AreaGrant, Permission, Principal, Role};
pub use token::{Claims, TokenVerifier, TrustedIssuer};

use crate::db::Db;
use crate::error::{Error, Result};

/// Turns an `Authorization` header into a [`Principal`].
pub struct Authenticator {
    verifier: TokenVerifier,
    /// Area id → path. Areas never move, so a path once read stays true.
    area_paths: RwLock<HashMap<Uuid, String>>,
}

impl Authenticator {
    pub fn new(verifier: TokenVerifier) -> Authenticator {
        Authenticator { verifier, area_paths: RwLock::new(HashMap::new()) }
    }

    pub async fn authenticate(&self, db: &Db, authorization: Option<&str>) -> Result<Principal> {
        let Some(header) = authorization else {
            return Ok(Principal::anonymous());
        };
        let token = header
            .strip_prefix("Bearer ")
            .or_else(|| header.strip_prefix("bearer "))
            .ok_or_else(|| Error::Unauthenticated("expected an Authorization: Bearer token".into()))?;
        let claims = self.verifier.verify(token.trim())?;
        let area = match claims.area {
            Some(id) => Some(AreaGrant { id, path: self.area_path(db, id).await? }),
            None => None,
        };
        Ok(Principal {
            subject: claims.sub,
            roles: claims.roles,
            area,
            person: claims.person,
            permissions: claims.permissions,
        })
    }

    async fn area_path(&self, db: &Db, id: Uuid) -> Result<String> {
        if let Some(path) = self.area_paths.read().expect("area path cache").get(&id) {
            return Ok(path.clone());
        }
        let mut conn = db.conn().await?;
        let path = crate::area::store::area_path(&mut conn, crate::ids::AreaId(id))
            .await?
            .ok_or_else(|| Error::Unauthenticated("the token's area does not exist".into()))?;
        self.area_paths.write().expect("area path cache").insert(id, path.clone());
        Ok(path)
    }
}
