//! The one HTTP client: every fetch Cairn makes goes through here and obeys a [`NetPolicy`].
//!
//! The policy is what keeps a hostile badge from turning the wallet into a probe of the
//! learner's own network: HTTPS only, no loopback, private or link-local targets (checked on
//! the addresses a name resolves to, so DNS cannot rebind into them), a bounded number of
//! redirects each checked again, a timeout and a size cap. Tests relax it explicitly and send
//! fixture URLs to a server on 127.0.0.1 through `host_overrides`.

use crate::error::{Error, ErrorCode, Result};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::io::Read as _;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs as _};
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// What the client may fetch, and how much.
#[derive(Debug, Clone)]
pub struct NetPolicy {
    /// Allow loopback addresses (127.0.0.0/8, ::1). Tests only.
    pub allow_loopback: bool,
    /// Allow plain `http:` URLs. Tests only.
    pub allow_http: bool,
    /// Origin rewrites applied before a request: `("https://example.org", "http://127.0.0.1:8080")`
    /// sends `https://example.org/a` to `http://127.0.0.1:8080/a`. Tests only.
    pub host_overrides: Vec<(String, String)>,
    /// Time allowed for a whole request.
    pub timeout: Duration,
    /// Largest response body accepted, in bytes.
    pub max_bytes: u64,
    /// Redirects followed at most; each one is checked against the policy again.
    pub max_redirects: usize,
    /// Refuse every destination that is not a loopback address or `localhost`, before any name
    /// is looked up. Every client also turns it on when `CAIRN_LOOPBACK_ONLY` is set, which the
    /// test scripts export so that no test, benchmark or end-to-end run reaches past this
    /// machine, whatever policy it builds.
    pub loopback_only: bool,
}

impl Default for NetPolicy {
    fn default() -> Self {
        Self {
            allow_loopback: false,
            allow_http: false,
            host_overrides: Vec::new(),
            timeout: Duration::from_secs(10),
            max_bytes: 20 * 1024 * 1024,
            max_redirects: 5,
            loopback_only: false,
        }
    }
}

impl NetPolicy {
    /// The production policy, unless the developer setting `CAIRN_DEV_HOST_OVERRIDES`
    /// (`https://example.org=http://127.0.0.1:8080,...`) sends origins to a local test server,
    /// which relaxes the policy as [`NetPolicy::loopback_for_tests`] does.
    /// Release builds ignore the setting (unless built with the `dev-hosts` feature, as the
    /// import benchmark is): the override exists in development and test builds only, so no
    /// environment can send a shipped Cairn's requests elsewhere.
    pub fn from_env() -> Self {
        if !cfg!(any(debug_assertions, feature = "dev-hosts")) {
            return Self::default();
        }
        let overrides: Vec<(String, String)> = std::env::var("CAIRN_DEV_HOST_OVERRIDES")
            .unwrap_or_default()
            .split(',')
            .filter_map(|pair| pair.split_once('='))
            .map(|(from, to)| (from.trim().to_owned(), to.trim().to_owned()))
            .collect();
        if overrides.is_empty() {
            Self::default()
        } else {
            Self::loopback_for_tests(overrides)
        }
    }

    /// A policy for tests: plain HTTP and loopback allowed, `origin` sent to `local`.
    pub fn loopback_for_tests(overrides: Vec<(String, String)>) -> Self {
        Self {
            allow_loopback: true,
            allow_http: true,
            host_overrides: overrides,
            ..Self::default()
        }
    }

    fn rewrite(&self, url: &str) -> String {
        for (origin, replacement) in &self.host_overrides {
            if let Some(rest) = url.strip_prefix(origin.as_str())
                && (rest.is_empty() || rest.starts_with(['/', '?', '#']))
            {
                return format!("{replacement}{rest}");
            }
        }
        url.to_owned()
    }

    /// Checks a URL's scheme and, when its host is an IP literal, the address.
    fn check_url(&self, url: &Url) -> Result<()> {
        match url.scheme() {
            "https" => {}
            "http" if self.allow_http => {}
            other => {
                return Err(Error::new(
                    ErrorCode::Forbidden,
                    format!("{url}: refused: only https links are fetched (this one is {other})"),
                ));
            }
        }
        if self.loopback_only {
            let loopback = match url.host() {
                Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
                Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
                Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
                None => false,
            };
            if !loopback {
                return Err(Error::new(
                    ErrorCode::Forbidden,
                    format!(
                        "{url}: refused: this run may only reach this computer (CAIRN_LOOPBACK_ONLY is set)"
                    ),
                ));
            }
        }
        match url.host() {
            Some(url::Host::Ipv4(ip)) => self.check_ip(IpAddr::V4(ip), url.as_str()),
            Some(url::Host::Ipv6(ip)) => self.check_ip(IpAddr::V6(ip), url.as_str()),
            Some(url::Host::Domain(_)) => Ok(()),
            None => Err(Error::new(
                ErrorCode::InvalidInput,
                format!("{url}: the link has no host"),
            )),
        }
    }

