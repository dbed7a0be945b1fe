//! Parsed documents, cached by their text.
//!
//! Clients send the same few documents over and over with other variables,
//! so a document is parsed once, and validated once, per server. The cache
//! is keyed by the whole text and holds nothing of any caller: the document,
//! what the request limits count in it ([`Shape`]), and whether it passed
//! async-graphql's validation on this server's schema. What depends on the
//! caller or on the variables is still applied to every request: who may
//! introspect and the alias and field counts (`limits.rs`, from the cached
//! shape), the values of variables and the complexity and depth they give
//! (async-graphql's validation, narrowed to them for a validated document:
//! `Request::set_validated_query`, patch 6 of `vendor/async-graphql`), and
//! the choice of operation.
//!
//! A document that does not parse is not cached: async-graphql parses it
//! again and reports the error as for any request. One that parses but does
//! not validate is cached unvalidated, and validated in full at every use
//! until one use passes; so a refusal is always the one a first request
//! gets.
//!
//! The cache is an LRU of [`Limits::document_cache_size`] documents (0 turns
//! it off) of at most [`Limits::max_cached_document_bytes`] each, from the
//! `lru` crate behind a mutex: `lru` is already built for async-graphql's
//! dataloader, and its lock is held for one hash lookup and an `Arc` clone.
//!
//! [`Limits::document_cache_size`]: crate::config::Limits::document_cache_size
//! [`Limits::max_cached_document_bytes`]: crate::config::Limits::max_cached_document_bytes

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use async_graphql::parser::types::ExecutableDocument;
use lru::LruCache;

use super::limits::{DocumentFacts, Shape};
use super::trusted::DocumentId;

/// One parsed document in the cache.
struct Entry {
    document: ExecutableDocument,
    shape: Shape,
    /// Set once a request with this document passed validation.
    validated: Arc<AtomicBool>,
}

/// The cache of one server (one schema).
pub struct Documents {
    cache: Option<Mutex<LruCache<String, Arc<Entry>>>>,
    /// APQ's texts by their id, as callers sent them with their hash (see
    /// `trusted.rs`): as many as the cache holds, in memory only.
    persisted: Option<Mutex<LruCache<DocumentId, Arc<str>>>>,
    max_bytes: usize,
}

/// A request's document, ready for async-graphql.
pub struct Parsed {
    /// The request's own copy: async-graphql takes it and edits it (it
    /// removes `@skip`ped selections for the request's variables).
    pub document: ExecutableDocument,
    /// Whether the document passed validation on this schema before: only
    /// what depends on the variables need be checked again.
    pub validated: bool,
    /// For the request's data: what the limits read of the document.
    pub facts: DocumentFacts,
}

impl Documents {
    /// A cache of at most `capacity` documents (0: no cache) of at most
    /// `max_bytes` each.
    pub fn new(capacity: usize, max_bytes: usize) -> Documents {
        Documents {
            cache: NonZeroUsize::new(capacity).map(|n| Mutex::new(LruCache::new(n))),
            persisted: NonZeroUsize::new(capacity).map(|n| Mutex::new(LruCache::new(n))),
            max_bytes,
        }
    }

    /// Keep `text` under its `id` (already checked to be its hash), for
    /// later requests that send the id alone.
    pub fn remember(&self, id: DocumentId, text: &str) {
        if let Some(persisted) = self.persisted.as_ref().filter(|_| text.len() <= self.max_bytes) {
            persisted.lock().expect("persisted documents").put(id, Arc::from(text));
        }
    }

    /// The text remembered under `id`, if any.
    pub fn recall(&self, id: &DocumentId) -> Option<Arc<str>> {
        self.persisted.as_ref()?.lock().expect("persisted documents").get(id).cloned()
    }

