//! The EVM execution environment.
//!
//! A resumable interpreter with Ethereum's exact gas model (Cancun and Prague rules). Calls and deployments
//! are not executed here: the frame suspends with a request and the bootloader runs the callee, in whatever
//! EE its code belongs to. The interpreter follows revm's and evmone's habits: a `const`-built instruction
//! table generic over the System, an opcode traits table checked once before dispatch, padded code with a
//! JUMPDEST bitmap, and one opcode family per file under `instructions/`. Without an inspector, the
//! stack-only opcodes, PUSH, jumps and in-bounds MLOAD/MSTORE run in a loop that keeps the program counter,
//! stack depth and gas in registers (`hot_loop.rs`, evmone's narrow-signature idea); both it and the
//! table are generated from one list (`instructions/stack_only.rs`).
//!
//! # Example
//!
//! The pieces an EVM frame starts from: the opcode table, the jump-destination analysis and the address
//! rules (running a whole transaction is the bootloader's part: `zkos_bootloader::run_forward`).
//!
//! ```
//! use zkos_ee_evm::analysis::AnalyzedCode;
//! use zkos_ee_evm::opcodes::{ADD, JUMPDEST, OP_INFO, PUSH1, SSTORE};
//! use zkos_ee_evm::{create_address, delegation_target, gas, EVM_EE_TYPE};
//! use primitives::Address;
//!
//! assert_eq!(EVM_EE_TYPE.0, 1);
//! let add = OP_INFO[ADD as usize];
//! assert_eq!((add.name, add.inputs, add.outputs, add.static_gas), ("ADD", 2, 1, 3));
//! assert_eq!(OP_INFO[SSTORE as usize].static_gas, 0); // SSTORE's cost is all dynamic (EIP-2200/2929)
//! assert!(!OP_INFO[0x0c].defined);
//!
//! // PUSH1 0x5b; JUMPDEST: the byte 0x5b at 1 is PUSH data, only offset 2 is a jump destination.
//! let code = AnalyzedCode::new(&[PUSH1, JUMPDEST, JUMPDEST]);
//! assert_eq!((code.is_jumpdest(1), code.is_jumpdest(2)), (false, true));
//! assert_eq!(code.padded.len(), 3 + 33); // zero padding: a PUSH at the end reads zeros, then STOP
//!
//! // CREATE's address: keccak(rlp([sender, nonce]))[12..].
//! let sender = Address::from_hex("0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0").unwrap();
//! assert_eq!(create_address(&sender, 0), Address::from_hex("0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d").unwrap());
//!
//! // An EIP-7702 delegation designator: 0xef0100 ‖ address.
//! let mut designator = vec![0xef, 0x01, 0x00];
//! designator.extend_from_slice(&sender.0);
//! assert_eq!(delegation_target(&designator), Some(sender));
//! assert_eq!((gas::MAX_CODE_SIZE, gas::CODE_DEPOSIT), (24_576, 200));
//! ```
#![no_std]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod analysis;
pub mod frame;
pub mod gas;
mod hot_loop;
pub mod inspector;
pub mod instructions;
pub mod interpreter;
pub mod memory;
pub mod opcodes;
pub mod stack;

use alloc::boxed::Box;
use core::marker::PhantomData;

use ee_api::{EeFrame, ExecutionEnvironment, FrameInput};
use primitives::Address;
use system_api::{EeType, SystemError, SystemInterface};

pub use frame::EvmFrame;
pub use inspector::{Inspector, NoInspector};
pub use instructions::calls::{create2_address, create_address};
pub use interpreter::{FrameContext, Interpreter};

/// The EE type id of EVM bytecode.
pub const EVM_EE_TYPE: EeType = EeType(1);

/// The EIP-7702 delegation designator prefix.
pub const DELEGATION_PREFIX: [u8; 3] = [0xef, 0x01, 0x00];

/// The address an EIP-7702 delegation designator points to, if `code` is one.
pub fn delegation_target(code: &[u8]) -> Option<Address> {
    if code.len() == 23 && code[..3] == DELEGATION_PREFIX {
        Address::from_slice(&code[3..]).ok()
    } else {
        None
    }
}

/// The EVM, optionally observed by an inspector `I` (one is made per frame with `Default`).
pub struct EvmEe<I = NoInspector>(PhantomData<I>);

impl<Sys, I> ExecutionEnvironment<Sys> for EvmEe<I>
where
    Sys: SystemInterface,
    I: Inspector<Sys::Resources> + Default + 'static,
{
    const EE_TYPE: EeType = EVM_EE_TYPE;
    const NAME: &'static str = "evm";

    fn start_frame(_sys: &mut Sys, input: FrameInput<Sys::Resources>) -> Result<Box<dyn EeFrame<Sys>>, SystemError> {
        // Analysed once per code and cached with it (see `system_api::code`), not once per frame.
        let code = input.code.analysis(analysis::AnalyzedCode::new);
        let ctx = FrameContext {
            kind: input.kind,
            caller: input.caller,
            address: input.address,
            value: input.value,
            input: input.input,
            is_static: input.is_static,
            depth: input.depth,
        };
        Ok(Box::new(EvmFrame { interpreter: Interpreter::new(code, ctx, input.resources), inspector: I::default() }))
    }
}
