//! ISO 3166-1 countries: alpha-3, alpha-2, English and Brazilian Portuguese names.
//!
//! The `COUNTRIES` table is GENERATED — do not edit it by hand, regenerate it. It comes
//! from the ISO 3166-1 data shipped in the `pycountry` Python package (version 26.2.16,
//! which bundles Debian's iso-codes): a throwaway script walked `pycountry.countries`
//! sorted by alpha-3, took `common_name` when present (else `name`) as the English name,
//! and its translation from
//! `gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["pt_BR"])` as the
//! Portuguese one, and printed one `Country { .. }` line per entry. One correction is
//! applied: IRN → "Irã" (the catalogue's common-name entry is the European Portuguese
//! "Irão"; the official-name entry has the Brazilian "Irã").
//!
//! Everything below the table is hand-written.

use serde::Serialize;
use specta::Type;

/// One ISO 3166-1 country.
#[derive(Debug, PartialEq, Eq)]
pub struct Country {
    pub alpha3: &'static str,
    pub alpha2: &'static str,
    pub name_en: &'static str,
    pub name_pt: &'static str,
}

/// Every ISO 3166-1 country, sorted by `alpha3` (so [`find`] can binary-search).
#[rustfmt::skip]
pub static COUNTRIES: &[Country] = &[
    Country { alpha3: "ABW", alpha2: "AW", name_en: "Aruba", name_pt: "Aruba" },
    Country { alpha3: "AFG", alpha2: "AF", name_en: "Afghanistan", name_pt: "Afeganistão" },
    Country { alpha3: "AGO", alpha2: "AO", name_en: "Angola", name_pt: "Angola" },
    Country { alpha3: "AIA", alpha2: "AI", name_en: "Anguilla", name_pt: "Anguila" },
    Country { alpha3: "ALA", alpha2: "AX", name_en: "Åland Islands", name_pt: "Ilhas Åland" },
    Country { alpha3: "ALB", alpha2: "AL", name_en: "Albania", name_pt: "Albânia" },
    Country { alpha3: "AND", alpha2: "AD", name_en: "Andorra", name_pt: "Andorra" },
    Country { alpha3: "ARE", alpha2: "AE", name_en: "United Arab Emirates", name_pt: "Emirados Árabes Unidos" },
    Country { alpha3: "ARG", alpha2: "AR", name_en: "Argentina", name_pt: "Argentina" },
    Country { alpha3: "ARM", alpha2: "AM", name_en: "Armenia", name_pt: "Armênia" },
    Country { alpha3: "ASM", alpha2: "AS", name_en: "American Samoa", name_pt: "Samoa Americana" },
    Country { alpha3: "ATA", alpha2: "AQ", name_en: "Antarctica", name_pt: "Antártida" },
    Country { alpha3: "ATF", alpha2: "TF", name_en: "French Southern Territories", name_pt: "Territórios Franceses do Sul" },
    Country { alpha3: "ATG", alpha2: "AG", name_en: "Antigua and Barbuda", name_pt: "Antígua e Barbuda" },
    Country { alpha3: "AUS", alpha2: "AU", name_en: "Australia", name_pt: "Austrália" },
    Country { alpha3: "AUT", alpha2: "AT", name_en: "Austria", name_pt: "Áustria" },
    Country { alpha3: "AZE", alpha2: "AZ", name_en: "Azerbaijan", name_pt: "Azerbaidjão" },
    Country { alpha3: "BDI", alpha2: "BI", name_en: "Burundi", name_pt: "Burundi" },
    Country { alpha3: "BEL", alpha2: "BE", name_en: "Belgium", name_pt: "Bélgica" },
    Country { alpha3: "BEN", alpha2: "BJ", name_en: "Benin", name_pt: "Benin" },
    Country { alpha3: "BES", alpha2: "BQ", name_en: "Bonaire, Sint Eustatius and Saba", name_pt: "Bonaire, Saba e Santo Eustáquio" },
    Country { alpha3: "BFA", alpha2: "BF", name_en: "Burkina Faso", name_pt: "Burquina" },
    Country { alpha3: "BGD", alpha2: "BD", name_en: "Bangladesh", name_pt: "Bangladesh" },
    Country { alpha3: "BGR", alpha2: "BG", name_en: "Bulgaria", name_pt: "Bulgária" },
    Country { alpha3: "BHR", alpha2: "BH", name_en: "Bahrain", name_pt: "Barein" },
    Country { alpha3: "BHS", alpha2: "BS", name_en: "Bahamas", name_pt: "Bahamas" },
    Country { alpha3: "BIH", alpha2: "BA", name_en: "Bosnia and Herzegovina", name_pt: "Bósnia-Herzegóvina" },
    Country { alpha3: "BLM", alpha2: "BL", name_en: "Saint Barthélemy", name_pt: "São Bartolomeu" },
    Country { alpha3: "BLR", alpha2: "BY", name_en: "Belarus", name_pt: "Bielo-Rússia" },
    Country { alpha3: "BLZ", alpha2: "BZ", name_en: "Belize", name_pt: "Belize" },
    Country { alpha3: "BMU", alpha2: "BM", name_en: "Bermuda", name_pt: "Bermuda" },
    Country { alpha3: "BOL", alpha2: "BO", name_en: "Bolivia", name_pt: "Bolívia" },
    Country { alpha3: "BRA", alpha2: "BR", name_en: "Brazil", name_pt: "Brasil" },
    Country { alpha3: "BRB", alpha2: "BB", name_en: "Barbados", name_pt: "Barbados" },
    Country { alpha3: "BRN", alpha2: "BN", name_en: "Brunei Darussalam", name_pt: "Brunei" },
    Country { alpha3: "BTN", alpha2: "BT", name_en: "Bhutan", name_pt: "Butão" },
    Country { alpha3: "BVT", alpha2: "BV", name_en: "Bouvet Island", name_pt: "Ilha Bouvet" },
    Country { alpha3: "BWA", alpha2: "BW", name_en: "Botswana", name_pt: "Botsuana" },
    Country { alpha3: "CAF", alpha2: "CF", name_en: "Central African Republic", name_pt: "República Centro-Africana" },
    Country { alpha3: "CAN", alpha2: "CA", name_en: "Canada", name_pt: "Canadá" },
    Country { alpha3: "CCK", alpha2: "CC", name_en: "Cocos (Keeling) Islands", name_pt: "Ilhas Cocos" },
    Country { alpha3: "CHE", alpha2: "CH", name_en: "Switzerland", name_pt: "Suíça" },
    Country { alpha3: "CHL", alpha2: "CL", name_en: "Chile", name_pt: "Chile" },
    Country { alpha3: "CHN", alpha2: "CN", name_en: "China", name_pt: "China" },
    Country { alpha3: "CIV", alpha2: "CI", name_en: "Côte d'Ivoire", name_pt: "Costa do Marfim" },
    Country { alpha3: "CMR", alpha2: "CM", name_en: "Cameroon", name_pt: "Camarões" },
    Country { alpha3: "COD", alpha2: "CD", name_en: "Congo, The Democratic Republic of the", name_pt: "Congo, República Democrática do" },
    Country { alpha3: "COG", alpha2: "CG", name_en: "Congo", name_pt: "Congo" },
    Country { alpha3: "COK", alpha2: "CK", name_en: "Cook Islands", name_pt: "Ilhas Cook" },
    Country { alpha3: "COL", alpha2: "CO", name_en: "Colombia", name_pt: "Colômbia" },
    Country { alpha3: "COM", alpha2: "KM", name_en: "Comoros", name_pt: "Comores" },
    Country { alpha3: "CPV", alpha2: "CV", name_en: "Cabo Verde", name_pt: "Cabo Verde" },
    Country { alpha3: "CRI", alpha2: "CR", name_en: "Costa Rica", name_pt: "Costa Rica" },
    Country { alpha3: "CUB", alpha2: "CU", name_en: "Cuba", name_pt: "Cuba" },
    Country { alpha3: "CUW", alpha2: "CW", name_en: "Curaçao", name_pt: "Curaçao" },
    Country { alpha3: "CXR", alpha2: "CX", name_en: "Christmas Island", name_pt: "Ilha Christmas" },
    Country { alpha3: "CYM", alpha2: "KY", name_en: "Cayman Islands", name_pt: "Ilhas Cayman" },
    Country { alpha3: "CYP", alpha2: "CY", name_en: "Cyprus", name_pt: "Chipre" },
    Country { alpha3: "CZE", alpha2: "CZ", name_en: "Czechia", name_pt: "Chéquia" },
    Country { alpha3: "DEU", alpha2: "DE", name_en: "Germany", name_pt: "Alemanha" },
    Country { alpha3: "DJI", alpha2: "DJ", name_en: "Djibouti", name_pt: "Djibuti" },
    Country { alpha3: "DMA", alpha2: "DM", name_en: "Dominica", name_pt: "Domínica" },
    Country { alpha3: "DNK", alpha2: "DK", name_en: "Denmark", name_pt: "Dinamarca" },
    Country { alpha3: "DOM", alpha2: "DO", name_en: "Dominican Republic", name_pt: "República Dominicana" },
    Country { alpha3: "DZA", alpha2: "DZ", name_en: "Algeria", name_pt: "Argélia" },
    Country { alpha3: "ECU", alpha2: "EC", name_en: "Ecuador", name_pt: "Equador" },
    Country { alpha3: "EGY", alpha2: "EG", name_en: "Egypt", name_pt: "Egito" },
    Country { alpha3: "ERI", alpha2: "ER", name_en: "Eritrea", name_pt: "Eritréia" },
    Country { alpha3: "ESH", alpha2: "EH", name_en: "Western Sahara", name_pt: "Saara Ocidental" },
    Country { alpha3: "ESP", alpha2: "ES", name_en: "Spain", name_pt: "Espanha" },
    Country { alpha3: "EST", alpha2: "EE", name_en: "Estonia", name_pt: "Estônia" },
    Country { alpha3: "ETH", alpha2: "ET", name_en: "Ethiopia", name_pt: "Etiópia" },
    Country { alpha3: "FIN", alpha2: "FI", name_en: "Finland", name_pt: "Finlândia" },
    Country { alpha3: "FJI", alpha2: "FJ", name_en: "Fiji", name_pt: "Fiji" },
    Country { alpha3: "FLK", alpha2: "FK", name_en: "Falkland Islands (Malvinas)", name_pt: "Ilhas Malvinas (Falkland)" },
    Country { alpha3: "FRA", alpha2: "FR", name_en: "France", name_pt: "França" },
    Country { alpha3: "FRO", alpha2: "FO", name_en: "Faroe Islands", name_pt: "Ilhas Faroe" },
    Country { alpha3: "FSM", alpha2: "FM", name_en: "Micronesia, Federated States of", name_pt: "Micronésia, Estados Federados da" },
    Country { alpha3: "GAB", alpha2: "GA", name_en: "Gabon", name_pt: "Gabão" },
    Country { alpha3: "GBR", alpha2: "GB", name_en: "United Kingdom", name_pt: "Reino Unido" },
    Country { alpha3: "GEO", alpha2: "GE", name_en: "Georgia", name_pt: "Geórgia" },
    Country { alpha3: "GGY", alpha2: "GG", name_en: "Guernsey", name_pt: "Guernsey" },
    Country { alpha3: "GHA", alpha2: "GH", name_en: "Ghana", name_pt: "Gana" },
    Country { alpha3: "GIB", alpha2: "GI", name_en: "Gibraltar", name_pt: "Gibraltar" },
    Country { alpha3: "GIN", alpha2: "GN", name_en: "Guinea", name_pt: "Guiné" },
    Country { alpha3: "GLP", alpha2: "GP", name_en: "Guadeloupe", name_pt: "Guadalupe" },
    Country { alpha3: "GMB", alpha2: "GM", name_en: "Gambia", name_pt: "Gâmbia" },
    Country { alpha3: "GNB", alpha2: "GW", name_en: "Guinea-Bissau", name_pt: "Guiné-Bissau" },
    Country { alpha3: "GNQ", alpha2: "GQ", name_en: "Equatorial Guinea", name_pt: "Guiné Equatorial" },
    Country { alpha3: "GRC", alpha2: "GR", name_en: "Greece", name_pt: "Grécia" },
    Country { alpha3: "GRD", alpha2: "GD", name_en: "Grenada", name_pt: "Granada" },
    Country { alpha3: "GRL", alpha2: "GL", name_en: "Greenland", name_pt: "Groenlândia" },
    Country { alpha3: "GTM", alpha2: "GT", name_en: "Guatemala", name_pt: "Guatemala" },
    Country { alpha3: "GUF", alpha2: "GF", name_en: "French Guiana", name_pt: "Guiana Francesa" },
    Country { alpha3: "GUM", alpha2: "GU", name_en: "Guam", name_pt: "Guam" },
    Country { alpha3: "GUY", alpha2: "GY", name_en: "Guyana", name_pt: "Guiana" },
    Country { alpha3: "HKG", alpha2: "HK", name_en: "Hong Kong", name_pt: "Hong Kong" },
    Country { alpha3: "HMD", alpha2: "HM", name_en: "Heard Island and McDonald Islands", name_pt: "Ilha Heard e Ilhas McDonald" },
    Country { alpha3: "HND", alpha2: "HN", name_en: "Honduras", name_pt: "Honduras" },
    Country { alpha3: "HRV", alpha2: "HR", name_en: "Croatia", name_pt: "Croácia" },
    Country { alpha3: "HTI", alpha2: "HT", name_en: "Haiti", name_pt: "Haiti" },
    Country { alpha3: "HUN", alpha2: "HU", name_en: "Hungary", name_pt: "Hungria" },
    Country { alpha3: "IDN", alpha2: "ID", name_en: "Indonesia", name_pt: "Indonésia" },
    Country { alpha3: "IMN", alpha2: "IM", name_en: "Isle of Man", name_pt: "Ilha de Man" },
    Country { alpha3: "IND", alpha2: "IN", name_en: "India", name_pt: "Índia" },
    Country { alpha3: "IOT", alpha2: "IO", name_en: "British Indian Ocean Territory", name_pt: "Território Britânico do Oceano Índico" },
    Country { alpha3: "IRL", alpha2: "IE", name_en: "Ireland", name_pt: "Irlanda" },
    Country { alpha3: "IRN", alpha2: "IR", name_en: "Iran", name_pt: "Irã" },
    Country { alpha3: "IRQ", alpha2: "IQ", name_en: "Iraq", name_pt: "Iraque" },
    Country { alpha3: "ISL", alpha2: "IS", name_en: "Iceland", name_pt: "Islândia" },
    Country { alpha3: "ISR", alpha2: "IL", name_en: "Israel", name_pt: "Israel" },
    Country { alpha3: "ITA", alpha2: "IT", name_en: "Italy", name_pt: "Itália" },
    Country { alpha3: "JAM", alpha2: "JM", name_en: "Jamaica", name_pt: "Jamaica" },
    Country { alpha3: "JEY", alpha2: "JE", name_en: "Jersey", name_pt: "Jersey" },
    Country { alpha3: "JOR", alpha2: "JO", name_en: "Jordan", name_pt: "Jordânia" },
    Country { alpha3: "JPN", alpha2: "JP", name_en: "Japan", name_pt: "Japão" },
    Country { alpha3: "KAZ", alpha2: "KZ", name_en: "Kazakhstan", name_pt: "Cazaquistão" },
    Country { alpha3: "KEN", alpha2: "KE", name_en: "Kenya", name_pt: "Quênia" },
    Country { alpha3: "KGZ", alpha2: "KG", name_en: "Kyrgyzstan", name_pt: "Quirguistão" },
    Country { alpha3: "KHM", alpha2: "KH", name_en: "Cambodia", name_pt: "Camboja" },
    Country { alpha3: "KIR", alpha2: "KI", name_en: "Kiribati", name_pt: "Kiribati" },
    Country { alpha3: "KNA", alpha2: "KN", name_en: "Saint Kitts and Nevis", name_pt: "São Cristóvão e Névis" },
    Country { alpha3: "KOR", alpha2: "KR", name_en: "South Korea", name_pt: "Coreia do Sul" },
    Country { alpha3: "KWT", alpha2: "KW", name_en: "Kuwait", name_pt: "Kuwait" },
    Country { alpha3: "LAO", alpha2: "LA", name_en: "Laos", name_pt: "Laos" },
    Country { alpha3: "LBN", alpha2: "LB", name_en: "Lebanon", name_pt: "Líbano" },
    Country { alpha3: "LBR", alpha2: "LR", name_en: "Liberia", name_pt: "Libéria" },
    Country { alpha3: "LBY", alpha2: "LY", name_en: "Libya", name_pt: "Líbia" },
    Country { alpha3: "LCA", alpha2: "LC", name_en: "Saint Lucia", name_pt: "Santa Lúcia" },
    Country { alpha3: "LIE", alpha2: "LI", name_en: "Liechtenstein", name_pt: "Liechtenstein" },
    Country { alpha3: "LKA", alpha2: "LK", name_en: "Sri Lanka", name_pt: "Sri Lanka" },
    Country { alpha3: "LSO", alpha2: "LS", name_en: "Lesotho", name_pt: "Lesoto" },
    Country { alpha3: "LTU", alpha2: "LT", name_en: "Lithuania", name_pt: "Lituânia" },
    Country { alpha3: "LUX", alpha2: "LU", name_en: "Luxembourg", name_pt: "Luxemburgo" },
    Country { alpha3: "LVA", alpha2: "LV", name_en: "Latvia", name_pt: "Letônia" },
    Country { alpha3: "MAC", alpha2: "MO", name_en: "Macao", name_pt: "Macau" },
    Country { alpha3: "MAF", alpha2: "MF", name_en: "Saint Martin (French part)", name_pt: "São Martim (parte francesa)" },
    Country { alpha3: "MAR", alpha2: "MA", name_en: "Morocco", name_pt: "Marrocos" },
    Country { alpha3: "MCO", alpha2: "MC", name_en: "Monaco", name_pt: "Mônaco" },
    Country { alpha3: "MDA", alpha2: "MD", name_en: "Moldova", name_pt: "Moldávia" },
    Country { alpha3: "MDG", alpha2: "MG", name_en: "Madagascar", name_pt: "Madagascar" },
    Country { alpha3: "MDV", alpha2: "MV", name_en: "Maldives", name_pt: "Maldivas" },
    Country { alpha3: "MEX", alpha2: "MX", name_en: "Mexico", name_pt: "México" },
    Country { alpha3: "MHL", alpha2: "MH", name_en: "Marshall Islands", name_pt: "Ilhas Marshall" },
    Country { alpha3: "MKD", alpha2: "MK", name_en: "North Macedonia", name_pt: "Macedônia do Norte" },
    Country { alpha3: "MLI", alpha2: "ML", name_en: "Mali", name_pt: "Mali" },
    Country { alpha3: "MLT", alpha2: "MT", name_en: "Malta", name_pt: "Malta" },
    Country { alpha3: "MMR", alpha2: "MM", name_en: "Myanmar", name_pt: "Myanmar" },
    Country { alpha3: "MNE", alpha2: "ME", name_en: "Montenegro", name_pt: "Montenegro" },
    Country { alpha3: "MNG", alpha2: "MN", name_en: "Mongolia", name_pt: "Mongólia" },
    Country { alpha3: "MNP", alpha2: "MP", name_en: "Northern Mariana Islands", name_pt: "Ilhas Marianas do Norte" },
    Country { alpha3: "MOZ", alpha2: "MZ", name_en: "Mozambique", name_pt: "Moçambique" },
    Country { alpha3: "MRT", alpha2: "MR", name_en: "Mauritania", name_pt: "Mauritânia" },
    Country { alpha3: "MSR", alpha2: "MS", name_en: "Montserrat", name_pt: "Montserrat" },
    Country { alpha3: "MTQ", alpha2: "MQ", name_en: "Martinique", name_pt: "Martinica" },
    Country { alpha3: "MUS", alpha2: "MU", name_en: "Mauritius", name_pt: "Maurício" },
    Country { alpha3: "MWI", alpha2: "MW", name_en: "Malawi", name_pt: "Malaui" },
    Country { alpha3: "MYS", alpha2: "MY", name_en: "Malaysia", name_pt: "Malásia" },
    Country { alpha3: "MYT", alpha2: "YT", name_en: "Mayotte", name_pt: "Maiote" },
    Country { alpha3: "NAM", alpha2: "NA", name_en: "Namibia", name_pt: "Namíbia" },
    Country { alpha3: "NCL", alpha2: "NC", name_en: "New Caledonia", name_pt: "Nova Caledônia" },
    Country { alpha3: "NER", alpha2: "NE", name_en: "Niger", name_pt: "Níger" },
    Country { alpha3: "NFK", alpha2: "NF", name_en: "Norfolk Island", name_pt: "Ilha Norfolk" },
    Country { alpha3: "NGA", alpha2: "NG", name_en: "Nigeria", name_pt: "Nigéria" },
    Country { alpha3: "NIC", alpha2: "NI", name_en: "Nicaragua", name_pt: "Nicarágua" },
    Country { alpha3: "NIU", alpha2: "NU", name_en: "Niue", name_pt: "Niue" },
    Country { alpha3: "NLD", alpha2: "NL", name_en: "Netherlands", name_pt: "Países Baixos" },
    Country { alpha3: "NOR", alpha2: "NO", name_en: "Norway", name_pt: "Noruega" },
    Country { alpha3: "NPL", alpha2: "NP", name_en: "Nepal", name_pt: "Nepal" },
    Country { alpha3: "NRU", alpha2: "NR", name_en: "Nauru", name_pt: "Nauru" },
    Country { alpha3: "NZL", alpha2: "NZ", name_en: "New Zealand", name_pt: "Nova Zelândia" },
    Country { alpha3: "OMN", alpha2: "OM", name_en: "Oman", name_pt: "Omã" },
    Country { alpha3: "PAK", alpha2: "PK", name_en: "Pakistan", name_pt: "Paquistão" },
    Country { alpha3: "PAN", alpha2: "PA", name_en: "Panama", name_pt: "Panamá" },
    Country { alpha3: "PCN", alpha2: "PN", name_en: "Pitcairn", name_pt: "Pitcairn" },
    Country { alpha3: "PER", alpha2: "PE", name_en: "Peru", name_pt: "Peru" },
    Country { alpha3: "PHL", alpha2: "PH", name_en: "Philippines", name_pt: "Filipinas" },
    Country { alpha3: "PLW", alpha2: "PW", name_en: "Palau", name_pt: "Palau" },
    Country { alpha3: "PNG", alpha2: "PG", name_en: "Papua New Guinea", name_pt: "Papua-Nova Guiné" },
    Country { alpha3: "POL", alpha2: "PL", name_en: "Poland", name_pt: "Polônia" },
    Country { alpha3: "PRI", alpha2: "PR", name_en: "Puerto Rico", name_pt: "Porto Rico" },
    Country { alpha3: "PRK", alpha2: "KP", name_en: "North Korea", name_pt: "Coreia do Norte" },
    Country { alpha3: "PRT", alpha2: "PT", name_en: "Portugal", name_pt: "Portugal" },
    Country { alpha3: "PRY", alpha2: "PY", name_en: "Paraguay", name_pt: "Paraguai" },
    Country { alpha3: "PSE", alpha2: "PS", name_en: "Palestine, State of", name_pt: "Palestina, Estado da" },
    Country { alpha3: "PYF", alpha2: "PF", name_en: "French Polynesia", name_pt: "Polinésia Francesa" },
    Country { alpha3: "QAT", alpha2: "QA", name_en: "Qatar", name_pt: "Catar" },
    Country { alpha3: "REU", alpha2: "RE", name_en: "Réunion", name_pt: "Reunião" },
    Country { alpha3: "ROU", alpha2: "RO", name_en: "Romania", name_pt: "Romênia" },
    Country { alpha3: "RUS", alpha2: "RU", name_en: "Russian Federation", name_pt: "Federação Russa" },
    Country { alpha3: "RWA", alpha2: "RW", name_en: "Rwanda", name_pt: "Ruanda" },
    Country { alpha3: "SAU", alpha2: "SA", name_en: "Saudi Arabia", name_pt: "Arábia Saudita" },
    Country { alpha3: "SDN", alpha2: "SD", name_en: "Sudan", name_pt: "Sudão" },
    Country { alpha3: "SEN", alpha2: "SN", name_en: "Senegal", name_pt: "Senegal" },
    Country { alpha3: "SGP", alpha2: "SG", name_en: "Singapore", name_pt: "Cingapura" },
    Country { alpha3: "SGS", alpha2: "GS", name_en: "South Georgia and the South Sandwich Islands", name_pt: "Geórgia do Sul e Ilhas Sandwich do Sul" },
    Country { alpha3: "SHN", alpha2: "SH", name_en: "Saint Helena, Ascension and Tristan da Cunha", name_pt: "Santa Helena, Ascensão e Tristão da Cunha" },
    Country { alpha3: "SJM", alpha2: "SJ", name_en: "Svalbard and Jan Mayen", name_pt: "Svalbard e a Ilha de Jan Mayen" },
    Country { alpha3: "SLB", alpha2: "SB", name_en: "Solomon Islands", name_pt: "Ilhas Salomão" },
    Country { alpha3: "SLE", alpha2: "SL", name_en: "Sierra Leone", name_pt: "Serra Leoa" },
    Country { alpha3: "SLV", alpha2: "SV", name_en: "El Salvador", name_pt: "El Salvador" },
    Country { alpha3: "SMR", alpha2: "SM", name_en: "San Marino", name_pt: "São Marino" },
    Country { alpha3: "SOM", alpha2: "SO", name_en: "Somalia", name_pt: "Somália" },
    Country { alpha3: "SPM", alpha2: "PM", name_en: "Saint Pierre and Miquelon", name_pt: "São Pedro e Miquelon" },
    Country { alpha3: "SRB", alpha2: "RS", name_en: "Serbia", name_pt: "Sérvia" },
    Country { alpha3: "SSD", alpha2: "SS", name_en: "South Sudan", name_pt: "Sudão do Sul" },
    Country { alpha3: "STP", alpha2: "ST", name_en: "Sao Tome and Principe", name_pt: "São Tomé e Príncipe" },
    Country { alpha3: "SUR", alpha2: "SR", name_en: "Suriname", name_pt: "Suriname" },
    Country { alpha3: "SVK", alpha2: "SK", name_en: "Slovakia", name_pt: "Eslováquia" },
    Country { alpha3: "SVN", alpha2: "SI", name_en: "Slovenia", name_pt: "Eslovênia" },
    Country { alpha3: "SWE", alpha2: "SE", name_en: "Sweden", name_pt: "Suécia" },
    Country { alpha3: "SWZ", alpha2: "SZ", name_en: "Eswatini", name_pt: "Suazilândia" },
    Country { alpha3: "SXM", alpha2: "SX", name_en: "Sint Maarten (Dutch part)", name_pt: "São Martim (parte holandesa)" },
    Country { alpha3: "SYC", alpha2: "SC", name_en: "Seychelles", name_pt: "Seychelles" },
    Country { alpha3: "SYR", alpha2: "SY", name_en: "Syria", name_pt: "Síria" },
    Country { alpha3: "TCA", alpha2: "TC", name_en: "Turks and Caicos Islands", name_pt: "Ilhas Turks e Caicos" },
    Country { alpha3: "TCD", alpha2: "TD", name_en: "Chad", name_pt: "Chade" },
    Country { alpha3: "TGO", alpha2: "TG", name_en: "Togo", name_pt: "Togo" },
    Country { alpha3: "THA", alpha2: "TH", name_en: "Thailand", name_pt: "Tailândia" },
    Country { alpha3: "TJK", alpha2: "TJ", name_en: "Tajikistan", name_pt: "Tadjiquistão" },
    Country { alpha3: "TKL", alpha2: "TK", name_en: "Tokelau", name_pt: "Toquelau" },
    Country { alpha3: "TKM", alpha2: "TM", name_en: "Turkmenistan", name_pt: "Turcomenistão" },
    Country { alpha3: "TLS", alpha2: "TL", name_en: "Timor-Leste", name_pt: "Timor Leste" },
    Country { alpha3: "TON", alpha2: "TO", name_en: "Tonga", name_pt: "Tonga" },
    Country { alpha3: "TTO", alpha2: "TT", name_en: "Trinidad and Tobago", name_pt: "Trinidade e Tobago" },
    Country { alpha3: "TUN", alpha2: "TN", name_en: "Tunisia", name_pt: "Tunísia" },
    Country { alpha3: "TUR", alpha2: "TR", name_en: "Türkiye", name_pt: "Turquia" },
    Country { alpha3: "TUV", alpha2: "TV", name_en: "Tuvalu", name_pt: "Tuvalu" },
    Country { alpha3: "TWN", alpha2: "TW", name_en: "Taiwan", name_pt: "Taiwan" },
    Country { alpha3: "TZA", alpha2: "TZ", name_en: "Tanzania", name_pt: "Tanzânia" },
    Country { alpha3: "UGA", alpha2: "UG", name_en: "Uganda", name_pt: "Uganda" },
    Country { alpha3: "UKR", alpha2: "UA", name_en: "Ukraine", name_pt: "Ucrânia" },
    Country { alpha3: "UMI", alpha2: "UM", name_en: "United States Minor Outlying Islands", name_pt: "Ilhas Menores Distantes dos Estados Unidos" },
    Country { alpha3: "URY", alpha2: "UY", name_en: "Uruguay", name_pt: "Uruguai" },
    Country { alpha3: "USA", alpha2: "US", name_en: "United States", name_pt: "Estados Unidos" },
    Country { alpha3: "UZB", alpha2: "UZ", name_en: "Uzbekistan", name_pt: "Uzbequistão" },
    Country { alpha3: "VAT", alpha2: "VA", name_en: "Holy See (Vatican City State)", name_pt: "Santa Sé (Cidade-Estado do Vaticano)" },
    Country { alpha3: "VCT", alpha2: "VC", name_en: "Saint Vincent and the Grenadines", name_pt: "São Vicente e Granadinas" },
    Country { alpha3: "VEN", alpha2: "VE", name_en: "Venezuela", name_pt: "Venezuela" },
    Country { alpha3: "VGB", alpha2: "VG", name_en: "Virgin Islands, British", name_pt: "Ilhas Virgens Britânicas" },
    Country { alpha3: "VIR", alpha2: "VI", name_en: "Virgin Islands, U.S.", name_pt: "Ilhas Virgens dos Estados Unidos" },
    Country { alpha3: "VNM", alpha2: "VN", name_en: "Vietnam", name_pt: "Vietnã" },
    Country { alpha3: "VUT", alpha2: "VU", name_en: "Vanuatu", name_pt: "Vanuatu" },
    Country { alpha3: "WLF", alpha2: "WF", name_en: "Wallis and Futuna", name_pt: "Wallis e Futuna" },
    Country { alpha3: "WSM", alpha2: "WS", name_en: "Samoa", name_pt: "Samoa" },
    Country { alpha3: "YEM", alpha2: "YE", name_en: "Yemen", name_pt: "Iêmen" },
    Country { alpha3: "ZAF", alpha2: "ZA", name_en: "South Africa", name_pt: "África do Sul" },
    Country { alpha3: "ZMB", alpha2: "ZM", name_en: "Zambia", name_pt: "Zâmbia" },
    Country { alpha3: "ZWE", alpha2: "ZW", name_en: "Zimbabwe", name_pt: "Zimbábue" },
];

