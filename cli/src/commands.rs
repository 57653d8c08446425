//! The bodies of `zkos run`, `statetest` and `simulate`: each takes its parsed arguments, prints, and
//! returns the exit code (0 success, 1 a failed block or check, 2 bad input).

use std::path::Path;
use std::process::ExitCode;

use crate::args::{ProvingArgs, RunArgs, SimulateArgs, StatetestArgs};
use crate::simulate::SimulateReport;

/// Prints `zkos: message` on stderr and returns `code`.
pub fn fail(code: u8, message: &str) -> ExitCode {
    eprintln!("zkos: {message}");
    ExitCode::from(code)
}

/// `zkos run`.
pub fn run(args: &RunArgs) -> ExitCode {
    match crate::run::run_block_file(&args.block, args.fork) {
        Ok((_, json, summary)) => {
            if args.json {
                println!("{}", serde_json::to_string_pretty(&json).unwrap_or_default());
            } else {
                print!("{summary}");
            }
            if let Some(out) = &args.out {
                let text = serde_json::to_string_pretty(&json).unwrap_or_default();
                if let Err(e) = std::fs::write(out, text + "\n") {
                    return fail(2, &format!("cannot write {}: {e}", out.display()));
                }
                if !args.json {
                    println!("result written to {}", out.display());
                }
            }
            if let Some(kind) = args.trace.tracer {
                if let Err(e) = trace_file(&args.block, args.fork, kind, args.trace.trace_out.as_deref()) {
                    return fail(1, &e);
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e.exit_code() as u8, &e.to_string()),
    }
}

/// Runs a block file once more under `kind` (the rollup's rules) and writes the trace.
fn trace_file(path: &Path, fork: Option<primitives::Fork>, kind: zkos_tracers::TracerKind, out: Option<&Path>) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file = fixtures::parse_block_file_with_fork(&text, fork).map_err(|e| format!("{}: {e}", path.display()))?;
    let trace = crate::tracing::trace_block::<bootloader::Rollup>(kind, &file.block, &file.state, &file.transactions)?;
    crate::tracing::emit(&trace, out)
}

/// `zkos statetest`.
pub fn statetest(args: &StatetestArgs) -> ExitCode {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let trace = match (&args.trace_out, args.trace) {
        (Some(path), _) => Some(crate::statetest::TraceTarget::File(path.clone())),
        (None, true) => Some(crate::statetest::TraceTarget::Stderr),
        (None, false) => None,
    };
    let options = crate::statetest::StateTestOptions { fork: args.fork, json: args.json, threads, trace };
    match crate::statetest::run_state_tests(&args.paths, &options) {
        Ok(totals) if totals.failed == 0 => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) => fail(2, &e),
    }
}

/// `zkos simulate`.
pub fn simulate(args: &SimulateArgs) -> ExitCode {
    let text = match std::fs::read_to_string(&args.block) {
        Ok(t) => t,
        Err(e) => return fail(2, &format!("{}: {e}", args.block.display())),
    };
    let block = match fixtures::parse_block_file_with_fork(&text, args.fork) {
        Ok(b) => b,
        Err(e) => return fail(2, &format!("{}: {e}", args.block.display())),
    };
    let (elf, image) = match prover_image(&args.proving, crate::simulate::ProverChain::Rollup) {
        Ok(pair) => pair,
        Err(e) => return fail(1, &e),
    };
    let layout = crate::simulate::layout(args.tree_bits);
    let witnessed = match bootloader::proving::run_with_witness_in(layout, block.block, block.state, block.transactions) {
        Ok(w) => w,
        Err(e) => return fail(1, &format!("forward run failed: {e}")),
    };
    let elf_bytes = std::fs::read(&elf).ok();
    let report = match crate::simulate::simulate_witnessed(witnessed, &image, elf_bytes.as_deref()) {
        Ok(r) => r,
        Err(e) => return fail(1, &e),
    };
    if let Err(e) = write_outputs(&args.proving, &image, &report) {
        return fail(2, &e);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report.to_json()).unwrap_or_default());
    } else {
        print_report(&report);
    }
    if let Some(samples) = args.profile {
        print_profile(&elf, &image, &report, samples);
    }
    if let Some(top) = args.proving.phases {
        print_phases(&elf, &image, &report, top);
    }
    if report.matches() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// The prover ELF (given or built for `chain`) and its flat image.
