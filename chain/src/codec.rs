//! Byte encodings of what a block leaves besides state: its transactions, receipts, rejections and the
//! parts of its context the header does not hold.
//!
//! Length-prefixed big-endian fields (`u32` lengths and counts), one value per block, so a block's receipts
//! are one read; the context extras (and [`crate::changeset`]) write numbers as a [`put_uint`]: a length
//! byte then the big-endian bytes without leading zeros. Decoding checks every length and fails with
//! [`ChainError::Corrupt`], never panics.

use bootloader::{Receipt, Rejected};
use ee_api::ExitStatus;
use primitives::{Address, Log, B256, U256};
use system_api::{BlockContext, Withdrawal};

use crate::error::{ChainError, Result};

/// A receipt as the store keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredReceipt {
    /// Position of the transaction among the block's transactions (rejected ones included).
    pub tx_index: u32,
    /// Transaction hash.
    pub tx_hash: B256,
    /// Envelope type byte.
    pub tx_type: u8,
    /// Sender.
    pub sender: Address,
    /// `0` success, `1` revert, `2` exceptional halt.
    pub status: u8,
    /// The halt's reason (`Debug` form of the EE's `HaltReason`), empty unless `status` is 2.
    pub halt_reason: String,
    /// Gas charged.
    pub gas_used: u64,
    /// Gas charged by this and the earlier transactions of the block.
    pub cumulative_gas_used: u64,
    /// Blob gas used.
    pub blob_gas_used: u64,
    /// Return or revert data.
    pub output: Vec<u8>,
    /// The contract a successful creation deployed.
    pub contract_address: Option<Address>,
    /// Events.
    pub logs: Vec<Log>,
}

impl StoredReceipt {
    /// The stored form of a bootloader receipt.
    pub fn of(r: &Receipt) -> Self {
        let (status, halt_reason) = match r.status {
            ExitStatus::Success => (0, String::new()),
            ExitStatus::Revert => (1, String::new()),
            ExitStatus::Halt(reason) => (2, format!("{reason:?}")),
        };
        StoredReceipt {
            tx_index: r.tx_index as u32,
            tx_hash: r.tx_hash,
            tx_type: r.tx_type as u8,
            sender: r.sender,
            status,
            halt_reason,
            gas_used: r.gas_used,
            cumulative_gas_used: r.cumulative_gas_used,
            blob_gas_used: r.blob_gas_used,
            output: r.output.clone(),
            contract_address: r.contract_address,
            logs: r.logs.clone(),
        }
    }
}

/// A transaction the block left out, with the bootloader's reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRejection {
    /// Position among the block's transactions.
    pub index: u32,
    /// Why (the `InvalidTransaction`'s message).
    pub reason: String,
}

impl StoredRejection {
    /// The stored form of a bootloader rejection.
    pub fn of(r: &Rejected) -> Self {
        StoredRejection { index: r.index as u32, reason: r.error.to_string() }
    }
}

/// Encodes a list of byte strings (a block's transactions).
pub fn encode_bytes_list(items: &[Vec<u8>]) -> Vec<u8> {
    let mut w = Vec::with_capacity(4 + items.iter().map(|i| i.len() + 4).sum::<usize>());
    put_u32(&mut w, items.len() as u32);
    for item in items {
        put_bytes(&mut w, item);
    }
    w
}

/// Inverse of [`encode_bytes_list`].
pub fn decode_bytes_list(bytes: &[u8]) -> Result<Vec<Vec<u8>>> {
    let mut r = Reader::new(bytes);
    let n = r.u32()?;
    let items = (0..n).map(|_| r.bytes()).collect::<Result<Vec<_>>>()?;
    r.end()?;
    Ok(items)
}

