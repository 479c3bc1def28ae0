//! The HTTP client every verifier shares: ureq over rustls, one timeout per
//! request, no redirects, no retries, bounded bodies.

use super::{Endpoints, Options, Verification};
use std::time::Duration;

/// What a verifier needs for its call: the HTTP client and the endpoints.
pub struct Context {
    /// For `https://` endpoints: honours the `HTTPS_PROXY`/`ALL_PROXY`/
    /// `NO_PROXY` environment (TLS runs end to end through a proxy).
    agent: ureq::Agent,
    /// For plain `http://` to loopback: never through a proxy, which would
    /// see the secret in clear text.
    direct: ureq::Agent,
    timeout: Duration,
    endpoints: Endpoints,
}

/// A provider's answer.
pub(crate) struct Reply {
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    /// The first value of a header (name in lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, if it is.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.body).ok()
    }
}

/// Largest body read; identity replies are small.
const BODY_LIMIT: u64 = 1 << 20;

impl Context {
    /// A client for `opts`.
    pub fn new(opts: &Options) -> Self {
        let config = || {
            ureq::Agent::config_builder()
                .http_status_as_error(false)
                .max_redirects(0)
                .max_redirects_will_error(false)
                .timeout_global(Some(opts.timeout))
                .user_agent(concat!("keygate/", env!("CARGO_PKG_VERSION"), " (verify)"))
        };
        Context {
            agent: config().build().into(),
            direct: config().proxy(None).build().into(),
            timeout: opts.timeout,
            endpoints: opts.endpoints.clone(),
        }
    }

    /// The endpoints in use.
    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    /// GET `url` with `headers`.
    pub(crate) fn get(&self, url: &str, headers: &[(&str, &str)]) -> Result<Reply, Verification> {
        self.call("GET", url, headers, None)
    }

    /// POST `body` to `url` with `headers`.
    pub(crate) fn post(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<Reply, Verification> {
        self.call("POST", url, headers, Some(body))
    }

    fn call(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Result<Reply, Verification> {
        check_url(url).map_err(Verification::unknown)?;
        let agent = if url.starts_with("https://") {
            &self.agent
        } else {
            &self.direct
        };
        let result = match body {
            None => {
                let mut req = agent.get(url);
                for (k, v) in headers {
                    req = req.header(*k, *v);
                }
                req.call()
            }
            Some(body) => {
                let mut req = agent.post(url);
                for (k, v) in headers {
                    req = req.header(*k, *v);
                }
                req.send(body)
            }
        };
        let mut resp = result.map_err(|e| self.failure(method, url, e))?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = resp
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT)
            .read_to_string()
            .map_err(|e| self.failure(method, url, e))?;
        Ok(Reply {
            status,
            headers,
            body,
        })
    }

    fn failure(&self, method: &str, url: &str, e: ureq::Error) -> Verification {
        let host = host_of(url);
        let why = match &e {
            ureq::Error::Timeout(_) => format!("no answer within {:?}", self.timeout),
            ureq::Error::HostNotFound => "host not found".to_string(),
            ureq::Error::ConnectionFailed => "connection failed".to_string(),
            ureq::Error::Io(io) => match io.kind() {
                std::io::ErrorKind::ConnectionRefused => "connection refused".to_string(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                    format!("no answer within {:?}", self.timeout)
                }
                kind => format!("network error ({kind})"),
            },
            ureq::Error::BodyExceedsLimit(_) => "reply too large".to_string(),
            other => format!("request failed ({other})"),
        };
        Verification::unknown(format!("{method} {host}: {why}"))
    }
}

/// `https://`, or `http://` to a loopback host only: a secret never
/// crosses a network in clear text.
fn check_url(url: &str) -> Result<(), String> {
    if url.starts_with("https://") {
        return Ok(());
    }
    if url.starts_with("http://") {
        let host = host_of(url);
        let name = match host.rsplit_once(':') {
            Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
            _ => host,
        };
        let name = name.trim_start_matches('[').trim_end_matches(']');
        let loopback = name.eq_ignore_ascii_case("localhost")
            || name
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if loopback {
            return Ok(());
        }
        return Err(format!(
            "not sent: {host} is reached over plain http (https is required except for loopback)"
        ));
    }
    Err("not sent: the endpoint is not an http(s) URL".to_string())
}

/// The `host[:port]` of a URL.
pub(crate) fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    authority.rsplit_once('@').map_or(authority, |(_, h)| h)
}

/// `text` with every occurrence of the secret (and of each of its
/// whitespace-separated parts, for pairs) masked, and cut to one line of
/// at most 300 characters: what a provider echoes never leaks a secret
/// into a report.
pub(crate) fn scrub(text: &str, secret: &str) -> String {
    let mut out = text.replace(['\r', '\n', '\t'], " ");
    let mut parts: Vec<&str> = secret.split_whitespace().collect();
    parts.push(secret);
    parts.sort_by_key(|p| std::cmp::Reverse(p.len()));
    for p in parts {
        if p.len() >= 8 {
            out = out.replace(p, "[secret]");
        }
    }
    if out.chars().count() > 300 {
        out = out.chars().take(299).collect::<String>() + "…";
    }
    out
}

/// The usual reading of an HTTP status for bearer-token APIs, for the
/// cases a verifier does not handle itself: 401 invalid, 429 throttled,
/// anything else unknown.
pub(crate) fn by_status(provider: &str, reply: &Reply) -> Verification {
    match reply.status {
        401 => Verification::invalid(format!("{provider} rejected the token (401)")),
        429 => Verification::unknown(format!("{provider} rate limit (429); try again later")),
        s @ 500..=599 => Verification::unknown(format!("{provider} server error ({s})")),
        s @ 300..=399 => Verification::unknown(format!(
            "{provider} answered with a redirect ({s}), which is not followed"
        )),
        s => Verification::unknown(format!("{provider} answered {s}")),
    }
}

/// The string at a JSON pointer.
pub(crate) fn json_str<'a>(v: &'a serde_json::Value, pointer: &str) -> Option<&'a str> {
    v.pointer(pointer)
        .and_then(|x| x.as_str())
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_to_loopback() {
        assert!(check_url("https://api.github.com/user").is_ok());
        assert!(check_url("http://127.0.0.1:8080/x").is_ok());
        assert!(check_url("http://localhost/x").is_ok());
        assert!(check_url("http://[::1]:9/x").is_ok());
        assert!(check_url("http://127.9.9.9/x").is_ok());
        assert!(check_url("http://10.0.0.1/x").is_err());
        assert!(check_url("http://gitlab.internal/api").is_err());
        assert!(check_url("http://127.0.0.1.evil.example/x").is_err());
        assert!(check_url("http://localhost@evil.example/x").is_err());
        assert!(check_url("ftp://x").is_err());
    }

    #[test]
    fn scrub_masks_the_secret_and_its_parts() {
        let s = scrub(
            "key AKIAXXXXXXXXXXXX1234 with\nsecretsecretsecret",
            "AKIAXXXXXXXXXXXX1234 secretsecretsecret",
        );
        assert_eq!(s, "key [secret] with [secret]");
        assert_eq!(scrub("short ab", "ab"), "short ab");
    }

    #[test]
    fn host_of_urls() {
        assert_eq!(host_of("https://a.b:8/c?d"), "a.b:8");
        assert_eq!(host_of("http://u:p@h/x"), "h");
        assert_eq!(host_of("https://h"), "h");
    }
}
