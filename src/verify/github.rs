//! GitHub: `GET /user` (classic, fine-grained and OAuth tokens). The
//! scopes of a classic or OAuth token are in `X-OAuth-Scopes`; fine-grained
//! tokens send no such header.

use super::http::{by_status, json_str};
use super::{Context, Verification, Verifier};

/// `GET /user`.
pub(crate) struct User;

impl Verifier for User {
    fn provider(&self) -> &'static str {
        "GitHub"
    }

    fn describe(&self) -> &'static str {
        "GET https://api.github.com/user"
    }

    fn verify(&self, secret: &str, ctx: &Context) -> Verification {
        let url = format!("{}/user", ctx.endpoints().github);
        let auth = format!("Bearer {secret}");
        let reply = match ctx.get(
            &url,
            &[
                ("authorization", &auth),
                ("accept", "application/vnd.github+json"),
                ("x-github-api-version", "2022-11-28"),
            ],
        ) {
            Ok(r) => r,
            Err(v) => return v,
        };
        match reply.status {
            200 => {
                let json = reply.json();
                let Some(login) = json.as_ref().and_then(|j| json_str(j, "/login")) else {
                    return Verification::unknown("GitHub answered 200 without a login");
                };
                let kind = json
                    .as_ref()
                    .and_then(|j| json_str(j, "/type"))
                    .unwrap_or("User");
                let scopes = match reply.header("x-oauth-scopes").map(str::trim) {
                    Some("") => "no scopes".to_string(),
                    Some(s) => format!("scopes: {s}"),
                    None => "fine-grained token (permissions are not listed)".to_string(),
                };
                Verification::live(
                    Some(login.to_string()),
                    format!("GitHub {} {login}; {scopes}", kind.to_lowercase()),
                )
            }
            // Bad credentials: revoked, expired or never issued.
            401 => Verification::invalid("GitHub: bad credentials (401)"),
            // A 403 is a rate limit, an SSO requirement or a token that may
            // not read the user: none of them says the token is dead.
            403 => {
                let limited = reply.header("x-ratelimit-remaining") == Some("0")
                    || reply.header("retry-after").is_some();
                if limited {
                    Verification::unknown("GitHub rate limit (403); try again later")
                } else {
                    Verification::unknown("GitHub refused GET /user (403): the token may be live with restricted access")
                }
            }
            _ => by_status("GitHub", &reply),
        }
    }
}
