-- Partner clients' webhook endpoints, and trusted documents (persisted operations): GraphQL documents registered
-- ahead, by their SHA-256 (`sha256:<64 hex>`, the text's UTF-8 bytes), and
-- the clients that may send each. A client marked
-- `trusted_documents_only` may run nothing else; a caller sends
-- `{"documentId": "sha256:…"}` (or Apollo's `persistedQuery` extension)
-- instead of the text. Documents are content-addressed, so the same text
-- registered for two clients is stored once.
-- The SQLite file of the same version creates the same tables and columns.

alter table partner_client add column trusted_documents_only boolean not null default false;
-- Where the client's system takes events (one URL a line), for the webhooks to come.
alter table partner_client add column webhook_urls text not null default '';

create table trusted_document (
    id text collate "C" primary key,
    body text not null,
    -- Comma-separated names of the document's operations ('' for one anonymous).
    operation_names text not null,
    created_by text not null,
    created_at timestamptz not null
);

create table client_document (
    client_id uuid not null references partner_client (id),
    document_id text collate "C" not null references trusted_document (id),
    added_by text not null,
    added_at timestamptz not null,
    primary key (client_id, document_id)
);
