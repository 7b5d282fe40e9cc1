//! Bad input is refused before anything leaves. This is a corpus of bad field values
//! (customer, additional information and associated parties, for individuals and
//! businesses, and manual uploads) and bad files (empty, 50 MB + 1 byte, wrong magic
//! bytes, wrong extension, unreadable, a folder, a FIFO, a device, gone or changed after
//! picking, links to a secret in another folder, tokens the picker never issued).
//!
//! Every case goes through Lumx Desk's own operations, against the embedded sandbox over
//! HTTP, once in English and once in pt-BR. Each case must be refused with a message that
//! names the field or the file problem, and the sandbox must see no request and no new
//! entity. The cases are printed as a markdown table and, when `LUMX_FIGURES_DIR` is set,
//! written to `$LUMX_FIGURES_DIR/bad-input-corpus.md`.
//!
//! This test runs on Linux only, because the corpus needs FIFOs, symlinks and
//! setfsuid(2) (an unreadable file when the tests run as root).
#![cfg(target_os = "linux")]

mod common;

use std::ffi::CString;
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use common::{cnpj_ending, cpf_ending};
use desk_core::desk::Desk;
use desk_core::drafts::DraftStore;
use desk_core::error::{DeskError, FieldError};
use desk_core::files::{FilePicker, MAX_DOCUMENT_BYTES};
use desk_core::local_sandbox::LocalSandbox;
use desk_core::locale::Language;
use desk_core::onboarding::ManualUpload;
use desk_core::secrets::MemoryStore;
use desk_core::settings::SettingsFile;
use desk_core::stores::Stores;
use desk_core::wizard::model::{AddressForm, CustomerKind, KeyValueField, PartyForm};
use desk_core::wizard::view::DraftView;
use tempfile::TempDir;

const TITLE: &str = "Pick a document";
const LANGS: [Language; 2] = [Language::En, Language::PtBr];
const EN: Language = Language::En;
/// Slots of the individual draft, one per purpose. A case that wrongly succeeded can
/// only leave a file in its own slot.
const PICK_SLOT: &str = "customer:PROOF_OF_ADDRESS";
const UPLOAD_SLOT: &str = "customer:ID_CARD:FRONT_SIDE";
const ASSIGN_SLOT: &str = "customer:ID_CARD:BACK_SIDE";
const EMPTY_SLOT: &str = "customer:SELFIE";
/// Only the slot-country cases set this slot's country, so no other case inherits it.
const COUNTRY_SLOT: &str = "customer:BANK_STATEMENT";
const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
const NOBODY: libc::uid_t = 65534;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

// ------------------------------------------------------------------------- the corpus

/// What a refusal must look like. `field` is the field path the error must name (`None`
/// for dropped files, whose only channel is the message). `en` and `pt` are keywords
/// that the message naming the problem must contain, in each language.
struct Expect {
    code: &'static str,
    field: Option<&'static str>,
    en: &'static str,
    pt: &'static str,
}

const fn field(path: &'static str, (en, pt): (&'static str, &'static str)) -> Expect {
    Expect {
        code: "validation",
        field: Some(path),
        en,
        pt,
    }
}

const fn file((en, pt): (&'static str, &'static str)) -> Expect {
    Expect {
        code: "file",
        field: Some("file"),
        en,
        pt,
    }
}

const fn dropped((en, pt): (&'static str, &'static str)) -> Expect {
    Expect {
        code: "file",
        field: None,
        en,
        pt,
    }
}

// Keywords, written independently of the code's catalogue: each must identify its problem.
const CPF_DIGITS: (&str, &str) = (
    "CPF check digits do not match",
    "verificadores do CPF não conferem",
);
const CPF_SAME: (&str, &str) = ("all its digits are the same", "todos os dígitos são iguais");
const CPF_FORMAT: (&str, &str) = ("A CPF has 11 digits", "O CPF tem 11 dígitos");
const CNPJ_DIGITS: (&str, &str) = (
    "CNPJ check digits do not match",
    "verificadores do CNPJ não conferem",
);
const CNPJ_SAME: (&str, &str) = ("not a valid CNPJ", "Este CNPJ não é válido");
const CNPJ_FORMAT: (&str, &str) = ("A CNPJ has 14 characters", "O CNPJ tem 14 caracteres");
const TAX_ID_FORMAT: (&str, &str) = ("3 to 40 characters", "de 3 a 40 caracteres");
const DATE_NOT_REAL: (&str, &str) = ("does not exist in the calendar", "não existe no calendário");
const DATE_FORMAT: (&str, &str) = ("YYYY-MM-DD", "AAAA-MM-DD");
const DATE_FUTURE: (&str, &str) = ("cannot be in the future", "não pode estar no futuro");
const MINOR: (&str, &str) = ("at least 18 years old", "pelo menos 18 anos");
const TOO_OLD: (&str, &str) = ("more than 120 years ago", "mais de 120 anos");
const EMAIL: (&str, &str) = ("valid email address", "e-mail válido");
const PHONE: (&str, &str) = ("international format", "formato internacional");
const PHONE_BR: (&str, &str) = (
    "not a valid phone number for Brazil (+55)",
    "telefone válido para o país Brasil (+55)",
);
const HIDDEN: (&str, &str) = (
    "invisible or control characters",
    "caracteres invisíveis ou de controle",
);
const COUNTRY: (&str, &str) = ("3-letter ISO code", "código ISO de 3 letras");
const COUNTRY_CASE: (&str, &str) = ("capital letters", "letras maiúsculas");
const ENUM: (&str, &str) = ("one of the options", "uma das opções");
const NONE_ALONE: (&str, &str) = ("cannot be combined", "não pode ser combinada");
const REQUIRED: (&str, &str) = ("This field is required", "Este campo é obrigatório");
const TOO_LONG: (&str, &str) = ("too long", "longo demais");
const DUPLICATE: (&str, &str) = ("used twice", "aparece duas vezes");
const AMOUNT: (&str, &str) = ("digits only", "só com números");
const AMOUNT_ZERO: (&str, &str) = ("greater than zero", "maior que zero");
const URL: (&str, &str) = ("full website address", "endereço completo do site");
const CEP: (&str, &str) = ("A CEP has 8 digits", "O CEP tem 8 dígitos");
const ZIP: (&str, &str) = ("US ZIP code has 5 digits", "ZIP code dos EUA tem 5 dígitos");
const PERCENT: (&str, &str) = (
    "greater than 0 and at most 100",
    "maior que 0 e no máximo 100",
);
const UBO_25: (&str, &str) = ("owns at least 25 %", "detém pelo menos 25 %");
const COMPANY_ROLE: (&str, &str) = ("can only be a shareholder", "só pode ser sócia");
const SHARES_100: (&str, &str) = ("add up to more than 100 %", "somam mais de 100 %");
const PARENT: (&str, &str) = ("not in this onboarding", "não está neste onboarding");
const EMPTY: (&str, &str) = ("empty (0 bytes)", "vazio (0 bytes)");
const TOO_BIG: (&str, &str) = (
    "is 50.1 MB and the limit is 50 MB",
    "tem 50,1 MB e o limite é 50 MB",
);
const WRONG_TYPE: (&str, &str) = ("not a PDF, JPEG or PNG", "não é um PDF, JPEG ou PNG");
const PNG_AS_PDF: (&str, &str) = (
    "named .pdf but its content is a PNG",
    "se chama .pdf, mas o conteúdo é PNG",
);
const PDF_AS_JPG: (&str, &str) = (
    "named .jpg but its content is a PDF",
    "se chama .jpg, mas o conteúdo é PDF",
);
const JPEG_AS_PNG: (&str, &str) = (
    "named .png but its content is a JPEG",
    "se chama .png, mas o conteúdo é JPEG",
);
const NO_EXTENSION: (&str, &str) = ("has no extension", "não tem extensão");
const NOT_REGULAR: (&str, &str) = ("not a regular file", "não é um arquivo comum");
// The OS's own words prove that the file itself, not a folder on the way, was refused.
const UNREADABLE: (&str, &str) = (
    "could not be read (Permission denied",
    "Não foi possível ler o arquivo (Permission denied",
);
const VANISHED: (&str, &str) = (
    "no longer where it was picked",
    "não está mais onde foi escolhido",
);
const CHANGED: (&str, &str) = (
    "changed after it was picked",
    "alterado depois de escolhido",
);
const UNKNOWN_TOKEN: (&str, &str) = (
    "selection is no longer valid",
    "seleção de arquivo não é mais válida",
);
const LINK_OUT: (&str, &str) = (
    "a link to a file in another folder (",
    "para um arquivo em outra pasta (",
);
const PICK_FIRST: (&str, &str) = (
    "Pick the file for this document first",
    "Escolha primeiro o arquivo deste documento",
);

