//! `docs/custom-ee.md` stays true: its code blocks are excerpts of files that compile (checked here line by
//! line), its table of taken ids and prefixes matches the EEs' constants, its size of TinyEe is measured,
//! and what it says the bootloader does and does not do for an EE is run here against the real bootloader.

use std::path::{Path, PathBuf};

use bootloader::forward::run_chain_forward_observed;
use bootloader::{BlockObserver, ChainSpec, EthereumPrecompiles, FrameEnd, FrameStart, RollupRules};
use ee_api::{
    CallOutcome, EeFrame, ExecutionEnvironment, ExecutionRequest, ExitStatus, FrameExit, FrameInput, FrameKind,
    HaltReason,
};
use ee_evm::EvmEe;
use primitives::U256;
use system_api::{Bytecode, EeType, Gas, Resources, SystemError, SystemInterface};
use system_impl::{ForwardSystem, InMemoryState};
use test_utils::{address_of, tx, Chain};
use zkos_example_custom_ee::{TinyEe, TINY_EE_TYPE, TINY_PREFIX};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The lines of `text` with their indentation and trailing spaces removed, blank lines dropped.
fn lines(text: &str) -> Vec<&str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

/// Every code block of the guide whose first line names a file (`// path` or `# path`) is an excerpt of
/// that file: each part between `// ...` lines appears there, in order, as consecutive lines. A block
/// naming a file `(edited)` shows a change to make: its first item must exist there. Every Rust block names
/// its file.
#[test]
fn the_guides_code_blocks_are_excerpts_of_real_files() {
    let guide = read("docs/custom-ee.md");
    // Fenced blocks, indented ones (inside list items) included: (language, body).
    let mut blocks: Vec<(&str, String)> = Vec::new();
    let mut open: Option<(&str, String)> = None;
    for line in guide.lines() {
        let fence = line.trim_start().strip_prefix("```");
        match (fence, open.take()) {
            (Some(_), Some(block)) => blocks.push(block),
            (Some(lang), None) => open = Some((lang, String::new())),
            (None, Some((lang, mut body))) => {
                body.push_str(line);
                body.push('\n');
                open = Some((lang, body));
            }
            (None, None) => {}
        }
    }
    let mut checked = 0;
    for (lang, body) in &blocks {
        let (lang, body) = (*lang, body.as_str());
        let first = body.lines().next().unwrap_or_default().trim();
        let named = first.strip_prefix("// ").or_else(|| first.strip_prefix("# "));
        let Some(path) = named.filter(|p| p.contains('/') && !p.contains(' ') || p.ends_with(" (edited)")) else {
            assert_ne!(lang, "rust", "a Rust block of the guide names no file:\n{body}");
            continue;
        };
        let (path, edited) = match path.strip_suffix(" (edited)") {
            Some(path) => (path, true),
            None => (path, false),
        };
        let file = read(path);
        let code = body.split_once('\n').map(|(_, rest)| rest).unwrap_or_default();
        if edited {
            let item = lines(code).into_iter().find(|l| !l.starts_with("//")).unwrap_or_default();
            let head = item.split(['=', '{', '(']).next().unwrap_or_default().trim();
            assert!(file.contains(head), "{path} has no `{head}` to edit");
        } else {
            let file_lines = lines(&file);
            let mut from = 0;
            for part in code.split("// ...") {
                let part = lines(part);
                let at = (from..=file_lines.len().saturating_sub(part.len()))
                    .find(|&i| file_lines[i..i + part.len()] == part[..])
                    .unwrap_or_else(|| {
                        panic!("the guide's excerpt of {path} is not in it (in order):\n{}", part.join("\n"))
                    });
                from = at + part.len();
            }
        }
        checked += 1;
    }
    assert!(checked >= 11, "only {checked} code blocks name their file");
}

/// The guide's table of EE ids and prefixes is the one the code declares.
#[test]
fn the_table_of_taken_ids_matches_the_code() {
    let guide = read("docs/custom-ee.md");
    let hex = |p: [u8; 2]| format!("`0x{:02X} 0x{:02X}`", p[0], p[1]);
    let rows = [
        (ee_evm::EVM_EE_TYPE, "none".to_string(), "`ee-evm`"),
        (ee_wasm_example::WASM_EE_TYPE, hex(ee_wasm_example::WASM_PREFIX), "`ee-wasm-example`"),
        (ee_eravm::ERAVM_EE_TYPE, hex(ee_eravm::ERAVM_PREFIX), "`ee-eravm`"),
        (TINY_EE_TYPE, hex(TINY_PREFIX), "`examples/custom-ee`"),
    ];
    for (ee_type, prefix, krate) in rows {
        let row = guide.lines().find(|l| l.contains(krate) && l.starts_with('|')).unwrap_or_default();
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        assert_eq!(cells.get(2).copied(), Some(ee_type.0.to_string().as_str()), "id of {krate}: {row}");
        assert!(cells.get(3).is_some_and(|c| c.starts_with(&prefix)), "prefix of {krate}: {row}");
    }
}

