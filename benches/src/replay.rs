//! The real mainnet block of `../shared/mainnet/22244135` for the benchmark: zkos's forward replay
//! (Ethereum L1 rules, senders recovered from the signatures) beside revm executing the same transactions
//! on the same pre-state (senders given, as revm's API takes them), after checking that revm's gas per
//! transaction equals the chain's receipts, so both sides do the real block's work.

use std::path::PathBuf;

use alloy_consensus::Transaction as _;
use alloy_rpc_types_eth::BlockTransactions;
use revm::context::{BlockEnv, TxEnv};
use revm::context_interface::block::BlobExcessGasAndPrice;
use revm::handler::MainnetContext;
use revm::primitives::hardfork::SpecId;
use revm::primitives::TxKind;
use revm::{ExecuteCommitEvm, MainBuilder};
use zkos_replay::ReplayInput;

use crate::error::BenchError;
use crate::{revm_db, to_revm_address, RevmEvm};

/// The replayed block's folder (`ZKOS_MAINNET_DIR` overrides `../shared/mainnet`).
pub fn mainnet_dir(number: u64) -> PathBuf {
    let base = std::env::var_os("ZKOS_MAINNET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/mainnet"));
    base.join(number.to_string())
}

/// A real block ready for both sides.
pub struct ReplayCase {
    /// zkos's input (dumps, pre-state, context, transactions).
    pub input: ReplayInput,
    /// revm's transactions, in block order.
    pub revm_txs: Vec<TxEnv>,
}

impl ReplayCase {
    /// Loads block `number` and builds revm's transactions from the node's.
    pub fn load(number: u64) -> Result<ReplayCase, BenchError> {
        let dir = mainnet_dir(number);
        let input = ReplayInput::load(&dir, None).map_err(|e| BenchError(format!("{}: {e}", dir.display())))?;
        let BlockTransactions::Full(txs) = &input.dumps.block.transactions else {
            return Err(BenchError("block.json has no full transactions".into()));
        };
        let revm_txs = txs
            .iter()
            .map(|tx| {
                let envelope = tx.inner.inner();
                let mut env = TxEnv::builder()
                    .tx_type(Some(envelope.tx_type() as u8))
                    .caller(tx.inner.signer())
                    .gas_limit(envelope.gas_limit())
                    .gas_price(envelope.max_fee_per_gas())
                    .gas_priority_fee(envelope.max_priority_fee_per_gas())
                    .kind(match envelope.to() {
                        Some(to) => TxKind::Call(to),
                        None => TxKind::Create,
                    })
                    .value(envelope.value())
                    .data(envelope.input().clone())
                    .nonce(envelope.nonce())
                    .chain_id(envelope.chain_id())
                    .blob_hashes(envelope.blob_versioned_hashes().map(<[_]>::to_vec).unwrap_or_default())
                    .max_fee_per_blob_gas(envelope.max_fee_per_blob_gas().unwrap_or(0))
                    .build_fill();
                if let Some(list) = envelope.access_list() {
                    env.access_list = list.clone();
                }
                if let Some(auths) = envelope.authorization_list() {
                    env.set_signed_authorization(auths.to_vec());
                }
                env
            })
            .collect();
        Ok(ReplayCase { input, revm_txs })
    }

    /// A revm EVM over the block's pre-state, with its environment.
    pub fn revm(&self) -> RevmEvm {
        let block = &self.input.block.context;
        let spec = match block.fork {
            primitives::Fork::Cancun => SpecId::CANCUN,
            primitives::Fork::Prague => SpecId::PRAGUE,
            primitives::Fork::Osaka => SpecId::OSAKA,
        };
        let block_env = BlockEnv {
            number: revm::primitives::U256::from(block.number),
            beneficiary: to_revm_address(&block.coinbase),
            timestamp: revm::primitives::U256::from(block.timestamp),
            gas_limit: block.gas_limit,
            basefee: block.base_fee.to::<u64>(),
            prevrandao: Some(revm::primitives::B256::from(block.prev_randao.0)),
            blob_excess_gas_and_price: Some(BlobExcessGasAndPrice::new(
                block.excess_blob_gas,
                block.blob_schedule.base_fee_update_fraction,
            )),
            ..BlockEnv::default()
        };
        MainnetContext::new(revm_db(&self.input.pre_state), spec)
            .with_block(block_env)
            .modify_cfg_chained(|cfg| cfg.chain_id = block.chain_id)
            .build_mainnet()
    }

    /// revm runs every transaction, committing each; returns the gas used per transaction.
    pub fn run_revm(&self, evm: &mut RevmEvm) -> Result<Vec<u64>, BenchError> {
        self.revm_txs
            .iter()
            .map(|tx| evm.transact_commit(tx.clone()).map(|r| r.tx_gas_used()).map_err(|e| BenchError(format!("revm: {e:?}"))))
            .collect()
    }

    /// zkos's forward replay (Ethereum L1 rules).
    pub fn run_zkos(&self) -> Result<bootloader::ForwardRun, BenchError> {
        bootloader::forward::run_chain_forward::<bootloader::EthereumL1>(
            self.input.block.context.clone(),
            self.input.pre_state.clone(),
            self.input.block.transactions.clone(),
            std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        )
        .map_err(|e| BenchError(format!("zkos: {e}")))
    }

    /// Both sides' gas per transaction equals the chain's receipts.
    pub fn check(&self) -> Result<(), BenchError> {
        let chain: Vec<u64> = match &self.input.dumps.receipts {
            Some(receipts) => receipts.iter().map(|r| r.gas_used).collect(),
            None => return Err(BenchError("no receipts.json to check the replay against".into())),
        };
        let revm = self.run_revm(&mut self.revm())?;
        let zkos: Vec<u64> = self.run_zkos()?.output.receipts.iter().map(|r| r.gas_used).collect();
        if revm != chain {
            return Err(BenchError("revm's gas per transaction differs from the chain's receipts".into()));
        }
        if zkos != chain {
            return Err(BenchError("zkos's gas per transaction differs from the chain's receipts".into()));
        }
        Ok(())
    }
}
