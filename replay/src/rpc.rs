//! Fetching a block's dumps from an archive node's JSON-RPC endpoint (HTTP POST, ureq): the five calls of
//! [`crate::dumps`], each response saved as the node sent it, so the folder replays exactly like a
//! recorded one.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use crate::ReplayError;

/// The calls, with the file each response goes to.
fn calls(number: u64) -> Vec<(&'static str, &'static str, Value)> {
    let n = format!("{number:#x}");
    vec![
        ("block.json", "eth_getBlockByNumber", json!([n, true])),
        ("prestatetrace.json", "debug_traceBlockByNumber", json!([n, {"tracer": "prestateTracer"}])),
        (
            "difftrace.json",
            "debug_traceBlockByNumber",
            json!([n, {"tracer": "prestateTracer", "tracerConfig": {"diffMode": true}}]),
        ),
        ("receipts.json", "eth_getBlockReceipts", json!([n])),
        ("calltrace.json", "debug_traceBlockByNumber", json!([n, {"tracer": "callTracer"}])),
    ]
}

/// Fetches block `number`'s dumps from `url` into `dir` (created if needed). A node error, a response that
/// is not JSON-RPC, or a `null` block is an error naming the call; nothing is written for a call that
/// failed.
pub fn fetch_block(url: &str, number: u64, dir: &Path) -> Result<(), ReplayError> {
    std::fs::create_dir_all(dir).map_err(|e| ReplayError::new(dir.display().to_string(), e.to_string()))?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(300)))
        .http_status_as_error(false)
        .build()
        .into();
    for (id, (file, method, params)) in calls(number).into_iter().enumerate() {
        let request = json!({"jsonrpc": "2.0", "id": id + 1, "method": method, "params": params});
        let what = format!("{method} ({file})");
        let mut response = agent
            .post(url)
            .header("Content-Type", "application/json")
            .send(request.to_string())
            .map_err(|e| ReplayError::new(&what, format!("request to {url} failed: {e}")))?;
        let status = response.status();
        let body = response
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_string()
            .map_err(|e| ReplayError::new(&what, format!("cannot read the response: {e}")))?;
        if !status.is_success() {
            return Err(ReplayError::new(&what, format!("HTTP {status}")));
        }
        let value: Value =
            serde_json::from_str(&body).map_err(|e| ReplayError::new(&what, format!("not JSON: {e}")))?;
        if let Some(error) = value.get("error") {
            return Err(ReplayError::new(&what, format!("the node answered with an error: {error}")));
        }
        match value.get("result") {
            None => return Err(ReplayError::new(&what, "not a JSON-RPC response (no result)")),
            Some(Value::Null) => return Err(ReplayError::new(&what, format!("the node has no block {number}"))),
            Some(_) => {}
        }
        let path = dir.join(file);
        std::fs::write(&path, body).map_err(|e| ReplayError::new(path.display().to_string(), e.to_string()))?;
    }
    Ok(())
}
