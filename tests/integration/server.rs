//! Server-side enforcement and pushes: real bare repositories with
//! `keygate install --pre-receive`, real `git push`es over file://, and the
//! client-side pre-push hook on real first pushes.

use crate::fake;
use crate::harness::{assert_contains, Repo, Run, KEYGATE};
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A bare repository that clients push to.
struct Server {
    _dir: TempDir,
    path: PathBuf,
}

impl Server {
    /// `git init --bare`, with `client` as the `origin` remote of it.
    fn new(client: &Repo) -> Server {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("server.git");
        client.git(&["init", "-q", "--bare", "-b", "main", path.to_str().unwrap()]);
        client.git(&[
            "remote",
            "add",
            "origin",
            &format!("file://{}", path.display()),
        ]);
        Server { _dir: dir, path }
    }

    fn git(&self, client: &Repo, args: &[&str]) -> String {
        let mut full = vec!["-C", self.path.to_str().unwrap()];
        full.extend(args);
        client.git(&full)
    }

    /// `keygate install --pre-receive --git-dir <server>`.
    fn install(&self, client: &Repo) -> Run {
        let run = client.keygate(&[
            "install",
            "--pre-receive",
            "--git-dir",
            self.path.to_str().unwrap(),
        ]);
        run.assert_code(0);
        run
    }

    fn hook(&self) -> PathBuf {
        self.path.join("hooks/pre-receive")
    }

    /// Sets the installed hook's extra arguments for keygate.
    fn set_args(&self, args: &str) {
        let text = fs::read_to_string(self.hook()).unwrap();
        assert!(text.contains("KEYGATE_ARGS=\"\""));
        fs::write(
            self.hook(),
            text.replacen("KEYGATE_ARGS=\"\"", &format!("KEYGATE_ARGS=\"{args}\""), 1),
        )
        .unwrap();
    }

    /// Whether the server's object store holds `sha`.
    fn has(&self, client: &Repo, sha: &str) -> bool {
        client
            .git_output(&["-C", self.path.to_str().unwrap(), "cat-file", "-e", sha])
            .status
            .success()
    }

    /// The server's value of `rev`, if any.
    fn rev(&self, client: &Repo, rev: &str) -> Option<String> {
        let out = client.git_output(&[
            "-C",
            self.path.to_str().unwrap(),
            "rev-parse",
            "--verify",
            "-q",
            rev,
        ]);
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    }
}

/// `git push` with `args`, whatever its outcome.
fn push(client: &Repo, args: &[&str]) -> Run {
    let mut full = vec!["push"];
    full.extend(args);
    Run::from(client.git_output(&full))
}

fn push_env(client: &Repo, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut full = vec!["push"];
    full.extend(args);
    let mut cmd = client.command("git", &full);
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run::from(cmd.output().unwrap())
}

fn head(client: &Repo) -> String {
    client.git(&["rev-parse", "HEAD"]).trim().to_string()
}

fn key_line(label: &str) -> String {
    format!("aws_access_key_id = {}\n", fake::aws_key_id(label))
}

/// A client with one clean commit pushed to a fresh server.
fn setup() -> (Repo, Server) {
    let client = Repo::new();
    let server = Server::new(&client);
    client
        .write("README.md", "hello\n")
        .add(&["README.md"])
        .commit("init");
    push(&client, &["-q", "origin", "main"]).assert_code(0);
    (client, server)
}

/// A refused push: git says so, keygate's report is on stderr (as
/// `remote:` lines), plain, with the secret redacted.
fn assert_refused(run: &Run, key: &str) {
    assert_ne!(run.code, 0, "the push must fail:\n{}", run.stderr);
    assert_contains(&run.stderr, "pre-receive hook declined");
    assert_contains(&run.stderr, "keygate: push refused");
    assert!(
        !run.stderr.contains(key),
        "the secret in full:\n{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains('\u{1b}'),
        "colour codes:\n{}",
        run.stderr
    );
}

/// The fingerprint keygate printed for the first finding.
fn fingerprint(stderr: &str) -> String {
    stderr
        .lines()
        .find_map(|l| l.split("fingerprint  ").nth(1))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| panic!("no fingerprint in:\n{stderr}"))
}

