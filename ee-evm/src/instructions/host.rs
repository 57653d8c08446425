//! Instructions that read or change other state through the System: balances, code, storage, transient
//! storage, logs and SELFDESTRUCT.

use alloc::vec::Vec;
use primitives::{Address, Log, B256, KECCAK_EMPTY, U256};
use system_api::{Resources, SystemInterface};

use ee_api::ExitStatus;

use super::memory_ops::words;
use super::{charge, pop, require_non_static, sys, Interp};
use crate::gas;
use crate::interpreter::Status;
use crate::memory::padded_slice;

/// BALANCE
pub fn balance<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    let address = Address::from_word(&it.stack.peek(0));
    let cold = sys!(it, sys.access_account(&address));
    charge!(it, gas::account_access(cold));
    let account = sys!(it, sys.account(&address));
    *it.stack.top() = account.balance;
}

/// SELFBALANCE
pub fn selfbalance<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    let account = sys!(it, sys.account(&it.ctx.address));
    it.stack.push(account.balance);
}

/// EXTCODESIZE
pub fn extcodesize<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    let address = Address::from_word(&it.stack.peek(0));
    let cold = sys!(it, sys.access_account(&address));
    charge!(it, gas::account_access(cold));
    let account = sys!(it, sys.account(&address));
    *it.stack.top() = U256::from(account.code_len);
}

/// EXTCODECOPY
pub fn extcodecopy<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    pop!(it; target, dst, src, len);
    let address = Address::from_word(&target);
    let cold = sys!(it, sys.access_account(&address));
    charge!(it, gas::account_access(cold));
    let Some((dst, n)) = it.memory_range(&dst, &len) else { return };
    charge!(it, 3 * words(n));
    if n == 0 {
        return;
    }
    let code = sys!(it, sys.code(&address));
    padded_slice(&code, &src, n, it.memory.slice_mut(dst, n));
}

/// EXTCODEHASH: zero for empty or absent accounts (EIP-1052 with EIP-161).
pub fn extcodehash<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    let address = Address::from_word(&it.stack.peek(0));
    let cold = sys!(it, sys.access_account(&address));
    charge!(it, gas::account_access(cold));
    let account = sys!(it, sys.account(&address));
    *it.stack.top() = if !account.exists || account.is_empty() {
        U256::ZERO
    } else if account.code_len == 0 {
        KECCAK_EMPTY.to_word()
    } else {
        account.code_hash.to_word()
    };
}

/// SLOAD
pub fn sload<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    // The key is read in place (`Stack::peek_ref`): the System takes it by reference.
    let slot = sys!(it, sys.sload(&it.ctx.address, it.stack.peek_ref(0)));
    charge!(it, if slot.was_cold { gas::COLD_SLOAD } else { gas::WARM_ACCESS });
    *it.stack.top() = slot.value;
}

/// SSTORE: EIP-2200 net metering with EIP-2929 access costs and EIP-3529 refunds.
pub fn sstore<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    require_non_static!(it);
    if it.gas_left() <= gas::SSTORE_SENTRY {
        it.halt(ee_api::HaltReason::OutOfResources);
        return;
    }
    let value = it.stack.peek(1);
    let write = sys!(it, sys.sstore(&it.ctx.address, it.stack.peek_ref(0), &value));
    it.stack.drop_top(2);
    let (cost, refund) = gas::sstore_cost(&write.original, &write.present, &value, write.was_cold);
    charge!(it, cost);
    if refund != 0 {
        it.resources.record_refund(refund);
    }
}

/// TLOAD (EIP-1153)
pub fn tload<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    let value = sys.tload(&it.ctx.address, it.stack.peek_ref(0));
    *it.stack.top() = value;
}

/// TSTORE (EIP-1153)
pub fn tstore<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    require_non_static!(it);
    sys.tstore(&it.ctx.address, it.stack.peek_ref(0), it.stack.peek_ref(1));
    it.stack.drop_top(2);
}

/// LOG0–LOG4: 8 gas per data byte on top of the static part.
pub fn log<const N: usize, Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    require_non_static!(it);
    pop!(it; offset, len);
    let Some((offset, n)) = it.memory_range(&offset, &len) else { return };
    charge!(it, 8 * n as u64);
    let mut topics = Vec::with_capacity(N);
    for _ in 0..N {
        topics.push(B256::from_word(&it.stack.pop()));
    }
    let data = it.memory.slice(offset, n).to_vec();
    sys.emit_log(Log { address: it.ctx.address, topics, data });
}

/// SELFDESTRUCT with EIP-6780: the balance moves; the account is deleted only if created in this transaction.
pub fn selfdestruct<Sys: SystemInterface>(it: &mut Interp<Sys>, sys: &mut Sys) {
    require_non_static!(it);
    pop!(it; target);
    let beneficiary = Address::from_word(&target);
    let cold = sys!(it, sys.access_account(&beneficiary));
    if cold {
        charge!(it, gas::COLD_ACCOUNT_ACCESS);
    }
    let own = sys!(it, sys.account(&it.ctx.address));
    let target_account = sys!(it, sys.account(&beneficiary));
    if !own.balance.is_zero() && (!target_account.exists || target_account.is_empty()) {
        charge!(it, gas::NEW_ACCOUNT);
    }
    sys!(it, sys.self_destruct(&it.ctx.address, &beneficiary));
    it.status = Status::Exit(ExitStatus::Success);
}