/// Encodes a block's receipts.
pub fn encode_receipts(receipts: &[StoredReceipt]) -> Vec<u8> {
    let mut w = Vec::new();
    put_u32(&mut w, receipts.len() as u32);
    for r in receipts {
        put_u32(&mut w, r.tx_index);
        w.extend_from_slice(&r.tx_hash.0);
        w.push(r.tx_type);
        w.extend_from_slice(&r.sender.0);
        w.push(r.status);
        put_bytes(&mut w, r.halt_reason.as_bytes());
        for v in [r.gas_used, r.cumulative_gas_used, r.blob_gas_used] {
            w.extend_from_slice(&v.to_be_bytes());
        }
        put_bytes(&mut w, &r.output);
        match &r.contract_address {
            Some(a) => {
                w.push(1);
                w.extend_from_slice(&a.0);
            }
            None => w.push(0),
        }
        put_u32(&mut w, r.logs.len() as u32);
        for log in &r.logs {
            w.extend_from_slice(&log.address.0);
            put_u32(&mut w, log.topics.len() as u32);
            for t in &log.topics {
                w.extend_from_slice(&t.0);
            }
            put_bytes(&mut w, &log.data);
        }
    }
    w
}

/// Inverse of [`encode_receipts`].
pub fn decode_receipts(bytes: &[u8]) -> Result<Vec<StoredReceipt>> {
    let mut r = Reader::new(bytes);
    let n = r.u32()?;
    let mut out = Vec::new();
    for _ in 0..n {
        let tx_index = r.u32()?;
        let tx_hash = B256(r.array()?);
        let tx_type = r.u8()?;
        let sender = Address(r.array()?);
        let status = r.u8()?;
        let halt_reason = String::from_utf8(r.bytes()?).map_err(|_| ChainError::corrupt("receipt: halt reason"))?;
        let (gas_used, cumulative_gas_used, blob_gas_used) = (r.u64()?, r.u64()?, r.u64()?);
        let output = r.bytes()?;
        let contract_address = match r.u8()? {
            0 => None,
            1 => Some(Address(r.array()?)),
            t => return Err(ChainError::corrupt(format!("receipt: contract address tag {t}"))),
        };
        let logs = (0..r.u32()?)
            .map(|_| {
                let address = Address(r.array()?);
                let topics = (0..r.u32()?).map(|_| r.array().map(B256)).collect::<Result<Vec<_>>>()?;
                Ok(Log { address, topics, data: r.bytes()? })
            })
            .collect::<Result<Vec<_>>>()?;
        out.push(StoredReceipt {
            tx_index,
            tx_hash,
            tx_type,
            sender,
            status,
            halt_reason,
            gas_used,
            cumulative_gas_used,
            blob_gas_used,
            output,
            contract_address,
            logs,
        });
    }
    r.end()?;
    Ok(out)
}

/// Encodes a block's rejections.
pub fn encode_rejections(rejected: &[StoredRejection]) -> Vec<u8> {
    let mut w = Vec::new();
    put_u32(&mut w, rejected.len() as u32);
    for r in rejected {
        put_u32(&mut w, r.index);
        put_bytes(&mut w, r.reason.as_bytes());
    }
    w
}

/// Inverse of [`encode_rejections`].
pub fn decode_rejections(bytes: &[u8]) -> Result<Vec<StoredRejection>> {
    let mut r = Reader::new(bytes);
    let n = r.u32()?;
    let out = (0..n)
        .map(|_| {
            let index = r.u32()?;
            let reason = String::from_utf8(r.bytes()?).map_err(|_| ChainError::corrupt("rejection: reason"))?;
            Ok(StoredRejection { index, reason })
        })
        .collect::<Result<Vec<_>>>()?;
    r.end()?;
    Ok(out)
}

/// Version byte of [`encode_context_extras`].
const CONTEXT_EXTRAS_VERSION: u8 = 1;

/// What a block's context holds beyond its header (`BlockHeader::context` rebuilds the rest): `version (1)
/// ‖ uint(blob base fee) ‖ beacon flag (1) [‖ beacon root (32)] ‖ uint(withdrawal count) ‖ (index (8) ‖
/// validator index (8) ‖ address (20) ‖ gwei (8))*`. A block without beacon root or withdrawals takes 4
/// bytes.
pub fn encode_context_extras(context: &BlockContext) -> Vec<u8> {
    let mut w = vec![CONTEXT_EXTRAS_VERSION];
    put_uint(&mut w, &context.blob_base_fee);
    match &context.parent_beacon_block_root {
        Some(root) => {
            w.push(1);
            w.extend_from_slice(&root.0);
        }
        None => w.push(0),
    }
    put_uint(&mut w, &U256::from(context.withdrawals.len()));
    for x in &context.withdrawals {
        w.extend_from_slice(&x.index.to_be_bytes());
        w.extend_from_slice(&x.validator_index.to_be_bytes());
        w.extend_from_slice(&x.address.0);
        w.extend_from_slice(&x.amount_gwei.to_be_bytes());
    }
    w
}