#[test]
fn a_key_buried_under_commits_that_removed_it_is_refused_and_never_stored() {
    let (client, server) = setup();
    let before = server.rev(&client, "main").unwrap();
    server.install(&client);
    let key = fake::aws_key_id("buried");
    client
        .write(
            "deploy/cfg.py",
            format!("x = 1\naws_access_key_id = {key}\n"),
        )
        .add(&["deploy/cfg.py"])
        .commit("add deploy config");
    let leak = head(&client);
    client.git(&["rm", "-q", "deploy/cfg.py"]);
    client.commit("remove it again");
    client
        .write("notes.txt", "nothing here\n")
        .add(&["notes.txt"])
        .commit("notes");
    let run = push(&client, &["origin", "main"]);
    assert_refused(&run, &key);
    assert_contains(&run.stderr, "deploy/cfg.py:2  aws-access-key-id");
    assert_contains(&run.stderr, &format!("commit       {}", &leak[..12]));
    assert_contains(&run.stderr, "3 new commit(s) on 1 ref(s)");
    assert_contains(&run.stderr, "pushed to    refs/heads/main");
    assert_contains(&run.stderr, "AKIA…  (redacted)");
    assert_contains(&run.stderr, "remediation  Deactivate the key");
    assert_contains(&run.stderr, "git rebase -i");
    assert_contains(&run.stderr, "git commit --amend");
    assert_contains(&run.stderr, "not with a new commit on top");
    assert_contains(&run.stderr, "Rotate");
    assert_eq!(server.rev(&client, "main").unwrap(), before);
    // keygate read the pushed commits from git's quarantine: they were
    // scanned, and refused, so they never reached the object store.
    assert!(!server.has(&client, &leak));
}