/// How the operation under test gets its file or token.
#[derive(Clone, Copy)]
enum Via {
    /// `document_pick` into a slot, then `document_upload` of the slot.
    Upload,
    /// `pick` for a token, then `manual_upload` with it.
    Manual,
    /// `pick` for a token, then `document_assign` of it to a slot.
    Assign,
}

#[derive(Clone, Copy)]
enum Forged {
    RandomUuid,
    /// A real, valid document, named by its path instead of a token.
    RawPath,
    /// Issued by the picker of another `Desk` (another app run).
    OtherSession,
}

enum Op {
    /// A fresh draft filled with valid data, then `edit`, then `wizard_create_customer`.
    CreateCustomer(CustomerKind, fn(&mut DraftView)),
    /// The draft whose customer exists, with valid additional information, then `edit`,
    /// then `wizard_send_additional`.
    SendAdditional(CustomerKind, fn(&mut DraftView)),
    /// The business draft's parties start as one valid representative. Then `edit`
    /// changes or adds parties, and the last party is sent (`wizard_send_party`).
    SendParty(fn(&mut Vec<PartyForm>)),
    /// A valid picked document, sent by `manual_upload` with `edit`ed fields.
    ManualFields(fn(&mut ManualUpload)),
    /// The file that `make` builds in the case's folder is picked into a slot.
    Pick(fn(&Path) -> PathBuf),
    /// The same, dropped on the window (`register_dropped`).
    Drop(fn(&Path) -> PathBuf),
    /// A valid PDF is picked, then `change` happens to it, then it is sent `via`.
    AfterPick(fn(&Path), Via),
    /// A token that the picker never issued in this session.
    Token(Forged, Via),
    /// `document_upload` of a slot where nothing was picked.
    NothingPicked,
    /// A valid PDF picked into [`COUNTRY_SLOT`], whose issuing country is set to this.
    SlotCountry(&'static str),
}

struct Case {
    category: &'static str,
    name: &'static str,
    op: Op,
    expect: Expect,
    /// Run the refused operation on a thread that reads files as `nobody`. The file the
    /// case prepares must be unreadable there.
    as_nobody: bool,
}

fn case(category: &'static str, name: &'static str, op: Op, expect: Expect) -> Case {
    Case {
        category,
        name,
        op,
        expect,
        as_nobody: false,
    }
}

fn years_from_now(years: i32) -> String {
    format!(
        "{}-01-01",
        desk_core::validation::today_utc().year() + years
    )
}

// One case per line reads as a table; rustfmt would spread each over a dozen lines.
#[rustfmt::skip]
fn corpus() -> Vec<Case> {
    use CustomerKind::{Business, Individual};
    use Op::*;
    const IND: &str = "customer (individual)";
    const BIZ: &str = "customer (business)";
    const ADD_IND: &str = "additional information (individual)";
    const ADD_BIZ: &str = "additional information (business)";
    const PARTY: &str = "associated party";
    const MANUAL: &str = "manual upload fields";
    const SLOT: &str = "wizard slot country";
    const PICKED: &str = "file picked";
    const DROPPED: &str = "file dropped";
    const CHANGED_AFTER: &str = "file gone or changed after picking";
    const TOKEN: &str = "token the picker never issued";

    vec![
        // --- customer, individual
        case(IND, "CPF with wrong check digits", CreateCustomer(Individual, |d| d.customer.tax_id = "529.982.247-24".into()), field("customer.taxId", CPF_DIGITS)),
        case(IND, "CPF with all digits the same", CreateCustomer(Individual, |d| d.customer.tax_id = "111.111.111-11".into()), field("customer.taxId", CPF_SAME)),
        case(IND, "CPF one digit short", CreateCustomer(Individual, |d| d.customer.tax_id = "529.982.247-2".into()), field("customer.taxId", CPF_FORMAT)),
        case(IND, "CPF one digit too many", CreateCustomer(Individual, |d| d.customer.tax_id = "529.982.247-255".into()), field("customer.taxId", CPF_FORMAT)),
        case(IND, "CPF with a letter", CreateCustomer(Individual, |d| d.customer.tax_id = "529.982.24A-25".into()), field("customer.taxId", CPF_FORMAT)),
        case(IND, "CPF with stray symbols", CreateCustomer(Individual, |d| d.customer.tax_id = "529*982*247-25".into()), field("customer.taxId", CPF_FORMAT)),
        case(IND, "tax id missing", CreateCustomer(Individual, |d| d.customer.tax_id = " ".into()), field("customer.taxId", REQUIRED)),
        case(IND, "foreign tax id too short", CreateCustomer(Individual, |d| { d.customer.country = "USA".into(); d.customer.tax_id = "12".into() }), field("customer.taxId", TAX_ID_FORMAT)),
        case(IND, "birth date 2023-02-29", CreateCustomer(Individual, |d| d.customer.birth_date = "2023-02-29".into()), field("customer.birthDate", DATE_NOT_REAL)),
        case(IND, "birth date 2024-13-01", CreateCustomer(Individual, |d| d.customer.birth_date = "2024-13-01".into()), field("customer.birthDate", DATE_NOT_REAL)),
        case(IND, "birth date 1990-04-31", CreateCustomer(Individual, |d| d.customer.birth_date = "1990-04-31".into()), field("customer.birthDate", DATE_NOT_REAL)),
        case(IND, "birth date as DD/MM/YYYY", CreateCustomer(Individual, |d| d.customer.birth_date = "01/05/1990".into()), field("customer.birthDate", DATE_FORMAT)),
        case(IND, "birth date without zero padding", CreateCustomer(Individual, |d| d.customer.birth_date = "1990-5-1".into()), field("customer.birthDate", DATE_FORMAT)),
        case(IND, "birth date in words", CreateCustomer(Individual, |d| d.customer.birth_date = "yesterday".into()), field("customer.birthDate", DATE_FORMAT)),
        case(IND, "birth date in the future", CreateCustomer(Individual, |d| d.customer.birth_date = years_from_now(1)), field("customer.birthDate", DATE_FUTURE)),
        case(IND, "a minor (10 years old)", CreateCustomer(Individual, |d| d.customer.birth_date = years_from_now(-10)), field("customer.birthDate", MINOR)),
        case(IND, "born in 1850", CreateCustomer(Individual, |d| d.customer.birth_date = "1850-01-01".into()), field("customer.birthDate", TOO_OLD)),
        case(IND, "email without @", CreateCustomer(Individual, |d| d.customer.email = "ana.example.com".into()), field("customer.email", EMAIL)),
        case(IND, "email with a space", CreateCustomer(Individual, |d| d.customer.email = "ana souza@example.com".into()), field("customer.email", EMAIL)),
        case(IND, "email with double dots in the domain", CreateCustomer(Individual, |d| d.customer.email = "ana@example..com".into()), field("customer.email", EMAIL)),
        case(IND, "email with double dots before @", CreateCustomer(Individual, |d| d.customer.email = "ana..souza@example.com".into()), field("customer.email", EMAIL)),
        case(IND, "email without a top-level domain", CreateCustomer(Individual, |d| d.customer.email = "ana@example".into()), field("customer.email", EMAIL)),
        case(IND, "email with two @", CreateCustomer(Individual, |d| d.customer.email = "ana@@example.com".into()), field("customer.email", EMAIL)),
        case(IND, "email missing", CreateCustomer(Individual, |d| d.customer.email = String::new()), field("customer.email", REQUIRED)),
        case(IND, "country as 2 letters (BR)", CreateCustomer(Individual, |d| d.customer.country = "BR".into()), field("customer.country", COUNTRY)),
        case(IND, "country as a name (Brasil)", CreateCustomer(Individual, |d| d.customer.country = "Brasil".into()), field("customer.country", COUNTRY)),
        case(IND, "country in lowercase (bra)", CreateCustomer(Individual, |d| d.customer.country = "bra".into()), field("customer.country", COUNTRY_CASE)),
        case(IND, "unknown currency (BTC)", CreateCustomer(Individual, |d| d.customer.currencies = vec!["BTC".into()]), field("customer.currencies", ENUM)),
        case(IND, "no currency", CreateCustomer(Individual, |d| d.customer.currencies.clear()), field("customer.currencies", REQUIRED)),
        case(IND, "name missing", CreateCustomer(Individual, |d| d.customer.name = "   ".into()), field("customer.name", REQUIRED)),
        case(IND, "name with a right-to-left override (U+202E)", CreateCustomer(Individual, |d| d.customer.name = "Ana \u{202E}azuoS".into()), field("customer.name", HIDDEN)),
        case(IND, "name with a zero-width space (U+200B)", CreateCustomer(Individual, |d| d.customer.name = "Ana\u{200B} Souza".into()), field("customer.name", HIDDEN)),
        case(IND, "name with a NUL", CreateCustomer(Individual, |d| d.customer.name = "Ana\u{0} Souza".into()), field("customer.name", HIDDEN)),
        case(IND, "name with a byte-order mark (U+FEFF)", CreateCustomer(Individual, |d| d.customer.name = "\u{FEFF}Ana Souza".into()), field("customer.name", HIDDEN)),
        case(IND, "name with a left-to-right mark (U+200E, format)", CreateCustomer(Individual, |d| d.customer.name = "Ana\u{200E} Souza".into()), field("customer.name", HIDDEN)),
        case(IND, "metadata value with a bidi isolate (U+2067)", CreateCustomer(Individual, |d| d.customer.metadata = vec![kv("externalId", "\u{2067}42")]), field("customer.metadata", HIDDEN)),
        case(IND, "email with a zero-width space before @", CreateCustomer(Individual, |d| d.customer.email = "ana\u{200B}@example.com".into()), field("customer.email", HIDDEN)),
        case(IND, "name of 501 characters", CreateCustomer(Individual, |d| d.customer.name = "A".repeat(501)), field("customer.name", TOO_LONG)),
        case(IND, "metadata key used twice", CreateCustomer(Individual, |d| d.customer.metadata = vec![kv("externalId", "1"), kv("externalId", "2")]), field("customer.metadata", DUPLICATE)),
        case(IND, "metadata value without a key", CreateCustomer(Individual, |d| d.customer.metadata = vec![kv(" ", "orphan")]), field("customer.metadata", REQUIRED)),
        // --- customer, business
        case(BIZ, "CNPJ with wrong check digits", CreateCustomer(Business, |d| d.customer.tax_id = "11.222.333/0001-82".into()), field("customer.taxId", CNPJ_DIGITS)),
        case(BIZ, "CNPJ with all digits the same", CreateCustomer(Business, |d| d.customer.tax_id = "11.111.111/1111-11".into()), field("customer.taxId", CNPJ_SAME)),
        case(BIZ, "CNPJ one digit short", CreateCustomer(Business, |d| d.customer.tax_id = "11.222.333/0001-8".into()), field("customer.taxId", CNPJ_FORMAT)),
        case(BIZ, "a CPF where a CNPJ belongs", CreateCustomer(Business, |d| d.customer.tax_id = "529.982.247-25".into()), field("customer.taxId", CNPJ_FORMAT)),
        case(BIZ, "CNPJ with a letter in the check digits", CreateCustomer(Business, |d| d.customer.tax_id = "11.222.333/0001-8A".into()), field("customer.taxId", CNPJ_FORMAT)),
        case(BIZ, "incorporation date in the future", CreateCustomer(Business, |d| d.customer.incorporation_date = years_from_now(1)), field("customer.incorporationDate", DATE_FUTURE)),
        case(BIZ, "incorporation date 2023-02-29", CreateCustomer(Business, |d| d.customer.incorporation_date = "2023-02-29".into()), field("customer.incorporationDate", DATE_NOT_REAL)),
        case(BIZ, "incorporation date as DD/MM/YYYY", CreateCustomer(Business, |d| d.customer.incorporation_date = "10/03/2015".into()), field("customer.incorporationDate", DATE_FORMAT)),
        case(BIZ, "legal name missing", CreateCustomer(Business, |d| d.customer.legal_name = String::new()), field("customer.legalName", REQUIRED)),
        case(BIZ, "legal name inside a left-to-right isolate (U+2066..U+2069)", CreateCustomer(Business, |d| d.customer.legal_name = "\u{2066}Padaria Estrela\u{2069} Ltda".into()), field("customer.legalName", HIDDEN)),
        case(BIZ, "legal name with a C1 control (U+009B)", CreateCustomer(Business, |d| d.customer.legal_name = "Padaria\u{9B}Estrela".into()), field("customer.legalName", HIDDEN)),
        case(BIZ, "email without a top-level domain", CreateCustomer(Business, |d| d.customer.email = "fin@estrela".into()), field("customer.email", EMAIL)),
        // --- additional information, individual
        case(ADD_IND, "phone too short", SendAdditional(Individual, |d| d.additional.phone = "+55 119".into()), field("additional.phone", PHONE)),
        case(ADD_IND, "phone too long", SendAdditional(Individual, |d| d.additional.phone = "+55 11 99999-9999-99999".into()), field("additional.phone", PHONE)),
        case(ADD_IND, "phone with letters", SendAdditional(Individual, |d| d.additional.phone = "+55 11 9999-ABCD".into()), field("additional.phone", PHONE)),
        case(ADD_IND, "phone without +country code", SendAdditional(Individual, |d| d.additional.phone = "(11) 99999-9999".into()), field("additional.phone", PHONE)),
        case(ADD_IND, "phone with country code 0", SendAdditional(Individual, |d| d.additional.phone = "+0 11 99999-9999".into()), field("additional.phone", PHONE)),
        case(ADD_IND, "Brazilian mobile without its 9 (8 digits)", SendAdditional(Individual, |d| d.additional.phone = "+55 11 9999-9999".into()), field("additional.phone", PHONE_BR)),
        case(ADD_IND, "Brazilian phone with no such area code (20)", SendAdditional(Individual, |d| d.additional.phone = "+55 20 96123-4567".into()), field("additional.phone", PHONE_BR)),
        case(ADD_IND, "first name with a zero-width joiner (U+200D)", SendAdditional(Individual, |d| d.additional.first_name = "A\u{200D}na".into()), field("additional.firstName", HIDDEN)),
        case(ADD_IND, "middle name with a right-to-left embedding (U+202B)", SendAdditional(Individual, |d| d.additional.middle_name = "\u{202B}Beatriz".into()), field("additional.middleName", HIDDEN)),
        case(ADD_IND, "last name with a word joiner (U+2060)", SendAdditional(Individual, |d| d.additional.last_name = "Sou\u{2060}za".into()), field("additional.lastName", HIDDEN)),
        case(ADD_IND, "occupation with a BEL control", SendAdditional(Individual, |d| d.additional.professional_occupation = "Engineer\u{7}".into()), field("additional.professionalOccupation", HIDDEN)),
        case(ADD_IND, "address line 1 with a line feed", SendAdditional(Individual, |d| d.additional.address.line1 = "Av. Paulista\n1000".into()), field("additional.address.line1", HIDDEN)),
        case(ADD_IND, "address line 2 with a right-to-left override", SendAdditional(Individual, |d| d.additional.address.line2 = "apto \u{202E}21".into()), field("additional.address.line2", HIDDEN)),
        case(ADD_IND, "city with a byte-order mark", SendAdditional(Individual, |d| d.additional.address.city = "São\u{FEFF} Paulo".into()), field("additional.address.city", HIDDEN)),
        case(ADD_IND, "state with an escape control", SendAdditional(Individual, |d| d.additional.address.state = "S\u{1B}P".into()), field("additional.address.state", HIDDEN)),
        case(ADD_IND, "unknown sourceOfFunds", SendAdditional(Individual, |d| d.additional.source_of_funds = "LOTTERY".into()), field("additional.sourceOfFunds", ENUM)),
        case(ADD_IND, "a business sourceOfFunds", SendAdditional(Individual, |d| d.additional.source_of_funds = "COMPANY".into()), field("additional.sourceOfFunds", ENUM)),
        case(ADD_IND, "unknown professionalSituation", SendAdditional(Individual, |d| d.additional.professional_situation = "ASTRONAUT".into()), field("additional.professionalSituation", ENUM)),
        case(ADD_IND, "professionalSituation in lowercase", SendAdditional(Individual, |d| d.additional.professional_situation = "employee".into()), field("additional.professionalSituation", ENUM)),
        case(ADD_IND, "address country not ISO alpha-3", SendAdditional(Individual, |d| d.additional.address.country = "BR".into()), field("additional.address.country", COUNTRY)),
        case(ADD_IND, "unknown jurisdiction", SendAdditional(Individual, |d| d.additional.jurisdictions = vec!["MARS".into()]), field("additional.jurisdictions", ENUM)),
        case(ADD_IND, "NONE with GAMBLING", SendAdditional(Individual, |d| d.additional.involved_activities = vec!["NONE".into(), "GAMBLING".into()]), field("additional.involvedActivities", NONE_ALONE)),
        case(ADD_IND, "no involved activity", SendAdditional(Individual, |d| d.additional.involved_activities.clear()), field("additional.involvedActivities", REQUIRED)),
        case(ADD_IND, "unknown counterparty", SendAdditional(Individual, |d| d.additional.transaction_counterparties = vec!["STRANGERS".into()]), field("additional.transactionCounterparties", ENUM)),
        case(ADD_IND, "volume with thousands separator", SendAdditional(Individual, |d| d.additional.monthly_volume_in_usd = "5,000.00".into()), field("additional.monthlyVolumeInUSD", AMOUNT)),
        case(ADD_IND, "negative volume", SendAdditional(Individual, |d| d.additional.monthly_volume_in_usd = "-100".into()), field("additional.monthlyVolumeInUSD", AMOUNT)),
        case(ADD_IND, "zero volume", SendAdditional(Individual, |d| d.additional.transaction_volume_in_usd = "0".into()), field("additional.transactionVolumeInUSD", AMOUNT_ZERO)),
        case(ADD_IND, "first name missing", SendAdditional(Individual, |d| d.additional.first_name = String::new()), field("additional.firstName", REQUIRED)),
        case(ADD_IND, "city missing", SendAdditional(Individual, |d| d.additional.address.city = " ".into()), field("additional.address.city", REQUIRED)),
        case(ADD_IND, "CEP with letters", SendAdditional(Individual, |d| d.additional.address.postal_code = "ABC-123".into()), field("additional.address.postalCode", CEP)),
        case(ADD_IND, "US address with a non-ZIP code", SendAdditional(Individual, |d| { d.additional.address.country = "USA".into(); d.additional.address.postal_code = "01310-100".into() }), field("additional.address.postalCode", ZIP)),
        // --- additional information, business
        case(ADD_BIZ, "unknown companyType", SendAdditional(Business, |d| d.additional.company_type = "BAKERY".into()), field("additional.companyType", ENUM)),
        case(ADD_BIZ, "an individual sourceOfFunds", SendAdditional(Business, |d| d.additional.source_of_funds = "EMPLOYMENT".into()), field("additional.sourceOfFunds", ENUM)),
        case(ADD_BIZ, "website without scheme", SendAdditional(Business, |d| d.additional.website = "www.estrela.com.br".into()), field("additional.website", URL)),
        case(ADD_BIZ, "website without a domain", SendAdditional(Business, |d| d.additional.website = "https://estrela".into()), field("additional.website", URL)),
        case(ADD_BIZ, "revenue in Brazilian notation", SendAdditional(Business, |d| d.additional.annual_revenue = "1.000.000,00".into()), field("additional.annualRevenue", AMOUNT)),
        case(ADD_BIZ, "zero monthly volume", SendAdditional(Business, |d| d.additional.monthly_transaction_volume = "0.00".into()), field("additional.monthlyTransactionVolume", AMOUNT_ZERO)),
        case(ADD_BIZ, "compliance and AML missing", SendAdditional(Business, |d| d.additional.compliance_and_aml = String::new()), field("additional.complianceAndAML", REQUIRED)),
        case(ADD_BIZ, "regulated without details", SendAdditional(Business, |d| d.additional.is_regulated_activity = true), field("additional.regulatedActivityDetails", REQUIRED)),
        case(ADD_BIZ, "DRUGS with NONE", SendAdditional(Business, |d| d.additional.involved_activities = vec!["DRUGS".into(), "NONE".into()]), field("additional.involvedActivities", NONE_ALONE)),
        case(ADD_BIZ, "compliance text with a right-to-left override", SendAdditional(Business, |d| d.additional.compliance_and_aml = "KYC on \u{202E}every merchant".into()), field("additional.complianceAndAML", HIDDEN)),
        case(ADD_BIZ, "services text with a NUL", SendAdditional(Business, |d| d.additional.services_provided = "Pay\u{0}ments".into()), field("additional.servicesProvided", HIDDEN)),
        case(ADD_BIZ, "website with a right-to-left override in its path", SendAdditional(Business, |d| d.additional.website = "https://estrela.com.br/\u{202E}fdp.exe".into()), field("additional.website", HIDDEN)),
        case(ADD_BIZ, "Rio landline missing a digit", SendAdditional(Business, |d| d.additional.phone = "+55 21 300-0000".into()), field("additional.phone", PHONE_BR)),
        case(ADD_BIZ, "phone without +country code", SendAdditional(Business, |d| d.additional.phone = "(21) 3000-0000".into()), field("additional.phone", PHONE)),
        // --- associated parties
        case(PARTY, "CPF with wrong check digits", SendParty(|p| p[0].tax_id = "529.982.247-24".into()), field("parties[0].taxId", CPF_DIGITS)),
        case(PARTY, "CPF with all digits the same", SendParty(|p| p[0].tax_id = "000.000.000-00".into()), field("parties[0].taxId", CPF_SAME)),
        case(PARTY, "a minor", SendParty(|p| p[0].birth_date = years_from_now(-17)), field("parties[0].birthDate", MINOR)),
        case(PARTY, "birth date 2023-02-29", SendParty(|p| p[0].birth_date = "2023-02-29".into()), field("parties[0].birthDate", DATE_NOT_REAL)),
        case(PARTY, "email without @", SendParty(|p| p[0].email = "rita.example.com".into()), field("parties[0].email", EMAIL)),
        case(PARTY, "unknown identity document", SendParty(|p| p[0].identity_document = "LIBRARY_CARD".into()), field("parties[0].identityDocument", ENUM)),
        case(PARTY, "address country as a name", SendParty(|p| p[0].address.country = "Brazil".into()), field("parties[0].address.country", COUNTRY)),
        case(PARTY, "name missing", SendParty(|p| p[0].name = String::new()), field("parties[0].name", REQUIRED)),
        case(PARTY, "name with a right-to-left override", SendParty(|p| p[0].name = "Rita \u{202E}etnatneserpeR".into()), field("parties[0].name", HIDDEN)),
        case(PARTY, "address city with a zero-width joiner", SendParty(|p| p[0].address.city = "Rio\u{200D} de Janeiro".into()), field("parties[0].address.city", HIDDEN)),
        case(PARTY, "company legal name with a zero-width space", SendParty(|p| p.push(PartyForm { legal_name: "Holding\u{200B} Estrela".into(), ..company("h", "40") })), field("parties[1].legalName", HIDDEN)),
        case(PARTY, "email with a soft hyphen (U+00AD)", SendParty(|p| p[0].email = "ri\u{AD}ta@example.com".into()), field("parties[0].email", HIDDEN)),
        case(PARTY, "CEP of 4 digits", SendParty(|p| p[0].address.postal_code = "2000".into()), field("parties[0].address.postalCode", CEP)),
        case(PARTY, "unknown role (CEO)", SendParty(|p| p[0].role = "CEO".into()), field("parties[0].role", ENUM)),
        case(PARTY, "unknown party type", SendParty(|p| p[0].party_type = "ROBOT".into()), field("parties[0].partyType", ENUM)),
        case(PARTY, "ownership of 150 %", SendParty(|p| p.push(person("s", "SHAREHOLDER", "150"))), field("parties[1].ownershipPercentage", PERCENT)),
        case(PARTY, "negative ownership", SendParty(|p| p.push(person("s", "SHAREHOLDER", "-10"))), field("parties[1].ownershipPercentage", PERCENT)),
        case(PARTY, "ownership of 0 %", SendParty(|p| p.push(person("s", "SHAREHOLDER", "0"))), field("parties[1].ownershipPercentage", PERCENT)),
        case(PARTY, "ownership not a number", SendParty(|p| p.push(person("s", "SHAREHOLDER", "abc"))), field("parties[1].ownershipPercentage", PERCENT)),
        case(PARTY, "UBO owning 10 %", SendParty(|p| p.push(person("u", "UBO", "10"))), field("parties[1].ownershipPercentage", UBO_25)),
        case(PARTY, "UBO without a percentage", SendParty(|p| p.push(person("u", "UBO", ""))), field("parties[1].ownershipPercentage", UBO_25)),
        case(PARTY, "a company as UBO", SendParty(|p| p.push(PartyForm { role: "UBO".into(), ..company("h", "40") })), field("parties[1].role", COMPANY_ROLE)),
        case(PARTY, "shares over 100 % under one parent", SendParty(|p| { p.push(person("a", "SHAREHOLDER", "60")); p.push(person("b", "SHAREHOLDER", "50")) }), field("parties[2].ownershipPercentage", SHARES_100)),
        case(PARTY, "parent not in the draft", SendParty(|p| p.push(PartyForm { parent_local_id: Some("ghost".into()), ..person("u", "UBO", "30") })), field("parties[1].parentLocalId", PARENT)),
        case(PARTY, "company CNPJ with wrong check digits", SendParty(|p| p.push(PartyForm { tax_id: "11.444.777/0001-62".into(), ..company("h", "40") })), field("parties[1].taxId", CNPJ_DIGITS)),
        case(PARTY, "company incorporated in the future", SendParty(|p| p.push(PartyForm { incorporation_date: years_from_now(2), ..company("h", "40") })), field("parties[1].incorporationDate", DATE_FUTURE)),
        case(PARTY, "company legal name missing", SendParty(|p| p.push(PartyForm { legal_name: String::new(), ..company("h", "40") })), field("parties[1].legalName", REQUIRED)),
        // --- manual upload fields (the file itself is fine)
        case(MANUAL, "unknown document type", ManualFields(|m| m.document_type = "PAYSLIP".into()), field("documentType", ENUM)),
        case(MANUAL, "ID card without a side", ManualFields(|m| m.document_type = "ID_CARD".into()), field("side", REQUIRED)),
        case(MANUAL, "a side on a selfie", ManualFields(|m| { m.document_type = "SELFIE".into(); m.side = Some("FRONT_SIDE".into()) }), field("side", ENUM)),
        case(MANUAL, "unknown side", ManualFields(|m| { m.document_type = "PASSPORT".into(); m.side = Some("INSIDE".into()) }), field("side", ENUM)),
        case(MANUAL, "country as 2 letters", ManualFields(|m| m.country = "BR".into()), field("country", COUNTRY)),
        case(MANUAL, "country in lowercase", ManualFields(|m| m.country = "bra".into()), field("country", COUNTRY_CASE)),
        case(MANUAL, "party id that is not an id", ManualFields(|m| m.associated_party_id = Some("rep".into())), field("associatedPartyId", ENUM)),
        // --- the issuing country of a wizard slot (a multipart field of the upload)
        case(SLOT, "country as 2 letters", SlotCountry("BR"), field("slots.customer:BANK_STATEMENT", COUNTRY)),
        case(SLOT, "country in lowercase", SlotCountry("bra"), field("slots.customer:BANK_STATEMENT", COUNTRY_CASE)),
        case(SLOT, "country that is no ISO code (XYZ)", SlotCountry("XYZ"), field("slots.customer:BANK_STATEMENT", COUNTRY)),
        case(SLOT, "country with a header injection", SlotCountry("BRA\r\nContent-Disposition: form-data; name=\"type\""), field("slots.customer:BANK_STATEMENT", COUNTRY)),
        // --- files picked in the dialog
        case(PICKED, "empty file (0 bytes)", Pick(|_| fixture("empty.pdf")), file(EMPTY)),
        case(PICKED, "50 MB + 1 byte", Pick(too_big), file(TOO_BIG)),
        case(PICKED, "ELF executable renamed .pdf", Pick(|_| fixture("program.pdf")), file(WRONG_TYPE)),
        case(PICKED, "ZIP archive renamed .pdf", Pick(zip_as_pdf), file(WRONG_TYPE)),
        case(PICKED, "plain text renamed .pdf", Pick(text_as_pdf), file(WRONG_TYPE)),
        case(PICKED, "PDF magic bytes not at the start", Pick(|dir| write(dir, "padded.pdf", &[b" ", PDF].concat())), file(WRONG_TYPE)),
        case(PICKED, "PNG named .pdf", Pick(|_| fixture("photo-renamed.pdf")), file(PNG_AS_PDF)),
        case(PICKED, "PDF named .jpg", Pick(|dir| write(dir, "id-front.jpg", PDF)), file(PDF_AS_JPG)),
        case(PICKED, "JPEG named .png", Pick(|dir| write(dir, "selfie.png", &fs::read(fixture("id-front.jpg")).unwrap())), file(JPEG_AS_PNG)),
        case(PICKED, "PDF without an extension", Pick(|dir| write(dir, "proof-of-address", PDF)), file(NO_EXTENSION)),
        Case { as_nobody: true, ..case(PICKED, "unreadable (mode 000)", Pick(unreadable), file(UNREADABLE)) },
        case(PICKED, "a folder", Pick(folder), file(NOT_REGULAR)),
        case(PICKED, "a FIFO", Pick(fifo), file(NOT_REGULAR)),
        case(PICKED, "a device (/dev/null)", Pick(|_| PathBuf::from("/dev/null")), file(NOT_REGULAR)),
        case(PICKED, "a path that does not exist", Pick(|dir| dir.join("never-existed.pdf")), file(VANISHED)),
        case(PICKED, "a dangling symlink", Pick(dangling_link), file(VANISHED)),
        case(PICKED, "symlink to a secret in another folder", Pick(link_to_secret), file(LINK_OUT)),
        case(PICKED, "relative symlink to a secret (../secret)", Pick(relative_link_to_secret), file(LINK_OUT)),
        case(PICKED, "symlink to a sibling symlink to a secret", Pick(chained_link_to_secret), file(LINK_OUT)),
        case(PICKED, "symlink into a hidden subfolder (.ssh)", Pick(link_into_hidden_subfolder), file(LINK_OUT)),
        // --- files dropped on the window
        case(DROPPED, "empty file (0 bytes)", Drop(|_| fixture("empty.pdf")), dropped(EMPTY)),
        case(DROPPED, "50 MB + 1 byte", Drop(too_big), dropped(TOO_BIG)),
        case(DROPPED, "ELF executable renamed .pdf", Drop(|_| fixture("program.pdf")), dropped(WRONG_TYPE)),
        case(DROPPED, "PNG named .pdf", Drop(|_| fixture("photo-renamed.pdf")), dropped(PNG_AS_PDF)),
        Case { as_nobody: true, ..case(DROPPED, "unreadable (mode 000)", Drop(unreadable), dropped(UNREADABLE)) },
        case(DROPPED, "a FIFO", Drop(fifo), dropped(NOT_REGULAR)),
        case(DROPPED, "symlink to a secret in another folder", Drop(link_to_secret), dropped(LINK_OUT)),
        // --- gone or changed between picking and sending
        case(CHANGED_AFTER, "deleted, then uploaded from its slot", AfterPick(delete, Via::Upload), file(VANISHED)),
        case(CHANGED_AFTER, "deleted, then sent as a manual upload", AfterPick(delete, Via::Manual), file(VANISHED)),
        case(CHANGED_AFTER, "deleted, then assigned to a slot", AfterPick(delete, Via::Assign), file(VANISHED)),
        case(CHANGED_AFTER, "renamed, then uploaded", AfterPick(rename, Via::Upload), file(VANISHED)),
        case(CHANGED_AFTER, "same size, one byte different", AfterPick(flip_a_byte, Via::Upload), file(CHANGED)),
        case(CHANGED_AFTER, "same size, one byte different (manual)", AfterPick(flip_a_byte, Via::Manual), file(CHANGED)),
        case(CHANGED_AFTER, "grew", AfterPick(grow, Via::Manual), file(CHANGED)),
        case(CHANGED_AFTER, "truncated to 0 bytes", AfterPick(truncate, Via::Upload), file(CHANGED)),
        case(CHANGED_AFTER, "replaced by a folder", AfterPick(replace_by_folder, Via::Assign), file(CHANGED)),
        case(CHANGED_AFTER, "replaced by a link to an identical copy elsewhere", AfterPick(replace_by_link, Via::Upload), file(CHANGED)),
        Case { as_nobody: true, ..case(CHANGED_AFTER, "made unreadable (mode 000)", AfterPick(make_unreadable, Via::Upload), file(UNREADABLE)) },
        // --- tokens
        case(TOKEN, "random UUID to manual_upload", Token(Forged::RandomUuid, Via::Manual), file(UNKNOWN_TOKEN)),
        case(TOKEN, "random UUID to document_assign", Token(Forged::RandomUuid, Via::Assign), file(UNKNOWN_TOKEN)),
        case(TOKEN, "raw path of a valid PDF to manual_upload", Token(Forged::RawPath, Via::Manual), file(UNKNOWN_TOKEN)),
        case(TOKEN, "raw path of a valid PDF to document_assign", Token(Forged::RawPath, Via::Assign), file(UNKNOWN_TOKEN)),
        case(TOKEN, "token from another session to manual_upload", Token(Forged::OtherSession, Via::Manual), file(UNKNOWN_TOKEN)),
        case(TOKEN, "token from another session to document_assign", Token(Forged::OtherSession, Via::Assign), file(UNKNOWN_TOKEN)),
        case(TOKEN, "document_upload of a slot with nothing picked", NothingPicked, Expect { field: Some("slots.customer:SELFIE"), ..file(PICK_FIRST) }),
    ]
}

// -------------------------------------------------------------------- file builders

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    path
}

