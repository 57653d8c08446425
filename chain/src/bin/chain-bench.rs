//! `chain-bench [--accounts N] [--senders S] [--blocks B] [--dir DIR] [--no-quick-repair] [--state-before]`: the
//! chain store at scale.
//!
//! Writes a genesis of `N` funded accounts (default 1,000,000) that all hold BenchToken straight into a new
//! store (`zkos_chain::scale::build`), signs `S × B` token transfers (default 5,000 senders × 100 blocks),
//! sequences them into blocks of `S` transfers each, committing every block to disk, and prints one line
//! per figure:
//!
//! ```text
//! chain genesis_accounts N
//! chain genesis_prepare_s X      (addresses and the account list)
//! chain genesis_write_s X        (tables, tree, one commit)
//! chain erc20 tps N              (sustained: sequencing, sender recovery, execution, commits)
//! chain run_ms_per_block X
//! chain commit_ms_per_block X    (state, tree, header, receipts, fsync)
//! chain store_bytes N
//! chain changeset_bytes_per_block X
//! chain state_before_s X         (--state-before: the state and tree before the first block, rebuilt)
//! ```

use std::path::PathBuf;
use std::time::Instant;

use zkos_chain::{scale, StoreOptions};

struct Args {
    accounts: u64,
    senders: u64,
    blocks: u64,
    dir: PathBuf,
    quick_repair: bool,
    state_before: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        accounts: 1_000_000,
        senders: 5_000,
        blocks: 100,
        dir: std::env::temp_dir().join("zkos-chain-bench"),
        quick_repair: true,
        state_before: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--accounts" => args.accounts = value()?.parse().map_err(|e| format!("--accounts: {e}"))?,
            "--senders" => args.senders = value()?.parse().map_err(|e| format!("--senders: {e}"))?,
            "--blocks" => args.blocks = value()?.parse().map_err(|e| format!("--blocks: {e}"))?,
            "--dir" => args.dir = PathBuf::from(value()?),
            "--no-quick-repair" => args.quick_repair = false,
            "--state-before" => args.state_before = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.senders == 0 || args.blocks == 0 || args.accounts < args.senders {
        return Err("need 0 < senders <= accounts and blocks > 0".into());
    }
    Ok(args)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("chain-bench: {e}\nusage: chain-bench [--accounts N] [--senders S] [--blocks B] [--dir DIR] [--no-quick-repair] [--state-before]");
            std::process::exit(2);
        }
    };
    if let Err(e) = run(&args) {
        eprintln!("chain-bench: {e}");
        std::process::exit(1);
    }
}

fn run(args: &Args) -> Result<(), zkos_chain::ChainError> {
    let _ = std::fs::remove_dir_all(&args.dir);
    let options = StoreOptions { quick_repair: args.quick_repair, ..StoreOptions::default() };
    let state = scale::build(&args.dir, args.accounts, args.senders, options)?;
    let genesis_bytes = state.chain.file_size()?;
    println!("chain genesis_accounts {} (token holders {})", state.accounts.len() + 1, state.accounts.len());
    println!("chain genesis_prepare_s {:.2}", state.prepare_time.as_secs_f64());
    println!("chain genesis_write_s {:.2}", state.write_time.as_secs_f64());
    println!("chain genesis_store_bytes {genesis_bytes}");

    let signing = Instant::now();
    let txs = scale::transfers(&state.accounts, args.senders, args.blocks, 1)?;
    eprintln!("signed {} transfers in {:.1} s", txs.len(), signing.elapsed().as_secs_f64());

    let mut chain = state.chain;
    let gas_limit = args.senders * zkos_chain::workload::ERC20_TRANSFER_GAS;
    let report = chain.sequence(txs, gas_limit, 1, |p| {
        if p.blocks % 10 == 0 {
            eprintln!(
                "block {}: {} txs, run {:.0} ms, commit {:.0} ms ({:.0} tx/s so far)",
                p.block.header.number,
                p.block.output.receipts.len(),
                p.block.run_time.as_secs_f64() * 1e3,
                p.block.commit_time.as_secs_f64() * 1e3,
                p.included as f64 / p.elapsed.as_secs_f64()
            );
        }
    })?;
    if report.rejected > 0 || !report.skipped.is_empty() {
        eprintln!("warning: {} rejected, {} skipped", report.rejected, report.skipped.len());
    }
    println!("chain blocks {} txs {}", report.blocks, report.included);
    println!("chain erc20 tps {:.0}", report.tx_per_second());
    println!("chain run_ms_per_block {:.1}", report.run_time.as_secs_f64() * 1e3 / report.blocks.max(1) as f64);
    println!("chain commit_ms_per_block {:.1}", report.commit_ms_per_block());
    println!("chain store_bytes {}", chain.file_size()?);
    let head = chain.head()?.number;
    let mut changeset_bytes = 0usize;
    for n in 1..=head {
        changeset_bytes += chain.changeset(n)?.map(|c| c.encode().len()).unwrap_or(0);
    }
    println!("chain changeset_bytes_per_block {:.0}", changeset_bytes as f64 / head.max(1) as f64);
    if args.state_before {
        let rebuilding = Instant::now();
        let (state, mut tree) = chain.state_before(1)?;
        let seconds = rebuilding.elapsed().as_secs_f64();
        println!("chain state_before_s {seconds:.2} (accounts {}, leaves {})", state.accounts.len(), tree.commitment().next_free);
    }
    let checking = Instant::now();
    let check = chain.check(false)?;
    eprintln!("quick check of head {} in {:.2} s", check.head, checking.elapsed().as_secs_f64());
    Ok(())
}
