//! The block bench's input: N signed ERC-20 transfers from N distinct senders to N fresh recipients
//! ([`erc20_block`]), the same transfers as unsigned L1 priority transactions, and as revm transactions, with
//! a check that zkos and revm agree on every one.

use primitives::{keccak256, Address, Fork, U256};
use revm::context::TxEnv;
use system_api::BlockContext;
use system_impl::InMemoryState;
use transactions::{L1PriorityFields, Transaction, TxType};

use crate::error::{ensure, fail};
use crate::*;

/// Deterministic key `i` of the block bench: the 32-byte big-endian number `i + 1` (as `zkos-test-utils`).
pub fn block_key(index: u64) -> [u8; 32] {
    let mut key = [0u8; 32];
    key[24..].copy_from_slice(&(index + 1).to_be_bytes());
    key
}

/// The `balanceOf` slot of `holder` in BenchToken (mapping at slot 0).
pub fn balance_slot(holder: &Address) -> U256 {
    let mut preimage = [0u8; 64];
    preimage[..32].copy_from_slice(&address_word(holder));
    U256::from_be_bytes(keccak256(&preimage).0)
}

/// `transfer(to, amount)` calldata.
pub fn transfer_calldata(to: &Address, amount: u64) -> Vec<u8> {
    let mut data = selector("transfer(address,uint256)").to_vec();
    data.extend_from_slice(&address_word(to));
    data.extend_from_slice(&word(U256::from(amount)));
    data
}

/// A block of ERC-20 transfers: each sender sends 1,000 tokens to its own fresh recipient.
#[derive(Clone, Debug)]
pub struct TransferBlock {
    /// Block context (Prague, base fee 10, gas limit 1e9 + room).
    pub block: BlockContext,
    /// Pre-state: the token (every sender holds 1e24 tokens) and the funded senders.
    pub pre: InMemoryState,
    /// Senders, in transaction order.
    pub senders: Vec<Address>,
    /// Recipients, in transaction order.
    pub recipients: Vec<Address>,
    /// The signed EIP-1559 transactions (nonce 0, fee cap = base fee, gas limit 100,000).
    pub signed: Vec<Vec<u8>>,
    /// The same transfers as unsigned L1 priority transactions (for separating signature recovery).
    pub unsigned: Vec<Vec<u8>>,
}

/// Gas limit of each transfer in [`erc20_block`].
pub const TRANSFER_GAS_LIMIT: u64 = 100_000;
/// Fee cap (= base fee) of each transfer in [`erc20_block`].
pub const TRANSFER_FEE: u64 = 10;

