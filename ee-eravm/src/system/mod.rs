//! The system contracts zksolc output relies on, answered natively on the shared state.
//!
//! On ZKsync Era, compiled contracts reach the environment through far calls to kernel addresses: block and
//! transaction values (SystemContext), balances and value transfers (L2BaseToken, MsgValueSimulator), events
//! (EventWriter), deployment (ContractDeployer with NonceHolder, KnownCodesStorage, AccountCodeStorage and
//! ImmutableSimulator) and hashing (Keccak256). zkos has no such contracts deployed: when EraVM code far-calls
//! one of these addresses, the EE answers it here, from the System, with the ABI of the real contract
//! (selectors, extra ABI registers r3–r12, return layout) and its failure modes (a call that the real
//! contract refuses reverts with empty data).
//!
//! A native answer costs [`BASE_ERGS`] plus what the contract's row of the table in each module says
//! (EVM-like prices where Ethereum has the same operation); the rest of the ergs passed comes back.
//! Far calls to other kernel addresses (the EVM precompiles at 0x01–0x0a included) go out as ordinary calls.

mod deployer;
mod environment;
mod events;
mod value;

use alloc::vec::Vec;

use primitives::{Address, U256};
use system_api::{SystemError, SystemInterface};

use crate::opcodes::RetKind;
use crate::vm::FarCall;

pub use deployer::record_deployment;

/// AccountCodeStorage: versioned code hashes of accounts.
pub const ACCOUNT_CODE_STORAGE: u64 = 0x8002;
/// NonceHolder: transaction and deployment nonces.
pub const NONCE_HOLDER: u64 = 0x8003;
/// KnownCodesStorage: which versioned code hashes are known (and where their code is).
pub const KNOWN_CODES_STORAGE: u64 = 0x8004;
/// ImmutableSimulator: immutables set by constructors.
pub const IMMUTABLE_SIMULATOR: u64 = 0x8005;
/// ContractDeployer: `create` / `create2`.
pub const CONTRACT_DEPLOYER: u64 = 0x8006;
/// L1Messenger: L2 → L1 messages.
pub const L1_MESSENGER: u64 = 0x8008;
/// MsgValueSimulator: calls with `msg.value`.
pub const MSG_VALUE_SIMULATOR: u64 = 0x8009;
/// L2BaseToken: ether balances.
pub const L2_BASE_TOKEN: u64 = 0x800a;
/// SystemContext: block and transaction values.
pub const SYSTEM_CONTEXT: u64 = 0x800b;
/// EventWriter: events with topics in registers.
pub const EVENT_WRITER: u64 = 0x800d;
/// Keccak256: the hash of the calldata.
pub const KECCAK256: u64 = 0x8010;

/// What every native answer costs, on top of the far call itself.
pub const BASE_ERGS: u32 = 100;

/// How a far call to a system address is served.
pub enum Answer {
    /// Not answered here: the far call goes out as an ordinary call.
    Pass,
    /// Answered: the callee's ending, its return data and the ergs it spent.
    Done {
        /// Ok, revert or panic.
        kind: RetKind,
        /// Return data.
        output: Vec<u8>,
        /// Ergs spent (capped by the ergs passed: more is a panic).
        ergs: u32,
    },
    /// MsgValueSimulator: a call to `target` with `value` moved from the caller; `held` ergs of the ones
    /// passed stay with the caller (the simulator's stipend not forwarded).
    ValueCall {
        /// The callee.
        target: Address,
        /// `msg.value`.
        value: U256,
        /// Ergs kept back.
        held: u32,
    },
    /// ContractDeployer: run the constructor of known EraVM code at `address`.
    Deploy {
        /// The new contract.
        address: Address,
        /// EraVM init data (code and constructor input).
        init_code: Vec<u8>,
        /// Endowment.
        value: U256,
        /// Ergs kept back.
        held: u32,
        /// Whether success bumps the deployer's nonce (`create`, not `create2`).
        bumps_nonce: bool,
    },
}

