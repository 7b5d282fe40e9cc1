//! Environments and base-URL rules.
//!
//! Only HTTPS is accepted for remote hosts because the API key travels in a
//! header; plain HTTP is allowed for loopback addresses only, which is what the
//! local sandbox simulator uses.

use std::net::IpAddr;

use reqwest::Url;

use crate::Error;

/// Where requests go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Environment {
    /// `https://api.lumx.io`
    Production,
    /// `https://api-sandbox.lumx.io`
    Sandbox,
    /// Any other validated base URL: a local simulator (`http://127.0.0.1:PORT`)
    /// or an HTTPS host. Construct with [`Environment::local`] or
    /// [`Environment::custom`], which enforce the URL rules.
    Custom(Url),
}

impl Environment {
    /// Production base URL.
    pub const PRODUCTION_URL: &'static str = "https://api.lumx.io";
    /// Sandbox base URL.
    pub const SANDBOX_URL: &'static str = "https://api-sandbox.lumx.io";

    /// A simulator listening on `http://127.0.0.1:{port}`.
    pub fn local(port: u16) -> Self {
        let url = Url::parse(&format!("http://127.0.0.1:{port}")).expect("static URL is valid");
        Environment::Custom(url)
    }

    /// Validates `url`: `https://` anything, or `http://` on a loopback host
    /// (`localhost`, `127.0.0.0/8`, `[::1]`). No query, fragment or credentials.
    pub fn custom(url: &str) -> Result<Self, Error> {
        let parsed = Url::parse(url.trim()).map_err(|e| Error::InvalidUrl {
            url: url.to_owned(),
            reason: e.to_string(),
        })?;
        validate(&parsed)?;
        Ok(Environment::Custom(parsed))
    }

    /// The base URL without a trailing slash, e.g. `https://api.lumx.io`.
    pub fn base_url(&self) -> String {
        match self {
            Environment::Production => Self::PRODUCTION_URL.to_owned(),
            Environment::Sandbox => Self::SANDBOX_URL.to_owned(),
            Environment::Custom(url) => url.as_str().trim_end_matches('/').to_owned(),
        }
    }

    /// True for the production environment (the app may want extra confirmation).
    pub fn is_production(&self) -> bool {
        match self {
            Environment::Production => true,
            Environment::Sandbox => false,
            Environment::Custom(url) => url.host_str() == Some("api.lumx.io"),
        }
    }
}

/// Applies the URL rules to an already-parsed URL (also used by the client
/// builder so that a hand-built `Environment::Custom` cannot bypass them).
pub(crate) fn validate(url: &Url) -> Result<(), Error> {
    let invalid = |reason: &str| Error::InvalidUrl {
        url: url.to_string(),
        reason: reason.to_owned(),
    };
    if url.host().is_none() {
        return Err(invalid("missing host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("credentials in the URL are not allowed"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("query and fragment are not allowed in a base URL"));
    }
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(Error::InsecureUrl {
            url: url.to_string(),
        }),
        other => Err(invalid(&format!("unsupported scheme {other:?}"))),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_environments() {
        assert_eq!(Environment::Production.base_url(), "https://api.lumx.io");
        assert_eq!(
            Environment::Sandbox.base_url(),
            "https://api-sandbox.lumx.io"
        );
        assert!(Environment::Production.is_production());
        assert!(!Environment::Sandbox.is_production());
    }

    #[test]
    fn local_is_loopback_http() {
        assert_eq!(Environment::local(8080).base_url(), "http://127.0.0.1:8080");
    }

    #[test]
    fn loopback_http_is_accepted() {
        for ok in [
            "http://127.0.0.1:4010",
            "http://127.5.6.7:1",
            "http://localhost:3000/",
            "http://LOCALHOST",
            "http://[::1]:9000",
            "https://api.example.com",
            "https://api.example.com/prefix/",
        ] {
            assert!(Environment::custom(ok).is_ok(), "{ok} should be accepted");
        }
        assert_eq!(
            Environment::custom("http://localhost:3000/")
                .unwrap()
                .base_url(),
            "http://localhost:3000"
        );
    }

    #[test]
    fn plain_http_elsewhere_is_insecure() {
        for bad in [
            "http://api.lumx.io",
            "http://10.0.0.1:80",
            "http://localhost.evil.com",
            "http://[::2]:80",
            "http://0.0.0.0:80",
        ] {
            match Environment::custom(bad) {
                Err(Error::InsecureUrl { .. }) => {}
                other => panic!("{bad}: expected InsecureUrl, got {other:?}"),
            }
        }
    }

    #[test]
    fn malformed_urls_are_invalid() {
        for bad in [
            "not a url",
            "ftp://127.0.0.1",
            "https://user:pw@api.lumx.io",
            "https://api.lumx.io/?x=1",
            "https://api.lumx.io/#frag",
        ] {
            match Environment::custom(bad) {
                Err(Error::InvalidUrl { .. }) => {}
                other => panic!("{bad}: expected InvalidUrl, got {other:?}"),
            }
        }
    }
}
