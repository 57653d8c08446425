//! The concrete System: a state cache over the oracle, a journal for frame rollback, and the per-transaction
//! bookkeeping Ethereum needs (warm sets, original values, created and destroyed accounts, touched accounts).
//!
//! `System<O, A, R>` is generic over the oracle `O`, the allocator `A` and the resources `R`; the x86 forward
//! instance is [`ForwardSystem`] (in-memory pre-state, std allocator). The proving instance plugs a verifying
//! oracle into the same type.
//!
//! # Example
//!
//! A System over an in-memory pre-state: read an account, change it inside a checkpoint, roll back, change it
//! again and read the block's [`StateDiff`].
//!
//! ```
//! use zkos_system_impl::{ForwardOracle, ForwardSystem, InMemoryState, StateAccount, System};
//! use primitives::{Address, U256};
//! use system_api::{AccountIo, BlockContext, BootloaderIo, FrameIo, StorageIo};
//!
//! let alice = Address::from_low_u64(0xa11ce);
//! let bob = Address::from_low_u64(0xb0b);
//! let mut state = InMemoryState::new();
//! state.insert_account(alice, StateAccount { balance: U256::from(1_000u64), nonce: 3, ..Default::default() });
//!
//! let oracle = ForwardOracle::new(BlockContext::default(), vec![], state);
//! let mut sys: ForwardSystem = System::new(oracle)?;
//! let account = sys.account(&alice)?;
//! assert_eq!((account.balance, account.nonce, account.exists), (U256::from(1_000u64), 3, true));
//! assert!(!sys.account(&bob)?.exists);
//!
//! // Every change is journaled: a rollback undoes the transfer and the storage write.
//! let checkpoint = sys.checkpoint();
//! sys.transfer(&alice, &bob, &U256::from(600u64))?.expect("alice can pay");
//! sys.sstore(&bob, &U256::from(1u8), &U256::from(7u8))?;
//! sys.rollback(checkpoint);
//! assert_eq!(sys.account(&alice)?.balance, U256::from(1_000u64));
//! assert_eq!(sys.sload(&bob, &U256::from(1u8))?.value, U256::ZERO);
//!
//! sys.transfer(&alice, &bob, &U256::from(250u64))?.expect("alice can pay");
//! sys.finish_transaction();
//! let diff = sys.state_diff();
//! assert_eq!(diff.accounts[&alice].balance, U256::from(750u64));
//! assert_eq!(diff.accounts[&bob].balance, U256::from(250u64));
//!
//! // The forward runner applies the diff to the pre-state it started from.
//! let mut state = sys.into_oracle().into_state();
//! state.apply(&diff);
//! assert_eq!(state.accounts[&bob].balance, U256::from(250u64));
//! # Ok::<(), system_api::SystemError>(())
//! ```
#![no_std]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod accounts;
mod cache;
mod context;
mod diff;
pub mod forward;
mod journal;
mod keccak_memo;
mod storage;

use alloc::vec::Vec;
use core::marker::PhantomData;

use cache::AccountEntry;
use hashbrown::{HashMap, HashSet};
use journal::{JournalEntry, Undo};
use primitives::{Address, Log, U256};
use system_api::{
    BlockContext, BootloaderIo, Checkpoint, EventIo, FrameIo, Oracle, Resources, SystemAllocator, SystemError, SystemInterface,
    TxContext,
};

pub use diff::{AccountDiff, StateDiff};
pub use forward::{ForwardOracle, InMemoryState, PreState, StateAccount, StdAllocator};

/// The forward (sequencer) instance: in-memory pre-state, the std allocator, metered EVM resources.
pub type ForwardSystem = System<ForwardOracle<InMemoryState>, StdAllocator, system_api::MeteredResources>;

/// An L2→L1 message as the block output records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct L2ToL1Message {
    /// The account that sent it.
    pub sender: Address,
    /// Its payload.
    pub payload: Vec<u8>,
}

/// The accounts and slots one transaction accessed (see [`System::record_accesses`]).
#[derive(Clone, Debug, Default)]
pub struct AccessLog {
    /// Accounts accessed (EIP-2929's sense: balance, code, calls, creations, the sender, the coinbase,
    /// access-list entries), precompiles included, in no particular order.
    pub accounts: HashSet<Address>,
    /// Slots read or written.
    pub slots: HashSet<(Address, U256)>,
}

/// The System over oracle `O`, allocator `A`, resources `R`.
pub struct System<O: Oracle, A: SystemAllocator, R: Resources> {
    oracle: O,
    block: BlockContext,
    tx: TxContext,
    accounts: HashMap<Address, AccountEntry>,
    transient: HashMap<(Address, U256), U256>,
    warm_accounts: HashSet<Address>,
    /// Warm in every transaction (the precompiles): sorted, short, searched only on a miss in `warm_accounts`.
    always_warm: Vec<Address>,
    /// Slots warmed by the access list before being read (EIP-2930): consulted only on a slot's first
    /// access in a transaction; every other slot carries its warmth itself (`SlotEntry::warm_in`).
    prewarmed_slots: HashSet<(Address, U256)>,
    /// Serial of the current transaction, from 1.
    tx_serial: u32,
    journal: Vec<JournalEntry>,
    /// Results of short keccak-256 inputs, for the whole block (see [`keccak_memo`]).
    keccak_memo: keccak_memo::KeccakMemo,
    /// What the current transaction accessed, for tracers; `None` (the default) records nothing.
    access_log: Option<alloc::boxed::Box<AccessLog>>,
    logs: Vec<Log>,
    messages: Vec<L2ToL1Message>,
    _types: PhantomData<(A, R)>,
}

