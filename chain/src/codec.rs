//! Byte encodings of what a block leaves besides state: its transactions, receipts and rejections.
//!
//! Length-prefixed big-endian fields (`u32` lengths and counts), one value per block, so a block's receipts
//! are one read. Decoding checks every length and fails with [`ChainError::Corrupt`], never panics.

use bootloader::{Receipt, Rejected};
use ee_api::ExitStatus;
use primitives::{Address, Log, B256};

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
    let mut r = Reader { bytes, at: 0 };
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
    let mut r = Reader { bytes, at: 0 };
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
    let mut r = Reader { bytes, at: 0 };
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

fn put_u32(w: &mut Vec<u8>, v: u32) {
    w.extend_from_slice(&v.to_be_bytes());
}

fn put_bytes(w: &mut Vec<u8>, b: &[u8]) {
    put_u32(w, b.len() as u32);
    w.extend_from_slice(b);
}

/// Reads fields, failing on a short value instead of panicking.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn slice(&mut self, n: usize) -> Result<&[u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| ChainError::corrupt(format!("encoded value ends early at byte {}", self.at)))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.slice(N)?);
        Ok(out)
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.array::<1>()?[0])
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_be_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_be_bytes(self.array()?))
    }
    fn bytes(&mut self) -> Result<Vec<u8>> {
        let n = self.u32()? as usize;
        Ok(self.slice(n)?.to_vec())
    }
    fn end(&self) -> Result<()> {
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(ChainError::corrupt(format!("{} trailing bytes after an encoded value", self.bytes.len() - self.at)))
        }
    }
}
