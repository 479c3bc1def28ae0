//! End-to-end tests of the verification engine (`keygate::verify`) against
//! real HTTP servers on 127.0.0.1: moto's STS and IAM (a real SigV4
//! checker, started by the test), and small local servers that answer as
//! each provider documents. No test reaches the internet.

mod aws;
mod engine;
mod moto;
mod providers;
mod server;

use keygate::verify::{Endpoints, Options};
use std::collections::HashMap;
use std::time::Duration;

/// Options whose endpoints come from `vars` (as they would from the
/// environment), with a short timeout.
pub fn options(vars: &[(&str, String)]) -> Options {
    let map: HashMap<&str, String> = vars.iter().cloned().collect();
    let mut opts = Options::with_endpoints(Endpoints::from_vars(|k| map.get(k).cloned()));
    opts.timeout = Duration::from_millis(1500);
    opts
}

/// Deterministic fake token material: `n` characters of `alphabet`, from
/// a xorshift generator seeded by `seed`. Prefixes are joined at run time
/// by the callers, so no key-shaped literal is in the source.
pub fn fake(seed: u64, alphabet: &str, n: usize) -> String {
    let chars: Vec<char> = alphabet.chars().collect();
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            chars[(x % chars.len() as u64) as usize]
        })
        .collect()
}

pub const ALNUM: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
pub const BASE32: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
pub const BASE64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// A fake AWS access key ID with the given four-letter prefix.
pub fn aws_key_id(prefix: [&str; 2], seed: u64) -> String {
    format!("{}{}{}", prefix[0], prefix[1], fake(seed, BASE32, 16))
}
