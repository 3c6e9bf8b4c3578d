//! Secrets (passwords, access keys) behind one trait: the OS keychain in the app, memory in
//! tests and in the session-only mode used when Linux has no Secret Service. Never a file.

use std::collections::HashMap;
use std::sync::Mutex;

/// Where secrets live; the UI says so when they will not outlive the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretBackend {
    /// macOS Keychain, Windows Credential Manager, Secret Service on Linux.
    Keychain,
    /// Kept in memory only, gone when the app quits.
    SessionOnly,
}

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// The keychain refused or is unreachable; the message never holds the secret.
    #[error("the keychain failed: {0}")]
    Keychain(#[source] keyring::Error),
}

pub trait SecretStore: Send + Sync {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError>;
    fn set(&self, key: &str, secret: &str) -> Result<(), SecretError>;
    /// Deleting a key that is not there is not an error.
    fn delete(&self, key: &str) -> Result<(), SecretError>;
    fn backend(&self) -> SecretBackend;
}

/// Secrets in memory: for tests, and the session-only mode.
#[derive(Default)]
pub struct MemorySecrets {
    entries: Mutex<HashMap<String, String>>,
}

impl SecretStore for MemorySecrets {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        Ok(self.entries.lock().expect("secrets lock").get(key).cloned())
    }

    fn set(&self, key: &str, secret: &str) -> Result<(), SecretError> {
        self.entries
            .lock()
            .expect("secrets lock")
            .insert(key.to_string(), secret.to_string());
        Ok(())
    }

    fn delete(&self, key: &str) -> Result<(), SecretError> {
        self.entries.lock().expect("secrets lock").remove(key);
        Ok(())
    }

    fn backend(&self) -> SecretBackend {
        SecretBackend::SessionOnly
    }
}

/// The OS keychain through `keyring`, every entry under one service name.
pub struct KeychainSecrets {
    service: String,
}

impl KeychainSecrets {
    /// Opens the keychain and checks that it answers by looking up an entry that does not
    /// exist (a read never needs an unlock prompt, so start-up never waits on one); the error
    /// says why it cannot be used (e.g. no Secret Service on this Linux session).
    pub fn open(service: &str) -> Result<Self, SecretError> {
        let store = Self {
            service: service.to_string(),
        };
        store.get("qbox-availability-probe")?;
        Ok(store)
    }

    fn entry(&self, key: &str) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(&self.service, key).map_err(keychain_error)
    }
}

impl SecretStore for KeychainSecrets {
    fn get(&self, key: &str) -> Result<Option<String>, SecretError> {
        match self.entry(key)?.get_password() {
            Ok(s) => Ok(Some(s)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keychain_error(e)),
        }
    }

    fn set(&self, key: &str, secret: &str) -> Result<(), SecretError> {
        self.entry(key)?
            .set_password(secret)
            .map_err(keychain_error)
    }

    fn delete(&self, key: &str) -> Result<(), SecretError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keychain_error(e)),
        }
    }

    fn backend(&self) -> SecretBackend {
        SecretBackend::Keychain
    }
}

fn keychain_error(e: keyring::Error) -> SecretError {
    // keyring's messages describe the platform failure, never the secret itself.
    SecretError::Keychain(e)
}