    /// Whether an address may be contacted.
    pub fn check_ip(&self, ip: IpAddr, what: &str) -> Result<()> {
        let ip = match ip {
            IpAddr::V6(v6) => v6
                .to_ipv4_mapped()
                .map(IpAddr::V4)
                .unwrap_or(IpAddr::V6(v6)),
            v4 => v4,
        };
        if ip.is_loopback() {
            return if self.allow_loopback {
                Ok(())
            } else {
                Err(forbidden(what, ip, "a loopback address on this computer"))
            };
        }
        let reason = match ip {
            IpAddr::V4(v4) if v4.is_private() => Some("a private network address"),
            IpAddr::V4(v4) if v4.is_link_local() => Some("a link-local address"),
            IpAddr::V4(v4) if v4.is_unspecified() || v4.is_broadcast() || v4.is_multicast() => {
                Some("not a public address")
            }
            IpAddr::V4(v4) if v4.octets()[0] == 100 && (v4.octets()[1] & 0xc0) == 64 => {
                Some("a shared (carrier-grade NAT) address")
            }
            IpAddr::V4(v4) if v4.octets()[0] == 0 || v4.octets()[0] >= 240 => {
                Some("a reserved address")
            }
            IpAddr::V6(v6) if v6.is_unspecified() || v6.is_multicast() => {
                Some("not a public address")
            }
            IpAddr::V6(v6) if (v6.segments()[0] & 0xfe00) == 0xfc00 => {
                Some("a private network address")
            }
            IpAddr::V6(v6) if (v6.segments()[0] & 0xffc0) == 0xfe80 => Some("a link-local address"),
            _ => None,
        };
        match reason {
            Some(reason) => Err(forbidden(what, ip, reason)),
            None => Ok(()),
        }
    }
}

fn forbidden(what: &str, ip: IpAddr, reason: &str) -> Error {
    Error::new(
        ErrorCode::Forbidden,
        format!("{what}: refused: {ip} is {reason}"),
    )
}

/// A response, whatever its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The URL as requested (before any test override).
    pub url: String,
    /// The URL that answered, after redirects.
    pub final_url: String,
    /// The HTTP status code.
    pub status: u16,
    /// The `Content-Type` without parameters, when sent.
    pub media_type: Option<String>,
    /// The body.
    pub bytes: Vec<u8>,
}

impl Fetched {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Resolves names and drops every address the policy forbids, so a name cannot resolve (or
/// rebind) into the learner's own network.
struct CheckedResolver {
    policy: NetPolicy,
}

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy.clone();
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let resolved: Vec<SocketAddr> = (host.as_str(), 0)
                .to_socket_addrs()
                .map_err(|e| -> Box<dyn std::error::Error + Send + Sync> { Box::new(e) })?
                .collect();
            let mut last_refusal = None;
            let allowed: Vec<SocketAddr> = resolved
                .into_iter()
                .filter(|addr| match policy.check_ip(addr.ip(), &host) {
                    Ok(()) => true,
                    Err(err) => {
                        last_refusal = Some(err);
                        false
                    }
                })
                .collect();
            if allowed.is_empty() {
                let err = last_refusal.unwrap_or_else(|| {
                    Error::new(
                        ErrorCode::Network,
                        format!("{host}: the name has no address"),
                    )
                });
                return Err(Box::new(err) as Box<dyn std::error::Error + Send + Sync>);
            }
            let addrs: Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
    }
}

/// The HTTP client.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::blocking::Client,
    policy: Arc<NetPolicy>,
}

impl Client {
    /// A client obeying `policy`. Do not create or drop it on an async runtime thread.
    pub fn new(mut policy: NetPolicy) -> Result<Self> {
        policy.loopback_only |=
            std::env::var_os("CAIRN_LOOPBACK_ONLY").is_some_and(|v| !v.is_empty());
        let redirect_policy = policy.clone();
        let http = reqwest::blocking::Client::builder()
            .timeout(policy.timeout)
            .connect_timeout(policy.timeout)
            .user_agent(concat!("Cairn/", env!("CARGO_PKG_VERSION")))
            .no_proxy()
            .dns_resolver(Arc::new(CheckedResolver {
                policy: policy.clone(),
            }))
            .redirect(reqwest::redirect::Policy::custom(move |attempt| {
                if attempt.previous().len() > redirect_policy.max_redirects {
                    let message = format!("{}: too many redirects", attempt.url());
                    return attempt.error(Error::new(ErrorCode::Network, message));
                }
                match redirect_policy.check_url(attempt.url()) {
                    Ok(()) => attempt.follow(),
                    Err(err) => attempt.error(err),
                }
            }))
            .build()
            .map_err(|e| {
                Error::new(
                    ErrorCode::Network,
                    format!("cannot start the HTTP client: {e}"),
                )
            })?;
        Ok(Self {
            http,
            policy: Arc::new(policy),
        })
    }

