//! Measures simulator throughput (instructions per second) on a hand-assembled loop mixing
//! ALU, multiply, load, store and branch instructions, roughly like compiled guest code.
//!
//! Run in release mode: `cargo run --release -p zkos-simulator --example throughput [iterations]`.

#[path = "../tests/common/mod.rs"]
mod common;

use common::*;
use std::time::Instant;

fn main() {
    let iterations: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000_000);
    let mut asm = Asm::new();
    asm.li(S0, RAM).li(T0, iterations).li(A0, 0).li(A1, 1);
    let top = asm.here();
    asm.op(andi(T1, T0, 1023))
        .op(slli(T1, T1, 2))
        .op(add(T1, T1, S0))
        .op(lw(T2, T1, 0))
        .op(add(T2, T2, A1))
        .op(mul(A2, A1, T2))
        .op(xor(A0, A0, A2))
        .op(sw(T2, T1, 0))
        .op(srli(T3, A0, 3))
        .op(add(A1, A1, T3))
        .op(addi(T0, T0, -1));
    let back = top - asm.here();
    asm.op(bne(T0, ZERO, back)).halt();

    let mut machine = asm.machine();
    // One warm-up run, then the best of three.
    machine.run(&[], u64::MAX).expect("benchmark program runs");
    let mut best = f64::INFINITY;
    let mut raw = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let result = machine.run(&[], u64::MAX).expect("benchmark program runs");
        best = best.min(start.elapsed().as_secs_f64());
        raw = result.cycles.raw;
    }
    println!(
        "{raw} instructions in {:.3} s: {:.1} M instructions/s",
        best,
        raw as f64 / best / 1e6
    );
}
