//! The EEST `P256VERIFY` vectors (Osaka state tests, among them Wycheproof's) as `(input, verdict)` pairs.
//!
//! Each state test calls `0x100` from a contract that stores the call's success in slot 0, the return
//! data size in slot 1 and its hash in slot 2; the transaction's data is the precompile input. So a vector
//! is valid exactly when the expected post-state has `0x20` in slot 1. Tests with any other contract (call
//! types, creation, the precompile as the transaction's target) test the EVM, not the verification, and are
//! left to the state-test runner.
//!
//! The fixtures live outside the repository (`../shared/ethtests` beside the workspace); when they are
//! absent the test says SKIP and passes.

use std::path::Path;

use serde_json::Value;

/// The calling contract: `CALLDATACOPY`, `CALL(6900, 0x100, …)`, then the three `SSTORE`s.
const CALLER: &str =
    "0x366000600037600060003660006000610100611af4f13d6001556000553d600060003e3d600020600255";

fn hex(s: &str) -> Vec<u8> {
    let s = s.trim_start_matches("0x");
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("fixture hex"))
        .collect()
}

/// `(name, input, valid)` for every vector of `test`.
fn vectors(name: &str, test: &Value) -> Vec<(String, Vec<u8>, bool)> {
    let tx = &test["transaction"];
    let Some(to) = tx["to"].as_str() else {
        return Vec::new();
    };
    if test["pre"][to]["code"].as_str() != Some(CALLER) {
        return Vec::new();
    }
    let data = tx["data"].as_array().cloned().unwrap_or_default();
    let mut out = Vec::new();
    for post in test["post"]["Osaka"].as_array().into_iter().flatten() {
        let index = post["indexes"]["data"].as_u64().unwrap_or(0) as usize;
        let input = hex(data[index].as_str().expect("data"));
        let storage = &post["state"][to]["storage"];
        assert_eq!(
            storage["0x00"].as_str(),
            Some("0x01"),
            "{name}: the call must succeed"
        );
        let valid = match storage.get("0x01").and_then(Value::as_str) {
            Some("0x20") => true,
            None | Some("0x00") => false,
            Some(other) => panic!("{name}: unexpected return data size {other}"),
        };
        out.push((name.to_string(), input, valid));
    }
    out
}

#[test]
fn eest_p256verify_vectors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/ethtests/eest-osaka/state_tests/osaka/eip7951_p256verify_precompiles");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("SKIP: no EEST fixtures at {}", dir.display());
        return;
    };
    let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    files.sort();
    let (mut valid, mut invalid) = (0, 0);
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "json"))
    {
        let text = std::fs::read_to_string(file).unwrap();
        let tests: Value = serde_json::from_str(&text).unwrap();
        for (name, test) in tests.as_object().into_iter().flatten() {
            for (name, input, expected) in vectors(name, test) {
                assert_eq!(zkos_p256::verify_input(&input), expected, "{name}");
                if expected {
                    valid += 1;
                } else {
                    invalid += 1;
                }
            }
        }
    }
    println!("EEST P256VERIFY: {valid} valid and {invalid} invalid vectors agree");
    // The Osaka fixtures hold 382 such vectors: a format change that hid them must not pass silently.
    assert!(
        valid >= 200 && invalid >= 140,
        "only {valid} valid / {invalid} invalid vectors found"
    );
}
