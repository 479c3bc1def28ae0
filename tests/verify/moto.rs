//! AWS verification against moto, a real SigV4-checking STS and IAM, run
//! as a server on 127.0.0.1 by this test in authenticating mode: moto
//! skips authentication for the first `INITIAL_NO_AUTH_ACTION_COUNT`
//! requests (the setup below makes exactly that many), then checks every
//! signature against the keys it issued.
//!
//! moto comes from PyPI into a virtual environment under the target
//! directory, created on first use and kept between runs (`.ci/moto.sh`
//! makes the same one). Without Python 3 the test says so and what to
//! install, and reports itself as skipped; with `KEYGATE_REQUIRE_MOTO=1`
//! (as CI sets) it fails instead.

use crate::{aws_key_id, fake, options, BASE64};
use keygate::verify::{verify_all, Request, Status};
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Setup actions run without authentication (see the script below).
const SETUP_ACTIONS: u32 = 4;

const SETUP: &str = r#"
import json, sys
import boto3
kw = dict(endpoint_url=sys.argv[1], region_name="us-east-1",
          aws_access_key_id="testing", aws_secret_access_key="testing")
iam = boto3.client("iam", **kw)
sts = boto3.client("sts", **kw)
iam.create_user(UserName="deploy")
key = iam.create_access_key(UserName="deploy")["AccessKey"]
trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
         "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]}
role = iam.create_role(RoleName="Deployer", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
creds = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="ci-42")["Credentials"]
print(json.dumps({"id": key["AccessKeyId"], "secret": key["SecretAccessKey"],
                  "role_id": creds["AccessKeyId"], "role_secret": creds["SecretAccessKey"],
                  "role_token": creds["SessionToken"]}))
"#;

/// Says why the test is skipped, past libtest's output capture, so that it
/// shows in a normal `cargo test` run.
fn skip(why: &str) {
    let msg = format!("SKIPPED: moto STS test: {why}");
    if std::env::var_os("KEYGATE_REQUIRE_MOTO").is_some_and(|v| v == "1") {
        panic!("{msg} (KEYGATE_REQUIRE_MOTO=1)");
    }
    let _ = writeln!(std::io::stderr(), "\n{msg}");
}

