//! zkos over a store of one's own: [`Store`] keeps the state in hash maps, [`StoreOracle`] answers the
//! state transition's questions from it (`system_api::Oracle`, the extension point every System is built
//! on), and [`run_block`] runs one block and writes its `StateDiff` back into the store, so the next block
//! starts from the new state.
//!
//! A store that only answers reads may implement `system_impl::PreState` instead and go through
//! `system_impl::ForwardOracle`; implementing `Oracle`, as here, also lets the run borrow the store.

use std::collections::{HashMap, VecDeque};

use bootloader::{BlockError, BlockOutput, BootloaderOf, Rollup};
use primitives::{keccak256, Address, B256, KECCAK_EMPTY, U256};
use system_api::{AccountRecord, BlockContext, Bytecode, EeType, MeteredResources, Oracle, OracleError};
use system_impl::{StateDiff, StdAllocator, System};
use transactions::{Transaction, TxType};

/// One account of the store (its code is kept by hash, its storage apart).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Account {
    /// Nonce.
    pub nonce: u64,
    /// Balance in wei.
    pub balance: U256,
    /// keccak-256 of the code ([`KECCAK_EMPTY`] without code).
    pub code_hash: B256,
    /// The EE that runs the code (`EeType::NONE` without code).
    pub ee_type: EeType,
}

/// The user's store: accounts, non-zero storage slots, code by hash and known block hashes.
#[derive(Default)]
pub struct Store {
    accounts: HashMap<Address, Account>,
    storage: HashMap<Address, HashMap<U256, U256>>,
    /// Code as shared [`Bytecode`], so the EVM's analysis of a contract outlives the block that made it.
    code: HashMap<B256, Bytecode>,
    /// Hashes of earlier blocks (BLOCKHASH), filled by whoever builds the chain; none in this example.
    pub block_hashes: HashMap<u64, B256>,
}

impl Store {
    /// Puts an account with a balance (and no code) in the store.
    pub fn fund(&mut self, address: Address, balance: U256) {
        self.accounts.insert(address, Account { balance, code_hash: KECCAK_EMPTY, ..Account::default() });
    }

    /// An account, if present.
    pub fn account(&self, address: &Address) -> Option<&Account> {
        self.accounts.get(address)
    }

    /// A storage slot (zero when absent).
    pub fn slot(&self, address: &Address, key: &U256) -> U256 {
        self.storage.get(address).and_then(|slots| slots.get(key)).copied().unwrap_or_default()
    }

    /// Writes a block's changes: deletions, new nonces, balances, code and slots (zero deletes a slot).
    pub fn apply(&mut self, diff: &StateDiff) {
        for (address, change) in &diff.accounts {
            if change.deleted || change.storage_cleared {
                self.storage.remove(address);
            }
            if change.deleted {
                self.accounts.remove(address);
                continue;
            }
            if !change.code.is_empty() {
                self.code.entry(change.code_hash).or_insert_with(|| change.code.clone());
            }
            let code_hash = if change.code.is_empty() { KECCAK_EMPTY } else { change.code_hash };
            let account = Account { nonce: change.nonce, balance: change.balance, code_hash, ee_type: change.ee_type };
            self.accounts.insert(*address, account);
            let slots = self.storage.entry(*address).or_default();
            for (key, value) in &change.storage {
                if value.is_zero() {
                    slots.remove(key);
                } else {
                    slots.insert(*key, *value);
                }
            }
        }
    }
}

/// The oracle of one block over a borrowed [`Store`]: the block's context and transactions, and the store's
/// state as it was before the block (the System caches and journals everything the block changes).
pub struct StoreOracle<'a> {
    store: &'a Store,
    block: BlockContext,
    transactions: VecDeque<Vec<u8>>,
}

impl Oracle for StoreOracle<'_> {
    fn block_context(&mut self) -> Result<BlockContext, OracleError> {
        Ok(self.block.clone())
    }

    fn next_transaction(&mut self) -> Result<Option<Vec<u8>>, OracleError> {
        Ok(self.transactions.pop_front())
    }

    fn account(&mut self, address: &Address) -> Result<Option<AccountRecord>, OracleError> {
        Ok(self.store.accounts.get(address).map(|a| AccountRecord {
            nonce: a.nonce,
            balance: a.balance,
            code_hash: a.code_hash,
            ee_type: a.ee_type,
        }))
    }

    fn storage(&mut self, address: &Address, key: &U256) -> Result<U256, OracleError> {
        Ok(self.store.slot(address, key))
    }

    fn code(&mut self, code_hash: &B256) -> Result<Bytecode, OracleError> {
        // A store that lost a preimage cannot run the block: the error stops it as `BlockError::Fatal`.
        self.store.code.get(code_hash).cloned().ok_or(OracleError::Missing("code preimage"))
    }

    fn block_hash(&mut self, number: u64) -> Result<B256, OracleError> {
        Ok(self.store.block_hashes.get(&number).copied().unwrap_or(B256::ZERO))
    }
}

