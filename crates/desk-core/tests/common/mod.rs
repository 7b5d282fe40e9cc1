//! Shared by the integration tests: valid Brazilian tax ids whose last digit is chosen
//! (the sandbox reads the last digit as the verification outcome).
#![allow(dead_code)]

fn digits_to_string(d: &[u32]) -> String {
    d.iter()
        .map(|x| char::from_digit(*x, 10).unwrap())
        .collect()
}

/// The first valid CPF at or after `start` (9 base digits) whose last digit passes `accept`.
pub fn cpf_from(start: u64, accept: impl Fn(u32) -> bool) -> String {
    let check = |ds: &[u32]| {
        let n = ds.len() as u32 + 1;
        let s: u32 = ds.iter().enumerate().map(|(i, x)| x * (n - i as u32)).sum();
        (s * 10 % 11) % 10
    };
    for seed in start.max(100_000_000).. {
        let mut d: Vec<u32> = seed
            .to_string()
            .chars()
            .map(|c| c.to_digit(10).unwrap())
            .collect();
        d.push(check(&d));
        let last = check(&d);
        if accept(last) {
            d.push(last);
            let s = digits_to_string(&d);
            return format!("{}.{}.{}-{}", &s[0..3], &s[3..6], &s[6..9], &s[9..]);
        }
    }
    unreachable!()
}

pub fn cpf_ending(last: u32) -> String {
    cpf_from(100_000_000, |d| d == last)
}

