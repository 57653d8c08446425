//! Ethereum's system contracts (EIP-4788, EIP-2935, EIP-7002, EIP-7251) as mainnet holds them. A
//! prestateTracer dump never contains them (the block-level system calls are not transactions), yet every
//! mainnet block of their fork runs them. When the dumps lack one, the replay adds its canonical code
//! (alloy-eips' constants, deployed at the same address on mainnet) to the pre-state and says so; its
//! storage stays unknown, so only the slots the system call writes are known after the block.

use alloy_eips::{eip2935, eip4788, eip7002, eip7251};
use bootloader::chain::ethereum::{
    BEACON_ROOTS_ADDRESS, CONSOLIDATION_REQUEST_ADDRESS, HISTORY_STORAGE_ADDRESS, WITHDRAWAL_REQUEST_ADDRESS,
};
use primitives::{Address, Fork};
use system_api::EeType;
use system_impl::{InMemoryState, StateAccount};

/// A system contract the replay had to add: its address and EIP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedContract {
    /// Where.
    pub address: Address,
    /// Which EIP defines it.
    pub eip: &'static str,
}

/// Adds the system contracts of `fork` that `state` lacks; returns what it added.
pub fn add_missing(state: &mut InMemoryState, fork: Fork) -> Vec<AddedContract> {
    let mut contracts = vec![(BEACON_ROOTS_ADDRESS, "EIP-4788", eip4788::BEACON_ROOTS_CODE.to_vec())];
    if fork.is_enabled(Fork::Prague) {
        contracts.push((HISTORY_STORAGE_ADDRESS, "EIP-2935", eip2935::HISTORY_STORAGE_CODE.to_vec()));
        contracts.push((WITHDRAWAL_REQUEST_ADDRESS, "EIP-7002", eip7002::WITHDRAWAL_REQUEST_PREDEPLOY_CODE.to_vec()));
        contracts.push((CONSOLIDATION_REQUEST_ADDRESS, "EIP-7251", eip7251::CONSOLIDATION_REQUEST_PREDEPLOY_CODE.to_vec()));
    }
    let mut added = Vec::new();
    for (address, eip, code) in contracts {
        let has_code = state.accounts.get(&address).is_some_and(|a| !a.code.is_empty());
        if has_code {
            continue;
        }
        let mut account = state.accounts.get(&address).cloned().unwrap_or_default();
        account.code = code;
        account.ee_type = EeType(1);
        if account.nonce == 0 {
            // Deployed by a transaction that set nonce 1 (EIP-161 contract creation).
            account.nonce = 1;
        }
        state.insert_account(address, StateAccount { ..account });
        added.push(AddedContract { address, eip });
    }
    added
}
