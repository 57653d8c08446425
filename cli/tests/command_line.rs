//! The `zkos` binary's command line: `--help` succeeds with examples on every subcommand, bad usage is one
//! line on stderr and exit 2, and `zkos replay` exits 0 on a block equal to the chain, 1 on a divergence,
//! 2 on a missing folder.

use std::path::{Path, PathBuf};
use std::process::Command;

fn zkos(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_zkos")).args(args).output().expect("zkos runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("command-line");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir.join(name)
}

fn mainnet() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/mainnet/22244135");
    if dir.join("block.json").exists() {
        Some(dir)
    } else {
        eprintln!("SKIP: {} not found; replay command not tested", dir.display());
        None
    }
}

#[test]
fn help_succeeds_and_every_subcommand_shows_examples() {
    let (code, stdout, _) = zkos(&["--help"]);
    assert_eq!(code, 0);
    for command in ["run", "statetest", "simulate", "replay"] {
        assert!(stdout.contains(command), "{command} missing from --help");
        let (code, stdout, _) = zkos(&[command, "--help"]);
        assert_eq!(code, 0, "{command} --help");
        assert!(stdout.contains("Examples:"), "{command} --help has no examples");
    }
    let (code, stdout, _) = zkos(&["--version"]);
    assert_eq!((code, stdout.trim()), (0, "zkos 0.1.0"));
}

#[test]
fn bad_usage_is_one_line_and_exit_2() {
    for args in [&["frobnicate"][..], &["run"], &["run", "x.json", "--fork", "Frontier"], &["statetest", "--bogus", "x"], &[]] {
        let (code, stdout, stderr) = zkos(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty() || args.is_empty(), "{args:?}: {stdout}");
        if !args.is_empty() {
            assert_eq!(stderr.trim().lines().count(), 1, "{args:?}: {stderr}");
            assert!(stderr.starts_with("zkos: "), "{stderr}");
        }
    }
}

#[test]
fn replay_exit_codes_follow_the_checks() {
    let Some(dir) = mainnet() else { return };
    let out = scratch("result.json");
    let (code, stdout, stderr) = zkos(&["replay", dir.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("all 256 checks equal to the chain"), "{stdout}");
    let result: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(result["receipts"].as_array().map(Vec::len), Some(125));
    assert_eq!(result["gasUsed"], "0x8b8c02");
    assert_eq!(result["receiptsRoot"], "0x07d43872084785522d3e70a8e3c4f500c4cd57cffbf75e0b248d953e8f756a96");
    assert_eq!(result["allEqual"], true);
    assert!(result["alloc"].as_object().is_some_and(|a| a.len() > 100));

    // A copy whose receipts claim one more gas for transaction 3.
    let tampered = scratch("tampered");
    std::fs::create_dir_all(&tampered).unwrap();
    for file in ["block.json", "prestatetrace.json", "difftrace.json"] {
        std::fs::copy(dir.join(file), tampered.join(file)).unwrap();
    }
    let mut receipts: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("receipts.json")).unwrap()).unwrap();
    receipts["result"][3]["gasUsed"] = "0x5209".into();
    std::fs::write(tampered.join("receipts.json"), receipts.to_string()).unwrap();
    let (code, stdout, _) = zkos(&["replay", tampered.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.contains("first divergence: tx 3"), "{stdout}");
    assert!(stdout.contains("gasUsed: ours 21000, chain 21001"), "{stdout}");

    let (code, _, stderr) = zkos(&["replay", scratch("nowhere").to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("block.json: missing"), "{stderr}");
}

#[test]
fn replay_with_the_call_tracer_writes_the_nodes_calltrace() {
    let Some(dir) = mainnet() else { return };
    let out = scratch("calltrace.json");
    let (code, _, stderr) =
        zkos(&["replay", dir.to_str().unwrap(), "--tracer", "callTracer", "--trace-out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let ours: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let node: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("calltrace.json")).unwrap()).unwrap();
    assert_eq!(ours, node["result"]);
    let (code, _, stderr) = zkos(&["replay", dir.to_str().unwrap(), "--tracer", "fourByteTracer"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown tracer"), "{stderr}");
}