/// Sparse: a PDF header, then a hole up to one byte over the limit.
fn too_big(dir: &Path) -> PathBuf {
    let path = dir.join("scan.pdf");
    let mut f = fs::File::create(&path).unwrap();
    f.write_all(b"%PDF-1.7\n").unwrap();
    f.set_len(MAX_DOCUMENT_BYTES + 1).unwrap();
    path
}

fn zip_as_pdf(dir: &Path) -> PathBuf {
    write(
        dir,
        "statement.pdf",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00statement.pdf",
    )
}

fn text_as_pdf(dir: &Path) -> PathBuf {
    write(
        dir,
        "contract.pdf",
        b"CONTRACT\nThis is plain text, not a PDF.\n",
    )
}

fn unreadable(dir: &Path) -> PathBuf {
    let path = write(dir, "passport.pdf", PDF);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    path
}

fn folder(dir: &Path) -> PathBuf {
    let path = dir.join("documents.pdf");
    fs::create_dir(&path).unwrap();
    path
}

fn fifo(dir: &Path) -> PathBuf {
    let path = dir.join("pipe.pdf");
    let c = CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a node.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
    path
}

fn dangling_link(dir: &Path) -> PathBuf {
    let path = dir.join("proof.pdf");
    symlink(dir.join("moved-away.pdf"), &path).unwrap();
    path
}

