//! `zkos replay DIR`: replay a real Ethereum block from archive-node RPC dumps under Ethereum L1 rules,
//! check it against the chain (one line per check), optionally prove it in the simulator
//! (`--simulate`); `zkos replay --rpc URL --block N --save DIR` fetches the dumps from a node first.

use std::path::Path;
use std::process::ExitCode;

use bootloader::proving::run_chain_with_witness_in;
use bootloader::EthereumL1;
use serde_json::{json, Value};
use zkos_replay::{replay, Replay, ReplayInput};

use crate::args::ReplayArgs;
use crate::commands::{fail, print_phases, prover_image, write_outputs};
use crate::simulate::{simulate_witnessed, ProverChain, SimulateReport};

/// Runs the command; exit code 0 when every check equals the chain (and, with `--simulate`, both modes
/// agree), 1 on a divergence or mismatch, 2 on bad or incomplete input.
pub fn run(args: &ReplayArgs) -> ExitCode {
    let dir = match (&args.rpc, &args.save, &args.dir) {
        (Some(url), Some(save), _) => {
            let Some(number) = args.block else { return fail(2, "--rpc needs --block") };
            if let Err(e) = zkos_replay::rpc::fetch_block(url, number, save) {
                return fail(2, &e.to_string());
            }
            save.clone()
        }
        (None, _, Some(dir)) => dir.clone(),
        _ => return fail(2, "replay needs a dumps folder, or --rpc URL --block N --save DIR"),
    };
    let input = match ReplayInput::load(&dir, args.fork) {
        Ok(input) => input,
        Err(e) => return fail(2, &e.to_string()),
    };
    let replayed = match replay(&input) {
        Ok(r) => r,
        Err(e) => return fail(1, &e.to_string()),
    };
    if let Some(kind) = args.trace.tracer {
        let context = &input.block.context;
        let traced = crate::tracing::trace_block::<EthereumL1>(kind, context, &input.pre_state, &input.block.transactions)
            .and_then(|text| crate::tracing::emit(&text, args.trace.trace_out.as_deref()));
        if let Err(e) = traced {
            return fail(1, &e);
        }
    }
    let mut document = zkos_replay::report::result_json(&input, &replayed);
    if !args.json {
        for line in zkos_replay::report::lines(&input, &replayed) {
            println!("{line}");
        }
    }
    let mut simulated_ok = true;
    if args.simulate {
        match simulate(&input, &replayed, args) {
            Ok((report, json)) => {
                simulated_ok = report.matches();
                document["simulate"] = json;
            }
            Err(e) => return fail(1, &e),
        }
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&document).unwrap_or_default());
    }
    if let Some(out) = &args.out {
        if let Err(e) = write_json(out, &document) {
            return fail(2, &e);
        }
    }
    if replayed.first_divergence().is_some() || !simulated_ok {
        ExitCode::from(1)
    } else if replayed.incomplete_input() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// Proves the block in the simulator (Ethereum L1 prover image) and prints the cycle lines.
fn simulate(input: &ReplayInput, replayed: &Replay, args: &ReplayArgs) -> Result<(SimulateReport, Value), String> {
    let spinner = crate::progress::spinner("building the Ethereum L1 prover");
    let (elf, image) = prover_image(&args.proving, ProverChain::EthereumL1)?;
    spinner.set_message("recording the witness and simulating the RISC-V program");
    let witnessed = run_chain_with_witness_in::<EthereumL1>(
        crate::simulate::layout(args.tree_bits),
        input.block.context.clone(),
        input.pre_state.clone(),
        input.block.transactions.clone(),
    )
    .map_err(|e| format!("forward run with witness failed: {e}"))?;
    let elf_bytes = std::fs::read(&elf).map_err(|e| format!("{}: {e}", elf.display()))?;
    let report = simulate_witnessed(witnessed, &image, Some(&elf_bytes))?;
    spinner.finish_and_clear();
    write_outputs(&args.proving, &image, &report)?;
    let gas = replayed.run.output.gas_used.max(1);
    let per_gas = report.cycles.effective() as f64 / gas as f64;
    if !args.json {
        crate::commands::print_report(&report);
        let tree = match args.tree_bits {
            0 => "the pre-state in the first leaves".to_string(),
            bits => format!("the pre-state at random leaves of a 2^{bits}-leaf tree"),
        };
        println!("effective cycles per gas: {per_gas:.2} ({} gas; {tree})", replayed.run.output.gas_used);
        if let Some(heap) = report.heap_peak {
            println!("peak heap: {heap} bytes ({:.1} MiB)", heap as f64 / (1 << 20) as f64);
        }
    }
    if let Some(top) = args.proving.phases {
        print_phases(&elf, &image, &report, top);
    }
    let mut json = report.to_json();
    json["cyclesPerGas"] = json!(per_gas);
    json["treeBits"] = json!(args.tree_bits);
    Ok((report, json))
}

fn write_json(path: &Path, value: &Value) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    std::fs::write(path, text + "\n").map_err(|e| format!("cannot write {}: {e}", path.display()))
}
