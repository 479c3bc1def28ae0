//! npm: `GET /-/whoami` on the registry names the token's user.

use super::http::{by_status, json_str};
use super::{Context, Verification, Verifier};

/// `GET /-/whoami`.
pub(crate) struct WhoAmI;

impl Verifier for WhoAmI {
    fn provider(&self) -> &'static str {
        "npm"
    }

    fn describe(&self) -> &'static str {
        "GET https://registry.npmjs.org/-/whoami"
    }

    fn verify(&self, secret: &str, ctx: &Context) -> Verification {
        let url = format!("{}/-/whoami", ctx.endpoints().npm);
        let auth = format!("Bearer {secret}");
        let reply = match ctx.get(
            &url,
            &[("authorization", &auth), ("accept", "application/json")],
        ) {
            Ok(r) => r,
            Err(v) => return v,
        };
        match reply.status {
            200 => match reply.json().as_ref().and_then(|j| json_str(j, "/username")) {
                Some(user) => {
                    Verification::live(Some(user.to_string()), format!("npm user {user}"))
                }
                None => Verification::unknown("npm answered 200 without a username"),
            },
            401 => Verification::invalid("npm: the token is invalid or revoked (401)"),
            403 => Verification::unknown("npm refused whoami (403)"),
            _ => by_status("npm", &reply),
        }
    }
}
