//! What the API answered, taken into the draft: requirements, status, the additional
//! information already sent, and whether a found customer is the one a draft created.

use super::*;

/// The API's `additionalInformation` echo over the form's defaults: known fields are
/// taken, anything else (or a partial echo) leaves the default.
pub(super) fn prefill_additional(
    base: &crate::wizard::model::AdditionalForm,
    info: &serde_json::Value,
) -> crate::wizard::model::AdditionalForm {
    fn merge(into: &mut serde_json::Value, from: &serde_json::Value) {
        if let (Some(into), Some(from)) = (into.as_object_mut(), from.as_object()) {
            for (k, v) in from {
                match into.get_mut(k) {
                    Some(slot @ serde_json::Value::Object(_)) => merge(slot, v),
                    Some(slot) if std::mem::discriminant(slot) == std::mem::discriminant(v) => {
                        *slot = v.clone()
                    }
                    Some(slot) if slot.is_string() && v.is_number() => {
                        *slot = serde_json::Value::String(v.to_string())
                    }
                    _ => {}
                }
            }
        }
    }
    let mut value = serde_json::to_value(base).unwrap_or_default();
    merge(&mut value, info);
    serde_json::from_value(value).unwrap_or_else(|_| base.clone())
}

pub(super) fn lumx_409(existing: String) -> lumx::Error {
    lumx::Error::Api {
        status: 409,
        error: Some("Conflict".into()),
        message: Some(format!(
            "Another customer with the same document already exists ({existing})"
        )),
        log_id: None,
        details: vec![],
        raw_body: String::new(),
        cached: false,
    }
}

/// Whether `found` is the customer `body` would create (same type, names, tax id, dates,
/// country and email).
pub(super) fn same_customer(
    found: &lumx::models::Customer,
    body: &lumx::models::NewCustomer,
) -> bool {
    let Ok(sent) = serde_json::to_value(body) else {
        return false;
    };
    let Ok(got) = serde_json::to_value(found) else {
        return false;
    };
    [
        "type",
        "name",
        "legalName",
        "taxId",
        "birthDate",
        "incorporationDate",
        "country",
        "email",
    ]
    .iter()
    .all(|k| sent.get(*k) == got.get(*k) || sent.get(*k).is_none())
}

pub(super) fn remote_requirements(customer: &lumx::models::Customer) -> Vec<RemoteRequirement> {
    customer
        .requirements
        .iter()
        .map(|r| RemoteRequirement {
            name: r.name.as_str().to_string(),
            status: r.status.as_str().to_string(),
        })
        .collect()
}

/// What the API says now: its requirements and the verification status (with the time
/// a final decision was first seen, for retention).
pub(super) fn take_remote_state(draft: &mut Draft, customer: &lumx::models::Customer) {
    draft.remote_requirements = remote_requirements(customer);
    draft.set_remote_status(
        customer
            .verification
            .as_ref()
            .map(|v| v.status.as_str().to_string()),
        &now(),
    );
}
