//! Helpers shared by the end-to-end tests: temporary sites and runs of the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root (holding the example site).
pub(crate) fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root exists")
}

/// The `leverage` binary as a command, its standard error plain text whatever the tester's
/// `CLICOLOR_FORCE` (the tests compare it as text; a test of colour sets it).
pub(crate) fn command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_leverage"));
    command.env_remove("CLICOLOR_FORCE");
    command
}

/// `nobody` and `nogroup` on Debian, and on most systems.
const NOBODY: u32 = 65534;

/// Makes `path` and everything below it (links not followed) belong to `nobody` and `nogroup`;
/// only root may.
pub(crate) fn give_to_nobody(path: &Path) {
    std::os::unix::fs::lchown(path, Some(NOBODY), Some(NOBODY)).expect("given to nobody");
    if path.is_dir() && !path.is_symlink() {
        for entry in std::fs::read_dir(path).expect("readable") {
            give_to_nobody(&entry.expect("an entry").path());
        }
    }
}

/// `leverage` run by a user that file modes hold to, on the site at `root` (made by the test):
/// the tests' own user, or `nobody` when that is root (as in CI), since root reads every folder
/// whatever its mode. The site and a copy of the binary are then made nobody's; the copy's
/// folder is returned, to be kept while the command runs.
pub(crate) fn command_held_to_modes(root: &Path) -> (Command, Option<tempfile::TempDir>) {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::os::unix::process::CommandExt;
    // The tests' user owns what it makes.
    let probe = tempfile::NamedTempFile::new().expect("a temporary file");
    if probe.as_file().metadata().expect("its metadata").uid() != 0 {
        return (command(), None);
    }
    give_to_nobody(root);
    // The binary may be below a folder nobody cannot enter (a clone in /root).
    let folder = tempfile::tempdir().expect("a temporary folder");
    let binary = folder.path().join("leverage");
    std::fs::copy(env!("CARGO_BIN_EXE_leverage"), &binary).expect("the binary copied");
    std::fs::set_permissions(folder.path(), std::fs::Permissions::from_mode(0o755)).expect("mode set");
    let mut command = Command::new(binary);
    command.env_remove("CLICOLOR_FORCE").uid(NOBODY).gid(NOBODY);
    (command, Some(folder))
}

/// Sets the mode of `path` below `root`.
pub(crate) fn set_mode(root: &Path, path: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(root.join(path), std::fs::Permissions::from_mode(mode)).expect("mode set");
}

/// Runs `leverage` with `args` and returns its output.
pub(crate) fn leverage(args: &[&str]) -> Output {
    command().args(args).output().expect("the leverage binary runs")
}

/// Stderr as text.
pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A temporary site made of `files` (path, text); a minimal site.toml is added unless given.
pub(crate) fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    if !files.iter().any(|(p, _)| *p == "site.toml") {
        write(dir.path(), "site.toml", "title = \"Test\"\nbase_url = \"https://example.org/\"\n");
    }
    for (path, text) in files {
        write(dir.path(), path, text);
    }
    dir
}

/// Copies a folder recursively.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("readable") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copied");
        }
    }
}

/// Writes a file below `root`, creating folders.
pub(crate) fn write(root: &Path, path: &str, text: impl AsRef<[u8]>) {
    let full = root.join(path);
    std::fs::create_dir_all(full.parent().expect("a parent folder")).expect("folders created");
    std::fs::write(full, text).expect("file written");
}

/// Builds the site at `root` into `root/public`, returning the output.
pub(crate) fn build(root: &Path) -> Output {
    leverage(&["build", "--root", root.to_str().expect("UTF-8 path")])
}

/// The sample post (tests/sites/sample/), a copy of the contract's; checked against it
/// (`../shared/sample/`) when that is beside the workspace, as it is in CI.
pub(crate) fn sample_post() -> PathBuf {
    let name = "leverage-record-2026-02-28.txt";
    let copy = workspace().join("tests/sites/sample").join(name);
    let contract = workspace().join("../shared/sample").join(name);
    match std::fs::read(&contract) {
        Ok(bytes) => assert_eq!(
            std::fs::read(&copy).ok(),
            Some(bytes),
            "{} differs from the contract's",
            copy.display()
        ),
        Err(_) => {
            assert!(std::env::var_os("CI").is_none(), "CI must have {}", contract.display());
            eprintln!(
                "SKIPPED: {} is not here; {} was used without comparing it with the contract's",
                contract.display(),
                copy.display()
            );
        }
    }
    copy
}

/// Reads a built file as text.
pub(crate) fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The built site's `public/data/records.json` below `root`, parsed.
pub(crate) fn records_json(root: &Path) -> serde_json::Value {
    serde_json::from_str(&read(root, "public/data/records.json")).expect("records.json is JSON")
}

