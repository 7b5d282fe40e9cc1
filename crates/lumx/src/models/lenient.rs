//! Field-level tolerance for what the server sends.
//!
//! The API is only partly documented and the real server will send shapes neither the
//! reference nor our sandbox has. The rule: one odd field costs that field, one malformed
//! list entry costs that entry, and never the whole resource.
//!
//! * [`Entries`]: a list whose malformed entries are kept aside as [`Unreadable`] (raw
//!   JSON, position, reason) while the rest decodes; `null` or a non-list reads as empty
//!   (a non-list is itself kept as unreadable).
//! * [`or_none`]: an optional field of the wrong shape reads as `None`.
//! * [`or_default`]: `null` or a wrong shape reads as the default (`false`, `{}`, empty).
//! * [`amount`]: a decimal amount as a string or a JSON number.
//! * [`percentage`]: a number or a numeric string.
//! * [`timestamp`]: RFC 3339 with or without fractions; a missing offset is read as UTC;
//!   anything else reads as `None`.

use std::fmt;
use std::ops::Deref;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use time::OffsetDateTime;

/// A list entry (or a whole list) that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    /// Position in the list (`None` when the list itself had the wrong shape).
    pub index: Option<usize>,
    /// Path of the offending value inside the entry (`blockchain`, `balances[0].amount`).
    pub inner_path: String,
    /// What the decoder said.
    pub reason: String,
    /// The entry exactly as received.
    pub raw: Value,
}

impl Unreadable {
    /// The entry's path below `field`: `wallets[2]`, `wallets[2].address`.
    pub fn path(&self, field: &str) -> String {
        let mut p = field.to_owned();
        if let Some(i) = self.index {
            p.push_str(&format!("[{i}]"));
        }
        if !self.inner_path.is_empty() && self.inner_path != "." {
            p.push('.');
            p.push_str(&self.inner_path);
        }
        p
    }
}

/// A list that keeps its readable entries and sets the others aside.
///
/// Derefs to the readable entries, so it reads like a `Vec<T>`; the unreadable ones are
/// kept with their raw JSON, for display and so that a stored copy keeps them.
#[derive(Clone, PartialEq)]
pub struct Entries<T> {
    items: Vec<T>,
    unreadable: Vec<Unreadable>,
}

impl<T> Entries<T> {
    /// The entries that could not be read.
    pub fn unreadable(&self) -> &[Unreadable] {
        &self.unreadable
    }

    /// True when there is nothing to write back: no readable entries and no unreadable
    /// ones kept from a list (`skip_serializing_if`; `Vec::is_empty` through `Deref`
    /// would drop the unreadable entries from a stored copy).
    pub fn is_blank(&self) -> bool {
        self.items.is_empty() && self.unreadable.iter().all(|u| u.index.is_none())
    }
}

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Entries {
            items: Vec::new(),
            unreadable: Vec::new(),
        }
    }
}

impl<T> Deref for Entries<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.items
    }
}

impl<T> From<Vec<T>> for Entries<T> {
    fn from(items: Vec<T>) -> Self {
        Entries {
            items,
            unreadable: Vec::new(),
        }
    }
}

impl<T> FromIterator<T> for Entries<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Vec::from_iter(iter).into()
    }
}

impl<'a, T> IntoIterator for &'a Entries<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<T> IntoIterator for Entries<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<T: fmt::Debug> fmt::Debug for Entries<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The raw JSON of an unreadable entry may hold personal data: only count it.
        if self.unreadable.is_empty() {
            self.items.fmt(f)
        } else {
            f.debug_struct("Entries")
                .field("items", &self.items)
                .field("unreadable", &self.unreadable.len())
                .finish()
        }
    }
}

impl<T: Serialize> Serialize for Entries<T> {
    /// The readable entries, then the unreadable ones exactly as received (a list that
    /// was not a list is not written back), so a stored copy read again loses nothing.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let raw: Vec<&Value> = self
            .unreadable
            .iter()
            .filter(|u| u.index.is_some())
            .map(|u| &u.raw)
            .collect();
        let mut seq = s.serialize_seq(Some(self.items.len() + raw.len()))?;
        for item in &self.items {
            seq.serialize_element(item)?;
        }
        for r in raw {
            seq.serialize_element(r)?;
        }
        seq.end()
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Entries<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Entries::from_value(Value::deserialize(d)?))
    }
}

