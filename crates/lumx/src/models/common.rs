//! Shared building blocks: the open-enum macro, Debug redaction helpers, and
//! small types used by several resources.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Declares an *open* enum: known variants plus `Unknown(String)`.
///
/// * Parsing is case-insensitive (`"rfi"` → `Rfi`) and accepts aliases (used
///   for [MID]/[OLD] spellings), so older or newer server values never fail.
/// * Serialization writes the canonical wire value; `Unknown` writes back the
///   exact string it was read from, so unknown values survive a round trip.
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal $(| $alias:literal)* ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* #[doc = concat!("`", $wire, "`")] $variant, )*
            /// A value this client does not know yet (kept verbatim).
            Unknown(String),
        }

        impl $name {
            /// Every known variant, in declaration order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),*];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )*
                    $name::Unknown(s) => s.as_str(),
                }
            }

            /// True for a value this client does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, $name::Unknown(_))
            }

            /// Case-insensitive parse; never fails.
            pub fn parse(s: &str) -> Self {
                let t = s.trim();
                $(
                    if t.eq_ignore_ascii_case($wire) $(|| t.eq_ignore_ascii_case($alias))* {
                        return $name::$variant;
                    }
                )*
                $name::Unknown(s.to_owned())
            }
        }

        /// An unknown empty value: what a missing or `null` field reads as.
        impl ::std::default::Default for $name {
            fn default() -> Self {
                $name::Unknown(String::new())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $name::Unknown(s) => write!(f, "{}::Unknown({:?})", stringify!($name), s),
                    other => write!(f, "{}", other.as_str()),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok($name::parse(s))
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name::parse(s)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> ::serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::parse(v))
                    }
                    // Tolerance: a number or flag where a value name was expected is
                    // kept verbatim as unknown, and `null` as an unknown empty value,
                    // instead of making the whole resource unreadable.
                    fn visit_i64<E: ::serde::de::Error>(self, v: i64) -> Result<$name, E> {
                        Ok($name::Unknown(v.to_string()))
                    }
                    fn visit_u64<E: ::serde::de::Error>(self, v: u64) -> Result<$name, E> {
                        Ok($name::Unknown(v.to_string()))
                    }
                    fn visit_f64<E: ::serde::de::Error>(self, v: f64) -> Result<$name, E> {
                        Ok($name::Unknown(v.to_string()))
                    }
                    fn visit_bool<E: ::serde::de::Error>(self, v: bool) -> Result<$name, E> {
                        Ok($name::Unknown(v.to_string()))
                    }
                    fn visit_unit<E: ::serde::de::Error>(self) -> Result<$name, E> {
                        Ok($name::Unknown(String::new()))
                    }
                    fn visit_none<E: ::serde::de::Error>(self) -> Result<$name, E> {
                        Ok($name::Unknown(String::new()))
                    }
                }
                d.deserialize_any(V)
            }
        }
    };
}

/// Implements `Debug` for a struct, printing `***` (or `None`) in place of the
/// listed personal-data fields. Used instead of `#[derive(Debug)]` so that
/// logging a model can never leak names, tax ids, addresses, etc.
#[macro_export]
#[doc(hidden)]
macro_rules! redacted_debug {
    ($ty:ident { $($field:ident),* $(,)? } redact { $($secret:ident),* $(,)? }) => {
        impl ::std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let mut d = f.debug_struct(stringify!($ty));
                $( d.field(stringify!($field), &self.$field); )*
                $( d.field(stringify!($secret), &$crate::models::common::Redacted(&self.$secret)); )*
                d.finish()
            }
        }
    };
}

/// Debug wrapper that hides a value but still shows whether it is present.
pub struct Redacted<'a, T: ?Sized>(pub &'a T);

/// Whether a redacted value is present (so `Debug` can say `None` vs `***`).
pub trait Presence {
    /// True when there is something to hide.
    fn is_present(&self) -> bool {
        true
    }
}
impl Presence for String {
    fn is_present(&self) -> bool {
        !self.is_empty()
    }
}
impl<T> Presence for Option<T> {
    fn is_present(&self) -> bool {
        self.is_some()
    }
}
impl Presence for time::Date {}
impl Presence for Address {}
impl Presence for serde_json::Value {}
impl Presence for serde_json::Map<String, serde_json::Value> {
    fn is_present(&self) -> bool {
        !self.is_empty()
    }
}

impl<T: Presence + ?Sized> fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_present() {
            f.write_str("***")
        } else {
            f.write_str("None")
        }
    }
}

/// Free-form customer metadata (any JSON object).
pub type Metadata = serde_json::Map<String, serde_json::Value>;

open_enum! {
    /// `INDIVIDUAL` or `BUSINESS` ([OLD] lowercase is accepted).
    pub enum CustomerType {
        Individual = "INDIVIDUAL",
        Business = "BUSINESS",
    }
}

