//! Trusted documents (persisted operations): a document named by the
//! SHA-256 of its text instead of sent whole.
//!
//! - A caller sends `{"documentId": "sha256:<64 hex>"}` (the GraphQL-over-HTTP
//!   working group's form) or Apollo's APQ extension
//!   `{"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "<64 hex>"}}}`.
//! - The district's admins register documents per partner client
//!   (`registerTrustedDocuments`, or `gongzhi documents add FILE`); a client
//!   marked trusted-documents-only may run nothing else.
//! - Everyone else may also use APQ's round trip: a hash alone that is not
//!   known is PERSISTED_QUERY_NOT_FOUND, and the retry with the text and the
//!   hash is remembered in memory (see `Documents::remember`), never stored.
//!
//! This file holds what the transport and the registration share: the id of
//! a text, and the check of a document against the schema without running it.

use futures::future::BoxFuture;
use sha2::{Digest, Sha256};

/// The id of a document: `sha256:` and the SHA-256 of its UTF-8 text, in
/// lower-case hex.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DocumentId(String);

pub const PREFIX: &str = "sha256:";

impl DocumentId {
    /// The id of `text`, exactly as sent: no whitespace is normalised, so a
    /// client's build tool and the server always agree.
    pub fn of(text: &str) -> DocumentId {
        let digest = Sha256::digest(text.as_bytes());
        let mut id = String::with_capacity(PREFIX.len() + 64);
        id.push_str(PREFIX);
        for byte in digest {
            id.push(char::from_digit(u32::from(byte >> 4), 16).expect("a hex digit"));
            id.push(char::from_digit(u32::from(byte & 0xf), 16).expect("a hex digit"));
        }
        DocumentId(id)
    }

    /// `sha256:<64 hex>`, or the 64 hex digits alone (APQ's `sha256Hash`,
    /// and manifests that leave the prefix out); upper-case hex is read as
    /// lower-case. `None` for anything else.
    pub fn parse(text: &str) -> Option<DocumentId> {
        let hex = text.strip_prefix(PREFIX).unwrap_or(text);
        (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| DocumentId(format!("{PREFIX}{}", hex.to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a registration learns of a document by checking it against the
/// schema: the names of its operations (empty for one anonymous operation).
pub type Checked = Result<Vec<String>, String>;

/// Checks a document the way a request of it would be checked (parse,
/// validation, the request limits), without running it. `graphql/schema.rs`
/// implements it over the schema and puts it in every request's data, so
/// that `registerTrustedDocuments` refuses what could never run.
pub trait DocumentCheck: Send + Sync {
    fn check<'a>(&'a self, text: &'a str) -> BoxFuture<'a, Checked>;
}

/// The [`DocumentCheck`] of the server, in every request's data.
#[derive(Clone)]
pub struct Checker(pub std::sync::Arc<dyn DocumentCheck>);

/// A request's data that makes [`crate::graphql::http::ExecutionStart`]
/// stop where execution would start: the request was parsed, validated and
/// limited, and nothing runs.
pub struct DryRun;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_the_sha256_of_the_text_in_lower_case_hex() {
        // `echo -n '{ viewer { subject } }' | sha256sum`
        let id = DocumentId::of("{ viewer { subject } }");
        assert!(id.as_str().starts_with("sha256:") && id.as_str().len() == 71, "{id:?}");
        assert_eq!(DocumentId::parse(id.as_str()), Some(id.clone()));
        assert_eq!(DocumentId::parse(&id.as_str()[7..]), Some(id.clone()), "APQ's bare hash");
        assert_eq!(
            DocumentId::parse(&id.as_str().to_ascii_uppercase().replace("SHA256:", "sha256:")),
            Some(id)
        );
        assert_eq!(
            DocumentId::of("").as_str()[7..],
            *"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn anything_but_64_hex_digits_is_no_id() {
        for bad in
            ["", "sha256:", "sha256:abc", "md5:00", &"g".repeat(64), &format!("sha1:{}", "a".repeat(64))]
        {
            assert_eq!(DocumentId::parse(bad), None, "{bad}");
        }
    }
}
