//! DNS-rebinding guard: a page on `evil.example` that re-points its name at 127.0.0.1
//! still sends `Host: evil.example`, so only loopback names and addresses are served.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

pub async fn loopback_only(req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok());
    // An absolute-form target (`GET http://x/ HTTP/1.1`) names the host too.
    let target = req.uri().authority().map(|a| a.as_str());
    let ok = match (host, target) {
        (Some(h), Some(t)) => is_loopback_host(h) && is_loopback_host(t),
        (Some(h), None) => is_loopback_host(h),
        (None, _) => false,
    };
    if !ok {
        return ApiError::new(
            StatusCode::MISDIRECTED_REQUEST,
            "This sandbox only answers requests addressed to localhost, 127.0.0.1 or [::1]",
        )
        .into_response();
    }
    next.run(req).await
}

/// `localhost`, `127.x.x.x` or `[::1]`, each with or without a port.
pub fn is_loopback_host(value: &str) -> bool {
    let Ok(authority) = value.parse::<axum::http::uri::Authority>() else {
        return false;
    };
    if authority.as_str().contains('@') {
        return false;
    }
    let host = authority.host();
    // `Authority` lets any text follow the colon; a port must be a number.
    let port = &authority.as_str()[host.len()..];
    if !port.is_empty() && port[1..].parse::<u16>().is_err() {
        return false;
    }
    if host.eq_ignore_ascii_case("localhost") || host.eq_ignore_ascii_case("localhost.") {
        return true;
    }
    // An IPv6 literal must be bracketed, an IPv4 one must not.
    let ip = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(v6) => v6.parse::<Ipv6Addr>().ok().map(IpAddr::V6),
        None => host.parse::<Ipv4Addr>().ok().map(IpAddr::V4),
    };
    ip.is_some_and(|ip| ip.to_canonical().is_loopback())
}

#[cfg(test)]
mod tests {
    use super::is_loopback_host;

    #[test]
    fn loopback_names_and_addresses_with_any_port_are_accepted() {
        for h in [
            "localhost",
            "LocalHost:4010",
            "localhost.:80",
            "127.0.0.1",
            "127.0.0.1:54321",
            "127.8.9.10:1",
            "[::1]",
            "[::1]:4010",
            "[::ffff:127.0.0.1]:80",
        ] {
            assert!(is_loopback_host(h), "{h}");
        }
    }

    #[test]
    fn other_hosts_are_refused() {
        for h in [
            "",
            "evil.example",
            "evil.example:4010",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "10.0.0.1",
            "0.0.0.0:4010",
            "[::2]",
            "::1",
            "[127.0.0.1]",
            "user@localhost",
            "localhost:notaport",
            "192.168.1.10:4010",
        ] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }
}
