//! geth's `prestateTracer`: per transaction the accounts it accessed as they were before it (`balance`,
//! `nonce` when not zero, `code` when not empty, and the `storage` slots it read or wrote, zero values
//! included); with `diffMode`, `{pre, post}` of what it changed: `pre` the changed accounts as they were
//! (zero slots left out), `post` only the fields that changed (zero slots left out; an account absent from
//! `post` was deleted, one absent from `pre` created).
//!
//! Built for the forward System: it takes the System's state between transactions (the block's cumulative
//! diff over the pre-state, [`crate::snapshot`]) and its per-transaction access log
//! (`System::record_accesses`, which unlike EIP-2929 warmth also keeps what reverted frames touched).
//! As geth does, precompiles an access touched are listed, and in `diffMode` an account that did not exist
//! appears in `pre` (with balance zero) unless a deployment created it.

use std::collections::{BTreeMap, BTreeSet};

use bootloader::{BlockObserver, InvalidTransaction, TransactionResult};
use primitives::{encode_hex, Address, U256};
use serde_json::{json, Map, Value};
use system_impl::{ForwardSystem, InMemoryState, StateDiff};

use crate::snapshot::{changes_between, View};

/// The prestateTracer (see the module docs).
#[derive(Debug, Default)]
pub struct PrestateTracer {
    diff_mode: bool,
    pre: InMemoryState,
    /// The state after the last transaction (after the block's opening work at first).
    last: StateDiff,
    results: Vec<Value>,
}

impl PrestateTracer {
    /// A prestateTracer; `diff_mode` gives `{pre, post}`.
    pub fn new(diff_mode: bool) -> Self {
        PrestateTracer { diff_mode, ..PrestateTracer::default() }
    }

    /// The traces so far: `[{txHash, result}]`.
    pub fn into_results(self) -> Vec<Value> {
        self.results
    }
}

/// `{balance, nonce?, code?}` of an account view.
fn account_fields(view: &View<'_>) -> Map<String, Value> {
    let mut fields = Map::new();
    fields.insert("balance".into(), format!("{:#x}", view.balance()).into());
    if view.nonce() != 0 {
        fields.insert("nonce".into(), view.nonce().into());
    }
    let code = view.code();
    if !code.is_empty() {
        fields.insert("code".into(), encode_hex(&code).into());
    }
    fields
}

fn word(value: &U256) -> Value {
    Value::String(format!("{value:#066x}"))
}

impl BlockObserver<ForwardSystem> for PrestateTracer {
    fn records_accesses(&self) -> bool {
        !self.diff_mode
    }

    fn block_started(&mut self, sys: &ForwardSystem) {
        self.pre = sys.oracle_ref().state().clone();
        self.last = sys.state_diff();
    }

    fn transaction_done(&mut self, sys: &ForwardSystem, _index: usize, result: Result<&TransactionResult, &InvalidTransaction>) {
        let after = sys.state_diff();
        if let Ok(result) = result {
            let trace = if self.diff_mode { self.diff(&after) } else { self.prestate(sys) };
            self.results.push(json!({"txHash": result.hash.to_string(), "result": trace}));
        }
        self.last = after;
    }
}

impl PrestateTracer {
    /// The accessed accounts before the transaction, with the slots it accessed.
    fn prestate(&self, sys: &ForwardSystem) -> Value {
        let Some(log) = sys.access_log() else { return Value::Object(Map::new()) };
        let mut slots: BTreeMap<Address, BTreeSet<U256>> = BTreeMap::new();
        for (address, key) in &log.slots {
            slots.entry(*address).or_default().insert(*key);
        }
        let accounts: BTreeSet<Address> = log.accounts.iter().chain(slots.keys()).copied().collect();
        let mut out = Map::new();
        for address in accounts {
            let view = View::of(&self.pre, &self.last, &address);
            let mut fields = account_fields(&view);
            if let Some(keys) = slots.get(&address) {
                let storage: Map<String, Value> = keys.iter().map(|k| (format!("{k:#066x}"), word(&view.slot(k)))).collect();
                fields.insert("storage".into(), Value::Object(storage));
            }
            out.insert(address.to_string(), Value::Object(fields));
        }
        Value::Object(out)
    }

    /// `{pre, post}` of what the transaction changed.
    fn diff(&self, after: &StateDiff) -> Value {
        let changes = changes_between(&self.pre, &self.last, after);
        let (mut pre, mut post) = (Map::new(), Map::new());
        for (address, change) in &changes {
            let old = View::of(&self.pre, &self.last, address);
            // geth's "created" accounts (left out of `pre`) are deployments: their nonce or code is set.
            let deployed = !old.exists() && (change.nonce.is_some() || change.code.is_some());
            if !deployed {
                let mut fields = account_fields(&old);
                let storage: Map<String, Value> = change
                    .storage
                    .keys()
                    .map(|k| (k, old.slot(k)))
                    .filter(|(_, v)| !v.is_zero())
                    .map(|(k, v)| (format!("{k:#066x}"), word(&v)))
                    .collect();
                if !storage.is_empty() {
                    fields.insert("storage".into(), Value::Object(storage));
                }
                pre.insert(address.to_string(), Value::Object(fields));
            }
            if !change.exists {
                continue;
            }
            let mut fields = Map::new();
            if let Some(balance) = change.balance {
                fields.insert("balance".into(), format!("{balance:#x}").into());
            }
            if let Some(nonce) = change.nonce {
                fields.insert("nonce".into(), nonce.into());
            }
            if let Some(code) = &change.code {
                fields.insert("code".into(), encode_hex(code).into());
            }
            let storage: Map<String, Value> = change
                .storage
                .iter()
                .filter(|(_, v)| !v.is_zero())
                .map(|(k, v)| (format!("{k:#066x}"), word(v)))
                .collect();
            if !storage.is_empty() {
                fields.insert("storage".into(), Value::Object(storage));
            }
            post.insert(address.to_string(), Value::Object(fields));
        }
        json!({"pre": pre, "post": post})
    }
}