impl<T: DeserializeOwned> Entries<T> {
    /// Reads every entry of `value` that can be read.
    pub fn from_value(value: Value) -> Self {
        let mut out = Entries::default();
        match value {
            Value::Null => {}
            Value::Array(list) => {
                for (i, raw) in list.into_iter().enumerate() {
                    match decode_with_path::<T>(&raw) {
                        Ok(item) => out.items.push(item),
                        Err((inner_path, reason)) => out.unreadable.push(Unreadable {
                            index: Some(i),
                            inner_path,
                            reason,
                            raw,
                        }),
                    }
                }
            }
            other => out.unreadable.push(Unreadable {
                index: None,
                inner_path: String::new(),
                reason: "expected a list".into(),
                raw: other,
            }),
        }
        out
    }
}

/// Decodes `raw` as `T`, or says where and why not.
pub fn decode_with_path<T: DeserializeOwned>(raw: &Value) -> Result<T, (String, String)> {
    // Tracking the path costs on every field; only a failure needs it, so decode plainly
    // first and track the path only to explain a failure.
    if let Ok(item) = T::deserialize(raw) {
        return Ok(item);
    }
    serde_path_to_error::deserialize::<_, T>(raw).map_err(|e| {
        let path = e.path().to_string();
        (path, e.into_inner().to_string())
    })
}

/// An optional field: `null` or a value of the wrong shape reads as `None` (also for
/// types that would read `null` as a value, like open enums).
pub fn or_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let v = Value::deserialize(d)?;
    if v.is_null() {
        return Ok(None);
    }
    Ok(T::deserialize(v).ok())
}

/// `null` or a value of the wrong shape reads as the default.
pub fn or_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + Default,
{
    let v = Value::deserialize(d)?;
    Ok(T::deserialize(v).unwrap_or_default())
}

/// A flag: `true`/`false`, `"true"`/`"false"`, `1`/`0`; anything else is `false`.
pub fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => b,
        Value::String(s) => s.trim().eq_ignore_ascii_case("true"),
        Value::Number(n) => n.as_f64().is_some_and(|x| x != 0.0),
        _ => false,
    })
}

/// The text of a scalar: strings as they are, numbers and flags written out.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A decimal amount (`"1000.00"` or `1000.0`), kept as the decimal string. Numbers are
/// written as serde_json prints them, which round-trips the value JSON carried.
pub fn amount<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(match &v {
        Value::String(_) | Value::Number(_) => scalar_text(&v),
        _ => None,
    })
}

/// A required amount: like [`amount`], but missing or unreadable reads as `""`.
pub fn amount_or_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(amount(d)?.unwrap_or_default())
}

/// A text field that the server might send as a number (a tax id, a cursor); objects and
/// lists read as `None`.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(scalar_text(&Value::deserialize(d)?))
}

/// A required text field that may come as a number (an id): objects, lists and `null`
/// fail the entry.
pub fn required_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    scalar_text(&Value::deserialize(d)?)
        .ok_or_else(|| serde::de::Error::custom("expected a text value"))
}

/// A list of texts (labels): scalars are written out, `null` and other shapes dropped.
pub fn strings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(list) => list.iter().filter_map(scalar_text).collect(),
        other => scalar_text(&other).into_iter().collect(),
    })
}

/// `YYYY-MM-DD` (a full timestamp reads as its date); anything else is `None`.
pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<time::Date>, D::Error> {
    let Value::String(s) = Value::deserialize(d)? else {
        return Ok(None);
    };
    let ymd = time::macros::format_description!("[year]-[month]-[day]");
    let s = s.trim();
    let day = match s.as_bytes().get(10) {
        None => s,
        Some(b'T' | b' ') => &s[..10],
        Some(_) => return Ok(None),
    };
    Ok(time::Date::parse(day, ymd).ok())
}

/// A percentage: `25`, `25.5` or `"25.5"` (a trailing `%` is allowed).
pub fn percentage<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().trim_end_matches('%').trim().parse().ok(),
        _ => None,
    }
    .filter(|x: &f64| x.is_finite()))
}

/// Timestamps: RFC 3339 (with or without fractions, any offset); without an offset the
/// documented "(UTC)" is assumed; unparseable or the wrong type reads as `None`.
pub mod timestamp {
    use super::*;
    use time::format_description::well_known::Rfc3339;
    use time::macros::format_description;
    use time::PrimitiveDateTime;

