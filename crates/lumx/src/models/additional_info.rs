//! `PATCH /customers/{id}/additional-information` bodies and their enums (§2.4).

use serde::{Deserialize, Serialize};

use super::common::Address;

open_enum! {
    /// Regions where transactions will occur.
    pub enum Jurisdiction {
        Bra = "BRA",
        Usa = "USA",
        Eu = "EU",
        Canada = "CANADA",
        China = "CHINA",
        Mexico = "MEXICO",
        Others = "OTHERS",
    }
}

open_enum! {
    /// Sensitive activities involved (`NONE` if none apply).
    pub enum Activity {
        None = "NONE",
        AdultEntertainment = "ADULT_ENTERTAINMENT",
        Drugs = "DRUGS",
        Firearms = "FIREARMS",
        Gambling = "GAMBLING",
        Marijuana = "MARIJUANA",
        Tumbling = "TUMBLING",
    }
}

open_enum! {
    /// Who the customer transacts with.
    pub enum Counterparty {
        SelfOwned = "SELF",
        MerchantsSuppliers = "MERCHANTS_SUPPLIERS",
        Customers = "CUSTOMERS",
        Employees = "EMPLOYEES",
        Contractors = "CONTRACTORS",
        Friends = "FRIENDS",
        Family = "FAMILY",
    }
}

open_enum! {
    /// Individual's professional situation.
    pub enum ProfessionalSituation {
        Employee = "EMPLOYEE",
        SelfEmployed = "SELF_EMPLOYED",
        Unemployed = "UNEMPLOYED",
        Retired = "RETIRED",
        Other = "OTHER",
    }
}

open_enum! {
    /// Source of funds (single list for both customer types in the API reference).
    pub enum SourceOfFunds {
        Employment = "EMPLOYMENT",
        Savings = "SAVINGS",
        Winnings = "WINNINGS",
        Marital = "MARITAL",
        RealEstate = "REAL_ESTATE",
        Trust = "TRUST",
        Investment = "INVESTMENT",
        Other = "OTHER",
        Company = "COMPANY",
        CompanyCapital = "COMPANY_CAPITAL",
        Loan = "LOAN",
        PrivateCapital = "PRIVATE_CAPITAL",
        Grant = "GRANT",
    }
}

open_enum! {
    /// Company type (the published list is truncated; unknown values are kept).
    pub enum CompanyType {
        BankUs = "BANK_US",
        BankForeign = "BANK_FOREIGN",
        BankingCorrespondent = "BANKING_CORRESPONDENT",
        BrokerDealerOtcDesk = "BROKER_DEALER_OTC_DESK",
        ForeignExchangeMarketFx = "FOREIGN_EXCHANGE_MARKET_FX",
        InsuranceCompanies = "INSURANCE_COMPANIES",
        InvestmentAdvisorAssetManager = "INVESTMENT_ADVISOR_ASSET_MANAGER",
        LoanOrFinanceCompany = "LOAN_OR_FINANCE_COMPANY",
        NonBankCustodians = "NON_BANK_CUSTODIANS",
        PaymentGateway = "PAYMENT_GATEWAY",
        ThirdPartyPaymentProcessor = "THIRD_PARTY_PAYMENT_PROCESSOR",
        UsNonCryptoMsb = "U_S_NON_CRYPTO_MSB",
        ForeignNonCryptoMsb = "FOREIGN_NON_CRYPTO_MSB",
        BlockchainSoftwareCompany = "BLOCKCHAIN_SOFTWARE_COMPANY",
        DefiExchange = "DEFI_EXCHANGE",
        Miner = "MINER",
        NftMarketplace = "NFT_MARKETPLACE",
        TokenProject = "TOKEN_PROJECT",
        UsCryptoMsb = "U_S_CRYPTO_MSB",
        ForeignCryptoMsb = "FOREIGN_CRYPTO_MSB",
        AtmKioskOperator = "ATM_KIOSK_OPERATOR",
        CommoditiesFirms = "COMMODITIES_FIRMS",
        HighNetWorthIndividuals = "HIGH_NET_WORTH_INDIVIDUALS",
        PensionFunds = "PENSION_FUNDS",
        PooledInvestmentVehicleFund = "POOLED_INVESTMENT_VEHICLE_FUND",
    }
}

/// Additional-information body, discriminated by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AdditionalInformation {
    /// KYC data.
    Individual(IndividualAdditionalInformation),
    /// KYB data.
    Business(BusinessAdditionalInformation),
}

