//! The command line, declared with clap: one subcommand per job, the same flag names for the same things
//! everywhere (`--fork`, `--json`, `--out`, `--phases`, `--witness-out`, `--bin-out`), examples in every
//! `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use primitives::Fork;

/// zkos: a state transition function for a ZK rollup, forward and proving mode.
#[derive(Debug, Parser)]
#[command(name = "zkos", version, propagate_version = true)]
pub struct Cli {
    /// The job.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Execute a block file in forward mode: receipts, rejections, post-state and state commitment.
    #[command(after_help = "Examples:\n  zkos run examples/blocks/erc20.json\n  \
        zkos run examples/blocks/erc20.json --out result.json --fork Prague\n  \
        zkos run examples/blocks/erc20.json --tracer callTracer:withLog --trace-out calls.json")]
    Run(RunArgs),
    /// Run Ethereum state tests (files or folders) through the real bootloader.
    #[command(after_help = "Examples:\n  zkos statetest ../shared/ethtests/eest-osaka\n  \
        zkos statetest --fork Cancun ../shared/ethtests/ethtests-cancun\n  \
        zkos statetest --trace some_test.json 2> trace.jsonl")]
    Statetest(StatetestArgs),
    /// Run a block forward with its witness, then the RISC-V proving program in the simulator: public
    /// input match and cycles.
    #[command(after_help = "Examples:\n  zkos simulate examples/blocks/erc20.json\n  \
        zkos simulate examples/blocks/erc20.json --phases 8\n  \
        zkos simulate examples/blocks/erc20.json --json --witness-out erc20.tape --bin-out zkos-prover.bin")]
    Simulate(SimulateArgs),
    /// Replay a real Ethereum block from archive-node RPC dumps and check it against the chain.
    #[command(after_help = "Examples:\n  zkos replay ../shared/mainnet/22244135\n  \
        zkos replay ../shared/mainnet/22244135 --out result.json\n  \
        zkos replay ../shared/mainnet/22244135 --simulate --phases 5\n  \
        zkos replay ../shared/mainnet/22244135 --tracer callTracer --trace-out calltrace.json\n  \
        zkos replay --rpc http://localhost:8545 --block 22244135 --save blocks/22244135")]
    Replay(ReplayArgs),
    /// A chain in a persistent store: init, apply, sequence, status, account, receipts, prove.
    #[command(subcommand)]
    Chain(crate::chain::ChainCommand),
    /// geth's `evm t8n`: apply transactions to a pre-state under Ethereum L1's block rules (the real
    /// bootloader, EVM only) and write the post-state and the result (roots, receipts, rejections).
    #[command(after_help = "Examples:\n  \
        zkos t8n --input.alloc alloc.json --input.env env.json --input.txs txs.json --state.fork Prague\n  \
        zkos t8n --input.txs txs.rlp --state.fork Osaka --state.reward -1 --output.basedir out --output.body body.rlp\n  \
        zkos t8n --input.alloc stdin --input.env stdin --input.txs stdin --output.result stdout --output.alloc stdout < input.json\n\n\
        Exit codes (geth's): 0 success, 2 the block failed, 3 bad configuration (fork, env), 4 BLOCKHASH of a\n\
        block missing from env.blockHashes, 10 bad JSON, 11 a file cannot be read or written, 12 bad RLP.")]
    T8n(T8nArgs),
}

/// `--tracer NAME` and `--trace-out FILE`, shared by `run`, `replay` and `t8n`.
#[derive(Debug, Args, Clone, Default)]
pub struct TraceArgs {
    /// Trace the block: callTracer, callTracer:withLog, prestateTracer, prestateTracer:diffMode (geth's
    /// `[{txHash, result}]`) or eip3155 (a JSON line per instruction).
    #[arg(long, value_name = "NAME", value_parser = parse_tracer)]
    pub tracer: Option<zkos_tracers::TracerKind>,
    /// Write the trace here instead of stdout.
    #[arg(long, value_name = "FILE", requires = "tracer")]
    pub trace_out: Option<PathBuf>,
}

fn parse_tracer(s: &str) -> Result<zkos_tracers::TracerKind, String> {
    s.parse().map_err(|e: zkos_tracers::UnknownTracer| e.to_string())
}

/// A fork name, case-insensitive.
fn parse_fork(s: &str) -> Result<Fork, String> {
    s.parse::<Fork>().map_err(|e| e.to_string())
}

/// `zkos run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The block file (`env`, `alloc`, `txs`).
    pub block: PathBuf,
    /// Write the result document (receipts, rejections, post-state `alloc`, commitment) here.
    #[arg(long, value_name = "RESULT.json")]
    pub out: Option<PathBuf>,
    /// Run under this fork instead of the file's `env.fork` (Osaka, Prague, Cancun).
    #[arg(long, value_parser = parse_fork)]
    pub fork: Option<Fork>,
    /// Print the result document on stdout instead of the summary.
    #[arg(long)]
    pub json: bool,
    /// Tracing.
    #[command(flatten)]
    pub trace: TraceArgs,
}

/// `zkos statetest`.
#[derive(Debug, Args)]
pub struct StatetestArgs {
    /// Fixture files or folders.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The fork whose post entries run.
    #[arg(long, value_parser = parse_fork, default_value = "Osaka")]
    pub fork: Fork,
    /// One JSON object per entry instead of text.
    #[arg(long)]
    pub json: bool,
    /// Write an EIP-3155 trace of every entry run to stderr (single-threaded).
    #[arg(long, conflicts_with = "trace_out")]
    pub trace: bool,
    /// Write the EIP-3155 trace to this file instead.
    #[arg(long, value_name = "FILE")]
    pub trace_out: Option<PathBuf>,
}

