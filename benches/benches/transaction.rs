//! One full ERC-20 `transfer(0xbeef, 1000)` transaction (the BenchToken state test, 51,173 gas).
//!
//! - `tx/erc20_transfer/zkos_signed`: `bootloader::run_forward` on a signed EIP-1559 transaction: decode,
//!   signature recovery, validation, execution, fees, receipt, state diff applied to the post-state. The
//!   pre-state is cloned outside the timed part.
//! - `tx/erc20_transfer/zkos_unsigned`: the same through `run_forward` as an L1 priority transaction (no
//!   signature to recover): the figure to hold against revm.
//! - `tx/erc20_transfer/revm`: revm `transact_commit` into its `CacheDB` (nonce checks off, no signature).
//! - `tx/recover_sender/zkos`: decoding plus secp256k1 sender recovery alone (what `zkos_signed` adds).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use zkos_benches::{erc20_case, or_exit, revm_transact_commit, STATE_TEST_KEY, STATE_TEST_SENDER};

fn transaction(c: &mut Criterion) {
    let case = or_exit(erc20_case(0));
    or_exit(case.check());
    assert_eq!(case.caller, STATE_TEST_SENDER);
    let signed = or_exit(case.signed_tx(&STATE_TEST_KEY, 0));
    let unsigned = case.l1_tx();
    for tx in [&signed, &unsigned] {
        let run = bootloader::run_forward(case.block.clone(), case.pre.clone(), vec![tx.clone()]).expect("block");
        let receipt = run.output.receipts.first().unwrap_or_else(|| panic!("rejected: {:?}", run.output.rejected));
        assert!(receipt.success());
        assert_eq!(receipt.gas_used, 51_173);
    }

    let mut group = c.benchmark_group("tx/erc20_transfer");
    for (id, tx) in [("zkos_signed", &signed), ("zkos_unsigned", &unsigned)] {
        group.bench_function(id, |b| {
            b.iter_batched(
                || (case.pre.clone(), vec![tx.clone()]),
                |(pre, txs)| black_box(bootloader::run_forward(case.block.clone(), pre, txs)),
                BatchSize::SmallInput,
            )
        });
    }
    let mut evm = case.revm();
    let revm_tx = case.revm_tx();
    group.bench_function("revm", |b| {
        b.iter_batched(|| revm_tx.clone(), |tx| black_box(revm_transact_commit(&mut evm, tx)), BatchSize::SmallInput)
    });
    group.finish();

    let mut group = c.benchmark_group("tx/recover_sender");
    group.bench_function("zkos", |b| {
        b.iter(|| {
            let tx = transactions::decode_transaction(black_box(&signed)).expect("decode");
            black_box(transactions::recover_sender(&tx))
        })
    });
    group.finish();
}

criterion_group!(benches, transaction);
criterion_main!(benches);
