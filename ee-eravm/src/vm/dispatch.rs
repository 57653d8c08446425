//! Decoding and dispatch: one `cycle` fetches and decodes the instruction (or the pending panic), charges
//! its ergs, checks kernel, static and depth rules and the condition, resolves the operands, and
//! `execute` runs it: arithmetic, bitwise, shifts, jumps, pointer arithmetic and near calls inline, the
//! other families through their modules.

use primitives::U256;

use super::{erase_pointer_metadata, low_u16, low_u32, shl, shr, FatPointer, Flags, Host, Value, Vm, MAX_STACK_DEPTH};
use crate::opcodes::{mode, Condition, Instruction, LogOp, Op, RetKind};

fn instruction_at(code: &[U256], pc: u16) -> u64 {
    let word = code.get((pc >> 2) as usize).copied().unwrap_or(U256::ZERO);
    word.as_limbs()[3 - (pc & 3) as usize]
}

impl Vm {
    fn resolve(&self, c: Condition) -> bool {
        let f = self.flags;
        match c {
            Condition::Always => true,
            Condition::Gt => f.gt,
            Condition::Lt => f.lt_of,
            Condition::Eq => f.eq,
            Condition::Ge => f.gt || f.eq,
            Condition::Le => f.lt_of || f.eq,
            Condition::Ne => !f.eq,
            Condition::GtOrLt => f.gt || f.lt_of,
        }
    }

    /// Executes one instruction.
    pub fn cycle(&mut self, host: &mut dyn Host) {
        let (mut ins, price) = if self.pending_exception {
            self.pending_exception = false;
            (Instruction::PANIC, Op::Ret(RetKind::Panic).ergs())
        } else {
            let frame = self.frame();
            let ins = Instruction::decode(instruction_at(&frame.code, frame.pc));
            (ins, ins.variant.op.ergs())
        };
        let mut error = ins.variant.op == Op::Invalid;
        let frame = self.frame();
        let kernel = frame.is_kernel();
        let is_static = frame.is_static;
        let pc = frame.pc;
        let ergs = frame.ergs;
        let frame_ergs = match ergs.checked_sub(price) {
            Some(e) => e,
            None => {
                error = true;
                0
            }
        };
        if ins.variant.op.requires_kernel() && !kernel && !(self.user_events && ins.variant.op == Op::Log(LogOp::Event)) {
            error = true;
        }
        if ins.variant.op.forbidden_in_static() && is_static {
            error = true;
        }
        if self.frames.len() > MAX_STACK_DEPTH {
            error = true;
        }
        self.frame_mut().ergs = frame_ergs;
        if error {
            let (imm0, imm1) = (ins.imm0, ins.imm1);
            ins = Instruction::PANIC;
            ins.imm0 = imm0;
            ins.imm1 = imm1;
        } else if !self.resolve(ins.condition) {
            ins = Instruction {
                index: 0,
                variant: crate::opcodes::Variant { op: Op::Nop, src0: 0, dst0: 0, flags: [false, false] },
                condition: Condition::Always,
                src0: 0,
                src1: 0,
                dst0: 0,
                dst1: 0,
                imm0: ins.imm0,
                imm1: ins.imm1,
            };
        }

        // operands
        let base = self.frame().base_page;
        let stack_page = base + 1;
        let mut sp = self.frame().sp;
        let src0_reg = self.reg(ins.src0);
        let src_vaddr = low_u16(&src0_reg.value).wrapping_add(ins.imm0);
        let mut src_loc: Option<(bool, u16)> = None; // (is_code, index)
        match ins.variant.src0 {
            mode::STACK_PUSH_POP => {
                sp = sp.wrapping_sub(src_vaddr);
                src_loc = Some((false, sp));
            }
            mode::STACK_OFFSET => src_loc = Some((false, sp.wrapping_sub(src_vaddr))),
            mode::STACK_ABSOLUTE => src_loc = Some((false, src_vaddr)),
            mode::CODE => src_loc = Some((true, src_vaddr)),
            _ => {}
        }
        let dst0_reg = self.reg(ins.dst0);
        let dst_vaddr = low_u16(&dst0_reg.value).wrapping_add(ins.imm1);
        let dst_loc: Option<u16> = match ins.variant.dst0 {
            mode::STACK_PUSH_POP => {
                let old = sp;
                sp = sp.wrapping_add(dst_vaddr);
                Some(old)
            }
            mode::STACK_OFFSET => Some(sp.wrapping_sub(dst_vaddr)),
            mode::STACK_ABSOLUTE => Some(dst_vaddr),
            _ => None,
        };
        self.frame_mut().sp = sp;
        let mut src0 = match ins.variant.src0 {
            mode::IMM => Value::num(U256::from(ins.imm0)),
            mode::REG => src0_reg,
            _ => match src_loc {
                _ if ins.variant.op == Op::Nop => Value::default(),
                Some((true, idx)) => {
                    Value::num(self.frame().code.get(idx as usize).copied().unwrap_or(U256::ZERO))
                }
                Some((false, idx)) => self.stack_read(stack_page, idx),
                None => Value::default(),
            },
        };
        let mut src1 = self.reg(ins.src1);
        if ins.variant.op.swaps(ins.variant.flags) {
            core::mem::swap(&mut src0, &mut src1);
        }
        let new_pc = pc.wrapping_add(1);
        if !ins.variant.op.src0_can_be_pointer() && src0.is_pointer && !kernel {
            erase_pointer_metadata(&mut src0.value);
            src0.is_pointer = false;
        }
        if src1.is_pointer && !kernel {
            erase_pointer_metadata(&mut src1.value);
            src1.is_pointer = false;
        }
        let ctx = Exec { ins, src0, src1, dst_loc, stack_page, new_pc, kernel };
        self.dst1_written = false;
        self.execute(host, &ctx);
        if !self.dst1_written {
            self.set_reg(ins.dst1, Value::default());
        }
        self.cycles += 1;
    }

