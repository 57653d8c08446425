//! Frame, transaction and block context: ADDRESS … BLOBBASEFEE, calldata, code and return-data access.

use primitives::{u256_to_u64, U256};
use system_api::SystemInterface;

use ee_api::HaltReason;

use super::memory_ops::words;
use super::{charge, pop, sys, Interp};
use crate::memory::padded_slice;

/// ADDRESS
pub fn address<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    let word = it.ctx.address.to_word();
    it.stack.push(word);
}

/// ORIGIN
pub fn origin<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    it.stack.push(sys.tx().origin.to_word());
}

/// CALLER
pub fn caller<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    let word = it.ctx.caller.to_word();
    it.stack.push(word);
}

/// CALLVALUE
pub fn callvalue<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    let value = it.ctx.value;
    it.stack.push(value);
}

/// CALLDATALOAD
pub fn calldataload<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    let mut word = [0u8; 32];
    padded_slice(&it.ctx.input, it.stack.peek_ref(0), 32, &mut word);
    *it.stack.top() = U256::from_be_bytes(word);
}

/// CALLDATASIZE
pub fn calldatasize<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    let len = it.ctx.input.len();
    it.stack.push(U256::from(len));
}

/// Shared body of the copy instructions: charge 3 gas per word and memory, then copy zero-padded.
fn copy_to_memory<R: system_api::Resources>(it: &mut crate::interpreter::Interpreter<R>, source: Source) {
    pop!(it; dst, src, len);
    let Some((dst, n)) = it.memory_range(&dst, &len) else { return };
    charge!(it, 3 * words(n));
    if n == 0 {
        return;
    }
    // Straight from the source into memory (disjoint fields of the interpreter), zero-padded.
    let data: &[u8] = match source {
        Source::Calldata => &it.ctx.input,
        Source::Code => it.code.code(),
    };
    padded_slice(data, &src, n, it.memory.slice_mut(dst, n));
}

enum Source {
    Calldata,
    Code,
}

/// CALLDATACOPY
pub fn calldatacopy<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    copy_to_memory(it, Source::Calldata);
}

/// CODESIZE
pub fn codesize<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    let len = it.code.len;
    it.stack.push(U256::from(len));
}

/// CODECOPY
pub fn codecopy<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    copy_to_memory(it, Source::Code);
}

/// GASPRICE
pub fn gasprice<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    it.stack.push(sys.tx().gas_price);
}

/// RETURNDATASIZE
pub fn returndatasize<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    let len = it.return_data.len();
    it.stack.push(U256::from(len));
}

/// RETURNDATACOPY: reading past the end of the return data halts (EIP-211).
pub fn returndatacopy<Sys: SystemInterface>(it: &mut Interp<Sys>, _: &mut Sys) {
    let (dst, src, len) = (it.stack.peek(0), it.stack.peek(1), it.stack.peek(2));
    let end = u256_to_u64(&src).zip(u256_to_u64(&len)).and_then(|(s, l)| s.checked_add(l));
    match end {
        Some(end) if end <= it.return_data.len() as u64 => {}
        _ => {
            it.halt(HaltReason::OutOfBounds);
            return;
        }
    }
    pop!(it; _dst, _src, _len);
    let Some((dst, n)) = it.memory_range(&dst, &len) else { return };
    charge!(it, 3 * words(n));
    if n == 0 {
        return;
    }
    let start = src.as_limbs()[0] as usize;
    if let Some(data) = it.return_data.get(start..start + n) {
        it.memory.set_padded(dst, n, data);
    }
}

/// BLOCKHASH: only the 256 most recent blocks, zero otherwise.
pub fn blockhash<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    let requested = it.stack.peek(0);
    let current = sys.block().number;
    let hash = match u256_to_u64(&requested) {
        Some(n) if n < current && current - n <= 256 => sys!(it, sys.block_hash(n)).to_word(),
        _ => U256::ZERO,
    };
    *it.stack.top() = hash;
}

/// COINBASE
pub fn coinbase<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    it.stack.push(sys.block().coinbase.to_word());
}

/// TIMESTAMP
pub fn timestamp<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    it.stack.push(U256::from(sys.block().timestamp));
}

/// NUMBER
pub fn number<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    it.stack.push(U256::from(sys.block().number));
}

/// PREVRANDAO (formerly DIFFICULTY)
pub fn prevrandao<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    it.stack.push(sys.block().prev_randao.to_word());
}

/// GASLIMIT
pub fn gaslimit<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    it.stack.push(U256::from(sys.block().gas_limit));
}

/// CHAINID
pub fn chainid<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    it.stack.push(U256::from(sys.block().chain_id));
}

/// BASEFEE
pub fn basefee<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    it.stack.push(sys.block().base_fee);
}

/// BLOBHASH (EIP-4844): the transaction's versioned hash at an index, zero past the end.
pub fn blobhash<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    let index = it.stack.peek(0);
    let hashes = &sys.tx().blob_hashes;
    // `try_from`, not `as`: on riscv32 an index of 2^32 must not wrap to 0.
    let value = match u256_to_u64(&index).and_then(|i| usize::try_from(i).ok()).and_then(|i| hashes.get(i)) {
        Some(hash) => hash.to_word(),
        None => U256::ZERO,
    };
    *it.stack.top() = value;
}

/// BLOBBASEFEE (EIP-7516)
pub fn blobbasefee<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    it.stack.push(sys.block().blob_base_fee);
}
