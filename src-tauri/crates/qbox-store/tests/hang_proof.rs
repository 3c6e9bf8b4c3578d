//! A test that never ends, run only by the hang proof of `scripts/test.sh` (with nextest's
//! `hang-proof` profile): the suite's per-test bound must kill it and report it as failed.

#[test]
#[ignore = "run by the hang proof in scripts/test.sh; it never ends on its own"]
fn a_test_that_never_ends_is_killed_at_its_bound() {
    loop {
        std::thread::sleep(std::time::Duration::from_secs(3600));
    }
}