/// The country with this ISO 3166-1 alpha-3 code (exact, uppercase), if any.
pub fn find(alpha3: &str) -> Option<&'static Country> {
    COUNTRIES
        .binary_search_by(|c| c.alpha3.cmp(alpha3))
        .ok()
        .map(|i| &COUNTRIES[i])
}

/// One entry of the country picker, as the UI sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CountryOption {
    pub alpha3: &'static str,
    pub name_en: &'static str,
    pub name_pt: &'static str,
}

/// Every country for the picker, in alpha-3 order (the UI sorts by the displayed name).
pub fn country_options() -> Vec<CountryOption> {
    COUNTRIES
        .iter()
        .map(|c| CountryOption {
            alpha3: c.alpha3,
            name_en: c.name_en,
            name_pt: c.name_pt,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn table_has_every_iso_country_once() {
        assert_eq!(COUNTRIES.len(), 249);
        let a3: HashSet<_> = COUNTRIES.iter().map(|c| c.alpha3).collect();
        let a2: HashSet<_> = COUNTRIES.iter().map(|c| c.alpha2).collect();
        assert_eq!(a3.len(), COUNTRIES.len());
        assert_eq!(a2.len(), COUNTRIES.len());
    }

    #[test]
    fn codes_are_uppercase_ascii_of_the_right_length_and_sorted() {
        for c in COUNTRIES {
            assert!(c.alpha3.len() == 3 && c.alpha3.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(c.alpha2.len() == 2 && c.alpha2.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(!c.name_en.trim().is_empty() && !c.name_pt.trim().is_empty());
        }
        assert!(COUNTRIES.windows(2).all(|w| w[0].alpha3 < w[1].alpha3));
    }

    #[test]
    fn names_are_localised_and_accented() {
        let cases = [
            ("BRA", "BR", "Brazil", "Brasil"),
            ("USA", "US", "United States", "Estados Unidos"),
            ("DEU", "DE", "Germany", "Alemanha"),
            ("CYM", "KY", "Cayman Islands", "Ilhas Cayman"),
            ("JPN", "JP", "Japan", "Japão"),
            ("IRN", "IR", "Iran", "Irã"),
            ("BOL", "BO", "Bolivia", "Bolívia"),
        ];
        for (a3, a2, en, pt) in cases {
            let c = find(a3).unwrap();
            assert_eq!((c.alpha2, c.name_en, c.name_pt), (a2, en, pt), "{a3}");
        }
    }

    #[test]
    fn find_is_exact() {
        assert!(find("BRA").is_some());
        for bad in ["bra", "Bra", "BR", "BRAZIL", "", "XXX", " BRA"] {
            assert!(find(bad).is_none(), "{bad:?}");
        }
        for c in COUNTRIES {
            assert_eq!(find(c.alpha3), Some(c));
        }
    }

    #[test]
    fn options_serialise_in_camel_case() {
        let options = country_options();
        assert_eq!(options.len(), COUNTRIES.len());
        let bra = options.iter().find(|o| o.alpha3 == "BRA").unwrap();
        assert_eq!(
            serde_json::to_value(bra).unwrap(),
            serde_json::json!({ "alpha3": "BRA", "nameEn": "Brazil", "namePt": "Brasil" })
        );
    }
}
