//! Links the UI may ask the OS to open in the system browser. Only `https://` on hosts
//! Lumx Desk itself shows links to: a compromised page could otherwise launch `file:`,
//! custom schemes or arbitrary sites through us.
//!
//! The link is parsed with the WHATWG parser (`url`), the one browsers follow, and the
//! normalised form is what gets opened: a hand-split string can disagree with the browser
//! about where the host ends (`https://evil.example\.lumx.io` is `evil.example` to it).

use url::{Host, Url};

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

/// Returns the normalised link to open, or a refusal on the `url` field.
pub fn check_external_url(raw: &str) -> Result<String, DeskError> {
    let refuse = |why: &str| {
        DeskError::validation(
            format!("This link cannot be opened: {why}."),
            vec![FieldError::new("url", why)],
        )
    };
    // The parser strips tabs and newlines silently; a link that carries them was not
    // one we showed.
    if raw
        .trim()
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(refuse("it contains spaces or control characters"));
    }
    let url = Url::parse(raw.trim()).map_err(|_| refuse("it is not a valid link"))?;
    if url.scheme() != "https" {
        return Err(refuse("only https links are opened"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse("links with credentials are not opened"));
    }
    let allowed = match url.host() {
        // Already lowercased and punycode-encoded by the parser; a trailing dot names
        // the same host.
        Some(Host::Domain(host)) => {
            let host = host.strip_suffix('.').unwrap_or(host);
            ALLOWED_HOSTS
                .iter()
                .any(|h| host == *h || host.ends_with(&format!(".{h}")))
        }
        _ => false,
    };
    if !allowed {
        return Err(refuse(
            "it does not point to Lumx, its verification partner or a block explorer",
        ));
    }
    Ok(url.as_str().to_string())
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
            "https://lumx.io",
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

    #[test]
    fn refuses_links_a_browser_would_open_elsewhere() {
        for bad in [
            // WHATWG reads `\` as `/`: the host is evil.example.
            "https://evil.example\\.lumx.io/login",
            "https://lumx.io.evil.com",
            "https://evil.com#.lumx.io",
            "https://evil.com?.lumx.io",
            "https://user@lumx.io",
            "https://user:pass@lumx.io/",
            "https://:pass@lumx.io/",
            // Percent-decoded by the parser into `lumx.io.evil.com`.
            "https://lumx.io%2eevil.com",
            "https://127.0.0.1/lumx.io",
            "https://[::1]/",
            "https://2130706433/",
            "https://dashboard.lumx.io/\ttos",
            "HTTPS://lumx.io.evil.com/",
            // `lumx.io` in Cyrillic: its punycode is a different domain.
            "https://lumх.io/",
        ] {
            let err = check_external_url(bad).unwrap_err();
            assert_eq!(err.fields()[0].field, "url", "{bad}");
        }
    }

    #[test]
    fn returns_the_normalised_link_that_is_then_opened() {
        for (raw, opened) in [
            (
                "HTTPS://Dashboard.LUMX.io/tos",
                "https://dashboard.lumx.io/tos",
            ),
            ("https://lumx.io./tos", "https://lumx.io./tos"),
            ("https://lumx.io", "https://lumx.io/"),
            (" https://lumx.io:443/a ", "https://lumx.io/a"),
            (
                "https://bücher.lumx.io/x",
                "https://xn--bcher-kva.lumx.io/x",
            ),
            (
                "https://xn--bcher-kva.lumx.io/x",
                "https://xn--bcher-kva.lumx.io/x",
            ),
        ] {
            assert_eq!(check_external_url(raw).unwrap(), opened, "{raw}");
        }
    }
}
