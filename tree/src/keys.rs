//! How state maps to tree keys and values.
//!
//! - Storage slot `(address, slot)` → key `blake2s(pad32(address) ‖ slot)`, value = the slot's 32 bytes.
//! - Account `address` → key `blake2s(pad32(ACCOUNTS) ‖ pad32(address))`, value = `blake2s(record)` where the
//!   record (109 bytes) is `ee_type ‖ nonce (8, BE) ‖ balance (32) ‖ code_len (4, BE) ‖ keccak code hash ‖
//!   blake2s code hash`. An absent account has value zero. The record itself is an oracle preimage.

use primitives::{Address, B256, U256};

use crate::blake2s::{blake2s, blake2s_pair};

/// The system address whose "storage" holds account record hashes.
pub const ACCOUNTS: Address = Address::from_low_u64(0x8003);

/// Length of an encoded account record.
pub const RECORD_LEN: usize = 109;

fn pad_key(address: &Address, slot: &[u8; 32]) -> B256 {
    let mut padded = [0u8; 32];
    padded[12..].copy_from_slice(&address.0);
    B256(blake2s_pair(&padded, slot))
}

/// Tree key of a storage slot.
pub fn storage_key(address: &Address, slot: &U256) -> B256 {
    pad_key(address, &slot.to_be_bytes::<32>())
}

/// Tree key of an account.
pub fn account_key(address: &Address) -> B256 {
    let mut slot = [0u8; 32];
    slot[12..].copy_from_slice(&address.0);
    pad_key(&ACCOUNTS, &slot)
}

/// An account record as the tree commits to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct AccountRecord {
    /// EE type id.
    pub ee_type: u8,
    /// Nonce.
    pub nonce: u64,
    /// Balance.
    pub balance: U256,
    /// Code length in bytes.
    pub code_len: u32,
    /// keccak-256 of the code (what EXTCODEHASH returns).
    pub keccak_code_hash: B256,
    /// Blake2s of the code (what code preimages are checked against).
    pub blake_code_hash: B256,
}

impl AccountRecord {
    /// The 109-byte encoding.
    pub fn encode(&self) -> [u8; RECORD_LEN] {
        let mut out = [0u8; RECORD_LEN];
        out[0] = self.ee_type;
        out[1..9].copy_from_slice(&self.nonce.to_be_bytes());
        out[9..41].copy_from_slice(&self.balance.to_be_bytes::<32>());
        out[41..45].copy_from_slice(&self.code_len.to_be_bytes());
        out[45..77].copy_from_slice(&self.keccak_code_hash.0);
        out[77..109].copy_from_slice(&self.blake_code_hash.0);
        out
    }

    /// Decodes the 109-byte encoding.
    pub fn decode(bytes: &[u8; RECORD_LEN]) -> Self {
        let mut nonce = [0u8; 8];
        nonce.copy_from_slice(&bytes[1..9]);
        let mut balance = [0u8; 32];
        balance.copy_from_slice(&bytes[9..41]);
        let mut code_len = [0u8; 4];
        code_len.copy_from_slice(&bytes[41..45]);
        let mut keccak = [0u8; 32];
        keccak.copy_from_slice(&bytes[45..77]);
        let mut blake = [0u8; 32];
        blake.copy_from_slice(&bytes[77..109]);
        AccountRecord {
            ee_type: bytes[0],
            nonce: u64::from_be_bytes(nonce),
            balance: U256::from_be_bytes(balance),
            code_len: u32::from_be_bytes(code_len),
            keccak_code_hash: B256(keccak),
            blake_code_hash: B256(blake),
        }
    }

    /// The tree value: Blake2s of the encoding.
    pub fn hash(&self) -> B256 {
        B256(blake2s(&self.encode()))
    }
}
