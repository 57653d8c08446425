//! Conversions to and from alloy-primitives (feature `alloy`), for host code and chain teams on alloy and
//! reth. `U256` needs none: both crates use ruint's `Uint<256, 4>`.

use alloc::vec::Vec;

use crate::{Address, Log, B256};

impl From<alloy_primitives::Address> for Address {
    fn from(a: alloy_primitives::Address) -> Self {
        Address(a.0 .0)
    }
}

impl From<Address> for alloy_primitives::Address {
    fn from(a: Address) -> Self {
        alloy_primitives::Address::new(a.0)
    }
}

impl From<alloy_primitives::B256> for B256 {
    fn from(b: alloy_primitives::B256) -> Self {
        B256(b.0)
    }
}

impl From<B256> for alloy_primitives::B256 {
    fn from(b: B256) -> Self {
        alloy_primitives::B256::new(b.0)
    }
}

impl From<alloy_primitives::Log> for Log {
    fn from(log: alloy_primitives::Log) -> Self {
        Log {
            address: log.address.into(),
            topics: log.data.topics().iter().map(|t| B256::from(*t)).collect(),
            data: log.data.data.to_vec(),
        }
    }
}

impl From<Log> for alloy_primitives::Log {
    fn from(log: Log) -> Self {
        let topics: Vec<alloy_primitives::B256> = log.topics.into_iter().map(Into::into).collect();
        alloy_primitives::Log::new_unchecked(log.address.into(), topics, log.data.into())
    }
}

/// Bytes as alloy's `Bytes`.
pub fn to_alloy_bytes(bytes: &[u8]) -> alloy_primitives::Bytes {
    alloy_primitives::Bytes::copy_from_slice(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn round_trips() {
        let address = Address::from_low_u64(0xdead_beef);
        let alloy: alloy_primitives::Address = address.into();
        assert_eq!(alloy.0[19], 0xef);
        assert_eq!(Address::from(alloy), address);
        let hash = B256([7; 32]);
        assert_eq!(B256::from(alloy_primitives::B256::from(hash)), hash);
        let log = Log { address, topics: vec![hash, B256([1; 32])], data: vec![1, 2, 3] };
        let alloy_log: alloy_primitives::Log = log.clone().into();
        assert_eq!(alloy_log.data.topics().len(), 2);
        assert_eq!(Log::from(alloy_log), log);
        let word: alloy_primitives::U256 = crate::U256::from(5u8);
        assert_eq!(word, crate::U256::from(5u8));
        assert_eq!(to_alloy_bytes(&[1, 2]).as_ref(), &[1, 2]);
    }
}
