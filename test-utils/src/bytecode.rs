//! An evmone-style EVM bytecode builder for tests.
//!
//! ```
//! use zkos_test_utils::bytecode::Bytecode;
//! use ee_evm::opcodes::ADD;
//! let code = Bytecode::new().push(1).push(2).op(ADD).ret_top().into_vec();
//! assert_eq!(code[..5], [0x60, 1, 0x60, 2, 0x01]);
//! ```
//!
//! Every helper documents the exact instructions it emits, so tests can count gas by hand. Stack
//! arguments given to helpers are pushed with [`Bytecode::push`] (the smallest PUSHn, PUSH0 for zero) in
//! reverse order, so the first argument ends up on top. Anything that implements [`PushArg`] can be an
//! argument: integers, [`U256`], [`Address`], byte slices (pushed verbatim, PUSHn with n = length), an
//! [`Op`] (the opcode itself, e.g. `Op(GAS)`), or another [`Bytecode`] fragment (inlined).

use std::collections::BTreeMap;

use ee_evm::opcodes::*;
use primitives::{Address, U256};

use crate::{Chain, Executed};

/// Something that leaves one word on the stack when appended to code.
pub trait PushArg {
    /// Appends the instructions that push this value.
    fn append_to(self, code: &mut Bytecode);
}

/// An opcode used as a stack argument: `call(Op(GAS), ...)` emits `GAS` where the argument goes.
#[derive(Clone, Copy, Debug)]
pub struct Op(pub u8);

/// The minimal big-endian bytes of `value` (empty for zero).
fn minimal_be(value: U256) -> Vec<u8> {
    let bytes = value.to_be_bytes::<32>();
    let skip = bytes.iter().take_while(|b| **b == 0).count();
    bytes[skip..].to_vec()
}

/// A number that converts to a 256-bit word (negative `i32`s as two's complement).
pub trait IntoWord {
    /// The word.
    fn into_word(self) -> U256;
}

macro_rules! words_from_unsigned {
    ($($t:ty),*) => {
        $(impl IntoWord for $t {
            fn into_word(self) -> U256 {
                U256::from(self)
            }
        }
        impl PushArg for $t {
            fn append_to(self, code: &mut Bytecode) {
                code.push_bytes(&minimal_be(self.into_word()));
            }
        })*
    };
}
words_from_unsigned!(u8, u16, u32, u64, u128, usize, U256);

/// Integer literals default to `i32`.
impl IntoWord for i32 {
    fn into_word(self) -> U256 {
        let magnitude = U256::from(self.unsigned_abs());
        if self < 0 {
            (!magnitude).wrapping_add(U256::from(1u8))
        } else {
            magnitude
        }
    }
}

impl PushArg for i32 {
    fn append_to(self, code: &mut Bytecode) {
        code.push_bytes(&minimal_be(self.into_word()));
    }
}

impl PushArg for Address {
    /// Pushed as PUSH20 with the full address (the habit of compiled code).
    fn append_to(self, code: &mut Bytecode) {
        code.push_bytes(&self.0);
    }
}

impl PushArg for &[u8] {
    fn append_to(self, code: &mut Bytecode) {
        code.push_bytes(self);
    }
}

impl<const N: usize> PushArg for [u8; N] {
    fn append_to(self, code: &mut Bytecode) {
        code.push_bytes(&self);
    }
}

impl PushArg for Op {
    fn append_to(self, code: &mut Bytecode) {
        code.code.push(self.0);
    }
}

impl PushArg for Bytecode {
    fn append_to(self, code: &mut Bytecode) {
        *code = core::mem::take(code).append(self);
    }
}

/// EVM bytecode under construction, with named jump labels resolved by [`Bytecode::into_vec`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bytecode {
    code: Vec<u8>,
    labels: BTreeMap<String, usize>,
    /// `(position of a PUSH2 immediate, label)` to patch.
    fixups: Vec<(usize, String)>,
}

impl From<Bytecode> for Vec<u8> {
    fn from(code: Bytecode) -> Vec<u8> {
        code.into_vec()
    }
}

impl Bytecode {
    /// Empty code.
    pub fn new() -> Self {
        Self::default()
    }

    /// Raw bytes as code.
    pub fn raw(bytes: &[u8]) -> Self {
        Bytecode { code: bytes.to_vec(), ..Self::default() }
    }

