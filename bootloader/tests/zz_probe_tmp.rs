use primitives::{Address, Fork, U256};
use test_utils::{address_of, tx, Chain};
use transactions::{encode_transaction, L1PriorityFields, Transaction, TxType};

fn l1(from: Address, mint: U256, value: U256) -> Vec<u8> {
    encode_transaction(&Transaction { tx_type: TxType::L1Priority, gas_limit: 100_000, gas_price: 10, to: Some(Address::from_low_u64(0xbeef)), value, l1: Some(L1PriorityFields { from, mint, serial_id: 0 }), ..Transaction::default() })
}

#[test]
fn probe() {
    let chain = Chain::default();
    let fresh = Address::from_low_u64(0x1234567);
    for (name, txs) in [
        ("mint0 value1", vec![l1(fresh, U256::ZERO, U256::from(1u8)), tx::transfer(2, 0, fresh, U256::from(1u8))]),
        ("mint max to funded", vec![l1(address_of(0), U256::MAX, U256::ZERO), tx::transfer(2, 0, fresh, U256::from(1u8))]),
        ("nonce max acct 0", vec![tx::signed(0, Transaction { nonce: u64::MAX, ..tx::template(0, Some(fresh), vec![], U256::ZERO, 21000) })]),
        ("value max", vec![tx::signed(0, Transaction { value: U256::MAX, ..tx::template(0, Some(fresh), vec![], U256::ZERO, 21000) })]),
        ("l1 gas 0", vec![encode_transaction(&Transaction { tx_type: TxType::L1Priority, gas_limit: 0, to: Some(fresh), l1: Some(L1PriorityFields { from: fresh, mint: U256::ZERO, serial_id: 0 }), ..Transaction::default() })]),
    ] {
        match zkos_bootloader::run_forward(chain.block.clone(), chain.state.clone(), txs) {
            Ok(run) => eprintln!("{name}: receipts {:?} rejected {:?}", run.output.receipts.iter().map(|r| (r.tx_index, r.status, r.gas_used)).collect::<Vec<_>>(), run.output.rejected),
            Err(e) => eprintln!("{name}: BLOCK ERROR {e}"),
        }
    }
    // Cancun delegation designator sender / callee
    let mut c = Chain::new(Fork::Cancun);
    let mut d = vec![0xef, 0x01, 0x00];
    d.extend_from_slice(&Address::from_low_u64(0xc0de).0);
    c.deploy(address_of(0), d.clone());
    // delegate code: SSTORE(0, 42)
    c.deploy(Address::from_low_u64(0xc0de), vec![0x60, 0x2a, 0x5f, 0x55, 0x00]);
    c.deploy(Address::from_low_u64(0xd1), d);
    let run = c.run(vec![tx::transfer(0, 0, fresh, U256::from(1u8)), tx::call(1, 0, Address::from_low_u64(0xd1), vec![], U256::ZERO, 100_000)]);
    eprintln!("cancun designator: receipts {:?} rejected {:?}", run.output.receipts.iter().map(|r| (r.tx_index, r.status, r.gas_used)).collect::<Vec<_>>(), run.output.rejected);
    eprintln!("slot at 0xd1: {:?}", run.post_state.accounts[&Address::from_low_u64(0xd1)].storage);
}
