//! `zkos simulate BLOCK.json`: run the block forward (recording the witness), run the RISC-V proving program
//! on that tape in the simulator, check both give the same public input, and report cycles.

use std::path::{Path, PathBuf};
use std::process::Command;

use bootloader::proving::{run_with_witness, Segment, WitnessedRun};
use fixtures::BlockFile;
use serde_json::{json, Value};
use simulator::{CycleCounts, Machine};

use crate::elf::flat_image;

/// Cycle budget of one simulated block (a runaway program stops here).
pub const MAX_CYCLES: u64 = 20_000_000_000;

/// What a simulation found.
#[derive(Debug, Clone)]
pub struct SimulateReport {
    /// Forward mode's public input.
    pub forward: [u32; 8],
    /// The simulated program's output, or why it failed.
    pub proving: Result<[u32; 8], String>,
    /// Cycles of the whole run.
    pub cycles: CycleCounts,
    /// Per transaction: (index, cycles spent from its start to the next one's).
    pub per_tx: Vec<(usize, CycleCounts)>,
    /// Per transaction: the raw-cycle window `(start, end)` it ran in (for sampling profiles).
    pub windows: Vec<(u64, u64)>,
    /// Before the first transaction (setup) and after the last (state commitment and public input).
    pub overhead: (CycleCounts, CycleCounts),
    /// The witness tape.
    pub tape: Vec<u32>,
    /// Tape positions where each transaction entry (and the end marker) starts, the watched reads that cut
    /// the run into `per_tx` (see [`crate::phases`]).
    pub tx_starts: Vec<usize>,
    /// Bytes of heap the program allocated (its bump allocator never frees, so this is the peak), when the
    /// ELF's symbols were at hand.
    pub heap_peak: Option<u64>,
}

impl SimulateReport {
    /// Whether the program reproduced forward mode's public input.
    pub fn matches(&self) -> bool {
        self.proving.as_ref().is_ok_and(|p| *p == self.forward)
    }

    /// The `--json` document.
    pub fn to_json(&self) -> Value {
        json!({
            "match": self.matches(),
            "publicInput": words_hex(&self.forward),
            "provingOutput": match &self.proving { Ok(w) => Value::String(words_hex(w)), Err(e) => json!({"error": e}) },
            "cycles": cycles_json(&self.cycles),
            "txs": self.per_tx.iter().map(|(i, c)| json!({"index": i, "effective": c.effective(), "raw": c.raw,
                "blake2s": c.blake2s, "bigint": c.bigint})).collect::<Vec<_>>(),
            "setup": cycles_json(&self.overhead.0),
            "commitment": cycles_json(&self.overhead.1),
            "tapeWords": self.tape.len(),
            "heapPeakBytes": self.heap_peak,
        })
    }
}

fn cycles_json(c: &CycleCounts) -> Value {
    json!({"raw": c.raw, "blake2s": c.blake2s, "bigint": c.bigint, "effective": c.effective()})
}

/// Eight words as one 0x-prefixed hex string (word 0 first, each big-endian).
pub fn words_hex(words: &[u32; 8]) -> String {
    let mut s = String::from("0x");
    for w in words {
        s.push_str(&format!("{w:08x}"));
    }
    s
}

/// The workspace root (where `cargo build -p zkos-prover` runs).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The tree layout of `--tree-bits N`: dense for 0, else the pre-state scattered over `2^N` leaves (a fixed
/// seed, so runs are reproducible).
pub fn layout(tree_bits: u8) -> tree::Layout {
    match tree_bits {
        0 => tree::Layout::Dense,
        bits => tree::Layout::Scattered { log2_filled: bits, seed: 0x7a6b_6f73 },
    }
}

/// Which chain's proving program to build: the prover crate picks its [`bootloader::ChainSpec`] by feature,
/// so each chain's image holds only its own EEs and rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProverChain {
    /// The rollup (every shipped EE, L1 priority transactions): the default build.
    Rollup,
    /// Ethereum L1 (the EVM, Ethereum's block rules), for replayed mainnet blocks.
    EthereumL1,
    /// The rollup, proving a batch of consecutive blocks (`zkos chain prove`).
    RollupBatch,
}

impl ProverChain {
    /// The prover crate's features for this chain.
    fn features(self) -> &'static str {
        match self {
            ProverChain::Rollup => "proving",
            ProverChain::EthereumL1 => "proving,ethereum-l1",
            ProverChain::RollupBatch => "proving,batch",
        }
    }

    /// The target directory of this chain's build (one each, so both stay built).
    fn target_dir(self) -> &'static str {
        match self {
            ProverChain::Rollup => "prover-build",
            ProverChain::EthereumL1 => "prover-build-l1",
            ProverChain::RollupBatch => "prover-build-batch",
        }
    }
}

