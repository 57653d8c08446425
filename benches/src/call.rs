//! The interpreter benches' zkos side: one call run by the frame runner (`bootloader::frames::execute`)
//! over a fresh System, the way the bootloader runs a transaction's call once the transaction is decoded,
//! validated and paid for. Left out, because they are transaction processing rather than interpretation:
//! decoding and hashing the envelope, validation, buying gas, the nonce, fees and the receipt. What stays
//! in: the EIP-2929 warm set, loading accounts, code and storage from the pre-state, the value transfer,
//! the frame stack, the EE, and the block's state diff at the end.
//!
//! revm's side stays `transact` (its validation, pre-execution warming, execution and finalization, with
//! no decoding). The whole-transaction comparison, decoding and receipts included, is `tx_*` (zkos's
//! bootloader against revm's transact-and-commit) and the criterion bench `tx/erc20_transfer`.

use bootloader::{DefaultEes, EthereumPrecompiles, PrecompileSet};
use ee_api::{CallOutcome, CallRequest, CallScheme, ExecutionRequest};
use system_api::{AccountIo, BootloaderIo, ContextIo, Gas, MeteredResources, Resources, SystemError, TxContext};
use system_impl::{ForwardOracle, StateDiff, System};
use transactions::{intrinsic_gas, Transaction};

use crate::{CallCase, SharedState, SharedSystem};

/// Runs `case`'s call as described in the module docs with `gas` for the frame ([`execution_gas`], computed
/// once outside the timed part, as the bootloader computes it once per transaction); returns the outcome and
/// the state diff.
pub fn zkos_call(case: &CallCase, gas: u64) -> Result<(CallOutcome<MeteredResources>, StateDiff), SystemError> {
    let oracle = ForwardOracle::new(case.block.clone(), Vec::new(), SharedState(&case.pre));
    let mut sys: SharedSystem<'_> = System::new(oracle)?;
    sys.warm_in_every_transaction(&EthereumPrecompiles::addresses(case.block.fork));
    sys.set_tx(TxContext { origin: case.caller, gas_price: Default::default(), blob_hashes: Vec::new() });
    for address in [case.caller, case.block.coinbase, case.to] {
        sys.access_account(&address)?;
    }
    let request = CallRequest {
        scheme: CallScheme::Call,
        caller: case.caller,
        target: case.to,
        code_address: case.to,
        value: case.value,
        transfers_value: true,
        input: case.data.clone(),
        resources: MeteredResources::with_gas(Gas::new(gas)),
        is_static: false,
        precompiles_enabled: true,
    };
    let outcome =
        bootloader::frames::execute::<_, DefaultEes, EthereumPrecompiles>(&mut sys, ExecutionRequest::Call(request), 0, &mut ())?;
    sys.finish_transaction();
    Ok((outcome, sys.state_diff()))
}

/// The gas a transaction made of the call would use, from the frame's leftover resources: intrinsic plus
/// execution gas, less the refund (at most a fifth, EIP-3529). The agreement checks compare it with the
/// receipt of the same call run as a transaction.
pub fn gas_used_as_transaction(case: &CallCase, left: &MeteredResources) -> u64 {
    let used = case.gas_limit - left.gas_left().get();
    let refund = (left.refund().get().max(0) as u64).min(used / 5);
    used - refund
}

/// The gas the call frame gets: the transaction's limit less its intrinsic gas, as in the bootloader.
pub fn execution_gas(case: &CallCase) -> u64 {
    let tx = Transaction { to: Some(case.to), gas_limit: case.gas_limit, data: case.data.clone(), ..Transaction::default() };
    case.gas_limit - intrinsic_gas(&tx, case.block.fork).initial
}