fn python() -> Option<PathBuf> {
    ["python3", "python"].into_iter().find_map(|name| {
        let ok = Command::new(name)
            .args([
                "-c",
                "import sys, venv; sys.exit(sys.version_info < (3, 9))",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| PathBuf::from(name))
    })
}

/// The cached virtual environment with moto, made if missing. `Err` with
/// the reason when Python 3 is absent.
fn moto_venv() -> Result<PathBuf, String> {
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("moto-venv");
    let py = venv.join("bin").join("python");
    let ready = venv.join(".keygate-ready");
    if ready.exists() && py.exists() {
        return Ok(py);
    }
    let Some(system) = python() else {
        return Err(
            "Python 3 (3.9 or later, with the venv module) is not installed; \
                    install it (Debian: apt-get install python3 python3-venv) to run it"
                .to_string(),
        );
    };
    let _ = std::fs::remove_dir_all(&venv);
    let run = |cmd: &mut Command, what: &str| {
        let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(
            out.status.success(),
            "{what} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(
        Command::new(&system).arg("-m").arg("venv").arg(&venv),
        "python3 -m venv",
    );
    run(
        Command::new(&py).args(["-m", "pip", "install", "--quiet", "moto[server]>=5,<6"]),
        "pip install moto[server] (from PyPI)",
    );
    std::fs::write(&ready, "moto installed by tests/verify/moto.rs\n").unwrap();
    Ok(py)
}

/// A port nothing listens on (now).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The moto server, stopped (killed by its own PID) when dropped.
struct Moto {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Moto {
    fn start(py: &Path, dir: &Path) -> Moto {
        let port = free_port();
        let log = dir.join("moto.log");
        let out = std::fs::File::create(&log).unwrap();
        let child = Command::new(py)
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .env("INITIAL_NO_AUTH_ACTION_COUNT", SETUP_ACTIONS.to_string())
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("start moto");
        let moto = Moto {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
        };
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "moto did not start within 60 s:\n{}",
                moto.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn aws_keys_against_moto() {
    let py = match moto_venv() {
        Ok(py) => py,
        Err(why) => return skip(&why),
    };
    let dir = tempfile::tempdir().unwrap();
    let moto = Moto::start(&py, dir.path());

    // Setup, unauthenticated: an IAM user with an access key, and a role
    // session with temporary credentials.
    let out = Command::new(&py)
        .args(["-c", SETUP, &moto.url])
        .env("AWS_CONFIG_FILE", dir.path().join("none"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.path().join("none"))
        .env_remove("AWS_PROFILE")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "setup failed:\n{}\nmoto log:\n{}",
        String::from_utf8_lossy(&out.stderr),
        moto.log()
    );
    let made: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let get = |k: &str| made[k].as_str().unwrap().to_string();
    let (id, secret) = (get("id"), get("secret"));
    let (role_id, role_secret, role_token) =
        (get("role_id"), get("role_secret"), get("role_token"));
    assert!(role_id.starts_with(&["AS", "IA"].concat()), "{role_id}");

    let mut wrong = secret.clone().into_bytes();
    wrong[7] = if wrong[7] == b'A' { b'B' } else { b'A' };
    let wrong = String::from_utf8(wrong).unwrap();
    let unknown_id = aws_key_id(["AK", "IA"], 80);
    let bad_token = format!("{}{}", &role_token[..role_token.len() - 4], "AAAA");
    let reqs = [
        Request::new("aws-credential-pair", format!("{id} {secret}"), "f1"),
        Request::new("aws-credential-pair", format!("{id} {wrong}"), "f2"),
        Request::new(
            "aws-credential-pair",
            format!("{unknown_id} {}", fake(81, BASE64, 40)),
            "f3",
        ),
        Request::new(
            "aws-credential-pair",
            format!("{role_id} {role_secret} {role_token}"),
            "f4",
        ),
        Request::new(
            "aws-credential-pair",
            format!("{role_id} {role_secret} {bad_token}"),
            "f5",
        ),
    ];
    let opts = options(&[("AWS_ENDPOINT_URL_STS", moto.url.clone())]);
    let got: Vec<_> = verify_all(&reqs, &opts)
        .into_iter()
        .map(Option::unwrap)
        .collect();
    let ctx = format!("{got:#?}\nmoto log:\n{}", moto.log());

    // The right pair: live, with the user's ARN.
    assert_eq!(got[0].status, Status::Live, "{ctx}");
    assert_eq!(
        got[0].identity.as_deref(),
        Some("arn:aws:iam::123456789012:user/deploy"),
        "{ctx}"
    );
    assert!(
        got[0]
            .detail
            .starts_with("IAM user deploy of AWS account 123456789012"),
        "{ctx}"
    );
    assert!(!got[0].root);
    // A wrong secret for a real key ID: moto checked the signature.
    assert_eq!(got[1].status, Status::Invalid, "{ctx}");
    assert!(got[1].detail.starts_with("SignatureDoesNotMatch"), "{ctx}");
    // A key ID moto never issued.
    assert_eq!(got[2].status, Status::Invalid, "{ctx}");
    assert!(got[2].detail.starts_with("InvalidClientTokenId"), "{ctx}");
    // Temporary credentials with their session token: an assumed role.
    assert_eq!(got[3].status, Status::Live, "{ctx}");
    assert_eq!(
        got[3].identity.as_deref(),
        Some("arn:aws:sts::123456789012:assumed-role/Deployer/ci-42"),
        "{ctx}"
    );
    assert!(
        got[3]
            .detail
            .starts_with("assumed role Deployer (session ci-42)"),
        "{ctx}"
    );
    // ... and with a tampered session token.
    assert_eq!(got[4].status, Status::Invalid, "{ctx}");

    // STS on a closed port: unknown, never invalid. AWS_ENDPOINT_URL_STS
    // wins over AWS_ENDPOINT_URL.
    let closed = format!("http://127.0.0.1:{}", free_port());
    let opts = options(&[
        ("AWS_ENDPOINT_URL", moto.url.clone()),
        ("AWS_ENDPOINT_URL_STS", closed),
    ]);
    let v = verify_all(&reqs[..1], &opts).remove(0).unwrap();
    assert_eq!(v.status, Status::Unknown, "{v:?}");
    assert!(
        v.detail.contains("connection refused") || v.detail.contains("connection failed"),
        "{v:?}"
    );
    // With only AWS_ENDPOINT_URL, the same pair reaches moto.
    let opts = options(&[("AWS_ENDPOINT_URL", moto.url.clone())]);
    assert_eq!(
        verify_all(&reqs[..1], &opts)[0].as_ref().unwrap().status,
        Status::Live
    );
}
