//! `zkos chain …`: a chain in a persistent store (zkos-chain, on redb): `init` from a genesis block file,
//! `apply` block files, `sequence` signed transactions into blocks, and read `status`, `account` and
//! `receipts`. Exit codes: 0 done, 1 a store failure, 2 bad usage or input refused (the store unchanged).

use std::io::BufReader;
use std::path::Path;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use primitives::{encode_hex, Address, U256};
use serde_json::{json, Value};
use zkos_chain::{Chain, ChainError};

use crate::commands::fail;

/// The `chain` subcommands.
#[derive(Debug, Subcommand)]
pub enum ChainCommand {
    /// Create a chain from a genesis block file (its `alloc` is the state, its `env` the genesis block).
    #[command(after_help = "Example:\n  zkos chain init --db chain-db --genesis genesis.json")]
    Init {
        /// The store's folder (created).
        #[arg(long, value_name = "DIR")]
        db: std::path::PathBuf,
        /// The genesis block file (no transactions).
        #[arg(long, value_name = "GENESIS.json")]
        genesis: std::path::PathBuf,
    },
    /// Apply block files on the head, in order, each committed atomically with its receipts.
    #[command(after_help = "Example:\n  zkos chain apply --db chain-db block1.json block2.json")]
    Apply {
        /// The store.
        #[arg(long, value_name = "DIR")]
        db: std::path::PathBuf,
        /// Block files (`alloc` absent or ignored); each must extend the head.
        #[arg(required = true)]
        blocks: Vec<std::path::PathBuf>,
    },
    /// The head: number, hash, state root, next free leaf.
    #[command(after_help = "Example:\n  zkos chain status --db chain-db --json")]
    Status(DbJson),
    /// An account at the head, and the storage slots asked for.
    #[command(after_help = "Example:\n  zkos chain account --db chain-db 0x7e5f4552091a69125d5dfcb7b8c2659029395bdf 0x0")]
    Account {
        /// The store and output format.
        #[command(flatten)]
        db: DbJson,
        /// The address.
        address: String,
        /// Storage slots (0x hex).
        slots: Vec<String>,
    },
    /// The receipts (and rejections) of block N.
    #[command(after_help = "Example:\n  zkos chain receipts --db chain-db 1 --json")]
    Receipts {
        /// The store and output format.
        #[command(flatten)]
        db: DbJson,
        /// Block number.
        number: u64,
    },
    /// Pack signed transactions (one 0x… per line) into blocks up to the gas limit; apply and commit each.
    #[command(after_help = "Example:\n  zkos chain sequence --db chain-db --txs txs.jsonl --block-gas-limit 30000000")]
    Sequence {
        /// The store.
        #[arg(long, value_name = "DIR")]
        db: std::path::PathBuf,
        /// The transactions file.
        #[arg(long, value_name = "TXS.jsonl")]
        txs: std::path::PathBuf,
        /// Gas limit of each block (the transactions' gas limits count in full).
        #[arg(long, value_name = "G", default_value_t = 30_000_000)]
        block_gas_limit: u64,
        /// Seconds between blocks' timestamps.
        #[arg(long, value_name = "S", default_value_t = 1)]
        block_time: u64,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Re-execute blocks A..B from the store as one batch in the RISC-V simulator.
    #[command(after_help = "Example:\n  zkos chain prove --db chain-db --from 1 --to 10")]
    Prove(crate::chain_prove::ProveArgs),
}

/// `--db DIR [--json]`.
#[derive(Debug, Args)]
pub struct DbJson {
    /// The store.
    #[arg(long, value_name = "DIR")]
    pub db: std::path::PathBuf,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs a `chain` subcommand.
pub fn run(command: &ChainCommand) -> ExitCode {
    let result = match command {
        ChainCommand::Init { db, genesis } => init(db, genesis),
        ChainCommand::Apply { db, blocks } => apply(db, blocks),
        ChainCommand::Status(args) => status(args),
        ChainCommand::Account { db, address, slots } => account(db, address, slots),
        ChainCommand::Receipts { db, number } => receipts(db, *number),
        ChainCommand::Sequence { db, txs, block_gas_limit, block_time, json } => {
            sequence(db, txs, *block_gas_limit, *block_time, *json)
        }
        ChainCommand::Prove(args) => return crate::chain_prove::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(message)) => fail(2, &message),
        Err(Failure::Store(message)) => fail(1, &message),
    }
}

/// Why a command failed: refused input (exit 2) or the store (exit 1).
enum Failure {
    Input(String),
    Store(String),
}

impl From<ChainError> for Failure {
    fn from(e: ChainError) -> Self {
        if e.is_rejection() {
            Failure::Input(e.to_string())
        } else {
            Failure::Store(e.to_string())
        }
    }
}

fn read_block(path: &Path) -> Result<fixtures::BlockFile, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?;
    fixtures::parse_block_file(&text).map_err(|e| Failure::Input(format!("{}: {e}", path.display())))
}

fn init(db: &Path, genesis: &Path) -> Result<(), Failure> {
    let file = read_block(genesis)?;
    let chain = zkos_chain::init(db, &file)?;
    let s = chain.status()?;
    println!("genesis block {} {} state root {} (next free leaf {})", s.number, s.hash, s.state_root, s.next_free_index);
    Ok(())
}

