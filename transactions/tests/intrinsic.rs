//! Intrinsic gas and the EIP-7623 floor: exact values per component and per fork.

mod common;

use common::*;
use primitives::{Address, Fork, B256};
use zkos_transactions::intrinsic::calldata_tokens;
use zkos_transactions::{intrinsic_gas, AccessListItem, Authorization, IntrinsicGas, Transaction, TxType};

fn call(data: &[u8]) -> Transaction {
    Transaction {
        to: Some(Address::from_low_u64(0x1234)),
        data: data.to_vec(),
        ..Transaction::default()
    }
}

fn create(data: &[u8]) -> Transaction {
    Transaction {
        to: None,
        data: data.to_vec(),
        ..Transaction::default()
    }
}

#[test]
fn plain_transfer() {
    assert_eq!(
        intrinsic_gas(&call(&[]), Fork::Cancun),
        IntrinsicGas {
            initial: 21_000,
            floor: 0
        }
    );
    assert_eq!(
        intrinsic_gas(&call(&[]), Fork::Prague),
        IntrinsicGas {
            initial: 21_000,
            floor: 21_000
        }
    );
}

#[test]
fn two_byte_calldata() {
    let tx = call(&[0x00, 0x01]);
    assert_eq!(
        intrinsic_gas(&tx, Fork::Cancun),
        IntrinsicGas {
            initial: 21_000 + 4 + 16,
            floor: 0
        }
    );
    assert_eq!(
        intrinsic_gas(&tx, Fork::Prague),
        IntrinsicGas {
            initial: 21_000 + 4 + 16,
            floor: 21_000 + 10 * (1 + 4)
        }
    );
    assert_eq!(calldata_tokens(&tx.data), 5);
    assert_eq!(intrinsic_gas(&tx, Fork::Prague).minimum_gas_limit(), 21_050);
    assert_eq!(intrinsic_gas(&tx, Fork::Cancun).minimum_gas_limit(), 21_020);
}

#[test]
fn floor_dominates_large_calldata() {
    // 1000 non-zero bytes: initial 21000 + 16000, floor 21000 + 40000.
    let tx = call(&[0xff; 1000]);
    let gas = intrinsic_gas(&tx, Fork::Prague);
    assert_eq!(
        gas,
        IntrinsicGas {
            initial: 37_000,
            floor: 61_000
        }
    );
    assert_eq!(gas.minimum_gas_limit(), 61_000);
    // 1000 zero bytes: initial 21000 + 4000, floor 21000 + 10000.
    assert_eq!(
        intrinsic_gas(&call(&[0; 1000]), Fork::Prague),
        IntrinsicGas {
            initial: 25_000,
            floor: 31_000
        }
    );
}

#[test]
fn contract_creation_and_initcode_words() {
    assert_eq!(intrinsic_gas(&create(&[]), Fork::Cancun).initial, 53_000);
    // 32 bytes = 1 word, 33 bytes = 2 words.
    assert_eq!(
        intrinsic_gas(&create(&[0xff; 32]), Fork::Cancun).initial,
        53_000 + 32 * 16 + 2
    );
    assert_eq!(
        intrinsic_gas(&create(&[0xff; 33]), Fork::Cancun).initial,
        53_000 + 33 * 16 + 2 * 2
    );
    // The floor does not include the creation cost.
    assert_eq!(
        intrinsic_gas(&create(&[0xff; 33]), Fork::Prague).floor,
        21_000 + 10 * 33 * 4
    );
    // 49 152 bytes of init code (EIP-3860 limit) = 1536 words.
    let max_initcode = create(&[0; 49_152]);
    assert_eq!(
        intrinsic_gas(&max_initcode, Fork::Cancun).initial,
        53_000 + 49_152 * 4 + 1_536 * 2
    );
}

#[test]
fn access_list_costs() {
    let mut tx = call(&[]);
    tx.tx_type = TxType::Eip2930;
    tx.access_list = vec![
        AccessListItem {
            address: Address::from_low_u64(1),
            storage_keys: vec![B256::ZERO, B256([1; 32])],
        },
        AccessListItem {
            address: Address::from_low_u64(2),
            storage_keys: vec![B256::ZERO],
        },
    ];
    let gas = intrinsic_gas(&tx, Fork::Prague);
    assert_eq!(gas.initial, 21_000 + 2 * 2_400 + 3 * 1_900);
    // Access lists do not count toward the floor.
    assert_eq!(gas.floor, 21_000);
}

#[test]
fn authorization_costs() {
    let mut tx = call(&[0x01]);
    tx.tx_type = TxType::Eip7702;
    tx.authorization_list = vec![Authorization::default(); 3];
    let gas = intrinsic_gas(&tx, Fork::Prague);
    assert_eq!(
        gas,
        IntrinsicGas {
            initial: 21_000 + 16 + 3 * 25_000,
            floor: 21_000 + 40
        }
    );
}

#[test]
fn sample_transactions_of_every_type() {
    // sample(): data 00 01 ff 00 60 (2 zero, 3 non-zero); call; access list 2 addresses / 2 keys for typed txs.
    let data = 2 * 4 + 3 * 16;
    let access = 2 * 2_400 + 2 * 1_900;
    for tx_type in ALL_TYPES {
        let tx = sample(tx_type);
        let expected = match tx_type {
            TxType::Legacy | TxType::L1Priority => 21_000 + data,
            TxType::Eip7702 => 21_000 + data + access + 2 * 25_000,
            _ => 21_000 + data + access,
        };
        let gas = intrinsic_gas(&tx, Fork::Prague);
        assert_eq!(gas.initial, expected, "{tx_type}");
        assert_eq!(gas.floor, 21_000 + 10 * (2 + 3 * 4), "{tx_type}");
        assert_eq!(intrinsic_gas(&tx, Fork::Cancun).floor, 0);
    }
}