/// Builds [`TransferBlock`] with `n` distinct senders (keys `block_key(0..n)`). Signing runs on every core.
pub fn erc20_block(n: usize) -> Result<TransferBlock, BenchError> {
    let token_code = read_hex(&evmbench_dir().join("erc20/BenchToken.runtime.hex"))?;
    let threads = std::thread::available_parallelism().map(|p| p.get()).unwrap_or(1).max(1);
    let chunk = n.div_ceil(threads).max(1);
    let indexes: Vec<u64> = (0..n as u64).collect();
    let signed_parts: Vec<Vec<(Address, Vec<u8>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = indexes
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|&i| {
                            let key = block_key(i);
                            let sender = transactions::signing::address_from_secret_key(&key)
                                .map_err(|e| fail(format!("key {i}"), e))?;
                            let tx = Transaction {
                                tx_type: TxType::Eip1559,
                                chain_id: Some(1),
                                nonce: 0,
                                gas_limit: TRANSFER_GAS_LIMIT,
                                gas_price: TRANSFER_FEE as u128,
                                max_priority_fee_per_gas: 0,
                                to: Some(TOKEN),
                                value: U256::ZERO,
                                data: transfer_calldata(&recipient(i), 1_000),
                                ..Transaction::default()
                            };
                            let bytes = transactions::signing::sign_transaction(&tx, &key)
                                .map_err(|e| fail(format!("cannot sign transfer {i}"), e))?;
                            Ok((sender, bytes))
                        })
                        .collect::<Result<Vec<_>, BenchError>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(BenchError("a signing thread panicked".into()))))
            .collect::<Result<Vec<_>, BenchError>>()
    })?;
    let mut pre = InMemoryState::new();
    let mut token = evm_account(U256::ZERO, token_code);
    let mut senders = Vec::with_capacity(n);
    let mut signed = Vec::with_capacity(n);
    let mut unsigned = Vec::with_capacity(n);
    let recipients: Vec<Address> = (0..n as u64).map(recipient).collect();
    let per_sender = U256::from(10u64).pow(U256::from(24u8));
    for (i, (sender, bytes)) in signed_parts.into_iter().flatten().enumerate() {
        pre.insert_account(sender, evm_account(U256::from(10u64).pow(U256::from(18u8)), Vec::new()));
        token.storage.insert(balance_slot(&sender), per_sender);
        let l1 = Transaction {
            tx_type: TxType::L1Priority,
            l1: Some(L1PriorityFields { from: sender, mint: U256::ZERO, serial_id: i as u64 }),
            to: Some(TOKEN),
            gas_limit: TRANSFER_GAS_LIMIT,
            data: transfer_calldata(&recipients[i], 1_000),
            ..Transaction::default()
        };
        unsigned.push(transactions::encode_transaction(&l1));
        senders.push(sender);
        signed.push(bytes);
    }
    token.storage.insert(U256::from(2u8), per_sender * U256::from(n as u64));
    pre.insert_account(TOKEN, token);
    let block = BlockContext {
        fork: Fork::Prague,
        chain_id: 1,
        number: 1,
        timestamp: 1_000,
        coinbase: Address::from_low_u64(0xC01B),
        gas_limit: (n as u64).saturating_mul(TRANSFER_GAS_LIMIT).max(30_000_000),
        base_fee: U256::from(TRANSFER_FEE),
        blob_base_fee: U256::from(1u8),
        ..BlockContext::default()
    };
    Ok(TransferBlock { block, pre, senders, recipients, signed, unsigned })
}

/// The fresh recipient of transfer `i`.
pub fn recipient(i: u64) -> Address {
    Address::from_low_u64(0x1_0000_0000 + i)
}

impl TransferBlock {
    /// The same transfers as revm transactions (nonce 0, fee cap = base fee), for `transact_commit`.
    pub fn revm_txs(&self) -> Vec<TxEnv> {
        self.senders
            .iter()
            .zip(&self.recipients)
            .map(|(sender, to)| {
                TxEnv::builder()
                    .tx_type(Some(2))
                    .caller(to_revm_address(sender))
                    .call(to_revm_address(&TOKEN))
                    .data(transfer_calldata(to, 1_000).into())
                    .gas_limit(TRANSFER_GAS_LIMIT)
                    .max_fee_per_gas(TRANSFER_FEE as u128)
                    .gas_priority_fee(Some(0))
                    .nonce(0)
                    .chain_id(Some(1))
                    .build_fill()
            })
            .collect()
    }

    /// Checks that every transaction is included and succeeds, on zkos (signed and unsigned) and revm, with
    /// the same total gas; returns that total.
    pub fn check(&self) -> Result<u64, BenchError> {
        let run = bootloader::run_forward(self.block.clone(), self.pre.clone(), self.signed.clone())
            .map_err(|e| fail("zkos block failed", e))?;
        ensure!(run.output.rejected.is_empty(), "rejected: {:?}", run.output.rejected.first());
        ensure!(run.output.receipts.len() == self.signed.len(), "{} receipts for {} transfers", run.output.receipts.len(), self.signed.len());
        ensure!(run.output.receipts.iter().all(|r| r.success()), "a transfer failed");
        let (unsigned, _) =
            zkos_execute(&self.block, &self.pre, self.unsigned.clone()).map_err(|e| fail("zkos block failed", e))?;
        ensure!(unsigned.receipts.len() == self.unsigned.len(), "unsigned: {:?}", unsigned.rejected.first());
        ensure!(unsigned.gas_used == run.output.gas_used, "unsigned and signed gas differ");
        let mut evm = revm_evm(&self.block, &self.pre, false);
        let mut revm_gas = 0;
        for tx in self.revm_txs() {
            let result = revm_transact_commit(&mut evm, tx)?;
            ensure!(result.is_success(), "revm: {result:?}");
            revm_gas += result.tx_gas_used();
        }
        ensure!(revm_gas == run.output.gas_used, "zkos and revm block gas differ ({revm_gas} vs {})", run.output.gas_used);
        Ok(run.output.gas_used)
    }
}
