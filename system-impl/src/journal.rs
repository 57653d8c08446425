//! The journal: one entry per reversible change, undone in reverse order on rollback.

use hashbrown::{HashMap, HashSet};
use primitives::{Address, B256, U256};
use system_api::{Bytecode, EeType};

use crate::cache::AccountEntry;

/// The parts of the System a rollback restores.
pub(crate) struct Undo<'a> {
    pub accounts: &'a mut HashMap<Address, AccountEntry>,
    pub transient: &'a mut HashMap<(Address, U256), U256>,
    pub warm_accounts: &'a mut HashSet<Address>,
}

/// A reversible change and what it replaced.
#[derive(Clone, Debug)]
pub(crate) enum JournalEntry {
    AccountWarmed(Address),
    /// The account was absent and came into existence.
    Appeared(Address),
    SlotWarmed(Address, U256),
    Touched(Address),
    NonceChanged(Address, u64),
    BalanceChanged(Address, U256),
    CodeChanged { address: Address, code: Bytecode, code_hash: B256, ee_type: EeType },
    StorageChanged(Address, U256, U256),
    TransientChanged(Address, U256, U256),
    Created { address: Address, existed: bool, nonce: u64 },
    Destroyed { address: Address, was_destroyed: bool },
}

impl JournalEntry {
    /// Reverts this change.
    pub fn undo(self, state: &mut Undo<'_>) {
        let Undo { accounts, transient, warm_accounts } = state;
        if let JournalEntry::AccountWarmed(address) = self {
            warm_accounts.remove(&address);
            return;
        }
        if let JournalEntry::TransientChanged(address, key, old) = self {
            if old.is_zero() {
                transient.remove(&(address, key));
            } else {
                transient.insert((address, key), old);
            }
            return;
        }
        let address = match &self {
            JournalEntry::AccountWarmed(a)
            | JournalEntry::Appeared(a)
            | JournalEntry::SlotWarmed(a, _)
            | JournalEntry::Touched(a)
            | JournalEntry::NonceChanged(a, _)
            | JournalEntry::BalanceChanged(a, _)
            | JournalEntry::StorageChanged(a, _, _)
            | JournalEntry::TransientChanged(a, _, _) => *a,
            JournalEntry::CodeChanged { address, .. }
            | JournalEntry::Created { address, .. }
            | JournalEntry::Destroyed { address, .. } => *address,
        };
        // Entries are only journaled for cached accounts, and the cache never evicts within a block.
        let Some(account) = accounts.get_mut(&address) else { return };
        match self {
            JournalEntry::Appeared(_) => account.exists = false,
            JournalEntry::Touched(_) => account.touched = false,
            JournalEntry::NonceChanged(_, old) => account.nonce = old,
            JournalEntry::BalanceChanged(_, old) => account.balance = old,
            JournalEntry::CodeChanged { code, code_hash, ee_type, .. } => {
                account.code = code;
                account.code_hash = code_hash;
                account.ee_type = ee_type;
            }
            JournalEntry::StorageChanged(_, key, old) => {
                if let Some(slot) = account.storage.get_mut(&key) {
                    slot.present = old;
                }
            }
            JournalEntry::Created { existed, nonce, .. } => {
                account.created_in_tx = false;
                account.exists = existed;
                account.nonce = nonce;
            }
            JournalEntry::Destroyed { was_destroyed, .. } => account.destroyed = was_destroyed,
            JournalEntry::SlotWarmed(_, key) => {
                // Cold again: the next access in this transaction consults the access list once more.
                if let Some(slot) = account.storage.get_mut(&key) {
                    slot.warm_in = 0;
                }
            }
            JournalEntry::TransientChanged(..) | JournalEntry::AccountWarmed(_) => {}
        }
    }
}