/// Sets the fields [`encode_context_extras`] wrote on `context` (rebuilt from the header).
pub fn decode_context_extras(bytes: &[u8], context: &mut BlockContext) -> Result<()> {
    let mut r = Reader::new(bytes);
    if r.u8()? != CONTEXT_EXTRAS_VERSION {
        return Err(ChainError::corrupt("context extras: unknown version"));
    }
    context.blob_base_fee = r.uint()?;
    context.parent_beacon_block_root = match r.u8()? {
        0 => None,
        1 => Some(B256(r.array()?)),
        t => return Err(ChainError::corrupt(format!("context extras: beacon root tag {t}"))),
    };
    let count = r.count()?;
    context.withdrawals = (0..count)
        .map(|_| {
            Ok(Withdrawal { index: r.u64()?, validator_index: r.u64()?, address: Address(r.array()?), amount_gwei: r.u64()? })
        })
        .collect::<Result<Vec<_>>>()?;
    r.end()
}

/// Writes `v` as a length byte (0..=32) and its big-endian bytes without leading zeros (zero: one byte).
pub fn put_uint(w: &mut Vec<u8>, v: &U256) {
    let bytes = v.to_be_bytes::<32>();
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    w.push((32 - skip) as u8);
    w.extend_from_slice(&bytes[skip..]);
}

fn put_u32(w: &mut Vec<u8>, v: u32) {
    w.extend_from_slice(&v.to_be_bytes());
}

fn put_bytes(w: &mut Vec<u8>, b: &[u8]) {
    put_u32(w, b.len() as u32);
    w.extend_from_slice(b);
}

/// Reads fields, failing on a short value instead of panicking.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }
    /// A [`put_uint`] number, refusing a length past 32 and a leading zero byte (one value, one encoding).
    pub(crate) fn uint(&mut self) -> Result<U256> {
        let n = self.u8()? as usize;
        if n > 32 {
            return Err(ChainError::corrupt(format!("number of {n} bytes at byte {}", self.at)));
        }
        let digits = self.slice(n)?;
        if digits.first() == Some(&0) {
            return Err(ChainError::corrupt(format!("number with a leading zero byte at byte {}", self.at)));
        }
        let mut out = [0u8; 32];
        out[32 - n..].copy_from_slice(digits);
        Ok(U256::from_be_bytes(out))
    }
    /// A [`put_uint`] number that must fit a `u64`.
    pub(crate) fn uint_u64(&mut self) -> Result<u64> {
        let v = self.uint()?;
        u64::try_from(v).map_err(|_| ChainError::corrupt(format!("number {v} past u64 before byte {}", self.at)))
    }
    /// A [`put_uint`] count of items that follow (at most one per remaining byte, so a corrupt count
    /// cannot make a caller reserve memory for nothing).
    pub(crate) fn count(&mut self) -> Result<usize> {
        let n = self.uint_u64()?;
        let left = (self.bytes.len() - self.at) as u64;
        if n > left {
            return Err(ChainError::corrupt(format!("count {n} with {left} bytes left")));
        }
        Ok(n as usize)
    }
    pub(crate) fn slice(&mut self, n: usize) -> Result<&[u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| ChainError::corrupt(format!("encoded value ends early at byte {}", self.at)))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.slice(N)?);
        Ok(out)
    }
    pub(crate) fn u8(&mut self) -> Result<u8> {
        Ok(self.array::<1>()?[0])
    }
    pub(crate) fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_be_bytes(self.array()?))
    }
    pub(crate) fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_be_bytes(self.array()?))
    }
    pub(crate) fn bytes(&mut self) -> Result<Vec<u8>> {
        let n = self.u32()? as usize;
        Ok(self.slice(n)?.to_vec())
    }
    pub(crate) fn end(&self) -> Result<()> {
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(ChainError::corrupt(format!("{} trailing bytes after an encoded value", self.bytes.len() - self.at)))
        }
    }
}