    /// Current length (the pc of the next instruction).
    pub fn len(&self) -> usize {
        self.code.len()
    }

    /// True when nothing was emitted.
    pub fn is_empty(&self) -> bool {
        self.code.is_empty()
    }

    /// The finished code with every label resolved. Panics on an unknown label.
    pub fn into_vec(self) -> Vec<u8> {
        let mut code = self.code;
        for (at, name) in &self.fixups {
            let Some(&dest) = self.labels.get(name) else { panic!("unknown label {name:?}") };
            code[*at..*at + 2].copy_from_slice(&(dest as u16).to_be_bytes());
        }
        code
    }

    /// Appends another fragment (its labels are shifted and merged).
    pub fn append(mut self, other: Bytecode) -> Self {
        let base = self.code.len();
        self.code.extend_from_slice(&other.code);
        for (name, pc) in other.labels {
            self.labels.insert(name, pc + base);
        }
        self.fixups.extend(other.fixups.into_iter().map(|(at, name)| (at + base, name)));
        self
    }

    /// One opcode.
    pub fn op(mut self, opcode: u8) -> Self {
        self.code.push(opcode);
        self
    }

    /// Several opcodes in a row.
    pub fn ops(mut self, opcodes: &[u8]) -> Self {
        self.code.extend_from_slice(opcodes);
        self
    }

    /// `opcode` repeated `n` times.
    pub fn repeat(mut self, opcode: u8, n: usize) -> Self {
        self.code.extend(std::iter::repeat_n(opcode, n));
        self
    }

    /// Raw bytes appended as they are (data, or hand-assembled code).
    pub fn bytes(mut self, bytes: &[u8]) -> Self {
        self.code.extend_from_slice(bytes);
        self
    }

    fn push_bytes(&mut self, bytes: &[u8]) {
        assert!(bytes.len() <= 32, "PUSH immediates hold at most 32 bytes");
        if bytes.is_empty() {
            self.code.push(PUSH0);
        } else {
            self.code.push(PUSH1 + bytes.len() as u8 - 1);
            self.code.extend_from_slice(bytes);
        }
    }

    /// Pushes `value` with the smallest PUSHn (PUSH0 for zero; slices verbatim as `PUSH<len>`).
    pub fn push(mut self, value: impl PushArg) -> Self {
        value.append_to(&mut self);
        self
    }

    /// `PUSH<n>` of `value` left-padded to exactly `n` bytes (`n` = 0 gives PUSH0).
    pub fn push_n(mut self, n: usize, value: impl IntoWord) -> Self {
        let bytes = value.into_word().to_be_bytes::<32>();
        self.push_bytes(&bytes[32 - n..]);
        self
    }

    /// Emits `JUMPDEST` and names its pc.
    pub fn label(mut self, name: &str) -> Self {
        self.labels.insert(name.to_string(), self.code.len());
        self.op(JUMPDEST)
    }

    /// `JUMPDEST` alone.
    pub fn jumpdest(self) -> Self {
        self.op(JUMPDEST)
    }

    /// `PUSH2 <label>` (resolved later).
    pub fn push_label(mut self, name: &str) -> Self {
        self.code.push(PUSH2);
        self.fixups.push((self.code.len(), name.to_string()));
        self.code.extend_from_slice(&[0, 0]);
        self
    }

    /// `PUSH2 <label> JUMP`.
    pub fn jump(self, name: &str) -> Self {
        self.push_label(name).op(JUMP)
    }

    /// `PUSH2 <label> JUMPI` (the condition must already be on the stack).
    pub fn jumpi(self, name: &str) -> Self {
        self.push_label(name).op(JUMPI)
    }

    /// `push(value) push(offset) MSTORE`.
    pub fn mstore(self, offset: impl PushArg, value: impl PushArg) -> Self {
        self.push(value).push(offset).op(MSTORE)
    }

    /// `push(value) push(offset) MSTORE8`.
    pub fn mstore8(self, offset: impl PushArg, value: impl PushArg) -> Self {
        self.push(value).push(offset).op(MSTORE8)
    }

    /// `push(offset) MLOAD`.
    pub fn mload(self, offset: impl PushArg) -> Self {
        self.push(offset).op(MLOAD)
    }

