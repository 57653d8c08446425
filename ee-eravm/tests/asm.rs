//! The `../shared/eravm/asm` tests, by their harness's criterion: the bootloader frame (entry.asm at 0x8001,
//! kernel, u32::MAX ergs) must end with `ret.ok` within the cycle limit.

mod common;

use common::*;
use primitives::Address;
use zkos_ee_eravm::opcodes::RetKind;
use zkos_ee_eravm::vm::{FarCallMode, Stop, Vm};

/// Tests known not to pass, each with the reason. Any other failure, or a listed test that starts passing,
/// fails the test (update the list).
const KNOWN_FAILURES: &[(&str, &str)] = &[
    ("test_far_call_to_evm_contract", "EVM-emulator stub addresses (expectations.json evm_stub_addresses) are not set up"),
    ("test_far_call_evm_to_zkvm_contract", "EVM-emulator stub addresses are not set up"),
    ("test_static_call_to_evm_and_zkvm", "EVM-emulator stub addresses are not set up"),
    ("test_static_call_to_zkevm_and_evm", "EVM-emulator stub addresses are not set up"),
    ("test_delegate_call_to_evm", "EVM-emulator stub addresses are not set up"),
    ("test_decommit_evm", "EVM-emulator stub addresses are not set up"),
    ("test_pubdata_and_storage_writes", "pubdata counter (Meta) is not modelled: always 0"),
    ("test_storage_pubdata_refunds", "storage access refunds set by the harness tracer (set_storage_warm) are not modelled"),
];
const EXPECTED_PASSED: usize = 62;
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
        let stop = vm.run(&mut p.host, p.cycle_limit);
        if stop == Stop::Finished(RetKind::Ok) {
            passed += 1;
        } else {
            failed += 1;
            failures.push(format!("{}: {:?} after {} cycles{}", p.id, stop, vm.cycles, if p.evm { " (EVM emulator)" } else { "" }));
            failed_ids.push(p.id.clone());
        }
    }
    for f in &failures {
        println!("FAIL {f}");
    }
    println!("eravm asm tests: {} programs run: {passed} passed, {failed} failed (all known), {skipped} skipped", passed + failed);
    let unexpected: Vec<_> = failed_ids.iter().filter(|id| !KNOWN_FAILURES.iter().any(|(k, _)| k == id)).collect();
    let fixed: Vec<_> = KNOWN_FAILURES.iter().filter(|(k, _)| !failed_ids.iter().any(|id| id == k)).collect();
    assert!(unexpected.is_empty(), "new failures: {unexpected:?}");
    assert!(fixed.is_empty(), "known failures that now pass (remove from KNOWN_FAILURES): {fixed:?}");
    assert_eq!((passed, failed, skipped), (EXPECTED_PASSED, KNOWN_FAILURES.len(), EXPECTED_SKIPPED));
}
