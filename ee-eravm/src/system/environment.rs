//! Block and transaction values (SystemContext) and hashing (Keccak256), read from the System's context.
//!
//! zksolc compiles `block.number`, `block.timestamp`, `block.chainid`, `tx.origin`, `tx.gasprice`,
//! `block.coinbase`, `block.basefee`, `block.gaslimit`, `block.prevrandao` and `blockhash(n)` to static far
//! calls to SystemContext with the getters' selectors; each answer is one ABI word (two for
//! `getBlockNumberAndTimestamp()`). Getters of values zkos has no notion of answer what a fresh Era chain
//! would: `txNumberInBlock()` 0, `gasPerPubdataByte()` 0. An unknown selector reverts, as the Solidity
//! contract's dispatcher does.
//!
//! Keccak256 hashes its whole calldata (the real contract drives the keccak precompile over it).
//!
//! | call | ergs |
//! |---|---|
//! | a SystemContext getter | base |
//! | `blockHash(uint256)` / `getBlockHashEVM(uint256)` | base + 20 (the EVM's BLOCKHASH) |
//! | Keccak256 | base + 30 + 6 per 32-byte word (the EVM's KECCAK256) |

use alloc::vec::Vec;

use primitives::{keccak256, U256};
use system_api::{SystemError, SystemInterface};

use super::{ok_word, refuse, Answer, Request, BASE_ERGS};
use crate::opcodes::RetKind;

const CHAIN_ID: u32 = 0x9a8a_0592;
const ORIGIN: u32 = 0x938b_5f32;
const GAS_PRICE: u32 = 0xfe17_3b97;
const BLOCK_GAS_LIMIT: u32 = 0x7877_a797;
const COINBASE: u32 = 0xa6ae_0aac;
const DIFFICULTY: u32 = 0x19ca_e462;
const BASE_FEE: u32 = 0x6ef2_5c3a;
const BLOCK_HASH: u32 = 0x85df_51fd;
const BLOCK_HASH_EVM: u32 = 0x80b4_1246;
const BLOCK_NUMBER: u32 = 0x42cb_b15c;
const BLOCK_TIMESTAMP: u32 = 0x796b_89b9;
const BLOCK_NUMBER_AND_TIMESTAMP: u32 = 0xd4a4_ca0d;
const TX_NUMBER_IN_BLOCK: u32 = 0x8ac8_4c0e;
const GAS_PER_PUBDATA_BYTE: u32 = 0x7cb9_357e;

/// SystemContext getters.
pub fn system_context<Sys: SystemInterface>(sys: &mut Sys, req: &Request<'_>) -> Result<Answer, SystemError> {
    let block = sys.block();
    let value = match req.selector() {
        CHAIN_ID => U256::from(block.chain_id),
        ORIGIN => sys.tx().origin.to_word(),
        GAS_PRICE => sys.tx().gas_price,
        BLOCK_GAS_LIMIT => U256::from(block.gas_limit),
        COINBASE => block.coinbase.to_word(),
        DIFFICULTY => block.prev_randao.to_word(),
        BASE_FEE => block.base_fee,
        BLOCK_NUMBER => U256::from(block.number),
        BLOCK_TIMESTAMP => U256::from(block.timestamp),
        TX_NUMBER_IN_BLOCK | GAS_PER_PUBDATA_BYTE => U256::ZERO,
        BLOCK_NUMBER_AND_TIMESTAMP => {
            let mut output = U256::from(block.number).to_be_bytes::<32>().to_vec();
            output.extend_from_slice(&U256::from(block.timestamp).to_be_bytes::<32>());
            return Ok(Answer::Done { kind: RetKind::Ok, output, ergs: BASE_ERGS });
        }
        BLOCK_HASH | BLOCK_HASH_EVM if req.call.calldata.len() >= 36 => {
            let n = req.arg(0);
            let current = block.number;
            // the last 256 blocks only, as BLOCKHASH
            let hash = match u64::try_from(n) {
                Ok(n) if n < current && current - n <= 256 => sys.block_hash(n)?.to_word(),
                _ => U256::ZERO,
            };
            return Ok(ok_word(hash, BASE_ERGS + 20));
        }
        _ => return Ok(refuse(BASE_ERGS)),
    };
    Ok(ok_word(value, BASE_ERGS))
}

/// Keccak256 of the calldata.
pub fn keccak(req: &Request<'_>) -> Answer {
    let data: &Vec<u8> = &req.call.calldata;
    let words = u32::try_from(data.len().div_ceil(32)).unwrap_or(u32::MAX);
    ok_word(keccak256(data).to_word(), (BASE_ERGS + 30).saturating_add(words.saturating_mul(6)))
}
