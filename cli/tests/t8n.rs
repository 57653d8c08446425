//! `zkos t8n`, geth's `evm t8n` interface: a hand-made Prague block (a withdrawal, an EIP-1559 call that
//! writes storage and queues an EIP-7002 request, a legacy transfer, all signed from `secretKey`s) whose
//! roots are pinned after being checked once against the execution specs' `ethereum-spec-evm t8n`; the
//! same block from stdin and as an RLP list (the body the first run wrote); geth's exit codes; and the
//! differential script `scripts/t8n-compare.py` when the reference is installed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{json, Value};

/// The pinned result of the hand-made block (equal to `ethereum-spec-evm t8n` 2.20.0 on the same input).
const STATE_ROOT: &str = "0xaeeff07174c19a6f62359ba175dc6e46af7acb028d178f066da91f31f53d5bb9";
const TX_ROOT: &str = "0x072248bbe61dbb677defbd28fcc8753b6f26cd3d7f404650fff6c7140851c2bb";
const RECEIPTS_ROOT: &str = "0xc95daf5a184e3a4cb26229e86aef30431c74e4d508cb595ac13b5be1164ffc0c";
const GAS_USED: &str = "0x27900";
const REQUESTS_HASH: &str = "0x9c76e0fa82de7f00d1987bea19e59b868a15da4387c036275b0d69321b93f279";

const SENDER_KEY: &str = "0x0000000000000000000000000000000000000000000000000000000000000001";
const SENDER: &str = "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf";
/// SSTORE(calldata[0..32], calldata[32..64]).
const STORE: &str = "0x000000000000000000000000000000000000c001";
const WITHDRAWAL_REQUESTS: &str = "0x00000961ef480eb55e80d19ad83579a64c007002";

fn zkos(args: &[&str], dir: &Path, stdin: Option<&str>) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_zkos"));
    command.args(args).current_dir(dir).stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("zkos runs");
    if let Some(text) = stdin {
        use std::io::Write as _;
        child.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("write stdin");
    }
    let output = child.wait_with_output().expect("zkos ends");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A fresh scratch folder.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("t8n").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// The pre-state: the sender, the storage contract and Prague's system contracts.
fn alloc() -> Value {
    let mut state = system_impl::InMemoryState::new();
    zkos_replay::system_contracts::add_missing(&mut state, primitives::Fork::Prague);
    let mut alloc = zkos_cli::t8n::output::alloc_json(&state);
    alloc[SENDER] = json!({"balance": "0xde0b6b3a7640000"});
    alloc[STORE] = json!({"code": "0x6020355f355500", "storage": {"0x01": "0x02"}});
    alloc
}

fn env() -> Value {
    json!({
        "currentCoinbase": "0x0000000000000000000000000000000000c0ffee",
        "currentGasLimit": "0x1c9c380", "currentNumber": "0x10", "currentTimestamp": "0x6553f100",
        "currentRandom": "0x0000000000000000000000000000000000000000000000000000000000000001",
        "currentBaseFee": "0x7", "currentExcessBlobGas": "0x0",
        "parentBeaconBlockRoot": "0x1111111111111111111111111111111111111111111111111111111111111111",
        "blockHashes": {"0xf": "0x2222222222222222222222222222222222222222222222222222222222222222"},
        "withdrawals": [{"index": "0x0", "validatorIndex": "0x5", "address": SENDER, "amount": "0x3b9aca00"}],
    })
}

fn txs() -> Value {
    let word = |n: u8| format!("{n:064x}");
    json!([
        {"type": "0x2", "chainId": "0x1", "nonce": "0x0", "gas": "0x186a0", "maxFeePerGas": "0x10",
         "maxPriorityFeePerGas": "0x2", "to": STORE, "value": "0x0", "input": format!("0x{}{}", word(1), word(9)),
         "accessList": [], "v": "0x0", "r": "0x0", "s": "0x0", "secretKey": SENDER_KEY},
        {"type": "0x0", "nonce": "0x1", "gas": "0x30d40", "gasPrice": "0x9", "to": WITHDRAWAL_REQUESTS,
         "value": "0x1", "input": format!("0x{}{}", "ab".repeat(48), "00".repeat(7) + "20"),
         "v": "0x0", "r": "0x0", "s": "0x0", "secretKey": SENDER_KEY},
    ])
}

fn write_inputs(dir: &Path) {
    for (name, value) in [("alloc.json", alloc()), ("env.json", env()), ("txs.json", txs())] {
        std::fs::write(dir.join(name), value.to_string()).expect("write input");
    }
}

fn read(path: PathBuf) -> Value {
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .expect("JSON output")
}

fn check_pinned(result: &Value) {
    assert_eq!(result["stateRoot"], STATE_ROOT, "{result:#}");
    assert_eq!(result["txRoot"], TX_ROOT);
    assert_eq!(result["receiptsRoot"], RECEIPTS_ROOT);
    assert_eq!(result["gasUsed"], GAS_USED);
    assert_eq!(result["requestsHash"], REQUESTS_HASH);
    assert_eq!(result["rejected"], json!([]));
    assert_eq!(result["currentDifficulty"], Value::Null);
    assert_eq!(result["withdrawalsRoot"].as_str().map(str::len), Some(66));
}

