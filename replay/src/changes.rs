//! What each transaction changed, in one form for both sides: zkos's (from the System's state after each
//! transaction, taken by [`TxSnapshots`] while the block runs) and the chain's (from geth's `diffMode`
//! traces: `pre` holds the changed fields' old values, `post` only the changed fields' new values, a
//! zero slot is omitted on both sides, and an account in `pre` but not in `post` was deleted).

use alloy_rpc_types_trace::geth::DiffMode;
use bootloader::BlockObserver;
use primitives::{Address, U256};
use system_impl::{ForwardSystem, InMemoryState, StateDiff};

pub use zkos_tracers::snapshot::{AccountChange, TxChanges};

/// Records the System's cumulative state diff when the block starts (after the system calls) and after
/// each transaction.
#[derive(Default)]
pub struct TxSnapshots {
    /// The diff after the block's opening work, then after each transaction.
    pub snapshots: Vec<StateDiff>,
}

impl BlockObserver<ForwardSystem> for TxSnapshots {
    fn block_started(&mut self, sys: &ForwardSystem) {
        self.snapshots.push(sys.state_diff());
    }

    fn transaction_done(
        &mut self,
        sys: &ForwardSystem,
        _index: usize,
        _result: Result<&bootloader::TransactionResult, &bootloader::InvalidTransaction>,
    ) {
        self.snapshots.push(sys.state_diff());
    }
}

/// zkos's changes by the transaction between snapshots `before` and `after`.
pub fn our_changes(pre: &InMemoryState, before: &StateDiff, after: &StateDiff) -> TxChanges {
    zkos_tracers::snapshot::changes_between(pre, before, after)
}

/// The chain's changes by one transaction, from its `diffMode` trace.
pub fn chain_changes(diff: &DiffMode) -> TxChanges {
    let mut out = TxChanges::new();
    for (address, pre) in &diff.pre {
        if !diff.post.contains_key(address) {
            out.insert(Address::from(*address), AccountChange { exists: false, ..AccountChange::default() });
            continue;
        }
        // Slots in `pre` but not in `post` became zero.
        let entry = out.entry(Address::from(*address)).or_insert_with(|| AccountChange { exists: true, ..Default::default() });
        for slot in pre.storage.keys() {
            entry.storage.insert(U256::from_be_bytes(slot.0), U256::ZERO);
        }
    }
    for (address, post) in &diff.post {
        let entry = out.entry(Address::from(*address)).or_insert_with(|| AccountChange { exists: true, ..Default::default() });
        entry.balance = post.balance;
        entry.nonce = post.nonce;
        entry.code = post.code.as_ref().map(|c| c.to_vec());
        for (slot, value) in &post.storage {
            entry.storage.insert(U256::from_be_bytes(slot.0), U256::from_be_bytes(value.0));
        }
    }
    out
}

/// The first difference between two transactions' changes: `(account, field, ours, chain)`.
pub fn first_difference(ours: &TxChanges, chain: &TxChanges) -> Option<(Address, String, String, String)> {
    let none = AccountChange { exists: true, ..AccountChange::default() };
    let show = |v: Option<String>| v.unwrap_or_else(|| "unchanged".into());
    let mut addresses: Vec<&Address> = ours.keys().chain(chain.keys()).collect();
    addresses.sort();
    addresses.dedup();
    for address in addresses {
        let (o, c) = (ours.get(address).unwrap_or(&none), chain.get(address).unwrap_or(&none));
        if o.exists != c.exists {
            let word = |e: bool| if e { "exists" } else { "deleted" }.to_string();
            return Some((*address, "existence".into(), word(o.exists), word(c.exists)));
        }
        if !o.exists {
            continue;
        }
        if o.balance != c.balance {
            let f = |v: Option<U256>| show(v.map(|v| v.to_string()));
            return Some((*address, "balance".into(), f(o.balance), f(c.balance)));
        }
        if o.nonce != c.nonce {
            let f = |v: Option<u64>| show(v.map(|v| v.to_string()));
            return Some((*address, "nonce".into(), f(o.nonce), f(c.nonce)));
        }
        if o.code != c.code {
            let f = |v: &Option<Vec<u8>>| show(v.as_ref().map(|c| format!("{} bytes", c.len())));
            return Some((*address, "code".into(), f(&o.code), f(&c.code)));
        }
        let mut keys: Vec<&U256> = o.storage.keys().chain(c.storage.keys()).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            let (ov, cv) = (o.storage.get(key), c.storage.get(key));
            if ov != cv {
                let f = |v: Option<&U256>| show(v.map(|v| format!("{v:#x}")));
                return Some((*address, format!("storage {key:#x}"), f(ov), f(cv)));
            }
        }
    }
    None
}
