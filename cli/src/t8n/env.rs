//! The t8n `env` → the bootloader's [`BlockContext`], with what geth's t8n derives when the env leaves it
//! out:
//!
//! - `currentBaseFee` from `parentBaseFee`, `parentGasUsed`, `parentGasLimit` (EIP-1559's update rule);
//! - `currentExcessBlobGas` from `parentExcessBlobGas` and `parentBlobGasUsed` (each 0 when absent, as the
//!   execution specs' t8n reads them), with EIP-7918's reserve price from Osaka on (it needs
//!   `parentBaseFee`);
//! - the parent hash the EIP-2935 history call stores: `blockHashes[currentNumber - 1]`, zero when absent.
//!
//! Post-Merge requirements are checked as geth does (exit code 3): `currentRandom` and `withdrawals` must be
//! present and `currentDifficulty`, if given, zero. Field syntax is `fixtures::parse_env`'s: quantities are
//! `0x` hex or JSON integers, never decimal strings (geth also takes decimal strings; see the report).

use std::collections::BTreeMap;

use bootloader::ethereum::fees::{blob_base_fee, GAS_PER_BLOB};
use fixtures::block_file::parse_block_hashes;
use fixtures::json::{quantity, quantity_u64};
use primitives::{BlobSchedule, Fork, B256, U256};
use serde_json::{Map, Value};
use system_api::BlockContext;

use super::error::T8nError;

/// EIP-7918's `BLOB_BASE_COST`: the execution gas a blob's reserve price is pegged to.
const BLOB_BASE_COST: u64 = 1 << 13;
/// EIP-1559's elasticity multiplier and base-fee change denominator.
const ELASTICITY: u64 = 2;
const BASE_FEE_CHANGE_DENOMINATOR: u64 = 8;

/// The block context and the block hashes BLOCKHASH may ask for.
#[derive(Debug, Clone)]
pub struct Env {
    /// What the bootloader runs with.
    pub context: BlockContext,
    /// `env.blockHashes`.
    pub block_hashes: BTreeMap<u64, B256>,
}

/// Builds the block context of `env` under `fork` and `chain_id` (the flags win over any `fork`/`chainId`
/// in the env).
pub fn block_env(env: &Value, fork: Fork, chain_id: u64) -> Result<Env, T8nError> {
    let Some(object) = env.as_object() else {
        return Err(T8nError::json("env: expected an object"));
    };
    // geth reads `null` as an absent optional field (`"parentBeaconBlockRoot": null`, EEST writes those).
    let mut fields: Map<String, Value> = object.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), v.clone())).collect();
    let get = |fields: &Map<String, Value>, key: &str| -> Result<Option<U256>, T8nError> {
        fields.get(key).map(|v| quantity(v, &format!("env.{key}"))).transpose().map_err(|e| T8nError::input("env", e))
    };
    if get(&fields, "currentDifficulty")?.is_some_and(|d| !d.is_zero()) {
        return Err(T8nError::config("post-merge difficulty must be zero (or omitted) in env"));
    }
    if !fields.contains_key("currentRandom") {
        return Err(T8nError::config("post-merge requires currentRandom to be defined in env"));
    }
    if !fields.contains_key("withdrawals") {
        return Err(T8nError::config("Shanghai config but missing 'withdrawals' in env section"));
    }
    let number = match fields.get("currentNumber") {
        Some(v) => quantity_u64(v, "env.currentNumber").map_err(|e| T8nError::input("env", e))?,
        None => return Err(T8nError::json("env: env.currentNumber: missing")),
    };
    let block_hashes = match fields.get("blockHashes") {
        Some(v) => parse_block_hashes(v, "env.blockHashes").map_err(|e| T8nError::input("env", e))?,
        None => BTreeMap::new(),
    };
    let parent_hash = number.checked_sub(1).and_then(|n| block_hashes.get(&n)).copied().unwrap_or(B256::ZERO);
    fields.insert("parentHash".into(), Value::String(parent_hash.to_string()));
    fields.insert("fork".into(), Value::String(fork.name().into()));
    fields.insert("chainId".into(), Value::String(format!("{chain_id:#x}")));

    let parent_base_fee = get(&fields, "parentBaseFee")?;
    if !fields.contains_key("currentBaseFee") {
        let Some(parent_base_fee) = parent_base_fee else {
            return Err(T8nError::config("EIP-1559 config but missing 'currentBaseFee' in env section"));
        };
        let used = get_u64(&fields, "parentGasUsed")?.unwrap_or(0);
        let limit = get_u64(&fields, "parentGasLimit")?.unwrap_or(0);
        let base_fee = next_base_fee(parent_base_fee, used, limit)
            .ok_or_else(|| T8nError::config("currentBaseFee cannot be derived: parentGasLimit is below 2"))?;
        fields.insert("currentBaseFee".into(), Value::String(format!("{base_fee:#x}")));
    }
    if !fields.contains_key("currentExcessBlobGas") {
        let schedule = match fields.get("blobSchedule") {
            Some(v) => fixtures::parse_blob_schedule(v, "env.blobSchedule").map_err(|e| T8nError::input("env", e))?,
            None => BlobSchedule::of(fork),
        };
        let parent = ParentBlobs {
            excess: get_u64(&fields, "parentExcessBlobGas")?.unwrap_or(0),
            used: get_u64(&fields, "parentBlobGasUsed")?.unwrap_or(0),
            base_fee: parent_base_fee,
        };
        let excess = next_excess_blob_gas(&parent, &schedule, fork)?;
        fields.insert("currentExcessBlobGas".into(), Value::String(format!("{excess:#x}")));
    }
    let context = fixtures::parse_env(&Value::Object(fields), "env").map_err(|e| T8nError::input("env", e))?;
    Ok(Env { context, block_hashes })
}

