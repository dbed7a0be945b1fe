//! GraphQL objects of partner clients.

use async_graphql::{Context, ID, Object, SimpleObject};

use super::loaders::{DocumentsOf, SecretsOf};
use super::model::*;
use crate::area::loaders::area;
use crate::area::model::{Area, Unit};
use crate::auth::{ApiScope, Purpose};
use crate::db::Timestamp;
use crate::graphql::context::{GqlResult, loader, one};
use crate::ids::UnitId;

/// 合作单位接入 — a partner unit's system that calls Gongzhi with OAuth2
/// client credentials (`POST /oauth/token`, `grant_type=client_credentials`,
/// the client's id and secret). Its tokens act in its area, with its scopes
/// and purposes, at most `ratePerMinute` requests a minute. Seen by the
/// district's admins.
#[Object]
impl PartnerClient {
    async fn id(&self) -> ID {
        self.id.to_global()
    }
    /// The `client_id` of the token request (the id's uuid).
    async fn client_id(&self) -> String {
        self.id.0.to_string()
    }
    async fn name(&self) -> &str {
        &self.name
    }
    /// The unit it belongs to.
    async fn unit(&self, ctx: &Context<'_>) -> GqlResult<Option<Unit>> {
        match self.unit_id {
            Some(id) => one(ctx, UnitId(id)).await,
            None => Ok(None),
        }
    }
    /// The area it acts in, and everything below it.
    async fn area(&self, ctx: &Context<'_>) -> GqlResult<Option<Area>> {
        area(ctx, crate::ids::AreaId(self.area_id)).await
    }
    async fn scopes(&self) -> Vec<ApiScope> {
        self.scope_list()
    }
    /// Why it reads personal data: each purpose unmasks the fields it needs, and nothing else.
    async fn purposes(&self) -> Vec<Purpose> {
        self.purpose_list()
    }
    async fn rate_per_minute(&self) -> i32 {
        self.rate_per_minute
    }
    /// 仅限可信文档 — whether it may run only its trusted documents: then
    /// it sends `documentId` (or APQ's hash) of one of them, and anything
    /// else is refused.
    async fn trusted_documents_only(&self) -> bool {
        self.trusted_documents_only
    }
    /// 回调地址 — where its system takes events (webhooks).
    async fn webhook_urls(&self) -> Vec<String> {
        self.webhook_url_list()
    }
    /// 可信文档 — the documents registered for it, in the order they were added (at most 1,000).
    async fn trusted_documents(&self, ctx: &Context<'_>) -> GqlResult<Vec<ClientDocument>> {
        Ok(loader(ctx).load_one(DocumentsOf(self.id)).await?.unwrap_or_default())
    }
    async fn created_at(&self) -> Timestamp {
        self.created_at
    }
    /// When it was last given a token.
    async fn last_used_at(&self) -> Option<Timestamp> {
        self.last_used_at
    }
    /// Its secrets, oldest first: when each was made and when a rotated one stops working.
    async fn secrets(&self, ctx: &Context<'_>) -> GqlResult<Vec<SecretInfo>> {
        let secrets = loader(ctx).load_one(SecretsOf(self.id)).await?.unwrap_or_default();
        Ok(secrets
            .into_iter()
            .map(|s| SecretInfo { created_at: s.created_at, expires_at: s.expires_at })
            .collect())
    }
}

/// 密钥 — one of a client's secrets, never its value.
#[derive(SimpleObject)]
pub struct SecretInfo {
    pub created_at: Timestamp,
    /// When a rotated secret stops working; null while it is current.
    pub expires_at: Option<Timestamp>,
}

/// A client with a new secret: shown this once, never again.
#[derive(SimpleObject)]
pub struct ClientSecret {
    pub client: PartnerClient,
    /// The secret for `POST /oauth/token`. Keep it: only its hash is stored.
    pub secret: String,
}

/// 可信文档 — a GraphQL document registered ahead (a persisted operation):
/// callers send `{"documentId": "sha256:…"}` instead of its text.
#[Object(name = "TrustedDocument")]
impl ClientDocument {
    /// `sha256:` and the SHA-256 of the text's UTF-8 bytes, in lower-case hex.
    async fn document_id(&self) -> &str {
        &self.id
    }
    /// The names of its operations; empty for one anonymous operation.
    async fn operation_names(&self) -> Vec<String> {
        self.operation_name_list()
    }
    /// The document's text.
    async fn body(&self) -> &str {
        &self.body
    }
    /// Who registered it for this client.
    async fn added_by(&self) -> &str {
        &self.added_by
    }
    async fn added_at(&self) -> Timestamp {
        self.added_at
    }
}