#[test]
fn the_hook_reads_objects_that_are_only_in_the_quarantine() {
    let (client, server) = setup();
    // A hook that was there before keygate, chained after it: it records
    // whether the pushed tip was in the quarantine and absent from the
    // repository's own object store while the hooks ran.
    let probe = server.path.join("probe.txt");
    fs::write(
        server.hook(),
        format!(
            "#!/bin/sh\nread old new ref\n\
             test -n \"$GIT_QUARANTINE_PATH\" && test -d \"$GIT_QUARANTINE_PATH\" && echo quarantine >> {p}\n\
             env -u GIT_OBJECT_DIRECTORY -u GIT_ALTERNATE_OBJECT_DIRECTORIES -u GIT_QUARANTINE_PATH git cat-file -e \"$new\" 2>/dev/null || echo absent >> {p}\n\
             git cat-file -e \"$new\" && echo readable >> {p}\n",
            p = probe.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(server.hook(), fs::Permissions::from_mode(0o755)).unwrap();
    }
    let run = server.install(&client);
    assert_contains(&run.stdout, "pre-receive.keygate-backup");
    client
        .write("app.py", "print('hi')\n")
        .add(&["app.py"])
        .commit("clean");
    let run = push(&client, &["origin", "main"]);
    run.assert_code(0);
    assert_contains(
        &run.stderr,
        "keygate: push checked: 1 new commit(s) on 1 ref(s), no secrets",
    );
    assert_eq!(
        fs::read_to_string(&probe).unwrap(),
        "quarantine\nabsent\nreadable\n"
    );
    assert_eq!(server.rev(&client, "main").unwrap(), head(&client));
}

#[test]
fn a_force_push_is_scanned_only_for_what_is_new_to_the_server() {
    let (client, server) = setup();
    // A secret the server already has (pushed before the hook existed).
    client
        .write("old.py", key_line("known"))
        .add(&["old.py"])
        .commit("old secret");
    let known = head(&client);
    client.write("b.txt", "b\n").add(&["b.txt"]).commit("b");
    push(&client, &["-q", "origin", "main"]).assert_code(0);
    server.install(&client);

    // Rewind to known history: nothing new.
    client.git(&["reset", "-q", "--hard", &known]);
    let run = push(&client, &["--force", "origin", "main"]);
    run.assert_code(0);
    assert_contains(&run.stderr, "0 new commit(s)");
    assert_eq!(server.rev(&client, "main").unwrap(), known);

    // A rewritten commit on top of the known secret: only it is new.
    client.write("c.txt", "c\n").add(&["c.txt"]).commit("c");
    client.git(&[
        "commit",
        "-q",
        "--amend",
        "--no-verify",
        "-m",
        "c, reworded",
    ]);
    push(&client, &["-q", "origin", "main"]).assert_code(0);
    client.git(&[
        "commit",
        "-q",
        "--amend",
        "--no-verify",
        "-m",
        "c, reworded again",
    ]);
    let run = push(&client, &["--force", "origin", "main"]);
    run.assert_code(0);
    assert_contains(&run.stderr, "1 new commit(s)");

    // The same rewrite re-adding the secret in a new commit is refused.
    client
        .write("again.py", key_line("known"))
        .add(&["again.py"])
        .commit("again");
    let run = push(&client, &["--force", "origin", "main"]);
    assert_refused(&run, &fake::aws_key_id("known"));
    assert_contains(&run.stderr, "again.py:1");
    assert!(!run.stderr.contains("old.py"), "{}", run.stderr);
}

#[test]
fn a_push_cannot_allowlist_its_own_secret() {
    let (client, server) = setup();
    server.install(&client);
    let key = fake::aws_key_id("self-allow");
    client
        .write(".keygate.yaml", "allowlist:\n  paths: [\"cfg/**\"]\n")
        .write(".keygateignore", "# nothing yet\n")
        .write("cfg/app.py", format!("aws_access_key_id = {key}\n"))
        .add(&[".keygate.yaml", ".keygateignore", "cfg/app.py"])
        .commit("config that allows its own secret");
    let run = push(&client, &["origin", "main"]);
    assert_refused(&run, &key);
    assert_contains(&run.stderr, "cfg/app.py:1");
    assert_contains(&run.stderr, "of refs/heads/main at");

    // The same allowlist, once the default branch has it, is the policy.
    let (client, server) = setup();
    client
        .write(".keygate.yaml", "allowlist:\n  paths: [\"cfg/**\"]\n")
        .add(&[".keygate.yaml"])
        .commit("policy");
    push(&client, &["-q", "origin", "main"]).assert_code(0);
    server.install(&client);
    client
        .write("cfg/app.py", format!("aws_access_key_id = {key}\n"))
        .add(&["cfg/app.py"])
        .commit("allowed by the server's policy");
    push(&client, &["origin", "main"]).assert_code(0);

    // A server-side --config wins over the branch's file.
    let policy = server.path.join("policy.yaml");
    fs::write(&policy, "disable: [generic-secret]\n").unwrap();
    server.set_args(&format!("--config {}", policy.display()));
    client
        .write("cfg/more.py", key_line("server-config"))
        .add(&["cfg/more.py"])
        .commit("not allowed by the server's own file");
    let run = push(&client, &["origin", "main"]);
    assert_refused(&run, &fake::aws_key_id("server-config"));
    assert_contains(&run.stderr, "policy: server configuration");
}

#[test]
fn a_merge_whose_resolution_adds_the_key_is_refused() {
    let (client, server) = setup();
    server.install(&client);
    client.git(&["checkout", "-q", "-b", "feature"]);
    client
        .write("feature.txt", "feature\n")
        .add(&["feature.txt"])
        .commit("feature work");
    client.git(&["checkout", "-q", "main"]);
    client
        .write("main.txt", "main\n")
        .add(&["main.txt"])
        .commit("main work");
    client.git(&["merge", "-q", "--no-ff", "--no-commit", "feature"]);
    let key = fake::aws_key_id("evil-merge");
    client
        .write("main.txt", format!("main\naws_access_key_id = {key}\n"))
        .add(&["main.txt"]);
    client.git(&["commit", "-q", "--no-verify", "-m", "merge feature"]);
    let merge = head(&client);
    let run = push(&client, &["origin", "main"]);
    assert_refused(&run, &key);
    assert_contains(&run.stderr, "main.txt:2");
    assert_contains(&run.stderr, &format!("commit       {}", &merge[..12]));
    assert_contains(&run.stderr, "3 new commit(s)");
}

#[test]
fn deletions_and_known_commits_under_new_names_pass() {
    let (client, server) = setup();
    client.git(&["checkout", "-q", "-b", "leaky"]);
    client
        .write("old.py", key_line("deleted-branch"))
        .add(&["old.py"])
        .commit("a secret from before the hook");
    push(&client, &["-q", "origin", "leaky"]).assert_code(0);
    client.git(&["checkout", "-q", "main"]);
    server.install(&client);
    // Known commits (the secret among them) under new names: nothing new.
    let mut args = vec!["origin".to_string()];
    for i in 0..20 {
        args.push(format!("leaky:refs/heads/copy-{i}"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = push(&client, &args);
    run.assert_code(0);
    assert_contains(&run.stderr, "0 new commit(s) on 20 ref(s)");
    // Deleting the branch that holds it.
    let run = push(&client, &["origin", ":leaky"]);
    run.assert_code(0);
    assert_contains(&run.stderr, "0 new commit(s) on 0 ref(s)");
    assert_eq!(server.rev(&client, "refs/heads/leaky"), None);
}

#[test]
fn tags_annotated_and_lightweight() {
    let (client, server) = setup();
    server.install(&client);
    // A tag of a known commit: nothing new, either kind.
    client.git(&["tag", "light-known"]);
    client.git(&["tag", "-a", "-m", "release", "v1"]);
    let run = push(&client, &["origin", "light-known", "v1"]);
    run.assert_code(0);
    assert_contains(&run.stderr, "0 new commit(s) on 2 ref(s)");
    assert!(server.rev(&client, "refs/tags/v1").is_some());

    // Tags of a commit the server does not have, with a key in it.
    client.git(&["checkout", "-q", "--detach"]);
    let key = fake::aws_key_id("tagged");
    client
        .write("tagged.py", format!("aws_access_key_id = {key}\n"))
        .add(&["tagged.py"])
        .commit("only on a tag");
    client.git(&["tag", "-a", "-m", "release 2", "v2"]);
    client.git(&["tag", "light-new"]);
    let run = push(&client, &["origin", "v2"]);
    assert_refused(&run, &key);
    assert_contains(&run.stderr, "tagged.py:1");
    assert_contains(&run.stderr, "pushed to    refs/tags/v2");
    let run = push(&client, &["origin", "light-new"]);
    assert_refused(&run, &key);
    assert_contains(&run.stderr, "pushed to    refs/tags/light-new");
    assert_eq!(server.rev(&client, "refs/tags/v2"), None);
}

#[test]
fn many_refs_in_one_push_are_refused_for_the_one_that_leaks() {
    let (client, server) = setup();
    server.install(&client);
    let mut refspecs = vec!["origin".to_string()];
    for i in 0..30 {
        client.git(&["checkout", "-q", "-b", &format!("b{i}"), "main"]);
        let (path, text) = if i == 17 {
            ("leak.py".to_string(), key_line("many"))
        } else {
            (format!("f{i}.txt"), format!("file {i}\n"))
        };
        client.write(&path, text).add(&[&path]).commit("work");
        refspecs.push(format!("b{i}"));
    }
    let args: Vec<&str> = refspecs.iter().map(String::as_str).collect();
    let run = push(&client, &args);
    assert_refused(&run, &fake::aws_key_id("many"));
    assert_contains(&run.stderr, "30 new commit(s) on 30 ref(s)");
    assert_contains(&run.stderr, "pushed to    refs/heads/b17");
    assert!(!run.stderr.contains("refs/heads/b16"), "{}", run.stderr);
    // The whole push is refused: no ref was updated.
    assert_eq!(server.rev(&client, "refs/heads/b0"), None);
}

/// A server whose default branch says `allow_push_options: true`, with a
/// log, and a client with a pushed secret refused once.
fn break_glass(allow: bool) -> (Repo, Server, PathBuf, String, Run) {
    let (client, server) = setup();
    if allow {
        client
            .write(".keygate.yaml", "allow_push_options: true\n")
            .add(&[".keygate.yaml"])
            .commit("server policy");
        push(&client, &["-q", "origin", "main"]).assert_code(0);
    }
    server.git(&client, &["config", "receive.advertisePushOptions", "true"]);
    server.install(&client);
    let log = server.path.join("keygate.jsonl");
    server.set_args(&format!("--log {}", log.display()));
    client
        .write("vendor.py", key_line("break-glass"))
        .add(&["vendor.py"])
        .commit("vendor sandbox key");
    let run = push(&client, &["origin", "main"]);
    assert_refused(&run, &fake::aws_key_id("break-glass"));
    let fp = fingerprint(&run.stderr);
    (client, server, log, fp, run)
}

#[test]
fn push_option_break_glass_is_honoured_only_when_the_server_allows_it() {
    let (client, server, log, fp, run) = break_glass(true);
    assert_contains(&run.stderr, "git push -o keygate.allow=<fingerprint>");
    let opt = format!("keygate.allow={fp}");
    let run = push_env(
        &client,
        &["-o", &opt, "origin", "main"],
        &[("REMOTE_USER", "alice")],
    );
    run.assert_code(0);
    assert_contains(
        &run.stderr,
        &format!("keygate: ALLOWED by push option keygate.allow={fp} (alice; logged): vendor.py:1 aws-access-key-id"),
    );
    assert_eq!(server.rev(&client, "main").unwrap(), head(&client));
    let lines: Vec<serde_json::Value> = fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["decision"], "refused");
    assert_eq!(lines[0]["findings"][0]["fingerprint"], fp.as_str());
    assert_eq!(lines[0]["ref"], "refs/heads/main");
    assert_eq!(lines[1]["decision"], "accepted");
    assert_eq!(lines[1]["allowed"][0], fp.as_str());
    assert_eq!(lines[1]["pusher"], "alice");
    assert_eq!(lines[1]["new"], head(&client).as_str());
    assert!(lines[1]["time"].as_str().unwrap().ends_with('Z'));

    // Without the setting the option changes nothing.
    let (client, server, log, fp, _) = break_glass(false);
    let opt = format!("keygate.allow={fp}");
    let run = push(&client, &["-o", &opt, "origin", "main"]);
    assert_refused(&run, &fake::aws_key_id("break-glass"));
    assert_contains(
        &run.stderr,
        "ignored: this server does not set allow_push_options",
    );
    assert!(
        !run.stderr.contains("git push -o keygate.allow"),
        "{}",
        run.stderr
    );
    assert_ne!(server.rev(&client, "main").unwrap(), head(&client));
    let text = fs::read_to_string(&log).unwrap();
    assert_eq!(text.lines().count(), 2);
    assert!(!text.contains("\"accepted\""), "{text}");
}

#[test]
fn a_timeout_refuses_by_default_and_accepts_only_when_configured() {
    let (client, server) = setup();
    server.install(&client);
    let log = server.path.join("log.jsonl");
    server.set_args(&format!("--timeout 1ms --log {}", log.display()));
    client
        .write("a.txt", "a\n")
        .add(&["a.txt"])
        .commit("clean but slow to check");
    let run = push(&client, &["origin", "main"]);
    assert_ne!(run.code, 0);
    assert_contains(
        &run.stderr,
        "keygate: push refused: the secret scan did not finish within 0.001s",
    );
    assert_contains(&fs::read_to_string(&log).unwrap(), "\"refused-timeout\"");

    let (client, server) = setup();
    client
        .write(".keygate.yaml", "on_timeout: accept\n")
        .add(&[".keygate.yaml"])
        .commit("accept on timeout");
    push(&client, &["-q", "origin", "main"]).assert_code(0);
    server.install(&client);
    server.set_args("--timeout 1ms");
    client.write("b.txt", "b\n").add(&["b.txt"]).commit("more");
    let run = push(&client, &["origin", "main"]);
    run.assert_code(0);
    assert_contains(&run.stderr, "push accepted WITHOUT a complete secret scan");
    // A generous budget changes nothing.
    let (client2, server2) = setup();
    server2.install(&client2);
    server2.set_args("--timeout 1m");
    client2
        .write("leak.py", key_line("timeout"))
        .add(&["leak.py"])
        .commit("leak");
    assert_refused(
        &push(&client2, &["origin", "main"]),
        &fake::aws_key_id("timeout"),
    );
}

#[test]
fn install_and_uninstall_keep_and_chain_an_existing_hook() {
    let (client, server) = setup();
    let seen = server.path.join("seen.txt");
    let original = format!("#!/bin/sh\ncat >> {}\n", seen.display());
    fs::write(server.hook(), &original).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(server.hook(), fs::Permissions::from_mode(0o755)).unwrap();
    }
    let run = server.install(&client);
    assert_contains(&run.stdout, "kept as");
    let text = fs::read_to_string(server.hook()).unwrap();
    assert_contains(&text, "keygate-managed-hook");
    assert_contains(
        &text,
        &format!(
            "KEYGATE_BIN='{}'",
            Path::new(KEYGATE).canonicalize().unwrap().display()
        ),
    );
    assert_contains(&text, "KEYGATE_CHAIN=pre-receive.keygate-backup");
    // Installing again keeps the chain and the arguments given to keygate.
    server.set_args("--timeout 1m");
    let run = server.install(&client);
    assert_contains(&run.stdout, "kept the hook's KEYGATE_ARGS=\"--timeout 1m\"");
    let text = fs::read_to_string(server.hook()).unwrap();
    assert_contains(&text, "KEYGATE_ARGS=\"--timeout 1m\"\n");
    assert_contains(&text, "KEYGATE_CHAIN=pre-receive.keygate-backup");
    assert_eq!(
        fs::read_to_string(server.path.join("hooks/pre-receive.keygate-backup")).unwrap(),
        original
    );

    client.write("x.txt", "x\n").add(&["x.txt"]).commit("x");
    let old = server.rev(&client, "main").unwrap();
    push(&client, &["-q", "origin", "main"]).assert_code(0);
    // The chained hook got git's input, unchanged.
    assert_eq!(
        fs::read_to_string(&seen).unwrap(),
        format!("{old} {} refs/heads/main\n", head(&client))
    );
    // A refused push does not reach the chained hook.
    client
        .write("leak.py", key_line("chain"))
        .add(&["leak.py"])
        .commit("leak");
    assert_refused(
        &push(&client, &["origin", "main"]),
        &fake::aws_key_id("chain"),
    );
    assert_eq!(fs::read_to_string(&seen).unwrap().lines().count(), 1);

    let run = client.keygate(&[
        "install",
        "--pre-receive",
        "--uninstall",
        "--git-dir",
        server.path.to_str().unwrap(),
    ]);
    run.assert_code(0);
    assert_contains(&run.stdout, "restored");
    assert_eq!(fs::read_to_string(server.hook()).unwrap(), original);
    assert!(!server
        .path
        .join("hooks/pre-receive.keygate-backup")
        .exists());
    // Inside the bare repository, without --git-dir.
    let run = client.keygate_in(&server.path, &["install", "--pre-receive"]);
    run.assert_code(0);
    assert_contains(&run.stdout, "installed the pre-receive hook");
}

#[test]
fn a_missing_binary_refuses_the_push() {
    let (client, server) = setup();
    server.install(&client);
    let text = fs::read_to_string(server.hook()).unwrap();
    let bin_line = text
        .lines()
        .find(|l| l.starts_with("KEYGATE_BIN="))
        .unwrap();
    fs::write(
        server.hook(),
        text.replacen(bin_line, "KEYGATE_BIN='/nonexistent/keygate'", 1),
    )
    .unwrap();
    client.write("a.txt", "a\n").add(&["a.txt"]).commit("a");
    let mut cmd = client.command("git", &["push", "origin", "main"]);
    cmd.env("PATH", "/usr/bin:/bin");
    let run = Run::from(cmd.output().unwrap());
    assert_ne!(run.code, 0);
    assert_contains(&run.stderr, "cannot find the keygate binary");
}

#[test]
fn pre_push_hook_blocks_the_first_push_of_a_new_repository_and_later_pushes() {
    let client = Repo::new();
    let server = Server::new(&client);
    let run = client.keygate(&["install", "--pre-push"]);
    run.assert_code(0);
    assert_contains(&run.stdout, "installed the pre-push hook");
    // The root commit holds the key: the first push is blocked.
    client
        .write("settings.py", key_line("first-push"))
        .add(&["settings.py"])
        .commit("first commit");
    client
        .write("README.md", "hi\n")
        .add(&["README.md"])
        .commit("readme");
    let run = push(&client, &["origin", "main"]);
    assert_ne!(run.code, 0);
    assert_contains(&run.stderr, "settings.py:1:21");
    assert_contains(&run.stderr, "keygate: push blocked");
    assert_eq!(server.rev(&client, "main"), None);

    // Rewritten without the key, the first push goes through.
    client.git(&["rm", "-q", "settings.py"]);
    client.git(&["commit", "-q", "--no-verify", "-m", "drop"]);
    let run = push(&client, &["origin", "main"]);
    assert_ne!(run.code, 0, "a new commit on top is not enough");
    client.git(&["checkout", "-q", "--orphan", "clean"]);
    client.git(&["rm", "-rq", "--cached", "."]);
    client
        .write("README.md", "hi\n")
        .add(&["README.md"])
        .commit("clean start");
    client.git(&["branch", "-q", "-M", "main"]);
    push(&client, &["-q", "origin", "main"]).assert_code(0);

    // A later push: remote..local only.
    client
        .write("later.py", key_line("later"))
        .add(&["later.py"])
        .commit("later");
    let run = push(&client, &["origin", "main"]);
    assert_ne!(run.code, 0);
    assert_contains(&run.stderr, "later.py:1:21");
    client.git(&["reset", "-q", "--hard", "HEAD~1"]);
    client
        .write("fine.txt", "fine\n")
        .add(&["fine.txt"])
        .commit("fine");
    push(&client, &["-q", "origin", "main"]).assert_code(0);
    // Deleting a remote branch is not scanned.
    push(&client, &["-q", "origin", "main:gone"]).assert_code(0);
    push(&client, &["-q", "origin", ":gone"]).assert_code(0);

    let run = client.keygate(&["install", "--pre-push", "--uninstall"]);
    run.assert_code(0);
    assert!(!client.path().join(".git/hooks/pre-push").exists());
}

#[test]
fn pre_push_install_chains_an_existing_hook() {
    let client = Repo::new();
    let server = Server::new(&client);
    let hook = client.path().join(".git/hooks/pre-push");
    let seen = client.path().join(".git/seen.txt");
    let original = format!(
        "#!/bin/sh\necho \"$1\" >> {s}\ncat >> {s}\n",
        s = seen.display()
    );
    fs::create_dir_all(hook.parent().unwrap()).unwrap();
    fs::write(&hook, &original).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).unwrap();
    }
    client.keygate(&["install", "--pre-push"]).assert_code(0);
    client.write("a.txt", "a\n").add(&["a.txt"]).commit("a");
    push(&client, &["-q", "origin", "main"]).assert_code(0);
    let got = fs::read_to_string(&seen).unwrap();
    assert!(got.starts_with("origin\nrefs/heads/main "), "{got}");
    let _ = server;
    client
        .keygate(&["install", "--pre-push", "--uninstall"])
        .assert_code(0);
    assert_eq!(fs::read_to_string(&hook).unwrap(), original);
}

