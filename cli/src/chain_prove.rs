//! `zkos chain prove --db DIR --from A --to B`: re-executes blocks A..B of a stored chain as one batch in
//! forward mode (from the state and tree the chain had before A), records one witness, runs the batch
//! proving program (`prover --features batch`) on it in the simulator, and checks that the batch's public
//! input matches forward mode's and that every re-executed header equals the stored one. Prints cycles per
//! block and per transaction.

use std::path::PathBuf;
use std::process::ExitCode;

use bootloader::proving::batch::{run_chain_batch_with_witness, WitnessedBatch};
use bootloader::proving::Segment;
use bootloader::Rollup;
use clap::Args;
use serde_json::json;
use simulator::{CycleCounts, Machine};
use zkos_chain::Chain;

use crate::commands::fail;
use crate::simulate::{build_prover, load_image, words_hex, ProverChain, MAX_CYCLES};

/// `zkos chain prove`.
#[derive(Debug, Args)]
pub struct ProveArgs {
    /// The store.
    #[arg(long, value_name = "DIR")]
    pub db: PathBuf,
    /// First block of the batch.
    #[arg(long, value_name = "A")]
    pub from: u64,
    /// Last block of the batch.
    #[arg(long, value_name = "B")]
    pub to: u64,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Write the batch's witness tape (Airbender's input format) here.
    #[arg(long, value_name = "FILE")]
    pub witness_out: Option<PathBuf>,
    /// Write the batch program's flat image here.
    #[arg(long, value_name = "FILE")]
    pub bin_out: Option<PathBuf>,
}

/// The simulation of a batch.
#[derive(Debug)]
pub struct BatchReport {
    /// The simulator's output, or why it failed.
    pub proving: Result<[u32; 8], String>,
    /// Cycles of the whole run.
    pub cycles: CycleCounts,
    /// Per block: its cycles and its transactions' cycles.
    pub blocks: Vec<(u64, CycleCounts, Vec<CycleCounts>)>,
}

/// Runs the batch program `image` on `batch`'s tape, cutting the cycles at each block's and each
/// transaction's first tape read.
pub fn simulate_batch(batch: &WitnessedBatch, image: &[u8]) -> Result<BatchReport, String> {
    let mut machine = Machine::new(image).map_err(|e| format!("cannot load the program: {e}"))?;
    let mut watched = Vec::new();
    for (run, offset) in batch.blocks.iter().zip(&batch.offsets) {
        watched.push(*offset);
        watched.extend(run.segments.iter().filter(|(k, _, _)| *k == Segment::Transaction).map(|(_, s, _)| offset + s));
    }
    machine.watch_tape(watched.clone());
    let result = match machine.run(&batch.tape, MAX_CYCLES) {
        Ok(result) => result,
        Err(e) => return Ok(BatchReport { proving: Err(e.to_string()), cycles: machine.cycles(), blocks: Vec::new() }),
    };
    let marks = &result.tape_marks;
    let at = |position: usize| watched.iter().position(|w| *w == position).and_then(|i| marks.get(i)).copied();
    let mut blocks = Vec::new();
    for (i, (run, offset)) in batch.blocks.iter().zip(&batch.offsets).enumerate() {
        let start = at(*offset).unwrap_or_default();
        let end = batch.offsets.get(i + 1).and_then(|o| at(*o)).unwrap_or(result.cycles);
        let txs: Vec<usize> = run.segments.iter().filter(|(k, _, _)| *k == Segment::Transaction).map(|(_, s, _)| offset + s).collect();
        let per_tx = txs.windows(2).filter_map(|w| Some(at(w[1])?.since(&at(w[0])?))).collect();
        blocks.push((batch.headers[i].number, end.since(&start), per_tx));
    }
    Ok(BatchReport { proving: Ok(result.output), cycles: result.cycles, blocks })
}

/// Runs the command.
pub fn run(args: &ProveArgs) -> ExitCode {
    if args.from > args.to {
        return fail(2, "--from must not be after --to");
    }
    let chain = match Chain::open(&args.db) {
        Ok(c) => c,
        Err(e) => return fail(if e.is_rejection() { 2 } else { 1 }, &e.to_string()),
    };
    let spinner = crate::progress::spinner("re-executing the batch with its witness");
    let prepared = (|| -> Result<_, zkos_chain::ChainError> {
        let (state, tree) = chain.state_before(args.from)?;
        let mut blocks = Vec::new();
        let mut stored = Vec::new();
        for n in args.from..=args.to {
            blocks.push(chain.block_input(n)?);
            stored.push(chain.header(n)?.ok_or_else(|| zkos_chain::ChainError::Invalid(format!("no block {n}")))?);
        }
        Ok((state, tree, blocks, stored))
    })();
    let (state, tree, blocks, stored) = match prepared {
        Ok(p) => p,
        Err(e) => return fail(if e.is_rejection() { 2 } else { 1 }, &e.to_string()),
    };
    let batch = match run_chain_batch_with_witness::<Rollup>(state, Box::new(tree), blocks, false) {
        Ok(b) => b,
        Err(e) => return fail(1, &format!("re-executing the batch: {e}")),
    };
    if batch.headers != stored {
        return fail(1, "re-executed headers differ from the stored ones");
    }
    spinner.set_message("building the batch prover and simulating it");
    let image = match build_prover(ProverChain::RollupBatch).and_then(|elf| load_image(&elf)) {
        Ok(i) => i,
        Err(e) => return fail(1, &e),
    };
    let report = match simulate_batch(&batch, &image) {
        Ok(r) => r,
        Err(e) => return fail(1, &e),
    };
    spinner.finish_and_clear();
    if let Some(path) = &args.bin_out {
        if let Err(e) = std::fs::write(path, &image) {
            return fail(2, &format!("{}: {e}", path.display()));
        }
    }
    if let Some(path) = &args.witness_out {
        if let Err(e) = simulator::tape::write_file(path, &batch.tape) {
            return fail(2, &format!("{}: {e}", path.display()));
        }
    }
    let matches = report.proving.as_ref().is_ok_and(|p| *p == batch.public_input);
    if args.json {
        let blocks: Vec<_> = report
            .blocks
            .iter()
            .map(|(n, c, txs)| json!({"number": n, "effective": c.effective(), "txs": txs.iter().map(CycleCounts::effective).collect::<Vec<_>>()}))
            .collect();
        println!(
            "{}",
            json!({"match": matches, "publicInput": words_hex(&batch.public_input),
                "provingOutput": report.proving.as_ref().map(words_hex).unwrap_or_else(|e| e.clone()),
                "cycles": {"raw": report.cycles.raw, "blake2s": report.cycles.blake2s, "bigint": report.cycles.bigint,
                    "effective": report.cycles.effective()}, "blocks": blocks, "tapeWords": batch.tape.len()})
        );
    } else {
        println!("batch of blocks {}..={} ({} blocks)", args.from, args.to, batch.blocks.len());
        println!("public input (forward): {}", words_hex(&batch.public_input));
        match &report.proving {
            Ok(w) => println!("public input (RISC-V):  {}", words_hex(w)),
            Err(e) => println!("RISC-V run failed: {e}"),
        }
        println!("match: {matches}");
        let c = &report.cycles;
        println!("cycles: raw {} blake2s {} bigint {} effective {}", c.raw, c.blake2s, c.bigint, c.effective());
        for (n, cycles, txs) in &report.blocks {
            let per_tx: Vec<String> = txs.iter().map(|t| t.effective().to_string()).collect();
            println!("  block {n}: effective {} ({} txs: {})", cycles.effective(), txs.len(), per_tx.join(", "));
        }
    }
    if matches {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
