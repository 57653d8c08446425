//! Ethereum fork (hard-fork rule set) selector and the blob parameters that go with it. Only the forks zkos
//! executes are listed.
//!
//! A fork is a setting of the block (`BlockContext::fork`), never a compile-time constant: one build runs
//! Cancun, Prague and Osaka blocks side by side. The blob schedule is data too ([`BlobSchedule`]): the
//! Blob-Parameter-Only forks of EIP-7892 change it without changing a rule.

use core::fmt;
use core::str::FromStr;

/// The Ethereum rule set a block runs under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Fork {
    /// Cancun (Dencun execution layer): EIP-1153, 4844, 5656, 6780, 7516.
    Cancun,
    /// Prague (Pectra execution layer): adds EIP-2537, 2935, 7623, 7702 on top of Cancun.
    Prague,
    /// Osaka (Fusaka execution layer, mainnet since 2025-12-03): adds EIP-7939 CLZ, EIP-7951 P256VERIFY,
    /// EIP-7883/7823 MODEXP pricing and bounds, EIP-7825 transaction gas cap, EIP-7594 blob count limit.
    #[default]
    Osaka,
}

/// Every fork zkos executes, oldest first.
pub const FORKS: [Fork; 3] = [Fork::Cancun, Fork::Prague, Fork::Osaka];

impl Fork {
    /// True when this fork includes every rule of `other`.
    pub const fn is_enabled(self, other: Fork) -> bool {
        self as u8 >= other as u8
    }

    /// The fork's name as the state tests spell it.
    pub const fn name(self) -> &'static str {
        match self {
            Fork::Cancun => "Cancun",
            Fork::Prague => "Prague",
            Fork::Osaka => "Osaka",
        }
    }

    /// The fork's number on the witness tape and in the public input (stable across versions).
    pub const fn id(self) -> u32 {
        self as u32
    }

    /// The fork with tape number `id`.
    pub const fn from_id(id: u32) -> Option<Fork> {
        match id {
            0 => Some(Fork::Cancun),
            1 => Some(Fork::Prague),
            2 => Some(Fork::Osaka),
            _ => None,
        }
    }

    /// The fork Ethereum mainnet runs at block `timestamp` (Cancun from 1710338135, Prague from 1746612311,
    /// Osaka from 1764798551); `None` before Cancun.
    pub const fn mainnet_at(timestamp: u64) -> Option<Fork> {
        if timestamp >= 1_764_798_551 {
            Some(Fork::Osaka)
        } else if timestamp >= 1_746_612_311 {
            Some(Fork::Prague)
        } else if timestamp >= 1_710_338_135 {
            Some(Fork::Cancun)
        } else {
            None
        }
    }

    /// The most blobs one transaction may carry: EIP-7594 caps it at 6 from Osaka on; before, only the
    /// block's maximum bounded it.
    pub const fn max_blobs_per_transaction(self, schedule: &BlobSchedule) -> u64 {
        if self.is_enabled(Fork::Osaka) && schedule.max > 6 {
            6
        } else {
            schedule.max
        }
    }

    /// The EIP-7825 cap on a transaction's gas limit (2^24 from Osaka on), `None` before.
    pub const fn transaction_gas_cap(self) -> Option<u64> {
        if self.is_enabled(Fork::Osaka) {
            Some(1 << 24)
        } else {
            None
        }
    }
}

impl fmt::Display for Fork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The name is not a fork zkos knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFork;

impl fmt::Display for UnknownFork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown fork (expected Cancun, Prague or Osaka)")
    }
}

impl FromStr for Fork {
    type Err = UnknownFork;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FORKS.into_iter().find(|fork| fork.name().eq_ignore_ascii_case(s)).ok_or(UnknownFork)
    }
}

/// A block's blob parameters (EIP-4844, EIP-7691, EIP-7840, EIP-7892): blobs per block targeted and
/// allowed, and the update fraction of the blob base fee.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BlobSchedule {
    /// Blobs per block the excess-gas rule steers towards.
    pub target: u64,
    /// Blobs per block allowed.
    pub max: u64,
    /// Denominator of the blob base fee's exponential.
    pub base_fee_update_fraction: u64,
}

impl BlobSchedule {
    /// The schedule a fork starts with on Ethereum mainnet (the BPO forks change it later by data).
    pub const fn of(fork: Fork) -> BlobSchedule {
        match fork {
            Fork::Cancun => BlobSchedule { target: 3, max: 6, base_fee_update_fraction: 3_338_477 },
            Fork::Prague | Fork::Osaka => BlobSchedule { target: 6, max: 9, base_fee_update_fraction: 5_007_716 },
        }
    }

    /// Ethereum mainnet's schedule at block `timestamp` under `fork`: Osaka's blob-parameter-only forks
    /// BPO1 (1765290071: 10/15) and BPO2 (1767747671: 14/21) included.
    pub const fn mainnet_at(fork: Fork, timestamp: u64) -> BlobSchedule {
        if !fork.is_enabled(Fork::Osaka) {
            return BlobSchedule::of(fork);
        }
        if timestamp >= 1_767_747_671 {
            BlobSchedule { target: 14, max: 21, base_fee_update_fraction: 11_684_671 }
        } else if timestamp >= 1_765_290_071 {
            BlobSchedule { target: 10, max: 15, base_fee_update_fraction: 8_346_193 }
        } else {
            BlobSchedule::of(fork)
        }
    }
}

impl Default for BlobSchedule {
    fn default() -> Self {
        BlobSchedule::of(Fork::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_order() {
        for fork in FORKS {
            assert_eq!(fork.name().parse::<Fork>(), Ok(fork));
            assert_eq!(Fork::from_id(fork.id()), Some(fork));
        }
        assert_eq!("osaka".parse::<Fork>(), Ok(Fork::Osaka));
        assert!("Shanghai".parse::<Fork>().is_err());
        assert!(Fork::Osaka.is_enabled(Fork::Prague) && !Fork::Prague.is_enabled(Fork::Osaka));
        assert_eq!(Fork::from_id(3), None);
    }

    #[test]
    fn mainnet_schedule() {
        assert_eq!(Fork::mainnet_at(1_744_355_675), Some(Fork::Cancun));
        assert_eq!(Fork::mainnet_at(1_746_612_311), Some(Fork::Prague));
        assert_eq!(Fork::mainnet_at(1_764_798_550), Some(Fork::Prague));
        assert_eq!(Fork::mainnet_at(1_764_798_551), Some(Fork::Osaka));
        assert_eq!(Fork::mainnet_at(1_710_338_134), None);
        assert_eq!(BlobSchedule::mainnet_at(Fork::Osaka, 1_765_290_071).max, 15);
        assert_eq!(BlobSchedule::mainnet_at(Fork::Osaka, 1_767_747_671).target, 14);
        assert_eq!(BlobSchedule::mainnet_at(Fork::Prague, 1_767_747_671).max, 9);
    }

    #[test]
    fn osaka_limits() {
        let schedule = BlobSchedule::of(Fork::Osaka);
        assert_eq!(Fork::Osaka.max_blobs_per_transaction(&schedule), 6);
        assert_eq!(Fork::Prague.max_blobs_per_transaction(&BlobSchedule::of(Fork::Prague)), 9);
        assert_eq!(Fork::Osaka.transaction_gas_cap(), Some(16_777_216));
        assert_eq!(Fork::Prague.transaction_gas_cap(), None);
    }
}
