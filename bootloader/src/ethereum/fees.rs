//! Fee arithmetic: effective gas price and the EIP-4844 blob base fee. The blob limits are data of the
//! block (`BlockContext::blob_schedule`).

use primitives::U256;
use transactions::Transaction;

/// Blob gas per blob (EIP-4844).
pub const GAS_PER_BLOB: u64 = 1 << 17;

/// `factor * e^(numerator / denominator)`, the EIP-4844 integer approximation.
pub fn fake_exponential(factor: u64, numerator: u64, denominator: u64) -> U256 {
    if denominator == 0 {
        return U256::ZERO;
    }
    let (factor, numerator, denominator) = (U256::from(factor), U256::from(numerator), U256::from(denominator));
    let mut i = U256::from(1u8);
    let mut output = U256::ZERO;
    let mut accum = factor * denominator;
    while !accum.is_zero() {
        output += accum;
        accum = accum * numerator / (denominator * i);
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
}
