//! Runs the example's two blocks over the user's own store and prints their receipts.

use primitives::{encode_hex, U256};
use zkos_example_own_store::{address, counter_address, example, run_block, secret_key, COINBASE};

fn main() {
    let (mut store, blocks) = example();
    for (block, transactions) in blocks {
        let number = block.number;
        let output = run_block(&mut store, block, transactions).unwrap_or_else(|e| {
            eprintln!("block {number} failed: {e}");
            std::process::exit(1)
        });
        println!("block {number}: {} gas used", output.gas_used);
        for r in &output.receipts {
            let created = r.contract_address.map(|a| format!(", created {a}")).unwrap_or_default();
            println!(
                "  tx {}: {:?}, gas {}{created}, output {}",
                r.tx_index,
                r.status,
                r.gas_used,
                encode_hex(&r.output)
            );
        }
        for r in &output.rejected {
            println!("  tx {}: rejected: {}", r.index, r.error);
        }
    }
    for (name, a) in [("key 1", address(&secret_key(1))), ("key 2", address(&secret_key(2))), ("coinbase", COINBASE)] {
        println!("{name}: {} wei", store.account(&a).map(|a| a.balance).unwrap_or_default());
    }
    println!("counter slot 0 = {}", store.slot(&counter_address(), &U256::ZERO));
}
