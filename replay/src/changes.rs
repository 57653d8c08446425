//! What each transaction changed, in one form for both sides: zkos's (from the System's state after each
//! transaction, taken by [`TxSnapshots`] while the block runs) and the chain's (from geth's `diffMode`
//! traces: `pre` holds the changed fields' old values, `post` only the changed fields' new values, a
//! zero slot is omitted on both sides, and an account in `pre` but not in `post` was deleted).

use std::collections::BTreeMap;

use alloy_rpc_types_trace::geth::DiffMode;
use bootloader::BlockObserver;
use primitives::{Address, U256};
use system_impl::{AccountDiff, ForwardSystem, InMemoryState, StateDiff};

/// One account's change by one transaction: `None` fields did not change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountChange {
    /// Whether the account exists afterwards.
    pub exists: bool,
    /// New balance.
    pub balance: Option<U256>,
    /// New nonce.
    pub nonce: Option<u64>,
    /// New code.
    pub code: Option<Vec<u8>>,
    /// Slots whose value changed, with the new value (zero: cleared).
    pub storage: BTreeMap<U256, U256>,
}

/// Everything one transaction changed.
pub type TxChanges = BTreeMap<Address, AccountChange>;

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

/// An account as a cumulative diff over the pre-state shows it.
struct View<'a> {
    diff: Option<&'a AccountDiff>,
    pre: Option<&'a system_impl::StateAccount>,
}

impl View<'_> {
    fn exists(&self) -> bool {
        match self.diff {
            Some(d) => !d.deleted,
            None => self.pre.is_some(),
        }
    }
    fn balance(&self) -> U256 {
        self.diff.map(|d| d.balance).or(self.pre.map(|p| p.balance)).unwrap_or_default()
    }
    fn nonce(&self) -> u64 {
        self.diff.map(|d| d.nonce).or(self.pre.map(|p| p.nonce)).unwrap_or_default()
    }
    fn code(&self) -> Vec<u8> {
        match (self.diff, self.pre) {
            (Some(d), _) => d.code.to_vec(),
            (None, Some(p)) => p.code.clone(),
            (None, None) => Vec::new(),
        }
    }
    fn slot(&self, key: &U256) -> U256 {
        if let Some(d) = self.diff {
            if let Some(v) = d.storage.get(key) {
                return *v;
            }
            if d.storage_cleared || d.deleted {
                return U256::ZERO;
            }
        }
        self.pre.and_then(|p| p.storage.get(key).copied()).unwrap_or_default()
    }
}

/// zkos's changes by the transaction between snapshots `before` and `after`.
pub fn our_changes(pre: &InMemoryState, before: &StateDiff, after: &StateDiff) -> TxChanges {
    let mut out = TxChanges::new();
    for (address, diff) in &after.accounts {
        let pre_account = pre.accounts.get(address);
        let old = View { diff: before.accounts.get(address), pre: pre_account };
        let new = View { diff: Some(diff), pre: pre_account };
        let mut change = AccountChange { exists: new.exists(), ..AccountChange::default() };
        if old.exists() && !new.exists() {
            out.insert(*address, change);
            continue;
        }
        if old.balance() != new.balance() {
            change.balance = Some(new.balance());
        }
        if old.nonce() != new.nonce() {
            change.nonce = Some(new.nonce());
        }
        let code = new.code();
        if old.code() != code {
            change.code = Some(code);
        }
        let keys = diff.storage.keys().chain(old.diff.into_iter().flat_map(|d| d.storage.keys()));
        for key in keys {
            let value = new.slot(key);
            if old.slot(key) != value {
                change.storage.insert(*key, value);
            }
        }
        let changed = old.exists() != new.exists()
            || change.balance.is_some()
            || change.nonce.is_some()
            || change.code.is_some()
            || !change.storage.is_empty();
        if changed {
            out.insert(*address, change);
        }
    }
    out
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
