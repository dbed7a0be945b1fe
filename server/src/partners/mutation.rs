//! The partners domain's mutations, their inputs and payloads.

use async_graphql::{Context, ID, InputObject, Object};

use super::model::{ClientDocument, PartnerClient};
use super::objects::ClientSecret;
use super::service::{self, CreateClient, UpdateClient, WithSecret};
use crate::auth::{ApiScope, Purpose};
use crate::graphql::context::{GqlResult, input_id, req};
use crate::graphql::trusted::Checker;
use crate::ids::{AreaId, PartnerClientId, UnitId};
use crate::payload;

/// 登记合作单位接入 — register a partner unit's system.
#[derive(InputObject)]
pub struct CreatePartnerClientInput {
    /// 1 to 100 characters after trimming.
    pub name: String,
    /// The unit it belongs to.
    pub unit_id: Option<ID>,
    /// The area it acts in (and everything below it): inside yours.
    pub area_id: ID,
    /// What its tokens may read or write: at least one.
    pub scopes: Vec<ApiScope>,
    /// Why it reads personal data; each unmasks only what it needs. Needs PEOPLE_READ.
    #[graphql(default)]
    pub purposes: Vec<Purpose>,
    /// Requests a minute, 1 to 60,000 (600 when omitted).
    pub rate_per_minute: Option<i32>,
    /// 仅限可信文档 — whether it may run only the documents registered for it.
    #[graphql(default)]
    pub trusted_documents_only: bool,
    /// Where its system takes events: at most 5 https URLs of at most 500
    /// characters (http only to localhost). Delivery comes with the webhooks.
    #[graphql(default)]
    pub webhook_urls: Vec<String>,
}

/// 修改接入设置 — change a client's settings; what is left out stays.
#[derive(InputObject)]
pub struct UpdatePartnerClientInput {
    pub client_id: ID,
    /// 1 to 100 characters after trimming.
    pub name: Option<String>,
    /// At least one.
    pub scopes: Option<Vec<ApiScope>>,
    /// Each unmasks only what it needs. Needs PEOPLE_READ.
    pub purposes: Option<Vec<Purpose>>,
    /// Requests a minute, 1 to 60,000.
    pub rate_per_minute: Option<i32>,
    /// 仅限可信文档 — whether it may run only the documents registered for it.
    pub trusted_documents_only: Option<bool>,
    /// Replaces the list: at most 5 https URLs.
    pub webhook_urls: Option<Vec<String>>,
}

/// 登记可信文档 — GraphQL documents a client may run by id.
#[derive(InputObject)]
pub struct RegisterTrustedDocumentsInput {
    pub client_id: ID,
    /// 1 to 100 documents, each at most 64 KiB, each valid on this schema.
    /// Every operation of a document with several must be named.
    pub documents: Vec<String>,
}

/// 撤销可信文档 — documents a client may no longer run.
#[derive(InputObject)]
pub struct RemoveTrustedDocumentsInput {
    pub client_id: ID,
    /// 1 to 100 ids, `sha256:` and 64 hexadecimal digits each.
    pub document_ids: Vec<String>,
}

/// 轮换密钥 — give a client a new secret.
#[derive(InputObject)]
pub struct RotatePartnerSecretInput {
    pub client_id: ID,
    /// How long its current secrets keep working: 0 to 10,080 minutes (a week); 60 when omitted.
    pub overlap_minutes: Option<i32>,
}

payload!(
    /// A client with its new secret, shown this once.
    ClientSecretPayload { issued: ClientSecret }
);

payload!(
    /// The client as it now is.
    PartnerClientPayload { client: PartnerClient }
);

payload!(
    /// The documents, as the client now holds them.
    TrustedDocumentsPayload { documents: Vec<ClientDocument> }
);

payload!(
    /// How many documents the client may no longer run.
    RemovedDocumentsPayload { removed: i32 }
);

