//! Reverse changesets: for each block, what its writes to the state tables overwrote, so that the state
//! before the block can be rebuilt from the state after it.
//!
//! A block's [`ChangeSet`] lists, in address order, every account whose stored record the block changed
//! (with the record before, or its absence) or whose slots it changed (each slot with its value before,
//! zero for unset), in slot order. Code is not copied: the `code` table keeps every code by hash forever,
//! so a record's code hash is enough. Entries that the block wrote back unchanged are left out, so the
//! size grows with the block's effective writes only (a deleted account or cleared storage counts each
//! slot it removed).
//!
//! Encoding (`uint` is [`crate::codec::put_uint`]: a length byte, then big-endian bytes without leading
//! zeros):
//!
//! ```text
//! changeset := version (1, = 1) ‖ uint(account count) ‖ account*
//! account   := address (20) ‖ flags (1) ‖ [record if flags & 2] ‖ uint(slot count) ‖ (slot (32) ‖ uint(value before))*
//! flags     := 1: the record changed · 2: the account existed (its record follows) · 4: it had code (hash follows)
//! record    := uint(nonce) ‖ uint(balance) ‖ EE type (1) ‖ [keccak code hash (32) if flags & 4]
//! ```

use primitives::{Address, B256, KECCAK_EMPTY, U256};
use system_api::{AccountRecord, EeType};

use crate::codec::{put_uint, Reader};
use crate::error::{ChainError, Result};

/// Version byte of the changeset encoding.
const VERSION: u8 = 1;
const RECORD_CHANGED: u8 = 1;
const EXISTED: u8 = 2;
const HAD_CODE: u8 = 4;

/// What an account's stored record was before the block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PriorRecord {
    /// The block did not change it (only slots changed).
    Unchanged,
    /// The account did not exist.
    Absent,
    /// This record (nonce, balance, keccak code hash, EE type).
    Was(AccountRecord),
}

/// One account's entry of a [`ChangeSet`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountChange {
    /// The account.
    pub address: Address,
    /// Its record before the block.
    pub record: PriorRecord,
    /// Every slot the block changed, in slot order, with its value before (zero: unset).
    pub slots: Vec<(U256, U256)>,
}

/// What one block overwrote in the state tables: undoing it, in any order of its entries, gives the
/// state before the block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeSet {
    /// The changed accounts, in address order.
    pub accounts: Vec<AccountChange>,
}

impl ChangeSet {
    /// The stored encoding (see the module docs).
    pub fn encode(&self) -> Vec<u8> {
        let mut w = vec![VERSION];
        put_uint(&mut w, &U256::from(self.accounts.len()));
        for account in &self.accounts {
            w.extend_from_slice(&account.address.0);
            match &account.record {
                PriorRecord::Unchanged => w.push(0),
                PriorRecord::Absent => w.push(RECORD_CHANGED),
                PriorRecord::Was(record) => {
                    let has_code = record.code_hash != KECCAK_EMPTY;
                    w.push(RECORD_CHANGED | EXISTED | if has_code { HAD_CODE } else { 0 });
                    put_uint(&mut w, &U256::from(record.nonce));
                    put_uint(&mut w, &record.balance);
                    w.push(record.ee_type.0);
                    if has_code {
                        w.extend_from_slice(&record.code_hash.0);
                    }
                }
            }
            put_uint(&mut w, &U256::from(account.slots.len()));
            for (slot, value) in &account.slots {
                w.extend_from_slice(&slot.to_be_bytes::<32>());
                put_uint(&mut w, value);
            }
        }
        w
    }

