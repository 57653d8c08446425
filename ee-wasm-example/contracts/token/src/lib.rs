//! A token with the ERC-20 ABI subset `transfer(address,uint256)`, `balanceOf(address)` and `totalSupply()`,
//! so EVM contracts call it like any ERC-20. Balances are `u128`.
//!
//! Storage: the balance of `a` at the slot `a` (the address as a word); the total supply at slot
//! `0x01 ‖ 0…0`. The constructor mints its 32-byte input to the deployer. `transfer` emits the ERC-20
//! `Transfer(from, to, amount)` event and reverts with `"balance"` when the sender has too little.
#![no_std]

use zkos_wasm_sdk::*;

/// keccak256("Transfer(address,address,uint256)").
pub const TRANSFER_TOPIC: Word = [
    0xdd, 0xf2, 0x52, 0xad, 0x1b, 0xe2, 0xc8, 0x9b, 0x69, 0xc2, 0xb0, 0x68, 0xfc, 0x37, 0x8d, 0xaa, 0x95, 0x2b,
    0xa7, 0xf1, 0x63, 0xc4, 0xa1, 0x16, 0x28, 0xf5, 0x5a, 0x4d, 0xf5, 0x23, 0xb3, 0xef,
];

const SUPPLY_SLOT: Word = {
    let mut w = [0u8; 32];
    w[0] = 1;
    w
};

fn balance(a: &Address) -> u128 {
    word_to_u128(&sload(&address_word(a))).unwrap_or(0)
}

fn set_balance(a: &Address, v: u128) {
    sstore(&address_word(a), &word_u128(v));
}

fn arg_address(index: usize) -> Address {
    let mut w = [0u8; 32];
    calldata(4 + 32 * index, &mut w);
    let mut a = [0u8; 20];
    a.copy_from_slice(&w[12..]);
    a
}

fn arg_amount(index: usize) -> u128 {
    let mut w = [0u8; 32];
    calldata(4 + 32 * index, &mut w);
    match word_to_u128(&w) {
        Some(v) => v,
        None => revert(b"amount"),
    }
}

#[no_mangle]
pub extern "C" fn deploy() {
    let mut w = [0u8; 32];
    calldata(0, &mut w);
    let supply = word_to_u128(&w).unwrap_or(0);
    let owner = caller();
    set_balance(&owner, supply);
    sstore(&SUPPLY_SLOT, &word_u128(supply));
    emit(&[TRANSFER_TOPIC, [0u8; 32], address_word(&owner)], &word_u128(supply));
}

#[no_mangle]
pub extern "C" fn call() {
    let mut selector = [0u8; 4];
    calldata(0, &mut selector);
    match selector {
        [0xa9, 0x05, 0x9c, 0xbb] => {
            let (from, to, amount) = (caller(), arg_address(0), arg_amount(1));
            let have = balance(&from);
            if have < amount {
                revert(b"balance");
            }
            set_balance(&from, have - amount);
            set_balance(&to, balance(&to) + amount);
            emit(&[TRANSFER_TOPIC, address_word(&from), address_word(&to)], &word_u128(amount));
            ret(&word_u128(1));
        }
        [0x70, 0xa0, 0x82, 0x31] => ret(&word_u128(balance(&arg_address(0)))),
        [0x18, 0x16, 0x0d, 0xdd] => ret(&sload(&SUPPLY_SLOT)),
        _ => revert(b""),
    }
}
