//! `zkos simulate BLOCK.json`: run the block forward (recording the witness), run the RISC-V proving program
//! on that tape in the simulator, check both give the same public input, and report cycles.

use std::path::{Path, PathBuf};
use std::process::Command;

use bootloader::proving::run_with_witness;
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
    /// The witness tape.
    pub tape: Vec<u32>,
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
            "tapeWords": self.tape.len(),
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

/// Builds the proving program (a no-op when up to date) and returns its ELF path. It gets its own target
/// directory so that building it from inside `cargo test` never waits on the outer build's lock.
pub fn build_prover() -> Result<PathBuf, String> {
    let root = workspace_root();
    let target_dir = root.join("target").join("prover-build");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&root)
        .args(["build", "--release", "-p", "zkos-prover", "--features", "proving"])
        .args(["--target", "riscv32im-unknown-none-elf", "--target-dir"])
        .arg(&target_dir)
        .status()
        .map_err(|e| format!("cannot run cargo to build the prover: {e}"))?;
    if !status.success() {
        return Err("building the RISC-V prover failed (is the riscv32im-unknown-none-elf target installed?)".into());
    }
    Ok(target_dir.join("riscv32im-unknown-none-elf/release/zkos-prover"))
}

/// Loads the flat image of the prover ELF at `path`.
pub fn load_image(path: &Path) -> Result<Vec<u8>, String> {
    let elf = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    flat_image(&elf)
}

/// Runs `block` forward with a witness, then the program `image` on the tape.
pub fn simulate_block(block: &BlockFile, image: &[u8]) -> Result<SimulateReport, String> {
    let witnessed = run_with_witness(block.block.clone(), block.state.clone(), block.transactions.clone())
        .map_err(|e| format!("forward run failed: {e}"))?;
    let mut machine = Machine::new(image).map_err(|e| format!("cannot load the program: {e}"))?;
    let (proving, cycles, per_tx) = match machine.run(&witnessed.tape, MAX_CYCLES) {
        Ok(result) => {
            let markers: Vec<CycleCounts> = result.markers.iter().map(|m| m.counts()).collect();
            let mut per_tx = Vec::new();
            for (i, window) in markers.windows(2).enumerate() {
                per_tx.push((i, window[1].since(&window[0])));
            }
            (Ok(result.output), result.cycles, per_tx)
        }
        Err(e) => (Err(e.to_string()), machine.cycles(), Vec::new()),
    };
    Ok(SimulateReport { forward: witnessed.public_input, proving, cycles, per_tx, tape: witnessed.tape })
}
