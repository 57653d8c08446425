//! Interpreter benches: the same contract call on zkos and on revm (`transact` over a `CacheDB`, nonce
//! checks off). zkos runs the call through the frame runner over a borrowed in-memory pre-state
//! (`zkos_benches::call`: warm set, state loads, frames, EVM EE, state diff; no envelope decoding or
//! receipt), and, as `zkos_tx`, as an unsigned L1 priority transaction through the whole bootloader.
//! Ids: `interp/<case>/{zkos,zkos_tx,revm}`.
//!
//! `ZKOS_BENCH_FILTER=snail,erc20` limits the cases built (setup reads and checks every case otherwise).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use zkos_benches::call::zkos_call;
use zkos_benches::{interpreter_cases, or_exit, revm_transact, zkos_execute};

fn interpreter(c: &mut Criterion) {
    let filter: Option<Vec<String>> =
        std::env::var("ZKOS_BENCH_FILTER").ok().map(|f| f.split(',').map(str::to_string).collect());
    for case in or_exit(interpreter_cases()) {
        if let Some(filter) = &filter {
            if !filter.iter().any(|f| case.name.contains(f.as_str())) {
                continue;
            }
        }
        let gas = or_exit(case.check());
        eprintln!("interp/{}: {gas} gas (zkos and revm agree)", case.name);
        let mut group = c.benchmark_group(format!("interp/{}", case.name));
        // Gas per second is the figure evm benchmarks quote; criterion prints it as "elem/s".
        group.throughput(Throughput::Elements(gas));
        if gas > 50_000_000 {
            group.sample_size(10);
        }

        let call_gas = zkos_benches::call::execution_gas(&case);
        group.bench_function("zkos", |b| b.iter(|| black_box(zkos_call(&case, call_gas))));

        let tx = case.l1_tx();
        group.bench_function("zkos_tx", |b| {
            b.iter_batched(
                || vec![tx.clone()],
                |txs| black_box(zkos_execute(&case.block, &case.pre, txs)),
                BatchSize::SmallInput,
            )
        });

        let mut evm = case.revm();
        let revm_tx = case.revm_tx();
        group.bench_function("revm", |b| {
            b.iter_batched(|| revm_tx.clone(), |tx| black_box(revm_transact(&mut evm, tx)), BatchSize::SmallInput)
        });
        group.finish();
    }
}

criterion_group!(benches, interpreter);
criterion_main!(benches);
