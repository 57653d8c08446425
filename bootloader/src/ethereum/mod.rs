//! Ethereum's transaction rules, in the order the execution specs apply them:
//! decode → recover → validate → buy gas and bump the nonce → warm the access sets → apply EIP-7702
//! authorizations → execute through the frame stack → refund (EIP-3529 cap, EIP-7623 floor) → pay the
//! coinbase its priority fee and burn the base and blob fees → end the transaction (EIP-6780/EIP-161).
//!
//! Everything Ethereum-specific about transactions lives here; `frames.rs` stays EE-agnostic.

pub mod authorization;
pub mod errors;
pub mod fees;
pub mod validate;

use alloc::vec::Vec;
use primitives::{Address, Log, B256, U256};
use system_api::{BootloaderIo, Gas, Resources, SystemError, TxContext};
use transactions::{decode_transaction, recover_sender, recover_sender_advised, TxType};

use ee_api::{CallOutcome, CallRequest, CallScheme, DeployRequest, EeSet, ExecutionRequest, ExitStatus, HaltReason};
use ee_evm::{create_address, delegation_target, EVM_EE_TYPE};

pub use errors::InvalidTransaction;
use validate::ValidTransaction;

use crate::precompiles::PrecompileSet;

/// What an included transaction did.
#[derive(Clone, Debug)]
pub struct TransactionResult {
    /// Transaction hash.
    pub hash: B256,
    /// Its type.
    pub tx_type: TxType,
    /// Its sender.
    pub sender: Address,
    /// How the outermost frame ended.
    pub status: ExitStatus,
    /// Gas charged to the sender (after refunds, at least the EIP-7623 floor).
    pub gas_used: u64,
    /// Blob gas used.
    pub blob_gas_used: u64,
    /// Return or revert data of the outermost frame.
    pub output: Vec<u8>,
    /// The deployed contract, for a successful creation.
    pub contract_address: Option<Address>,
    /// Events emitted (none if the transaction failed).
    pub logs: Vec<Log>,
}

/// The block fields transaction processing reads, copied out once per transaction (the context itself also
/// holds the block's withdrawals, which a transaction never needs).
#[derive(Clone, Copy, Debug)]
pub(crate) struct BlockTerms {
    pub fork: primitives::Fork,
    pub chain_id: u64,
    pub coinbase: Address,
    pub base_fee: U256,
    pub blob_base_fee: U256,
    pub blob_schedule: primitives::BlobSchedule,
}

impl BlockTerms {
    pub(crate) fn of(block: &system_api::BlockContext) -> BlockTerms {
        BlockTerms {
            fork: block.fork,
            chain_id: block.chain_id,
            coinbase: block.coinbase,
            base_fee: block.base_fee,
            blob_base_fee: block.blob_base_fee,
            blob_schedule: block.blob_schedule,
        }
    }
}

/// Decodes, validates and executes one transaction.
///
/// `Ok(Err(_))`: rejected, state untouched. `Err(_)`: the block cannot go on.
pub fn process_transaction<Sys, Ees, P, C>(
    sys: &mut Sys,
    raw: &[u8],
    block_gas_left: u64,
    block_blob_gas_left: u64,
    index: usize,
    observer: &mut impl crate::observe::BlockObserver<Sys>,
) -> Result<Result<TransactionResult, InvalidTransaction>, SystemError>
where
    Sys: BootloaderIo,
    Ees: EeSet<Sys>,
    P: PrecompileSet,
    C: crate::chain::BlockRules,
{
    let hashed = sys.wants_transaction_hashes();
    let decoded = if hashed { decode_transaction(raw) } else { transactions::decode_transaction_unhashed(raw) };
    let tx = match decoded {
        Ok(tx) => tx,
        Err(e) => return Ok(Err(InvalidTransaction::Decode(e))),
    };
    if !C::admits(tx.tx_type) {
        return Ok(Err(InvalidTransaction::TypeNotSupported(tx.tx_type)));
    }
    let hint = if hashed { sys.sender_hint(&tx.hash) } else { None };
    let sender = match hint {
        Some(sender) => sender,
        None => match crate::advice::recover(sys, || recover_sender(&tx), |advice| recover_sender_advised(&tx, advice))? {
            Ok(sender) => sender,
            Err(e) => return Ok(Err(InvalidTransaction::Signature(e))),
        },
    };
    let valid = match validate::validate(sys, tx, sender, block_gas_left, block_blob_gas_left)? {
        Ok(valid) => valid,
        Err(invalid) => return Ok(Err(invalid)),
    };
    execute_valid::<Sys, Ees, P>(sys, valid, index, observer).map(Ok)
}

