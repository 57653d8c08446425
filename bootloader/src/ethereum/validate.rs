//! Transaction validation: every check that rejects a transaction before it touches state.
//!
//! Order follows the execution specs: decode and recover, then static checks (type, chain id, gas, fees,
//! blobs, initcode), then checks against the sender's account (code, nonce, funds).

use primitives::{Address, U256};
use system_api::{SystemError, SystemInterface};
use transactions::{intrinsic_gas, IntrinsicGas, Transaction, TxType};

use super::errors::InvalidTransaction;
use super::fees::GAS_PER_BLOB;
use ee_evm::gas::MAX_INITCODE_SIZE;

/// A transaction that passed validation, with what execution needs.
#[derive(Debug)]
pub struct ValidTransaction {
    /// The decoded transaction.
    pub tx: Transaction,
    /// Its sender.
    pub sender: Address,
    /// Up-front gas and EIP-7623 floor.
    pub intrinsic: IntrinsicGas,
    /// Blob gas it uses (EIP-4844).
    pub blob_gas: u64,
}

/// Checks `tx` from `sender` against the block and the sender's account.
pub fn validate<Sys: SystemInterface>(
    sys: &mut Sys,
    tx: Transaction,
    sender: Address,
    block_gas_left: u64,
    block_blob_gas_left: u64,
) -> Result<Result<ValidTransaction, InvalidTransaction>, SystemError> {
    let block = super::BlockTerms::of(sys.block());
    let fork = block.fork;
    macro_rules! reject {
        ($e:expr) => {
            return Ok(Err($e))
        };
    }
    if tx.tx_type == TxType::Eip7702 && !fork.is_enabled(primitives::Fork::Prague) {
        reject!(InvalidTransaction::TypeNotSupported(tx.tx_type));
    }
    if let Some(chain_id) = tx.chain_id {
        if chain_id != block.chain_id {
            reject!(InvalidTransaction::WrongChainId { got: chain_id, expected: block.chain_id });
        }
    }
    if tx.gas_limit > block_gas_left {
        reject!(InvalidTransaction::GasLimitExceedsBlock { gas_limit: tx.gas_limit, available: block_gas_left });
    }
    let intrinsic = intrinsic_gas(&tx, fork);
    if tx.gas_limit < intrinsic.minimum_gas_limit() {
        reject!(InvalidTransaction::IntrinsicGasTooLow { gas_limit: tx.gas_limit, required: intrinsic.minimum_gas_limit() });
    }
    if let Some(cap) = fork.transaction_gas_cap() {
        if tx.gas_limit > cap && tx.tx_type != TxType::L1Priority {
            reject!(InvalidTransaction::GasLimitAboveCap { gas_limit: tx.gas_limit, cap });
        }
    }
    if tx.tx_type.has_dynamic_fee() && tx.max_priority_fee_per_gas > tx.gas_price {
        reject!(InvalidTransaction::PriorityFeeAboveFeeCap);
    }
    if U256::from(tx.gas_price) < block.base_fee && tx.tx_type != TxType::L1Priority {
        reject!(InvalidTransaction::FeeCapTooLow { max_fee: tx.gas_price, base_fee: block.base_fee });
    }
    if tx.to.is_none() && tx.data.len() > MAX_INITCODE_SIZE {
        reject!(InvalidTransaction::InitcodeTooLarge(tx.data.len()));
    }
    let mut blob_gas = 0;
    if tx.tx_type == TxType::Eip4844 {
        let count = tx.blob_versioned_hashes.len() as u64;
        let max = fork.max_blobs_per_transaction(&block.blob_schedule);
        if count == 0 {
            reject!(InvalidTransaction::InvalidBlobs("no blobs"));
        }
        if count > max {
            reject!(InvalidTransaction::BlobCountExceeded { count, max });
        }
        if tx.blob_versioned_hashes.iter().any(|h| h.0[0] != 0x01) {
            reject!(InvalidTransaction::InvalidBlobs("versioned hash without version 0x01"));
        }
        blob_gas = GAS_PER_BLOB.saturating_mul(count);
        if blob_gas > block_blob_gas_left {
            reject!(InvalidTransaction::InvalidBlobs("block blob gas exceeded"));
        }
        if U256::from(tx.max_fee_per_blob_gas) < block.blob_base_fee {
            reject!(InvalidTransaction::BlobFeeCapTooLow);
        }
    }
    if tx.tx_type == TxType::Eip7702 && tx.authorization_list.is_empty() {
        reject!(InvalidTransaction::EmptyAuthorizationList);
    }

    let account = sys.account(&sender)?;
    if tx.tx_type == TxType::L1Priority {
        // Gas is paid on L1 and value is minted: only the mint itself must fit the balance.
        let mint = tx.l1.as_ref().map(|l1| l1.mint).unwrap_or_default();
        if account.balance.checked_add(mint).is_none() {
            reject!(InvalidTransaction::MintOverflow);
        }
        return Ok(Ok(ValidTransaction { tx, sender, intrinsic, blob_gas }));
    }
    if account.code_len != 0 {
        let code = sys.code(&sender)?;
        let delegated = fork.is_enabled(primitives::Fork::Prague) && ee_evm::delegation_target(&code).is_some();
        if !delegated {
            reject!(InvalidTransaction::SenderNotEoa);
        }
    }
    if account.nonce == u64::MAX {
        reject!(InvalidTransaction::NonceOverflow);
    }
    if tx.nonce != account.nonce {
        reject!(InvalidTransaction::NonceMismatch { got: tx.nonce, expected: account.nonce });
    }
    let max_cost = U256::from(tx.gas_limit)
        .saturating_mul(U256::from(tx.gas_price))
        .saturating_add(U256::from(blob_gas).saturating_mul(U256::from(tx.max_fee_per_blob_gas)));
    let required = max_cost.checked_add(tx.value);
    match required {
        Some(required) if required <= account.balance => {}
        _ => reject!(InvalidTransaction::InsufficientFunds {
            required: required.unwrap_or(U256::MAX),
            balance: account.balance
        }),
    }
    Ok(Ok(ValidTransaction { tx, sender, intrinsic, blob_gas }))
}