/// The System over the store: its oracle, the host allocator, EVM gas.
pub type StoreSystem<'a> = System<StoreOracle<'a>, StdAllocator, MeteredResources>;

/// Runs one block of `transactions` on `store` with the rollup's bootloader (every EE zkos ships), then
/// writes the block's changes back into `store`.
pub fn run_block(
    store: &mut Store,
    block: BlockContext,
    transactions: Vec<Vec<u8>>,
) -> Result<BlockOutput, BlockError> {
    let oracle = StoreOracle { store, block, transactions: transactions.into() };
    let mut sys: StoreSystem = System::new(oracle).map_err(|error| BlockError::Fatal { tx_index: 0, error })?;
    let output = BootloaderOf::<Rollup>::run_block(&mut sys)?;
    let diff = sys.state_diff();
    drop(sys); // ends the borrow of the store
    store.apply(&diff);
    Ok(output)
}

/// A block to run: its context and its EIP-2718 transactions.
pub type Block = (BlockContext, Vec<Vec<u8>>);

/// The example's chain: a store where the test keys 1 and 2 hold 10 ether each, and two blocks.
/// Block 1: key 1 deploys a counter (its constructor sets slot 0 to 41) and sends 1 ether to key 2.
/// Block 2: key 2 calls the counter (slot 0 becomes 42, which it returns) and sends 0.5 ether back.
pub fn example() -> (Store, [Block; 2]) {
    let (alice, bob) = (secret_key(1), secret_key(2));
    let ether = U256::from(10u64).pow(U256::from(18u8));
    let mut store = Store::default();
    for key in [&alice, &bob] {
        store.fund(address(key), ether * U256::from(10u8));
    }
    let counter = counter_address();
    // EIP-1559, max fee 10 wei per gas: the base fee (7) and the tip (1) are paid.
    let template =
        Transaction { tx_type: TxType::Eip1559, chain_id: Some(1), gas_limit: 100_000, ..Default::default() };
    let template = Transaction { gas_price: 10, max_priority_fee_per_gas: 1, ..template };
    let sign = |key: &[u8; 32], nonce: u64, to: Option<Address>, value: U256, data: Vec<u8>| {
        let tx = Transaction { nonce, to, value, data, ..template.clone() };
        transactions::signing::sign_transaction(&tx, key).unwrap_or_default()
    };
    let block1 = vec![
        sign(&alice, 0, None, U256::ZERO, COUNTER_INIT.to_vec()),
        sign(&alice, 1, Some(address(&bob)), ether, Vec::new()),
    ];
    let block2 = vec![
        sign(&bob, 0, Some(counter), U256::ZERO, Vec::new()),
        sign(&bob, 1, Some(address(&alice)), ether / U256::from(2u8), Vec::new()),
    ];
    (store, [(context(1), block1), (context(2), block2)])
}

/// The block context of block `number` (Prague, chain id 1, base fee 7 wei).
pub fn context(number: u64) -> BlockContext {
    BlockContext {
        fork: primitives::Fork::Prague,
        chain_id: 1,
        number,
        timestamp: 1_700_000_000 + 12 * number,
        coinbase: COINBASE,
        gas_limit: 30_000_000,
        base_fee: U256::from(7u8),
        ..Default::default()
    }
}

/// The fee recipient of both blocks.
pub const COINBASE: Address = Address::from_low_u64(0xc0ffee);

/// The counter's init code: `SSTORE(0, 41)`, then return the 14-byte runtime that increments slot 0 and
/// returns its new value (`PUSH0 SLOAD PUSH1 1 ADD DUP1 PUSH0 SSTORE PUSH0 MSTORE PUSH1 32 PUSH0 RETURN`).
pub const COUNTER_INIT: [u8; 28] = [
    0x60, 0x29, 0x5f, 0x55, 0x60, 0x0e, 0x60, 0x0e, 0x5f, 0x39, 0x60, 0x0e, 0x5f, 0xf3, // constructor
    0x5f, 0x54, 0x60, 0x01, 0x01, 0x80, 0x5f, 0x55, 0x5f, 0x52, 0x60, 0x20, 0x5f, 0xf3, // runtime
];

/// Test key `n`: the secret key whose value is `n` (public, never for anything real).
pub fn secret_key(n: u8) -> [u8; 32] {
    std::array::from_fn(|i| if i == 31 { n } else { 0 })
}

/// The address of a secret key.
pub fn address(secret_key: &[u8; 32]) -> Address {
    transactions::signing::address_from_secret_key(secret_key).unwrap_or_default()
}

/// Where key 1's first creation puts the counter: `keccak(rlp([sender, 0]))[12..]`.
pub fn counter_address() -> Address {
    let mut rlp = vec![0xd6, 0x94];
    rlp.extend_from_slice(&address(&secret_key(1)).0);
    rlp.push(0x80);
    Address::from_slice(&keccak256(&rlp).0[12..]).unwrap_or_default()
}
