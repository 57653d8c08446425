//! TinyEe end to end: registered next to the EVM as `Bootloader<(EvmEe, TinyEe)>` (no other bootloader code),
//! deployed by a creation transaction, called by an EOA and by an EVM contract, and calling an EVM contract.

use bootloader::forward::run_forward_with;
use ee_api::ExitStatus;
use ee_evm::EvmEe;
use primitives::{Address, U256};
use test_utils::{address_of, tx, Chain};
use zkos_example_custom_ee::{TinyEe, TINY_EE_TYPE, TINY_PREFIX};

const ECHO: Address = Address::from_low_u64(0xEC);
const EVM_CALLER: Address = Address::from_low_u64(0xCA);

fn push(v: u64) -> Vec<u8> {
    let mut out = vec![0x01];
    out.extend_from_slice(&v.to_be_bytes());
    out
}

#[test]
fn tiny_ee_runs_in_a_block_next_to_the_evm() {
    // slot1 += calldata word 0; slot2 = CALL(ECHO, value 0); return slot1.
    let mut code = Vec::new();
    code.extend(push(0));
    code.push(0x07); // CALLDATA 0
    code.extend(push(1));
    code.push(0x04); // SLOAD 1
    code.push(0x02); // ADD
    code.extend(push(1));
    code.push(0x03); // SSTORE 1
    code.extend(push(0)); // value
    code.extend(push(0xEC)); // address
    code.push(0x06); // CALL
    code.extend(push(2));
    code.push(0x03); // SSTORE 2 = success
    code.extend(push(1));
    code.push(0x04);
    code.push(0x05); // RETURN slot1

    let mut chain = Chain::default();
    // EVM echo: store CALLVALUE under CALLER, return calldata. EVM caller: CALL(TINY, calldata) and return.
    chain.deploy(ECHO, vec![0x34, 0x33, 0x55, 0x36, 0x5f, 0x5f, 0x37, 0x36, 0x5f, 0xf3]);
    let tiny = ee_evm::create_address(&address_of(0), 0);
    let mut caller = vec![0x36, 0x5f, 0x5f, 0x37]; // CALLDATACOPY(0, 0, size)
    caller.extend([0x60, 0x20, 0x5f, 0x36, 0x5f, 0x5f, 0x73]); // ret 0/32, args 0/size, value 0, PUSH20
    caller.extend_from_slice(&tiny.0);
    caller.extend([0x5a, 0xf1, 0x50, 0x60, 0x20, 0x5f, 0xf3]); // GAS CALL POP RETURN(0, 32)
    chain.deploy(EVM_CALLER, caller);

    let mut init = TINY_PREFIX.to_vec();
    init.extend_from_slice(&code);
    let word = |v: u64| U256::from(v).to_be_bytes::<32>().to_vec();
    let txs = vec![
        tx::create(0, 0, init, U256::ZERO, 200_000),
        tx::call(0, 1, tiny, word(40), U256::ZERO, 200_000),
        tx::call(1, 0, EVM_CALLER, word(2), U256::ZERO, 200_000),
    ];
    let run = match run_forward_with::<(EvmEe, TinyEe)>(chain.block.clone(), chain.state.clone(), txs) {
        Ok(run) => run,
        Err(e) => panic!("block failed: {e}"),
    };
    let r = &run.output.receipts;
    assert_eq!(r.len(), 3, "rejected: {:?}", run.output.rejected);
    assert_eq!(r[0].contract_address, Some(tiny));
    let account = &run.post_state.accounts[&tiny];
    assert_eq!((account.ee_type, account.code.clone()), (TINY_EE_TYPE, code));
    assert_eq!((r[1].status, r[1].output.clone()), (ExitStatus::Success, word(40)));
    assert_eq!((r[2].status, r[2].output.clone()), (ExitStatus::Success, word(42)), "EVM -> tiny -> EVM");
    let slot = |k: u64| account.storage.get(&U256::from(k)).copied().unwrap_or_default();
    assert_eq!((slot(1), slot(2)), (U256::from(42u8), U256::from(1u8)));
    // tx 1 by hand: 21,000 + calldata 140 (31 zero bytes, 1 non-zero) + TinyEe 10,310 (two SSTOREs of
    // 5,000, two SLOADs and the CALL of 100 each, ten 1-gas ops) + the EVM echo 2,217 (a cold no-op SSTORE
    // 2,200, eight cheap ops at 2 or 3).
    let gas: Vec<u64> = r.iter().map(|r| r.gas_used).collect();
    assert_eq!(gas, vec![53_562, 21_000 + 140 + 10_310 + 2_217, 36_305]);
    // docs/custom-ee.md walks through this block: its table quotes these figures.
    let guide =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/custom-ee.md")).unwrap_or_default();
    for (i, gas) in gas.iter().enumerate() {
        let quoted = format!("{},{:03}", gas / 1000, gas % 1000);
        assert!(guide.contains(&format!("| {i} |")) && guide.contains(&quoted), "the guide does not quote {quoted}");
    }
}