#[test]
fn a_hand_made_block_matches_the_reference_from_files_stdin_and_rlp() {
    let dir = scratch("files");
    write_inputs(&dir);
    let args = ["t8n", "--state.fork", "Prague", "--output.basedir", "out", "--output.body", "body.rlp"];
    let (code, _, stderr) = zkos(&args, &dir, None);
    assert_eq!(code, 0, "{stderr}");
    let result = read(dir.join("out/result.json"));
    check_pinned(&result);
    let receipts = result["receipts"].as_array().expect("receipts");
    assert_eq!(receipts.len(), 2);
    assert_eq!((receipts[0]["type"].as_str(), receipts[0]["status"].as_str()), (Some("0x2"), Some("0x1")));
    assert_eq!(receipts[1]["transactionIndex"], "0x1");
    // One EIP-7002 request: type 1, the sender, the public key, the amount.
    let requests = result["requests"].as_array().expect("requests");
    assert_eq!(requests.len(), 1);
    assert!(requests[0].as_str().unwrap().starts_with(&format!("0x01{}", &SENDER[2..])), "{requests:?}");
    let post = read(dir.join("out/alloc.json"));
    assert_eq!(post[STORE]["storage"][format!("0x{:064x}", 1)], format!("0x{:064x}", 9));

    // The same block on stdin, every output on stdout.
    let input = json!({"alloc": alloc(), "env": env(), "txs": txs()}).to_string();
    let stdin_args = ["t8n", "--input.alloc", "stdin", "--input.env", "stdin", "--input.txs", "stdin", "--state.fork",
        "Prague", "--output.result", "stdout", "--output.alloc", "stdout", "--output.body", "stdout"];
    let (code, stdout, stderr) = zkos(&stdin_args, &dir, Some(&input));
    assert_eq!(code, 0, "{stderr}");
    let printed: Value = serde_json::from_str(&stdout).expect("stdout JSON");
    check_pinned(&printed["result"]);
    assert_eq!(printed["alloc"], post);

    // The body as `txs.rlp`: the same signed transactions, the same roots.
    let body = read(dir.join("out/body.rlp"));
    assert_eq!(printed["body"], body);
    std::fs::write(dir.join("txs.rlp"), body.to_string()).expect("write txs.rlp");
    let rlp_args = ["t8n", "--input.txs", "txs.rlp", "--state.fork", "Prague", "--output.result", "stdout",
        "--output.alloc", ""];
    let (code, stdout, stderr) = zkos(&rlp_args, &dir, None);
    assert_eq!(code, 0, "{stderr}");
    check_pinned(&serde_json::from_str::<Value>(&stdout).expect("stdout JSON")["result"]);
}

#[test]
fn exit_codes_are_geths() {
    let dir = scratch("codes");
    write_inputs(&dir);
    let run = |extra: &[&str]| {
        let mut args = vec!["t8n", "--output.result", "", "--output.alloc", ""];
        if !extra.contains(&"--state.fork") {
            args.extend_from_slice(&["--state.fork", "Prague"]);
        }
        args.extend_from_slice(extra);
        zkos(&args, &dir, None)
    };
    assert_eq!(run(&[]).0, 0);
    std::fs::write(dir.join("bad.json"), "{\"currentNumber\": ").unwrap();
    std::fs::write(dir.join("bad.rlp"), "\"0xc3c1\"").unwrap();
    let mut no_base_fee = env();
    no_base_fee.as_object_mut().unwrap().remove("currentBaseFee");
    std::fs::write(dir.join("no-base-fee.json"), no_base_fee.to_string()).unwrap();
    let mut no_hashes = env();
    no_hashes.as_object_mut().unwrap().remove("blockHashes");
    std::fs::write(dir.join("no-hashes.json"), no_hashes.to_string()).unwrap();
    // BLOCKHASH(NUMBER - 1) from the storage contract's address: its hash is only in `blockHashes`.
    let mut blockhash = alloc();
    blockhash[STORE]["code"] = json!("0x600143034060005500");
    std::fs::write(dir.join("blockhash.json"), blockhash.to_string()).unwrap();
    let mut bare = alloc();
    bare.as_object_mut().unwrap().remove(WITHDRAWAL_REQUESTS);
    std::fs::write(dir.join("bare.json"), bare.to_string()).unwrap();

    for (extra, code, says) in [
        (&["--input.env", "bad.json"][..], 10, "not valid JSON"),
        (&["--input.alloc", "missing.json"], 11, "missing.json"),
        (&["--input.txs", "bad.rlp"], 12, "RLP"),
        (&["--state.fork", "Frontier"], 3, "unsupported fork"),
        (&["--input.env", "no-base-fee.json"], 3, "currentBaseFee"),
        (&["--input.alloc", "blockhash.json", "--input.env", "no-hashes.json"], 4, "getHash(15)"),
        (&["--input.alloc", "bare.json"], 2, "has no code"),
    ] {
        let (got, _, stderr) = run(extra);
        assert_eq!(got, code, "{extra:?}: {stderr}");
        assert!(stderr.contains(&format!("ERROR({code})")) && stderr.contains(says), "{extra:?}: {stderr}");
    }
    // With the hash given, the same BLOCKHASH runs.
    assert_eq!(run(&["--input.alloc", "blockhash.json"]).0, 0);
}

#[test]
fn the_comparison_with_the_execution_specs_agrees() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/t8n-compare.py");
    let output = Command::new("python3")
        .arg(&script)
        .args(["--zkos", env!("CARGO_BIN_EXE_zkos"), "--cases", "60"])
        .output();
    let Ok(output) = output else {
        eprintln!("SKIP: python3 not found; scripts/t8n-compare.py not run");
        return;
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    print!("{stdout}");
    assert!(output.status.success(), "{stdout}{}", String::from_utf8_lossy(&output.stderr));
    let last = stdout.lines().last().unwrap_or_default();
    assert!(last.starts_with("SKIP") || last.ends_with(" 0 differences"), "{last}");
}
