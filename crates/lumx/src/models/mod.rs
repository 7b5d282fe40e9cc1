//! Request and response models, with the API's camelCase field names.
//!
//! Response structs are lenient: unknown fields are ignored, optional fields
//! default, and every server-extensible enum is an open enum (see
//! [`open_enum!`](crate::open_enum)). Request structs serialize exactly the
//! documented JSON (checked by unit tests).

#[macro_use]
pub mod common;
pub mod account;
pub mod additional_info;
pub mod customer;
pub mod document;
pub mod lenient;
pub mod party;
pub mod verification;

pub use account::{Account, AccountStatus};
pub use additional_info::{
    Activity, AdditionalInformation, BusinessAdditionalInformation, CompanyType, Counterparty,
    IndividualAdditionalInformation, Jurisdiction, ProfessionalSituation, SourceOfFunds,
};
pub use common::{Address, Currency, CustomerType, Level, Metadata, VerificationStatus};
pub use customer::{
    AccountRef, Balance, Blockchain, Customer, Limit, NewBusinessCustomer, NewCustomer,
    NewIndividualCustomer, Requirement, RequirementName, RequirementStatus, TransactionLimits,
    Verification, Wallet,
};
pub use document::{DocumentSide, DocumentStatus, DocumentType};
pub use lenient::{Entries, Unreadable};
pub use party::{AssociatedParty, NewAssociatedParty, NewBusinessParty, NewIndividualParty, Role};
pub use verification::{
    DocumentReason, LegacyVerification, PartyReason, StartVerification, StatusReason, TosLink,
    TosLinkRequest, VerificationStarted,
};
