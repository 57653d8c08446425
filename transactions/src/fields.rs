//! Readers and writers for the transaction fields shared by several envelope types: integers with a field
//! name for error reporting, addresses, the optional `to`, 32-byte hashes, access lists, blob hash lists and
//! EIP-7702 authorization lists.
//!
//! Readers are strict: fixed-size fields must have exactly their size, integers must be canonical and fit
//! their type, and nested lists must have exactly the specified number of elements.

use crate::error::DecodeError;
use crate::rlp::{Item, ListEncoder};
use crate::tx::{AccessListItem, Authorization};
use alloc::vec::Vec;
use primitives::{Address, B256, U256};

/// The string payload of `item`.
pub(crate) fn bytes<'a>(item: &Item<'a>, field: &'static str) -> Result<&'a [u8], DecodeError> {
    item.as_bytes().map_err(DecodeError::rlp(field))
}

/// The elements of the list `item`.
pub(crate) fn list<'a>(item: &Item<'a>, field: &'static str) -> Result<Vec<Item<'a>>, DecodeError> {
    item.as_list().map_err(DecodeError::rlp(field))
}

/// Converts a list of items into an array of exactly `N`, or reports the count mismatch for `name`.
pub(crate) fn exactly<'a, const N: usize>(
    items: Vec<Item<'a>>,
    name: &'static str,
) -> Result<[Item<'a>; N], DecodeError> {
    let found = items.len();
    items.try_into().map_err(|_| DecodeError::FieldCount {
        list: name,
        expected: N,
        found,
    })
}

/// A canonical integer that fits in `u8`.
pub(crate) fn u8_field(item: &Item<'_>, field: &'static str) -> Result<u8, DecodeError> {
    item.as_u8().map_err(DecodeError::rlp(field))
}

/// A canonical integer that fits in `u64`.
pub(crate) fn u64_field(item: &Item<'_>, field: &'static str) -> Result<u64, DecodeError> {
    item.as_u64().map_err(DecodeError::rlp(field))
}

/// A canonical integer that fits in `u128`.
pub(crate) fn u128_field(item: &Item<'_>, field: &'static str) -> Result<u128, DecodeError> {
    item.as_u128().map_err(DecodeError::rlp(field))
}

/// A canonical integer that fits in 256 bits.
pub(crate) fn u256_field(item: &Item<'_>, field: &'static str) -> Result<U256, DecodeError> {
    item.as_u256().map_err(DecodeError::rlp(field))
}

/// Copies a string item of exactly `N` bytes.
fn fixed<const N: usize>(item: &Item<'_>, field: &'static str) -> Result<[u8; N], DecodeError> {
    let raw = bytes(item, field)?;
    raw.try_into().map_err(|_| DecodeError::InvalidLength {
        field,
        expected: N,
        found: raw.len(),
    })
}

/// A 20-byte address.
pub(crate) fn address(item: &Item<'_>, field: &'static str) -> Result<Address, DecodeError> {
    fixed::<20>(item, field).map(Address)
}

/// A 32-byte hash.
pub(crate) fn b256(item: &Item<'_>, field: &'static str) -> Result<B256, DecodeError> {
    fixed::<32>(item, field).map(B256)
}

/// The `to` field: the empty string means contract creation, otherwise exactly 20 bytes.
pub(crate) fn to_field(item: &Item<'_>) -> Result<Option<Address>, DecodeError> {
    if bytes(item, "to")?.is_empty() {
        Ok(None)
    } else {
        address(item, "to").map(Some)
    }
}

/// An EIP-2930 access list: `[[address, [key, ...]], ...]`.
pub(crate) fn access_list(item: &Item<'_>) -> Result<Vec<AccessListItem>, DecodeError> {
    let entries = list(item, "access list")?;
    let mut out = Vec::with_capacity(entries.len());
    for entry in &entries {
        let [address_item, keys_item] = exactly::<2>(list(entry, "access list entry")?, "access list entry")?;
        let address = address(&address_item, "access list address")?;
        let keys = list(&keys_item, "access list storage keys")?;
        let storage_keys = keys
            .iter()
            .map(|key| b256(key, "access list storage key"))
            .collect::<Result<Vec<_>, _>>()?;
        out.push(AccessListItem { address, storage_keys });
    }
    Ok(out)
}

/// The EIP-4844 list of versioned blob hashes.
pub(crate) fn blob_hashes(item: &Item<'_>) -> Result<Vec<B256>, DecodeError> {
    list(item, "blob versioned hashes")?
        .iter()
        .map(|hash| b256(hash, "blob versioned hash"))
        .collect()
}

/// An EIP-7702 authorization list: `[[chain_id, address, nonce, y_parity, r, s], ...]`.
pub(crate) fn authorization_list(item: &Item<'_>) -> Result<Vec<Authorization>, DecodeError> {
    let tuples = list(item, "authorization list")?;
    let mut out = Vec::with_capacity(tuples.len());
    for tuple in &tuples {
        let [chain_id, address_item, nonce, y_parity, r, s] =
            exactly::<6>(list(tuple, "authorization")?, "authorization")?;
        out.push(Authorization {
            chain_id: u256_field(&chain_id, "authorization chain id")?,
            address: address(&address_item, "authorization address")?,
            nonce: u64_field(&nonce, "authorization nonce")?,
            y_parity: u8_field(&y_parity, "authorization y parity")?,
            r: u256_field(&r, "authorization r")?,
            s: u256_field(&s, "authorization s")?,
        });
    }
    Ok(out)
}

/// Appends the `to` field (empty string for contract creation).
pub(crate) fn write_to(list: &mut ListEncoder, to: &Option<Address>) {
    match to {
        Some(address) => list.bytes(&address.0),
        None => list.bytes(&[]),
    };
}

/// Appends an access list.
pub(crate) fn write_access_list(list: &mut ListEncoder, access_list: &[AccessListItem]) {
    let mut entries = ListEncoder::new();
    for item in access_list {
        let mut keys = ListEncoder::new();
        for key in &item.storage_keys {
            keys.bytes(&key.0);
        }
        let mut entry = ListEncoder::new();
        entry.bytes(&item.address.0).list(&keys);
        entries.list(&entry);
    }
    list.list(&entries);
}

/// Appends a list of blob versioned hashes.
pub(crate) fn write_blob_hashes(list: &mut ListEncoder, hashes: &[B256]) {
    let mut inner = ListEncoder::new();
    for hash in hashes {
        inner.bytes(&hash.0);
    }
    list.list(&inner);
}

/// Appends an authorization list.
pub(crate) fn write_authorization_list(list: &mut ListEncoder, authorizations: &[Authorization]) {
    let mut inner = ListEncoder::new();
    for auth in authorizations {
        let mut tuple = ListEncoder::new();
        tuple
            .u256(&auth.chain_id)
            .bytes(&auth.address.0)
            .u64(auth.nonce)
            .u64(auth.y_parity as u64)
            .u256(&auth.r)
            .u256(&auth.s);
        inner.list(&tuple);
    }
    list.list(&inner);
}

/// The message an EIP-7702 authority signs: `keccak256(0x05 || rlp([chain_id, address, nonce]))`.
pub fn authorization_signing_hash(chain_id: &U256, address: &Address, nonce: u64) -> B256 {
    let mut fields = ListEncoder::new();
    fields.u256(chain_id).bytes(&address.0).u64(nonce);
    let mut message = Vec::with_capacity(64);
    message.push(0x05);
    fields.finish_into(&mut message);
    primitives::keccak256(&message)
}
