//! The API key. Kept in its own type so that it cannot leak through `Debug`,
//! `Display` or structured logging by accident: reading the raw value requires
//! an explicit [`ApiKey::expose_secret`] call, which is easy to grep for.

use std::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// A Lumx API key (sent as `Authorization: Bearer <key>`).
///
/// `Debug` and `Display` print `***`. The type deliberately does not implement
/// `Serialize`. Its buffer is overwritten when it is dropped, so a key that was
/// replaced, deleted or only used to build a client does not linger in freed memory.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a raw key. Surrounding whitespace (a common copy/paste accident) is trimmed.
    pub fn new(raw: impl Into<String>) -> Self {
        // The untrimmed original is a copy of the key too: wiped when it goes.
        let mut raw = Zeroizing::new(raw.into());
        let trimmed = raw.trim();
        if trimmed.len() == raw.len() {
            ApiKey(std::mem::take(&mut *raw))
        } else {
            ApiKey(trimmed.to_owned())
        }
    }

    /// The raw key. Only the HTTP layer (and a credential store) should need this.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// True when the key is empty (after trimming).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_key() {
        let key = ApiKey::new("sk_live_supersecret");
        assert_eq!(format!("{key}"), "***");
        assert!(!format!("{key:?}").contains("supersecret"));
        assert!(!format!("{:?}", Some(&key)).contains("supersecret"));
        assert_eq!(key.expose_secret(), "sk_live_supersecret");
    }

    /// Compiles only while `ApiKey` wipes itself on drop.
    fn assert_zeroize_on_drop<T: ZeroizeOnDrop>() {}

    #[test]
    fn the_key_is_wiped_on_drop_and_on_zeroize() {
        assert_zeroize_on_drop::<ApiKey>();
        let mut key = ApiKey::new("sk_live_supersecret");
        key.zeroize();
        assert!(key.is_empty());
        assert_eq!(key.expose_secret(), "");
        assert_eq!(format!("{key:?}"), "ApiKey(***)");
    }

    #[test]
    fn whitespace_is_trimmed() {
        assert_eq!(ApiKey::new("  abc \n").expose_secret(), "abc");
        assert!(ApiKey::new("   ").is_empty());
    }
}