    /// Writes `data` to memory at `offset` in 32-byte chunks: `PUSH32 chunk push(offset + 32 i) MSTORE`
    /// each, the last chunk zero-padded on the right (so up to 31 bytes after `data` are zeroed).
    pub fn mstore_bytes(mut self, offset: u64, data: &[u8]) -> Self {
        for (i, chunk) in data.chunks(32).enumerate() {
            let mut word = [0u8; 32];
            word[..chunk.len()].copy_from_slice(chunk);
            self.push_bytes(&word);
            self = self.push(offset + 32 * i as u64).op(MSTORE);
        }
        self
    }

    /// `push(value) push(key) SSTORE`.
    pub fn sstore(self, key: impl PushArg, value: impl PushArg) -> Self {
        self.push(value).push(key).op(SSTORE)
    }

    /// `push(key) SLOAD`.
    pub fn sload(self, key: impl PushArg) -> Self {
        self.push(key).op(SLOAD)
    }

    /// `push(value) push(key) TSTORE`.
    pub fn tstore(self, key: impl PushArg, value: impl PushArg) -> Self {
        self.push(value).push(key).op(TSTORE)
    }

    /// `push(key) TLOAD`.
    pub fn tload(self, key: impl PushArg) -> Self {
        self.push(key).op(TLOAD)
    }

    /// Stores the top of the stack at `key`: `push(key) SSTORE`.
    pub fn store_top(self, key: impl PushArg) -> Self {
        self.push(key).op(SSTORE)
    }

    /// Returns the top of the stack as one word: `PUSH0 MSTORE PUSH1 32 PUSH0 RETURN`
    /// (10 gas, plus 3 for the first memory word).
    pub fn ret_top(self) -> Self {
        self.push(0).op(MSTORE).ret(0, 32)
    }

    /// `push(len) push(offset) RETURN`.
    pub fn ret(self, offset: impl PushArg, len: impl PushArg) -> Self {
        self.push(len).push(offset).op(RETURN)
    }

    /// `push(len) push(offset) REVERT`.
    pub fn revert(self, offset: impl PushArg, len: impl PushArg) -> Self {
        self.push(len).push(offset).op(REVERT)
    }

    /// `push(topics reversed) push(len) push(offset) LOG<n>`.
    pub fn log<T: PushArg + Clone>(mut self, offset: impl PushArg, len: impl PushArg, topics: &[T]) -> Self {
        assert!(topics.len() <= 4, "at most four topics");
        for topic in topics.iter().rev() {
            self = self.push(topic.clone());
        }
        self.push(len).push(offset).op(LOG0 + topics.len() as u8)
    }

    /// `CALL` with its seven arguments pushed in reverse order (`gas` ends on top).
    #[allow(clippy::too_many_arguments)]
    pub fn call(
        self,
        gas: impl PushArg,
        to: impl PushArg,
        value: impl PushArg,
        in_offset: impl PushArg,
        in_len: impl PushArg,
        out_offset: impl PushArg,
        out_len: impl PushArg,
    ) -> Self {
        self.push(out_len).push(out_offset).push(in_len).push(in_offset).push(value).push(to).push(gas).op(CALL)
    }

    /// `CALLCODE`, arguments as for [`Bytecode::call`].
    #[allow(clippy::too_many_arguments)]
    pub fn callcode(
        self,
        gas: impl PushArg,
        to: impl PushArg,
        value: impl PushArg,
        in_offset: impl PushArg,
        in_len: impl PushArg,
        out_offset: impl PushArg,
        out_len: impl PushArg,
    ) -> Self {
        self.push(out_len).push(out_offset).push(in_len).push(in_offset).push(value).push(to).push(gas).op(CALLCODE)
    }

    /// `DELEGATECALL` with its six arguments pushed in reverse order.
    pub fn delegatecall(
        self,
        gas: impl PushArg,
        to: impl PushArg,
        in_offset: impl PushArg,
        in_len: impl PushArg,
        out_offset: impl PushArg,
        out_len: impl PushArg,
    ) -> Self {
        self.push(out_len).push(out_offset).push(in_len).push(in_offset).push(to).push(gas).op(DELEGATECALL)
    }

