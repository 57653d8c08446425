//! `zkos replay --rpc`: the dumps fetched from a node over JSON-RPC, against a loopback HTTP server that
//! answers with the recorded responses of `../shared/mainnet/22244135` (no test touches the network), then
//! replayed with every check. Also: node errors and unknown blocks are errors naming the call.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::Value;

fn recorded() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/mainnet/22244135");
    if dir.join("block.json").exists() {
        Some(dir)
    } else {
        eprintln!("SKIP: {} not found; RPC replay test not run", dir.display());
        None
    }
}

/// Which recorded file answers a request; `None` answers with a JSON-RPC error.
type Router = dyn Fn(&str, &Value) -> Option<String> + Send + Sync;

/// Serves HTTP POSTs on a loopback port with `route`; returns the URL and the methods seen.
fn serve(route: Arc<Router>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("loopback port");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0u8; length];
            let _ = reader.read_exact(&mut body);
            let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let method = request["method"].as_str().unwrap_or_default().to_string();
            log.lock().unwrap().push(method.clone());
            let answer = route(&method, &request["params"]).unwrap_or_else(|| {
                r#"{"jsonrpc":"2.0","id":1,"error":{"code":-32000,"message":"no such block"}}"#.to_string()
            });
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                answer.len()
            );
        }
    });
    (url, seen)
}

fn recorded_router(dir: PathBuf) -> Arc<Router> {
    Arc::new(move |method: &str, params: &Value| {
        if params[0] != "0x1536b27" {
            return None;
        }
        let file = match (method, params[1]["tracer"].as_str(), params[1]["tracerConfig"]["diffMode"].as_bool()) {
            ("eth_getBlockByNumber", _, _) => "block.json",
            ("eth_getBlockReceipts", _, _) => "receipts.json",
            ("debug_traceBlockByNumber", Some("prestateTracer"), Some(true)) => "difftrace.json",
            ("debug_traceBlockByNumber", Some("prestateTracer"), _) => "prestatetrace.json",
            ("debug_traceBlockByNumber", Some("callTracer"), _) => "calltrace.json",
            _ => return None,
        };
        std::fs::read_to_string(dir.join(file)).ok()
    })
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zkos-rpc-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn fetched_dumps_equal_the_recorded_ones_and_replay_equal_to_the_chain() {
    let Some(dir) = recorded() else { return };
    let (url, seen) = serve(recorded_router(dir.clone()));
    let save = scratch("fetched");
    zkos_replay::rpc::fetch_block(&url, 22_244_135, &save).expect("fetch");
    assert_eq!(
        *seen.lock().unwrap(),
        ["eth_getBlockByNumber", "debug_traceBlockByNumber", "debug_traceBlockByNumber", "eth_getBlockReceipts", "debug_traceBlockByNumber"]
    );
    for file in ["block.json", "prestatetrace.json", "difftrace.json", "receipts.json", "calltrace.json"] {
        let ours = std::fs::read(save.join(file)).expect("saved");
        let recorded = std::fs::read(dir.join(file)).expect("recorded");
        assert!(ours == recorded, "{file} differs from the node's answer");
    }
    let input = zkos_replay::ReplayInput::load(&save, None).expect("load");
    let replay = zkos_replay::replay(&input).expect("replay");
    assert!(replay.all_equal());
    assert_eq!(replay.checks.len(), 256);
    let _ = std::fs::remove_dir_all(&save);
}

#[test]
fn node_errors_name_the_call() {
    let Some(dir) = recorded() else { return };
    let (url, _) = serve(recorded_router(dir));
    let save = scratch("missing");
    let err = zkos_replay::rpc::fetch_block(&url, 1, &save).expect_err("no block 1 on this node");
    assert!(err.to_string().contains("eth_getBlockByNumber"), "{err}");
    assert!(err.to_string().contains("no such block"), "{err}");
    assert!(!save.join("block.json").exists());
    // A refused connection is an error too, not a hang.
    let err = zkos_replay::rpc::fetch_block("http://127.0.0.1:1", 22_244_135, &save).expect_err("nothing listens");
    assert!(err.to_string().contains("request to http://127.0.0.1:1 failed"), "{err}");
    let _ = std::fs::remove_dir_all(&save);
}