    /// The policy in force.
    pub fn policy(&self) -> &NetPolicy {
        &self.policy
    }

    /// Fetches `url`. Non-2xx answers are returned, not errors; refusals by the policy are
    /// [`ErrorCode::Forbidden`], transport failures and oversized bodies [`ErrorCode::Network`]
    /// and [`ErrorCode::TooLarge`].
    pub fn get(&self, url: &str) -> Result<Fetched> {
        let target = self.policy.rewrite(url);
        let parsed = Url::parse(&target).map_err(|e| {
            Error::new(
                ErrorCode::InvalidInput,
                format!("{url}: not a valid link ({e})"),
            )
        })?;
        self.policy
            .check_url(&parsed)
            .map_err(|e| relabel(e, &target, url))?;
        let response = self
            .http
            .get(parsed)
            .send()
            .map_err(|e| transport_error(url, &e))?;
        let status = response.status().as_u16();
        let final_url = response.url().to_string();
        let media_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or(v).trim().to_ascii_lowercase());
        if response
            .content_length()
            .is_some_and(|n| n > self.policy.max_bytes)
        {
            return Err(too_large(url, self.policy.max_bytes));
        }
        let mut bytes = Vec::new();
        response
            .take(self.policy.max_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| {
                Error::new(
                    ErrorCode::Network,
                    format!("{url}: the download failed: {e}"),
                )
            })?;
        if bytes.len() as u64 > self.policy.max_bytes {
            return Err(too_large(url, self.policy.max_bytes));
        }
        Ok(Fetched {
            url: url.to_owned(),
            final_url,
            status,
            media_type,
            bytes,
        })
    }
}

fn relabel(err: Error, target: &str, url: &str) -> Error {
    Error {
        message: err.message.replace(target, url),
        ..err
    }
}

fn too_large(url: &str, limit: u64) -> Error {
    Error::new(
        ErrorCode::TooLarge,
        format!("{url}: the response is larger than {limit} bytes"),
    )
}

/// Finds our own policy error inside reqwest's error chain, or describes the failure.
fn transport_error(url: &str, err: &reqwest::Error) -> Error {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(current) = source {
        if let Some(ours) = current.downcast_ref::<Error>() {
            return ours.clone();
        }
        source = current.source();
    }
    let what = if err.is_timeout() {
        "the server did not answer in time".to_owned()
    } else if err.is_connect() {
        "could not connect to the server".to_owned()
    } else {
        err.to_string()
    };
    Error::new(ErrorCode::Network, format!("{url}: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_outside_the_public_internet_are_refused() {
        let policy = NetPolicy::default();
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
        ] {
            let ip: IpAddr = ip.parse().unwrap();
            let err = policy.check_ip(ip, "test").unwrap_err();
            assert_eq!(err.code, ErrorCode::Forbidden, "{ip}");
        }
        assert!(
            policy
                .check_ip("93.184.216.34".parse().unwrap(), "test")
                .is_ok()
        );
        let tests = NetPolicy::loopback_for_tests(Vec::new());
        assert!(tests.check_ip("127.0.0.1".parse().unwrap(), "test").is_ok());
        assert!(tests.check_ip("10.0.0.1".parse().unwrap(), "test").is_err());
    }

    #[test]
    fn overrides_rewrite_only_whole_origins() {
        let policy = NetPolicy::loopback_for_tests(vec![(
            "https://example.org".into(),
            "http://127.0.0.1:9".into(),
        )]);
        assert_eq!(
            policy.rewrite("https://example.org/a.json"),
            "http://127.0.0.1:9/a.json"
        );
        assert_eq!(policy.rewrite("https://example.org"), "http://127.0.0.1:9");
        assert_eq!(
            policy.rewrite("https://example.org.evil.test/a"),
            "https://example.org.evil.test/a"
        );
    }

    #[test]
    fn loopback_only_refuses_every_outside_name_before_looking_it_up() {
        let policy = NetPolicy {
            loopback_only: true,
            ..NetPolicy::loopback_for_tests(Vec::new())
        };
        for url in [
            "https://example.org/a.json",
            "https://93.184.216.34/",
            "http://[2001:db8::1]/",
        ] {
            let err = policy.check_url(&Url::parse(url).unwrap()).unwrap_err();
            assert_eq!(err.code, ErrorCode::Forbidden, "{url}");
            assert!(
                err.message.contains("CAIRN_LOOPBACK_ONLY"),
                "{}",
                err.message
            );
        }
        for url in [
            "http://127.0.0.1:9/a",
            "http://localhost:9/",
            "http://[::1]:9/",
        ] {
            assert!(policy.check_url(&Url::parse(url).unwrap()).is_ok(), "{url}");
        }
        // A fetch of an outside name fails at once, without a lookup.
        let client = Client::new(policy).unwrap();
        let err = client.get("https://example.org/a.json").unwrap_err();
        assert_eq!(err.code, ErrorCode::Forbidden);
    }
}