fn execute_valid<Sys, Ees, P>(
    sys: &mut Sys,
    valid: ValidTransaction,
    index: usize,
    observer: &mut impl crate::observe::BlockObserver<Sys>,
) -> Result<TransactionResult, SystemError>
where
    Sys: BootloaderIo,
    Ees: EeSet<Sys>,
    P: PrecompileSet,
{
    let ValidTransaction { mut tx, sender, intrinsic, blob_gas } = valid;
    let block = BlockTerms::of(sys.block());
    let is_l1 = tx.tx_type == TxType::L1Priority;
    let gas_price = if is_l1 { U256::ZERO } else { fees::effective_gas_price(&tx, &block.base_fee) };

    // Buy gas (L1 priority transactions paid on L1 and mint their value instead) and bump the nonce.
    if is_l1 {
        let mint = tx.l1.as_ref().map(|l1| l1.mint).unwrap_or_default();
        if sys.add_balance(&sender, &mint)?.is_err() {
            return Err(SystemError::Internal("minting overflowed a balance"));
        }
    } else {
        let upfront = U256::from(tx.gas_limit) * gas_price + U256::from(blob_gas) * block.blob_base_fee;
        if sys.sub_balance(&sender, &upfront)?.is_err() {
            return Err(SystemError::Internal("validated sender cannot pay for gas"));
        }
    }
    // L1 priority transactions are ordered by their serial id, not the nonce, but still bump it so that
    // their deployments get fresh addresses.
    let nonce = sys.account(&sender)?.nonce;
    sys.set_nonce(&sender, nonce.saturating_add(1))?;

    sys.set_tx(TxContext { origin: sender, gas_price, blob_hashes: tx.blob_versioned_hashes.clone() });

    // Warm sets (EIP-2929, EIP-2930, EIP-3651).
    sys.access_account(&sender)?;
    sys.access_account(&block.coinbase)?;
    // The precompiles are warm too: `Bootloader::run_block` registered them once for the whole block.
    for item in &tx.access_list {
        sys.access_account(&item.address)?;
        for key in &item.storage_keys {
            sys.warm_slot(&item.address, &key.to_word());
        }
    }

    let auth_refund = authorization::apply_authorizations(sys, &tx.authorization_list)?;
    observer.transaction_started(sys, index, &tx, sender);

    let execution_gas = Gas::new(tx.gas_limit - intrinsic.initial);
    let resources = Sys::Resources::with_gas(execution_gas);
    let mut contract_address = None;
    let outcome = match tx.to {
        Some(to) => {
            sys.access_account(&to)?;
            let code = sys.code(&to)?;
            let delegation = if block.fork.is_enabled(primitives::Fork::Prague) { delegation_target(&code) } else { None };
            let (code_address, via_delegation) = match delegation {
                Some(delegate) => {
                    sys.access_account(&delegate)?;
                    (delegate, true)
                }
                None => (to, false),
            };
            let request = CallRequest {
                scheme: CallScheme::Call,
                caller: sender,
                target: to,
                code_address,
                value: tx.value,
                transfers_value: true,
                // The calldata moves into the request: nothing after the call reads it.
                input: core::mem::take(&mut tx.data),
                resources,
                is_static: false,
                precompiles_enabled: !via_delegation,
            };
            crate::frames::execute::<Sys, Ees, P>(sys, ExecutionRequest::Call(request), 0, observer)?
        }
        None => {
            let address = create_address(&sender, nonce);
            contract_address = Some(address);
            sys.access_account(&address)?;
            let target = sys.account(&address)?;
            if target.nonce != 0 || target.code_len != 0 {
                let mut resources = resources;
                resources.consume_all_gas();
                CallOutcome { status: ExitStatus::Halt(HaltReason::CreateCollision), output: Vec::new(), resources, deployed_at: None }
            } else {
                // EVM unless an EE of the set claims the init data (docs/execution-environments.md).
                let ee_type = Ees::ee_for_init_code(&tx.data).unwrap_or(EVM_EE_TYPE);
                let request = DeployRequest {
                    deployer: sender,
                    address,
                    init_code: core::mem::take(&mut tx.data),
                    ee_type,
                    value: tx.value,
                    resources,
                    salt: None,
                };
                crate::frames::execute::<Sys, Ees, P>(sys, ExecutionRequest::Deploy(request), 0, observer)?
            }
        }
    };

    let success = outcome.status.is_success();
    let gas_left = outcome.resources.gas_left().get();
    let spent = tx.gas_limit - gas_left;
    let refund_counter = auth_refund + if success { outcome.resources.refund().get() } else { 0 };
    let refund = (refund_counter.max(0) as u64).min(spent / 5);
    let gas_used = (spent - refund).max(intrinsic.floor);

    if !is_l1 {
        let returned = U256::from(tx.gas_limit - gas_used) * gas_price;
        if sys.add_balance(&sender, &returned)?.is_err() {
            return Err(SystemError::Internal("gas refund overflowed a balance"));
        }
        let priority = gas_price.saturating_sub(block.base_fee);
        if sys.add_balance(&block.coinbase, &(U256::from(gas_used) * priority))?.is_err() {
            return Err(SystemError::Internal("coinbase payment overflowed a balance"));
        }
    }

    let logs = sys.take_logs();
    let logs = if success { logs } else { Vec::new() };
    sys.finish_transaction();
    Ok(TransactionResult {
        hash: tx.hash,
        tx_type: tx.tx_type,
        sender,
        status: outcome.status,
        gas_used,
        blob_gas_used: blob_gas,
        output: outcome.output,
        contract_address: contract_address.filter(|_| success),
        logs,
    })
}
