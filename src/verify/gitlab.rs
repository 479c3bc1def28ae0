//! GitLab: `GET /api/v4/personal_access_tokens/self`, which describes the
//! token that authenticates the call (name, scopes, owner, expiry).

use super::http::{by_status, json_str};
use super::{Context, Verification, Verifier};

/// `GET /api/v4/personal_access_tokens/self`.
pub(crate) struct TokenSelf;

impl Verifier for TokenSelf {
    fn provider(&self) -> &'static str {
        "GitLab"
    }

    fn describe(&self) -> &'static str {
        "GET https://gitlab.com/api/v4/personal_access_tokens/self"
    }

    fn verify(&self, secret: &str, ctx: &Context) -> Verification {
        let url = format!(
            "{}/api/v4/personal_access_tokens/self",
            ctx.endpoints().gitlab
        );
        let reply = match ctx.get(&url, &[("private-token", secret)]) {
            Ok(r) => r,
            Err(v) => return v,
        };
        match reply.status {
            200 => {
                let Some(json) = reply.json() else {
                    return Verification::unknown(
                        "GitLab answered 200 with a body that is not JSON",
                    );
                };
                if json.get("revoked").and_then(|v| v.as_bool()) == Some(true)
                    || json.get("active").and_then(|v| v.as_bool()) == Some(false)
                {
                    return Verification::invalid("GitLab: the token is revoked or inactive");
                }
                let Some(user) = json.get("user_id").and_then(|v| v.as_u64()) else {
                    return Verification::unknown("GitLab answered 200 without a user_id");
                };
                let name = json_str(&json, "/name").unwrap_or("?");
                let scopes: Vec<&str> = json
                    .get("scopes")
                    .and_then(|s| s.as_array())
                    .map(|a| a.iter().filter_map(|s| s.as_str()).collect())
                    .unwrap_or_default();
                let mut detail = format!(
                    "GitLab token \"{name}\" of user {user}; scopes: {}",
                    if scopes.is_empty() {
                        "none".to_string()
                    } else {
                        scopes.join(", ")
                    }
                );
                if let Some(exp) = json_str(&json, "/expires_at") {
                    detail.push_str(&format!("; expires {exp}"));
                }
                Verification::live(Some(format!("user {user}")), detail)
            }
            401 => Verification::invalid("GitLab: the token is invalid, revoked or expired (401)"),
            // Insufficient scope: the token authenticated.
            403 => Verification::unknown(
                "GitLab refused the call (403): the token may be live with a narrower scope",
            ),
            _ => by_status("GitLab", &reply),
        }
    }
}
