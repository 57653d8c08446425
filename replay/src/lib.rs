//! Replays real Ethereum blocks through the zkos bootloader and checks them against the chain.
//!
//! Input is a folder of archive-node RPC dumps ([`dumps`]). The replay builds the block's pre-state from
//! the prestate traces ([`prestate`]), the block context and EIP-2718 transactions from the block
//! ([`header`]), runs it forward under [`bootloader::EthereumL1`] (the EVM only, Ethereum's block rules)
//! while [`changes::TxSnapshots`] records the state after each transaction, then compares ([`checks`]):
//! every receipt with `receipts.json`, every transaction's state changes with `difftrace.json`, and the
//! block's gas used, `receiptsRoot`, `logsBloom`, `transactionsRoot` and `withdrawalsRoot` with the header
//! ([`roots`]). [`report`] renders the result.
//!
//! # Example
//!
//! A whole replay needs a block's dumps (`zkos replay DIR`, or `--rpc URL` to fetch them). Its parts work
//! on their own: the pre-state from a prestate trace as a node returns it, and the header roots.
//!
//! ```
//! use zkos_replay::dumps::{parse_payload, TxTrace};
//! use zkos_replay::{prestate, roots, Dumps};
//! use alloy_rpc_types_trace::geth::PreStateMode;
//! use primitives::{Address, U256};
//!
//! // debug_traceBlockByNumber(N, prestateTracer): each transaction's accounts before it ran.
//! let response = r#"{"jsonrpc": "2.0", "id": 1, "result": [
//!   {"txHash": "0x1111111111111111111111111111111111111111111111111111111111111111", "result": {
//!     "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf": {"balance": "0xde0b6b3a7640000", "nonce": 4},
//!     "0x00000000000000000000000000000000000000c0": {"balance": "0x0", "code": "0x6001600055", "storage": {
//!       "0x0000000000000000000000000000000000000000000000000000000000000000":
//!       "0x0000000000000000000000000000000000000000000000000000000000000009"
//!     }}
//!   }},
//!   {"txHash": "0x2222222222222222222222222222222222222222222222222222222222222222", "result": {
//!     "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf": {"balance": "0x1", "nonce": 5}
//!   }}
//! ]}"#;
//! let traces: Vec<TxTrace<PreStateMode>> = parse_payload(response).unwrap();
//! let (state, incomplete) = prestate::union(&traces);
//! assert!(incomplete.is_empty());
//! // Each account as the first trace that mentions it shows it: the block's pre-state.
//! let sender = &state.accounts[&Address::from_hex("0x7e5f4552091a69125d5dfcb7b8c2659029395bdf").unwrap()];
//! assert_eq!((sender.nonce, sender.balance), (4, U256::from(10u64).pow(U256::from(18u8))));
//! let contract = &state.accounts[&Address::from_low_u64(0xc0)];
//! assert_eq!((contract.ee_type.0, contract.storage[&U256::ZERO]), (1, U256::from(9u8)));
//!
//! // An empty block's transactions, receipts and withdrawals tries: the empty trie's root.
//! let empty = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";
//! assert_eq!(roots::transactions_root(&[]).to_string(), empty);
//! assert_eq!(roots::receipts_root(&[]).to_string(), empty);
//! assert_eq!(roots::withdrawals_root(&[]).to_string(), empty);
//!
//! // Input problems name the file.
//! let err = Dumps::load(std::path::Path::new("/nonexistent/22244135")).unwrap_err();
//! assert_eq!((err.what.as_str(), err.message.as_str()), ("/nonexistent/22244135/block.json", "missing"));
//! ```

pub mod changes;
pub mod checks;
pub mod dumps;
mod error;
pub mod header;
pub mod prestate;
pub mod report;
pub mod roots;
pub mod rpc;
pub mod system_contracts;

use std::path::Path;

use alloy_primitives::Bloom;
use bootloader::{EthereumL1, ForwardRun};
use primitives::{Fork, B256};
use system_impl::InMemoryState;