    pub(super) fn write_dst0(&mut self, ctx: &Exec, v: Value) {
        match ctx.dst_loc {
            Some(idx) => self.stack_write(ctx.stack_page, idx, v),
            None => self.set_reg(ctx.ins.dst0, v),
        }
    }

    pub(super) fn write_dst1(&mut self, idx: u8, v: Value) {
        self.dst1_written = true;
        self.set_reg(idx, v);
    }

    pub(super) fn set_flags(&mut self, lt_of: bool, eq: bool, gt: bool) {
        self.flags = Flags { lt_of, eq, gt };
    }

    fn execute(&mut self, host: &mut dyn Host, ctx: &Exec) {
        let ins = ctx.ins;
        let set = ins.variant.flags[0];
        let a = ctx.src0.value;
        let b = ctx.src1.value;
        match ins.variant.op {
            Op::Invalid | Op::Nop => self.frame_mut().pc = ctx.new_pc,
            Op::Add | Op::Sub => {
                self.frame_mut().pc = ctx.new_pc;
                let (r, of) = if ins.variant.op == Op::Add { a.overflowing_add(b) } else { a.overflowing_sub(b) };
                if set {
                    let eq = r.is_zero();
                    self.set_flags(of, eq, !eq && !of);
                }
                self.write_dst0(ctx, Value::num(r));
            }
            Op::Mul => {
                self.frame_mut().pc = ctx.new_pc;
                let wide: ruint::Uint<512, 8> = a.widening_mul(b);
                let l = wide.as_limbs();
                let low = U256::from_limbs([l[0], l[1], l[2], l[3]]);
                let high = U256::from_limbs([l[4], l[5], l[6], l[7]]);
                if set {
                    let of = !high.is_zero();
                    let eq = low.is_zero();
                    self.set_flags(of, eq, !of && !eq);
                }
                self.write_dst0(ctx, Value::num(low));
                self.write_dst1(ins.dst1, Value::num(high));
            }
            Op::Div => {
                self.frame_mut().pc = ctx.new_pc;
                if b.is_zero() {
                    if set {
                        self.set_flags(true, false, false);
                    }
                    self.write_dst0(ctx, Value::default());
                    self.write_dst1(ins.dst1, Value::default());
                } else {
                    let (q, r) = a.div_rem(b);
                    if set {
                        self.set_flags(false, q.is_zero(), r.is_zero());
                    }
                    self.write_dst0(ctx, Value::num(q));
                    self.write_dst1(ins.dst1, Value::num(r));
                }
            }
            Op::Jump => {
                let dest = low_u16(&a);
                self.frame_mut().pc = dest;
                self.write_dst0(ctx, Value::num(U256::from(ctx.new_pc)));
            }
            Op::Xor | Op::And | Op::Or => {
                self.frame_mut().pc = ctx.new_pc;
                let r = match ins.variant.op {
                    Op::Xor => a ^ b,
                    Op::And => a & b,
                    _ => a | b,
                };
                if set {
                    self.set_flags(false, r.is_zero(), false);
                }
                self.write_dst0(ctx, Value::num(r));
            }
            Op::Shl | Op::Shr | Op::Rol | Op::Ror => {
                self.frame_mut().pc = ctx.new_pc;
                let s = (b.as_limbs()[0] as u8) as usize;
                let r = match ins.variant.op {
                    Op::Shl => shl(a, s),
                    Op::Shr => shr(a, s),
                    Op::Rol => shl(a, s) | shr(a, 256 - s),
                    _ => shr(a, s) | shl(a, 256 - s),
                };
                if set {
                    self.set_flags(false, r.is_zero(), false);
                }
                self.write_dst0(ctx, Value::num(r));
            }
            Op::PtrAdd | Op::PtrSub | Op::PtrPack | Op::PtrShrink => {
                self.frame_mut().pc = ctx.new_pc;
                if !ctx.src0.is_pointer || ctx.src1.is_pointer {
                    self.pending_exception = true;
                    return;
                }
                let sl = *a.as_limbs();
                let result = match ins.variant.op {
                    Op::PtrPack => {
                        let bl = b.as_limbs();
                        if bl[0] != 0 || bl[1] != 0 {
                            self.pending_exception = true;
                            return;
                        }
                        U256::from_limbs([sl[0], sl[1], bl[2], bl[3]])
                    }
                    op => {
                        let mut p = FatPointer::from_u256(&a);
                        let delta = low_u32(&b);
                        let r = match op {
                            Op::PtrAdd | Op::PtrSub => {
                                if b >= U256::from(1u64 << 32) {
                                    self.pending_exception = true;
                                    return;
                                }
                                if op == Op::PtrAdd {
                                    p.offset.checked_add(delta).map(|o| p.offset = o)
                                } else {
                                    p.offset.checked_sub(delta).map(|o| p.offset = o)
                                }
                            }
                            _ => p.length.checked_sub(delta).map(|l| p.length = l),
                        };
                        if r.is_none() {
                            self.pending_exception = true;
                            return;
                        }
                        let pl = *p.to_u256().as_limbs();
                        U256::from_limbs([pl[0], pl[1], sl[2], sl[3]])
                    }
                };
                self.write_dst0(ctx, Value { value: result, is_pointer: true });
            }
            Op::NearCall => {
                self.flags = Flags::default();
                let requested = low_u32(&a);
                let remaining = self.frame().ergs;
                let (passed, left) = if requested == 0 || requested > remaining {
                    (remaining, 0)
                } else {
                    (requested, remaining - requested)
                };
                let cp = host.checkpoint();
                let f = self.frame_mut();
                f.ergs = left;
                f.pc = ctx.new_pc;
                let mut new = f.clone();
                new.pc = ins.imm0;
                new.exception_handler = ins.imm1;
                new.ergs = passed;
                new.is_local = true;
                new.stipend = f.stipend;
                new.checkpoint = cp;
                new.pubdata_spent = 0;
                self.frames.push(new);
            }
            Op::Context(c) => self.context(c, ctx),
            Op::Log(l) => self.log(host, l, ctx),
            Op::FarCall(kind) => self.far_call(host, kind, ctx),
            Op::Ret(kind) => self.ret(host, kind, ctx),
            Op::Uma(u) => self.uma(u, ctx),
        }
    }
}

/// Operands of the instruction being executed.
pub(crate) struct Exec {
    pub(crate) ins: Instruction,
    pub(crate) src0: Value,
    pub(crate) src1: Value,
    pub(crate) dst_loc: Option<u16>,
    pub(crate) stack_page: u32,
    pub(crate) new_pc: u16,
    pub(crate) kernel: bool,
}