/// `<case>/secret/id_rsa.pdf`: valid PDF magic bytes, so only the link rule can stop it.
fn secret(dir: &Path) -> PathBuf {
    fs::create_dir_all(dir.join("secret")).unwrap();
    fs::create_dir_all(dir.join("picked")).unwrap();
    write(&dir.join("secret"), "id_rsa.pdf", PDF)
}

fn link_to_secret(dir: &Path) -> PathBuf {
    let target = secret(dir);
    let link = dir.join("picked/passport.pdf");
    symlink(target, &link).unwrap();
    link
}

fn relative_link_to_secret(dir: &Path) -> PathBuf {
    secret(dir);
    let link = dir.join("picked/passport.pdf");
    symlink("../secret/id_rsa.pdf", &link).unwrap();
    link
}

fn chained_link_to_secret(dir: &Path) -> PathBuf {
    let target = secret(dir);
    symlink(target, dir.join("picked/alias.pdf")).unwrap();
    let link = dir.join("picked/passport.pdf");
    symlink("alias.pdf", &link).unwrap();
    link
}

fn link_into_hidden_subfolder(dir: &Path) -> PathBuf {
    fs::create_dir_all(dir.join("home/.ssh")).unwrap();
    let target = write(&dir.join("home/.ssh"), "id_rsa.pdf", PDF);
    let link = dir.join("home/passport.pdf");
    symlink(target, &link).unwrap();
    link
}

