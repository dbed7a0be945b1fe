//! What every domain's generator shares: the scale, the random draws, the
//! ids, and a few helpers for dates and picks. It knows no domain.

use chrono::{DateTime, Days, Months, NaiveDate};
use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use crate::db::Timestamp;
use crate::seed::scale::Scale;

/// Ages are reckoned on this day.
pub fn as_of() -> NaiveDate {
    ymd(2025, 1, 1)
}

/// 2025-01-01T00:00:00Z: ids and creation times count up from here, one
/// millisecond per row, so ids sort in creation order and sort before any
/// record written later through the API.
const BASE_MS: u64 = 1_735_689_600_000;

/// The generator's shared state, passed to every step of every domain as
/// `cx`. All the steps draw from the one `rng` and take ids from the one
/// counter, so the order in which `generate` calls the steps is the order
/// of the draws: moving a step changes the data.
pub struct Gen<'s> {
    pub scale: &'s Scale,
    pub rng: ChaCha8Rng,
    ids: Ids,
}

impl<'s> Gen<'s> {
    pub fn new(scale: &'s Scale) -> Gen<'s> {
        Gen {
            scale,
            rng: ChaCha8Rng::seed_from_u64(scale.seed),
            ids: Ids { rng: ChaCha8Rng::seed_from_u64(scale.seed ^ 0x1d5_u64.rotate_left(40)), count: 0 },
        }
    }

    /// The id and creation time of the next row.
    pub fn next_id(&mut self) -> (Uuid, Timestamp) {
        self.ids.next()
    }
}

/// Time-ordered ids: a fixed base time plus a counter, with random bits
/// from their own generator so that the ids do not disturb the data.
struct Ids {
    rng: ChaCha8Rng,
    count: u64,
}

impl Ids {
    fn next(&mut self) -> (Uuid, Timestamp) {
        self.count += 1;
        let ms = BASE_MS + self.count;
        let mut bytes = [0u8; 10];
        self.rng.fill_bytes(&mut bytes);
        let id = uuid::Builder::from_unix_timestamp_millis(ms, &bytes).into_uuid();
        let at = DateTime::from_timestamp_millis(ms as i64).expect("a timestamp in range");
        (id, at)
    }
}

pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid calendar date")
}

pub fn shift_years(d: NaiveDate, years: i32) -> NaiveDate {
    let months = Months::new(12 * years.unsigned_abs());
    let shifted = if years >= 0 { d.checked_add_months(months) } else { d.checked_sub_months(months) };
    shifted.expect("dates stay well inside chrono's range")
}

/// A day in `[from, to]`; `from` when the range is empty.
pub fn date_between(rng: &mut impl Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    if to <= from {
        return from;
    }
    let span = (to - from).num_days() as u64;
    from + Days::new(rng.gen_range(0..=span))
}

/// A random element of `0..len` satisfying `ok`, scanning from a random
/// start; `None` when none does.
pub fn pick_index(rng: &mut impl Rng, len: usize, mut ok: impl FnMut(usize) -> bool) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let start = rng.gen_range(0..len);
    (0..len).map(|k| (start + k) % len).find(|&i| ok(i))
}

/// One line of a state timeline (`state_change`), of any domain's records:
/// `S` is the domain's state.
pub struct ChangeRow<S> {
    pub id: Uuid,
    pub subject_id: Uuid,
    pub state: S,
    pub at: Timestamp,
    pub actor_subject: String,
    pub actor_person_id: Option<Uuid>,
    pub note: Option<String>,
}