/// Builds the proving program of `chain` (a no-op when up to date; the `prover` profile, whole-program
/// LTO) and returns its ELF path. It gets its own target directory so that building it from inside
/// `cargo test` never waits on the outer build's lock.
pub fn build_prover(chain: ProverChain) -> Result<PathBuf, String> {
    let root = workspace_root();
    let target_dir = root.join("target").join(chain.target_dir());
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&root)
        .args(["build", "--profile", "prover", "-p", "zkos-prover", "--features", chain.features()])
        .args(["--target", "riscv32im-unknown-none-elf", "--target-dir"])
        .arg(&target_dir)
        .status()
        .map_err(|e| format!("cannot run cargo to build the prover: {e}"))?;
    if !status.success() {
        return Err("building the RISC-V prover failed (is the riscv32im-unknown-none-elf target installed?)".into());
    }
    Ok(target_dir.join("riscv32im-unknown-none-elf/prover/zkos-prover"))
}

/// Loads the flat image of the prover ELF at `path`.
pub fn load_image(path: &Path) -> Result<Vec<u8>, String> {
    let elf = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    flat_image(&elf)
}

/// Runs a rollup `block` forward with a witness, then the program `image` on the tape.
pub fn simulate_block(block: &BlockFile, image: &[u8]) -> Result<SimulateReport, String> {
    let witnessed = run_with_witness(block.block.clone(), block.state.clone(), block.transactions.clone())
        .map_err(|e| format!("forward run failed: {e}"))?;
    simulate_witnessed(witnessed, image, None)
}

/// Runs `image` (a proving program) on a recorded witness and compares its output with forward mode's;
/// with the program's `elf`, also reads its peak heap.
pub fn simulate_witnessed(witnessed: WitnessedRun, image: &[u8], elf: Option<&[u8]>) -> Result<SimulateReport, String> {
    let mut machine = Machine::new(image).map_err(|e| format!("cannot load the program: {e}"))?;
    // Each transaction starts where the program reads its tape entry; the last entry is the end marker.
    let starts: Vec<usize> = witnessed
        .segments
        .iter()
        .filter(|(kind, _, _)| *kind == Segment::Transaction)
        .map(|(_, start, _)| *start)
        .collect();
    machine.watch_tape(starts.clone());
    let tx_indexes: Vec<usize> = tx_positions(&witnessed.run.output);
    let mut windows = Vec::new();
    let (proving, cycles, per_tx, overhead) = match machine.run(&witnessed.tape, MAX_CYCLES) {
        Ok(result) => {
            let marks = &result.tape_marks;
            windows = marks.windows(2).map(|w| (w[0].raw, w[1].raw)).collect();
            let per_tx = marks.windows(2).enumerate().map(|(i, w)| (tx_indexes.get(i).copied().unwrap_or(i), w[1].since(&w[0]))).collect();
            let setup = marks.first().copied().unwrap_or_default();
            let commitment = result.cycles.since(&marks.last().copied().unwrap_or_default());
            (Ok(result.output), result.cycles, per_tx, (setup, commitment))
        }
        Err(e) => (Err(e.to_string()), machine.cycles(), Vec::new(), Default::default()),
    };
    let heap_peak = elf.and_then(|elf| heap_peak(elf, &machine));
    Ok(SimulateReport {
        heap_peak,
        forward: witnessed.public_input,
        proving,
        cycles,
        per_tx,
        windows,
        overhead,
        tape: witnessed.tape,
        tx_starts: starts,
    })
}

/// Block input positions in order (receipts and rejections interleaved).
fn tx_positions(output: &bootloader::BlockOutput) -> Vec<usize> {
    let mut all: Vec<usize> = output.receipts.iter().map(|r| r.tx_index).chain(output.rejected.iter().map(|r| r.index)).collect();
    all.sort_unstable();
    all
}

/// The prover's heap use after a run: its bump pointer (`zkos_prover::guest::ALLOCATOR`, a word in `.bss`)
/// minus `_heap_start`.
fn heap_peak(elf: &[u8], machine: &Machine) -> Option<u64> {
    let allocator = crate::profile::symbol_address(elf, "zkos_prover::guest::ALLOCATOR")?;
    let start = crate::profile::symbol_address(elf, "_heap_start")?;
    let next = machine.read_word(allocator)?;
    Some(u64::from(next.saturating_sub(start)))
}
