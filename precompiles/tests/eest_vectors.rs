//! Replays the precompile state tests of the shared Ethereum test fixtures against this crate.
//!
//! The EEST fixtures call precompiles from a small contract that stores the call's success flag, the
//! return data size and a hash of the return data (or the gas the call used) in storage, and every post
//! entry carries the expected post-state. This harness runs such a contract with a minimal single-frame
//! EVM (exact gas for the few opcodes these contracts use; calls may only target precompiles) and compares
//! the resulting storage with the expected one. Tests that need anything else (nested contract calls,
//! value transfers to precompiles, unsupported opcodes, expected transaction exceptions) are skipped.
//!
//! The fixtures live outside the repository (`../shared/ethtests` next to the workspace); when they are
//! absent the test prints a note and passes.

mod mini_evm;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mini_evm::{Env, Outcome};
use primitives::{decode_hex, Address, Fork, U256};
use serde_json::Value;

/// Fixture folders (relative to `eest-prague/state_tests`) that exercise precompiles.
const FOLDERS: &[&str] = &[
    "prague/eip2537_bls_12_381_precompiles",
    "byzantium/eip196_ec_add_mul",
    "byzantium/eip197_ec_pairing",
    "byzantium/eip198_modexp_precompile",
    "istanbul/eip152_blake2",
    "cancun/eip4844_blobs",
    "osaka/eip7883_modexp_gas_increase",
    "frontier/identity_precompile",
    "homestead/identity_precompile",
    "frontier/precompiles",
    "static/state_tests/stPreCompiledContracts",
    "static/state_tests/stPreCompiledContracts2",
    "static/state_tests/stZeroKnowledge",
    "static/state_tests/stZeroKnowledge2",
];

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/ethtests/eest-prague/state_tests")
}

fn hex(value: &Value) -> Vec<u8> {
    decode_hex(value.as_str().unwrap_or("0x")).expect("fixture hex")
}

fn word(value: &Value) -> U256 {
    let bytes = hex(&Value::String(normalise_hex(
        value.as_str().unwrap_or("0x0"),
    )));
    let mut padded = [0u8; 32];
    padded[32 - bytes.len()..].copy_from_slice(&bytes);
    U256::from_be_bytes(padded)
}

fn normalise_hex(s: &str) -> String {
    let digits = s.trim_start_matches("0x");
    if digits.len() % 2 == 1 {
        format!("0{digits}")
    } else {
        digits.to_string()
    }
}

fn address(value: &Value) -> Address {
    Address::from_slice(&hex(value)).expect("fixture address")
}

fn storage_of(account: &Value) -> BTreeMap<U256, U256> {
    let mut map = BTreeMap::new();
    if let Some(entries) = account.get("storage").and_then(Value::as_object) {
        for (k, v) in entries {
            let value = word(v);
            if !value.is_zero() {
                map.insert(word(&Value::String(k.clone())), value);
            }
        }
    }
    map
}

/// `test_modexp.json` contracts call modexp with the calldata, store the success flag, then CREATE a
/// contract whose code is the return data; the expected output is that new account's code.
const MODEXP_CREATE_PREFIX: &[u8] = &[
    0x36, 0x60, 0x00, 0x60, 0x00, 0x37, 0x60, 0x00, 0x60, 0x00, 0x36, 0x60, 0x00, 0x60, 0x00, 0x60,
    0x05, 0x5a, 0xf1,
];

fn check_modexp_create(path: &Path, name: &str, test: &Value, tally: &mut Tally) {
    let tx = &test["transaction"];
    let pre = test["pre"].as_object().cloned().unwrap_or_default();
    let Some(entries) = test["post"].get("Prague").and_then(Value::as_array) else {
        return;
    };
    for entry in entries {
        let idx = &entry["indexes"];
        let calldata = hex(&tx["data"][idx["data"].as_u64().unwrap_or(0) as usize]);
        let gas_limit =
            word(&tx["gasLimit"][idx["gas"].as_u64().unwrap_or(0) as usize]).as_limbs()[0];
        let intrinsic: u64 = 21_000
            + calldata
                .iter()
                .map(|b| if *b == 0 { 4u64 } else { 16 })
                .sum::<u64>();
        // Gas handed to the CALL: all but 1/64 of what is left after the few opcodes before it.
        let left = gas_limit.saturating_sub(intrinsic + 3 * 6 + 2 + 2 + 2 + 100 + 3 * 32);
        let given = left - left / 64;
        let state = entry["state"].as_object().cloned().unwrap_or_default();
        let to = tx["to"].as_str().unwrap_or("");
        let coinbase = test["env"]["currentCoinbase"].as_str();
        let expected_success = state
            .get(to)
            .map(storage_of)
            .unwrap_or_default()
            .get(&U256::ZERO)
            .copied()
            == Some(U256::from(1u64));
        let expected_output = state
            .iter()
            .find(|(addr, _)| !pre.contains_key(*addr) && Some(addr.as_str()) != coinbase)
            .map(|(_, account)| hex(&account["code"]))
            .unwrap_or_default();
        let address = Address::from_low_u64(5);
        let result = zkos_precompiles::run(&address, &calldata, given, Fork::Prague)
            .expect("modexp is a precompile");
        let (success, output) = match result {
            Ok(out) => (true, out.output),
            Err(_) => (false, Vec::new()),
        };
        if success == expected_success && output == expected_output {
            tally.passed += 1;
            *tally
                .per_folder
                .entry("eip198_modexp_precompile".into())
                .or_default() += 1;
        } else {
            tally.failures.push(format!(
                "{} :: {name}\n  expected success {expected_success} output {expected_output:02x?}\n  got      success {success} output {output:02x?}",
                path.display()
            ));
        }
    }
}

