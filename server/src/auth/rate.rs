//! How often a caller may call: a token bucket per partner client (its
//! record's requests a minute, carried in its token), per signed-in user
//! (by subject) and per anonymous caller's IP address, each from the
//! `governor` crate. Over the limit a request is refused with how long to
//! wait (HTTP 429, `Retry-After`, code `RATE_LIMITED`).

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota, RateLimiter};
use uuid::Uuid;

use super::Principal;

/// The limiters of one server.
pub struct RateLimits {
    users: DefaultKeyedRateLimiter<String>,
    anonymous: DefaultKeyedRateLimiter<IpAddr>,
    /// One bucket per client, with the rate it was made for.
    clients: Mutex<HashMap<Uuid, (u32, Arc<DefaultDirectRateLimiter>)>>,
    checks: AtomicU64,
}

/// Every this many checks the keyed buckets drop keys that are full again.
const PRUNE_EVERY: u64 = 4096;

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

impl RateLimits {
    /// Limits for users and anonymous callers, in requests a minute (a burst
    /// of as many); clients bring their own.
    pub fn new(user_per_minute: u32, anonymous_per_minute: u32) -> RateLimits {
        RateLimits {
            users: RateLimiter::keyed(per_minute(user_per_minute)),
            anonymous: RateLimiter::keyed(per_minute(anonymous_per_minute)),
            clients: Mutex::new(HashMap::new()),
            checks: AtomicU64::new(0),
        }
    }

    /// Take one request from the caller's bucket, or say how long until
    /// one is free. An anonymous caller without a known address (not over
    /// TCP) shares one bucket.
    pub fn admit(&self, principal: &Principal, peer: Option<IpAddr>) -> Result<(), Duration> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % PRUNE_EVERY == PRUNE_EVERY - 1 {
            self.users.retain_recent();
            self.anonymous.retain_recent();
        }
        let refused = match (&principal.client, principal.is_anonymous()) {
            (Some(grant), _) => self.client(grant.id, grant.rate_per_minute).check().err(),
            (None, true) => self.anonymous.check_key(&peer.unwrap_or(IpAddr::from([0, 0, 0, 0]))).err(),
            (None, false) => self.users.check_key(&principal.subject).err(),
        };
        match refused {
            None => Ok(()),
            Some(not_until) => Err(not_until.wait_time_from(DefaultClock::default().now())),
        }
    }

    fn client(&self, id: Uuid, rate: u32) -> Arc<DefaultDirectRateLimiter> {
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        match clients.get(&id) {
            Some((r, limiter)) if *r == rate => limiter.clone(),
            _ => {
                let limiter = Arc::new(RateLimiter::direct(per_minute(rate)));
                clients.insert(id, (rate, limiter.clone()));
                limiter
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::ClientGrant;

    #[test]
    fn each_caller_has_its_own_bucket() {
        let limits = RateLimits::new(3, 2);
        let user = |s: &str| Principal { subject: s.into(), ..Principal::anonymous() };
        for _ in 0..3 {
            assert!(limits.admit(&user("a"), None).is_ok());
        }
        let wait = limits.admit(&user("a"), None).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(20), "{wait:?}");
        assert!(limits.admit(&user("b"), None).is_ok(), "another user has a full bucket");
        let ip = |n: u8| Some(IpAddr::from([10, 0, 0, n]));
        let anon = Principal::anonymous();
        assert!(limits.admit(&anon, ip(1)).is_ok() && limits.admit(&anon, ip(1)).is_ok());
        assert!(limits.admit(&anon, ip(1)).is_err());
        assert!(limits.admit(&anon, ip(2)).is_ok());
        let grant = ClientGrant {
            id: Uuid::nil(),
            scopes: vec![],
            purposes: vec![],
            rate_per_minute: 1,
            trusted_documents_only: false,
        };
        let client = Principal { subject: "client:x".into(), client: Some(grant), ..Principal::anonymous() };
        assert!(limits.admit(&client, None).is_ok());
        assert!(limits.admit(&client, None).is_err(), "a client's own rate, not the users'");
    }
}