    /// Inverse of [`Self::encode`]; anything malformed is [`ChainError::Corrupt`].
    pub fn decode(bytes: &[u8]) -> Result<Self> {
        let mut r = Reader::new(bytes);
        let version = r.u8()?;
        if version != VERSION {
            return Err(ChainError::corrupt(format!("changeset version {version}")));
        }
        let count = r.count()?;
        let mut accounts = Vec::with_capacity(count);
        for _ in 0..count {
            let address = Address(r.array()?);
            let flags = r.u8()?;
            let record = match flags {
                0 => PriorRecord::Unchanged,
                RECORD_CHANGED => PriorRecord::Absent,
                f if f == RECORD_CHANGED | EXISTED || f == RECORD_CHANGED | EXISTED | HAD_CODE => {
                    let nonce = r.uint_u64()?;
                    let balance = r.uint()?;
                    let ee_type = EeType(r.u8()?);
                    let code_hash = if f & HAD_CODE != 0 { B256(r.array()?) } else { KECCAK_EMPTY };
                    PriorRecord::Was(AccountRecord { nonce, balance, code_hash, ee_type })
                }
                f => return Err(ChainError::corrupt(format!("changeset: {address} has flags {f:#x}"))),
            };
            let slots = (0..r.count()?)
                .map(|_| Ok((U256::from_be_bytes(r.array::<32>()?), r.uint()?)))
                .collect::<Result<Vec<_>>>()?;
            accounts.push(AccountChange { address, record, slots });
        }
        r.end()?;
        Ok(ChangeSet { accounts })
    }
}

/// Collects one account's overwritten values while `commit::write_state` writes it.
#[derive(Default)]
pub(crate) struct AccountPrior {
    /// The stored record before the block, when the block wrote the record.
    pub(crate) record: Option<Option<AccountRecord>>,
    /// Each written or removed slot with its value before the block (the first one seen wins: a slot
    /// removed by clearing and then written again was the cleared value before the block).
    pub(crate) slots: std::collections::BTreeMap<U256, U256>,
}

impl AccountPrior {
    /// The entry for `address`, keeping only what differs from the values after the block (`record_after`,
    /// `slot_after`); `None` when nothing changed.
    pub(crate) fn into_change(
        self,
        address: Address,
        record_after: Option<&AccountRecord>,
        slot_after: impl Fn(&U256) -> U256,
    ) -> Option<AccountChange> {
        let record = match self.record {
            Some(before) if before.as_ref() != record_after => match before {
                Some(r) => PriorRecord::Was(r),
                None => PriorRecord::Absent,
            },
            _ => PriorRecord::Unchanged,
        };
        let slots: Vec<(U256, U256)> = self.slots.into_iter().filter(|(slot, before)| *before != slot_after(slot)).collect();
        if record == PriorRecord::Unchanged && slots.is_empty() {
            return None;
        }
        Some(AccountChange { address, record, slots })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_corruption() {
        let code_hash = B256([7; 32]);
        let set = ChangeSet {
            accounts: vec![
                AccountChange { address: Address::from_low_u64(1), record: PriorRecord::Absent, slots: vec![] },
                AccountChange {
                    address: Address::from_low_u64(2),
                    record: PriorRecord::Was(AccountRecord { nonce: 3, balance: U256::MAX, code_hash, ee_type: EeType(1) }),
                    slots: vec![(U256::from(1u8), U256::ZERO), (U256::MAX, U256::from(5u8))],
                },
                AccountChange {
                    address: Address::from_low_u64(3),
                    record: PriorRecord::Was(AccountRecord { nonce: 0, balance: U256::ZERO, code_hash: KECCAK_EMPTY, ee_type: EeType::NONE }),
                    slots: vec![],
                },
                AccountChange { address: Address::from_low_u64(4), record: PriorRecord::Unchanged, slots: vec![(U256::ZERO, U256::from(9u8))] },
            ],
        };
        let bytes = set.encode();
        assert_eq!(ChangeSet::decode(&bytes).expect("decodes"), set);
        assert_eq!(ChangeSet::decode(&ChangeSet::default().encode()).expect("empty"), ChangeSet::default());
        for cut in 0..bytes.len() {
            assert!(matches!(ChangeSet::decode(&bytes[..cut]), Err(ChainError::Corrupt(_))), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(matches!(ChangeSet::decode(&longer), Err(ChainError::Corrupt(_))));
        let mut bad_flags = bytes;
        bad_flags[3 + 20] = 0x80; // version, count (2 bytes), address, then the flags
        assert!(matches!(ChangeSet::decode(&bad_flags), Err(ChainError::Corrupt(_))));
    }
}