/// KYC data for an individual. All fields are required by the API
/// (`middleName` may be empty).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IndividualAdditionalInformation {
    /// International format, e.g. `+5511999999999`.
    pub phone: String,
    /// First name.
    pub first_name: String,
    /// Middle name (may be `""`).
    #[serde(default)]
    pub middle_name: String,
    /// Last name.
    pub last_name: String,
    /// Residential address.
    pub address: Address,
    /// Expected monthly volume in USD (decimal string).
    #[serde(rename = "monthlyVolumeInUSD")]
    pub monthly_volume_in_usd: String,
    /// Expected volume per transaction in USD.
    #[serde(rename = "transactionVolumeInUSD")]
    pub transaction_volume_in_usd: String,
    /// Regions involved.
    pub jurisdictions: Vec<Jurisdiction>,
    /// Activities involved.
    pub involved_activities: Vec<Activity>,
    /// Counterparties.
    pub transaction_counterparties: Vec<Counterparty>,
    /// Professional situation.
    pub professional_situation: ProfessionalSituation,
    /// Free-text occupation.
    pub professional_occupation: String,
    /// Source of funds.
    pub source_of_funds: SourceOfFunds,
}

redacted_debug!(IndividualAdditionalInformation {
    monthly_volume_in_usd, transaction_volume_in_usd, jurisdictions, involved_activities,
    transaction_counterparties, professional_situation, source_of_funds
} redact {
    phone, first_name, middle_name, last_name, address, professional_occupation
});

/// KYB data for a business.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessAdditionalInformation {
    /// Company phone.
    pub phone: String,
    /// Registered address.
    pub address: Address,
    /// Expected monthly volume in USD.
    #[serde(rename = "monthlyVolumeInUSD")]
    pub monthly_volume_in_usd: String,
    /// Expected volume per transaction in USD.
    #[serde(rename = "transactionVolumeInUSD")]
    pub transaction_volume_in_usd: String,
    /// Regions involved.
    pub jurisdictions: Vec<Jurisdiction>,
    /// Activities involved.
    pub involved_activities: Vec<Activity>,
    /// Counterparties.
    pub transaction_counterparties: Vec<Counterparty>,
    /// Company type.
    pub company_type: CompanyType,
    /// Annual revenue (decimal string).
    pub annual_revenue: String,
    /// Monthly transaction volume (decimal string).
    pub monthly_transaction_volume: String,
    /// Free-text compliance/AML programme description.
    #[serde(rename = "complianceAndAML")]
    pub compliance_and_aml: String,
    /// Whether the activity is regulated (then a `REGULATED_ACTIVITY_DOCUMENT` is expected).
    pub is_regulated_activity: bool,
    /// Details of the regulated activity (may be `""`).
    #[serde(default)]
    pub regulated_activity_details: String,
    /// Company website.
    pub website: String,
    /// Source of funds.
    pub source_of_funds: SourceOfFunds,
    /// Services provided (free text; shown in the business guide).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services_provided: Option<String>,
}

