//! `StorageIo` for the System: slots read once from the oracle, then served from the cache.

use primitives::{Address, U256};
use system_api::{Oracle, Resources, SlotAccess, SlotWrite, StorageIo, SystemAllocator, SystemError};

use crate::cache::{cached_account, cached_slot, SlotEntry};
use crate::journal::JournalEntry;
use crate::System;

impl<O: Oracle, A: SystemAllocator, R: Resources> System<O, A, R> {
    /// The slot's cache entry, loading it on first use.
    /// `dirty` marks the account as changed in the block (for writes).
    #[inline]
    fn slot(&mut self, address: &Address, key: &U256, dirty: bool) -> Result<&mut SlotEntry, SystemError> {
        let account = cached_account(&mut self.accounts, &mut self.oracle, address)?;
        account.dirty |= dirty;
        cached_slot(account, &mut self.oracle, address, key)
    }
}

impl<O: Oracle, A: SystemAllocator, R: Resources> System<O, A, R> {
    /// The first access to a slot in this transaction (its `warm_in` was just set): whether it was cold,
    /// i.e. not in the access list. A cold access is journaled so a revert makes the slot cold again.
    fn warm_first_access(&mut self, address: &Address, key: &U256) -> bool {
        if self.prewarmed_slots.contains(&(*address, *key)) {
            return false;
        }
        self.journal.push(JournalEntry::SlotWarmed(*address, *key));
        true
    }
}

impl<O: Oracle, A: SystemAllocator, R: Resources> StorageIo for System<O, A, R> {
    fn sload(&mut self, address: &Address, key: &U256) -> Result<SlotAccess, SystemError> {
        if let Some(log) = &mut self.access_log {
            log.slots.insert((*address, *key));
        }
        let serial = self.tx_serial;
        let slot = self.slot(address, key, false)?;
        let value = slot.present;
        let first_access = slot.warm_in != serial;
        slot.warm_in = serial;
        let was_cold = first_access && self.warm_first_access(address, key);
        Ok(SlotAccess { value, was_cold })
    }

    fn sstore(&mut self, address: &Address, key: &U256, value: &U256) -> Result<SlotWrite, SystemError> {
        if let Some(log) = &mut self.access_log {
            log.slots.insert((*address, *key));
        }
        let serial = self.tx_serial;
        let slot = self.slot(address, key, true)?;
        let present = core::mem::replace(&mut slot.present, *value);
        let original = slot.tx_original;
        let first_access = slot.warm_in != serial;
        slot.warm_in = serial;
        let was_cold = first_access && self.warm_first_access(address, key);
        self.journal.push(JournalEntry::StorageChanged(*address, *key, present));
        Ok(SlotWrite { original, present, was_cold })
    }

    fn warm_slot(&mut self, address: &Address, key: &U256) {
        // Not read: an access-list slot the transaction never touches costs no oracle read (nor, in
        // proving mode, a Merkle proof). Access lists are applied before any checkpoint, so never undone.
        self.prewarmed_slots.insert((*address, *key));
    }

    fn tload(&mut self, address: &Address, key: &U256) -> U256 {
        self.transient.get(&(*address, *key)).copied().unwrap_or(U256::ZERO)
    }

    fn tstore(&mut self, address: &Address, key: &U256, value: &U256) {
        let old = if value.is_zero() {
            self.transient.remove(&(*address, *key))
        } else {
            self.transient.insert((*address, *key), *value)
        };
        self.journal.push(JournalEntry::TransientChanged(*address, *key, old.unwrap_or(U256::ZERO)));
    }
}
