//! `AccountIo` for the System: account reads through the cache, journaled changes, EIP-6780 self-destruct.

use primitives::{keccak256, Address, U256};
use system_api::{
    AccountIo, AccountView, Bytecode, EeType, Oracle, Resources, SelfDestructOutcome, SystemAllocator, SystemError,
    TransferError,
};

use crate::journal::JournalEntry;
use crate::System;

impl<O: Oracle, A: SystemAllocator, R: Resources> System<O, A, R> {
    fn touch_entry(&mut self, address: &Address) -> Result<(), SystemError> {
        let entry = self.entry(address)?;
        if !entry.touched {
            entry.touched = true;
            self.journal.push(JournalEntry::Touched(*address));
        }
        Ok(())
    }

    fn set_balance(&mut self, address: &Address, balance: U256) -> Result<(), SystemError> {
        let entry = self.entry(address)?;
        let old = core::mem::replace(&mut entry.balance, balance);
        self.journal.push(JournalEntry::BalanceChanged(*address, old));
        self.mark_existing(address)
    }

    /// Marks a changed account dirty and present, journaling its appearance.
    fn mark_existing(&mut self, address: &Address) -> Result<(), SystemError> {
        let entry = self.entry(address)?;
        entry.dirty = true;
        if !entry.exists {
            entry.exists = true;
            self.journal.push(JournalEntry::Appeared(*address));
        }
        Ok(())
    }
}

impl<O: Oracle, A: SystemAllocator, R: Resources> AccountIo for System<O, A, R> {
    fn access_account(&mut self, address: &Address) -> Result<bool, SystemError> {
        if let Some(log) = &mut self.access_log {
            log.accounts.insert(*address);
        }
        // Warmth is kept apart from the cache so that warming (precompiles, access lists) reads nothing.
        if self.always_warm.binary_search(address).is_ok() {
            return Ok(false);
        }
        let was_cold = self.warm_accounts.insert(*address);
        if was_cold {
            self.journal.push(JournalEntry::AccountWarmed(*address));
        }
        Ok(was_cold)
    }

    fn account(&mut self, address: &Address) -> Result<AccountView, SystemError> {
        Ok(self.entry(address)?.view())
    }

    fn code(&mut self, address: &Address) -> Result<Bytecode, SystemError> {
        Ok(self.entry(address)?.code.clone())
    }

    fn set_nonce(&mut self, address: &Address, nonce: u64) -> Result<(), SystemError> {
        let entry = self.entry(address)?;
        let old = core::mem::replace(&mut entry.nonce, nonce);
        self.journal.push(JournalEntry::NonceChanged(*address, old));
        self.mark_existing(address)
    }

    fn transfer(&mut self, from: &Address, to: &Address, value: &U256) -> Result<Result<(), TransferError>, SystemError> {
        let from_balance = self.entry(from)?.balance;
        let Some(new_from) = from_balance.checked_sub(*value) else {
            return Ok(Err(TransferError::InsufficientBalance));
        };
        if from == to {
            self.touch_entry(to)?;
            return Ok(Ok(()));
        }
        let to_balance = self.entry(to)?.balance;
        let Some(new_to) = to_balance.checked_add(*value) else {
            return Ok(Err(TransferError::BalanceOverflow));
        };
        self.touch_entry(from)?;
        self.touch_entry(to)?;
        if !value.is_zero() {
            self.set_balance(from, new_from)?;
            self.set_balance(to, new_to)?;
        }
        Ok(Ok(()))
    }

    fn add_balance(&mut self, address: &Address, value: &U256) -> Result<Result<(), TransferError>, SystemError> {
        let balance = self.entry(address)?.balance;
        let Some(new) = balance.checked_add(*value) else {
            return Ok(Err(TransferError::BalanceOverflow));
        };
        self.touch_entry(address)?;
        if !value.is_zero() {
            self.set_balance(address, new)?;
        }
        Ok(Ok(()))
    }

    fn sub_balance(&mut self, address: &Address, value: &U256) -> Result<Result<(), TransferError>, SystemError> {
        let balance = self.entry(address)?.balance;
        let Some(new) = balance.checked_sub(*value) else {
            return Ok(Err(TransferError::InsufficientBalance));
        };
        self.touch_entry(address)?;
        if !value.is_zero() {
            self.set_balance(address, new)?;
        }
        Ok(Ok(()))
    }

    fn touch(&mut self, address: &Address) -> Result<(), SystemError> {
        self.touch_entry(address)
    }

    fn create_account(&mut self, address: &Address, initial_nonce: u64) -> Result<(), SystemError> {
        let entry = self.entry(address)?;
        let record = JournalEntry::Created { address: *address, existed: entry.exists, nonce: entry.nonce };
        entry.created_in_tx = true;
        entry.exists = true;
        entry.dirty = true;
        entry.nonce = initial_nonce;
        self.journal.push(record);
        self.touch_entry(address)
    }

    fn set_code(&mut self, address: &Address, code: Bytecode, ee_type: EeType) -> Result<(), SystemError> {
        let code_hash = keccak256(&code);
        let entry = self.entry(address)?;
        let old_code = core::mem::replace(&mut entry.code, code);
        let old_hash = core::mem::replace(&mut entry.code_hash, code_hash);
        let old_ee = core::mem::replace(&mut entry.ee_type, ee_type);
        self.journal.push(JournalEntry::CodeChanged {
            address: *address,
            code: old_code,
            code_hash: old_hash,
            ee_type: old_ee,
        });
        self.mark_existing(address)
    }

    fn self_destruct(&mut self, address: &Address, beneficiary: &Address) -> Result<SelfDestructOutcome, SystemError> {
        let entry = self.entry(address)?;
        let balance = entry.balance;
        let created_in_tx = entry.created_in_tx;
        let previously_destroyed = entry.destroyed;
        if address != beneficiary {
            let target_balance = self.entry(beneficiary)?.balance;
            // Total supply is below 2^256, so the sum cannot overflow in a consistent state; saturate regardless.
            self.set_balance(beneficiary, target_balance.saturating_add(balance))?;
            self.touch_entry(beneficiary)?;
            self.set_balance(address, U256::ZERO)?;
        } else if created_in_tx {
            // EIP-6780: a contract created in this transaction that names itself burns its balance.
            self.set_balance(address, U256::ZERO)?;
        }
        if created_in_tx && !previously_destroyed {
            let entry = self.entry(address)?;
            entry.destroyed = true;
            self.journal.push(JournalEntry::Destroyed { address: *address, was_destroyed: false });
        }
        Ok(SelfDestructOutcome { previously_destroyed, will_be_deleted: created_in_tx })
    }
}