use changes::{chain_changes, first_difference, our_changes, TxSnapshots};
use checks::{header_check, receipt_check, Check, Divergence, Outcome};
pub use dumps::Dumps;
pub use error::ReplayError;
pub use header::PreparedBlock;
pub use prestate::Incomplete;

/// A block ready to replay: its dumps, pre-state and context.
#[derive(Debug, Clone)]
pub struct ReplayInput {
    /// The node's files.
    pub dumps: Dumps,
    /// The block's pre-state (block hashes included).
    pub pre_state: InMemoryState,
    /// The context and transactions.
    pub block: PreparedBlock,
    /// Delegation targets whose code the traces lack.
    pub incomplete: Vec<Incomplete>,
    /// System contracts the dumps lacked and the replay added with their canonical code.
    pub added_contracts: Vec<system_contracts::AddedContract>,
    /// Withdrawal recipients the dumps hold no pre-state for (their balance after the block is only known
    /// as an increase).
    pub unknown_recipients: Vec<primitives::Address>,
}

impl ReplayInput {
    /// Loads `dir` and prepares its block (`fork` overrides mainnet's schedule).
    pub fn load(dir: &Path, fork: Option<Fork>) -> Result<ReplayInput, ReplayError> {
        let dumps = Dumps::load(dir)?;
        let block = header::prepare(&dumps.block, fork)?;
        let (mut pre_state, incomplete) = prestate::union(&dumps.prestate);
        for entry in dumps.block_hashes.iter().flatten() {
            pre_state.block_hashes.insert(entry.number, B256::from(entry.hash));
        }
        if let Some(parent) = block.context.number.checked_sub(1) {
            pre_state.block_hashes.insert(parent, block.context.parent_hash);
        }
        let mut unknown_recipients: Vec<primitives::Address> = block
            .context
            .withdrawals
            .iter()
            .map(|w| w.address)
            .filter(|a| !pre_state.accounts.contains_key(a))
            .collect();
        unknown_recipients.sort();
        unknown_recipients.dedup();
        let added_contracts = system_contracts::add_missing(&mut pre_state, block.context.fork);
        Ok(ReplayInput { dumps, pre_state, block, incomplete, added_contracts, unknown_recipients })
    }
}

/// A replayed block and its checks.
#[derive(Debug)]
pub struct Replay {
    /// The forward run (receipts, diff, post-state).
    pub run: ForwardRun,
    /// Every check, per transaction then per block.
    pub checks: Vec<Check>,
}

impl Replay {
    /// Whether every check that ran passed (and none met an incomplete input).
    pub fn all_equal(&self) -> bool {
        self.checks.iter().all(|c| matches!(c.outcome, Outcome::Equal(_) | Outcome::NotChecked(_)))
    }

    /// The first divergence, if any.
    pub fn first_divergence(&self) -> Option<&Divergence> {
        self.checks.iter().find_map(|c| match &c.outcome {
            Outcome::Differs(d) => Some(d),
            _ => None,
        })
    }

    /// Whether a check met an incomplete input rather than a divergence.
    pub fn incomplete_input(&self) -> bool {
        self.checks.iter().any(|c| matches!(c.outcome, Outcome::Incomplete(_)))
    }
}

/// Runs the block forward and checks it.
pub fn replay(input: &ReplayInput) -> Result<Replay, ReplayError> {
    let mut snapshots = TxSnapshots::default();
    let run = bootloader::forward::run_chain_forward_observed::<EthereumL1>(
        input.block.context.clone(),
        input.pre_state.clone(),
        input.block.transactions.clone(),
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        &mut snapshots,
    )
    .map_err(|e| ReplayError::new("block", e.to_string()))?;
    let checks = check_all(input, &run, &snapshots);
    Ok(Replay { run, checks })
}

