//! `zkos run BLOCK.json [--out RESULT.json]`: execute a block in forward mode.

use std::path::Path;

use bootloader::proving::run_with_witness;
use bootloader::ForwardRun;
use serde_json::Value;

use fixtures::parse_block_file_with_fork;
use primitives::Fork;
use crate::report::{result_json, summary};

/// Why `zkos run` failed; the exit code tells bad input (2) from a failed block (1).
#[derive(Debug)]
pub enum RunError {
    /// The block file could not be read or parsed.
    Input(String),
    /// The block failed (fatal System error).
    Block(String),
}

impl RunError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            RunError::Input(_) => 2,
            RunError::Block(_) => 1,
        }
    }
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Input(m) | RunError::Block(m) => f.write_str(m),
        }
    }
}

/// Runs a block file (under `fork` instead of the file's `env.fork` when given); returns the forward run,
/// its result JSON and the human summary.
pub fn run_block_file(path: &Path, fork: Option<Fork>) -> Result<(ForwardRun, Value, String), RunError> {
    let text = std::fs::read_to_string(path).map_err(|e| RunError::Input(format!("{}: {e}", path.display())))?;
    let file =
        parse_block_file_with_fork(&text, fork).map_err(|e| RunError::Input(format!("{}: {e}", path.display())))?;
    // The witnessed run is the forward run plus the state tree: it yields the commitment and public input.
    let witnessed =
        run_with_witness(file.block, file.state, file.transactions).map_err(|e| RunError::Block(e.to_string()))?;
    let run = witnessed.run;
    let mut json = result_json(&run.output, &run.post_state);
    json["stateCommitment"] = serde_json::json!({
        "root": witnessed.post.root.to_string(),
        "nextFreeIndex": witnessed.post.next_free,
    });
    json["preStateCommitment"] = serde_json::json!({
        "root": witnessed.pre.root.to_string(),
        "nextFreeIndex": witnessed.pre.next_free,
    });
    json["publicInput"] = serde_json::Value::String(crate::simulate::words_hex(&witnessed.public_input));
    let mut text = summary(&run.output);
    text.push_str(&format!(
        "state root {} (next free leaf {}), public input {}\n",
        witnessed.post.root,
        witnessed.post.next_free,
        crate::simulate::words_hex(&witnessed.public_input)
    ));
    Ok((run, json, text))
}