/// The guide and the README give TinyEe's size as "under N lines", and it is (within 50 lines of N).
#[test]
fn tinyees_size_is_what_the_docs_say() {
    let measured = read("examples/custom-ee/src/lib.rs").lines().count();
    for doc in ["docs/custom-ee.md", "README.md"] {
        let text = read(doc);
        let at = text.find("TinyEe, under ").or_else(|| text.find("a tiny VM in under ")).expect(doc);
        let rest = &text[at..];
        let n: usize =
            rest.split("under ").nth(1).and_then(|r| r.split(' ').next()).and_then(|n| n.parse().ok()).expect(doc);
        assert!(measured < n && measured + 50 >= n, "{doc} says under {n} lines, src/lib.rs has {measured}");
    }
}

/// A chain of the EVM, TinyEe and the probe below, without touching the bootloader.
struct TinyChain;

impl ChainSpec for TinyChain {
    type Ees = (EvmEe, TinyEe, ProbeEe);
    type Precompiles = EthereumPrecompiles;
    type Rules = RollupRules;
    const NAME: &'static str = "tiny";
}

/// An EE that breaks the conventions on purpose, to show what the bootloader leaves to EEs: its constructor
/// installs its whole init data, and its calls halt keeping their gas.
struct ProbeEe;

const PROBE_TYPE: EeType = EeType(200);
const PROBE_PREFIX: [u8; 2] = [0xef, 0xfe];

struct ProbeFrame<R> {
    deploy: bool,
    code: Bytecode,
    resources: R,
}

impl<Sys: SystemInterface> ExecutionEnvironment<Sys> for ProbeEe {
    const EE_TYPE: EeType = PROBE_TYPE;
    const NAME: &'static str = "probe";

    fn claims_init_code(init_code: &[u8]) -> bool {
        init_code.starts_with(&PROBE_PREFIX)
    }

    fn start_frame(_: &mut Sys, input: FrameInput<Sys::Resources>) -> Result<Box<dyn EeFrame<Sys>>, SystemError> {
        Ok(Box::new(ProbeFrame {
            deploy: input.kind == FrameKind::Deploy,
            code: input.code,
            resources: input.resources,
        }))
    }
}

impl<Sys: SystemInterface> EeFrame<Sys> for ProbeFrame<Sys::Resources> {
    fn resume(
        &mut self,
        _: &mut Sys,
        _: Option<CallOutcome<Sys::Resources>>,
    ) -> Result<ExecutionRequest<Sys::Resources>, SystemError> {
        if self.deploy {
            return Ok(ExecutionRequest::Exit(FrameExit::success(self.code.to_vec(), &mut self.resources)));
        }
        // Not `FrameExit::halt`, which would consume the gas first: the bootloader hands it back as it is.
        let _ = self.resources.charge_gas(Gas::new(100));
        let status = ExitStatus::Halt(HaltReason::Custom(7));
        Ok(ExecutionRequest::Exit(FrameExit { status, output: Vec::new(), resources: self.resources.take_all() }))
    }
}

/// Records every frame's start (depth, gas) and end (depth, status, output, gas left).
#[derive(Default)]
struct Frames {
    starts: Vec<(usize, u64)>,
    ends: Vec<(usize, ExitStatus, Vec<u8>, u64)>,
}

impl BlockObserver<ForwardSystem> for Frames {
    fn frame_started(&mut self, _: &ForwardSystem, frame: &FrameStart<'_>) {
        self.starts.push((frame.depth, frame.gas));
    }
    fn frame_ended(&mut self, _: &ForwardSystem, frame: &FrameEnd<'_>) {
        self.ends.push((frame.depth, frame.status, frame.output.to_vec(), frame.gas_left));
    }
}

