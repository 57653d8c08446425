//! Fee arithmetic: effective gas price and the EIP-4844 blob base fee. The blob limits are data of the
//! block (`BlockContext::blob_schedule`).

use primitives::U256;
use transactions::Transaction;

/// Blob gas per blob (EIP-4844).
pub const GAS_PER_BLOB: u64 = 1 << 17;

/// `factor * e^(numerator / denominator)`, the EIP-4844 integer approximation.
///
/// Exact while the series fits 256 bits (`numerator / denominator` up to about 140, a fee of about 2^200,
/// far past any fee cap a transaction can carry); beyond that it saturates at `U256::MAX` instead of
/// wrapping. Wrapping arithmetic there made the loop run for about `numerator / denominator` rounds
/// (~3.7·10^12 for `excess_blob_gas = u64::MAX`), so a block file or block context with a huge excess
/// blob gas hung the run.
pub fn fake_exponential(factor: u64, numerator: u64, denominator: u64) -> U256 {
    if denominator == 0 {
        return U256::ZERO;
    }
    let (factor, numerator, denominator) = (U256::from(factor), U256::from(numerator), U256::from(denominator));
    let mut i = U256::from(1u8);
    let mut output = U256::ZERO;
    let mut accum = factor * denominator;
    while !accum.is_zero() {
        let (Some(sum), Some(product)) = (output.checked_add(accum), accum.checked_mul(numerator)) else {
            return U256::MAX;
        };
        output = sum;
        accum = product / (denominator * i);
        i += U256::from(1u8);
    }
    output / denominator
}

/// The blob base fee for `excess_blob_gas` with the given update fraction.
pub fn blob_base_fee(excess_blob_gas: u64, update_fraction: u64) -> U256 {
    fake_exponential(1, excess_blob_gas, update_fraction)
}

/// The price per gas the sender pays: the gas price, or `min(fee cap, base fee + priority fee)`.
pub fn effective_gas_price(tx: &Transaction, base_fee: &U256) -> U256 {
    if tx.tx_type.has_dynamic_fee() {
        let cap = U256::from(tx.gas_price);
        let with_tip = base_fee.saturating_add(U256::from(tx.max_priority_fee_per_gas));
        cap.min(with_tip)
    } else {
        U256::from(tx.gas_price)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blob_base_fee_examples() {
        assert_eq!(blob_base_fee(0, 3_338_477), U256::from(1u8));
        // e^1 ≈ 2.718 → 2
        assert_eq!(blob_base_fee(3_338_477, 3_338_477), U256::from(2u8));
        assert_eq!(blob_base_fee(10 * 3_338_477, 3_338_477), U256::from(22026u32));
    }

    /// Fuzz finding `block-file` seed 1 case 744 (docs/fuzzing.md): `currentExcessBlobGas` = 2^64 − 1 hung
    /// `parse_block_file` (and so `zkos run`): the series wrapped and ran ~10^12 rounds. It saturates now.
    #[test]
    fn blob_base_fee_of_a_huge_excess_saturates() {
        assert_eq!(blob_base_fee(u64::MAX, 5_007_716), U256::MAX);
        assert_eq!(blob_base_fee(u64::MAX, 1), U256::MAX);
        assert_eq!(fake_exponential(u64::MAX, u64::MAX, 1), U256::MAX);
        // Still exact below the saturation point: e^100 ≈ 2.688·10^43.
        let fee = blob_base_fee(100 * 3_338_477, 3_338_477);
        assert!(fee > U256::from(10u8).pow(U256::from(43u8)) && fee < U256::from(10u8).pow(U256::from(44u8)), "{fee}");
    }
}
