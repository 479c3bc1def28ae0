//! OpenAI and Anthropic: a models list, the cheapest authenticated read.
//! Neither returns a user; both name the key's organization in a response
//! header (`openai-organization`, `anthropic-organization-id`).

use super::http::{by_status, json_str, Reply};
use super::{Context, Verification, Verifier};

/// OpenAI `GET /v1/models`.
pub(crate) struct OpenAi;

/// Anthropic `GET /v1/models` (admin keys: `GET /v1/organizations/me`).
pub(crate) struct Anthropic;

/// The number of models in a models list, `None` if the body is not one.
fn models(reply: &Reply) -> Option<usize> {
    reply
        .json()
        .and_then(|j| j.get("data").and_then(|d| d.as_array()).map(Vec::len))
}

/// A 200 models list: live, or unknown when the body is not a list.
fn listed(provider: &str, org: Option<String>, reply: &Reply) -> Verification {
    match models(reply) {
        Some(n) => Verification::live(org, format!("{provider} key; {n} models listed")),
        None => Verification::unknown(format!("{provider} answered 200 without a models list")),
    }
}

impl Verifier for OpenAi {
    fn provider(&self) -> &'static str {
        "OpenAI"
    }

    fn describe(&self) -> &'static str {
        "GET https://api.openai.com/v1/models"
    }

    fn verify(&self, secret: &str, ctx: &Context) -> Verification {
        let url = format!("{}/v1/models", ctx.endpoints().openai);
        let auth = format!("Bearer {secret}");
        let reply = match ctx.get(&url, &[("authorization", &auth)]) {
            Ok(r) => r,
            Err(v) => return v,
        };
        let org = reply.header("openai-organization").map(str::to_string);
        let json = reply.json();
        let code = json.as_ref().and_then(|j| json_str(j, "/error/code"));
        let message = json
            .as_ref()
            .and_then(|j| json_str(j, "/error/message"))
            .unwrap_or("");
        match reply.status {
            200 => listed("OpenAI", org, &reply),
            // A restricted key without the models scope authenticated.
            401 if message.contains("insufficient permissions")
                || message.contains("Missing scopes") =>
            {
                Verification::live(
                    org,
                    "OpenAI restricted key: authenticated, may not list models",
                )
            }
            401 => Verification::invalid(format!(
                "OpenAI: {} (401)",
                code.unwrap_or("invalid authentication")
            )),
            // Out of credit: the key is valid.
            429 if code == Some("insufficient_quota") => {
                Verification::live(org, "OpenAI key with no remaining quota")
            }
            403 => Verification::unknown("OpenAI refused the call (403)"),
            _ => by_status("OpenAI", &reply),
        }
    }
}

impl Verifier for Anthropic {
    fn provider(&self) -> &'static str {
        "Anthropic"
    }

    fn describe(&self) -> &'static str {
        "GET https://api.anthropic.com/v1/models"
    }

    fn verify(&self, secret: &str, ctx: &Context) -> Verification {
        let admin = secret.starts_with("sk-ant-admin");
        let path = if admin {
            "/v1/organizations/me"
        } else {
            "/v1/models"
        };
        let url = format!("{}{path}", ctx.endpoints().anthropic);
        let reply = match ctx.get(
            &url,
            &[("x-api-key", secret), ("anthropic-version", "2023-06-01")],
        ) {
            Ok(r) => r,
            Err(v) => return v,
        };
        let org = reply
            .header("anthropic-organization-id")
            .map(str::to_string);
        match reply.status {
            200 if admin => {
                let json = reply.json();
                let Some(id) = json.as_ref().and_then(|j| json_str(j, "/id")) else {
                    return Verification::unknown(
                        "Anthropic answered 200 without an organization id",
                    );
                };
                let detail = match json.as_ref().and_then(|j| json_str(j, "/name")) {
                    Some(n) => format!("Anthropic admin key of organization {n}"),
                    None => "Anthropic admin key".to_string(),
                };
                Verification::live(Some(id.to_string()), detail)
            }
            200 => listed("Anthropic API", org, &reply),
            401 => Verification::invalid("Anthropic: authentication_error (401)"),
            403 => Verification::unknown("Anthropic: permission_error (403)"),
            529 => Verification::unknown("Anthropic is overloaded (529); try again later"),
            _ => by_status("Anthropic", &reply),
        }
    }
}