#[test]
fn diff_without_a_range_scans_what_no_remote_has_on_a_first_push() {
    // The pre-commit framework runs `keygate diff` with no range and no
    // refs when a push contains the root commit; a plain hook doing the
    // same shows it on a real first push.
    let client = Repo::new();
    let server = Server::new(&client);
    let hook = client.path().join(".git/hooks/pre-push");
    fs::create_dir_all(hook.parent().unwrap()).unwrap();
    fs::write(&hook, format!("#!/bin/sh\nexec '{KEYGATE}' diff\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).unwrap();
    }
    client.write("a.txt", "a\n").add(&["a.txt"]).commit("a");
    let run = push(&client, &["origin", "main"]);
    run.assert_code(0);
    assert!(!run.stderr.contains("RANGE"), "{}", run.stderr);
    client
        .write("k.py", key_line("no-range"))
        .add(&["k.py"])
        .commit("k");
    let run = push(&client, &["origin", "main"]);
    assert_ne!(run.code, 0);
    // git passes a pre-push hook's standard output through to its own.
    assert_contains(&run.stdout, "k.py:1:21");
    assert!(server.rev(&client, "main").is_some());
    // The branch the framework names wins over HEAD.
    client.git(&["checkout", "-q", "-b", "other", "HEAD~1"]);
    let mut cmd = std::process::Command::new(KEYGATE);
    crate::harness::isolate(&mut cmd, client.home());
    let out = cmd
        .args(["diff", "--format", "json"])
        .env("PRE_COMMIT_LOCAL_BRANCH", "refs/heads/main")
        .current_dir(client.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    client.keygate(&["diff"]).assert_code(0);
}

#[test]
fn renames_and_edits_in_folders_are_judged_by_the_lines_they_add() {
    let (client, server) = setup();
    // A secret the server already has, pushed before the hook, and allowed
    // there by fingerprint through .keygateignore.
    client
        .write("a/b/old.py", key_line("moved"))
        .write("a/b/other.txt", "one\ntwo\n")
        .add(&["a/b/old.py", "a/b/other.txt"])
        .commit("before the hook");
    push(&client, &["-q", "origin", "main"]).assert_code(0);
    server.install(&client);

    // A pure rename adds no line.
    client.git(&["mv", "a/b/old.py", "a/moved.py"]);
    client.commit("move it");
    let run = push(&client, &["origin", "main"]);
    run.assert_code(0);
    assert_contains(&run.stderr, "1 new commit(s)");

    // A rename with an edit: only the added line counts.
    client.write("a/moved.py", format!("{}x = 1\n", key_line("moved")));
    client.git(&["add", "a/moved.py"]);
    client.git(&["mv", "a/moved.py", "a/b/again.py"]);
    client.commit("move and edit");
    push(&client, &["-q", "origin", "main"]).assert_code(0);

    // An edit deep in a folder: the line it adds, numbered in the new file.
    client.write("a/b/other.txt", format!("one\ntwo\n{}", key_line("deep")));
    client.add(&["a/b/other.txt"]).commit("deep edit");
    let run = push(&client, &["origin", "main"]);
    assert_refused(&run, &fake::aws_key_id("deep"));
    assert_contains(&run.stderr, "a/b/other.txt:3  aws-access-key-id");
    assert!(!run.stderr.contains("again.py"), "{}", run.stderr);
}

#[test]
fn reading_a_push_matches_diffing_each_commit_against_its_first_parent() {
    use keygate::source::{commits, push};
    let repo = Repo::new();
    repo.write("top.txt", "1\n2\n3\n")
        .write("d/e/f.txt", "a\nb\n")
        .write("d/g.txt", "g\n")
        .add(&["."])
        .commit("root");
    repo.write("d/e/f.txt", "a\nX\nb\nY\n")
        .write("d/e/new.txt", "new\n")
        .add(&["."])
        .commit("edit deep, add deep");
    repo.git(&["update-index", "--chmod=+x", "d/g.txt"]);
    repo.commit("mode only");
    repo.git(&["rm", "-q", "top.txt"]);
    repo.commit("delete");
    repo.git(&["mv", "d/g.txt", "h.txt"]);
    repo.write("h.txt", "g\nmore\n")
        .add(&["h.txt"])
        .commit("rename with edit");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("h.txt", repo.path().join("link")).unwrap();
        repo.add(&["link"]).commit("symlink");
    }
    repo.git(&["checkout", "-q", "-b", "side", "HEAD~2"]);
    repo.write("side.txt", "s\n")
        .add(&["side.txt"])
        .commit("side");
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--no-ff", "--no-commit", "side"]);
    repo.write("d/e/f.txt", "a\nX\nb\nY\nmerge\n")
        .add(&["d/e/f.txt"]);
    repo.git(&["commit", "-q", "--no-verify", "-m", "merge"]);
    repo.git(&["rm", "-rq", "d/e"]);
    repo.write("d/e", "now a file\n")
        .add(&["d/e"])
        .commit("folder to file");

    let git = git2::Repository::open(repo.path()).unwrap();
    let ids = commits::commits_in(&git, "HEAD").unwrap();
    let all: Vec<git2::Oid> = {
        let mut w = git.revwalk().unwrap();
        w.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)
            .unwrap();
        w.push(ids[0]).unwrap();
        w.collect::<Result<_, _>>().unwrap()
    };
    assert!(all.len() >= 9, "{}", all.len());
    let shape = |cc: &commits::CommitChanges| {
        let mut v: Vec<(String, Vec<u8>, String)> = cc
            .changes
            .blobs
            .iter()
            .map(|b| {
                (
                    b.path.display().to_string(),
                    b.bytes.clone(),
                    format!("{:?}", b.added),
                )
            })
            .collect();
        v.sort();
        v
    };
    let fast = push::read_new_commits(&git, &all, 1 << 20).unwrap();
    let slow = commits::read_commits(&git, &all, commits::Merges::FirstParent, 1 << 20).unwrap();
    assert_eq!(fast.len(), slow.len());
    for (f, s) in fast.iter().zip(&slow) {
        assert_eq!(f.commit.sha, s.commit.sha);
        assert_eq!(shape(f), shape(s), "commit {}", f.commit.summary);
        let paths = |cc: &commits::CommitChanges| {
            let mut p: Vec<String> = cc
                .changes
                .changed_paths
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            p.sort();
            p
        };
        assert_eq!(paths(f), paths(s), "commit {}", f.commit.summary);
    }
}

