//! Precompiled contracts as a pluggable set. The bootloader asks the set before looking for code, so a chain
//! can add or replace precompiles without touching any EE.

use alloc::vec::Vec;
use primitives::{Address, Fork};
use system_api::{Gas, Resources};
use transactions::Advice;

use ee_api::HaltReason;

/// A set of precompiled contracts.
pub trait PrecompileSet {
    /// Whether `address` is a precompile under `fork`.
    fn is_precompile(address: &Address, fork: Fork) -> bool;
    /// Every precompile address under `fork` (warm from the start of each transaction, EIP-2929).
    fn addresses(fork: Fork) -> Vec<Address>;
    /// Runs the precompile, charging `resources`; an error halts the call (all its gas consumed). `advice`
    /// may spare signature recoveries their exponentiations (checked answers: see `transactions::Advice`);
    /// a set without such precompiles ignores it.
    fn run<R: Resources>(
        address: &Address,
        input: &[u8],
        resources: &mut R,
        fork: Fork,
        advice: &mut impl Advice,
    ) -> Result<Vec<u8>, HaltReason>;
}

/// Ethereum's precompiles, 0x01–0x0a (Cancun) and 0x0b–0x11 (Prague).
pub struct EthereumPrecompiles;

impl PrecompileSet for EthereumPrecompiles {
    #[inline]
    fn is_precompile(address: &Address, fork: Fork) -> bool {
        precompiles::is_precompile(address, fork)
    }

    fn addresses(fork: Fork) -> Vec<Address> {
        precompiles::addresses(fork).collect()
    }

    fn run<R: Resources>(
        address: &Address,
        input: &[u8],
        resources: &mut R,
        fork: Fork,
        advice: &mut impl Advice,
    ) -> Result<Vec<u8>, HaltReason> {
        let gas_limit = resources.gas_left().get();
        match precompiles::run_advised(address, input, gas_limit, fork, advice) {
            Some(Ok(out)) => {
                resources.charge_gas(Gas::new(out.gas_used)).map_err(|_| HaltReason::OutOfResources)?;
                Ok(out.output)
            }
            Some(Err(precompiles::PrecompileError::OutOfGas)) => Err(HaltReason::OutOfResources),
            Some(Err(_)) => Err(HaltReason::PrecompileFailure),
            None => Ok(Vec::new()),
        }
    }
}

/// No precompiles at all (for chains or tests that want none).
pub struct NoPrecompiles;

impl PrecompileSet for NoPrecompiles {
    fn is_precompile(_: &Address, _: Fork) -> bool {
        false
    }
    fn addresses(_: Fork) -> Vec<Address> {
        Vec::new()
    }
    fn run<R: Resources>(_: &Address, _: &[u8], _: &mut R, _: Fork, _: &mut impl Advice) -> Result<Vec<u8>, HaltReason> {
        Ok(Vec::new())
    }
}
