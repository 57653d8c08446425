//! The `zkos` binary: argument parsing and exit codes; the work is in the library.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  zkos run BLOCK.json [--out RESULT.json]                     execute a block in forward mode
  zkos statetest [--fork Prague|Cancun] [--json] PATH...      run Ethereum state tests (files or folders)
      [--trace | --trace-out FILE]                            with an EIP-3155 trace of every entry run, as
                                                              `ethereum-spec-evm statetest --json` prints it:
                                                              a JSON line per instruction, the transaction's
                                                              {output, gasUsed} line and a {stateRoot} line;
                                                              to stderr (--trace) or FILE; single-threaded
  zkos simulate BLOCK.json [--json] [--witness-out FILE] [--bin-out FILE] [--elf FILE] [--profile N] [--phases N]
                                                              prove the block in the RISC-V simulator";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => cmd_run(&args[1..]),
        Some("statetest") => cmd_statetest(&args[1..]),
        Some("simulate") => cmd_simulate(&args[1..]),
        Some("-h") | Some("--help") | None => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("zkos: unknown command {other:?}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn cmd_run(args: &[String]) -> ExitCode {
    let mut file = None;
    let mut out = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--out" => match it.next() {
                Some(path) => out = Some(PathBuf::from(path)),
                None => return usage_error("--out needs a file name"),
            },
            flag if flag.starts_with("--") => return usage_error(&format!("unknown flag {flag}")),
            path if file.is_none() => file = Some(PathBuf::from(path)),
            extra => return usage_error(&format!("unexpected argument {extra:?}")),
        }
    }
    let Some(file) = file else { return usage_error("run needs a block file") };
    match zkos_cli::run::run_block_file(&file) {
        Ok((_, json, summary)) => {
            print!("{summary}");
            if let Some(out) = out {
                let text = serde_json::to_string_pretty(&json).unwrap_or_default();
                if let Err(e) = std::fs::write(&out, text + "\n") {
                    eprintln!("zkos: cannot write {}: {e}", out.display());
                    return ExitCode::from(2);
                }
                println!("result written to {}", out.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("zkos: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("zkos: {message}\n{USAGE}");
    ExitCode::from(2)
}

fn cmd_statetest(args: &[String]) -> ExitCode {
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let mut options =
        zkos_cli::statetest::StateTestOptions { fork: primitives::Fork::Prague, json: false, threads, trace: None };
    let mut paths = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--fork" => match it.next().map(|f| f.parse::<primitives::Fork>()) {
                Some(Ok(fork)) => options.fork = fork,
                _ => return usage_error("--fork needs Prague or Cancun"),
            },
            "--json" => options.json = true,
            "--trace" => options.trace = Some(zkos_cli::statetest::TraceTarget::Stderr),
            "--trace-out" => match it.next() {
                Some(path) => options.trace = Some(zkos_cli::statetest::TraceTarget::File(PathBuf::from(path))),
                None => return usage_error("--trace-out needs a file name"),
            },
            flag if flag.starts_with("--") => return usage_error(&format!("unknown flag {flag}")),
            path => paths.push(PathBuf::from(path)),
        }
    }
    if paths.is_empty() {
        return usage_error("statetest needs at least one file or folder");
    }
    match zkos_cli::statetest::run_state_tests(&paths, &options) {
        Ok(totals) if totals.failed == 0 => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(e) => {
            eprintln!("zkos: {e}");
            ExitCode::from(2)
        }
    }
}

fn cmd_simulate(args: &[String]) -> ExitCode {
    let (mut file, mut json, mut witness_out, mut bin_out, mut elf) = (None, false, None, None, None);
    let mut profile_samples = 0u64;
    let mut phases_top: Option<usize> = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--profile" => match it.next().and_then(|n| n.parse().ok()) {
                Some(n) => profile_samples = n,
                None => return usage_error("--profile needs a sample count"),
            },
            "--phases" => match it.next().and_then(|n| n.parse().ok()) {
                Some(n) => phases_top = Some(n),
                None => return usage_error("--phases needs a function count"),
            },
            "--witness-out" | "--bin-out" | "--elf" => {
                let Some(value) = it.next() else { return usage_error(&format!("{arg} needs a file name")) };
                let slot = match arg.as_str() {
                    "--witness-out" => &mut witness_out,
                    "--bin-out" => &mut bin_out,
                    _ => &mut elf,
                };
                *slot = Some(PathBuf::from(value));
            }
            flag if flag.starts_with("--") => return usage_error(&format!("unknown flag {flag}")),
            path if file.is_none() => file = Some(PathBuf::from(path)),
            extra => return usage_error(&format!("unexpected argument {extra:?}")),
        }
    }
    let Some(file) = file else { return usage_error("simulate needs a block file") };
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) => return fail(2, &format!("{}: {e}", file.display())),
    };
    let block = match zkos_cli::parse_block_file(&text) {
        Ok(b) => b,
        Err(e) => return fail(2, &format!("{}: {e}", file.display())),
    };
    let elf = match elf.map(Ok).unwrap_or_else(zkos_cli::simulate::build_prover) {
        Ok(p) => p,
        Err(e) => return fail(1, &e),
    };
    let image = match zkos_cli::simulate::load_image(&elf) {
        Ok(i) => i,
        Err(e) => return fail(1, &e),
    };
    let report = match zkos_cli::simulate::simulate_block(&block, &image) {
        Ok(r) => r,
        Err(e) => return fail(1, &e),
    };
    if let Some(path) = bin_out {
        if let Err(e) = std::fs::write(&path, &image) {
            return fail(2, &format!("{}: {e}", path.display()));
        }
    }
    if let Some(path) = witness_out {
        if let Err(e) = simulator::tape::write_file(&path, &report.tape) {
            return fail(2, &format!("{}: {e}", path.display()));
        }
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&report.to_json()).unwrap_or_default());
    } else {
        let c = &report.cycles;
        println!("public input (forward): {}", zkos_cli::simulate::words_hex(&report.forward));
        match &report.proving {
            Ok(w) => println!("public input (RISC-V):  {}", zkos_cli::simulate::words_hex(w)),
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
    }
    if profile_samples > 0 {
        print_profile(&elf, &image, &report, profile_samples);
    }
    if let Some(top) = phases_top {
        print_phases(&elf, &image, &report, top);
    }
    if report.matches() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

fn fail(code: u8, message: &str) -> ExitCode {
    eprintln!("zkos: {message}");
    ExitCode::from(code)
}

/// Exact cycles per phase of each transaction, and its `top` functions by self cycles.
fn print_phases(elf: &std::path::Path, image: &[u8], report: &zkos_cli::simulate::SimulateReport, top: usize) {
    let phases = std::fs::read(elf).map_err(|e| e.to_string()).and_then(|bytes| zkos_cli::phases::phase_breakdown(&bytes, image, report));
    let phases = match phases {
        Ok(p) => p,
        Err(e) => return println!("phases: {e}"),
    };
    let txs = phases.per_tx.iter().zip(&report.per_tx).map(|(s, (i, _))| (format!("tx {i}"), s));
    let ends = [("setup".to_string(), &phases.setup), ("the commitment".to_string(), &phases.commitment)];
    for (what, stretch) in txs.chain(ends) {
        let total = stretch.phases.total().effective();
        println!("phases of {what}: {total} effective: {}", zkos_cli::phases::summary(&stretch.phases));
        for (name, c) in stretch.functions.iter().take(top) {
            let short: String = name.chars().take(110).collect();
            println!("  {:>9}  {short}", c.effective());
        }
    }
}

fn print_profile(elf: &std::path::Path, image: &[u8], report: &zkos_cli::simulate::SimulateReport, samples: u64) {
    let Ok(bytes) = std::fs::read(elf) else { return };
    let symbols = zkos_cli::profile::function_symbols(&bytes);
    let Ok(mut machine) = simulator::Machine::new(image) else { return };
    for ((index, _), window) in report.per_tx.iter().zip(&report.windows) {
        println!("profile of tx {index} ({samples} samples, leaf functions):");
        for (share, name) in zkos_cli::profile::profile(&mut machine, &report.tape, &symbols, *window, samples).iter().take(12) {
            let short: String = name.chars().take(110).collect();
            println!("  {share:5.1}%  {short}");
        }
    }
}
