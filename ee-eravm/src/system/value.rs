//! Ether on the shared state: the MsgValueSimulator (calls with `msg.value`) and the L2BaseToken (balances).
//!
//! zksolc turns a call with value into a system far call to the MsgValueSimulator with the value in r3
//! (at most 2^128 − 1), the callee in r4 and the "system call" bit in r5; the simulator moves the value and
//! mimic-calls the callee with the caller as `msg.sender` and the value as the context value. Here the move
//! and the call are one `ExecutionRequest::Call` with `transfers_value`, so the callee may be of any EE.
//! The simulator's stipend (the additive far-call cost the caller already paid) is not forwarded, except
//! the 2,300 ergs a value-bearing call adds for the callee as in the real contract; the rest comes back.
//!
//! | call | answer | ergs |
//! |---|---|---|
//! | MsgValueSimulator, system call | value call, or revert (value ≥ 2^128, callee the simulator, balance too low) | base |
//! | MsgValueSimulator, not a system call | revert | base |
//! | `balanceOf(uint256)` | the balance of the low 160 bits | base + 100 |
//! | anything else to L2BaseToken | revert (transfers and mints are for system callers only) | base |

use primitives::{Address, U256};
use system_api::{SystemError, SystemInterface};

use super::{ok_word, refuse, Answer, Request, BASE_ERGS, CONTRACT_DEPLOYER, MSG_VALUE_SIMULATOR};
use crate::vm::MSG_VALUE_SIMULATOR_ADDITIVE_COST;

/// Ergs a value-bearing call adds for the callee (the EVM's call stipend).
pub const VALUE_CALL_STIPEND: u32 = 2300;

const BALANCE_OF: u32 = 0x9cc7_f708;

/// The MsgValueSimulator: `msg.value` for the next far call.
pub fn msg_value_simulator<Sys: SystemInterface>(sys: &mut Sys, req: &Request<'_>) -> Result<Answer, SystemError> {
    if !req.call.system {
        return Ok(refuse(BASE_ERGS));
    }
    let value = req.extra[0];
    let target = Address::from_word(&req.extra[1]);
    let moves_value = !value.is_zero();
    if value > U256::from(u128::MAX)
        || target == Address::from_low_u64(MSG_VALUE_SIMULATOR)
        || (moves_value && req.call.is_static)
    {
        return Ok(refuse(BASE_ERGS));
    }
    if !value.is_zero() && sys.account(&req.caller)?.balance < value {
        // the real simulator's transfer fails and it reverts with empty data
        return Ok(refuse(BASE_ERGS));
    }
    if super::is_native(&target) {
        // `new C{value: v}()` reaches the deployer through the simulator; other system contracts take no value
        let call = crate::vm::FarCall { address: target, ..req.call.clone() };
        let inner = Request { call: &call, caller: req.caller, extra: req.extra };
        if target == Address::from_low_u64(CONTRACT_DEPLOYER) {
            return super::deployer::answer(sys, &inner, value);
        }
        if !value.is_zero() {
            return Ok(refuse(BASE_ERGS));
        }
        return super::answer(sys, &inner);
    }
    let stipend = if value.is_zero() { 0 } else { VALUE_CALL_STIPEND };
    let held = MSG_VALUE_SIMULATOR_ADDITIVE_COST.saturating_sub(stipend).min(req.call.ergs);
    Ok(Answer::ValueCall { target, value, held })
}

/// The L2BaseToken: balances of the shared state.
pub fn base_token<Sys: SystemInterface>(sys: &mut Sys, req: &Request<'_>) -> Result<Answer, SystemError> {
    if req.selector() != BALANCE_OF || req.call.calldata.len() < 36 {
        return Ok(refuse(BASE_ERGS));
    }
    let owner = Address::from_word(&req.arg(0));
    let balance = sys.account(&owner)?.balance;
    Ok(ok_word(balance, BASE_ERGS + 100))
}
