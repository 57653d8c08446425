//! Decoding and running mutated modules never panics: every outcome is a rejection, a trap or an end.

use std::rc::Rc;

use zkos_ee_wasm_example::examples::{COUNTER_WASM, FORWARDER_WASM, TOKEN_WASM};
use zkos_ee_wasm_example::host::HOST_FUNCTIONS;
use zkos_ee_wasm_example::machine::{Exit, Machine};
use zkos_ee_wasm_example::module::{Module, ValType};

/// Runs `call` with host functions answering zeros; returns the number of host calls made.
fn run(module: Module) -> usize {
    let Some(entry) = module.export("call") else { return 0 };
    if (entry as usize) < module.imports.len() || !module.func_type(entry).params.is_empty() {
        return 0;
    }
    let Ok(mut m) = Machine::instantiate(Rc::new(module), 200_000) else { return 0 };
    if m.invoke(entry).is_err() {
        return 0;
    }
    let mut host_calls = 0;
    loop {
        match m.run() {
            Exit::Done | Exit::Trap(_) => return host_calls,
            Exit::Host(f) => {
                host_calls += 1;
                let (_, _, params, results) = HOST_FUNCTIONS.iter().find(|(_, g, ..)| *g == f).unwrap();
                for t in params.iter().rev() {
                    match t {
                        ValType::I32 => drop(m.pop_i32()),
                        ValType::I64 => drop(m.pop_i64()),
                    }
                }
                for t in results.iter() {
                    match t {
                        ValType::I32 => m.push_i32(0),
                        ValType::I64 => m.push_i64(0),
                    }
                }
                if host_calls > 1000 {
                    return host_calls;
                }
            }
        }
    }
}

#[test]
fn unmodified_examples_run_against_a_dummy_host() {
    for module in [COUNTER_WASM, TOKEN_WASM, FORWARDER_WASM] {
        assert!(run(Module::decode(module).unwrap()) > 0);
    }
}

#[test]
fn mutated_modules_never_panic() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let (mut decoded, mut rejected) = (0, 0);
    for round in 0..3000 {
        let original = [COUNTER_WASM, TOKEN_WASM, FORWARDER_WASM][round % 3];
        let mut bytes = original.to_vec();
        match next() % 4 {
            0 => bytes.truncate((next() as usize) % bytes.len()),
            _ => {
                for _ in 0..1 + next() % 4 {
                    let i = (next() as usize) % bytes.len();
                    bytes[i] = next() as u8;
                }
            }
        }
        match Module::decode(&bytes) {
            Ok(module) => {
                decoded += 1;
                run(module);
            }
            Err(_) => rejected += 1,
        }
    }
    assert!(decoded > 100 && rejected > 100, "decoded {decoded}, rejected {rejected}");
}