#[derive(Default)]
struct Tally {
    passed: usize,
    per_folder: BTreeMap<String, usize>,
    skip_reasons: BTreeMap<String, usize>,
    skipped: usize,
    failures: Vec<String>,
}

fn run_file(path: &Path, tally: &mut Tally) {
    let text = std::fs::read_to_string(path).expect("read fixture");
    let json: Value = serde_json::from_str(&text).expect("parse fixture");
    let Some(tests) = json.as_object() else {
        return;
    };
    for (name, test) in tests {
        let tx = &test["transaction"];
        let to_str = tx["to"].as_str().unwrap_or("");
        if to_str.is_empty() {
            tally.skipped += 1;
            continue;
        }
        let to = address(&tx["to"]);
        let pre = &test["pre"];
        let Some(contract) = pre.get(to_str) else {
            tally.skipped += 1;
            continue;
        };
        let code = hex(&contract["code"]);
        if code.starts_with(MODEXP_CREATE_PREFIX) {
            check_modexp_create(path, name, test, tally);
            continue;
        }
        let Some(entries) = test["post"].get("Prague").and_then(Value::as_array) else {
            continue;
        };
        for (i, entry) in entries.iter().enumerate() {
            if entry.get("expectException").is_some() {
                tally.skipped += 1;
                continue;
            }
            let idx = &entry["indexes"];
            let d = idx["data"].as_u64().unwrap_or(0) as usize;
            let g = idx["gas"].as_u64().unwrap_or(0) as usize;
            let v = idx["value"].as_u64().unwrap_or(0) as usize;
            let calldata = hex(&tx["data"][d]);
            let gas_limit = word(&tx["gasLimit"][g]).as_limbs()[0];
            let value = word(&tx["value"][v]);
            let access_list = tx
                .get("accessLists")
                .and_then(|a| a.get(d))
                .cloned()
                .unwrap_or(Value::Null);
            let env = Env {
                address: to,
                caller: address(&tx["sender"]),
                value,
                calldata,
                gas_limit,
                access_list,
                pre_storage: storage_of(contract),
                fork: Fork::Prague,
            };
            let expected = entry["state"]
                .get(to_str)
                .map(storage_of)
                .unwrap_or_default();
            match mini_evm::execute(&code, &env) {
                Outcome::Unsupported(why) => {
                    tally.skipped += 1;
                    let folder = path
                        .parent()
                        .and_then(|p| p.file_name())
                        .map(|f| f.to_string_lossy().into_owned());
                    *tally
                        .skip_reasons
                        .entry(format!("{}: {why}", folder.unwrap_or_default()))
                        .or_default() += 1;
                }
                Outcome::Storage(storage) => {
                    if storage == expected {
                        tally.passed += 1;
                        let folder = path
                            .parent()
                            .and_then(|p| p.file_name())
                            .map(|f| f.to_string_lossy().into_owned());
                        *tally
                            .per_folder
                            .entry(folder.unwrap_or_default())
                            .or_default() += 1;
                    } else {
                        tally.failures.push(format!(
                            "{} :: {name} [{i}]\n  expected {expected:?}\n  got      {storage:?}",
                            path.display()
                        ));
                    }
                }
            }
        }
    }
}

#[test]
fn eest_precompile_state_tests() {
    let root = fixtures_root();
    if !root.is_dir() {
        eprintln!(
            "note: {} not found; EEST precompile vectors not run",
            root.display()
        );
        return;
    }
    let mut tally = Tally::default();
    for folder in FOLDERS {
        let dir = root.join(folder);
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = read.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for file in files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
        {
            run_file(file, &mut tally);
        }
    }
    eprintln!(
        "EEST precompile vectors: {} passed, {} failed, {} skipped",
        tally.passed,
        tally.failures.len(),
        tally.skipped
    );
    eprintln!("passed per folder: {:?}", tally.per_folder);
    eprintln!("skip reasons: {:?}", tally.skip_reasons);
    for failure in tally.failures.iter().take(20) {
        eprintln!("FAIL {failure}");
    }
    assert!(
        tally.failures.is_empty(),
        "{} EEST vectors failed",
        tally.failures.len()
    );
    assert!(tally.passed > 0, "no EEST vector ran");
}
