//! System calls: the protocol calling a contract outside any transaction (EIP-4788, EIP-2935, EIP-7002,
//! EIP-7251). The caller is `SYSTEM_ADDRESS`, no value moves, no nonce changes, the 30,000,000 gas is
//! nobody's and does not count against the block, logs are dropped, and the call ends like a transaction
//! (EIP-161 and EIP-6780 clean-up, fresh warm sets and transient storage for what follows).

use alloc::vec::Vec;
use primitives::{Address, U256};
use system_api::{BootloaderIo, Gas, Resources, SystemError, TxContext};

use ee_api::{CallOutcome, CallRequest, CallScheme, EeSet, ExecutionRequest};

use crate::precompiles::PrecompileSet;

/// The caller of every system call: `0xff…fe`.
pub const SYSTEM_ADDRESS: Address = Address([
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xfe,
]);

/// Gas a system call runs with.
pub const SYSTEM_CALL_GAS: u64 = 30_000_000;

/// Calls `target` with `input` as the system. `None` when `target` has no code (nothing runs; the checked
/// system calls of EIP-7002 and EIP-7251 make that an invalid block, the others skip it).
pub fn system_call<Sys, Ees, P>(
    sys: &mut Sys,
    target: Address,
    input: Vec<u8>,
) -> Result<Option<CallOutcome<Sys::Resources>>, SystemError>
where
    Sys: BootloaderIo,
    Ees: EeSet<Sys>,
    P: PrecompileSet,
{
    if sys.code(&target)?.is_empty() {
        return Ok(None);
    }
    let base_fee = sys.block().base_fee;
    sys.set_tx(TxContext { origin: SYSTEM_ADDRESS, gas_price: base_fee, blob_hashes: Vec::new() });
    let request = CallRequest {
        scheme: CallScheme::Call,
        caller: SYSTEM_ADDRESS,
        target,
        code_address: target,
        value: U256::ZERO,
        transfers_value: false,
        input,
        resources: Sys::Resources::with_gas(Gas::new(SYSTEM_CALL_GAS)),
        is_static: false,
        precompiles_enabled: true,
    };
    let outcome = crate::frames::execute::<Sys, Ees, P>(sys, ExecutionRequest::Call(request), 0, &mut ())?;
    let _ = sys.take_logs();
    sys.finish_transaction();
    Ok(Some(outcome))
}
