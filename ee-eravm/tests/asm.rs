//! The `../shared/eravm/asm` tests, by their harness's criterion: the bootloader frame (entry.asm at 0x8001,
//! kernel, u32::MAX ergs) must end with `ret.ok` within the cycle limit.

mod common;

use common::*;
use primitives::Address;
use zkos_ee_eravm::opcodes::RetKind;
use zkos_ee_eravm::vm::{FarCallMode, Stop, Vm};

#[test]
fn asm_tests() {
    let Some(dir) = eravm_dir() else {
        eprintln!("SKIP: ../shared/eravm not found");
        return;
    };
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    let mut failures = Vec::new();
    for p in prepare_all(&dir) {
        let mut p = match p {
            Ok(p) => p,
            Err((id, e)) => {
                failed += 1;
                failures.push(format!("{id}: does not assemble: {e}"));
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
        }
    }
    for f in &failures {
        println!("FAIL {f}");
    }
    println!("eravm asm tests: {passed} passed, {failed} failed, {skipped} skipped");
}
