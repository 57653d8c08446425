//! A one-call harness: build a pre-state, run transactions through the real bootloader, inspect results.

use primitives::{Address, Fork, Log, U256};
use system_api::{BlockContext, EeType};
use system_impl::{InMemoryState, StateAccount};

use bootloader::{run_forward, ForwardRun};
use ee_api::ExitStatus;

/// The address `exec` deploys the code under test at.
pub const TARGET: Address = Address::from_low_u64(0xC0DE);

/// A block context and pre-state under construction.
#[derive(Clone, Debug)]
pub struct Chain {
    /// Block context (Prague, chain id 1, base fee 10, gas limit 30M).
    pub block: BlockContext,
    /// Pre-state.
    pub state: InMemoryState,
}

impl Default for Chain {
    fn default() -> Self {
        Self::new(Fork::Prague)
    }
}

impl Chain {
    /// An empty chain under `fork` where test keys 0..4 hold 10^21 wei each.
    pub fn new(fork: Fork) -> Self {
        let block = BlockContext {
            fork,
            chain_id: 1,
            number: 1,
            timestamp: 1_000,
            coinbase: Address::from_low_u64(0xC01B),
            gas_limit: 30_000_000,
            base_fee: U256::from(crate::tx::FEE),
            blob_base_fee: U256::from(1u8),
            blob_schedule: primitives::BlobSchedule::of(fork),
            ..BlockContext::default()
        };
        let mut chain = Chain { block, state: InMemoryState::new() };
        for i in 0..4 {
            chain.fund(crate::address_of(i), U256::from(10u64).pow(U256::from(21u8)));
        }
        chain
    }

    /// Sets an account's balance.
    pub fn fund(&mut self, address: Address, balance: U256) -> &mut Self {
        let mut account = self.state.accounts.get(&address).cloned().unwrap_or_default();
        account.balance = balance;
        self.state.insert_account(address, account);
        self
    }

    /// Installs EVM code at `address` (keeping its balance, nonce and storage).
    pub fn deploy(&mut self, address: Address, code: Vec<u8>) -> &mut Self {
        self.deploy_with_ee(address, code, ee_evm::EVM_EE_TYPE)
    }

    /// Installs `code` of the EE `ee_type` at `address` (keeping its balance, nonce and storage): how a
    /// test puts a contract of another EE (WebAssembly, EraVM, an EE of its own) in the pre-state without
    /// a deployment transaction. The code is what that EE runs, without any deployment prefix.
    pub fn deploy_with_ee(&mut self, address: Address, code: Vec<u8>, ee_type: EeType) -> &mut Self {
        let mut account = self.state.accounts.get(&address).cloned().unwrap_or_default();
        account.code = code;
        account.ee_type = ee_type;
        self.state.insert_account(address, account);
        self
    }

    /// Sets a storage slot.
    pub fn store(&mut self, address: Address, key: U256, value: U256) -> &mut Self {
        let mut account: StateAccount = self.state.accounts.get(&address).cloned().unwrap_or_default();
        account.storage.insert(key, value);
        self.state.insert_account(address, account);
        self
    }

    /// Runs `txs` as one block.
    pub fn run(&self, txs: Vec<Vec<u8>>) -> ForwardRun {
        match run_forward(self.block.clone(), self.state.clone(), txs) {
            Ok(run) => run,
            Err(e) => panic!("block failed: {e}"),
        }
    }
}

/// What one executed transaction did.
#[derive(Debug)]
pub struct Executed {
    /// How it ended.
    pub status: ExitStatus,
    /// Gas used by the whole transaction (intrinsic included, after refunds).
    pub gas_used: u64,
    /// Return or revert data.
    pub output: Vec<u8>,
    /// Events.
    pub logs: Vec<Log>,
    /// Post-state.
    pub state: InMemoryState,
}

impl Executed {
    /// A storage slot of the code under test after execution.
    pub fn slot(&self, key: u64) -> U256 {
        self.state.accounts.get(&TARGET).and_then(|a| a.storage.get(&U256::from(key))).copied().unwrap_or_default()
    }
}

/// Deploys `code` at [`TARGET`] on `chain` and calls it from key 0 with `calldata` and `gas_limit`.
pub fn exec_on(chain: &mut Chain, code: Vec<u8>, calldata: Vec<u8>, gas_limit: u64) -> Executed {
    chain.deploy(TARGET, code);
    let tx = crate::tx::call(0, 0, TARGET, calldata, U256::ZERO, gas_limit);
    let run = chain.run(vec![tx]);
    let Some(receipt) = run.output.receipts.first() else {
        panic!("transaction rejected: {:?}", run.output.rejected);
    };
    Executed {
        status: receipt.status,
        gas_used: receipt.gas_used,
        output: receipt.output.clone(),
        logs: receipt.logs.clone(),
        state: run.post_state,
    }
}

/// Runs `code` at [`TARGET`] on a fresh Prague chain (see [`exec_on`]).
pub fn exec(code: Vec<u8>, calldata: Vec<u8>, gas_limit: u64) -> Executed {
    exec_on(&mut Chain::default(), code, calldata, gas_limit)
}
