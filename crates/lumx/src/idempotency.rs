//! Idempotency keys (`Idempotency-Key: <uuid v4>`).
//!
//! A key identifies one *logical operation*, not one HTTP attempt: the client
//! sends the same key on every retry, and the app can persist a key with a
//! draft and pass it again after a crash so the server replays instead of
//! creating a duplicate.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A UUID v4 idempotency key.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IdempotencyKey(Uuid);

impl IdempotencyKey {
    /// A fresh random (v4) key.
    pub fn new() -> Self {
        IdempotencyKey(Uuid::new_v4())
    }

    /// Wraps an existing UUID (e.g. one loaded from a persisted draft).
    pub fn from_uuid(uuid: Uuid) -> Self {
        IdempotencyKey(uuid)
    }

    /// The underlying UUID.
    pub fn as_uuid(&self) -> Uuid {
        self.0
    }
}

impl Default for IdempotencyKey {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl fmt::Debug for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdempotencyKey({})", self.0.hyphenated())
    }
}

impl FromStr for IdempotencyKey {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(IdempotencyKey)
    }
}

impl From<Uuid> for IdempotencyKey {
    fn from(u: Uuid) -> Self {
        IdempotencyKey(u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_v4_and_round_trip_through_strings() {
        let k = IdempotencyKey::new();
        assert_eq!(k.as_uuid().get_version_num(), 4);
        let s = k.to_string();
        assert_eq!(s.len(), 36);
        assert_eq!(s.parse::<IdempotencyKey>().unwrap(), k);
        assert_ne!(IdempotencyKey::new(), k);
    }
}
