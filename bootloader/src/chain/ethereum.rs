//! Ethereum L1's block rules, per fork, as the execution specs apply them around the transactions:
//!
//! 1. before them: the EIP-4788 beacon-root call (Cancun on) with the parent beacon block root, and the
//!    EIP-2935 history call (Prague on) with the parent hash; both are skipped when the contract has no
//!    code and their failure is ignored, as the EIPs say;
//! 2. after them: the withdrawals (EIP-4895, amounts in gwei, an account left empty by a zero withdrawal
//!    is not created), then (Prague on) the EIP-7685 requests: deposits from the deposit contract's logs
//!    (EIP-6110), then the EIP-7002 withdrawal and EIP-7251 consolidation request calls, whose contracts
//!    must exist and succeed or the block is invalid.
//!
//! There is no block reward (none since the Merge) and no L1 → L2 priority transaction. System-contract code
//! comes from the state, as on a node.

use alloc::vec::Vec;
use primitives::{Address, Fork, U256};
use system_api::{BootloaderIo, SystemError};
use transactions::TxType;

use ee_api::EeSet;

use super::requests::{
    deposit_requests, CONSOLIDATION_REQUEST_TYPE, DEPOSIT_REQUEST_TYPE, WITHDRAWAL_REQUEST_TYPE,
};
use super::system_call::system_call;
use super::BlockRules;
use crate::block::{BlockError, BlockOutput};
use crate::precompiles::PrecompileSet;

/// EIP-4788's beacon roots contract.
pub const BEACON_ROOTS_ADDRESS: Address = Address([
    0x00, 0x0f, 0x3d, 0xf6, 0xd7, 0x32, 0x80, 0x7e, 0xf1, 0x31, 0x9f, 0xb7, 0xb8, 0xbb, 0x85, 0x22, 0xd0, 0xbe, 0xac,
    0x02,
]);
/// EIP-2935's history storage contract.
pub const HISTORY_STORAGE_ADDRESS: Address = Address([
    0x00, 0x00, 0xf9, 0x08, 0x27, 0xf1, 0xc5, 0x3a, 0x10, 0xcb, 0x7a, 0x02, 0x33, 0x5b, 0x17, 0x53, 0x20, 0x00, 0x29,
    0x35,
]);
/// EIP-7002's withdrawal request contract.
pub const WITHDRAWAL_REQUEST_ADDRESS: Address = Address([
    0x00, 0x00, 0x09, 0x61, 0xef, 0x48, 0x0e, 0xb5, 0x5e, 0x80, 0xd1, 0x9a, 0xd8, 0x35, 0x79, 0xa6, 0x4c, 0x00, 0x70,
    0x02,
]);
/// EIP-7251's consolidation request contract.
pub const CONSOLIDATION_REQUEST_ADDRESS: Address = Address([
    0x00, 0x00, 0xbb, 0xdd, 0xc7, 0xce, 0x48, 0x86, 0x42, 0xfb, 0x57, 0x9f, 0x8b, 0x00, 0xf3, 0xa5, 0x90, 0x00, 0x72,
    0x51,
]);
/// Mainnet's deposit contract (EIP-6110), whose logs are the deposit requests.
pub const DEPOSIT_CONTRACT_ADDRESS: Address = Address([
    0x00, 0x00, 0x00, 0x00, 0x21, 0x9a, 0xb5, 0x40, 0x35, 0x6c, 0xbb, 0x83, 0x9c, 0xbe, 0x05, 0x30, 0x3d, 0x77, 0x05,
    0xfa,
]);

/// Wei per gwei (withdrawal amounts are in gwei).
const GWEI: u64 = 1_000_000_000;

/// Ethereum mainnet's block rules (see the module docs).
pub struct EthereumRules;

impl BlockRules for EthereumRules {
    fn admits(tx_type: TxType) -> bool {
        tx_type != TxType::L1Priority
    }

    fn begin_block<Sys, Ees, P>(sys: &mut Sys) -> Result<(), BlockError>
    where
        Sys: BootloaderIo,
        Ees: EeSet<Sys>,
        P: PrecompileSet,
    {
        let fatal = |error| BlockError::Fatal { tx_index: 0, error };
        let (fork, beacon_root, parent_hash) = {
            let block = sys.block();
            (block.fork, block.parent_beacon_block_root, block.parent_hash)
        };
        if let Some(root) = beacon_root {
            system_call::<Sys, Ees, P>(sys, BEACON_ROOTS_ADDRESS, root.0.to_vec()).map_err(fatal)?;
        }
        if fork.is_enabled(Fork::Prague) {
            system_call::<Sys, Ees, P>(sys, HISTORY_STORAGE_ADDRESS, parent_hash.0.to_vec()).map_err(fatal)?;
        }
        Ok(())
    }

    fn end_block<Sys, Ees, P>(sys: &mut Sys, output: &mut BlockOutput) -> Result<(), BlockError>
    where
        Sys: BootloaderIo,
        Ees: EeSet<Sys>,
        P: PrecompileSet,
    {
        let tx_index = output.receipts.len() + output.rejected.len();
        let fatal = |error| BlockError::Fatal { tx_index, error };
        credit_withdrawals(sys).map_err(fatal)?.map_err(|reason| BlockError::InvalidBlock { reason })?;
        if !sys.block().fork.is_enabled(Fork::Prague) {
            return Ok(());
        }
        let logs = output.receipts.iter().flat_map(|r| r.logs.iter());
        let deposits = deposit_requests(logs, &DEPOSIT_CONTRACT_ADDRESS)
            .map_err(|e| BlockError::InvalidBlock { reason: e.0 })?;
        let mut requests = Vec::new();
        if !deposits.is_empty() {
            requests.push([&[DEPOSIT_REQUEST_TYPE][..], &deposits].concat());
        }
        for (address, request_type) in
            [(WITHDRAWAL_REQUEST_ADDRESS, WITHDRAWAL_REQUEST_TYPE), (CONSOLIDATION_REQUEST_ADDRESS, CONSOLIDATION_REQUEST_TYPE)]
        {
            let outcome = system_call::<Sys, Ees, P>(sys, address, Vec::new()).map_err(fatal)?;
            let Some(outcome) = outcome else {
                return Err(BlockError::SystemContract { address, reason: "has no code" });
            };
            if !outcome.status.is_success() {
                return Err(BlockError::SystemContract { address, reason: "call failed" });
            }
            if !outcome.output.is_empty() {
                requests.push([&[request_type][..], &outcome.output].concat());
            }
        }
        output.requests = requests;
        Ok(())
    }
}

/// Credits every withdrawal of the block; ends like a transaction so that a zero withdrawal to an absent
/// account leaves no empty account behind (EIP-161).
/// A balance that a withdrawal would take past 2^256 cannot exist on a real chain: the block is invalid.
fn credit_withdrawals<Sys: BootloaderIo>(sys: &mut Sys) -> Result<Result<(), &'static str>, SystemError> {
    let withdrawals: Vec<(Address, u64)> = sys.block().withdrawals.iter().map(|w| (w.address, w.amount_gwei)).collect();
    if withdrawals.is_empty() {
        return Ok(Ok(()));
    }
    for (address, gwei) in withdrawals {
        let amount = U256::from(gwei) * U256::from(GWEI);
        if sys.add_balance(&address, &amount)?.is_err() {
            return Ok(Err("a withdrawal takes a balance past 2^256"));
        }
    }
    sys.finish_transaction();
    Ok(Ok(()))
}