fn apply(db: &Path, blocks: &[std::path::PathBuf]) -> Result<(), Failure> {
    let mut chain = Chain::open(db)?;
    for path in blocks {
        let file = read_block(path)?;
        let applied = chain.apply(&file).map_err(|e| match Failure::from(e) {
            Failure::Input(m) => Failure::Input(format!("{}: {m} (the store is unchanged)", path.display())),
            other => other,
        })?;
        let out = &applied.output;
        println!(
            "block {} {}: {} included, {} rejected, {} gas, state root {}",
            applied.header.number,
            applied.hash,
            out.receipts.len(),
            out.rejected.len(),
            out.gas_used,
            applied.header.state_root
        );
    }
    Ok(())
}

fn status(args: &DbJson) -> Result<(), Failure> {
    let s = Chain::open(&args.db)?.status()?;
    if args.json {
        println!(
            "{}",
            json!({"number": s.number, "hash": s.hash.to_string(), "stateRoot": s.state_root.to_string(),
                "nextFreeIndex": s.next_free_index})
        );
    } else {
        println!("head {} {} state root {} next free leaf {}", s.number, s.hash, s.state_root, s.next_free_index);
    }
    Ok(())
}

fn quantity(s: &str, what: &str) -> Result<U256, Failure> {
    fixtures::json::quantity(&Value::String(s.to_string()), what).map_err(|e| Failure::Input(e.to_string()))
}

fn account(db: &DbJson, address: &str, slots: &[String]) -> Result<(), Failure> {
    let address = Address::from_hex(address).map_err(|e| Failure::Input(format!("bad address {address:?}: {e}")))?;
    let slots: Vec<U256> = slots.iter().map(|s| quantity(s, "slot")).collect::<Result<_, _>>()?;
    let state = Chain::open(&db.db)?.account(&address, &slots)?;
    let storage: serde_json::Map<String, Value> =
        state.storage.iter().map(|(k, v)| (format!("{k:#x}"), Value::String(format!("{v:#x}")))).collect();
    let document = match &state.record {
        Some(r) => json!({"address": address.to_string(), "exists": true, "nonce": r.nonce,
            "balance": format!("{:#x}", r.balance), "codeHash": r.code_hash.to_string(), "codeSize": state.code_len,
            "eeType": r.ee_type.0, "storage": storage}),
        None => json!({"address": address.to_string(), "exists": false, "storage": storage}),
    };
    if db.json {
        println!("{document}");
    } else if let Some(r) = &state.record {
        println!("{address}: nonce {} balance {} code {} bytes", r.nonce, r.balance, state.code_len);
        for (k, v) in &state.storage {
            println!("  slot {k:#x} = {v:#x}");
        }
    } else {
        println!("{address}: no such account");
    }
    Ok(())
}

fn receipts(db: &DbJson, number: u64) -> Result<(), Failure> {
    let chain = Chain::open(&db.db)?;
    let Some(receipts) = chain.receipts(number)? else {
        return Err(Failure::Input(format!("no block {number} in the store")));
    };
    let rejected = chain.rejected(number)?.unwrap_or_default();
    let items: Vec<Value> = receipts
        .iter()
        .map(|r| {
            let status = ["success", "reverted", "halted"].get(r.status as usize).copied().unwrap_or("?");
            json!({"txIndex": r.tx_index, "txHash": r.tx_hash.to_string(), "type": r.tx_type,
                "status": status,
                "gasUsed": r.gas_used, "cumulativeGasUsed": r.cumulative_gas_used, "output": encode_hex(&r.output),
                "contractAddress": r.contract_address.map(|a| a.to_string()), "logs": r.logs.len()})
        })
        .collect();
    let rejected: Vec<Value> = rejected.iter().map(|r| json!({"index": r.index, "error": r.reason})).collect();
    if db.json {
        println!("{}", json!({"block": number, "receipts": items, "rejected": rejected}));
    } else {
        for r in &receipts {
            println!("tx {}: status {} gas {} (cumulative {})", r.tx_index, r.status, r.gas_used, r.cumulative_gas_used);
        }
        for r in &rejected {
            println!("rejected {}", r);
        }
    }
    Ok(())
}

fn sequence(db: &Path, txs: &Path, gas_limit: u64, block_time: u64, json: bool) -> Result<(), Failure> {
    let file = std::fs::File::open(txs).map_err(|e| Failure::Input(format!("{}: {e}", txs.display())))?;
    let lines: Vec<Vec<u8>> = zkos_chain::workload::read_tx_lines(BufReader::new(file))
        .collect::<Result<_, _>>()
        .map_err(|e| Failure::Input(format!("{}: {e}", txs.display())))?;
    let mut chain = Chain::open(db)?;
    let bar = crate::progress::bar(lines.len() as u64, "transactions", !json);
    let total = lines.len() as u64;
    let report = chain.sequence(lines, gas_limit, block_time, |p| {
        bar.set_position(p.included.min(total));
        bar.set_message(format!("block {}", p.block.header.number));
    })?;
    bar.finish_and_clear();
    let tps = report.tx_per_second();
    if json {
        println!(
            "{}",
            json!({"blocks": report.blocks, "included": report.included, "rejected": report.rejected,
                "skipped": report.skipped.len(), "gasUsed": report.gas_used, "seconds": report.elapsed.as_secs_f64(),
                "txPerSecond": tps, "commitMsPerBlock": report.commit_ms_per_block()})
        );
    } else {
        for s in &report.skipped {
            println!("skipped transaction {}: {}", s.position, s.reason);
        }
        println!(
            "{} blocks, {} transactions included, {} rejected, {} skipped; {:.0} tx/s sustained ({:.1} ms commit per block)",
            report.blocks,
            report.included,
            report.rejected,
            report.skipped.len(),
            tps,
            report.commit_ms_per_block()
        );
    }
    Ok(())
}
