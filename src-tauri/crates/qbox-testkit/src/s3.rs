//! A throwaway S3-compatible server for tests: moto's server mode (PyPI, installed by
//! scripts/setup-moto.sh) on a free loopback port, with buckets and objects put through the S3
//! API by boto3 from the same virtualenv. Killed on drop.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct S3Server {
    pub port: u16,
    child: Child,
    python: PathBuf,
}

fn venv() -> PathBuf {
    std::env::var_os("QBOX_MOTO_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var("HOME").expect("HOME")).join(".cache/qbox/moto-venv")
        })
}

impl S3Server {
    pub fn start() -> Self {
        Self::start_with(None)
    }

    /// A server that checks signatures and IAM policies after the first `free_actions`
    /// requests (moto's INITIAL_NO_AUTH_ACTION_COUNT): the fixture's own set-up goes first.
    pub fn start_with_auth(free_actions: u32) -> Self {
        Self::start_with(Some(free_actions))
    }

    fn start_with(free_actions: Option<u32>) -> Self {
        let venv = venv();
        let server = venv.join("bin/moto_server");
        assert!(
            server.is_file(),
            "moto_server is missing at {}; run `npm run setup` (scripts/setup-moto.sh)",
            server.display()
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut command = Command::new(&server);
        if let Some(n) = free_actions {
            command.env("INITIAL_NO_AUTH_ACTION_COUNT", n.to_string());
        }
        let child = command
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto_server");
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "moto_server did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        Self {
            port,
            child,
            python: venv.join("bin/python"),
        }
    }

    pub fn endpoint(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Runs Python with `s3` bound to a boto3 client of this server (any keys are accepted).
    pub fn boto(&self, script: &str) {
        self.boto_output(script);
    }

    /// As [`S3Server::boto`], with `iam` bound too; returns what the script printed.
    pub fn boto_output(&self, script: &str) -> String {
        let prelude = format!(
            "import boto3\nkw = dict(endpoint_url='http://127.0.0.1:{}', region_name='us-east-1', aws_access_key_id='fixture', aws_secret_access_key='fixture')\ns3 = boto3.client('s3', **kw)\niam = boto3.client('iam', **kw)\n",
            self.port
        );
        let mut child = Command::new(&self.python)
            .arg("-")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{prelude}{script}").as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "boto3 fixture failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn create_bucket(&self, bucket: &str) {
        self.boto(&format!("s3.create_bucket(Bucket={bucket:?})"));
    }

    pub fn put(&self, bucket: &str, key: &str, body: &[u8]) {
        let hex: String = body.iter().map(|b| format!("{b:02x}")).collect();
        self.boto(&format!(
            "s3.put_object(Bucket={bucket:?}, Key={key:?}, Body=bytes.fromhex({hex:?}))"
        ));
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
