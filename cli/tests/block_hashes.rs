//! BLOCKHASH reads the block file's `env.blockHashes` (t8n's `{number: hash}`), in forward mode and through
//! the witness: a contract stores BLOCKHASH(4) and BLOCKHASH(3) of block 5; a number the file does not
//! know answers zero.

use primitives::{encode_hex, Address, U256};
use transactions::{encode_transaction, Transaction, TxType};

#[test]
fn blockhash_answers_from_the_block_file() {
    let secret = {
        let mut s = [0u8; 32];
        s[31] = 1;
        s
    };
    let sender = transactions::signing::address_from_secret_key(&secret).expect("key");
    let contract = Address::from_low_u64(0xb10c);
    // PUSH1 4 BLOCKHASH PUSH0 SSTORE; PUSH1 3 BLOCKHASH PUSH1 1 SSTORE; PUSH1 2 BLOCKHASH PUSH1 2 SSTORE; STOP
    let code = "0x600440" .to_string() + "5f55" + "600340600155" + "600240600255" + "00";
    let unsigned = Transaction {
        tx_type: TxType::Eip1559,
        chain_id: Some(1),
        nonce: 0,
        gas_limit: 200_000,
        gas_price: 10,
        max_priority_fee_per_gas: 0,
        to: Some(contract),
        ..Transaction::default()
    };
    let tx = encode_transaction(&transactions::signing::sign(&unsigned, &secret).expect("sign"));
    let (h4, h3) = ("44".repeat(32), "33".repeat(32));
    let text = format!(
        r#"{{"env": {{"currentNumber": "0x5", "currentTimestamp": "0x10", "currentGasLimit": "0x1c9c380",
            "currentBaseFee": "0xa", "currentCoinbase": "0x0000000000000000000000000000000000c0ffee",
            "blockHashes": {{"0x4": "0x{h4}", "3": "0x{h3}"}}}},
          "alloc": {{"{sender}": {{"balance": "0xde0b6b3a7640000"}}, "{contract}": {{"code": "{code}"}}}},
          "txs": ["{}"]}}"#,
        encode_hex(&tx)
    );
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("blockhash.json");
    std::fs::write(&path, text).expect("write");
    let (run, _, _) = zkos_cli::run::run_block_file(&path, None).expect("runs");
    assert!(run.output.rejected.is_empty() && run.output.receipts[0].success());
    let storage = &run.post_state.accounts[&contract].storage;
    assert_eq!(storage.get(&U256::ZERO), Some(&U256::from_be_bytes([0x44; 32])));
    assert_eq!(storage.get(&U256::from(1u8)), Some(&U256::from_be_bytes([0x33; 32])));
    assert_eq!(storage.get(&U256::from(2u8)), None, "block 2 is unknown: zero");
}
