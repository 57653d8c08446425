//! `zkos t8n`: geth's `evm t8n` state-transition interface on the real bootloader, under Ethereum L1's
//! block rules ([`bootloader::EthereumL1`]: the EVM alone; the EIP-4788 and EIP-2935 system calls,
//! withdrawals and the EIP-7685 requests), so that Ethereum's test fillers and differential fuzzers can
//! drive zkos as they drive geth or the execution specs.
//!
//! Flow: [`input`] reads alloc, env and txs (files or one stdin object) → [`env`](mod@env) builds the block context
//! (deriving the base fee, the excess blob gas and the parent hash where geth does) → [`tx_json`] or
//! [`tx_rlp`] turns the transactions into envelopes (signing those with a `secretKey`) → [`exec`] runs the
//! block → [`result`] and [`output`] write geth's `result`, `alloc` and `body`.
//!
//! Exit codes are geth's ([`error::ErrorKind`]): 2 the block failed, 3 bad configuration, 4 a BLOCKHASH of
//! a block the env does not hold, 10 bad JSON, 11 I/O, 12 bad RLP.
//!
//! `--state.reward`: every fork zkos runs is post-Merge, where a block has no reward; `-1` (none) and any
//! other value are accepted, and a positive reward is ignored with a note on stderr, as the execution
//! specs' t8n ignores it for proof-of-stake forks (geth would credit it, which no post-Merge block does).

pub mod env;
pub mod error;
pub mod exec;
pub mod input;
pub mod output;
pub mod result;
pub mod tx_json;
pub mod tx_rlp;

use std::process::ExitCode;

use primitives::{encode_hex, Fork};
use serde_json::Value;

use crate::args::T8nArgs;
use error::T8nError;
use input::TxsInput;
use output::Destinations;
use result::RejectedTx;

/// What a transition produced.
#[derive(Debug, Clone)]
pub struct T8nOutput {
    /// The `result` object (roots, receipts, rejections, gas).
    pub result: Value,
    /// The post-state alloc.
    pub alloc: Value,
    /// The RLP list of the included transactions.
    pub body: Vec<u8>,
}

/// Runs the command: the transition, then the outputs. Exit code 0 on success, geth's code otherwise.
pub fn run(args: &T8nArgs) -> ExitCode {
    let outcome = transition(args).and_then(|out| {
        let to = Destinations {
            basedir: &args.output_basedir,
            alloc: &args.output_alloc,
            result: &args.output_result,
            body: args.output_body.as_deref(),
        };
        output::dispatch(&to, out.alloc, out.result, Value::String(encode_hex(&out.body)))
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("zkos t8n: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// Reads the inputs `args` names and applies the transactions.
pub fn transition(args: &T8nArgs) -> Result<T8nOutput, T8nError> {
    let fork: Fork = args
        .fork
        .parse()
        .map_err(|_| T8nError::config(format!("unsupported fork {:?} (zkos runs Cancun, Prague and Osaka)", args.fork)))?;
    if args.reward > 0 {
        eprintln!("zkos t8n: --state.reward {} ignored: {fork} is post-Merge and has no block reward", args.reward);
    }
    let inputs = input::read_inputs(&args.input_alloc, &args.input_env, &args.input_txs)?;
    let block = env::block_env(&inputs.env, fork, args.chain_id)?;
    let mut pre_state = fixtures::parse_alloc(&inputs.alloc, "alloc").map_err(|e| T8nError::input("alloc", e))?;
    pre_state.block_hashes = block.block_hashes.clone();
    let prepared = match &inputs.txs {
        TxsInput::Json(items) => tx_json::prepare_json(items, args.chain_id)?,
        TxsInput::Rlp(bytes) => tx_rlp::prepare_rlp(bytes)?,
    };
    // Only envelopes reach the bootloader; `origin` maps its indexes back to the input's.
    let mut submitted = Vec::new();
    let mut origin = Vec::new();
    let mut rejected = Vec::new();
    for (index, tx) in prepared.into_iter().enumerate() {
        match tx {
            Ok(envelope) => {
                origin.push(index);
                submitted.push(envelope);
            }
            Err(error) => rejected.push(RejectedTx { index, error }),
        }
    }
    if let Some(kind) = args.trace.tracer {
        let text = crate::tracing::trace_block::<bootloader::EthereumL1>(kind, &block.context, &pre_state, &submitted)
            .map_err(|e| T8nError::new(error::ErrorKind::Evm, e))?;
        crate::tracing::emit(&text, args.trace.trace_out.as_deref()).map_err(|e| T8nError::new(error::ErrorKind::Io, e))?;
    }
    let run = exec::execute(block.context.clone(), pre_state, submitted.clone())?;
    for r in &run.output.rejected {
        let index = origin.get(r.index).copied().unwrap_or(r.index);
        rejected.push(RejectedTx { index, error: r.error.to_string() });
    }
    rejected.sort_by_key(|r| r.index);
    let result = result::result_json(&block.context, &run, &submitted, &rejected);
    let body = tx_rlp::encode_body(result::included(&run, &submitted));
    Ok(T8nOutput { result, alloc: output::alloc_json(&run.post_state), body })
}
