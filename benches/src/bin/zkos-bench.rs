//! `zkos-bench [--quick] [--out FILE] [--only NAME,…]`: one compact table of the figures that matter, zkos beside revm in
//! the same run: interpreter ratios, a signed ERC-20 block's throughput, and RISC-V cycles per transaction
//! kind. Writes the same table as Markdown (default `BENCHMARKS.md`) with the machine it ran on. Timing is
//! the median of repeated runs; use the criterion benches for confidence intervals.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use zkos_benches::call::zkos_call;
use zkos_benches::{erc20_block, interpreter_cases, or_exit, revm_transact, zkos_execute};

/// Most runs per figure; `ZKOS_BENCH_MAX_RUNS` raises it (e.g. to give a profiler enough samples).
fn max_runs() -> usize {
    std::env::var("ZKOS_BENCH_MAX_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000)
}

/// Median wall time of `run` over repeated runs within `budget` (at least 3), each on a fresh input from
/// `prepare`, which is not timed (cloning a pre-state is the harness's work, not the system's).
fn median_prepared<T>(budget: Duration, mut prepare: impl FnMut() -> T, mut run: impl FnMut(T)) -> Duration {
    let start = Instant::now();
    let mut times = Vec::new();
    let cap = max_runs();
    while times.len() < 3 || (start.elapsed() < budget && times.len() < cap) {
        let input = prepare();
        let t = Instant::now();
        run(input);
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

/// Median wall times of `f` and `g`, run alternately (batches of equal length) so that load from other
/// processes weighs on both sides alike and the ratio stays meaningful on a busy machine.
fn median_pair(budget: Duration, mut f: impl FnMut(), mut g: impl FnMut()) -> (Duration, Duration) {
    // Batch so each timed sample lasts at least ~20 µs, well above the clock's resolution.
    let probe = Instant::now();
    f();
    let batch = (20_000 / probe.elapsed().as_nanos().max(1)).clamp(1, 1000) as u32;
    let start = Instant::now();
    let (mut fs, mut gs) = (Vec::new(), Vec::new());
    let cap = max_runs();
    // `ZKOS_BENCH_SIDE=zkos` (or `revm`) runs one side only, e.g. under `perf stat`.
    let side = std::env::var("ZKOS_BENCH_SIDE").unwrap_or_default();
    let (run_f, run_g) = (side != "revm", side != "zkos");
    while fs.len() < 3 || (start.elapsed() < budget * 2 && fs.len() < cap) {
        let t = Instant::now();
        for _ in 0..batch {
            if run_f {
                f();
            }
        }
        fs.push(t.elapsed() / batch);
        let t = Instant::now();
        for _ in 0..batch {
            if run_g {
                g();
            }
        }
        gs.push(t.elapsed() / batch);
    }
    fs.sort();
    gs.sort();
    (fs[fs.len() / 2], gs[gs.len() / 2])
}

/// `interp snailtracer   zkos/revm 0.93   (… µs vs … µs)`.
fn ratio_line(kind: &str, name: &str, zkos: Duration, revm: Duration) -> String {
    format!(
        "{kind:<6} {name:<28} zkos/revm {:.2}   ({:.1} µs vs {:.1} µs)",
        zkos.as_secs_f64() / revm.as_secs_f64(),
        zkos.as_secs_f64() * 1e6,
        revm.as_secs_f64() * 1e6
    )
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string()))
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    format!("{cpu}, {cores} cores")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let out = args.iter().position(|a| a == "--out").and_then(|i| args.get(i + 1)).cloned().unwrap_or_else(|| "BENCHMARKS.md".into());
    // `--only a,b`: run only the figures whose names contain one of the words (interpreter case names,
    // `block`, `cycles`), e.g. to profile one case.
    let only: Option<Vec<String>> = args.iter().position(|a| a == "--only").and_then(|i| args.get(i + 1)).map(|s| s.split(',').map(String::from).collect());
    let wanted = |name: &str| only.as_ref().is_none_or(|words| words.iter().any(|w| name.contains(w.as_str())));
    let budget = if quick { Duration::from_millis(600) } else { Duration::from_secs(3) };
    let mut lines: Vec<String> = Vec::new();
    let mut emit = |line: String| {
        println!("{line}");
        lines.push(line);
    };

    for case in or_exit(interpreter_cases()) {
        let skip_slow = quick && (case.name.contains("snailtracer_ipsilon") || case.name.contains("burntpix"));
        if skip_slow || !wanted(&case.name) {
            continue;
        }
        or_exit(case.check());
        let mut evm = case.revm();
        let revm_tx = case.revm_tx();
        let gas = zkos_benches::call::execution_gas(&case);
        // The call through the frame runner (see `zkos_benches::call`) against revm's transact.
        let (zkos, revm) = median_pair(
            budget,
            || {
                black_box(zkos_call(&case, gas)).ok();
            },
            || {
                black_box(revm_transact(&mut evm, revm_tx.clone())).ok();
            },
        );
        emit(ratio_line("interp", &case.name, zkos, revm));
        // Short calls: also the whole transaction (decoding, hashing, validation, fees, receipt) through
        // the bootloader, where per-transaction work weighs as much as interpretation.
        if zkos < Duration::from_micros(50) || std::env::var_os("ZKOS_BENCH_TX_LINES").is_some() {
            let tx = case.l1_tx();
            let (zkos, revm) = median_pair(
                budget,
                || {
                    black_box(zkos_execute(&case.block, &case.pre, vec![tx.clone()])).ok();
                },
                || {
                    black_box(revm_transact(&mut evm, revm_tx.clone())).ok();
                },
            );
            emit(ratio_line("tx", &case.name, zkos, revm));
        }
    }

    if wanted("block") {
        block_figures(quick, budget, &mut emit);
    }
    if wanted("replay") {
        match replay_figures(budget, &mut emit) {
            Ok(()) => {}
            Err(e) => emit(format!("replay 22244135: not measured ({e})")),
        }
    }
    if wanted("cycles") {
        match cycles() {
            Ok(rows) => rows.into_iter().for_each(&mut emit),
            Err(e) => emit(format!("cycles: not measured ({e})")),
        }
    }


    let mut md = String::new();
    let _ = writeln!(md, "# Benchmarks\n\nOutput of `cargo run --release -p zkos-benches --bin zkos-bench{}` on {}.\n", if quick { " -- --quick" } else { "" }, machine());
    let _ = writeln!(md, "```text\n{}\n```", lines.join("\n"));
    let _ = writeln!(
        md,
        "\nWhat each line measures, the targets, which are missed and why: [`benches/README.md`](benches/README.md#where-zkos-stands)."
    );
    if let Err(e) = std::fs::write(&out, md) {
        eprintln!("cannot write {out}: {e}");
    }
}

/// Throughput of a block of signed ERC-20 transfers from distinct senders through `run_forward`.
fn block_figures(quick: bool, budget: Duration, emit: &mut impl FnMut(String)) {
    let n = if quick { 2_000 } else { 10_000 };
    let block = or_exit(erc20_block(n));
    // Every transfer included, and zkos and revm agree on the block's gas, before anything is timed.
    or_exit(block.check());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let inputs = |txs: &Vec<Vec<u8>>| (block.pre.clone(), txs.clone());
    for threads in [1, cores] {
        let signed = median_prepared(
            budget,
            || inputs(&block.signed),
            |(pre, txs)| {
                black_box(bootloader::forward::run_forward_on_threads(block.block.clone(), pre, txs, threads)).ok();
            },
        );
        emit(format!(
            "block erc20 signed   tps {:.0}   ({n} transfers from distinct senders, sender recovery on {threads} core{})",
            n as f64 / signed.as_secs_f64(),
            if threads == 1 { "" } else { "s" }
        ));
    }
    let unsigned = median_prepared(
        budget,
        || inputs(&block.unsigned),
        |(pre, txs)| {
            black_box(bootloader::run_forward(block.block.clone(), pre, txs)).ok();
        },
    );
    emit(format!("block erc20 unsigned tps {:.0}   (execution only)", n as f64 / unsigned.as_secs_f64()));

    // The whole sequencer step: the block on all cores, then its writes into the state tree the sequencer
    // keeps (built once, before timing, as a running sequencer holds it) and the new state commitment.
    let mut tree = bootloader::proving::commit::state_tree(&block.pre);
    let _ = tree.commitment();
    let whole = median_prepared(
        budget,
        || (tree.clone(), inputs(&block.signed)),
        |(mut tree, (pre, txs))| {
            if let Ok(run) = bootloader::run_forward(block.block.clone(), pre, txs) {
                for (key, value) in bootloader::proving::commit::block_writes(&run.diff) {
                    tree.set(key, value);
                }
                black_box(tree.commitment());
            }
        },
    );
    emit(format!(
        "block erc20 committed tps {:.0}   (signed, all cores, plus the block's writes into the state tree and the new root)",
        n as f64 / whole.as_secs_f64()
    ));
}

/// Mainnet block 22244135: zkos's forward replay against revm on the same transactions and pre-state, and
/// its proving cost per gas in the simulator.
fn replay_figures(budget: Duration, emit: &mut impl FnMut(String)) -> Result<(), String> {
    use zkos_benches::replay::ReplayCase;
    let case = ReplayCase::load(22_244_135).map_err(|e| e.to_string())?;
    case.check().map_err(|e| e.to_string())?;
    let input = &case.input;
    let zkos = median_prepared(
        budget,
        || (input.block.context.clone(), input.pre_state.clone(), input.block.transactions.clone()),
        |(context, pre, txs)| {
            let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
            black_box(bootloader::forward::run_chain_forward::<bootloader::EthereumL1>(context, pre, txs, cores)).ok();
        },
    );
    let revm = median_prepared(budget, || case.revm(), |mut evm| {
        black_box(case.run_revm(&mut evm)).ok();
    });
    emit(format!(
        "replay 22244135 zkos/revm {:.2}   ({:.2} ms vs {:.2} ms for {} transactions; zkos recovers the senders, on all cores)",
        zkos.as_secs_f64() / revm.as_secs_f64(),
        zkos.as_secs_f64() * 1e3,
        revm.as_secs_f64() * 1e3,
        input.block.transactions.len()
    ));
    let (per_gas, effective, gas, bits) = zkos_benches::cycles::replay_cycles_per_gas(input)?;
    let layout = if bits == 0 { "the pre-state in the first leaves".to_string() } else { format!("the pre-state at random leaves of a 2^{bits}-leaf tree") };
    emit(format!("replay 22244135 cycles_per_gas {per_gas:.2}   ({effective} effective cycles for {gas} gas, {layout})"));
    Ok(())
}

/// Effective RISC-V cycles per transaction kind, split by phase, from the example blocks in the simulator.
fn cycles() -> Result<Vec<String>, String> {
    zkos_benches::cycles::cycle_lines()
}
