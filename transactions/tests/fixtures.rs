//! Decodes the signed transactions (`txbytes`) of real Ethereum state-test fixtures from `../shared/ethtests`.
//!
//! For every post entry without `expectException`: the bytes must decode, re-encode byte for byte, recover to
//! the fixture's `transaction.sender`, carry the nonce / gas limit / value / data / `to` the fixture lists,
//! every EIP-7702 authorization must recover to its `signer`, and re-signing with `secretKey` (RFC 6979) must
//! reproduce the bytes. Entries with `expectException` only have to be processed without panicking.
//!
//! When the fixture folder is missing the tests print a SKIP line and pass.

use primitives::{decode_hex, Address, Fork, U256};
use serde_json::Value;
use std::path::{Path, PathBuf};
use zkos_transactions::signature::check_signature_values;
use zkos_transactions::signing::{address_from_secret_key, sign_transaction};
use zkos_transactions::{decode_transaction, encode_transaction, intrinsic_gas, recover_authority, recover_sender};

/// Fixture root: `$ZKOS_ETHTESTS` when set, otherwise `../shared/ethtests` relative to the workspace.
fn root() -> PathBuf {
    match std::env::var_os("ZKOS_ETHTESTS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/ethtests"),
    }
}

/// Outcome counters of one run.
#[derive(Default, Debug)]
struct Stats {
    files: usize,
    valid: usize,
    exceptions: usize,
    authorizations: usize,
    invalid_authorizations: usize,
    intrinsic_rejections: usize,
    rejected: Vec<String>,
    failures: Vec<String>,
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn hex(value: &Value) -> Option<Vec<u8>> {
    decode_hex(value.as_str()?).ok()
}

fn u256(value: &Value) -> Option<U256> {
    let bytes = hex(value)?;
    (bytes.len() <= 32).then(|| U256::from_be_slice(&bytes))
}

fn address(value: &Value) -> Option<Address> {
    Address::from_slice(&hex(value)?).ok()
}

/// Value at `transaction[field][indexes[index]]`.
fn indexed<'a>(tx: &'a Value, field: &str, entry: &Value, index: &str) -> Option<&'a Value> {
    tx.get(field)?.get(entry.get("indexes")?.get(index)?.as_u64()? as usize)
}

/// Checks one valid entry; returns a description of the first mismatch.
fn check_valid(tx_json: &Value, entry: &Value, bytes: &[u8], fork: Fork, stats: &mut Stats) -> Result<(), String> {
    let tx = decode_transaction(bytes).map_err(|e| format!("decode failed: {e}"))?;
    let gas = intrinsic_gas(&tx, fork);
    if tx.gas_limit < gas.minimum_gas_limit() {
        return Err(format!("valid transaction below its intrinsic gas {gas:?}"));
    }
    if encode_transaction(&tx) != bytes {
        return Err("re-encoding differs".into());
    }
    let sender = recover_sender(&tx).map_err(|e| format!("recovery failed: {e}"))?;
    let secret: Option<[u8; 32]> = tx_json.get("secretKey").and_then(hex).and_then(|k| k.try_into().ok());
    let expected = match tx_json.get("sender").and_then(address) {
        Some(sender) => sender,
        None => address_from_secret_key(&secret.ok_or("no sender and no secretKey")?).map_err(|e| e.to_string())?,
    };
    if sender != expected {
        return Err(format!("sender {sender} != expected {expected}"));
    }
    if let Some(secret) = secret {
        if address_from_secret_key(&secret).ok() != Some(expected) {
            return Err("secretKey does not derive the sender".into());
        }
        let resigned = sign_transaction(&tx, &secret).map_err(|e| format!("re-signing failed: {e}"))?;
        if resigned != bytes {
            return Err("re-signing with secretKey gives different bytes".into());
        }
    }
    if tx_json.get("nonce").and_then(u256) != Some(U256::from(tx.nonce)) {
        return Err("nonce differs".into());
    }
    if indexed(tx_json, "gasLimit", entry, "gas").and_then(u256) != Some(U256::from(tx.gas_limit)) {
        return Err("gas limit differs".into());
    }
    if indexed(tx_json, "value", entry, "value").and_then(u256) != Some(tx.value) {
        return Err("value differs".into());
    }
    if indexed(tx_json, "data", entry, "data").and_then(hex).as_deref() != Some(tx.data.as_slice()) {
        return Err("data differs".into());
    }
    let to = tx_json.get("to").and_then(Value::as_str).unwrap_or_default();
    let expected_to = if to.is_empty() { None } else { address(&tx_json["to"]) };
    if tx.to != expected_to {
        return Err("to differs".into());
    }
    if let Some(list) = tx_json.get("authorizationList").and_then(Value::as_array) {
        if list.len() != tx.authorization_list.len() {
            return Err("authorization count differs".into());
        }
        for (auth, item) in tx.authorization_list.iter().zip(list) {
            stats.authorizations += 1;
            if let Some(signer) = item.get("signer").and_then(address) {
                // `signer` is informational and ignores EIP-2: out-of-range signatures must not recover.
                let valid = auth.y_parity <= 1 && check_signature_values(&auth.r, &auth.s).is_ok();
                let expected = valid.then_some(signer);
                if recover_authority(auth) != expected {
                    return Err(format!("authority of {:?} is not {expected:?}", auth.address));
                }
                stats.invalid_authorizations += usize::from(!valid);
            }
        }
    }
    Ok(())
}

