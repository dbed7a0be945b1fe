//! The partners domain's mutations, their inputs and payloads.

use async_graphql::{Context, ID, InputObject, Object};

use super::objects::ClientSecret;
use super::service::{self, CreateClient, WithSecret};
use crate::auth::{ApiScope, Purpose};
use crate::graphql::context::{GqlResult, input_id, req};
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
}