    /// The document of `text`, from the cache or parsed now; `None` when it
    /// does not parse.
    pub fn parse(&self, text: &str) -> Option<Parsed> {
        let cache = self.cache.as_ref().filter(|_| text.len() <= self.max_bytes);
        let Some(cache) = cache else {
            let document = async_graphql::parser::parse_query(text).ok()?;
            let shape = Shape::of(&document);
            return Some(Parsed {
                document,
                validated: false,
                facts: DocumentFacts { shape, validated: None },
            });
        };
        let cached = cache.lock().expect("document cache").get(text).cloned();
        let entry = match cached {
            Some(entry) => entry,
            None => {
                let document = async_graphql::parser::parse_query(text).ok()?;
                let shape = Shape::of(&document);
                let entry = Arc::new(Entry { document, shape, validated: Arc::default() });
                // Two requests may parse the same new text at once; the
                // last one in stays, both are right.
                cache.lock().expect("document cache").put(text.to_owned(), entry.clone());
                entry
            }
        };
        Some(Parsed {
            document: entry.document.clone(),
            validated: entry.validated.load(Ordering::Acquire),
            facts: DocumentFacts { shape: entry.shape, validated: Some(entry.validated.clone()) },
        })
    }

    /// How many documents are cached.
    pub fn len(&self) -> usize {
        self.cache.as_ref().map_or(0, |c| c.lock().expect("document cache").len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `limits.rs` does once a request's document validated.
    fn pass(parsed: Parsed) {
        if let Some(flag) = parsed.facts.validated {
            flag.store(true, Ordering::Release);
        }
    }

    #[test]
    fn a_document_is_parsed_once_and_its_validation_remembered() {
        let docs = Documents::new(2, 1000);
        let first = docs.parse("{ a }").expect("parses");
        assert!(!first.validated);
        assert_eq!(docs.len(), 1);
        pass(first);
        let again = docs.parse("{ a }").expect("parses");
        assert!(again.validated);
        assert_eq!(docs.len(), 1);
        // Another text, even one that parses to the same document, is another entry.
        assert!(!docs.parse("{  a }").expect("parses").validated);
        assert_eq!(docs.len(), 2);
    }

    #[test]
    fn the_cache_is_bounded_and_skips_what_does_not_parse_or_is_too_long() {
        let docs = Documents::new(2, 10);
        assert!(docs.parse("{ a").is_none());
        assert!(docs.is_empty());
        let long = docs.parse("{ aaaaaaaaaaaa }").expect("parses");
        pass(long);
        assert!(docs.is_empty(), "longer than max_bytes");
        assert!(!docs.parse("{ aaaaaaaaaaaa }").expect("parses").validated);
        for text in ["{ a }", "{ b }", "{ c }"] {
            pass(docs.parse(text).expect("parses"));
        }
        assert_eq!(docs.len(), 2);
        assert!(!docs.parse("{ a }").expect("parses").validated, "the least recently used went");
        assert!(docs.parse("{ c }").expect("parses").validated);
    }

    #[test]
    fn texts_sent_with_their_hash_are_recalled_by_it() {
        let docs = Documents::new(1, 10);
        let (a, b) = (DocumentId::of("{ a }"), DocumentId::of("{ b }"));
        docs.remember(a.clone(), "{ a }");
        assert_eq!(docs.recall(&a).as_deref(), Some("{ a }"));
        docs.remember(b.clone(), "{ b }");
        assert_eq!(docs.recall(&a), None, "bounded");
        assert_eq!(docs.recall(&b).as_deref(), Some("{ b }"));
        docs.remember(DocumentId::of("{ ccccccccc }"), "{ ccccccccc }");
        assert_eq!(docs.recall(&DocumentId::of("{ ccccccccc }")), None, "longer than max_bytes");
        assert!(Documents::new(0, 10).recall(&a).is_none());
    }

    #[test]
    fn a_zero_capacity_caches_nothing() {
        let docs = Documents::new(0, 1000);
        pass(docs.parse("{ a }").expect("parses"));
        assert!(!docs.parse("{ a }").expect("parses").validated);
        assert!(docs.is_empty());
    }
}
