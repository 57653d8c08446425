//! CALL, CALLCODE, DELEGATECALL, STATICCALL, CREATE, CREATE2: the EVM's side of a call. The instruction
//! prices the call (EIP-150, EIP-2929, EIP-7702), applies the EVM's early-failure rules, and suspends the
//! frame with a request; the bootloader runs the callee and the frame resumes in `frame.rs`.

use alloc::vec::Vec;
use primitives::{keccak256, u256_to_u64, Address, U256};
use system_api::{Gas, Resources, SystemInterface};

use ee_api::{CallRequest, CallScheme, DeployRequest, ExecutionRequest, HaltReason};

use super::memory_ops::words;
use super::{charge, pop, require_non_static, sys, Interp};
use crate::gas;
use crate::interpreter::Pending;
use crate::{delegation_target, EVM_EE_TYPE};

/// CALL
pub fn call<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    call_common(it, sys, CallScheme::Call);
}

/// CALLCODE
pub fn callcode<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    call_common(it, sys, CallScheme::CallCode);
}

/// DELEGATECALL
pub fn delegatecall<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    call_common(it, sys, CallScheme::DelegateCall);
}

/// STATICCALL
pub fn staticcall<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    call_common(it, sys, CallScheme::StaticCall);
}

/// Pushes 0 and gives the callee's resources back: the call failed before it started.
fn fail_early<R: Resources>(it: &mut crate::interpreter::Interpreter<R>, callee: R) {
    it.resources.reclaim(callee, false);
    it.return_data.clear();
    it.stack.push(U256::ZERO);
}

fn call_common<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys, scheme: CallScheme) {
    pop!(it; requested_gas, to);
    let has_value = matches!(scheme, CallScheme::Call | CallScheme::CallCode);
    let value = if has_value { it.stack.pop() } else { U256::ZERO };
    pop!(it; in_offset, in_len, out_offset, out_len);
    let to = Address::from_word(&to);

    let Some((in_offset, in_len)) = it.memory_range(&in_offset, &in_len) else { return };
    let Some((out_offset, out_len)) = it.memory_range(&out_offset, &out_len) else { return };

    let mut extra = gas::account_access(sys!(it, sys.access_account(&to)));
    let mut code_address = to;
    let mut via_delegation = false;
    let code = sys!(it, sys.code(&to));
    let delegation =
        if sys.block().fork.is_enabled(primitives::Fork::Prague) { delegation_target(&code) } else { None };
    if let Some(delegate) = delegation {
        extra += gas::account_access(sys!(it, sys.access_account(&delegate)));
        code_address = delegate;
        via_delegation = true;
    }
    if has_value && !value.is_zero() {
        if scheme == CallScheme::Call && it.ctx.is_static {
            it.halt(HaltReason::StateChangeInStaticContext);
            return;
        }
        extra += gas::CALL_VALUE;
        if scheme == CallScheme::Call {
            let target = sys!(it, sys.account(&to));
            if !target.exists || target.is_empty() {
                extra += gas::NEW_ACCOUNT;
            }
        }
    }
    charge!(it, extra);

    let cap = Gas::new(it.gas_left()).all_but_one_64th().get();
    let callee_gas = u256_to_u64(&requested_gas).map_or(cap, |g| g.min(cap));
    let mut callee = it.resources.take(Gas::new(callee_gas));
    if has_value && !value.is_zero() {
        callee.reclaim(Sys::Resources::with_gas(Gas::new(gas::CALL_STIPEND)), false);
    }

    if it.ctx.depth + 1 > gas::CALL_DEPTH_LIMIT {
        fail_early(it, callee);
        return;
    }
    if has_value && !value.is_zero() {
        let own = sys!(it, sys.account(&it.ctx.address));
        if own.balance < value {
            fail_early(it, callee);
            return;
        }
    }

    let input = it.memory.slice(in_offset, in_len).to_vec();
    let (caller, target, value, transfers_value) = match scheme {
        CallScheme::Call | CallScheme::StaticCall => (it.ctx.address, to, value, true),
        CallScheme::CallCode => (it.ctx.address, it.ctx.address, value, true),
        CallScheme::DelegateCall => (it.ctx.caller, it.ctx.address, it.ctx.value, false),
    };
    let request = CallRequest {
        scheme,
        caller,
        target,
        code_address,
        value,
        transfers_value,
        input,
        resources: callee,
        is_static: it.ctx.is_static || scheme == CallScheme::StaticCall,
        precompiles_enabled: !via_delegation,
    };
    it.suspend(ExecutionRequest::Call(request), Pending::Call { offset: out_offset, len: out_len });
}