/// One far call as the system contract sees it.
pub struct Request<'a> {
    /// The call (target, calldata, ergs, flags, context value).
    pub call: &'a FarCall,
    /// `msg.sender` of the system contract: the calling frame's address.
    pub caller: Address,
    /// The extra ABI registers r3–r12 at the far call.
    pub extra: [U256; 10],
}

impl Request<'_> {
    /// The calldata's 4-byte selector (zero-padded when shorter).
    pub fn selector(&self) -> u32 {
        let mut s = [0u8; 4];
        for (d, b) in s.iter_mut().zip(&self.call.calldata) {
            *d = *b;
        }
        u32::from_be_bytes(s)
    }

    /// ABI argument `i` (the word after the selector); missing bytes read as zero.
    pub fn arg(&self, i: usize) -> U256 {
        word_at(&self.call.calldata, 4 + 32 * i)
    }
}

/// The 32-byte big-endian word at `offset` of `data`, zero-padded.
pub fn word_at(data: &[u8], offset: usize) -> U256 {
    let mut w = [0u8; 32];
    if let Some(rest) = data.get(offset..) {
        let n = rest.len().min(32);
        w[..n].copy_from_slice(&rest[..n]);
    }
    U256::from_be_bytes(w)
}

/// A slot of a system account. Nothing is read while the account does not exist: the System serves slots of
/// absent accounts as zero without asking the oracle, so proving mode would hold no proof for a later write.
pub fn system_sload<Sys: SystemInterface>(sys: &mut Sys, id: u64, key: &U256) -> Result<U256, SystemError> {
    let address = Address::from_low_u64(id);
    if !sys.account(&address)?.exists {
        return Ok(U256::ZERO);
    }
    Ok(sys.sload(&address, key)?.value)
}

/// Writes a slot of a system account, creating the account (nonce 1, so it is never empty) on first use: slot
/// reads of an existing account go to the oracle, which proves them for the block's state commitment.
pub fn system_sstore<Sys: SystemInterface>(
    sys: &mut Sys,
    id: u64,
    key: &U256,
    value: &U256,
) -> Result<(), SystemError> {
    let address = Address::from_low_u64(id);
    if !sys.account(&address)?.exists {
        sys.create_account(&address, 1)?;
    }
    sys.sstore(&address, key, value)?;
    Ok(())
}

/// A successful answer returning one word.
pub fn ok_word(value: U256, ergs: u32) -> Answer {
    Answer::Done { kind: RetKind::Ok, output: value.to_be_bytes::<32>().to_vec(), ergs }
}

/// What the real contracts do with calls they refuse: revert with empty data.
pub fn refuse(ergs: u32) -> Answer {
    Answer::Done { kind: RetKind::Revert, output: Vec::new(), ergs }
}

/// Whether `address` is a system contract answered here.
pub fn is_native(address: &Address) -> bool {
    let w = address.to_word();
    w <= U256::from(0xffffu32)
        && matches!(
            w.as_limbs()[0],
            ACCOUNT_CODE_STORAGE
                | NONCE_HOLDER
                | KNOWN_CODES_STORAGE
                | IMMUTABLE_SIMULATOR
                | CONTRACT_DEPLOYER
                | L1_MESSENGER
                | MSG_VALUE_SIMULATOR
                | L2_BASE_TOKEN
                | SYSTEM_CONTEXT
                | EVENT_WRITER
                | KECCAK256
        )
}

/// Serves a far call to a system address, or says it is not one of ours.
pub fn answer<Sys: SystemInterface>(sys: &mut Sys, req: &Request<'_>) -> Result<Answer, SystemError> {
    if !is_native(&req.call.address) {
        return Ok(Answer::Pass);
    }
    let id = req.call.address.to_word().as_limbs()[0];
    match id {
        MSG_VALUE_SIMULATOR => value::msg_value_simulator(sys, req),
        L2_BASE_TOKEN => value::base_token(sys, req),
        SYSTEM_CONTEXT => environment::system_context(sys, req),
        KECCAK256 => Ok(environment::keccak(req)),
        EVENT_WRITER => events::event_writer(sys, req),
        L1_MESSENGER => events::l1_messenger(sys, req),
        _ => deployer::answer(sys, req, U256::ZERO),
    }
}
