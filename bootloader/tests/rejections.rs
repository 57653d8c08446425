//! Every `InvalidTransaction` variant, through the real bootloader (`run_forward` via test-utils' `Chain`).
//!
//! Each case asserts three things (see [`assert_rejected`]):
//! 1. the exact rejection (index and variant, with its fields);
//! 2. alone in a block, the rejected transaction leaves the post-state equal to the pre-state, uses no gas and
//!    yields no receipt;
//! 3. followed by a valid transaction in the same block, the valid one is included and the block ends exactly as
//!    a block holding only the valid transaction (same receipt gas, same post-state).
//!
//! Where useful a positive control shows the boundary: the same transaction, fixed by one unit, is included.

use ee_api::ExitStatus;
use primitives::{Address, Fork, B256, U256};
use test_utils::{address_of, secret_key, tx, Chain};
use transactions::signature::{SECP256K1_HALF_N, SECP256K1_N};
use transactions::{
    encode_transaction, Authorization, DecodeError, L1PriorityFields, RlpError, SignatureError, Transaction, TxType,
};
use zkos_bootloader::{ForwardRun, InvalidTransaction, Rejected};

const BEEF: Address = Address::from_low_u64(0xbeef);
/// Key 5 is never funded by `Chain::new` (keys 0..4 are).
const UNFUNDED: u64 = 5;

/// The valid transaction placed after each rejected one: key 2 sends 1000 wei to 0xbeef.
fn valid() -> Vec<u8> {
    tx::transfer(2, 0, BEEF, U256::from(1_000u32))
}

fn sign(from: u64, unsigned: &Transaction) -> Transaction {
    transactions::signing::sign(unsigned, &secret_key(from)).unwrap_or_else(|e| panic!("signing: {e}"))
}

fn assert_valid_included(run: &ForwardRun, index: usize) {
    let receipt = run.output.receipts.iter().find(|r| r.tx_index == index);
    let Some(receipt) = receipt else { panic!("tx {index} not included: {:?}", run.output.rejected) };
    assert_eq!(receipt.status, ExitStatus::Success);
    assert_eq!(receipt.gas_used, 21_000);
    assert_eq!(receipt.sender, address_of(2));
}