#[test]
fn pre_receive_verify_says_whether_a_refused_secret_is_live() {
    use std::io::{BufRead, BufReader, Write};
    // A local server answering GitHub's GET /user for the token pushed.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 0 && line != "\r\n" {
                line.clear();
            }
            let body = r#"{"login": "leaky-bot"}"#;
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    let (client, server) = setup();
    server.install(&client);
    server.set_args("--verify");
    client
        .write(
            "ci.sh",
            format!(
                "export GITHUB_TOKEN={}\n",
                fake::github_token("pre-receive-verify")
            ),
        )
        .add(&["ci.sh"])
        .commit("ci");
    let run = push_env(
        &client,
        &["origin", "main"],
        &[("KEYGATE_GITHUB_API_URL", url.as_str())],
    );
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert_contains(&run.stderr, "verified live: leaky-bot");
    assert_contains(&run.stderr, "verified 1: 1 live, 0 invalid, 0 unknown");
}

#[test]
fn a_push_that_moves_a_secret_out_of_an_allowlisted_path_is_refused() {
    let (client, server) = setup();
    server.install(&client);
    let policy = server.path.join("policy.yaml");
    fs::write(&policy, "allowlist:\n  paths: ['fixtures/**']\n").unwrap();
    server.set_args(&format!("--config {}", policy.display()));
    client
        .write("fixtures/creds.ini", key_line("moved-out"))
        .add(&["fixtures/creds.ini"])
        .commit("a fixture");
    push(&client, &["-q", "origin", "main"]).assert_code(0);
    client.git(&["mv", "fixtures/creds.ini", "creds.ini"]);
    client.commit("move it into the code");
    assert_refused(
        &push(&client, &["origin", "main"]),
        &fake::aws_key_id("moved-out"),
    );
}
