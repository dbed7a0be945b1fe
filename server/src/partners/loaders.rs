//! Loader keys of partner clients: by id, their secrets, their trusted
//! documents, and the list of all.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;

use super::model::*;
use super::store;
use crate::graphql::loading::{DbLoader, Loaded};
use crate::ids::PartnerClientId;
use crate::{load_by_key, root_list};

load_by_key!(PartnerClientId => PartnerClient, |conn, _scope, ids| store::clients_by_ids(conn, ids), key: |c| c.id);

/// The secrets of a client (their times only ever leave the server).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SecretsOf(pub PartnerClientId);

impl Loader<SecretsOf> for DbLoader {
    type Value = Vec<PartnerSecret>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[SecretsOf]) -> Loaded<SecretsOf, Vec<PartnerSecret>> {
        let mut conn = self.db.conn().await?;
        let ids: Vec<PartnerClientId> = keys.iter().map(|k| k.0).collect();
        let mut out: HashMap<SecretsOf, Vec<PartnerSecret>> =
            keys.iter().map(|k| (k.clone(), Vec::new())).collect();
        for s in store::secrets_of(&mut conn, &ids).await? {
            out.entry(SecretsOf(s.client_id)).or_default().push(s);
        }
        Ok(out)
    }
}

/// The trusted documents of a client, in the order they were added.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DocumentsOf(pub PartnerClientId);

impl Loader<DocumentsOf> for DbLoader {
    type Value = Vec<ClientDocument>;
    type Error = async_graphql::Error;
    async fn load(&self, keys: &[DocumentsOf]) -> Loaded<DocumentsOf, Vec<ClientDocument>> {
        let mut conn = self.db.conn().await?;
        let ids: Vec<PartnerClientId> = keys.iter().map(|k| k.0).collect();
        let mut out: HashMap<DocumentsOf, Vec<ClientDocument>> =
            keys.iter().map(|k| (k.clone(), Vec::new())).collect();
        for d in store::documents_of(&mut conn, &ids).await? {
            if let Some(client) = d.client_id {
                out.entry(DocumentsOf(client)).or_default().push(d);
            }
        }
        Ok(out)
    }
}

/// Every partner client: the root list `partnerClients`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AllClients;

root_list!(AllClients => PartnerClient, cursor: |c| c.id.0,
    page: |conn, _scope, _filter, page| store::list_clients(conn, page),
    count: |conn, _scope, _filter| store::count_clients(conn),
);