/// The three checks of the module docs, for `bad` on `chain`.
fn assert_rejected(chain: &Chain, bad: Vec<u8>, expected: InvalidTransaction) {
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
fn assert_included(chain: &Chain, raw: Vec<u8>) -> ForwardRun {
    let run = chain.run(vec![raw]);
    assert!(run.output.rejected.is_empty(), "{:?}", run.output.rejected);
    assert_eq!(run.output.receipts.len(), 1);
    run
}

fn set_nonce(chain: &mut Chain, address: Address, nonce: u64) {
    let mut account = chain.state.accounts.get(&address).cloned().unwrap_or_default();
    account.nonce = nonce;
    chain.state.insert_account(address, account);
}

/// An EIP-1559 transfer of 1 wei from key 0 with fee cap 10 (the base fee) and no tip.
fn transfer_template() -> Transaction {
    tx::template(0, Some(BEEF), Vec::new(), U256::from(1u8), 21_000)
}

/// A one-blob EIP-4844 transaction from key 0 to 0xbeef, blob fee cap 1 (the harness's blob base fee).
fn blob_template(hashes: usize) -> Transaction {
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
fn set_code_template(authorization_list: Vec<Authorization>) -> Transaction {
    Transaction { tx_type: TxType::Eip7702, gas_limit: 100_000, authorization_list, ..transfer_template() }
}

fn authorization() -> Authorization {
    transactions::signing::sign_authorization(U256::from(1u8), Address::from_low_u64(0xc0de), 0, &secret_key(3))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn empty_block_changes_nothing() {
    let chain = Chain::default();
    let run = chain.run(Vec::new());
    assert!(run.output.receipts.is_empty() && run.output.rejected.is_empty());
    assert!(run.post_state == chain.state);
}

// ---- Decode ----

#[test]
fn decode_empty() {
    assert_rejected(&Chain::default(), Vec::new(), InvalidTransaction::Decode(DecodeError::Empty));
}

#[test]
fn decode_unsupported_type() {
    let mut raw = valid();
    raw[0] = 0x05;
    assert_rejected(&Chain::default(), raw, InvalidTransaction::Decode(DecodeError::UnsupportedType(0x05)));
}

#[test]
fn decode_truncated() {
    let mut raw = tx::signed(0, transfer_template());
    raw.pop();
    let expected = InvalidTransaction::Decode(DecodeError::Rlp { field: "envelope", error: RlpError::UnexpectedEnd });
    assert_rejected(&Chain::default(), raw, expected);
}

#[test]
fn decode_trailing_bytes() {
    let mut raw = tx::signed(0, transfer_template());
    raw.push(0x00);
    let expected = InvalidTransaction::Decode(DecodeError::Rlp { field: "envelope", error: RlpError::TrailingBytes });
    assert_rejected(&Chain::default(), raw, expected);
}

#[test]
fn decode_invalid_legacy_v() {
    let unsigned =
        Transaction { tx_type: TxType::Legacy, chain_id: None, max_priority_fee_per_gas: 10, ..transfer_template() };
    let mut signed = sign(0, &unsigned);
    signed.signature.v = 30;
    let raw = encode_transaction(&signed);
    assert_rejected(&Chain::default(), raw, InvalidTransaction::Decode(DecodeError::InvalidLegacyV(30)));
}

#[test]
fn decode_blob_and_set_code_without_recipient() {
    let blob = Transaction { to: None, ..blob_template(1) };
    let raw = encode_transaction(&sign(0, &blob));
    assert_rejected(&Chain::default(), raw, InvalidTransaction::Decode(DecodeError::MissingTo(TxType::Eip4844)));
    let set_code = Transaction { to: None, ..set_code_template(vec![authorization()]) };
    let raw = encode_transaction(&sign(0, &set_code));
    assert_rejected(&Chain::default(), raw, InvalidTransaction::Decode(DecodeError::MissingTo(TxType::Eip7702)));
}

#[test]
fn decode_nonce_overflowing_u64() {
    // A legacy list whose nonce is 2^64 (nine bytes): [nonce, gas_price, gas_limit, to, value, data, v, r, s].
    let signed = sign(
        0,
        &Transaction {
            tx_type: TxType::Legacy,
            chain_id: Some(1),
            max_priority_fee_per_gas: 10,
            ..transfer_template()
        },
    );
    let mut raw = encode_transaction(&signed);
    // The legacy nonce 0 is encoded as 0x80 right after the list header; replace it with 0x89 01 00…00.
    let header = 1 + (raw[0] as usize - 0xf7);
    assert_eq!(raw[header], 0x80);
    let mut nonce = vec![0x89, 0x01];
    nonce.extend([0u8; 8]);
    raw.splice(header..header + 1, nonce);
    // Fix the list length (payload grew by 9 bytes).
    let len_bytes = raw[0] as usize - 0xf7;
    let mut payload_len = 0usize;
    for b in &raw[1..1 + len_bytes] {
        payload_len = payload_len << 8 | *b as usize;
    }
    payload_len += 9;
    let new_len = payload_len.to_be_bytes();
    raw[1..1 + len_bytes].copy_from_slice(&new_len[8 - len_bytes..]);
    assert_rejected(&Chain::default(), raw, InvalidTransaction::Decode(DecodeError::Overflow { field: "nonce" }));
}

// ---- Signature ----

#[test]
fn signature_invalid_r_and_s() {
    let chain = Chain::default();
    let signed = sign(0, &transfer_template());
    for (r, s, error) in [
        (U256::ZERO, signed.signature.s, SignatureError::InvalidR),
        (SECP256K1_N, signed.signature.s, SignatureError::InvalidR),
        (signed.signature.r, U256::ZERO, SignatureError::InvalidS),
        (signed.signature.r, SECP256K1_N, SignatureError::InvalidS),
        // The high-s twin of a valid signature (EIP-2).
        (signed.signature.r, SECP256K1_N - signed.signature.s, SignatureError::HighS),
        // x = 5 is not on secp256k1 (5^3 + 7 is not a square mod p): no key recovers.
        (U256::from(5u8), signed.signature.s, SignatureError::RecoveryFailed),
    ] {
        let mut bad = signed.clone();
        bad.signature.r = r;
        bad.signature.s = s;
        assert_rejected(&chain, encode_transaction(&bad), InvalidTransaction::Signature(error));
    }
    assert!(signed.signature.s <= SECP256K1_HALF_N);
    assert_included(&chain, encode_transaction(&signed));
}

#[test]
fn signature_invalid_y_parity() {
    let mut bad = sign(0, &transfer_template());
    bad.signature.v = 2;
    assert_rejected(
        &Chain::default(),
        encode_transaction(&bad),
        InvalidTransaction::Signature(SignatureError::InvalidV(2)),
    );
}

#[test]
fn signature_of_another_message_recovers_another_sender() {
    // Changing a signed field keeps the signature well-formed but recovers some other (unfunded) address.
    let mut bad = sign(0, &transfer_template());
    bad.value = U256::from(2u8);
    let raw = encode_transaction(&bad);
    let sender =
        transactions::recover_sender(&transactions::decode_transaction(&raw).unwrap_or_default()).unwrap_or_default();
    assert_ne!(sender, address_of(0));
    let expected = InvalidTransaction::InsufficientFunds { required: U256::from(210_002u32), balance: U256::ZERO };
    assert_rejected(&Chain::default(), raw, expected);
}

// ---- Type, chain id ----

#[test]
fn type_not_supported_set_code_under_cancun() {
    let raw = tx::signed(0, set_code_template(vec![authorization()]));
    assert_rejected(&Chain::new(Fork::Cancun), raw.clone(), InvalidTransaction::TypeNotSupported(TxType::Eip7702));
    assert_included(&Chain::new(Fork::Prague), raw);
    // Blob transactions are fine under Cancun.
    assert_included(&Chain::new(Fork::Cancun), tx::signed(0, blob_template(1)));
}

#[test]
fn wrong_chain_id() {
    let chain = Chain::default();
    let raw = tx::signed(0, Transaction { chain_id: Some(5), ..transfer_template() });
    assert_rejected(&chain, raw, InvalidTransaction::WrongChainId { got: 5, expected: 1 });
    // Legacy EIP-155 (chain id from v) and EIP-2930.
    let legacy =
        Transaction { tx_type: TxType::Legacy, chain_id: Some(5), max_priority_fee_per_gas: 10, ..transfer_template() };
    assert_rejected(&chain, tx::signed(0, legacy), InvalidTransaction::WrongChainId { got: 5, expected: 1 });
    let access = Transaction {
        tx_type: TxType::Eip2930,
        chain_id: Some(0),
        max_priority_fee_per_gas: 10,
        ..transfer_template()
    };
    assert_rejected(&chain, tx::signed(0, access), InvalidTransaction::WrongChainId { got: 0, expected: 1 });
    // Pre-EIP-155 legacy transactions carry no chain id and are accepted.
    let unprotected =
        Transaction { tx_type: TxType::Legacy, chain_id: None, max_priority_fee_per_gas: 10, ..transfer_template() };
    assert_included(&chain, tx::signed(0, unprotected));
}

// ---- Nonce ----

#[test]
fn nonce_mismatch() {
    let mut chain = Chain::default();
    let too_high = tx::signed(0, Transaction { nonce: 1, ..transfer_template() });
    assert_rejected(&chain, too_high, InvalidTransaction::NonceMismatch { got: 1, expected: 0 });
    set_nonce(&mut chain, address_of(0), 5);
    let too_low = tx::signed(0, Transaction { nonce: 4, ..transfer_template() });
    assert_rejected(&chain, too_low, InvalidTransaction::NonceMismatch { got: 4, expected: 5 });
    assert_included(&chain, tx::signed(0, Transaction { nonce: 5, ..transfer_template() }));
}

#[test]
fn nonce_overflow() {
    let mut chain = Chain::default();
    set_nonce(&mut chain, address_of(0), u64::MAX);
    let raw = tx::signed(0, Transaction { nonce: u64::MAX, ..transfer_template() });
    assert_rejected(&chain, raw, InvalidTransaction::NonceOverflow);
    let raw = tx::signed(0, Transaction { nonce: 0, ..transfer_template() });
    assert_rejected(&chain, raw, InvalidTransaction::NonceOverflow);
    // 2^64 - 2 is the last usable nonce (EIP-2681).
    set_nonce(&mut chain, address_of(0), u64::MAX - 1);
    let run = assert_included(&chain, tx::signed(0, Transaction { nonce: u64::MAX - 1, ..transfer_template() }));
    assert_eq!(run.post_state.accounts[&address_of(0)].nonce, u64::MAX);
}

// ---- Gas ----

#[test]
fn intrinsic_gas_too_low() {
    let chain = Chain::default();
    let raw = tx::signed(0, Transaction { gas_limit: 20_999, ..transfer_template() });
    assert_rejected(&chain, raw, InvalidTransaction::IntrinsicGasTooLow { gas_limit: 20_999, required: 21_000 });
    // A creation costs 53,000 up front.
    let create = Transaction { to: None, gas_limit: 52_999, value: U256::ZERO, ..transfer_template() };
    assert_rejected(
        &chain,
        tx::signed(0, create),
        InvalidTransaction::IntrinsicGasTooLow { gas_limit: 52_999, required: 53_000 },
    );
    // Access list: 2,400 per address and 1,900 per key.
    let access = Transaction {
        access_list: vec![transactions::AccessListItem { address: BEEF, storage_keys: vec![B256::ZERO] }],
        gas_limit: 25_299,
        ..transfer_template()
    };
    assert_rejected(
        &chain,
        tx::signed(0, access.clone()),
        InvalidTransaction::IntrinsicGasTooLow { gas_limit: 25_299, required: 25_300 },
    );
    assert_included(&chain, tx::signed(0, Transaction { gas_limit: 25_300, ..access }));
}

#[test]
fn intrinsic_gas_below_eip7623_floor() {
    // 100 non-zero calldata bytes: initial 21,000 + 1,600 = 22,600; floor 21,000 + 10 × 400 = 25,000.
    let data = vec![0xffu8; 100];
    let with_gas = |gas_limit| tx::signed(0, Transaction { data: data.clone(), gas_limit, ..transfer_template() });
    let prague = Chain::default();
    assert_rejected(
        &prague,
        with_gas(24_999),
        InvalidTransaction::IntrinsicGasTooLow { gas_limit: 24_999, required: 25_000 },
    );
    assert_rejected(
        &prague,
        with_gas(22_600),
        InvalidTransaction::IntrinsicGasTooLow { gas_limit: 22_600, required: 25_000 },
    );
    let run = assert_included(&prague, with_gas(25_000));
    assert_eq!(run.output.receipts[0].gas_used, 25_000, "charged the floor");
    // Cancun has no floor.
    let cancun = Chain::new(Fork::Cancun);
    assert_rejected(
        &cancun,
        with_gas(22_599),
        InvalidTransaction::IntrinsicGasTooLow { gas_limit: 22_599, required: 22_600 },
    );
    let run = assert_included(&cancun, with_gas(22_600));
    assert_eq!(run.output.receipts[0].gas_used, 22_600);
}

#[test]
fn gas_limit_above_block() {
    let chain = Chain::default();
    let raw = tx::signed(0, Transaction { gas_limit: 30_000_001, ..transfer_template() });
    assert_rejected(
        &chain,
        raw,
        InvalidTransaction::GasLimitExceedsBlock { gas_limit: 30_000_001, available: 30_000_000 },
    );
    assert_included(&chain, tx::signed(0, Transaction { gas_limit: 30_000_000, ..transfer_template() }));
}

#[test]
fn gas_limit_above_what_is_left_of_the_block() {
    let mut chain = Chain::default();
    chain.block.gas_limit = 50_000;
    let first = tx::transfer(0, 0, BEEF, U256::from(1u8));
    let bad = tx::signed(1, Transaction { gas_limit: 29_001, ..transfer_template() });
    let run = chain.run(vec![first.clone(), bad, valid()]);
    assert_eq!(
        run.output.rejected,
        vec![Rejected {
            index: 1,
            error: InvalidTransaction::GasLimitExceedsBlock { gas_limit: 29_001, available: 29_000 }
        }]
    );
    assert_valid_included(&run, 2);
    assert_eq!(run.output.gas_used, 42_000);
    let without = chain.run(vec![first, valid()]);
    assert!(run.post_state == without.post_state);
}

// ---- Fees ----

#[test]
fn fee_cap_below_base_fee() {
    let chain = Chain::default();
    let raw = tx::signed(0, Transaction { gas_price: 9, ..transfer_template() });
    assert_rejected(&chain, raw, InvalidTransaction::FeeCapTooLow { max_fee: 9, base_fee: U256::from(10u8) });
    let legacy =
        Transaction { tx_type: TxType::Legacy, gas_price: 9, max_priority_fee_per_gas: 9, ..transfer_template() };
    assert_rejected(
        &chain,
        tx::signed(0, legacy),
        InvalidTransaction::FeeCapTooLow { max_fee: 9, base_fee: U256::from(10u8) },
    );
}

#[test]
fn priority_fee_above_fee_cap() {
    let chain = Chain::default();
    let raw = tx::signed(0, Transaction { gas_price: 20, max_priority_fee_per_gas: 21, ..transfer_template() });
    assert_rejected(&chain, raw, InvalidTransaction::PriorityFeeAboveFeeCap);
    assert_included(
        &chain,
        tx::signed(0, Transaction { gas_price: 20, max_priority_fee_per_gas: 20, ..transfer_template() }),
    );
}

#[test]
fn insufficient_funds() {
    let mut chain = Chain::default();
    // An account that does not exist.
    let raw = tx::signed(UNFUNDED, transfer_template());
    let expected = InvalidTransaction::InsufficientFunds { required: U256::from(210_001u32), balance: U256::ZERO };
    assert_rejected(&chain, raw, expected);
    // Value plus the gas limit at the fee cap (not the effective price) must be covered.
    chain.fund(address_of(UNFUNDED), U256::from(1_000_000u32));
    let raw = tx::signed(
        UNFUNDED,
        Transaction {
            gas_price: 40,
            max_priority_fee_per_gas: 0,
            value: U256::from(160_001u32),
            ..transfer_template()
        },
    );
    let expected =
        InvalidTransaction::InsufficientFunds { required: U256::from(1_000_001u32), balance: U256::from(1_000_000u32) };
    assert_rejected(&chain, raw, expected);
    let run = assert_included(
        &chain,
        tx::signed(UNFUNDED, Transaction { gas_price: 40, value: U256::from(160_000u32), ..transfer_template() }),
    );
    // It paid the effective price (10), not the cap.
    assert_eq!(run.post_state.accounts[&address_of(UNFUNDED)].balance, U256::from(1_000_000u32 - 160_000 - 210_000));
    // Blob transactions must also cover blob gas at the blob fee cap: 21,000 × 10 + 131,072 × 3 + 1.
    chain.fund(address_of(UNFUNDED), U256::from(603_216u32));
    let blob = Transaction { max_fee_per_blob_gas: 3, ..blob_template(1) };
    let expected =
        InvalidTransaction::InsufficientFunds { required: U256::from(603_217u32), balance: U256::from(603_216u32) };
    assert_rejected(&chain, tx::signed(UNFUNDED, blob), expected);
}

// ---- Sender ----

#[test]
fn sender_not_eoa() {
    let mut chain = Chain::default();
    chain.deploy(address_of(0), vec![0x00]);
    assert_rejected(&chain, tx::signed(0, transfer_template()), InvalidTransaction::SenderNotEoa);
    // An EIP-7702 delegation designator is not "code" for EIP-3607.
    let mut delegated = Chain::default();
    let mut designator = vec![0xef, 0x01, 0x00];
    designator.extend_from_slice(&Address::from_low_u64(0xc0de).0);
    delegated.deploy(address_of(0), designator);
    assert_included(&delegated, tx::signed(0, transfer_template()));
}

// ---- Creation ----

#[test]
fn initcode_too_large() {
    let chain = Chain::default();
    let create = |len: usize| {
        tx::signed(
            0,
            Transaction {
                to: None,
                data: vec![0u8; len],
                gas_limit: 1_000_000,
                value: U256::ZERO,
                ..transfer_template()
            },
        )
    };
    assert_rejected(&chain, create(49_153), InvalidTransaction::InitcodeTooLarge(49_153));
    assert_included(&chain, create(49_152));
}

// ---- Blobs ----

#[test]
fn blobs_invalid() {
    let prague = Chain::default();
    assert_rejected(&prague, tx::signed(0, blob_template(0)), InvalidTransaction::InvalidBlobs("no blobs"));
    let mut wrong_version = blob_template(2);
    wrong_version.blob_versioned_hashes[1].0[0] = 0x02;
    assert_rejected(
        &prague,
        tx::signed(0, wrong_version),
        InvalidTransaction::InvalidBlobs("versioned hash without version 0x01"),
    );
    // At most 9 blobs under Prague, 6 under Cancun.
    assert_rejected(&prague, tx::signed(0, blob_template(10)), InvalidTransaction::InvalidBlobs("too many blobs"));
    let run = assert_included(&prague, tx::signed(0, blob_template(9)));
    assert_eq!(run.output.blob_gas_used, 9 * 131_072);
    let cancun = Chain::new(Fork::Cancun);
    assert_rejected(&cancun, tx::signed(0, blob_template(7)), InvalidTransaction::InvalidBlobs("too many blobs"));
    assert_included(&cancun, tx::signed(0, blob_template(6)));
}

#[test]
fn blobs_exceed_what_is_left_of_the_block() {
    let chain = Chain::default();
    let first = tx::signed(0, blob_template(6));
    let bad = tx::signed(1, blob_template(4));
    let run = chain.run(vec![first.clone(), bad, valid()]);
    assert_eq!(
        run.output.rejected,
        vec![Rejected { index: 1, error: InvalidTransaction::InvalidBlobs("block blob gas exceeded") }]
    );
    assert_valid_included(&run, 2);
    assert_eq!(run.output.blob_gas_used, 6 * 131_072);
    let without = chain.run(vec![first.clone(), valid()]);
    assert!(run.post_state == without.post_state);
    // Three more fit.
    let run = chain.run(vec![first, tx::signed(1, blob_template(3))]);
    assert!(run.output.rejected.is_empty());
    assert_eq!(run.output.blob_gas_used, 9 * 131_072);
}

#[test]
fn blob_fee_cap_below_blob_base_fee() {
    let mut chain = Chain::default();
    let raw = tx::signed(0, Transaction { max_fee_per_blob_gas: 0, ..blob_template(1) });
    assert_rejected(&chain, raw, InvalidTransaction::BlobFeeCapTooLow);
    chain.block.blob_base_fee = U256::from(2u8);
    assert_rejected(&chain, tx::signed(0, blob_template(1)), InvalidTransaction::BlobFeeCapTooLow);
    let run = assert_included(&chain, tx::signed(0, Transaction { max_fee_per_blob_gas: 2, ..blob_template(1) }));
    // Blob gas is paid at the blob base fee and burned.
    let spent = U256::from(10u64).pow(U256::from(21u8)) - run.post_state.accounts[&address_of(0)].balance;
    assert_eq!(spent, U256::from(21_000u32 * 10 + 131_072 * 2 + 1));
}

// ---- Set code ----

#[test]
fn empty_authorization_list() {
    let chain = Chain::default();
    assert_rejected(&chain, tx::signed(0, set_code_template(Vec::new())), InvalidTransaction::EmptyAuthorizationList);
    assert_included(&chain, tx::signed(0, set_code_template(vec![authorization()])));
}

/// Every variant has a case above: adding a variant breaks this match until a test is written for it.
#[test]
fn every_variant_is_covered() {
    let all = [
        InvalidTransaction::Decode(DecodeError::Empty),
        InvalidTransaction::Signature(SignatureError::HighS),
        InvalidTransaction::TypeNotSupported(TxType::Eip7702),
        InvalidTransaction::WrongChainId { got: 0, expected: 1 },
        InvalidTransaction::NonceMismatch { got: 1, expected: 0 },
        InvalidTransaction::NonceOverflow,
        InvalidTransaction::IntrinsicGasTooLow { gas_limit: 0, required: 0 },
        InvalidTransaction::GasLimitExceedsBlock { gas_limit: 0, available: 0 },
        InvalidTransaction::FeeCapTooLow { max_fee: 0, base_fee: U256::ZERO },
        InvalidTransaction::PriorityFeeAboveFeeCap,
        InvalidTransaction::InsufficientFunds { required: U256::ZERO, balance: U256::ZERO },
        InvalidTransaction::SenderNotEoa,
        InvalidTransaction::InitcodeTooLarge(0),
        InvalidTransaction::InvalidBlobs(""),
        InvalidTransaction::BlobFeeCapTooLow,
        InvalidTransaction::EmptyAuthorizationList,
        InvalidTransaction::MintOverflow,
    ];
    for variant in &all {
        let test = match variant {
            InvalidTransaction::Decode(_) => "decode_*",
            InvalidTransaction::Signature(_) => "signature_*",
            InvalidTransaction::TypeNotSupported(_) => "type_not_supported_set_code_under_cancun",
            InvalidTransaction::WrongChainId { .. } => "wrong_chain_id",
            InvalidTransaction::NonceMismatch { .. } => "nonce_mismatch",
            InvalidTransaction::NonceOverflow => "nonce_overflow",
            InvalidTransaction::IntrinsicGasTooLow { .. } => "intrinsic_gas_*",
            InvalidTransaction::GasLimitExceedsBlock { .. } => "gas_limit_above_*",
            InvalidTransaction::FeeCapTooLow { .. } => "fee_cap_below_base_fee",
            InvalidTransaction::PriorityFeeAboveFeeCap => "priority_fee_above_fee_cap",
            InvalidTransaction::InsufficientFunds { .. } => "insufficient_funds",
            InvalidTransaction::SenderNotEoa => "sender_not_eoa",
            InvalidTransaction::InitcodeTooLarge(_) => "initcode_too_large",
            InvalidTransaction::InvalidBlobs(_) => "blobs_*",
            InvalidTransaction::BlobFeeCapTooLow => "blob_fee_cap_below_blob_base_fee",
            InvalidTransaction::EmptyAuthorizationList => "empty_authorization_list",
            InvalidTransaction::MintOverflow => "l1_priority_mint_overflow_is_rejected_not_fatal",
        };
        assert!(!test.is_empty());
        assert!(!variant.to_string().is_empty());
    }
}

// ---- L1 priority transactions ----

/// An L1 → L2 priority transaction from `from` to 0xbeef (unsigned; gas paid on L1; `mint` credited first).
fn l1_priority(from: Address, gas_limit: u64, mint: U256, value: U256) -> Vec<u8> {
    encode_transaction(&Transaction {
        tx_type: TxType::L1Priority,
        gas_limit,
        gas_price: 0,
        to: Some(BEEF),
        value,
        l1: Some(L1PriorityFields { from, mint, serial_id: 7 }),
        ..Transaction::default()
    })
}

#[test]
fn l1_priority_gas_rules_apply_but_not_the_sender_checks() {
    let chain = Chain::default();
    let from = address_of(UNFUNDED);
    let raw = l1_priority(from, 20_999, U256::from(5u8), U256::from(5u8));
    assert_rejected(&chain, raw, InvalidTransaction::IntrinsicGasTooLow { gas_limit: 20_999, required: 21_000 });
    let raw = l1_priority(from, 30_000_001, U256::from(5u8), U256::from(5u8));
    let expected = InvalidTransaction::GasLimitExceedsBlock { gas_limit: 30_000_001, available: 30_000_000 };
    assert_rejected(&chain, raw, expected);
    // No signature, nonce, fee-cap (0 < base fee 10) or balance check: the unfunded sender's value is minted.
    let run = assert_included(&chain, l1_priority(from, 21_000, U256::from(5u8), U256::from(5u8)));
    assert_eq!(run.output.receipts[0].sender, from);
    assert_eq!(run.post_state.accounts[&BEEF].balance, U256::from(5u8));
    assert_eq!(run.post_state.accounts[&from].nonce, 1);
}

#[test]
fn l1_priority_mint_overflow_is_rejected_not_fatal() {
    let chain = Chain::default();
    // Key 0 holds 10^21 wei; minting 2^256 - 1 more overflows.
    let bad = l1_priority(address_of(0), 21_000, U256::MAX, U256::ZERO);
    let run = match zkos_bootloader::run_forward(chain.block.clone(), chain.state.clone(), vec![bad, valid()]) {
        Ok(run) => run,
        Err(e) => panic!("an L1 priority transaction made the block fail: {e}"),
    };
    assert_eq!(run.output.rejected.len(), 1);
    assert_eq!(run.output.rejected[0].index, 0);
    assert_eq!(run.output.rejected[0].error, InvalidTransaction::MintOverflow);
    assert_valid_included(&run, 1);
    assert!(run.post_state == chain.run(vec![valid()]).post_state);
}

#[test]
fn sender_with_delegation_code_under_cancun_is_not_eoa() {
    let mut chain = Chain::new(Fork::Cancun);
    let mut designator = vec![0xef, 0x01, 0x00];
    designator.extend_from_slice(&Address::from_low_u64(0xc0de).0);
    chain.deploy(address_of(0), designator);
    assert_rejected(&chain, tx::signed(0, transfer_template()), InvalidTransaction::SenderNotEoa);
}