open_enum! {
    /// Verification status of a customer or associated party.
    ///
    /// [MID] `TEMPORARY_REJECTION` played the role of `RFI` and is read as `Rfi`;
    /// [OLD] `pending` is read as `UnderVerification`.
    pub enum VerificationStatus {
        NotStarted = "NOT_STARTED",
        UnderVerification = "UNDER_VERIFICATION" | "PENDING",
        Approved = "APPROVED",
        Rfi = "RFI" | "TEMPORARY_REJECTION",
        FinalRejection = "FINAL_REJECTION",
    }
}

impl VerificationStatus {
    /// True for statuses with no documented way out.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Approved | Self::FinalRejection)
    }
}

open_enum! {
    /// Verification level (only `STANDARD` is documented).
    pub enum Level {
        Standard = "STANDARD",
    }
}

open_enum! {
    /// Fiat currencies of virtual accounts.
    pub enum Currency {
        Brl = "BRL",
        Usd = "USD",
        Eur = "EUR",
        Mxn = "MXN",
    }
}

/// Postal address. `line2` is an [OLD] field kept optional.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    /// ISO 3166-1 alpha-3.
    pub country: String,
    /// Street and number.
    pub line1: String,
    /// Complement, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    /// City.
    pub city: String,
    /// State / province.
    pub state: String,
    /// Postal code.
    pub postal_code: String,
}

impl Address {
    /// An address without `line2`.
    pub fn new(
        country: impl Into<String>,
        line1: impl Into<String>,
        city: impl Into<String>,
        state: impl Into<String>,
        postal_code: impl Into<String>,
    ) -> Self {
        Address {
            country: country.into(),
            line1: line1.into(),
            line2: None,
            city: city.into(),
            state: state.into(),
            postal_code: postal_code.into(),
        }
    }
}

// Only the country is not personal data.
redacted_debug!(Address { country } redact { line1, line2, city, state, postal_code });

/// `YYYY-MM-DD` serde format for `time::Date`.
pub mod date_format {
    time::serde::format_description!(pub ymd, Date, "[year]-[month]-[day]");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_enum_parses_case_insensitively() {
        assert_eq!(VerificationStatus::parse("rfi"), VerificationStatus::Rfi);
        assert_eq!(
            VerificationStatus::parse("Approved"),
            VerificationStatus::Approved
        );
        assert_eq!(
            "not_started".parse::<VerificationStatus>().unwrap(),
            VerificationStatus::NotStarted
        );
        assert_eq!(CustomerType::parse("individual"), CustomerType::Individual);
    }

    #[test]
    fn open_enum_maps_legacy_aliases() {
        assert_eq!(
            VerificationStatus::parse("TEMPORARY_REJECTION"),
            VerificationStatus::Rfi
        );
        assert_eq!(
            VerificationStatus::parse("temporary_rejection"),
            VerificationStatus::Rfi
        );
        assert_eq!(
            VerificationStatus::parse("pending"),
            VerificationStatus::UnderVerification
        );
    }

    #[test]
    fn unknown_values_survive_a_round_trip() {
        let v: VerificationStatus = serde_json::from_str(r#""ON_HOLD_Special""#).unwrap();
        assert_eq!(v, VerificationStatus::Unknown("ON_HOLD_Special".into()));
        assert!(v.is_unknown());
        assert_eq!(serde_json::to_string(&v).unwrap(), r#""ON_HOLD_Special""#);
        let c: Vec<Currency> = serde_json::from_str(r#"["BRL","ARS"]"#).unwrap();
        assert_eq!(c, vec![Currency::Brl, Currency::Unknown("ARS".into())]);
        assert_eq!(serde_json::to_string(&c).unwrap(), r#"["BRL","ARS"]"#);
    }

    #[test]
    fn known_values_serialize_canonically() {
        assert_eq!(
            serde_json::to_string(&VerificationStatus::parse("rfi")).unwrap(),
            r#""RFI""#
        );
        for v in VerificationStatus::KNOWN {
            let s = serde_json::to_string(v).unwrap();
            assert_eq!(&serde_json::from_str::<VerificationStatus>(&s).unwrap(), v);
        }
    }

    #[test]
    fn open_enum_keeps_non_strings_as_unknown_values() {
        let read = |s: &str| serde_json::from_str::<Currency>(s).unwrap();
        assert_eq!(read("5"), Currency::Unknown("5".into()));
        assert_eq!(read("true"), Currency::Unknown("true".into()));
        assert_eq!(read("null"), Currency::Unknown(String::new()));
        assert_eq!(Currency::default(), Currency::Unknown(String::new()));
        assert!(serde_json::from_str::<Currency>("{}").is_err());
    }

    #[test]
    fn address_debug_is_redacted() {
        let a = Address::new(
            "BRA",
            "Rua das Acácias, 456",
            "Rio de Janeiro",
            "RJ",
            "20000-000",
        );
        let dbg = format!("{a:?}");
        assert!(dbg.contains("BRA"));
        for pii in ["Acácias", "Rio de Janeiro", "RJ\"", "20000-000"] {
            assert!(!dbg.contains(pii), "{dbg} leaks {pii}");
        }
        assert!(dbg.contains("line2: None"));
    }
}