impl<O: Oracle, A: SystemAllocator, R: Resources> System<O, A, R> {
    /// A System for the block the oracle describes.
    pub fn new(mut oracle: O) -> Result<Self, SystemError> {
        let block = oracle.block_context()?;
        Ok(System {
            oracle,
            block,
            tx: TxContext::default(),
            accounts: HashMap::new(),
            transient: HashMap::new(),
            // Sized for a typical transaction (sender, recipient, coinbase and a callee or two; the
            // precompiles are in `always_warm`), so it does not rehash. `clear` keeps the capacity.
            warm_accounts: HashSet::with_capacity(8),
            always_warm: Vec::new(),
            prewarmed_slots: HashSet::new(),
            tx_serial: 1,
            journal: Vec::with_capacity(32),
            logs: Vec::new(),
            access_log: None,
            keccak_memo: keccak_memo::KeccakMemo::default(),
            messages: Vec::new(),
            _types: PhantomData,
        })
    }

    /// The oracle.
    pub fn oracle(&mut self) -> &mut O {
        &mut self.oracle
    }

    /// The oracle, for reading.
    pub fn oracle_ref(&self) -> &O {
        &self.oracle
    }

    /// Starts recording every account and slot each transaction accesses ([`Self::access_log`]); tracers
    /// such as geth's prestateTracer need them, and unlike EIP-2929 warmth the log survives reverts.
    pub fn record_accesses(&mut self) {
        self.access_log.get_or_insert_with(Default::default);
    }

    /// What the current transaction accessed so far (cleared when the next one starts), if recording.
    pub fn access_log(&self) -> Option<&AccessLog> {
        self.access_log.as_deref()
    }

    /// Gives the oracle back (the forward runner takes its pre-state to apply the diff).
    pub fn into_oracle(self) -> O {
        self.oracle
    }

    /// Takes the L2→L1 messages sent since the last call.
    pub fn take_messages(&mut self) -> Vec<L2ToL1Message> {
        core::mem::take(&mut self.messages)
    }

    fn entry(&mut self, address: &Address) -> Result<&mut AccountEntry, SystemError> {
        cache::cached_account(&mut self.accounts, &mut self.oracle, address)
    }
}

impl<O: Oracle, A: SystemAllocator, R: Resources> SystemInterface for System<O, A, R> {
    type Resources = R;

    fn keccak256(&mut self, data: &[u8]) -> primitives::B256 {
        self.keccak_memo.hash(data)
    }
}

impl<O: Oracle, A: SystemAllocator, R: Resources> BootloaderIo for System<O, A, R> {
    fn next_transaction(&mut self) -> Result<Option<Vec<u8>>, SystemError> {
        Ok(self.oracle.next_transaction()?)
    }

    fn finish_transaction(&mut self) {
        self.end_transaction();
    }

    fn take_logs(&mut self) -> Vec<Log> {
        core::mem::take(&mut self.logs)
    }

    fn pending_logs(&self) -> &[Log] {
        &self.logs
    }

    fn sender_hint(&mut self, tx_hash: &primitives::B256) -> Option<Address> {
        self.oracle.sender_hint(tx_hash)
    }

    fn wants_transaction_hashes(&self) -> bool {
        self.oracle.wants_transaction_hashes()
    }

    fn advise(&mut self, question: &system_api::Question) -> Result<Option<[u8; 32]>, SystemError> {
        Ok(self.oracle.advise(question)?)
    }

    fn gives_advice(&self) -> bool {
        self.oracle.gives_advice()
    }

    fn warm_in_every_transaction(&mut self, addresses: &[Address]) {
        self.always_warm.extend_from_slice(addresses);
        // Typically one ascending list per block (the precompiles), which needs no sorting.
        if !self.always_warm.is_sorted() {
            self.always_warm.sort_unstable();
        }
        self.always_warm.dedup();
    }
}

impl<O: Oracle, A: SystemAllocator, R: Resources> EventIo for System<O, A, R> {
    fn emit_log(&mut self, log: Log) {
        self.logs.push(log);
    }

    fn send_l2_to_l1_message(&mut self, sender: &Address, payload: Vec<u8>) {
        self.messages.push(L2ToL1Message { sender: *sender, payload });
    }
}

impl<O: Oracle, A: SystemAllocator, R: Resources> FrameIo for System<O, A, R> {
    fn checkpoint(&mut self) -> Checkpoint {
        Checkpoint { journal_len: self.journal.len(), logs_len: self.logs.len(), messages_len: self.messages.len() }
    }

    fn rollback(&mut self, checkpoint: Checkpoint) {
        while self.journal.len() > checkpoint.journal_len {
            if let Some(entry) = self.journal.pop() {
                entry.undo(&mut Undo {
                    accounts: &mut self.accounts,
                    transient: &mut self.transient,
                    warm_accounts: &mut self.warm_accounts,

                });
            }
        }
        self.logs.truncate(checkpoint.logs_len);
        self.messages.truncate(checkpoint.messages_len);
    }
}
