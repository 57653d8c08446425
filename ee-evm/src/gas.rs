//! Gas constants and the dynamic gas rules of the EVM (Berlin access lists through Prague).

/// EIP-2929: first access to an account in a transaction.
pub const COLD_ACCOUNT_ACCESS: u64 = 2600;
/// EIP-2929: later accesses (to accounts or slots).
pub const WARM_ACCESS: u64 = 100;
/// EIP-2929: first access to a slot in a transaction.
pub const COLD_SLOAD: u64 = 2100;
/// SSTORE from zero to non-zero.
pub const SSTORE_SET: u64 = 20_000;
/// SSTORE of a non-zero original (EIP-2929 subtracts the cold cost from 5000).
pub const SSTORE_RESET: u64 = 5_000 - COLD_SLOAD;
/// EIP-3529 refund for clearing a slot.
pub const SSTORE_CLEARS_REFUND: i64 = 4_800;
/// EIP-2200: SSTORE fails when no more than this is left.
pub const SSTORE_SENTRY: u64 = 2_300;
/// Value-bearing call.
pub const CALL_VALUE: u64 = 9_000;
/// Value sent to an empty account.
pub const NEW_ACCOUNT: u64 = 25_000;
/// Gas a value-bearing call gives the callee for free.
pub const CALL_STIPEND: u64 = 2_300;
/// Per byte of deployed code.
pub const CODE_DEPOSIT: u64 = 200;
/// EIP-170 maximum deployed code size.
pub const MAX_CODE_SIZE: usize = 24_576;
/// EIP-3860 maximum initcode size.
pub const MAX_INITCODE_SIZE: usize = 2 * MAX_CODE_SIZE;
/// EIP-3860 per 32-byte word of initcode.
pub const INITCODE_WORD: u64 = 2;
/// CREATE2 hashing, per word.
pub const KECCAK_WORD: u64 = 6;
/// Maximum call depth.
pub const CALL_DEPTH_LIMIT: usize = 1024;

/// Account access cost (EIP-2929).
#[inline]
pub const fn account_access(was_cold: bool) -> u64 {
    if was_cold {
        COLD_ACCOUNT_ACCESS
    } else {
        WARM_ACCESS
    }
}

/// SSTORE gas and refund change (EIP-2200 with EIP-2929 and EIP-3529), for a write of `new` over `present`
/// when the slot held `original` at the start of the transaction.
pub fn sstore_cost(original: &primitives::U256, present: &primitives::U256, new: &primitives::U256, was_cold: bool) -> (u64, i64) {
    let mut gas = if was_cold { COLD_SLOAD } else { 0 };
    let mut refund = 0i64;
    if present == new {
        return (gas + WARM_ACCESS, 0);
    }
    if original == present {
        gas += if original.is_zero() { SSTORE_SET } else { SSTORE_RESET };
        if new.is_zero() {
            refund += SSTORE_CLEARS_REFUND;
        }
        return (gas, refund);
    }
    gas += WARM_ACCESS;
    if !original.is_zero() {
        if present.is_zero() {
            refund -= SSTORE_CLEARS_REFUND;
        } else if new.is_zero() {
            refund += SSTORE_CLEARS_REFUND;
        }
    }
    if original == new {
        refund += if original.is_zero() {
            (SSTORE_SET - WARM_ACCESS) as i64
        } else {
            (SSTORE_RESET - WARM_ACCESS) as i64
        };
    }
    (gas, refund)
}

#[cfg(test)]
mod tests {
    use super::*;
    use primitives::U256;

    fn u(n: u64) -> U256 {
        U256::from(n)
    }

    #[test]
    fn eip2200_table() {
        // No-op write on a warm slot.
        assert_eq!(sstore_cost(&u(0), &u(0), &u(0), false), (100, 0));
        // Fresh slot set, cold.
        assert_eq!(sstore_cost(&u(0), &u(0), &u(1), true), (22_100, 0));
        // Clear an original non-zero slot.
        assert_eq!(sstore_cost(&u(1), &u(1), &u(0), false), (2_900, 4_800));
        // Set then reset to original zero: refund 19,900.
        assert_eq!(sstore_cost(&u(0), &u(1), &u(0), false), (100, 19_900));
        // Clear then restore original non-zero: un-refund 4,800 and refund 2,800.
        assert_eq!(sstore_cost(&u(1), &u(0), &u(1), false), (100, -4_800 + 2_800));
    }
}
