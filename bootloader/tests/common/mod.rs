//! The block both proving-mode test files run: contract calls with present and absent slot reads, a value
//! transfer to a fresh account (so the block inserts leaves), witnessed by forward mode.

use primitives::{Address, U256};
use test_utils::{address_of, tx, Chain};
use zkos_bootloader::proving::{run_with_witness, WitnessedRun};

/// A block exercising every kind of answer: accounts, present and absent slots, code, insertions.
pub fn witnessed() -> WitnessedRun {
    let mut chain = Chain::default();
    // SSTORE(CALLDATALOAD(0), SLOAD(CALLDATALOAD(0)) + CALLVALUE + 1)
    let runtime = vec![0x60, 0x00, 0x35, 0x54, 0x34, 0x01, 0x60, 0x01, 0x01, 0x60, 0x00, 0x35, 0x55, 0x00];
    let target = Address::from_low_u64(0xAAAA);
    chain.deploy(target, runtime);
    chain.store(target, U256::from(1u8), U256::from(7u8));
    let mut one = vec![0u8; 32];
    one[31] = 1;
    let txs = vec![
        tx::call(0, 0, target, one, U256::from(5u8), 100_000),
        tx::transfer(1, 0, address_of(9), U256::from(1_000u32)),
        tx::call(2, 0, target, vec![0u8; 32], U256::ZERO, 100_000),
    ];
    run_with_witness(chain.block.clone(), chain.state.clone(), txs).expect("forward run")
}