fn get_u64(fields: &Map<String, Value>, key: &str) -> Result<Option<u64>, T8nError> {
    fields.get(key).map(|v| quantity_u64(v, &format!("env.{key}"))).transpose().map_err(|e| T8nError::input("env", e))
}

/// EIP-1559: the base fee after a parent with `gas_used` of `gas_limit` at `base_fee`; `None` when the
/// parent's gas target is zero and its gas use is not (the rule divides by the target).
pub fn next_base_fee(base_fee: U256, gas_used: u64, gas_limit: u64) -> Option<U256> {
    let target = gas_limit / ELASTICITY;
    if gas_used == target {
        return Some(base_fee);
    }
    if target == 0 {
        return None;
    }
    let (target_u, denominator) = (U256::from(target), U256::from(BASE_FEE_CHANGE_DENOMINATOR));
    if gas_used > target {
        let delta = base_fee * U256::from(gas_used - target) / target_u / denominator;
        Some(base_fee.saturating_add(delta.max(U256::from(1u8))))
    } else {
        let delta = base_fee * U256::from(target - gas_used) / target_u / denominator;
        Some(base_fee.saturating_sub(delta))
    }
}

/// The parent block's blob figures.
#[derive(Debug, Clone, Copy)]
pub struct ParentBlobs {
    /// Its excess blob gas.
    pub excess: u64,
    /// Its blob gas used.
    pub used: u64,
    /// Its base fee (EIP-7918 compares the blob price with it from Osaka on).
    pub base_fee: Option<U256>,
}

/// EIP-4844's excess blob gas after `parent`, with EIP-7918's reserve price from Osaka on: when blobs are
/// cheaper than `BLOB_BASE_COST` execution gas, the excess only grows (by the used blob gas times
/// `(max - target) / max`) instead of falling.
pub fn next_excess_blob_gas(parent: &ParentBlobs, schedule: &BlobSchedule, fork: Fork) -> Result<u64, T8nError> {
    let target = schedule.target.saturating_mul(GAS_PER_BLOB);
    let total = parent.excess.saturating_add(parent.used);
    if total < target {
        return Ok(0);
    }
    if fork.is_enabled(Fork::Osaka) && schedule.max > 0 {
        let base_fee = parent
            .base_fee
            .ok_or_else(|| T8nError::config("Osaka: deriving currentExcessBlobGas needs parentBaseFee (EIP-7918)"))?;
        let reserve = U256::from(BLOB_BASE_COST) * base_fee;
        let blob_price = U256::from(GAS_PER_BLOB) * blob_base_fee(parent.excess, schedule.base_fee_update_fraction);
        if reserve > blob_price {
            let grown = u128::from(parent.used) * u128::from(schedule.max - schedule.target.min(schedule.max))
                / u128::from(schedule.max);
            return Ok(parent.excess.saturating_add(u64::try_from(grown).unwrap_or(u64::MAX)));
        }
    }
    Ok(total - target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_fee_follows_eip_1559() {
        let fee = U256::from(1_000_000_000u64);
        assert_eq!(next_base_fee(fee, 15_000_000, 30_000_000), Some(fee));
        assert_eq!(next_base_fee(fee, 30_000_000, 30_000_000), Some(U256::from(1_125_000_000u64)));
        assert_eq!(next_base_fee(fee, 0, 30_000_000), Some(U256::from(875_000_000u64)));
        // The increase is at least 1 wei.
        assert_eq!(next_base_fee(U256::from(7u8), 15_000_001, 30_000_000), Some(U256::from(8u8)));
        assert_eq!(next_base_fee(fee, 5, 1), None);
    }

    #[test]
    fn excess_blob_gas_with_and_without_the_reserve_price() {
        let schedule = BlobSchedule::of(Fork::Prague);
        let parent = ParentBlobs { excess: 0, used: 9 * GAS_PER_BLOB, base_fee: Some(U256::from(7u8)) };
        // Prague: excess + used − target.
        assert_eq!(next_excess_blob_gas(&parent, &schedule, Fork::Prague), Ok(3 * GAS_PER_BLOB));
        // Osaka with a base fee high enough that blobs sit at the reserve price: used × (9 − 6) / 9.
        let dear = ParentBlobs { base_fee: Some(U256::from(1_000_000_000u64)), ..parent };
        assert_eq!(next_excess_blob_gas(&dear, &schedule, Fork::Osaka), Ok(3 * GAS_PER_BLOB));
        let dear = ParentBlobs { excess: GAS_PER_BLOB, ..dear };
        assert_eq!(next_excess_blob_gas(&dear, &schedule, Fork::Osaka), Ok(4 * GAS_PER_BLOB));
        // Below target: zero, and no base fee needed.
        let low = ParentBlobs { excess: 0, used: GAS_PER_BLOB, base_fee: None };
        assert_eq!(next_excess_blob_gas(&low, &schedule, Fork::Osaka), Ok(0));
        let needs_fee = ParentBlobs { base_fee: None, ..parent };
        assert_eq!(next_excess_blob_gas(&needs_fee, &schedule, Fork::Osaka).unwrap_err().exit_code(), 3);
    }
}
