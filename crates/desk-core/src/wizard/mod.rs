//! The guided KYC/KYB onboarding: the draft model, the steps as data, the document
//! checklist, validation and the request bodies built from a draft.

pub mod checks;
pub mod documents;
pub mod guard;
pub mod minimize;
pub mod model;
pub mod payloads;
pub mod steps;
pub mod view;