/// A valid CNPJ (branch 0001) whose last digit is `last`.
pub fn cnpj_ending(last: u32) -> String {
    let check = |ds: &[u32]| {
        let w: &[u32] = if ds.len() == 12 {
            &[5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
        } else {
            &[6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
        };
        let s: u32 = ds.iter().zip(w).map(|(a, b)| a * b).sum();
        if s % 11 < 2 {
            0
        } else {
            11 - s % 11
        }
    };
    for seed in 10_000_000u64.. {
        let mut d: Vec<u32> = seed
            .to_string()
            .chars()
            .map(|c| c.to_digit(10).unwrap())
            .collect();
        d.extend([0, 0, 0, 1]);
        d.push(check(&d));
        let d2 = check(&d);
        if d2 == last {
            d.push(d2);
            let s = digits_to_string(&d);
            return format!(
                "{}.{}.{}/{}-{}",
                &s[0..2],
                &s[2..5],
                &s[5..8],
                &s[8..12],
                &s[12..]
            );
        }
    }
    unreachable!()
}

/// Prints a suite's figures (a markdown table) and, when `LUMX_FIGURES_DIR` is set (as
/// scripts/test.sh does), also writes them to `<dir>/<name>.md`: cargo hides a passing
/// test's output, and CI prints that folder in its summary.
pub fn publish_figures(name: &str, table: &str) {
    println!("{table}");
    if let Some(dir) = std::env::var_os("LUMX_FIGURES_DIR") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("figures dir");
        std::fs::write(dir.join(format!("{name}.md")), table).expect("figures file");
    }
}

/// A complete individual: every wizard field valid.
pub fn fill_individual(d: &mut desk_core::wizard::view::DraftView, tax_id: &str) {
    d.customer.name = "Ana Beatriz Souza".into();
    d.customer.tax_id = tax_id.into();
    d.customer.birth_date = "1990-05-01".into();
    d.customer.email = "ana@example.com".into();
    let a = &mut d.additional;
    a.phone = "+5511999999999".into();
    a.first_name = "Ana".into();
    a.last_name = "Souza".into();
    a.address.country = "BRA".into();
    a.address.line1 = "Rua A, 1".into();
    a.address.city = "São Paulo".into();
    a.address.state = "SP".into();
    a.address.postal_code = "01310-100".into();
    a.monthly_volume_in_usd = "5000".into();
    a.transaction_volume_in_usd = "1000".into();
    a.jurisdictions = vec!["USA".into()];
    a.involved_activities = vec!["NONE".into()];
    a.transaction_counterparties = vec!["SELF".into()];
    a.professional_situation = "EMPLOYEE".into();
    a.professional_occupation = "Engineer".into();
    a.source_of_funds = "EMPLOYMENT".into();
}

/// A complete business with one representative party (local id `rep`, a passport).
pub fn fill_business(d: &mut desk_core::wizard::view::DraftView, cnpj: &str) {
    d.customer.legal_name = "Padaria Estrela Ltda".into();
    d.customer.tax_id = cnpj.into();
    d.customer.incorporation_date = "2015-03-10".into();
    d.customer.email = "fin@estrela.com.br".into();
    let a = &mut d.additional;
    a.phone = "+552130000000".into();
    a.address.country = "BRA".into();
    a.address.line1 = "Av. Atlântica, 1000".into();
    a.address.city = "Rio de Janeiro".into();
    a.address.state = "RJ".into();
    a.address.postal_code = "22010-000".into();
    a.monthly_volume_in_usd = "50000.00".into();
    a.transaction_volume_in_usd = "10000.00".into();
    a.jurisdictions = vec!["USA".into()];
    a.involved_activities = vec!["NONE".into()];
    a.transaction_counterparties = vec!["CUSTOMERS".into()];
    a.company_type = "PAYMENT_GATEWAY".into();
    a.annual_revenue = "1000000.00".into();
    a.monthly_transaction_volume = "100000.00".into();
    a.compliance_and_aml = "KYC on every merchant".into();
    a.website = "https://estrela.com.br".into();
    a.source_of_funds = "COMPANY".into();
    a.services_provided = "Payments".into();
    d.parties = vec![desk_core::wizard::model::PartyForm {
        local_id: "rep".into(),
        party_type: "INDIVIDUAL".into(),
        role: "REPRESENTATIVE".into(),
        name: "Rita Representante".into(),
        tax_id: "529.982.247-25".into(),
        birth_date: "1985-07-10".into(),
        email: "rita@example.com".into(),
        address: desk_core::wizard::model::AddressForm {
            country: "BRA".into(),
            line1: "Rua B, 2".into(),
            city: "Rio".into(),
            state: "RJ".into(),
            postal_code: "20000-000".into(),
            ..Default::default()
        },
        identity_document: "PASSPORT".into(),
        ..Default::default()
    }];
}

/// A business (CNPJ ending in 2, so its first verification ends in RFI) onboarded
/// through the wizard with one proof of address (the picker's next file) and sent to
/// verification, once the customer is in RFI. Returns (draft id, customer id).
pub async fn business_in_rfi(desk: &desk_core::desk::Desk) -> (String, String) {
    use desk_core::locale::Language::En;
    let wizard = desk.wizard();
    let mut draft = wizard
        .draft_new(desk_core::wizard::model::CustomerKind::Business, En)
        .unwrap()
        .draft;
    fill_business(&mut draft, &cnpj_ending(2));
    wizard.draft_save(draft.clone(), En).unwrap();
    let id = wizard
        .wizard_create_customer(&draft.id, None, En)
        .await
        .unwrap()
        .draft
        .customer_id
        .unwrap();
    desk.customers().local_accept_terms(&id).await.unwrap();
    wizard
        .wizard_send_additional(&draft.id, None, En)
        .await
        .unwrap();
    wizard
        .wizard_send_party(&draft.id, "rep", None, En)
        .await
        .unwrap();
    let slot = "customer:PROOF_OF_ADDRESS";
    wizard
        .document_pick(&draft.id, slot, "p".into(), En)
        .await
        .unwrap();
    wizard
        .document_upload(&draft.id, slot, None, En, |_| {})
        .await
        .unwrap();
    start_verification_until(desk, &id, "RFI").await;
    (draft.id, id)
}

/// Starts the customer's verification through the API and polls the RFI view (as the app
/// does) until the sandbox has decided `status`.
pub async fn start_verification_until(
    desk: &desk_core::desk::Desk,
    id: &str,
    status: &str,
) -> desk_core::rfi::RfiView {
    desk.session()
        .current_client()
        .await
        .unwrap()
        .start_verification(
            id.parse().unwrap(),
            &lumx::models::StartVerification::default(),
            None,
        )
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let view = desk.rfi().rfi_view(id).await.unwrap();
        if view.status == status {
            return view;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the customer reached {status}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
