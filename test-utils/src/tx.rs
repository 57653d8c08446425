//! Signed EIP-1559 transactions for tests (chain id 1, fee cap 10 gwei-free: 10 wei, no tip).

use primitives::{Address, U256};
use transactions::{Transaction, TxType};

/// Fee cap used by the helpers (matches the harness's base fee, so the coinbase earns nothing).
pub const FEE: u128 = 10;

/// A signed EIP-1559 transaction from key `from`.
pub fn signed(from: u64, unsigned: Transaction) -> Vec<u8> {
    transactions::signing::sign_transaction(&unsigned, &crate::secret_key(from)).unwrap_or_default()
}

/// A template with the helpers' defaults.
pub fn template(nonce: u64, to: Option<Address>, data: Vec<u8>, value: U256, gas_limit: u64) -> Transaction {
    Transaction {
        tx_type: TxType::Eip1559,
        chain_id: Some(1),
        nonce,
        gas_limit,
        gas_price: FEE,
        max_priority_fee_per_gas: 0,
        to,
        value,
        data,
        ..Transaction::default()
    }
}

/// A call from key `from`.
pub fn call(from: u64, nonce: u64, to: Address, data: Vec<u8>, value: U256, gas_limit: u64) -> Vec<u8> {
    signed(from, template(nonce, Some(to), data, value, gas_limit))
}

/// A contract creation from key `from`.
pub fn create(from: u64, nonce: u64, init_code: Vec<u8>, value: U256, gas_limit: u64) -> Vec<u8> {
    signed(from, template(nonce, None, init_code, value, gas_limit))
}

/// A plain value transfer from key `from`.
pub fn transfer(from: u64, nonce: u64, to: Address, value: U256) -> Vec<u8> {
    call(from, nonce, to, Vec::new(), value, 21_000)
}
