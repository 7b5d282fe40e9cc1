//! Links the UI may ask the OS to open in the system browser. Only `https://` on hosts
//! Lumx Desk itself shows links to: a compromised page could otherwise launch `file:`,
//! custom schemes or arbitrary sites through us.

use crate::error::{DeskError, FieldError};

/// Hosts (and their subdomains) that Lumx and its verification partner use, plus the
/// block explorers of the wallet chains Lumx supports.
const ALLOWED_HOSTS: &[&str] = &[
    "lumx.io",
    "sumsub.com",
    "etherscan.io",
    "polygonscan.com",
    "basescan.org",
    "tronscan.org",
];

pub fn check_external_url(raw: &str) -> Result<String, DeskError> {
    let refuse = |why: &str| {
        DeskError::validation(
            format!("This link cannot be opened: {why}."),
            vec![FieldError::new("url", why)],
        )
    };
    let rest = raw
        .trim()
        .strip_prefix("https://")
        .ok_or_else(|| refuse("only https links are opened"))?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(refuse("links with credentials are not opened"));
    }
    let host = authority
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let allowed = ALLOWED_HOSTS
        .iter()
        .any(|h| host == *h || host.ends_with(&format!(".{h}")));
    if !allowed || raw.chars().any(char::is_whitespace) {
        return Err(refuse(
            "it does not point to Lumx, its verification partner or a block explorer",
        ));
    }
    Ok(raw.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_lumx_sumsub_and_explorer_links() {
        for ok in [
            "https://in.sumsub.com/websdk/p/sbx_aA00bB11cC33dD44",
            "https://dashboard.lumx.io/tos/sandbox/eyJhbGci",
            "https://amoy.polygonscan.com/address/0xabc",
            "https://basescan.org/address/0xabc",
        ] {
            assert!(check_external_url(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_other_schemes_hosts_and_tricks() {
        for bad in [
            "http://dashboard.lumx.io/tos",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://evil.example/lumx.io",
            "https://lumx.io.evil.example/",
            "https://notlumx.io/",
            "https://dashboard.lumx.io@evil.example/",
            "https://dashboard.lumx.io/a b",
        ] {
            let err = check_external_url(bad).unwrap_err();
            assert_eq!(err.fields()[0].field, "url", "{bad}");
        }
    }
}