/// The CREATE address: keccak256(rlp([sender, nonce]))[12..].
pub fn create_address(sender: &Address, nonce: u64) -> Address {
    let mut rlp = Vec::with_capacity(32);
    let nonce_bytes = nonce.to_be_bytes();
    let skip = nonce_bytes.iter().take_while(|b| **b == 0).count();
    let nonce_bytes = &nonce_bytes[skip..];
    let nonce_len = if nonce == 0 || (nonce_bytes.len() == 1 && nonce_bytes[0] < 0x80) { 1 } else { 1 + nonce_bytes.len() };
    rlp.push(0xc0 + (21 + nonce_len) as u8);
    rlp.push(0x94);
    rlp.extend_from_slice(&sender.0);
    if nonce == 0 {
        rlp.push(0x80);
    } else if nonce_bytes.len() == 1 && nonce_bytes[0] < 0x80 {
        rlp.push(nonce_bytes[0]);
    } else {
        rlp.push(0x80 + nonce_bytes.len() as u8);
        rlp.extend_from_slice(nonce_bytes);
    }
    let hash = keccak256(&rlp);
    Address::from_slice(&hash.0[12..]).unwrap_or_default()
}

/// The CREATE2 address: keccak256(0xff ++ sender ++ salt ++ keccak256(init_code))[12..].
pub fn create2_address(sender: &Address, salt: &U256, init_code: &[u8]) -> Address {
    let mut buf = [0u8; 85];
    buf[0] = 0xff;
    buf[1..21].copy_from_slice(&sender.0);
    buf[21..53].copy_from_slice(&salt.to_be_bytes::<32>());
    buf[53..].copy_from_slice(&keccak256(init_code).0);
    let hash = keccak256(&buf);
    Address::from_slice(&hash.0[12..]).unwrap_or_default()
}

/// CREATE and CREATE2.
pub fn create<const IS_CREATE2: bool, Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    require_non_static!(it);
    pop!(it; value, offset, len);
    let salt = if IS_CREATE2 { it.stack.pop() } else { U256::ZERO };
    if u256_to_u64(&len).is_none_or(|l| l > gas::MAX_INITCODE_SIZE as u64) {
        it.halt(HaltReason::OutOfResources);
        return;
    }
    let Some((offset, len)) = it.memory_range(&offset, &len) else { return };
    let per_word = if IS_CREATE2 { gas::INITCODE_WORD + gas::KECCAK_WORD } else { gas::INITCODE_WORD };
    charge!(it, per_word * words(len));

    let cap = Gas::new(it.gas_left()).all_but_one_64th();
    let callee = it.resources.take(cap);
    it.return_data.clear();

    let creator = it.ctx.address;
    let own = sys!(it, sys.account(&creator));
    if own.balance < value || own.nonce == u64::MAX || it.ctx.depth + 1 > gas::CALL_DEPTH_LIMIT {
        fail_early(it, callee);
        return;
    }
    let init_code = it.memory.slice(offset, len).to_vec();
    let address = if IS_CREATE2 {
        create2_address(&creator, &salt, &init_code)
    } else {
        create_address(&creator, own.nonce)
    };
    sys!(it, sys.access_account(&address));
    sys!(it, sys.set_nonce(&creator, own.nonce + 1));
    let target = sys!(it, sys.account(&address));
    if target.nonce != 0 || target.code_len != 0 {
        // Collision: the gas given to the constructor is consumed.
        it.stack.push(U256::ZERO);
        return;
    }
    let salt = IS_CREATE2.then(|| primitives::B256::from_word(&salt));
    let request = DeployRequest { deployer: creator, address, init_code, ee_type: EVM_EE_TYPE, value, resources: callee, salt };
    it.suspend(ExecutionRequest::Deploy(request), Pending::Create);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_addresses_match_known_values() {
        // The first contract of 0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0 (a widely quoted example).
        let sender = Address::from_hex("0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0").unwrap();
        assert_eq!(create_address(&sender, 0), Address::from_hex("0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d").unwrap());
        assert_eq!(create_address(&sender, 1), Address::from_hex("0x343c43a37d37dff08ae8c4a11544c718abb4fcf8").unwrap());
        // EIP-1014 example 0: zero sender, zero salt, init code 0x00.
        let addr = create2_address(&Address::ZERO, &U256::ZERO, &[0x00]);
        assert_eq!(addr, Address::from_hex("0x4d1a2e2bb4f88f0250f26ffff098b0b30b26bf38").unwrap());
    }
}
