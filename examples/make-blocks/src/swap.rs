//! `swap.json`: a constant-product AMM (a Uniswap-V2-like pair of two ERC-20 tokens, `examples/swap/Swap.sol`,
//! compiled with solc 0.8.28 by `examples/swap/compile.js`) deployed, funded and swapped against.
//!
//! Key 0 deploys token A, token B and the pair, approves the pair for both tokens, adds 100,000 A and 200,000
//! B of liquidity, and sends 1,000 A to key 1. Key 1 approves the pair and swaps 100 A for B (the "swap"
//! transaction of the cycle benchmarks: two cross-contract token calls, seven cold slots, three events); key 0
//! then swaps 50 B back for A.

use primitives::{keccak256, Address, U256};
use serde_json::Value;

use super::{address_of, alloc, block, create_address, eip1559, erc20_transfer, ether, signed, GWEI};

/// Token init code (constructor `constructor(uint256 supply)`, the argument not included).
pub const TOKEN_INIT: &str = include_str!("../../swap/Token.init.hex");
/// Pair init code (constructor `constructor(address token0, address token1)`, arguments not included).
pub const PAIR_INIT: &str = include_str!("../../swap/Pair.init.hex");

/// Gas limit of the deployments and of the calls.
const DEPLOY_GAS: u64 = 2_000_000;
const CALL_GAS: u64 = 300_000;

fn init(hex: &str, args: &[U256]) -> Vec<u8> {
    let mut code = match primitives::decode_hex(hex.trim()) {
        Ok(code) => code,
        Err(e) => panic!("embedded swap init code: {e}"),
    };
    args.iter().for_each(|a| code.extend_from_slice(&a.to_be_bytes::<32>()));
    code
}

/// Calldata of `signature(args…)` with every argument one 32-byte word.
pub fn call(signature: &str, args: &[U256]) -> Vec<u8> {
    let mut data = keccak256(signature.as_bytes()).0[..4].to_vec();
    args.iter().for_each(|a| data.extend_from_slice(&a.to_be_bytes::<32>()));
    data
}

/// Token A, token B and the pair: key 0's first three creations.
pub fn swap_contracts() -> (Address, Address, Address) {
    let deployer = address_of(0);
    (create_address(deployer, 0), create_address(deployer, 1), create_address(deployer, 2))
}

/// The block.
pub fn swap() -> Value {
    let (token_a, token_b, pair) = swap_contracts();
    let supply = ether(1_000_000);
    let max = U256::MAX;
    let tx = |nonce: u64, to: Option<Address>, data: Vec<u8>, gas: u64| {
        eip1559(nonce, to, U256::ZERO, data, gas, 2 * GWEI, GWEI)
    };
    let approve = call("approve(address,uint256)", &[pair.to_word(), max]);
    let txs = vec![
        signed(0, &tx(0, None, init(TOKEN_INIT, &[supply]), DEPLOY_GAS)),
        signed(0, &tx(1, None, init(TOKEN_INIT, &[supply]), DEPLOY_GAS)),
        signed(0, &tx(2, None, init(PAIR_INIT, &[token_a.to_word(), token_b.to_word()]), DEPLOY_GAS)),
        signed(0, &tx(3, Some(token_a), approve.clone(), CALL_GAS)),
        signed(0, &tx(4, Some(token_b), approve.clone(), CALL_GAS)),
        signed(0, &tx(5, Some(pair), call("addLiquidity(uint256,uint256)", &[ether(100_000), ether(200_000)]), CALL_GAS)),
        signed(0, &tx(6, Some(token_a), erc20_transfer(address_of(1), ether(1_000)), CALL_GAS)),
        signed(1, &tx(0, Some(token_a), approve, CALL_GAS)),
        signed(
            1,
            &tx(1, Some(pair), call("swap(uint256,uint256,bool,address)", &[ether(100), ether(190), U256::from(1u8), address_of(1).to_word()]), CALL_GAS),
        ),
        signed(
            0,
            &tx(7, Some(pair), call("swap(uint256,uint256,bool,address)", &[ether(50), U256::ZERO, U256::ZERO, address_of(0).to_word()]), CALL_GAS),
        ),
    ];
    block(
        "Swap: key 0 deploys tokens A and B (supply 1e24 each) and a constant-product pair (examples/swap/Swap.sol), \
         approves the pair, adds 100,000 A + 200,000 B of liquidity and sends 1,000 A to key 1; key 1 approves the \
         pair and swaps 100 A for B (at least 190 B); key 0 swaps 50 B for A",
        alloc(&[0, 1], &[]),
        txs,
    )
}