/// Options shared by the commands that run the proving program.
#[derive(Debug, Args, Clone, Default)]
pub struct ProvingArgs {
    /// Split each transaction's cycles by phase and list its N costliest functions.
    #[arg(long, value_name = "N")]
    pub phases: Option<usize>,
    /// Write the witness tape (Airbender's input format) here.
    #[arg(long, value_name = "FILE")]
    pub witness_out: Option<PathBuf>,
    /// Write the flat program image (Airbender's `--bin`) here.
    #[arg(long, value_name = "FILE")]
    pub bin_out: Option<PathBuf>,
    /// Use this prover ELF instead of building it.
    #[arg(long, value_name = "FILE")]
    pub elf: Option<PathBuf>,
}

/// `zkos simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// The block file.
    pub block: PathBuf,
    /// Run under this fork instead of the file's `env.fork`.
    #[arg(long, value_parser = parse_fork)]
    pub fork: Option<Fork>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Sample N program counters per transaction and print the hottest functions.
    #[arg(long, value_name = "N")]
    pub profile: Option<u64>,
    /// Place the pre-state at random leaves of a tree already holding 2^N leaves (0, the default: in the
    /// first leaves).
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=63))]
    pub tree_bits: u8,
    /// Options of the proving run.
    #[command(flatten)]
    pub proving: ProvingArgs,
}

/// `zkos replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The folder of RPC dumps (`block.json`, `prestatetrace.json`, optional `receipts.json`,
    /// `difftrace.json`, `calltrace.json`, `block_hashes.json`).
    #[arg(required_unless_present = "rpc")]
    pub dir: Option<PathBuf>,
    /// Write the result document (receipts, roots, checks, post-state `alloc`) here.
    #[arg(long, value_name = "RESULT.json")]
    pub out: Option<PathBuf>,
    /// Print the result document instead of one line per check.
    #[arg(long)]
    pub json: bool,
    /// Replay under this fork instead of mainnet's schedule for the block's timestamp.
    #[arg(long, value_parser = parse_fork)]
    pub fork: Option<Fork>,
    /// Also prove the block in the RISC-V simulator and report cycles.
    #[arg(long)]
    pub simulate: bool,
    /// With --simulate: place the pre-state at random leaves of a tree already holding 2^N leaves (0: in
    /// the first leaves), so that Merkle proofs cost what they cost on a real chain's state.
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(u8).range(0..=63))]
    pub tree_bits: u8,
    /// Options of the proving run.
    #[command(flatten)]
    pub proving: ProvingArgs,
    /// Fetch the dumps from this archive node's JSON-RPC endpoint first.
    #[arg(long, value_name = "URL", requires_all = ["block", "save"])]
    pub rpc: Option<String>,
    /// With --rpc: the block number.
    #[arg(long, value_name = "N")]
    pub block: Option<u64>,
    /// With --rpc: the folder to save the dumps in (then replayed).
    #[arg(long, value_name = "DIR")]
    pub save: Option<PathBuf>,
    /// Tracing.
    #[command(flatten)]
    pub trace: TraceArgs,
}

/// `zkos t8n`: geth's flag names (with dots) and defaults.
#[derive(Debug, Args)]
pub struct T8nArgs {
    /// Tracing (the trace goes to `--trace-out`, relative to nothing, or stdout).
    #[command(flatten)]
    pub trace: TraceArgs,
    /// The pre-state alloc file, or `stdin`.
    #[arg(long = "input.alloc", value_name = "FILE", default_value = "alloc.json")]
    pub input_alloc: String,
    /// The env file, or `stdin`.
    #[arg(long = "input.env", value_name = "FILE", default_value = "env.json")]
    pub input_env: String,
    /// The transactions file (a JSON array, or a JSON string holding an RLP list, as `txs.rlp`), or `stdin`.
    #[arg(long = "input.txs", value_name = "FILE", default_value = "txs.json")]
    pub input_txs: String,
    /// The fork: Cancun, Prague or Osaka.
    #[arg(long = "state.fork", value_name = "FORK", default_value = "Osaka")]
    pub fork: String,
    /// The chain id.
    #[arg(long = "state.chainid", value_name = "ID", default_value_t = 1)]
    pub chain_id: u64,
    /// The block reward in wei; -1 for none. Every supported fork is post-Merge, where there is no block
    /// reward: a value of 0 or more is accepted and ignored, as the execution specs' t8n does.
    #[arg(long = "state.reward", value_name = "WEI", default_value_t = 0, allow_negative_numbers = true)]
    pub reward: i64,
    /// The folder the output files are written to (created if missing).
    #[arg(long = "output.basedir", value_name = "DIR", default_value = ".")]
    pub output_basedir: String,
    /// The result file name (in the basedir), `stdout` or `stderr`.
    #[arg(long = "output.result", value_name = "NAME", default_value = "result.json")]
    pub output_result: String,
    /// The post-state alloc file name (in the basedir), `stdout` or `stderr`.
    #[arg(long = "output.alloc", value_name = "NAME", default_value = "alloc.json")]
    pub output_alloc: String,
    /// The body file name (the RLP list of included transactions, as a JSON hex string), `stdout` or
    /// `stderr`; not written when absent.
    #[arg(long = "output.body", value_name = "NAME")]
    pub output_body: Option<String>,
}