redacted_debug!(BusinessAdditionalInformation {
    monthly_volume_in_usd, transaction_volume_in_usd, jurisdictions, involved_activities,
    transaction_counterparties, company_type, annual_revenue, monthly_transaction_volume,
    compliance_and_aml, is_regulated_activity, regulated_activity_details, website,
    source_of_funds, services_provided
} redact {
    phone, address
});

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    pub(crate) fn individual() -> AdditionalInformation {
        AdditionalInformation::Individual(IndividualAdditionalInformation {
            phone: "+5511999999999".into(),
            first_name: "William".into(),
            middle_name: "".into(),
            last_name: "Default".into(),
            address: Address::new("BRA", "Av. Paulista, 1000", "São Paulo", "SP", "01310-100"),
            monthly_volume_in_usd: "5000".into(),
            transaction_volume_in_usd: "1000".into(),
            jurisdictions: vec![Jurisdiction::Bra, Jurisdiction::Usa],
            involved_activities: vec![Activity::None],
            transaction_counterparties: vec![
                Counterparty::SelfOwned,
                Counterparty::MerchantsSuppliers,
            ],
            professional_situation: ProfessionalSituation::Employee,
            professional_occupation: "Software Engineer".into(),
            source_of_funds: SourceOfFunds::Employment,
        })
    }

    pub(crate) fn business() -> AdditionalInformation {
        AdditionalInformation::Business(BusinessAdditionalInformation {
            phone: "+5511888888888".into(),
            address: Address::new("BRA", "Rua Funchal, 418", "São Paulo", "SP", "04551-060"),
            monthly_volume_in_usd: "50000.00".into(),
            transaction_volume_in_usd: "10000.00".into(),
            jurisdictions: vec![Jurisdiction::Bra, Jurisdiction::Eu],
            involved_activities: vec![Activity::None],
            transaction_counterparties: vec![Counterparty::Customers],
            company_type: CompanyType::PaymentGateway,
            annual_revenue: "1000000.00".into(),
            monthly_transaction_volume: "100000.00".into(),
            compliance_and_aml: "KYC on all clients".into(),
            is_regulated_activity: false,
            regulated_activity_details: "".into(),
            website: "https://lumx.io".into(),
            source_of_funds: SourceOfFunds::Company,
            services_provided: Some("Payments".into()),
        })
    }

    #[test]
    fn individual_json_is_exact() {
        assert_eq!(
            serde_json::to_value(individual()).unwrap(),
            json!({
                "type": "INDIVIDUAL",
                "phone": "+5511999999999",
                "firstName": "William",
                "middleName": "",
                "lastName": "Default",
                "address": {"country": "BRA", "line1": "Av. Paulista, 1000", "city": "São Paulo",
                            "state": "SP", "postalCode": "01310-100"},
                "monthlyVolumeInUSD": "5000",
                "transactionVolumeInUSD": "1000",
                "jurisdictions": ["BRA", "USA"],
                "involvedActivities": ["NONE"],
                "transactionCounterparties": ["SELF", "MERCHANTS_SUPPLIERS"],
                "professionalSituation": "EMPLOYEE",
                "professionalOccupation": "Software Engineer",
                "sourceOfFunds": "EMPLOYMENT"
            })
        );
    }

    #[test]
    fn business_json_is_exact() {
        assert_eq!(
            serde_json::to_value(business()).unwrap(),
            json!({
                "type": "BUSINESS",
                "phone": "+5511888888888",
                "address": {"country": "BRA", "line1": "Rua Funchal, 418", "city": "São Paulo",
                            "state": "SP", "postalCode": "04551-060"},
                "monthlyVolumeInUSD": "50000.00",
                "transactionVolumeInUSD": "10000.00",
                "jurisdictions": ["BRA", "EU"],
                "involvedActivities": ["NONE"],
                "transactionCounterparties": ["CUSTOMERS"],
                "companyType": "PAYMENT_GATEWAY",
                "annualRevenue": "1000000.00",
                "monthlyTransactionVolume": "100000.00",
                "complianceAndAML": "KYC on all clients",
                "isRegulatedActivity": false,
                "regulatedActivityDetails": "",
                "website": "https://lumx.io",
                "sourceOfFunds": "COMPANY",
                "servicesProvided": "Payments"
            })
        );
    }

    #[test]
    fn every_documented_enum_value_round_trips() {
        fn check<T>(known: &[T])
        where
            T: Serialize + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug,
        {
            for v in known {
                let s = serde_json::to_string(v).unwrap();
                assert_eq!(&serde_json::from_str::<T>(&s).unwrap(), v, "{s}");
                assert!(!s.contains("Unknown"));
            }
        }
        check(Jurisdiction::KNOWN);
        check(Activity::KNOWN);
        check(Counterparty::KNOWN);
        check(ProfessionalSituation::KNOWN);
        check(SourceOfFunds::KNOWN);
        check(CompanyType::KNOWN);
        assert_eq!(Counterparty::SelfOwned.as_str(), "SELF");
        assert_eq!(SourceOfFunds::KNOWN.len(), 13);
        let unknown: CompanyType = serde_json::from_str(r#""SPACE_MINING""#).unwrap();
        assert_eq!(
            serde_json::to_string(&unknown).unwrap(),
            r#""SPACE_MINING""#
        );
    }

    #[test]
    fn debug_hides_personal_data() {
        for info in [individual(), business()] {
            let dbg = format!("{info:?}");
            for pii in [
                "+5511",
                "William",
                "Default",
                "Paulista",
                "Funchal",
                "01310",
                "São Paulo",
            ] {
                assert!(!dbg.contains(pii), "Debug leaks {pii}: {dbg}");
            }
            assert!(dbg.contains("***"));
        }
    }
}
