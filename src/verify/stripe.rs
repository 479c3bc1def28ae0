//! Stripe: `GET /v1/account`. A full secret key reads its account; a
//! restricted key without that permission gets 403, which Stripe documents
//! as "the API key doesn't have permissions": it authenticated.

use super::http::{by_status, json_str};
use super::{Context, Verification, Verifier};

/// `GET /v1/account`.
pub(crate) struct Account;

impl Verifier for Account {
    fn provider(&self) -> &'static str {
        "Stripe"
    }

    fn describe(&self) -> &'static str {
        "GET https://api.stripe.com/v1/account"
    }

    fn verify(&self, secret: &str, ctx: &Context) -> Verification {
        let url = format!("{}/v1/account", ctx.endpoints().stripe);
        let auth = format!("Bearer {secret}");
        let reply = match ctx.get(&url, &[("authorization", &auth)]) {
            Ok(r) => r,
            Err(v) => return v,
        };
        let kind = if secret.starts_with("rk_") {
            "restricted key"
        } else {
            "secret key (full access)"
        };
        let mode = if secret.contains("_test_") {
            "test"
        } else {
            "live"
        };
        match reply.status {
            200 => {
                let Some(json) = reply.json() else {
                    return Verification::unknown(
                        "Stripe answered 200 with a body that is not JSON",
                    );
                };
                let Some(id) = json_str(&json, "/id") else {
                    return Verification::unknown("Stripe answered 200 without an account id");
                };
                let name = json_str(&json, "/settings/dashboard/display_name")
                    .or_else(|| json_str(&json, "/business_profile/name"))
                    .or_else(|| json_str(&json, "/email"));
                let identity = match name {
                    Some(n) => format!("{id} ({n})"),
                    None => id.to_string(),
                };
                Verification::live(Some(identity), format!("Stripe {mode}-mode {kind}"))
            }
            401 => Verification::invalid("Stripe: no valid API key (401)"),
            403 => Verification::live(
                None,
                format!(
                    "Stripe {mode}-mode {kind}: authenticated, but may not read the account (403)"
                ),
            ),
            _ => by_status("Stripe", &reply),
        }
    }
}