fn run(state: &InMemoryState, txs: Vec<Vec<u8>>) -> (bootloader::ForwardRun, Frames) {
    let mut frames = Frames::default();
    let chain = Chain::default();
    let run = run_chain_forward_observed::<TinyChain>(chain.block, state.clone(), txs, 1, &mut frames)
        .unwrap_or_else(|e| panic!("block failed: {e}"));
    assert!(run.output.rejected.is_empty(), "{:?}", run.output.rejected);
    (run, frames)
}

/// What a creation transaction's intrinsic gas is (and its EIP-7623 floor): all a deployment of an EE that
/// charges nothing costs.
fn intrinsic(raw: &[u8]) -> u64 {
    let tx = transactions::decode_transaction(raw).unwrap_or_else(|e| panic!("{e:?}"));
    let gas = transactions::intrinsic_gas(&tx, primitives::Fork::Prague);
    gas.initial.max(gas.floor)
}

#[test]
fn a_value_transfer_that_fails_reverts_and_a_call_to_no_code_succeeds() {
    let push = |v: u64| [&[0x01][..], &v.to_be_bytes()].concat();
    // CALL(0xEE, value 1) with no balance, SSTORE 1 = its flag; CALL(0xEE, value 0), SSTORE 2 = its flag.
    let code =
        [push(1), push(0xee), vec![0x06], push(1), vec![0x03], push(0), push(0xee), vec![0x06], push(2), vec![0x03]]
            .concat();
    let init = [&TINY_PREFIX[..], &code].concat();
    let tiny = ee_evm::create_address(&address_of(0), 0);
    let txs = vec![tx::create(0, 0, init, U256::ZERO, 100_000), tx::call(0, 1, tiny, vec![], U256::ZERO, 100_000)];
    let (run, frames) = run(&Chain::default().state, txs);
    let slot = |k: u64| run.post_state.accounts[&tiny].storage.get(&U256::from(k)).copied().unwrap_or_default();
    assert_eq!((slot(1), slot(2)), (U256::ZERO, U256::from(1u8)));
    // Frames of the call: [tiny, first CALL, second CALL] start; the two calls end, then tiny.
    let (starts, ends) = (&frames.starts[1..], &frames.ends[1..]);
    assert_eq!((ends[0].0, ends[0].1, ends[0].2.clone()), (1, ExitStatus::Revert, vec![]), "failed transfer");
    assert_eq!(ends[0].3, starts[1].1, "a failed transfer returns all the gas handed to the call");
    assert_eq!((ends[1].0, ends[1].1, ends[1].2.clone()), (1, ExitStatus::Success, vec![]), "no code");
    assert_eq!(ends[1].3, starts[2].1, "a call to an account without code spends nothing");
}

#[test]
fn non_evm_deployments_pay_no_deposit_and_have_no_size_limit() {
    let code = vec![0x00; 30_000]; // STOP, 30,000 times: past the EVM's 24,576-byte limit
    assert!(code.len() > ee_evm::gas::MAX_CODE_SIZE);
    let create = tx::create(0, 0, [&TINY_PREFIX[..], &code].concat(), U256::ZERO, 400_000);
    let gas = intrinsic(&create);
    let (run, _) = run(&Chain::default().state, vec![create]);
    let address = ee_evm::create_address(&address_of(0), 0);
    assert_eq!(run.post_state.accounts[&address].code.len(), 30_000);
    assert_eq!(run.output.receipts[0].gas_used, gas, "intrinsic gas only: TinyEe charges nothing to deploy");
}

#[test]
fn a_constructor_sees_its_prefix_and_a_halt_keeps_the_gas_its_ee_leaves() {
    let init = [&PROBE_PREFIX[..], &[1, 2, 3]].concat();
    let create = tx::create(0, 0, init.clone(), U256::ZERO, 100_000);
    let gas = intrinsic(&create);
    let probe = ee_evm::create_address(&address_of(0), 0);
    let (run, _) = run(&Chain::default().state, vec![create, tx::call(0, 1, probe, vec![], U256::ZERO, 100_000)]);
    let account = &run.post_state.accounts[&probe];
    assert_eq!((account.ee_type, account.code.clone()), (PROBE_TYPE, init), "the prefix is part of the code");
    assert_eq!(run.output.receipts[0].gas_used, gas);
    // The call halted having spent 100 gas: the sender pays 21,000 + 100, not the 100,000 limit.
    assert_eq!(run.output.receipts[1].status, ExitStatus::Halt(HaltReason::Custom(7)));
    assert_eq!(run.output.receipts[1].gas_used, 21_100);
}