fn delete(path: &Path) {
    fs::remove_file(path).unwrap();
}

fn rename(path: &Path) {
    fs::rename(path, path.with_file_name("renamed.pdf")).unwrap();
}

fn flip_a_byte(path: &Path) {
    let mut bytes = fs::read(path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    fs::write(path, bytes).unwrap();
}

fn grow(path: &Path) {
    let mut f = fs::OpenOptions::new().append(true).open(path).unwrap();
    f.write_all(b"% appended\n").unwrap();
}

fn truncate(path: &Path) {
    fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_len(0)
        .unwrap();
}

fn replace_by_folder(path: &Path) {
    fs::remove_file(path).unwrap();
    fs::create_dir(path).unwrap();
}

/// Same bytes, behind a link to another folder: the re-check still sees another file.
fn replace_by_link(path: &Path) {
    let elsewhere = path.parent().unwrap().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let copy = elsewhere.join("copy.pdf");
    fs::copy(path, &copy).unwrap();
    fs::remove_file(path).unwrap();
    symlink(&copy, path).unwrap();
}

fn make_unreadable(path: &Path) {
    fs::set_permissions(path, fs::Permissions::from_mode(0o000)).unwrap();
}

// ------------------------------------------------------------------------ valid data

fn kv(key: &str, value: &str) -> KeyValueField {
    KeyValueField {
        key: key.into(),
        value: value.into(),
    }
}

fn rio() -> AddressForm {
    AddressForm {
        country: "BRA".into(),
        line1: "Rua B, 2".into(),
        city: "Rio de Janeiro".into(),
        state: "RJ".into(),
        postal_code: "20000-000".into(),
        ..Default::default()
    }
}

fn person(local_id: &str, role: &str, pct: &str) -> PartyForm {
    PartyForm {
        local_id: local_id.into(),
        party_type: "INDIVIDUAL".into(),
        role: role.into(),
        name: "Rita Representante".into(),
        tax_id: "529.982.247-25".into(),
        birth_date: "1985-07-10".into(),
        email: "rita@example.com".into(),
        address: rio(),
        ownership_percentage: pct.into(),
        identity_document: "PASSPORT".into(),
        ..Default::default()
    }
}

fn company(local_id: &str, pct: &str) -> PartyForm {
    PartyForm {
        local_id: local_id.into(),
        party_type: "BUSINESS".into(),
        role: "SHAREHOLDER".into(),
        legal_name: "Holding Estrela S.A.".into(),
        tax_id: "11.444.777/0001-61".into(),
        incorporation_date: "2010-01-01".into(),
        email: "holding@example.com".into(),
        address: rio(),
        ownership_percentage: pct.into(),
        ..Default::default()
    }
}

/// A draft of `kind` with every field valid (the tax id decides which customer it is).
fn fill(d: &mut DraftView, kind: CustomerKind, tax_id: &str) {
    let a = &mut d.additional;
    a.address = AddressForm {
        country: "BRA".into(),
        line1: "Av. Paulista, 1000".into(),
        city: "São Paulo".into(),
        state: "SP".into(),
        postal_code: "01310-100".into(),
        ..Default::default()
    };
    a.monthly_volume_in_usd = "5000".into();
    a.transaction_volume_in_usd = "1000".into();
    a.jurisdictions = vec!["USA".into()];
    a.involved_activities = vec!["NONE".into()];
    a.is_regulated_activity = false;
    match kind {
        CustomerKind::Individual => {
            d.customer.name = "Ana Beatriz Souza".into();
            d.customer.birth_date = "1990-05-01".into();
            d.customer.email = "ana@example.com".into();
            a.phone = "+55 11 99999-9999".into();
            a.first_name = "Ana".into();
            a.middle_name.clear();
            a.last_name = "Souza".into();
            a.transaction_counterparties = vec!["SELF".into()];
            a.professional_situation = "EMPLOYEE".into();
            a.professional_occupation = "Engineer".into();
            a.source_of_funds = "EMPLOYMENT".into();
        }
        CustomerKind::Business => {
            d.customer.legal_name = "Padaria Estrela Ltda".into();
            d.customer.incorporation_date = "2015-03-10".into();
            d.customer.email = "fin@estrela.com.br".into();
            a.phone = "+55 21 3000-0000".into();
            a.transaction_counterparties = vec!["CUSTOMERS".into()];
            a.company_type = "PAYMENT_GATEWAY".into();
            a.annual_revenue = "1000000.00".into();
            a.monthly_transaction_volume = "100000.00".into();
            a.compliance_and_aml = "KYC on every merchant".into();
            a.website = "https://estrela.com.br".into();
            a.source_of_funds = "COMPANY".into();
            a.services_provided = "Payments".into();
            d.parties = vec![person("rep", "REPRESENTATIVE", "")];
        }
    }
    d.customer.tax_id = tax_id.into();
    d.customer.country = "BRA".into();
    d.customer.currencies = vec!["BRL".into()];
    d.customer.metadata.clear();
}

// ---------------------------------------------------------------------------- world

/// The dialog: answers what the test put in just before the operation opens it.
#[derive(Default)]
struct NextPick(Mutex<Option<PathBuf>>);

impl NextPick {
    fn set(&self, path: PathBuf) {
        let previous = self.0.lock().unwrap().replace(path);
        assert!(previous.is_none(), "an earlier answer was never picked");
    }
}

impl FilePicker for NextPick {
    fn pick(&self, _title: &str) -> Option<PathBuf> {
        self.0.lock().unwrap().take()
    }
}

fn new_desk(picker: Arc<NextPick>) -> Desk {
    Desk::new(
        SettingsFile::ephemeral(),
        Box::new(MemoryStore::default()),
        LocalSandbox::new(None, 0),
        Stores::new(DraftStore::in_memory().unwrap(), picker),
    )
}

struct World {
    desk: Desk,
    picker: Arc<NextPick>,
    root: TempDir,
    /// Draft ids whose customers exist in the sandbox.
    individual: String,
    business: String,
    individual_customer: String,
    other_session_token: String,
}

impl World {
    fn draft_of(&self, kind: CustomerKind) -> &str {
        match kind {
            CustomerKind::Individual => &self.individual,
            CustomerKind::Business => &self.business,
        }
    }

    async fn pick_token(&self, path: PathBuf) -> String {
        self.picker.set(path);
        self.desk
            .wizard()
            .pick(TITLE.into(), EN)
            .await
            .unwrap()
            .expect("picked")
            .token
    }

    fn manual(&self, token: String) -> ManualUpload {
        ManualUpload {
            customer_id: self.individual_customer.clone(),
            token,
            document_type: "PROOF_OF_ADDRESS".into(),
            side: None,
            associated_party_id: None,
            country: "BRA".into(),
            override_reason: None,
        }
    }
}

/// The sandbox's request counter and entity counts. They are read in process (not over
/// HTTP), so reading them is not itself a request.
#[derive(Debug, PartialEq, Eq)]
struct Seen {
    requests: u64,
    customers: usize,
    associated_parties: usize,
    documents: usize,
    accounts: usize,
    verifications_started: usize,
    idempotency_keys: usize,
}

async fn seen(desk: &Desk) -> Seen {
    let s = desk
        .session()
        .local_sandbox()
        .handle()
        .await
        .unwrap()
        .stats();
    Seen {
        requests: s.requests,
        customers: s.customers,
        associated_parties: s.associated_parties,
        documents: s.documents,
        accounts: s.accounts,
        verifications_started: s.verifications_started,
        idempotency_keys: s.idempotency_keys,
    }
}

async fn world() -> World {
    let picker = Arc::new(NextPick::default());
    let desk = new_desk(picker.clone());
    let root = TempDir::new().unwrap();
    // `nobody` must be able to reach the case folders, so that an unreadable file is
    // refused for its own mode and not for a folder on the way.
    fs::set_permissions(root.path(), fs::Permissions::from_mode(0o755)).unwrap();

    let before = seen(&desk).await;
    let mut ids = Vec::new();
    for (kind, tax_id) in [
        (CustomerKind::Individual, cpf_ending(4)),
        (CustomerKind::Business, cnpj_ending(4)),
    ] {
        let mut draft = desk.wizard().draft_new(kind, EN).unwrap().draft;
        fill(&mut draft, kind, &tax_id);
        let state = desk.wizard().draft_save(draft.clone(), EN).unwrap();
        assert!(
            state.errors.is_empty(),
            "valid baseline: {:?}",
            state.errors
        );
        let created = desk
            .wizard()
            .wizard_create_customer(&draft.id, None, EN)
            .await
            .unwrap();
        ids.push((draft.id, created.draft.customer_id.unwrap()));
    }
    // The control: valid input does reach the sandbox, so a still counter means something.
    let after = seen(&desk).await;
    assert!(
        after.requests >= before.requests + 2,
        "{before:?} -> {after:?}"
    );
    assert_eq!(after.customers, before.customers + 2);

    let other_picker = Arc::new(NextPick::default());
    let other = new_desk(other_picker.clone());
    other_picker.set(fixture("proof-of-address.pdf"));
    let other_session_token = other
        .wizard()
        .pick(TITLE.into(), EN)
        .await
        .unwrap()
        .unwrap()
        .token;

    let [(individual, individual_customer), (business, _)] = <[_; 2]>::try_from(ids).unwrap();
    World {
        desk,
        picker,
        root,
        individual,
        business,
        individual_customer,
        other_session_token,
    }
}

// ---------------------------------------------------------------------------- running

/// The one operation a case expects to be refused, with everything it needs prepared.
enum Action {
    CreateCustomer(String),
    SendAdditional(String),
    SendParty(String, String),
    Pick(String, &'static str, PathBuf),
    Drop(PathBuf),
    Upload(String, &'static str),
    Manual(ManualUpload),
    Assign(String, &'static str, String),
}

impl Action {
    fn name(&self) -> &'static str {
        match self {
            Self::CreateCustomer(_) => "wizard_create_customer",
            Self::SendAdditional(_) => "wizard_send_additional",
            Self::SendParty(..) => "wizard_send_party",
            Self::Pick(..) => "document_pick",
            Self::Drop(_) => "register_dropped",
            Self::Upload(..) => "document_upload",
            Self::Manual(_) => "manual_upload",
            Self::Assign(..) => "document_assign",
        }
    }
}

/// Builds the case's inputs with valid operations (none of which sends a request).
/// Returns the action to try, and the file that must be unreadable for `as_nobody`.
async fn prepare(w: &World, case: &Case, dir: &Path) -> (Action, Option<PathBuf>) {
    match &case.op {
        Op::CreateCustomer(kind, edit) => {
            let mut d = w.desk.wizard().draft_new(*kind, EN).unwrap().draft;
            fill(
                &mut d,
                *kind,
                &match kind {
                    CustomerKind::Individual => cpf_ending(7),
                    CustomerKind::Business => cnpj_ending(7),
                },
            );
            edit(&mut d);
            w.desk.wizard().draft_save(d.clone(), EN).unwrap();
            (Action::CreateCustomer(d.id), None)
        }
        Op::SendAdditional(kind, edit) => {
            let id = w.draft_of(*kind);
            let mut d = w.desk.wizard().draft_open(id, EN).unwrap().draft;
            fill(&mut d, *kind, "");
            edit(&mut d);
            w.desk.wizard().draft_save(d, EN).unwrap();
            (Action::SendAdditional(id.to_owned()), None)
        }
        Op::SendParty(edit) => {
            let mut d = w.desk.wizard().draft_open(&w.business, EN).unwrap().draft;
            fill(&mut d, CustomerKind::Business, "");
            edit(&mut d.parties);
            let last = d.parties.last().unwrap().local_id.clone();
            w.desk.wizard().draft_save(d, EN).unwrap();
            (Action::SendParty(w.business.clone(), last), None)
        }
        Op::ManualFields(edit) => {
            let mut m = w.manual(w.pick_token(fixture("proof-of-address.pdf")).await);
            edit(&mut m);
            (Action::Manual(m), None)
        }
        Op::Pick(make) => {
            let path = make(dir);
            let probe = case.as_nobody.then(|| path.clone());
            (Action::Pick(w.individual.clone(), PICK_SLOT, path), probe)
        }
        Op::Drop(make) => {
            let path = make(dir);
            let probe = case.as_nobody.then(|| path.clone());
            (Action::Drop(path), probe)
        }
        Op::AfterPick(change, via) => {
            let path = write(dir, "proof.pdf", PDF);
            let action = match via {
                Via::Upload => {
                    w.picker.set(path.clone());
                    let state = w
                        .desk
                        .wizard()
                        .document_pick(&w.individual, UPLOAD_SLOT, TITLE.into(), EN)
                        .await
                        .unwrap();
                    let slot = state.slots.iter().find(|s| s.def.slot_id == UPLOAD_SLOT);
                    assert!(slot.unwrap().picked.is_some(), "the good file was picked");
                    Action::Upload(w.individual.clone(), UPLOAD_SLOT)
                }
                Via::Manual => Action::Manual(w.manual(w.pick_token(path.clone()).await)),
                Via::Assign => Action::Assign(
                    w.individual.clone(),
                    ASSIGN_SLOT,
                    w.pick_token(path.clone()).await,
                ),
            };
            change(&path);
            (action, case.as_nobody.then_some(path))
        }
        Op::Token(forged, via) => {
            let token = match forged {
                Forged::RandomUuid => uuid::Uuid::new_v4().to_string(),
                Forged::RawPath => fixture("proof-of-address.pdf")
                    .canonicalize()
                    .unwrap()
                    .display()
                    .to_string(),
                Forged::OtherSession => w.other_session_token.clone(),
            };
            let action = match via {
                Via::Manual => Action::Manual(w.manual(token)),
                Via::Assign => Action::Assign(w.individual.clone(), ASSIGN_SLOT, token),
                Via::Upload => unreachable!("document_upload takes no token"),
            };
            (action, None)
        }
        Op::NothingPicked => (Action::Upload(w.individual.clone(), EMPTY_SLOT), None),
        Op::SlotCountry(country) => {
            // The webview can't set a slot's country (its view has none): only a draft
            // changed on disk can carry a bad one, so change the stored draft.
            let store = w.desk.wizard().drafts();
            let mut d = store.load(&w.individual).unwrap().unwrap();
            d.slot_mut(COUNTRY_SLOT).country = (*country).into();
            store.save(&d).unwrap();
            w.picker.set(write(dir, "statement.pdf", PDF));
            let state = w
                .desk
                .wizard()
                .document_pick(&w.individual, COUNTRY_SLOT, TITLE.into(), EN)
                .await
                .unwrap();
            let slot = state.slots.iter().find(|s| s.def.slot_id == COUNTRY_SLOT);
            assert!(slot.unwrap().picked.is_some(), "the good file was picked");
            (Action::Upload(w.individual.clone(), COUNTRY_SLOT), None)
        }
    }
}

/// How an operation refused.
#[derive(Debug)]
struct Refusal {
    code: String,
    message: String,
    fields: Vec<FieldError>,
}

fn refused<T>(result: Result<T, DeskError>) -> Result<(), Refusal> {
    result.map(drop).map_err(|e| Refusal {
        code: e.code().to_owned(),
        message: e.to_string(),
        fields: e.fields().to_vec(),
    })
}

async fn attempt(w: &World, action: &Action, lang: Language) -> Result<(), Refusal> {
    let d = &w.desk;
    match action {
        Action::CreateCustomer(id) => {
            refused(d.wizard().wizard_create_customer(id, None, lang).await)
        }
        Action::SendAdditional(id) => {
            refused(d.wizard().wizard_send_additional(id, None, lang).await)
        }
        Action::SendParty(id, party) => {
            refused(d.wizard().wizard_send_party(id, party, None, lang).await)
        }
        Action::Pick(id, slot, path) => {
            w.picker.set(path.clone());
            let result = d.wizard().document_pick(id, slot, TITLE.into(), lang).await;
            assert!(
                w.picker.0.lock().unwrap().is_none(),
                "the dialog was opened"
            );
            // A picked file's refusal belongs to the slot it was picked for (the wizard
            // shows it there): checked here, then compared like any file refusal.
            refused(result).map_err(|mut r| {
                let at_slot = format!("slots.{slot}");
                if r.code == "file" && r.fields.iter().all(|f| f.field == at_slot) {
                    for f in &mut r.fields {
                        f.field = "file".into();
                    }
                }
                r
            })
        }
        Action::Drop(path) => match d
            .wizard()
            .register_dropped(vec![path.clone()], lang)
            .await
            .pop()
        {
            Some(Err(message)) => Err(Refusal {
                code: "file".into(),
                message,
                fields: vec![],
            }),
            Some(Ok(_)) => Ok(()),
            None => panic!("register_dropped answered nothing"),
        },
        Action::Upload(id, slot) => refused(
            d.wizard()
                .document_upload(id, slot, None, lang, |_| {})
                .await,
        ),
        Action::Manual(m) => refused(
            d.wizard()
                .manual_upload(m.clone(), None, lang, |_| {})
                .await,
        ),
        Action::Assign(id, slot, token) => {
            refused(d.wizard().document_assign(id, slot, token, lang).await)
        }
    }
}

/// Runs `f` on a new thread that reads files as `nobody`, after checking that `probe`
/// cannot be opened there (and can be looked at: only its own mode is in the way).
///
/// Root ignores mode bits (CAP_DAC_OVERRIDE), so `chmod 000` alone proves nothing in a
/// root test run. setfsuid(2) changes the filesystem uid of the calling thread only (glibc
/// does not broadcast it to the other threads, unlike setuid), and when the fsuid leaves
/// 0 the kernel drops that thread's filesystem capabilities. Threads this one starts
/// inherit its credentials.
fn as_nobody<T: Send>(probe: &Path, f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                // SAFETY: geteuid and setfsuid have no memory effects; setfsuid only
                // changes this thread's credentials.
                if unsafe { libc::geteuid() } == 0 {
                    let previous = unsafe { libc::setfsuid(NOBODY) };
                    let now = unsafe { libc::setfsuid(NOBODY) };
                    assert_eq!(
                        (previous, now as libc::uid_t),
                        (0, NOBODY),
                        "setfsuid took effect"
                    );
                }
                assert!(
                    fs::metadata(probe).is_ok(),
                    "{} is reachable",
                    probe.display()
                );
                let opened = fs::File::open(probe).map(drop);
                assert_eq!(
                    opened.map_err(|e| e.kind()),
                    Err(std::io::ErrorKind::PermissionDenied),
                    "{} is unreadable on this thread",
                    probe.display()
                );
                f()
            })
            .join()
            .expect("the nobody thread")
    })
}