fn run_file(path: &Path, stats: &mut Stats) {
    let name = path.strip_prefix(root()).unwrap_or(path).display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => return stats.failures.push(format!("{name}: unreadable: {e}")),
    };
    let json: Value = match serde_json::from_str(&text) {
        Ok(json) => json,
        Err(e) => return stats.failures.push(format!("{name}: bad JSON: {e}")),
    };
    stats.files += 1;
    let Some(tests) = json.as_object() else {
        return;
    };
    for (test_name, test) in tests {
        let tx_json = &test["transaction"];
        let Some(post) = test.get("post").and_then(Value::as_object) else {
            continue;
        };
        for (fork_name, entries) in post {
            let Ok(fork) = fork_name.parse::<Fork>() else {
                continue;
            };
            let Some(entries) = entries.as_array() else {
                continue;
            };
            for (i, entry) in entries.iter().enumerate() {
                let Some(bytes) = entry.get("txbytes").and_then(hex) else {
                    stats
                        .failures
                        .push(format!("{name} {test_name} #{i}: txbytes missing or not hex"));
                    continue;
                };
                if let Some(exception) = entry.get("expectException") {
                    stats.exceptions += 1;
                    let intrinsic_only = exception.as_str().is_some_and(|e| {
                        e.split('|')
                            .all(|e| e.contains("INTRINSIC_GAS_TOO_LOW") || e.contains("BELOW_FLOOR_GAS_COST"))
                    });
                    // Must not panic; the outcome is up to validation.
                    match decode_transaction(&bytes) {
                        Ok(tx) => {
                            let _ = recover_sender(&tx);
                            tx.authorization_list.iter().for_each(|a| {
                                let _ = recover_authority(a);
                            });
                            assert_eq!(encode_transaction(&tx), bytes, "{name} {test_name} #{i}: round trip");
                            if intrinsic_only {
                                stats.intrinsic_rejections += 1;
                                if tx.gas_limit >= intrinsic_gas(&tx, fork).minimum_gas_limit() {
                                    stats
                                        .failures
                                        .push(format!("{name} {test_name} #{i}: intrinsic gas not too low"));
                                }
                            }
                        }
                        Err(e) => stats.rejected.push(format!("{name} #{i}: {e}")),
                    }
                    continue;
                }
                stats.valid += 1;
                if let Err(why) = check_valid(tx_json, entry, &bytes, fork, stats) {
                    stats.failures.push(format!("{name} {test_name} #{i}: {why}"));
                }
            }
        }
    }
}

/// Runs every JSON file under each of `dirs` (relative to the fixture root). Returns `None` when skipped.
fn run(dirs: &[&str]) -> Option<Stats> {
    let root = root();
    if !root.is_dir() {
        println!(
            "SKIP: fixture folder {} not found; no fixture transactions were checked",
            root.display()
        );
        return None;
    }
    let mut stats = Stats::default();
    for dir in dirs {
        let mut files = Vec::new();
        json_files(&root.join(dir), &mut files);
        if files.is_empty() {
            println!("SKIP: no fixtures under {dir}");
        }
        for file in &files {
            run_file(file, &mut stats);
        }
    }
    println!(
        "{} files, {} valid entries, {} authorizations checked ({} with out-of-range signatures), \
         {} expectException entries ({} decodable, {} intrinsic-gas rejections confirmed)",
        stats.files,
        stats.valid,
        stats.authorizations,
        stats.invalid_authorizations,
        stats.exceptions,
        stats.exceptions - stats.rejected.len(),
        stats.intrinsic_rejections
    );
    for rejected in &stats.rejected {
        println!("rejected at decode (expected exception): {rejected}");
    }
    for failure in stats.failures.iter().take(30) {
        println!("FAIL {failure}");
    }
    assert!(
        stats.failures.is_empty(),
        "{} fixture entries failed",
        stats.failures.len()
    );
    Some(stats)
}

#[test]
fn eest_prague_transaction_types() {
    let Some(stats) = run(&[
        "eest-prague/state_tests/prague/eip7702_set_code_tx",
        "eest-prague/state_tests/cancun/eip4844_blobs",
        "eest-prague/state_tests/berlin/eip2930_access_list",
        "eest-prague/state_tests/prague/eip7623_increase_calldata_cost",
    ]) else {
        return;
    };
    assert!(stats.valid > 100, "suspiciously few valid entries: {stats:?}");
    assert!(stats.authorizations > 50, "suspiciously few authorizations: {stats:?}");
}

#[test]
fn ethtests_cancun_examples() {
    let Some(stats) = run(&["ethtests-cancun/GeneralStateTests/stExample"]) else {
        return;
    };
    assert!(stats.valid > 10, "suspiciously few valid entries: {stats:?}");
}

/// The whole corpus (slow): `cargo test -p zkos-transactions --test fixtures -- --ignored`.
#[test]
#[ignore]
fn full_corpus() {
    run(&["eest-prague/state_tests", "ethtests-cancun/GeneralStateTests"]);
}
