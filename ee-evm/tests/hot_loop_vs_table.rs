//! The two dispatch paths agree: random programs run once with no inspector (the register-held hot loop of
//! `hot_loop.rs`) and once with an inspector that watches nothing (every instruction through the table's
//! `checked` entries), and must end identically: status, gas used, output, logs and post-state.
//!
//! Programs are built to reach the paths' edges: words of every width, stack underflow and overflow,
//! valid and invalid jumps (loops until gas runs out), memory that grows inside and outside the hot loop,
//! opcodes the hot loop hands to the table in between, and gas limits that end them anywhere.

use ee_api::ExitStatus;
use primitives::U256;
use proptest::prelude::*;
use system_api::Resources;
use test_utils::harness::TARGET;
use test_utils::Chain;
use zkos_ee_evm::opcodes::*;
use zkos_ee_evm::{EvmEe, Inspector};

/// An inspector that observes nothing but is enabled, so the interpreter takes the table path.
#[derive(Default)]
struct TablePath;

impl<R: Resources> Inspector<R> for TablePath {}

/// One piece of a generated program.
#[derive(Clone, Debug)]
enum Piece {
    /// PUSH1 of a small value: offsets, shift amounts, jump targets, depths.
    Small(u8),
    /// PUSHn of `n` random bytes (PUSH0 for none).
    Word(Vec<u8>),
    /// An opcode with no immediate.
    Op(u8),
    /// PUSH1 of an offset, then MLOAD, MSTORE or MSTORE8: unaligned accesses at the edge of memory.
    Memory { offset: u8, op: u8 },
    /// PUSH2 of a target, then JUMP or JUMPI. The target is the program's JUMPDEST number `target` (forward
    /// of the jump for JUMP, so that only JUMPI loops), or invalid when there is none or `target % 16 == 0`.
    Jump { target: u8, conditional: bool },
}

/// Opcodes the hot loop runs itself, and some it hands to the table (SLOAD, SSTORE, KECCAK256, MSTORE8,
/// MSIZE, CALLDATALOAD, ADDRESS, CALLVALUE, LOG1, EXP, RETURN, REVERT, STOP).
const OPS: &[u8] = &[
    ADD, MUL, SUB, DIV, SDIV, MOD, SMOD, ADDMOD, MULMOD, SIGNEXTEND, LT, GT, SLT, SGT, EQ, ISZERO, AND, OR,
    XOR, NOT, BYTE, SHL, SHR, SAR, POP, DUP1, DUP2, DUP3, DUP8, DUP16, SWAP1, SWAP2, SWAP5, SWAP16, MLOAD,
    MSTORE, MSTORE8, MSIZE, JUMPDEST, JUMPDEST, PC, GAS, SLOAD, SSTORE, KECCAK256, CALLDATALOAD, ADDRESS,
    CALLVALUE, LOG1, EXP, RETURN, REVERT, STOP,
];

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        5 => (0u8..96).prop_map(Piece::Small),
        3 => (0usize..=32).prop_flat_map(|n| prop::collection::vec(any::<u8>(), n)).prop_map(Piece::Word),
        8 => prop::sample::select(OPS).prop_map(Piece::Op),
        3 => (0u8..200, prop::sample::select(&[MLOAD, MSTORE, MSTORE8][..]))
            .prop_map(|(offset, op)| Piece::Memory { offset, op }),
        1 => (any::<u8>(), any::<bool>()).prop_map(|(target, conditional)| Piece::Jump { target, conditional }),
    ]
}