fn issued(result: crate::Result<WithSecret>) -> crate::Result<ClientSecret> {
    result.map(|w| ClientSecret { client: w.client, secret: w.secret })
}

#[derive(Default)]
pub struct PartnersMutation;

#[Object]
impl PartnersMutation {
    /// 登记合作单位接入 — register a partner unit's system in your area (district admins).
    async fn create_partner_client(
        &self,
        ctx: &Context<'_>,
        input: CreatePartnerClientInput,
    ) -> GqlResult<ClientSecretPayload> {
        let rctx = req(ctx);
        let input = CreateClient {
            name: input.name,
            unit: input.unit_id.map(|u| input_id(UnitId::from_global(&u, "unitId"))).transpose()?,
            area: input_id(AreaId::from_global(&input.area_id, "areaId"))?,
            scopes: input.scopes,
            purposes: input.purposes,
            rate_per_minute: input.rate_per_minute,
            trusted_documents_only: input.trusted_documents_only,
            webhook_urls: input.webhook_urls,
        };
        ClientSecretPayload::from_result(issued(
            service::create_client(&rctx.db, &rctx.principal, input).await,
        ))
    }

    /// 轮换密钥 — a new secret for a client; the old ones work on for the overlap (district admins).
    async fn rotate_partner_secret(
        &self,
        ctx: &Context<'_>,
        input: RotatePartnerSecretInput,
    ) -> GqlResult<ClientSecretPayload> {
        let rctx = req(ctx);
        let id = input_id(PartnerClientId::from_global(&input.client_id, "clientId"))?;
        ClientSecretPayload::from_result(issued(
            service::rotate_secret(&rctx.db, &rctx.principal, id, input.overlap_minutes).await,
        ))
    }

    /// 修改接入设置 — change a client's name, scopes, purposes, rate limit, or
    /// whether it runs trusted documents only (district admins). Tokens
    /// already issued keep what they grant until they expire (15 minutes).
    async fn update_partner_client(
        &self,
        ctx: &Context<'_>,
        input: UpdatePartnerClientInput,
    ) -> GqlResult<PartnerClientPayload> {
        let rctx = req(ctx);
        let id = input_id(PartnerClientId::from_global(&input.client_id, "clientId"))?;
        let update = UpdateClient {
            name: input.name,
            scopes: input.scopes,
            purposes: input.purposes,
            rate_per_minute: input.rate_per_minute,
            trusted_documents_only: input.trusted_documents_only,
            webhook_urls: input.webhook_urls,
        };
        PartnerClientPayload::from_result(service::update_client(&rctx.db, &rctx.principal, id, update).await)
    }

    /// 登记可信文档 — register documents a client may run by their id
    /// (`{"documentId": "sha256:…"}`); each is checked against the schema
    /// first (district admins).
    async fn register_trusted_documents(
        &self,
        ctx: &Context<'_>,
        input: RegisterTrustedDocumentsInput,
    ) -> GqlResult<TrustedDocumentsPayload> {
        let rctx = req(ctx);
        let id = input_id(PartnerClientId::from_global(&input.client_id, "clientId"))?;
        let Checker(check) = ctx.data::<Checker>()?;
        TrustedDocumentsPayload::from_result(
            service::register_documents(
                &rctx.db,
                &rctx.principal,
                Some(id),
                &input.documents,
                check.as_ref(),
            )
            .await,
        )
    }

    /// 撤销可信文档 — a client may no longer run these documents (district admins).
    async fn remove_trusted_documents(
        &self,
        ctx: &Context<'_>,
        input: RemoveTrustedDocumentsInput,
    ) -> GqlResult<RemovedDocumentsPayload> {
        let rctx = req(ctx);
        let id = input_id(PartnerClientId::from_global(&input.client_id, "clientId"))?;
        let removed = service::remove_documents(&rctx.db, &rctx.principal, id, &input.document_ids).await;
        RemovedDocumentsPayload::from_result(removed.map(|n| i32::try_from(n).unwrap_or(i32::MAX)))
    }
}
