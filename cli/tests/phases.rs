//! Per-phase cycles of the example ERC-20 block in the simulator: the phases of every transaction (and of the
//! setup and commitment stretches) add up exactly to what `zkos simulate` measures, and each phase lands where
//! it should (a signed transaction spends on recovery, a call on interpretation, every one on proofs).

use std::path::Path;

use zkos_cli::phases::{classify, phase_breakdown, Phase};
use zkos_cli::simulate::{build_prover, load_image, simulate_block};

#[test]
fn phases_add_up_to_each_transaction() {
    let elf_path = build_prover(zkos_cli::simulate::ProverChain::Rollup).expect("the RISC-V prover builds");
    let elf = std::fs::read(&elf_path).expect("the ELF");
    let image = load_image(&elf_path).expect("flat image");
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/blocks/erc20.json");
    let block = zkos_cli::parse_block_file(&std::fs::read_to_string(file).expect("block")).expect("valid block");
    let report = simulate_block(&block, &image).expect("simulation runs");
    assert!(report.matches());
    let phases = phase_breakdown(&elf, &image, &report).expect("observed run");

    assert_eq!(phases.per_tx.len(), report.per_tx.len());
    // Calls and returns pair up: the program stops a few frames deep (in `_start` → main → its self-loop).
    let (depth, unmatched) = phases.stack_check;
    assert_eq!(unmatched, 0, "returns without a call");
    assert!((1..16).contains(&depth), "final shadow stack depth {depth}");
    for (stretch, (index, total)) in phases.per_tx.iter().zip(&report.per_tx) {
        let split = &stretch.phases;
        assert_eq!(split.total(), *total, "tx {index}: phases must sum to the transaction's cycles");
        eprintln!("tx {index}: {} = {} effective", zkos_cli::phases::summary(split), total.effective());
        // Every transaction is signed, reads accounts through proofs and runs the token's code.
        for phase in [Phase::Recovery, Phase::Proofs, Phase::Interpretation, Phase::Hashing, Phase::Other] {
            assert!(split.get(phase).effective() > 0, "tx {index}: no {} cycles", phase.name());
        }
        // Recovery is where the U256 delegation is used: ~17,000 calls per signature now that the prover
        // advises the square root and both inversions (~24,000 when they are computed).
        assert!(split.get(Phase::Recovery).bigint > 15_000, "tx {index}");
    }
    assert_eq!(phases.setup.phases.total(), report.overhead.0);
    assert_eq!(phases.commitment.phases.total(), report.overhead.1);
    let all = phases.per_tx.iter().fold(phases.setup.phases.total(), |a, s| add(a, s.phases.total()));
    assert_eq!(add(all, phases.commitment.phases.total()), report.cycles);
    // The per-function split covers the same cycles.
    for stretch in &phases.per_tx {
        let by_function = stretch.functions.iter().fold(simulator::CycleCounts::default(), |a, (_, c)| add(a, *c));
        assert_eq!(by_function, stretch.phases.total());
    }
}

fn add(a: simulator::CycleCounts, b: simulator::CycleCounts) -> simulator::CycleCounts {
    simulator::CycleCounts { raw: a.raw + b.raw, blake2s: a.blake2s + b.blake2s, bigint: a.bigint + b.bigint }
}

#[test]
fn functions_are_classified_by_crate_and_module() {
    assert_eq!(classify("zkos_secp256k1::point::Jacobian::double"), Phase::Recovery);
    assert_eq!(classify("zkos_transactions::signature::recover_signer"), Phase::Recovery);
    assert_eq!(classify("tiny_keccak::keccakf::keccakf"), Phase::Hashing);
    assert_eq!(classify("zkos_tree::blake2s::blake2s"), Phase::Hashing);
    assert_eq!(classify("zkos_tree::partial::PartialTree::verify"), Phase::Proofs);
    assert_eq!(
        classify("<zkos_bootloader::proving::verify::TapeOracle<T> as zkos_system_api::oracle::Oracle>::storage"),
        Phase::Proofs
    );
    assert_eq!(classify("zkos_ee_evm::interpreter::Interpreter<R>::run"), Phase::Interpretation);
    assert_eq!(classify("zkos_bootloader::ethereum::process_transaction"), Phase::Other);
    assert_eq!(classify("compiler_builtins::mem::memcpy"), Phase::Other);
}