fn assemble(pieces: &[Piece]) -> Vec<u8> {
    // Sixteen words to start from, so most programs get past their first few opcodes.
    let mut code = Vec::new();
    for i in 0..16u8 {
        if i % 3 == 0 {
            code.push(PUSH32);
            code.extend((0..32).map(|j| i.wrapping_mul(37).wrapping_add(j * 11)));
        } else {
            code.extend_from_slice(&[PUSH1, i * 5]);
        }
    }
    let mut jumpdests = Vec::new();
    let mut jumps = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Small(v) => code.extend_from_slice(&[PUSH1, *v]),
            Piece::Word(bytes) => {
                code.push(PUSH0 + bytes.len() as u8);
                code.extend_from_slice(bytes);
            }
            Piece::Op(op) => {
                if *op == JUMPDEST {
                    jumpdests.push(code.len());
                }
                code.push(*op);
            }
            Piece::Memory { offset, op } => code.extend_from_slice(&[PUSH1, *offset, *op]),
            Piece::Jump { target, conditional } => {
                jumps.push((code.len() + 1, *target, *conditional));
                code.extend_from_slice(&[PUSH2, 0xff, 0xff, if *conditional { JUMPI } else { JUMP }]);
            }
        }
    }
    for (at, target, conditional) in jumps {
        let candidates: Vec<usize> = jumpdests.iter().copied().filter(|&d| conditional || d > at).collect();
        if target % 16 != 0 && !candidates.is_empty() {
            let dest = candidates[target as usize % candidates.len()] as u16;
            code[at..at + 2].copy_from_slice(&dest.to_be_bytes());
        }
    }
    // The top eight words go to memory, and all of memory is the output, so the stack's and memory's
    // contents are compared too, not only how the run ended.
    for i in 0..8u8 {
        code.extend_from_slice(&[PUSH2, 0x04, i * 32, MSTORE]);
    }
    code.extend_from_slice(&[MSIZE, PUSH0, RETURN]);
    code
}

/// Runs `code` at [`TARGET`] with the default EE set (hot loop) or an EVM with [`TablePath`].
fn run(code: &[u8], gas_limit: u64, table: bool) -> bootloader::ForwardRun {
    let mut chain = Chain::default();
    chain.deploy(TARGET, code.to_vec());
    let tx = test_utils::tx::call(0, 0, TARGET, vec![0xab; 40], U256::from(7u8), gas_limit);
    let result = if table {
        bootloader::forward::run_forward_with::<(EvmEe<TablePath>,)>(chain.block.clone(), chain.state.clone(), vec![tx])
    } else {
        bootloader::run_forward(chain.block.clone(), chain.state.clone(), vec![tx])
    };
    match result {
        Ok(run) => run,
        Err(e) => panic!("block failed: {e}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn hot_loop_and_table_end_alike(
        pieces in prop::collection::vec(piece(), 1..120),
        gas_limit in 22_600u64..140_000,
    ) {
        let code = assemble(&pieces);
        let hot = run(&code, gas_limit, false);
        let table = run(&code, gas_limit, true);
        prop_assert_eq!(hot.output.receipts.len(), 1, "{:?}", hot.output.rejected);
        let (h, t) = (&hot.output.receipts[0], &table.output.receipts[0]);
        prop_assert_eq!(h.status, t.status);
        prop_assert_eq!(h.gas_used, t.gas_used);
        prop_assert_eq!(&h.output, &t.output);
        prop_assert_eq!(&h.logs, &t.logs);
        prop_assert_eq!(&hot.post_state, &table.post_state);
    }
}

/// The generator reaches what it is meant to: successes, reverts and every kind of halt, over a fixed
/// sample (so a change that made programs trivially short would show here, not pass silently).
#[test]
fn generated_programs_end_in_every_way() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]));
    let (mut success, mut revert, mut halt) = (0, 0, 0);
    for _ in 0..300 {
        let pieces = prop::collection::vec(piece(), 1..120).new_tree(&mut runner).unwrap().current();
        match run(&assemble(&pieces), 100_000, false).output.receipts[0].status {
            ExitStatus::Success => success += 1,
            ExitStatus::Revert => revert += 1,
            ExitStatus::Halt(_) => halt += 1,
        }
    }
    eprintln!("success {success}, revert {revert}, halt {halt}");
    assert!(success >= 10 && revert >= 10 && halt >= 10, "success {success}, revert {revert}, halt {halt}");
}