    /// `STATICCALL` with its six arguments pushed in reverse order.
    pub fn staticcall(
        self,
        gas: impl PushArg,
        to: impl PushArg,
        in_offset: impl PushArg,
        in_len: impl PushArg,
        out_offset: impl PushArg,
        out_len: impl PushArg,
    ) -> Self {
        self.push(out_len).push(out_offset).push(in_len).push(in_offset).push(to).push(gas).op(STATICCALL)
    }

    /// `push(len) push(offset) push(value) CREATE`.
    pub fn create(self, value: impl PushArg, offset: impl PushArg, len: impl PushArg) -> Self {
        self.push(len).push(offset).push(value).op(CREATE)
    }

    /// `push(salt) push(len) push(offset) push(value) CREATE2`.
    pub fn create2(self, value: impl PushArg, offset: impl PushArg, len: impl PushArg, salt: impl PushArg) -> Self {
        self.push(salt).push(len).push(offset).push(value).op(CREATE2)
    }

    /// Init code that deploys `runtime`:
    /// `PUSH2 len DUP1 PUSH2 11 PUSH0 CODECOPY PUSH0 RETURN <runtime>` — 16 gas plus 3 per word copied plus
    /// memory for `len` bytes (and the code deposit, 200 per byte).
    pub fn initcode_for(runtime: &[u8]) -> Bytecode {
        Bytecode::new()
            .push_n(2, runtime.len() as u64)
            .op(DUP1)
            .push_n(2, 11u64)
            .push(0)
            .op(CODECOPY)
            .push(0)
            .op(RETURN)
            .bytes(runtime)
    }
}

/// `value` as a 32-byte big-endian word (ABI-style calldata or expected output).
pub fn word(value: impl IntoWord) -> Vec<u8> {
    value.into_word().to_be_bytes::<32>().to_vec()
}

/// Runs one signed transaction `raw` (built with [`crate::tx`]) on `chain` and reports it like
/// [`crate::exec`]; panics if it is rejected. For transactions `exec` cannot build: access lists,
/// blobs, EIP-7702 authorizations, value.
pub fn run_tx(chain: &Chain, raw: Vec<u8>) -> Executed {
    let run = chain.run(vec![raw]);
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

/// EVM memory cost of `words` 32-byte words: `3 w + w² / 512` (yellow paper `C_mem`).
pub const fn memory_cost(words: u64) -> u64 {
    3 * words + words * words / 512
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_picks_the_smallest_width() {
        assert_eq!(Bytecode::new().push(0).into_vec(), [PUSH0]);
        assert_eq!(Bytecode::new().push(0xffu64).into_vec(), [PUSH1, 0xff]);
        assert_eq!(Bytecode::new().push(0x100).into_vec(), [PUSH2, 1, 0]);
        assert_eq!(Bytecode::new().push(U256::MAX).len(), 33);
        assert_eq!(Bytecode::new().push(-1).into_vec()[0], PUSH32);
        assert_eq!(Bytecode::new().push(&[0u8, 0][..]).into_vec(), [PUSH2, 0, 0]);
        assert_eq!(Bytecode::new().push_n(3, 1u64).into_vec(), [PUSH3, 0, 0, 1]);
        assert_eq!(Bytecode::new().push(Address::from_low_u64(1)).len(), 21);
    }

    #[test]
    fn labels_resolve_after_append() {
        let code = Bytecode::new().op(STOP).append(Bytecode::new().jump("end").label("end")).into_vec();
        assert_eq!(code, [STOP, PUSH2, 0, 5, JUMP, JUMPDEST]);
    }

    #[test]
    fn helpers_emit_documented_sequences() {
        assert_eq!(Bytecode::new().ret_top().into_vec(), [PUSH0, MSTORE, PUSH1, 32, PUSH0, RETURN]);
        assert_eq!(Bytecode::new().sstore(1, 2).into_vec(), [PUSH1, 2, PUSH1, 1, SSTORE]);
        let call = Bytecode::new().call(Op(GAS), 0xaa, 0, 0, 0, 0, 0).into_vec();
        assert_eq!(call, [PUSH0, PUSH0, PUSH0, PUSH0, PUSH0, PUSH1, 0xaa, GAS, CALL]);
        let init = Bytecode::initcode_for(&[STOP]).into_vec();
        assert_eq!(init.len(), 12);
        assert_eq!(memory_cost(1024), 5120);
    }
}