/// Whether an outside program the test needs can run. In CI (the `CI` variable set) a missing
/// program fails the test; elsewhere the test is skipped with a loud message.
///
/// The probe is tried twice, and a failure in CI says what the probe printed: once in CI, on a
/// machine where the tool was installed, a first probe failed and left nothing to go on.
pub(crate) fn require(program: &str, probe: &[&str]) -> bool {
    let run = || Command::new(program).args(probe).output();
    let failed = match run() {
        Ok(output) if output.status.success() => return true,
        _ => match run() {
            Ok(output) if output.status.success() => return true,
            Ok(output) => format!("{}: {}", output.status, String::from_utf8_lossy(&output.stderr)),
            Err(e) => e.to_string(),
        },
    };
    assert!(
        std::env::var_os("CI").is_none(),
        "`{program}` is required in CI (.ci/run installs it); `{program} {}` failed twice, the second time with {failed}",
        probe.join(" ")
    );
    eprintln!("SKIPPED: `{program}` is not installed here; this check did not run (CI runs it)");
    false
}

/// The port of serve's `serving http://HOST:PORT/...` line, `None` for any other line. Tests
/// start serve with `--port 0` and read the port from it: a port picked by the test and then
/// given could be taken by another test in between.
pub(crate) fn serving_port(line: &str) -> Option<u16> {
    line.strip_prefix("serving http://")?.split('/').next()?.rsplit(':').next()?.parse().ok()
}

/// Waits for `serve`, whose standard error goes to `log`, to say where it serves there (at most
/// 60 s; at once when it has exited). Only whole lines are read.
pub(crate) fn port_in_log(serve: &mut Child, log: &Path) -> u16 {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let whole = &text[..text.rfind('\n').map_or(0, |end| end + 1)];
        if let Some(port) = whole.lines().find_map(serving_port) {
            return port;
        }
        let exited = !matches!(serve.0.try_wait(), Ok(None));
        assert!(!exited && std::time::Instant::now() < deadline, "serve never said where it serves:\n{text}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Python's static file server for `dir` on a port the system picks, read from what it prints
/// (see `serving_port` for why); the caller checks that python3 is there (`require`).
pub(crate) fn static_server(dir: &Path) -> (Child, u16) {
    let mut child = Command::new("python3")
        .args(["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory"])
        .arg(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("python3 serves files");
    let stdout = child.stdout.take().expect("piped");
    let child = Child(child);
    // `Serving HTTP on 127.0.0.1 port 41235 (http://127.0.0.1:41235/) ...`
    let port = said_port(stdout, |line| line.split(" port ").nth(1)?.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|said| panic!("python3's file server did not say its port; it said {said:?}"));
    wait_for_port(port);
    (child, port)
}

/// Waits (at most 30 s) for a server's output `stream` to say its port, which `port` reads from a
/// line; `Err` with what it said before, when it does not. The stream is read to its end on a
/// thread of its own, so that the server never writes to a closed pipe.
pub(crate) fn said_port(
    stream: impl std::io::Read + Send + 'static,
    port: impl Fn(&str) -> Option<u16>,
) -> Result<u16, String> {
    use std::io::BufRead;
    let (tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = std::io::BufReader::new(stream);
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
            // Once the port is read the receiver is gone: the rest is dropped.
            if tx.send(std::mem::take(&mut line)).is_err() {
                break;
            }
        }
        std::io::copy(&mut reader, &mut std::io::sink())
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut said = String::new();
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        let Ok(line) = lines.recv_timeout(left) else { break };
        if let Some(found) = port(line.trim_end()) {
            return Ok(found);
        }
        said.push_str(&line);
    }
    Err(said)
}

/// A free TCP port on 127.0.0.1.
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("an address").port()
}

/// A child process that is stopped when dropped: asked with SIGTERM first, so that `serve`
/// removes its private build folder as it would for a writer, and killed if it is still running
/// after five seconds.
pub(crate) struct Child(pub(crate) std::process::Child);

impl Child {
    /// Sends `signal` (`-INT`, `-TERM`, ...) with `kill`; whether it was delivered.
    pub(crate) fn signal(&self, signal: &str) -> bool {
        let sent = Command::new("kill")
            .arg(signal)
            .arg(self.0.id().to_string())
            .stderr(std::process::Stdio::null())
            .status();
        sent.is_ok_and(|s| s.success())
    }

    /// Waits up to five seconds for the process to end; its exit status if it did.
    pub(crate) fn exited(&mut self) -> Option<std::process::ExitStatus> {
        for _ in 0..100 {
            if let Ok(Some(status)) = self.0.try_wait() {
                return Some(status);
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        if self.signal("-TERM") && self.exited().is_some() {
            return;
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits until something accepts connections on the port (at most 10 s).
pub(crate) fn wait_for_port(port: u16) {
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("nothing listens on 127.0.0.1:{port}");
}

/// Fails when the output mentions a panic.
pub(crate) fn assert_no_panic(output: &Output) {
    assert!(!stderr(output).contains("panicked"), "{}", stderr(output));
}
