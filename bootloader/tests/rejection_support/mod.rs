//! Shared by the rejection tests (`rejections_envelope.rs`, `rejections_state.rs`): the valid transaction
//! placed after each rejected one, the three checks every case makes, and transaction templates.
#![allow(dead_code, unused_imports)] // each test file uses a different subset

pub use ee_api::ExitStatus;
pub use primitives::{Address, Fork, B256, U256};
pub use test_utils::{address_of, secret_key, tx, Chain};
pub use transactions::signature::{SECP256K1_HALF_N, SECP256K1_N};
pub use transactions::{
    encode_transaction, Authorization, DecodeError, L1PriorityFields, RlpError, SignatureError, Transaction, TxType,
};
pub use zkos_bootloader::{ForwardRun, InvalidTransaction, Rejected};

pub const BEEF: Address = Address::from_low_u64(0xbeef);
/// Key 5 is never funded by `Chain::new` (keys 0..4 are).
pub const UNFUNDED: u64 = 5;

/// The valid transaction placed after each rejected one: key 2 sends 1000 wei to 0xbeef.
pub fn valid() -> Vec<u8> {
    tx::transfer(2, 0, BEEF, U256::from(1_000u32))
}

pub fn sign(from: u64, unsigned: &Transaction) -> Transaction {
    transactions::signing::sign(unsigned, &secret_key(from)).unwrap_or_else(|e| panic!("signing: {e}"))
}

pub fn assert_valid_included(run: &ForwardRun, index: usize) {
    let receipt = run.output.receipts.iter().find(|r| r.tx_index == index);
    let Some(receipt) = receipt else { panic!("tx {index} not included: {:?}", run.output.rejected) };
    assert_eq!(receipt.status, ExitStatus::Success);
    assert_eq!(receipt.gas_used, 21_000);
    assert_eq!(receipt.sender, address_of(2));
}

/// The three checks of the module docs, for `bad` on `chain`.
pub fn assert_rejected(chain: &Chain, bad: Vec<u8>, expected: InvalidTransaction) {
    // 1 + 2: alone.
    let alone = chain.run(vec![bad.clone()]);
    assert_eq!(alone.output.rejected, vec![Rejected { index: 0, error: expected.clone() }]);
    assert!(alone.output.receipts.is_empty());
    assert_eq!((alone.output.gas_used, alone.output.blob_gas_used), (0, 0));
    assert!(alone.post_state == chain.state, "{expected:?}: a rejected transaction changed the state");

    // 3: followed by a valid transaction.
    let both = chain.run(vec![bad, valid()]);
    assert_eq!(both.output.rejected, vec![Rejected { index: 0, error: expected.clone() }]);
    assert_eq!(both.output.receipts.len(), 1);
    assert_valid_included(&both, 1);
    let only_valid = chain.run(vec![valid()]);
    assert_eq!(both.output.gas_used, only_valid.output.gas_used);
    assert_eq!(both.output.receipts[0].cumulative_gas_used, 21_000);
    assert!(both.post_state == only_valid.post_state, "{expected:?}: the rejected transaction left a trace");
}

/// Asserts that `raw` is included on `chain` (positive controls).
pub fn assert_included(chain: &Chain, raw: Vec<u8>) -> ForwardRun {
    let run = chain.run(vec![raw]);
    assert!(run.output.rejected.is_empty(), "{:?}", run.output.rejected);
    assert_eq!(run.output.receipts.len(), 1);
    run
}

pub fn set_nonce(chain: &mut Chain, address: Address, nonce: u64) {
    let mut account = chain.state.accounts.get(&address).cloned().unwrap_or_default();
    account.nonce = nonce;
    chain.state.insert_account(address, account);
}

/// An EIP-1559 transfer of 1 wei from key 0 with fee cap 10 (the base fee) and no tip.
pub fn transfer_template() -> Transaction {
    tx::template(0, Some(BEEF), Vec::new(), U256::from(1u8), 21_000)
}

/// A one-blob EIP-4844 transaction from key 0 to 0xbeef, blob fee cap 1 (the harness's blob base fee).
pub fn blob_template(hashes: usize) -> Transaction {
    let mut hash = [0x11u8; 32];
    hash[0] = 0x01;
    Transaction {
        tx_type: TxType::Eip4844,
        max_fee_per_blob_gas: 1,
        blob_versioned_hashes: vec![B256(hash); hashes],
        ..transfer_template()
    }
}

/// An EIP-7702 transaction from key 0 with `authorizations`.
pub fn set_code_template(authorization_list: Vec<Authorization>) -> Transaction {
    Transaction { tx_type: TxType::Eip7702, gas_limit: 100_000, authorization_list, ..transfer_template() }
}

pub fn authorization() -> Authorization {
    transactions::signing::sign_authorization(U256::from(1u8), Address::from_low_u64(0xc0de), 0, &secret_key(3))
        .unwrap_or_else(|e| panic!("{e}"))
}
