//! Replays the real mainnet blocks of `../shared/mainnet` in forward mode with every check: each must equal
//! the chain (receipts, per-transaction state changes, gas used and the header roots). Skips loudly when the
//! fixtures are absent.

use std::path::{Path, PathBuf};

use primitives::{Address, B256, U256};
use zkos_replay::checks::Outcome;
use zkos_replay::{replay, ReplayInput};

fn block_dir(number: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/mainnet").join(number);
    if dir.join("block.json").exists() {
        Some(dir)
    } else {
        eprintln!("SKIP: {} not found; mainnet replay not run", dir.display());
        None
    }
}

#[test]
fn block_22244135_equals_the_chain() {
    let Some(dir) = block_dir("22244135") else { return };
    let input = ReplayInput::load(&dir, None).expect("the dumps load");
    assert_eq!(input.block.context.fork, primitives::Fork::Cancun);
    assert_eq!(input.block.transactions.len(), 125);
    let replay = replay(&input).expect("the block runs");
    for line in zkos_replay::report::lines(&input, &replay) {
        eprintln!("{line}");
    }
    let failed: Vec<String> = replay.checks.iter().filter(|c| !c.passed()).map(|c| c.to_string()).collect();
    assert!(failed.is_empty(), "{} checks failed:\n{}", failed.len(), failed.join("\n"));
    // 125 receipts, 125 state diffs, and gas used, receiptsRoot, logsBloom, transactionsRoot,
    // withdrawalsRoot and blobGasUsed against the header.
    assert_eq!(replay.checks.len(), 2 * 125 + 6);
    assert_eq!(replay.run.output.gas_used, 9_145_346);
    assert!(replay.checks.iter().all(|c| matches!(c.outcome, Outcome::Equal(_))));
}

#[test]
fn block_22244135_runs_the_block_level_work() {
    let Some(dir) = block_dir("22244135") else { return };
    let input = ReplayInput::load(&dir, None).expect("the dumps load");
    let replay = replay(&input).expect("the block runs");
    let post = &replay.run.post_state;
    // EIP-4788: the beacon roots contract (added with its canonical code) stores the timestamp and the
    // parent beacon root in its two ring buffers.
    assert_eq!(input.added_contracts.len(), 1);
    let beacon = &post.accounts[&bootloader::chain::ethereum::BEACON_ROOTS_ADDRESS];
    let timestamp = U256::from(1_744_355_675u64);
    let slot = timestamp % U256::from(8191u64);
    assert_eq!(beacon.storage[&slot], timestamp);
    let root = B256::from_hex("0x11699606a199a94f84158841173a14fc161889b9132525d64a18a5c25904e167").unwrap();
    assert_eq!(beacon.storage[&(slot + U256::from(8191u64))], root.to_word());
    // Withdrawals: 16 of them to 3 addresses absent from the pre-state, credited in gwei.
    assert_eq!(input.block.context.withdrawals.len(), 16);
    assert_eq!(input.unknown_recipients.len(), 3);
    for address in &input.unknown_recipients {
        let gwei: u64 = input.block.context.withdrawals.iter().filter(|w| w.address == *address).map(|w| w.amount_gwei).sum();
        assert_eq!(post.accounts[address].balance, U256::from(gwei) * U256::from(1_000_000_000u64));
    }
}

#[test]
fn a_changed_pre_state_is_reported_at_its_first_divergence() {
    let Some(dir) = block_dir("22244135") else { return };
    let mut input = ReplayInput::load(&dir, None).expect("the dumps load");
    // Transaction 0's sender pays for gas: give it one more wei than the chain says it had.
    let sender = Address::from_hex("0x7646aed35a2acdc882d63fb9be752501ea366332").unwrap();
    let mut account = input.pre_state.accounts[&sender].clone();
    account.balance += U256::from(1u8);
    input.pre_state.insert_account(sender, account);
    let replay = replay(&input).expect("the block runs");
    assert!(!replay.all_equal());
    let first = replay.first_divergence().expect("a divergence");
    assert_eq!(first.tx.map(|(i, _)| i), Some(0));
    assert_eq!(first.account, Some(sender));
    assert_eq!(first.field, "balance");
    let lines = zkos_replay::report::lines(&input, &replay);
    assert!(lines.last().unwrap().contains("first divergence: tx 0"), "{:?}", lines.last());
}

#[test]
fn a_changed_receipt_is_reported() {
    let Some(dir) = block_dir("22244135") else { return };
    let mut input = ReplayInput::load(&dir, None).expect("the dumps load");
    let receipts = input.dumps.receipts.as_mut().expect("receipts.json");
    receipts[7].gas_used += 1;
    let replay = replay(&input).expect("the block runs");
    let first = replay.first_divergence().expect("a divergence");
    assert_eq!((first.tx.map(|(i, _)| i), first.field.as_str()), (Some(7), "gasUsed"));
    assert_eq!(first.ours, "46097");
    assert_eq!(first.chain, "46098");
}
