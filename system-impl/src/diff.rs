//! Ending a transaction (deleting destroyed and touched-empty accounts, resetting warmth) and the block's
//! state diff, which the forward runner applies to its pre-state and the tree commits to.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use primitives::{Address, B256, KECCAK_EMPTY, U256};
use system_api::{Bytecode, EeType, Oracle, Resources, SystemAllocator};

use crate::journal::JournalEntry;
use crate::System;

/// How one account ends the block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountDiff {
    /// The account is absent after the block (its storage too).
    pub deleted: bool,
    /// Nonce after the block.
    pub nonce: u64,
    /// Balance after the block.
    pub balance: U256,
    /// Code after the block.
    pub code: Bytecode,
    /// keccak-256 of `code`.
    pub code_hash: B256,
    /// EE of the code.
    pub ee_type: EeType,
    /// All storage of the pre-state is gone before `storage` applies.
    pub storage_cleared: bool,
    /// Slots whose value differs from the pre-state (zero means deleted).
    pub storage: BTreeMap<U256, U256>,
}

/// Every account the block changed, in address order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StateDiff {
    /// Changed accounts.
    pub accounts: BTreeMap<Address, AccountDiff>,
}

impl<O: Oracle, A: SystemAllocator, R: Resources> System<O, A, R> {
    /// Ends the current transaction: applies EIP-6780 deletions and EIP-161 cleanup, makes the present
    /// values the next transaction's originals, and forgets warmth and transient storage.
    pub(crate) fn end_transaction(&mut self) {
        let journal = core::mem::take(&mut self.journal);
        // An account met again is already settled: its flags were reset the first time, so it is left alone.
        for entry in &journal {
            if let JournalEntry::StorageChanged(address, key, _) = entry {
                if let Some(slot) = self.accounts.get_mut(address).and_then(|a| a.storage.get_mut(key)) {
                    slot.tx_original = slot.present;
                }
            }
            let address = match entry {
                JournalEntry::Touched(a) => *a,
                JournalEntry::Created { address, .. } | JournalEntry::Destroyed { address, .. } => *address,
                _ => continue,
            };
            let Some(account) = self.accounts.get_mut(&address) else { continue };
            let delete = account.destroyed || (account.touched && account.is_empty());
            account.created_in_tx = false;
            account.destroyed = false;
            account.touched = false;
            if delete && (account.exists || account.dirty) {
                account.exists = false;
                account.dirty = true;
                account.nonce = 0;
                account.balance = U256::ZERO;
                account.code = Bytecode::from(&[][..]);
                account.code_hash = KECCAK_EMPTY;
                account.ee_type = EeType::NONE;
                account.storage_cleared = true;
                for slot in account.storage.values_mut() {
                    slot.present = U256::ZERO;
                    slot.tx_original = U256::ZERO;
                }
            }
        }
        self.transient.clear();
        self.warm_accounts.clear();
        self.prewarmed_slots.clear();
        // Every slot's `warm_in` now names a past transaction: all slots are cold, with nothing to visit.
        self.tx_serial = self.tx_serial.wrapping_add(1).max(1);
        // Keep the allocation for the next transaction.
        let mut journal = journal;
        journal.clear();
        self.journal = journal;
    }

    /// The block's changes so far (call after `finish_transaction`).
    pub fn state_diff(&self) -> StateDiff {
        let mut accounts = BTreeMap::new();
        for (address, account) in self.accounts.iter().filter(|(_, a)| a.dirty) {
            let storage = account
                .storage
                .iter()
                .filter(|(_, slot)| slot.present != slot.block_original || account.storage_cleared)
                .map(|(key, slot)| (*key, slot.present))
                .collect();
            accounts.insert(
                *address,
                AccountDiff {
                    deleted: !account.exists,
                    nonce: account.nonce,
                    balance: account.balance,
                    code: account.code.clone(),
                    code_hash: account.code_hash,
                    ee_type: account.ee_type,
                    storage_cleared: account.storage_cleared,
                    storage,
                },
            );
        }
        StateDiff { accounts }
    }

    /// Addresses currently cached (for diagnostics).
    pub fn cached_accounts(&self) -> Vec<Address> {
        self.accounts.keys().copied().collect()
    }
}
