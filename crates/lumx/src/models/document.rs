//! Document enums (upload form values and RFI document statuses).

open_enum! {
    /// Document type for `POST /customers/{id}/documents` ([OLD] lowercase accepted).
    pub enum DocumentType {
        IdCard = "ID_CARD",
        Passport = "PASSPORT",
        DriversLicense = "DRIVERS_LICENSE",
        Selfie = "SELFIE",
        ProofOfAddress = "PROOF_OF_ADDRESS",
        BankStatement = "BANK_STATEMENT",
        DeliveryReceipt = "DELIVERY_RECEIPT",
        IncomeTaxReturn = "INCOME_TAX_RETURN",
        SignedBalanceSheet = "SIGNED_BALANCE_SHEET",
        SignedIncomeStatement = "SIGNED_INCOME_STATEMENT",
        IncorporationArticles = "INCORPORATION_ARTICLES",
        ShareholderRegistry = "SHAREHOLDER_REGISTRY",
        DirectorsRegistry = "DIRECTORS_REGISTRY",
        SignedCorporateStructureChart = "SIGNED_CORPORATE_STRUCTURE_CHART",
        PowerOfAttorney = "POWER_OF_ATTORNEY",
        RegulatedActivityDocument = "REGULATED_ACTIVITY_DOCUMENT",
        AdditionalInformation = "ADDITIONAL_INFORMATION",
        Other = "OTHER",
    }
}

impl DocumentType {
    /// Identity documents need a `side` (`FRONT_SIDE` / `BACK_SIDE`).
    pub fn requires_side(&self) -> bool {
        matches!(
            self,
            DocumentType::IdCard | DocumentType::Passport | DocumentType::DriversLicense
        )
    }
}

open_enum! {
    /// Side of an identity document.
    pub enum DocumentSide {
        Front = "FRONT_SIDE",
        Back = "BACK_SIDE",
    }
}

open_enum! {
    /// Per-document review status inside `statusReason.documents[]`
    /// ([MID]/[OLD] `TEMPORARY_REJECTION` is read as `Declined`).
    pub enum DocumentStatus {
        Declined = "DECLINED" | "TEMPORARY_REJECTION",
        Approved = "APPROVED",
        Pending = "PENDING",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_spellings_are_tolerated() {
        assert_eq!(DocumentType::parse("id_card"), DocumentType::IdCard);
        assert_eq!(
            DocumentType::parse("utility_bill"),
            DocumentType::Unknown("utility_bill".into())
        );
        assert_eq!(DocumentSide::parse("front_side"), DocumentSide::Front);
        assert_eq!(
            DocumentStatus::parse("temporary_rejection"),
            DocumentStatus::Declined
        );
        assert!(DocumentType::Passport.requires_side());
        assert!(!DocumentType::ProofOfAddress.requires_side());
    }
}
