//! Slack: `POST auth.test`, which names the workspace and user or bot
//! behind a token. Slack answers 200 with `ok: false` for bad tokens.

use super::http::{by_status, json_str};
use super::{Context, Verification, Verifier};

/// `POST auth.test`.
pub(crate) struct AuthTest;

/// `error` values that mean the token itself is dead.
const DEAD: &[&str] = &[
    "invalid_auth",
    "account_inactive",
    "token_revoked",
    "token_expired",
    "not_authed",
];

impl Verifier for AuthTest {
    fn provider(&self) -> &'static str {
        "Slack"
    }

    fn describe(&self) -> &'static str {
        "POST https://slack.com/api/auth.test"
    }

    fn verify(&self, secret: &str, ctx: &Context) -> Verification {
        let url = format!("{}/auth.test", ctx.endpoints().slack);
        let auth = format!("Bearer {secret}");
        let reply = match ctx.post(
            &url,
            &[
                ("authorization", &auth),
                ("content-type", "application/x-www-form-urlencoded"),
            ],
            b"",
        ) {
            Ok(r) => r,
            Err(v) => return v,
        };
        if reply.status != 200 {
            return by_status("Slack", &reply);
        }
        let Some(json) = reply.json() else {
            return Verification::unknown("Slack answered 200 with a body that is not JSON");
        };
        match json.get("ok").and_then(|v| v.as_bool()) {
            Some(true) => {
                let team = json_str(&json, "/team").unwrap_or("?");
                let user = json_str(&json, "/user").unwrap_or("?");
                let who = if json_str(&json, "/bot_id").is_some() {
                    "bot"
                } else {
                    "user"
                };
                let mut detail = format!("Slack {who} {user} in workspace {team}");
                for (label, field) in [("team", "/team_id"), ("user", "/user_id")] {
                    if let Some(id) = json_str(&json, field) {
                        detail.push_str(&format!(", {label} {id}"));
                    }
                }
                Verification::live(Some(format!("{user}@{team}")), detail)
            }
            Some(false) => {
                let error = json_str(&json, "/error").unwrap_or("unknown_error");
                if DEAD.contains(&error) {
                    Verification::invalid(format!("Slack: {error}"))
                } else {
                    Verification::unknown(format!("Slack: {error}"))
                }
            }
            None => Verification::unknown("Slack answered 200 without \"ok\""),
        }
    }
}