/// Whether `r` is the refusal `expect` describes, in `lang`; the message that names the
/// problem on success.
fn judge(expect: &Expect, lang: Language, r: Result<(), Refusal>) -> Result<String, String> {
    let refusal = match r {
        Ok(()) => return Err("accepted".into()),
        Err(refusal) => refusal,
    };
    let keyword = match lang {
        Language::En => expect.en,
        Language::PtBr => expect.pt,
    };
    if refusal.code != expect.code {
        return Err(format!(
            "code {:?}, not {:?}: {refusal:?}",
            refusal.code, expect.code
        ));
    }
    if refusal.message.trim().is_empty() {
        return Err(format!("an empty message: {refusal:?}"));
    }
    let Some(path) = expect.field else {
        return if refusal.message.contains(keyword) && refusal.fields.is_empty() {
            Ok(refusal.message)
        } else {
            Err(format!("{keyword:?} not in {:?}", refusal.message))
        };
    };
    if refusal.fields.is_empty() || refusal.fields.iter().any(|f| f.field != path) {
        return Err(format!("not (only) about {path}: {:?}", refusal.fields));
    }
    match refusal.fields.iter().find(|f| f.message.contains(keyword)) {
        Some(f) => Ok(f.message.clone()),
        None => Err(format!("{keyword:?} not in {:?}", refusal.fields)),
    }
}

