//! The RISC-V cycles table: effective proving cycles of representative transactions, each split by phase
//! (signature recovery, hashing, storage proofs, interpretation, the rest), measured exactly in the simulator
//! on the example blocks of `examples/blocks/` (see `zkos_cli::phases`). `zkos-bench` prints these rows.

use std::collections::BTreeMap;

use simulator::CycleCounts;
use zkos_cli::phases::{phase_breakdown, Phase, PhaseCycles};
use zkos_cli::simulate::{build_prover, load_image, simulate_block, workspace_root};

/// The transaction kinds of the table: `(label, example block, transaction index in it)`. `evm_wasm_call` is
/// `multi-ee.json`'s EVM forwarder → WASM forwarder → EVM forwarder → WASM counter call (137,770 gas).
pub const CYCLE_CASES: [(&str, &str, usize); 6] = [
    ("eth_transfer", "eth-transfers.json", 2),
    ("erc20_transfer", "erc20.json", 1),
    ("erc20_deploy", "erc20.json", 0),
    ("erc20_balance_of", "erc20.json", 3),
    ("swap", "swap.json", 8),
    ("evm_wasm_call", "multi-ee.json", 4),
];

/// One row of the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CycleRow {
    /// The transaction kind (`erc20_transfer`, …).
    pub label: &'static str,
    /// The transaction's cycles.
    pub total: CycleCounts,
    /// The same cycles by phase (they add up to `total`).
    pub phases: PhaseCycles,
}

impl CycleRow {
    /// `cycles erc20_transfer  820267 effective: recovery 325.4k, hashing 112.2k, … (raw …, blake2s …, bigint …)`.
    pub fn line(&self) -> String {
        let parts: Vec<String> =
            Phase::ALL.iter().map(|p| format!("{} {}", p.name(), kilo(self.phases.get(*p).effective()))).collect();
        let c = &self.total;
        format!(
            "cycles {:<17} {:>8} effective: {} (raw {}, blake2s {}, bigint {})",
            self.label,
            c.effective(),
            parts.join(", "),
            c.raw,
            c.blake2s,
            c.bigint
        )
    }
}

/// `123456` as `123.5k`.
fn kilo(n: u64) -> String {
    format!("{:.1}k", n as f64 / 1000.0)
}

/// Builds the prover, simulates each example block of [`CYCLE_CASES`] once, checks forward and proving mode
/// agree, and returns one row per case.
pub fn cycle_rows() -> Result<Vec<CycleRow>, String> {
    let elf_path = build_prover(zkos_cli::simulate::ProverChain::Rollup)?;
    let elf = std::fs::read(&elf_path).map_err(|e| format!("{}: {e}", elf_path.display()))?;
    let image = load_image(&elf_path)?;
    let mut per_file: BTreeMap<&str, Vec<(CycleCounts, PhaseCycles)>> = BTreeMap::new();
    let mut rows = Vec::new();
    for (label, file, index) in CYCLE_CASES {
        if !per_file.contains_key(file) {
            let path = workspace_root().join("examples/blocks").join(file);
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let block = zkos_cli::parse_block_file(&text).map_err(|e| format!("{file}: {e}"))?;
            let report = simulate_block(&block, &image)?;
            if !report.matches() {
                return Err(format!("{file}: forward and proving public inputs differ ({:?})", report.proving));
            }
            let phases = phase_breakdown(&elf, &image, &report)?;
            let txs = report.per_tx.iter().zip(&phases.per_tx).map(|((_, c), s)| (*c, s.phases)).collect();
            per_file.insert(file, txs);
        }
        let (total, phases) =
            per_file.get(file).and_then(|txs| txs.get(index)).copied().ok_or(format!("{file}: no transaction {index}"))?;
        if phases.total() != total {
            return Err(format!("{label}: phases add up to {:?}, not {total:?}", phases.total()));
        }
        rows.push(CycleRow { label, total, phases });
    }
    Ok(rows)
}

/// Mainnet block `input` through the Ethereum L1 proving program in the simulator, its pre-state at random
/// leaves of a 2^30-leaf tree: `(effective cycles per gas, effective cycles, gas, tree bits)`, after checking
/// both modes' public inputs agree.
pub fn replay_cycles_per_gas(input: &zkos_replay::ReplayInput) -> Result<(f64, u64, u64, u8), String> {
    const TREE_BITS: u8 = 30;
    let elf_path = build_prover(zkos_cli::simulate::ProverChain::EthereumL1)?;
    let image = load_image(&elf_path)?;
    let witnessed = bootloader::proving::run_chain_with_witness_in::<bootloader::EthereumL1>(
        zkos_cli::simulate::layout(TREE_BITS),
        input.block.context.clone(),
        input.pre_state.clone(),
        input.block.transactions.clone(),
    )
    .map_err(|e| e.to_string())?;
    let gas = witnessed.run.output.gas_used;
    let report = zkos_cli::simulate::simulate_witnessed(witnessed, &image, None)?;
    if !report.matches() {
        return Err(format!("forward and proving public inputs differ ({:?})", report.proving));
    }
    let effective = report.cycles.effective();
    Ok((effective as f64 / gas.max(1) as f64, effective, gas, TREE_BITS))
}

/// The table as `zkos-bench` prints it.
pub fn cycle_lines() -> Result<Vec<String>, String> {
    Ok(cycle_rows()?.iter().map(CycleRow::line).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_prints_every_phase_and_the_delegations() {
        let c = |raw, blake2s, bigint| CycleCounts { raw, blake2s, bigint };
        let phases = PhaseCycles([c(40_000, 0, 0), c(50_000, 0, 0), c(100_000, 1_000, 0), c(90_000, 1_000, 0), c(200_000, 0, 25_000)]);
        let row = CycleRow { label: "erc20_transfer", total: phases.total(), phases };
        assert_eq!(
            row.line(),
            "cycles erc20_transfer      612000 effective: recovery 300.0k, hashing 116.0k, proofs 106.0k, \
             interpretation 50.0k, other 40.0k (raw 480000, blake2s 2000, bigint 25000)"
        );
    }
}
