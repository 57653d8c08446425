//! Accounts between transactions: a block's cumulative [`StateDiff`] (what the System reports after each
//! transaction) over its pre-state, read as one state, and what one transaction changed between two such
//! snapshots. The prestate tracer and the replay's per-transaction checks both read the state this way.

use std::collections::BTreeMap;

use primitives::{Address, U256};
use system_impl::{AccountDiff, InMemoryState, StateAccount, StateDiff};

/// One account as a cumulative diff over the pre-state shows it.
pub struct View<'a> {
    diff: Option<&'a AccountDiff>,
    pre: Option<&'a StateAccount>,
}

impl<'a> View<'a> {
    /// `address` in `diff` over `pre`.
    pub fn of(pre: &'a InMemoryState, diff: &'a StateDiff, address: &Address) -> View<'a> {
        View { diff: diff.accounts.get(address), pre: pre.accounts.get(address) }
    }

    /// Whether the account exists.
    pub fn exists(&self) -> bool {
        match self.diff {
            Some(d) => !d.deleted,
            None => self.pre.is_some(),
        }
    }

    /// Its balance (zero when absent).
    pub fn balance(&self) -> U256 {
        self.diff.map(|d| d.balance).or(self.pre.map(|p| p.balance)).unwrap_or_default()
    }

    /// Its nonce.
    pub fn nonce(&self) -> u64 {
        self.diff.map(|d| d.nonce).or(self.pre.map(|p| p.nonce)).unwrap_or_default()
    }

    /// Its code.
    pub fn code(&self) -> Vec<u8> {
        match (self.diff, self.pre) {
            (Some(d), _) => d.code.to_vec(),
            (None, Some(p)) => p.code.clone(),
            (None, None) => Vec::new(),
        }
    }

    /// The value of slot `key`.
    pub fn slot(&self, key: &U256) -> U256 {
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

    /// The slots the diff mentions (changed since the pre-state at some point of the block).
    pub fn diff_slots(&self) -> impl Iterator<Item = &U256> {
        self.diff.into_iter().flat_map(|d| d.storage.keys())
    }
}

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

/// What the transaction between snapshots `before` and `after` changed, over `pre`.
pub fn changes_between(pre: &InMemoryState, before: &StateDiff, after: &StateDiff) -> TxChanges {
    let mut out = TxChanges::new();
    for address in after.accounts.keys() {
        let old = View::of(pre, before, address);
        let new = View::of(pre, after, address);
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
        for key in new.diff_slots().chain(old.diff_slots()) {
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
