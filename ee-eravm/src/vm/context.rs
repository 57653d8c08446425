//! The opcodes that reach outside the registers and memory: `context.*` (the frame's addresses, ergs,
//! heap bounds and context value, the machine's tx number) and `log.*` (storage and transient storage,
//! events, L1 messages, precompile calls and code decommitment).

use primitives::U256;

use super::{
    addr_to_u256, code_bytes, low_u32, Exec, FatPointer, Host, Page, Value, Vm, NEW_KERNEL_FRAME_MEMORY_STIPEND,
};
use crate::opcodes::{ContextOp, LogOp, Op};
use crate::pubdata::{precompile_pubdata_cost, MAX_PUBDATA_COST_PER_QUERY};

impl Vm {
    pub(super) fn context(&mut self, c: ContextOp, ctx: &Exec) {
        self.frame_mut().pc = ctx.new_pc;
        let f = self.frame();
        let v = match c {
            ContextOp::SetContextU128 => {
                let l = ctx.src0.value.as_limbs();
                self.context_u128 = l[0] as u128 | ((l[1] as u128) << 64);
                return;
            }
            ContextOp::AuxMutating0 => return,
            ContextOp::IncrementTxNumber => {
                self.tx_number = self.tx_number.wrapping_add(1);
                return;
            }
            ContextOp::This => addr_to_u256(&f.this),
            ContextOp::Caller => addr_to_u256(&f.caller),
            ContextOp::CodeAddress => addr_to_u256(&f.code_address),
            ContextOp::Meta => {
                // aux field 0 is the pubdata counter, shown to kernel code only (as zk_evm does)
                let aux0 = if ctx.kernel { self.pubdata_revert_counter as u32 as u64 } else { 0 };
                U256::from_limbs([aux0, f.heap_bound as u64 | ((f.aux_heap_bound as u64) << 32), 0, 0])
            }
            ContextOp::ErgsLeft => U256::from(f.ergs),
            ContextOp::Sp => U256::from(f.sp),
            ContextOp::GetContextU128 => U256::from(f.context_u128),
        };
        self.write_dst0(ctx, Value::num(v));
    }

    pub(super) fn log(&mut self, host: &mut dyn Host, l: LogOp, ctx: &Exec) {
        self.frame_mut().pc = ctx.new_pc;
        let is_first = ctx.ins.variant.flags[0];
        let key = ctx.src0.value;
        let value = ctx.src1.value;
        let extra = match l {
            LogOp::PrecompileCall => low_u32(&value),
            LogOp::Decommit => low_u32(&value),
            _ => 0,
        };
        let not_enough = match self.frame().ergs.checked_sub(extra) {
            Some(e) => {
                self.frame_mut().ergs = e;
                false
            }
            None => {
                self.frame_mut().ergs = 0;
                true
            }
        };
        let this = self.frame().this;
        let refund = match l {
            LogOp::StorageRead => {
                let refund = host.storage_refund(&this, &key, false);
                let v = host.storage_read(&this, &key);
                self.write_dst0(ctx, Value::num(v));
                refund
            }
            LogOp::TransientRead => {
                let v = host.transient_read(&this, &key);
                self.write_dst0(ctx, Value::num(v));
                0
            }
            LogOp::StorageWrite => {
                let refund = host.storage_refund(&this, &key, true);
                host.storage_write(&this, &key, &value);
                let cost = host.storage_write_pubdata(&this, &key);
                self.add_pubdata(cost.clamp(-MAX_PUBDATA_COST_PER_QUERY, MAX_PUBDATA_COST_PER_QUERY));
                refund
            }
            LogOp::TransientWrite => {
                host.transient_write(&this, &key, &value);
                0
            }
            LogOp::Event => {
                host.event(&this, &key, &value, is_first);
                0
            }
            LogOp::ToL1Message => {
                if !not_enough {
                    host.l1_message(&this, &key, &value, is_first);
                }
                0
            }
            LogOp::PrecompileCall => {
                // Precompiles are not provided: the call "succeeds" without writing output.
                let v = if not_enough { U256::ZERO } else { U256::from(1u8) };
                self.write_dst0(ctx, Value::num(v));
                if !not_enough {
                    self.add_pubdata(precompile_pubdata_cost(value.as_limbs()[0]));
                }
                0
            }
            LogOp::Decommit => {
                let hash = key.to_be_bytes::<32>();
                let valid = (hash[0] == 1 || hash[0] == 2) && (hash[1] == 0 || hash[1] == 1);
                if !valid || not_enough {
                    self.write_dst0(ctx, Value::default());
                    0
                } else {
                    let mut norm = [0u8; 28];
                    norm.copy_from_slice(&hash[4..]);
                    let (fresh, page) = match self.decommitted.get(&norm) {
                        Some(&page) => (false, page),
                        None => (true, self.frame().base_page + 2),
                    };
                    if fresh {
                        self.decommitted.insert(norm, page);
                        if let Some(code) = host.decommit(&hash) {
                            self.pages.insert(page, Page::from_bytes(code_bytes(&code)));
                        }
                    }
                    let p = FatPointer { offset: 0, page, start: 0, length: NEW_KERNEL_FRAME_MEMORY_STIPEND };
                    self.write_dst0(ctx, Value { value: p.to_u256(), is_pointer: true });
                    if fresh {
                        0
                    } else {
                        extra
                    }
                }
            }
        };
        // zk_evm asserts a storage access refund never exceeds the opcode's price; clamping keeps a host from
        // minting ergs (a decommit's refund is the extra cost it took, so it needs no clamp)
        let refund = if matches!(l, LogOp::StorageRead | LogOp::StorageWrite) { refund.min(Op::Log(l).ergs()) } else { refund };
        self.frame_mut().ergs = self.frame().ergs.saturating_add(refund);
    }
}