pub fn prover_image(
    proving: &ProvingArgs,
    chain: crate::simulate::ProverChain,
) -> Result<(std::path::PathBuf, Vec<u8>), String> {
    let elf = match &proving.elf {
        Some(path) => path.clone(),
        None => crate::simulate::build_prover(chain)?,
    };
    let image = crate::simulate::load_image(&elf)?;
    Ok((elf, image))
}

/// Writes `--bin-out` and `--witness-out`.
pub fn write_outputs(proving: &ProvingArgs, image: &[u8], report: &SimulateReport) -> Result<(), String> {
    if let Some(path) = &proving.bin_out {
        std::fs::write(path, image).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if let Some(path) = &proving.witness_out {
        simulator::tape::write_file(path, &report.tape).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// The text report of a simulation.
pub fn print_report(report: &SimulateReport) {
    let c = &report.cycles;
    println!("public input (forward): {}", crate::simulate::words_hex(&report.forward));
    match &report.proving {
        Ok(w) => println!("public input (RISC-V):  {}", crate::simulate::words_hex(w)),
        Err(e) => println!("RISC-V run failed: {e}"),
    }
    println!("match: {}", report.matches());
    println!("cycles: raw {} blake2s {} bigint {} effective {}", c.raw, c.blake2s, c.bigint, c.effective());
    let (setup, commitment) = &report.overhead;
    println!("  setup (pre-state, block context): effective {}", setup.effective());
    println!("  state commitment and public input: effective {}", commitment.effective());
    for (i, t) in &report.per_tx {
        println!("  tx {i}: effective {} (raw {}, blake2s {}, bigint {})", t.effective(), t.raw, t.blake2s, t.bigint);
    }
    println!("tape: {} words", report.tape.len());
    if let Some(heap) = report.heap_peak {
        println!("peak heap: {heap} bytes");
    }
}

/// Exact cycles per phase of each transaction, and its `top` functions by self cycles.
pub fn print_phases(elf: &Path, image: &[u8], report: &SimulateReport, top: usize) {
    let phases = std::fs::read(elf)
        .map_err(|e| e.to_string())
        .and_then(|bytes| crate::phases::phase_breakdown(&bytes, image, report));
    let phases = match phases {
        Ok(p) => p,
        Err(e) => return println!("phases: {e}"),
    };
    let txs = phases.per_tx.iter().zip(&report.per_tx).map(|(s, (i, _))| (format!("tx {i}"), s));
    let whole = phases.whole_run();
    let ends = [
        ("setup".to_string(), &phases.setup),
        ("the commitment".to_string(), &phases.commitment),
        ("the whole block".to_string(), &whole),
    ];
    for (what, stretch) in txs.chain(ends) {
        let total = stretch.phases.total().effective();
        println!("phases of {what}: {total} effective: {}", crate::phases::summary(&stretch.phases));
        for (name, c) in stretch.functions.iter().take(top) {
            let short: String = name.chars().take(110).collect();
            println!("  {:>9}  {short}", c.effective());
        }
    }
}

fn print_profile(elf: &Path, image: &[u8], report: &SimulateReport, samples: u64) {
    let Ok(bytes) = std::fs::read(elf) else { return };
    let symbols = crate::profile::function_symbols(&bytes);
    let Ok(mut machine) = simulator::Machine::new(image) else { return };
    for ((index, _), window) in report.per_tx.iter().zip(&report.windows) {
        println!("profile of tx {index} ({samples} samples, leaf functions):");
        for (share, name) in crate::profile::profile(&mut machine, &report.tape, &symbols, *window, samples).iter().take(12)
        {
            let short: String = name.chars().take(110).collect();
            println!("  {share:5.1}%  {short}");
        }
    }
}