struct Row {
    category: &'static str,
    name: &'static str,
    operation: &'static str,
    field: &'static str,
    english: String,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_input_is_refused_clearly_in_both_languages_and_nothing_is_sent() {
    let w = world().await;
    let cases = corpus();
    // Messages that name a folder say `$TMP` in the table, so the figure is stable.
    let tmp = fs::canonicalize(w.root.path())
        .unwrap()
        .display()
        .to_string();
    let started = Instant::now();
    let mut rows = Vec::new();
    let mut failures = Vec::new();

    for (i, case) in cases.iter().enumerate() {
        let label = format!("#{} {} / {}", i + 1, case.category, case.name);
        let dir = w.root.path().join(format!("{:03}", i + 1));
        fs::create_dir(&dir).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();

        let before = seen(&w.desk).await;
        let (action, probe) = prepare(&w, case, &dir).await;
        let results: Vec<_> = match &probe {
            None => {
                let mut results = Vec::new();
                for lang in LANGS {
                    results.push(attempt(&w, &action, lang).await);
                }
                results
            }
            Some(probe) => as_nobody(probe, || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                LANGS
                    .iter()
                    .map(|&lang| rt.block_on(attempt(&w, &action, lang)))
                    .collect()
            }),
        };
        let after = seen(&w.desk).await;

        // The error's own message (what the UI shows above the fields) is localized too.
        let headlines: Vec<String> = results
            .iter()
            .filter_map(|r| r.as_ref().err().map(|e| e.message.clone()))
            .collect();
        if let [en, pt] = &headlines[..] {
            if en == pt {
                failures.push(format!(
                    "{label}: the same headline in both languages: {en}"
                ));
            }
        }
        let mut messages = Vec::new();
        for (lang, result) in LANGS.into_iter().zip(results) {
            match judge(&case.expect, lang, result) {
                Ok(message) => messages.push(message),
                Err(why) => failures.push(format!("{label} [{lang:?}]: {why}")),
            }
        }
        if let [en, pt] = &messages[..] {
            if en == pt {
                failures.push(format!("{label}: the same message in both languages: {en}"));
            }
        }
        if before != after {
            failures.push(format!(
                "{label}: the sandbox saw it: {before:?} -> {after:?}"
            ));
        }
        rows.push(Row {
            category: case.category,
            name: case.name,
            operation: action.name(),
            field: case.expect.field.unwrap_or("—"),
            english: messages
                .first()
                .map(|m| m.replace(&tmp, "$TMP"))
                .unwrap_or_default(),
        });
    }
    let elapsed = started.elapsed();

