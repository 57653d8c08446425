//! The block's pre-state from the per-transaction prestate traces: their union, each account and each slot
//! taken from the first trace that mentions it (a later transaction's trace shows values an earlier one may
//! have changed). An account the traces show as empty (balance 0, nonce 0, no code, no storage) does not
//! exist.
//!
//! geth's prestateTracer leaves out the code of an EIP-7702 delegation's target; such gaps are reported by
//! name ([`Incomplete`]) so that a replay can tell a missing input from a divergence.

use std::collections::{BTreeMap, BTreeSet};

use alloy_rpc_types_trace::geth::PreStateMode;
use primitives::{Address, U256};
use system_api::EeType;
use system_impl::{InMemoryState, StateAccount};

use crate::dumps::TxTrace;

/// An EIP-7702 delegation whose target's code the traces do not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incomplete {
    /// The delegating account.
    pub account: Address,
    /// The delegation target, whose code is missing.
    pub target: Address,
}

/// The EIP-7702 delegation prefix `0xef0100`.
const DELEGATION_PREFIX: [u8; 3] = [0xef, 0x01, 0x00];

/// The union of the traces, and the delegation targets whose code is missing from it.
pub fn union(traces: &[TxTrace<PreStateMode>]) -> (InMemoryState, Vec<Incomplete>) {
    let mut accounts: BTreeMap<Address, StateAccount> = BTreeMap::new();
    let mut slots_seen: BTreeSet<(Address, U256)> = BTreeSet::new();
    for trace in traces {
        for (address, state) in &trace.result.0 {
            let address = Address::from(*address);
            let account = accounts.entry(address).or_insert_with(|| StateAccount {
                nonce: state.nonce.unwrap_or(0),
                balance: state.balance.unwrap_or_default(),
                code: state.code.as_ref().map(|c| c.to_vec()).unwrap_or_default(),
                ee_type: EeType::NONE,
                storage: BTreeMap::new(),
            });
            for (slot, value) in &state.storage {
                let slot = U256::from_be_bytes(slot.0);
                if slots_seen.insert((address, slot)) {
                    account.storage.insert(slot, U256::from_be_bytes(value.0));
                }
            }
        }
    }
    let mut state = InMemoryState::new();
    for (address, mut account) in accounts {
        account.storage.retain(|_, v| !v.is_zero());
        let empty = account.nonce == 0 && account.balance.is_zero() && account.code.is_empty() && account.storage.is_empty();
        if empty {
            continue;
        }
        if !account.code.is_empty() {
            account.ee_type = EeType(1);
        }
        state.insert_account(address, account);
    }
    let incomplete = missing_delegation_targets(&state);
    (state, incomplete)
}

/// Accounts whose code is an EIP-7702 delegation to an account the state holds no code for.
fn missing_delegation_targets(state: &InMemoryState) -> Vec<Incomplete> {
    let mut out = Vec::new();
    for (address, account) in &state.accounts {
        if account.code.len() == 23 && account.code[..3] == DELEGATION_PREFIX {
            let Ok(target) = Address::from_slice(&account.code[3..]) else { continue };
            let has_code = state.accounts.get(&target).is_some_and(|t| !t.code.is_empty());
            if !has_code {
                out.push(Incomplete { account: *address, target });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trace(json: &str) -> TxTrace<PreStateMode> {
        serde_json::from_str(json).expect("trace")
    }

    #[test]
    fn first_mention_wins_per_account_and_per_slot() {
        let a = "0x00000000000000000000000000000000000000aa";
        let word = |n: u8| format!("0x{:064x}", n);
        let (one, two) = (word(1), word(2));
        let (v0a, v0b, v0c) = (word(0x0a), word(0x0b), word(0x0c));
        let traces = [
            trace(&format!(r#"{{"result": {{"{a}": {{"balance": "0x5", "nonce": 2, "storage": {{"{one}": "{v0a}"}}}}}}}}"#)),
            trace(&format!(
                r#"{{"result": {{"{a}": {{"balance": "0x9", "nonce": 3, "storage": {{"{one}": "{v0b}", "{two}": "{v0c}"}}}}}}}}"#
            )),
        ];
        let (state, incomplete) = union(&traces);
        let account = &state.accounts[&Address::from_low_u64(0xaa)];
        assert_eq!((account.balance, account.nonce), (U256::from(5u8), 2));
        assert_eq!(account.storage[&U256::from(1u8)], U256::from(0x0au8));
        assert_eq!(account.storage[&U256::from(2u8)], U256::from(0x0cu8));
        assert!(incomplete.is_empty());
    }

    #[test]
    fn empty_accounts_do_not_exist_and_missing_delegation_code_is_named() {
        let empty = "0x00000000000000000000000000000000000000e0";
        let delegating = "0x00000000000000000000000000000000000000d0";
        let target = "00000000000000000000000000000000000000c0";
        let traces = [trace(&format!(
            r#"{{"result": {{"{empty}": {{"balance": "0x0"}}, "{delegating}": {{"balance": "0x1", "code": "0xef0100{target}"}}}}}}"#
        ))];
        let (state, incomplete) = union(&traces);
        assert!(!state.accounts.contains_key(&Address::from_low_u64(0xe0)));
        assert_eq!(incomplete, vec![Incomplete { account: Address::from_low_u64(0xd0), target: Address::from_low_u64(0xc0) }]);
    }
}
