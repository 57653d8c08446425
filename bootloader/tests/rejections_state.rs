//! `InvalidTransaction` variants that depend on gas, fees, balances, blobs and EIP-7702, through the real
//! bootloader (`run_forward` via test-utils' `Chain`); `rejections_envelope.rs` has the rest.
//!
//! Each case asserts three things (see [`assert_rejected`]):
//! 1. the exact rejection (index and variant, with its fields);
//! 2. alone in a block, the rejected transaction leaves the post-state equal to the pre-state, uses no gas and
//!    yields no receipt;
//! 3. followed by a valid transaction in the same block, the valid one is included and the block ends exactly as
//!    a block holding only the valid transaction (same receipt gas, same post-state).
//!
//! Where useful a positive control shows the boundary: the same transaction, fixed by one unit, is included.

mod rejection_support;

use rejection_support::*;

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
fn gas_limit_above_cap_under_osaka() {
    // EIP-7825: a transaction may ask for at most 2^24 gas from Osaka on, whatever the block allows.
    let osaka = Chain::new(Fork::Osaka);
    let over = || tx::signed(0, Transaction { gas_limit: (1 << 24) + 1, ..transfer_template() });
    assert_rejected(&osaka, over(), InvalidTransaction::GasLimitAboveCap { gas_limit: 16_777_217, cap: 16_777_216 });
    let run = assert_included(&osaka, tx::signed(0, Transaction { gas_limit: 1 << 24, ..transfer_template() }));
    assert_eq!(run.output.gas_used, 21_000);
    // Prague has no cap.
    assert_included(&Chain::new(Fork::Prague), over());
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
    // At most 9 blobs under Prague (the block's maximum), 6 under Cancun.
    let too_many = |count, max| InvalidTransaction::BlobCountExceeded { count, max };
    assert_rejected(&prague, tx::signed(0, blob_template(10)), too_many(10, 9));
    let run = assert_included(&prague, tx::signed(0, blob_template(9)));
    assert_eq!(run.output.blob_gas_used, 9 * 131_072);
    let cancun = Chain::new(Fork::Cancun);
    assert_rejected(&cancun, tx::signed(0, blob_template(7)), too_many(7, 6));
    assert_included(&cancun, tx::signed(0, blob_template(6)));
}

#[test]
fn blobs_over_the_osaka_transaction_limit() {
    // EIP-7594: 6 blobs per transaction from Osaka on, although the block still takes 9 (and a BPO schedule
    // more).
    let mut osaka = Chain::new(Fork::Osaka);
    let too_many = InvalidTransaction::BlobCountExceeded { count: 7, max: 6 };
    assert_rejected(&osaka, tx::signed(0, blob_template(7)), too_many.clone());
    let run = assert_included(&osaka, tx::signed(0, blob_template(6)));
    assert_eq!(run.output.blob_gas_used, 6 * 131_072);
    osaka.block.blob_schedule = primitives::BlobSchedule { target: 14, max: 21, base_fee_update_fraction: 11_684_671 };
    assert_rejected(&osaka, tx::signed(0, blob_template(7)), too_many);
    // Two six-blob transactions fit a block only when the schedule allows twelve.
    let run = osaka.run(vec![tx::signed(0, blob_template(6)), tx::signed(1, blob_template(6))]);
    assert!(run.output.rejected.is_empty() && run.output.blob_gas_used == 12 * 131_072);
    osaka.block.blob_schedule = primitives::BlobSchedule::of(Fork::Osaka);
    let run = osaka.run(vec![tx::signed(0, blob_template(6)), tx::signed(1, blob_template(6))]);
    assert_eq!(run.output.rejected.len(), 1);
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
        InvalidTransaction::GasLimitAboveCap { gas_limit: 0, cap: 0 },
        InvalidTransaction::BlobCountExceeded { count: 0, max: 0 },
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
            InvalidTransaction::GasLimitAboveCap { .. } => "gas_limit_above_cap_under_osaka",
            InvalidTransaction::BlobCountExceeded { .. } => "blobs_invalid, blobs_over_the_osaka_transaction_limit",
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