    // The control at the end: a valid upload through the same operations does reach it.
    let before = seen(&w.desk).await;
    w.picker.set(fixture("proof-of-address.pdf"));
    w.desk
        .wizard()
        .document_pick(&w.individual, PICK_SLOT, TITLE.into(), EN)
        .await
        .unwrap();
    w.desk
        .wizard()
        .document_upload(&w.individual, PICK_SLOT, None, EN, |_| {})
        .await
        .unwrap();
    let after = seen(&w.desk).await;
    assert!(after.requests > before.requests, "{before:?} -> {after:?}");
    assert_eq!(after.documents, before.documents + 1);

    let table = markdown(&rows, elapsed.as_secs_f64());
    common::publish_figures("bad-input-corpus", &table);
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

fn markdown(rows: &[Row], seconds: f64) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = String::new();
    writeln!(out, "### Bad input corpus").unwrap();
    writeln!(out).unwrap();
    writeln!(
        out,
        "{} cases, each refused in English and in pt-BR with no request reaching the local \
         sandbox ({seconds:.2} s).",
        rows.len()
    )
    .unwrap();
    writeln!(out).unwrap();
    writeln!(out, "| category | cases |").unwrap();
    writeln!(out, "|---|---|").unwrap();
    let mut categories: Vec<&str> = rows.iter().map(|r| r.category).collect();
    categories.dedup();
    for category in categories {
        let n = rows.iter().filter(|r| r.category == category).count();
        writeln!(out, "| {category} | {n} |").unwrap();
    }
    writeln!(out).unwrap();
    writeln!(
        out,
        "| # | category | case | refused by | field | message (English) |"
    )
    .unwrap();
    writeln!(out, "|---|---|---|---|---|---|").unwrap();
    for (i, r) in rows.iter().enumerate() {
        writeln!(
            out,
            "| {} | {} | {} | `{}` | `{}` | {} |",
            i + 1,
            r.category,
            cell(r.name),
            r.operation,
            r.field,
            cell(&r.english)
        )
        .unwrap();
    }
    out
}