    /// Parses one timestamp.
    pub fn parse(s: &str) -> Option<OffsetDateTime> {
        let s = s.trim();
        if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
            return Some(t);
        }
        let no_offset = format_description!(
            version = 2,
            "[year]-[month]-[day][first [T][ ]][hour]:[minute]:[second][optional [.[subsecond]]]"
        );
        PrimitiveDateTime::parse(s, no_offset)
            .ok()
            .map(PrimitiveDateTime::assume_utc)
    }

    /// `#[serde(deserialize_with = "…::timestamp::option")]`.
    pub fn option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<OffsetDateTime>, D::Error> {
        Ok(match Value::deserialize(d)? {
            Value::String(s) => parse(&s),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Deserialize, Serialize, PartialEq)]
    struct Item {
        id: u32,
        #[serde(default, deserialize_with = "or_none")]
        note: Option<String>,
    }

    #[test]
    fn a_malformed_entry_is_set_aside_with_its_raw_json_and_path() {
        let e: Entries<Item> =
            serde_json::from_value(json!([{"id": 1}, {"id": "x"}, {"id": 3, "note": 5}])).unwrap();
        assert_eq!(e.iter().map(|i| i.id).collect::<Vec<_>>(), [1, 3]);
        assert_eq!(
            e[1].note, None,
            "a note of the wrong type costs only the note"
        );
        #[derive(Deserialize)]
        struct R {
            #[serde(default, deserialize_with = "or_none")]
            role: Option<crate::models::Role>,
        }
        let r: R = serde_json::from_value(json!({"role": null})).unwrap();
        assert_eq!(r.role, None, "null is no role, not an unknown empty one");
        let bad = &e.unreadable()[0];
        assert_eq!(bad.index, Some(1));
        assert_eq!(bad.raw, json!({"id": "x"}));
        assert_eq!(bad.path("items"), "items[1].id");
        assert!(bad.reason.contains("expected u32"), "{}", bad.reason);
        // A stored copy keeps the unreadable entry and reads the same again.
        let again: Entries<Item> =
            serde_json::from_value(serde_json::to_value(&e).unwrap()).unwrap();
        assert_eq!(again.len(), 2);
        assert_eq!(again.unreadable()[0].raw, json!({"id": "x"}));
        assert!(!e.is_blank());
        let only_bad: Entries<Item> = serde_json::from_value(json!([{"id": "x"}])).unwrap();
        assert!(only_bad.is_empty() && !only_bad.is_blank());
    }

    #[test]
    fn null_and_non_lists_read_as_empty() {
        let e: Entries<Item> = serde_json::from_value(Value::Null).unwrap();
        assert!(e.is_empty() && e.unreadable().is_empty());
        let e: Entries<Item> = serde_json::from_value(json!({"id": 1})).unwrap();
        assert!(e.is_empty());
        assert_eq!(e.unreadable()[0].index, None);
        assert_eq!(e.unreadable()[0].path("wallets"), "wallets");
    }

    #[test]
    fn amounts_read_strings_and_numbers() {
        #[derive(Deserialize)]
        struct A {
            #[serde(default, deserialize_with = "amount")]
            a: Option<String>,
        }
        let read = |v: Value| serde_json::from_value::<A>(json!({ "a": v })).unwrap().a;
        assert_eq!(read(json!("1000.00")), Some("1000.00".into()));
        assert_eq!(read(json!(1000.5)), Some("1000.5".into()));
        assert_eq!(read(json!(7500)), Some("7500".into()));
        assert_eq!(read(json!(null)), None);
        assert_eq!(read(json!({"x": 1})), None);
    }

    #[test]
    fn percentages_read_numbers_and_numeric_strings() {
        #[derive(Deserialize)]
        struct P {
            #[serde(default, deserialize_with = "percentage")]
            p: Option<f64>,
        }
        let read = |v: Value| serde_json::from_value::<P>(json!({ "p": v })).unwrap().p;
        assert_eq!(read(json!(25)), Some(25.0));
        assert_eq!(read(json!("25.5")), Some(25.5));
        assert_eq!(read(json!("30 %")), Some(30.0));
        assert_eq!(read(json!("a lot")), None);
        assert_eq!(read(json!(true)), None);
    }

    #[test]
    fn flags_read_booleans_strings_and_numbers() {
        #[derive(Deserialize)]
        struct F {
            #[serde(default, deserialize_with = "flag")]
            f: bool,
        }
        let read = |v: Value| serde_json::from_value::<F>(json!({ "f": v })).unwrap().f;
        assert!(read(json!(true)) && read(json!("TRUE")) && read(json!(1)));
        assert!(!read(json!(null)) && !read(json!("no")) && !read(json!([])));
    }

    #[test]
    fn timestamps_with_and_without_fractions_or_offsets() {
        use timestamp::parse;
        let base = parse("2021-01-01T00:00:00Z").unwrap();
        assert_eq!(parse("2021-01-01T00:00:00.000Z"), Some(base));
        assert_eq!(parse("2021-01-01T02:00:00+02:00"), Some(base));
        assert_eq!(parse("2021-01-01T00:00:00"), Some(base));
        assert_eq!(parse("2021-01-01 00:00:00"), Some(base));
        assert_eq!(parse("2026-05-13T20:49:13.236").unwrap().millisecond(), 236);
        assert_eq!(parse("yesterday"), None);
        assert_eq!(parse("2021-13-01T00:00:00Z"), None);
    }
}
