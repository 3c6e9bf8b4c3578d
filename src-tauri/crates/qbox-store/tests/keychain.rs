//! The real OS keychain: Secret Service through GNOME Keyring (npm test runs the Rust tests
//! inside scripts/with-keyring.sh, which starts an unlocked one on a private D-Bus session).

use qbox_store::{KeychainSecrets, SecretBackend, SecretStore};

#[test]
fn secrets_round_trip_through_the_real_keychain() {
    let service = format!("qbox-test-{}", std::process::id());
    let keychain = KeychainSecrets::open(&service).unwrap_or_else(|e| {
        panic!("no Secret Service answered ({e}); run the tests through scripts/with-keyring.sh")
    });
    assert_eq!(keychain.backend(), SecretBackend::Keychain);
    let key = "connection:1:password";
    let secret = "pa'ss\"wo rd\\; DROP TABLE x; -- ü€🔑";
    assert_eq!(keychain.get(key).unwrap(), None);
    keychain.set(key, secret).unwrap();
    assert_eq!(keychain.get(key).unwrap().as_deref(), Some(secret));
    // Overwrite, then delete twice (the second is not an error).
    keychain.set(key, "second").unwrap();
    assert_eq!(keychain.get(key).unwrap().as_deref(), Some("second"));
    keychain.delete(key).unwrap();
    keychain.delete(key).unwrap();
    assert_eq!(keychain.get(key).unwrap(), None);
    // Another service never sees this one's entries.
    let other = KeychainSecrets::open(&format!("{service}-other")).unwrap();
    keychain.set(key, "mine").unwrap();
    assert_eq!(other.get(key).unwrap(), None);
    keychain.delete(key).unwrap();
}
