//! The `../shared/eravm/asm` tests, by their harness's criterion: the bootloader frame (entry.asm at 0x8001,
//! kernel, u32::MAX ergs) must end with `ret.ok` within the cycle limit. Set up as upstream: directives
//! preprocessed into marker instructions, a tracer acting on them (storage refunds), EVM stub addresses
//! marked with a blob hash. Beyond the criterion, each run must take exactly the cycles zk_evm 0.153.12 took
//! and leave the storage slots it touched with the values it left (expectations.json
//! `observed_zk_evm_0_153_12`).

mod common;

use common::directives::DirectiveTracer;
use common::*;
use primitives::Address;
use zkos_ee_eravm::opcodes::RetKind;
use zkos_ee_eravm::vm::{FarCallMode, Stop, Vm};

/// Tests known not to pass, each with the reason. Any other failure, or a listed test that starts passing,
/// fails the test (update the list).
const KNOWN_FAILURES: &[(&str, &str)] = &[];
const EXPECTED_PASSED: usize = 70;
const EXPECTED_SKIPPED: usize = 1;

#[test]
fn asm_tests() {
    let Some(dir) = eravm_dir() else {
        eprintln!("SKIP: fixture folder ../shared/eravm (beside the clone) not found; EraVM fixture tests not run");
        return;
    };
    let (mut passed, mut failed, mut skipped) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    let mut failed_ids = Vec::new();
    let mut mismatches = Vec::new();
    let mut checked_slots = 0usize;
    for p in prepare_all(&dir) {
        let mut p = match p {
            Ok(p) => p,
            Err((id, e)) => {
                failed += 1;
                failures.push(format!("{id}: does not assemble: {e}"));
                failed_ids.push(id);
                continue;
            }
        };
        if p.ignored {
            skipped += 1;
            continue;
        }
        let mut vm = Vm::new(
            &mut p.host,
            words_to_code(&p.entry),
            addr(0x8001),
            Address::ZERO,
            Vec::new(),
            u32::MAX,
            false,
            0,
            FarCallMode::Internal,
        );
        // the harness's calldata pointer has length 0
        if let Some(h) = p.default_aa {
            vm.default_aa_code_hash = h;
        }
        if let Some(h) = p.evm_emulator {
            vm.evm_emulator_code_hash = h;
        }
        // step by step so the directive tracer sees each instruction before it runs (as upstream's does)
        let mut tracer = DirectiveTracer::default();
        let mut stop = Stop::CycleLimit;
        while vm.cycles < p.cycle_limit {
            if vm.has_ended() {
                stop = Stop::Finished(vm.last_ret.unwrap_or(RetKind::Ok));
                break;
            }
            tracer.before_cycle(&vm, &mut p.host);
            vm.cycle(&mut p.host);
        }
        if vm.has_ended() {
            stop = Stop::Finished(vm.last_ret.unwrap_or(RetKind::Ok));
        }
        if stop == Stop::Finished(RetKind::Ok) {
            passed += 1;
        } else {
            failed += 1;
            let why = tracer.last_error.map(|e| format!(", last message \"{e}\"")).unwrap_or_default();
            failures.push(format!("{}: {:?} after {} cycles{why}{}", p.id, stop, vm.cycles, if p.evm { " (EVM emulator)" } else { "" }));
            failed_ids.push(p.id.clone());
        }
        // the same instructions ran as in zk_evm: the cycle count matches the recorded one
        if let Some(observed) = p.observed_cycles {
            if observed != vm.cycles {
                mismatches.push(format!("{}: {} cycles, zk_evm ran {observed}", p.id, vm.cycles));
            }
        }
        for (a, k, v) in &p.observed_storage {
            let ours = p.host.storage.get(&(*a, *k)).copied().unwrap_or_default();
            if ours != *v {
                mismatches.push(format!("{}: storage {a:?}[{k}] = {ours}, zk_evm left {v}", p.id));
            }
        }
        checked_slots += p.observed_storage.len();
    }
    for f in &failures {
        println!("FAIL {f}");
    }
    for m in &mismatches {
        println!("MISMATCH {m}");
    }
    println!("eravm asm tests: {} programs run: {passed} passed, {failed} failed (all known), {skipped} skipped", passed + failed);
    let unexpected: Vec<_> = failed_ids.iter().filter(|id| !KNOWN_FAILURES.iter().any(|(k, _)| k == id)).collect();
    let fixed: Vec<_> = KNOWN_FAILURES.iter().filter(|(k, _)| !failed_ids.iter().any(|id| id == k)).collect();
    assert!(unexpected.is_empty(), "new failures: {unexpected:?}");
    assert!(fixed.is_empty(), "known failures that now pass (remove from KNOWN_FAILURES): {fixed:?}");
    assert_eq!((passed, failed, skipped), (EXPECTED_PASSED, KNOWN_FAILURES.len(), EXPECTED_SKIPPED));
    println!("  cycle counts and {checked_slots} touched storage slots compared with zk_evm's: {} mismatches", mismatches.len());
    assert!(mismatches.is_empty(), "{} runs differ from zk_evm's recorded end state", mismatches.len());
}
