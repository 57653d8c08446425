//! `zkos chain …` end to end through the binary: init from a genesis (erc20.json's alloc as block 0),
//! apply erc20.json as block 1 (the state root `zkos run` reports for it), a refused block leaving the
//! store unchanged (exit 2), sequencing 40 signed transfers into 10 blocks, reading accounts and receipts,
//! and proving blocks 2..11 as one batch in the simulator (match).

use std::path::{Path, PathBuf};
use std::process::Command;

use primitives::{encode_hex, Address, U256};
use serde_json::Value;
use transactions::{Transaction, TxType};

fn zkos(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_zkos")).args(args).output().expect("zkos runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("chain-cli");
    std::fs::create_dir_all(&dir).expect("scratch");
    let path = dir.join(name);
    let _ = std::fs::remove_dir_all(&path);
    let _ = std::fs::remove_file(&path);
    path
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/blocks/erc20.json")
}

/// A signed EIP-1559 transfer from key `from` (fee cap 2 gwei, tip 1 gwei).
fn transfer(from: u64, nonce: u64, to: Address) -> String {
    let tx = Transaction {
        tx_type: TxType::Eip1559,
        chain_id: Some(1),
        nonce,
        gas_limit: 21_000,
        gas_price: 2_000_000_000,
        max_priority_fee_per_gas: 1_000_000_000,
        to: Some(to),
        value: U256::from(1_000u32 + nonce as u32),
        ..Transaction::default()
    };
    let signed = transactions::signing::sign_transaction(&tx, &test_utils::secret_key(from)).expect("sign");
    encode_hex(&signed)
}

#[test]
fn a_chain_from_genesis_to_a_proven_batch() {
    let db = scratch("db");
    let db = db.to_str().unwrap();
    // Genesis: erc20.json's alloc and env as block 0, a second earlier, no transactions.
    let mut genesis: Value = serde_json::from_str(&std::fs::read_to_string(example()).unwrap()).unwrap();
    genesis["env"]["currentNumber"] = "0x0".into();
    genesis["env"]["currentTimestamp"] = "0x6553f0ff".into();
    genesis["txs"] = Value::Array(Vec::new());
    let genesis_path = scratch("genesis.json");
    std::fs::write(&genesis_path, genesis.to_string()).unwrap();
    let (code, _, stderr) = zkos(&["chain", "init", "--db", db, "--genesis", genesis_path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");

    let (code, stdout, stderr) = zkos(&["chain", "apply", "--db", db, example().to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("block 1 "), "{stdout}");
    let status = |db: &str| -> Value {
        let (code, stdout, stderr) = zkos(&["chain", "status", "--db", db, "--json"]);
        assert_eq!(code, 0, "{stderr}");
        serde_json::from_str(&stdout).unwrap()
    };
    let head = status(db);
    // The root `zkos run examples/blocks/erc20.json` reports (cli/tests/commitment.rs pins it).
    assert_eq!(head["stateRoot"], "0x3c33964e84b2c1f6ec858dcdc19ac8a3102a82ab795b8e9adf24dabd5203cb09");
    assert_eq!(head["nextFreeIndex"], 10);
    assert_eq!(head["number"], 1);

    // Applying it again does not extend the head: refused, store unchanged.
    let (code, _, stderr) = zkos(&["chain", "apply", "--db", db, example().to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("unchanged"), "{stderr}");
    assert_eq!(status(db), head);

    // 40 transfers from key 1 (nonce 1 on: it sent one transaction in block 1), four per 84,000-gas block.
    let txs: Vec<String> = (1..=40).map(|n| transfer(1, n, Address::from_low_u64(0x5000 + n))).collect();
    let txs_path = scratch("txs.jsonl");
    std::fs::write(&txs_path, txs.join("\n") + "\n").unwrap();
    let (code, stdout, stderr) = zkos(&[
        "chain", "sequence", "--db", db, "--txs", txs_path.to_str().unwrap(), "--block-gas-limit", "84000", "--json",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!((report["blocks"].as_u64(), report["included"].as_u64(), report["rejected"].as_u64()), (Some(10), Some(40), Some(0)));
    assert_eq!(status(db)["number"], 11);

    let (code, stdout, _) = zkos(&["chain", "account", "--db", db, "0x0000000000000000000000000000000000005028", "--json"]);
    assert_eq!(code, 0);
    let account: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(account["balance"], format!("{:#x}", 1_040u32));
    let (code, stdout, _) = zkos(&["chain", "receipts", "--db", db, "11", "--json"]);
    assert_eq!(code, 0);
    let receipts: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(receipts["receipts"].as_array().map(Vec::len), Some(4));
    assert_eq!(receipts["receipts"][3]["cumulativeGasUsed"], 84_000);

    // Blocks 2..11 as one batch in the simulator.
    let (code, stdout, stderr) = zkos(&["chain", "prove", "--db", db, "--from", "2", "--to", "11", "--json"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let proof: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(proof["match"], true);
    assert_eq!(proof["blocks"].as_array().map(Vec::len), Some(10));
    assert!(proof["blocks"].as_array().unwrap().iter().all(|b| b["txs"].as_array().map(Vec::len) == Some(4)));
    // Genesis has no history to re-execute from.
    let (code, _, _) = zkos(&["chain", "prove", "--db", db, "--from", "0", "--to", "1"]);
    assert_eq!(code, 2);
}
