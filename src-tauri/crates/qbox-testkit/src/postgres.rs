//! A throwaway PostgreSQL server for tests: a fresh cluster from Debian's `postgresql` package
//! (initdb/pg_ctl as the `postgres` user, since they refuse to run as root) on a free loopback
//! port, stopped and deleted on drop.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct PgServer {
    pub port: u16,
    dir: tempfile::TempDir,
    bin: PathBuf,
}

/// Superuser of the throwaway cluster; it logs in over the socket without a password.
const ADMIN: &str = "qbox_admin";

fn bin_dir() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.path().join("bin"))
                .collect()
        })
        .unwrap_or_default();
    versions.retain(|p| p.join("initdb").is_file());
    versions.sort();
    versions.pop().expect(
        "PostgreSQL server binaries are missing (/usr/lib/postgresql/*/bin); run `npm run setup`",
    )
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn as_postgres(program: &Path) -> Command {
    let mut c = Command::new("runuser");
    c.args(["-u", "postgres", "--"]).arg(program);
    c
}

fn check(mut c: Command, what: &str) {
    let out = c.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

impl PgServer {
    pub fn start() -> Self {
        let bin = bin_dir();
        let dir = tempfile::Builder::new()
            .prefix("qbox-pg-")
            .tempdir_in("/tmp")
            .unwrap();
        let mut chown = Command::new("chown");
        chown.args(["postgres:postgres"]).arg(dir.path());
        check(
            chown,
            "chown of the cluster dir (tests that start PostgreSQL run as root)",
        );
        let data = dir.path().join("data");
        let mut initdb = as_postgres(&bin.join("initdb"));
        initdb
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                ADMIN,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
            ])
            .args(["--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]);
        check(initdb, "initdb");
        let port = free_port();
        let mut start = as_postgres(&bin.join("pg_ctl"));
        start
            .arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(dir.path().join("server.log"))
            .arg("-o")
            .arg(format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
                dir.path().display()
            ))
            .args(["-w", "start"]);
        check(start, "pg_ctl start");
        Self { port, dir, bin }
    }

    /// Runs SQL as the superuser in `database`, stopping at the first error.
    pub fn sql(&self, database: &str, sql: &str) {
        let mut child = as_postgres(&self.bin.join("psql"))
            .arg("-h")
            .arg(self.dir.path())
            .args(["-p", &self.port.to_string(), "-U", ADMIN, "-d", database])
            .args(["-v", "ON_ERROR_STOP=1", "-q"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(sql.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "psql failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Puts a `pg_hba.conf` line before the others and has the server read the file again.
    pub fn prepend_hba(&self, line: &str) {
        let path = self.dir.path().join("data").join("pg_hba.conf");
        let old = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{line}\n{old}")).unwrap();
        self.sql("postgres", "SELECT pg_reload_conf()");
        // The postmaster reloads on its signal, a moment after the call returns.
        std::thread::sleep(std::time::Duration::from_millis(500));
    }

    /// Stops the server (a user's server going down mid-session).
    pub fn stop(&self) {
        let mut stop = as_postgres(&self.bin.join("pg_ctl"));
        stop.arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-m", "fast", "-w", "stop"]);
        check(stop, "pg_ctl stop");
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let _ = as_postgres(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-m", "immediate", "-w", "stop"])
            .output();
    }
}

/// A SQL string literal for fixtures.
pub fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A SQL identifier for fixtures.
pub fn ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}