fn check_all(input: &ReplayInput, run: &ForwardRun, snapshots: &TxSnapshots) -> Vec<Check> {
    let mut checks = Vec::new();
    let dumps = &input.dumps;
    for (index, hash) in input.block.hashes.iter().enumerate() {
        let ours = run.output.receipts.iter().find(|r| r.tx_index == index);
        let rejected = run.output.rejected.iter().find(|r| r.index == index);
        let receipt_name = format!("tx {index} receipt");
        let suspect = suspect_accounts(input, index);
        let blame = |check: Check| match (&check.outcome, suspect.is_empty()) {
            (Outcome::Differs(d), false) => Check {
                name: check.name.clone(),
                outcome: Outcome::Incomplete(format!("{d}; the pre-state lacks code this transaction reads: {suspect}")),
            },
            _ => check,
        };
        let (Some(ours), None) = (ours, rejected) else {
            let why = rejected.map(|r| r.error.to_string()).unwrap_or_else(|| "no receipt".into());
            checks.push(blame(Check {
                name: receipt_name,
                outcome: Outcome::Differs(Divergence {
                    tx: Some((index, *hash)),
                    account: None,
                    field: "inclusion".into(),
                    ours: format!("rejected ({why})"),
                    chain: "included".into(),
                }),
            }));
            continue;
        };
        match dumps.receipts.as_ref().and_then(|r| r.get(index)) {
            Some(chain) => checks.push(blame(receipt_check(index, *hash, ours, chain))),
            None => checks.push(Check { name: receipt_name, outcome: Outcome::NotChecked("no receipts.json") }),
        }
        let state_name = format!("tx {index} state");
        match dumps.diffs.as_ref().and_then(|d| d.get(index)) {
            Some(diff) => {
                let (Some(before), Some(after)) = (snapshots.snapshots.get(index), snapshots.snapshots.get(index + 1)) else {
                    continue;
                };
                let ours = our_changes(&input.pre_state, before, after);
                let chain = chain_changes(&diff.result);
                let check = match first_difference(&ours, &chain) {
                    None => Check::equal(state_name, format!("{} accounts changed", chain.len())),
                    Some((account, field, o, c)) => Check {
                        name: state_name,
                        outcome: Outcome::Differs(Divergence {
                            tx: Some((index, *hash)),
                            account: Some(account),
                            field,
                            ours: o,
                            chain: c,
                        }),
                    },
                };
                checks.push(blame(check));
            }
            None => checks.push(Check { name: state_name, outcome: Outcome::NotChecked("no difftrace.json") }),
        }
    }
    let header = &dumps.block.header;
    checks.push(header_check("block gasUsed", run.output.gas_used, header.gas_used));
    checks.push(header_check("receiptsRoot", B256::from(roots::receipts_root(&run.output.receipts)), B256::from(header.receipts_root)));
    let bloom = Bloom::from(run.output.logs_bloom().0);
    checks.push(header_check("logsBloom", bloom, header.logs_bloom));
    checks.push(header_check(
        "transactionsRoot",
        B256::from(roots::transactions_root(&input.block.transactions)),
        B256::from(header.transactions_root),
    ));
    if let Some(chain) = header.withdrawals_root {
        let ours = roots::withdrawals_root(&input.block.context.withdrawals);
        checks.push(header_check("withdrawalsRoot", B256::from(ours), B256::from(chain)));
    }
    if let Some(chain) = header.blob_gas_used {
        checks.push(header_check("blobGasUsed", run.output.blob_gas_used, chain));
    }
    if let Some(chain) = header.requests_hash {
        checks.push(header_check("requestsHash", run.output.requests_hash(), B256::from(chain)));
    }
    checks
}

/// The incomplete accounts transaction `index` reads (its prestate trace mentions them), as text.
fn suspect_accounts(input: &ReplayInput, index: usize) -> String {
    let Some(trace) = input.dumps.prestate.get(index) else { return String::new() };
    let names: Vec<String> = input
        .incomplete
        .iter()
        .filter(|i| trace.result.0.contains_key(&alloy_primitives::Address::from(i.account)) || input.dumps.prestate.len() == 1)
        .map(|i| format!("{} delegates to {} (EIP-7702), whose code the prestateTracer left out", i.account, i.target))
        .collect();
    names.join("; ")
}
