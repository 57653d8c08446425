//! A block of 10,000 signed ERC-20 transfers from 10,000 distinct senders to 10,000 fresh recipients.
//!
//! - `block/erc20_transfers_10k/zkos`: `bootloader::run_forward` (decode, signature recovery, validation,
//!   execution, fees, receipts and blooms, state diff applied to the post-state). The pre-state and the
//!   transaction list are cloned outside the timed part. Throughput = transactions per second.
//! - `block/erc20_transfers_10k/zkos_unsigned`: the same transfers as L1 priority transactions, i.e. the
//!   block without signature recovery.
//! - `block/erc20_transfers_10k/revm`: revm `transact_commit` of the 10,000 transfers into a fresh
//!   `CacheDB` (revm has no signature recovery: its transactions carry the caller).
//!
//! `ZKOS_BENCH_BLOCK_TXS` changes the block size (default 10,000).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use zkos_benches::{erc20_block, or_exit, revm_evm, revm_transact_commit};

fn block(c: &mut Criterion) {
    let n: usize = std::env::var("ZKOS_BENCH_BLOCK_TXS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let block = or_exit(erc20_block(n));
    or_exit(block.check());

    let mut group = c.benchmark_group(format!("block/erc20_transfers_{}", if n == 10_000 { "10k".into() } else { n.to_string() }));
    group.throughput(Throughput::Elements(n as u64));
    group.sample_size(10);
    group.bench_function("zkos", |b| {
        b.iter_batched(
            || (block.pre.clone(), block.signed.clone()),
            |(pre, txs)| black_box(bootloader::run_forward(block.block.clone(), pre, txs)),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("zkos_unsigned", |b| {
        b.iter_batched(
            || (block.pre.clone(), block.unsigned.clone()),
            |(pre, txs)| black_box(bootloader::run_forward(block.block.clone(), pre, txs)),
            BatchSize::PerIteration,
        )
    });
    let txs = block.revm_txs();
    group.bench_function("revm", |b| {
        b.iter_batched(
            || (revm_evm(&block.block, &block.pre, false), txs.clone()),
            |(mut evm, txs)| {
                for tx in txs {
                    black_box(revm_transact_commit(&mut evm, tx)).ok();
                }
                evm
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, block);
criterion_main!(benches);
