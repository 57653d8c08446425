//! Compilation of one function body: each WebAssembly instruction is validated against the
//! [`Validator`]'s stacks and emitted as [`Op`]s, branches resolved to instruction indices when their
//! label ends; floating-point and unsupported instructions are rejected here.

use alloc::vec::Vec;

use super::decode::Reader;
use super::validate::{Fixup, Kind, Validator};
use super::{Branch, Function, Module, Op, Reject, ValType, MAX_LOCALS};

/// Validates and compiles one function body.
pub(super) fn compile_function(m: &Module, type_index: u32, body: &[u8]) -> Result<Function, Reject> {
    use ValType::{I32, I64};
    let ty = &m.types[type_index as usize];
    let mut r = Reader::new(body);
    let mut locals = ty.params.clone();
    let mut declared = 0u32;
    for _ in 0..r.count(MAX_LOCALS as usize)? {
        let n = r.u32()?;
        let t = r.val_type()?;
        declared =
            declared.checked_add(n).filter(|d| d + (ty.params.len() as u32) <= MAX_LOCALS).ok_or("too many locals")?;
        locals.extend(core::iter::repeat_n(t, n as usize));
    }
    let mut v = Validator { m, locals, vals: Vec::new(), ctrls: Vec::new(), code: Vec::new(), table: Vec::new() };
    v.push_ctrl(Kind::Function, Vec::new(), ty.results.clone())?;
    while !v.ctrls.is_empty() {
        let opcode = r.byte()?;
        match opcode {
            0x00 => {
                v.code.push(Op::Unreachable);
                v.set_unreachable();
            }
            0x01 => {}
            0x02 | 0x03 => {
                let (params, results) = v.block_type(&mut r)?;
                v.pop_all(&params)?;
                v.push_ctrl(if opcode == 0x02 { Kind::Block } else { Kind::Loop }, params, results)?;
            }
            0x04 => {
                let (params, results) = v.block_type(&mut r)?;
                v.pop_expect(I32)?;
                v.pop_all(&params)?;
                v.push_ctrl(Kind::If, params, results)?;
                let at = v.code.len();
                v.code.push(Op::BrIfNot(0));
                if let Some(ctrl) = v.ctrls.last_mut() {
                    ctrl.if_jump = Some(at);
                }
            }
            0x05 => {
                if v.ctrls.last().map(|c| c.kind) != Some(Kind::If) {
                    return Err("else without if");
                }
                let mut ctrl = v.pop_ctrl()?;
                // Jump from the end of the then-branch over the else-branch.
                let at = v.code.len();
                v.code.push(Op::Br(Branch { target: 0, height: ctrl.height as u32, keep: ctrl.results.len() as u32 }));
                ctrl.fixups.push(Fixup::Op(at));
                if let Some(jump) = ctrl.if_jump.take() {
                    v.code[jump] = Op::BrIfNot(v.code.len() as u32);
                }
                let params = ctrl.params.clone();
                v.push_all(&params);
                ctrl.kind = Kind::Else;
                ctrl.unreachable = false;
                v.ctrls.push(ctrl);
            }
            0x0b => {
                let ctrl = v.pop_ctrl()?;
                if ctrl.kind == Kind::If && ctrl.params != ctrl.results {
                    return Err("if without else must not change the stack");
                }
                if ctrl.kind == Kind::Function {
                    v.code.push(Op::Return);
                }
                let end = v.code.len() as u32;
                let end = if ctrl.kind == Kind::Function { end - 1 } else { end };
                if let Some(jump) = ctrl.if_jump {
                    v.code[jump] = Op::BrIfNot(end);
                }
                for f in ctrl.fixups {
                    match f {
                        Fixup::Op(at) => {
                            if let Op::Br(b) | Op::BrIf(b) = &mut v.code[at] {
                                b.target = end;
                            }
                        }
                        Fixup::Table(at) => v.table[at].target = end,
                    }
                }
                v.push_all(&ctrl.results);
            }
            0x0c => {
                let depth = r.u32()?;
                let types = v.label_types(depth)?;
                v.pop_all(&types)?;
                let at = v.code.len();
                let b = v.branch(depth, |_| Fixup::Op(at))?;
                v.code.push(Op::Br(b));
                v.set_unreachable();
            }
            0x0d => {
                let depth = r.u32()?;
                v.pop_expect(I32)?;
                let types = v.label_types(depth)?;
                v.pop_all(&types)?;
                v.push_all(&types);
                let at = v.code.len();
                let b = v.branch(depth, |_| Fixup::Op(at))?;
                v.code.push(Op::BrIf(b));
            }
            0x0e => {
                let n = r.count(65536)?;
                let mut depths = Vec::with_capacity(n + 1);
                for _ in 0..=n {
                    depths.push(r.u32()?);
                }
                v.pop_expect(I32)?;
                let default_arity = v.label_types(depths[n])?.len();
                let start = v.table.len() as u32;
                for &depth in &depths {
                    let types = v.label_types(depth)?;
                    if types.len() != default_arity {
                        return Err("br_table targets of different arity");
                    }
                    v.pop_all(&types)?;
                    v.push_all(&types);
                    let at = v.table.len();
                    let b = v.branch(depth, |_| Fixup::Table(at))?;
                    v.table.push(b);
                }
                v.code.push(Op::BrTable { start, len: depths.len() as u32 });
                v.set_unreachable();
            }
            0x0f => {
                v.pop_all(&ty.results)?;
                v.code.push(Op::Return);
                v.set_unreachable();
            }
            0x10 => {
                let f = r.u32()?;
                if f as usize >= m.func_types.len() {
                    return Err("call to an unknown function");
                }
                let callee = m.func_type(f);
                v.pop_all(&callee.params)?;
                v.push_all(&callee.results);
                v.code.push(Op::Call(f));
            }
            0x11 => {
                let type_index = r.u32()?;
                if r.u32()? != 0 || m.table.is_none() {
                    return Err("call_indirect without a table");
                }
                let callee = m.types.get(type_index as usize).ok_or("call_indirect type out of range")?;
                v.pop_expect(I32)?;
                v.pop_all(&callee.params)?;
                v.push_all(&callee.results);
                v.code.push(Op::CallIndirect(type_index));
            }
            0x1a => {
                v.pop()?;
                v.code.push(Op::Drop);
            }
            0x1b | 0x1c => {
                if opcode == 0x1c {
                    let types = r.val_types()?;
                    if types.len() != 1 {
                        return Err("select with more than one type");
                    }
                }
                v.pop_expect(I32)?;
                let a = v.pop()?;
                let b = v.pop()?;
                let t = match (a, b) {
                    (Some(a), Some(b)) if a != b => return Err("validation: select of different types"),
                    (Some(t), _) | (_, Some(t)) => Some(t),
                    _ => None,
                };
                v.vals.push(t);
                v.code.push(Op::Select);
            }
            0x20 => {
                let i = r.u32()?;
                let t = v.local(i)?;
                v.push(t);
                v.code.push(Op::LocalGet(i));
            }
            0x21 | 0x22 => {
                let i = r.u32()?;
                let t = v.local(i)?;
                v.pop_expect(t)?;
                if opcode == 0x22 {
                    v.push(t);
                    v.code.push(Op::LocalTee(i));
                } else {
                    v.code.push(Op::LocalSet(i));
                }
            }
            0x23 | 0x24 => {
                let i = r.u32()?;
                let g = *m.globals.get(i as usize).ok_or("global index out of range")?;
                if opcode == 0x23 {
                    v.push(g.ty);
                    v.code.push(Op::GlobalGet(i));
                } else {
                    if !g.mutable {
                        return Err("global.set of an immutable global");
                    }
                    v.pop_expect(g.ty)?;
                    v.code.push(Op::GlobalSet(i));
                }
            }
            0x28..=0x3e => {
                let (size_log2, ty, is_store) = match opcode {
                    0x28 => (2, I32, false),
                    0x29 => (3, I64, false),
                    0x2c | 0x2d => (0, I32, false),
                    0x2e | 0x2f => (1, I32, false),
                    0x30 | 0x31 => (0, I64, false),
                    0x32 | 0x33 => (1, I64, false),
                    0x34 | 0x35 => (2, I64, false),
                    0x36 => (2, I32, true),
                    0x37 => (3, I64, true),
                    0x3a => (0, I32, true),
                    0x3b => (1, I32, true),
                    0x3c => (0, I64, true),
                    0x3d => (1, I64, true),
                    0x3e => (2, I64, true),
                    _ => return Err("floating-point instructions are not supported"),
                };
                v.memory()?;
                let align = r.u32()?;
                let offset = r.u32()?;
                if align > size_log2 {
                    return Err("alignment larger than natural");
                }
                if is_store {
                    v.pop_expect(ty)?;
                    v.pop_expect(I32)?;
                    v.code.push(Op::Store(opcode, offset));
                } else {
                    v.pop_expect(I32)?;
                    v.push(ty);
                    v.code.push(Op::Load(opcode, offset));
                }
            }
            0x3f | 0x40 => {
                v.memory()?;
                if r.byte()? != 0 {
                    return Err("memory index must be zero");
                }
                if opcode == 0x40 {
                    v.pop_expect(I32)?;
                    v.code.push(Op::MemoryGrow);
                } else {
                    v.code.push(Op::MemorySize);
                }
                v.push(I32);
            }
            0x41 => {
                let c = r.sleb(32)? as u32 as u64;
                v.push(I32);
                v.code.push(Op::Const(c));
            }
            0x42 => {
                let c = r.sleb(64)? as u64;
                v.push(I64);
                v.code.push(Op::Const(c));
            }
            0x45..=0xc4 => {
                let (params, result): (&[ValType], ValType) = match opcode {
                    0x45 => (&[I32], I32),
                    0x46..=0x4f => (&[I32, I32], I32),
                    0x50 => (&[I64], I32),
                    0x51..=0x5a => (&[I64, I64], I32),
                    0x67..=0x69 => (&[I32], I32),
                    0x6a..=0x78 => (&[I32, I32], I32),
                    0x79..=0x7b => (&[I64], I64),
                    0x7c..=0x8a => (&[I64, I64], I64),
                    0xa7 => (&[I64], I32),
                    0xac | 0xad => (&[I32], I64),
                    0xc0 | 0xc1 => (&[I32], I32),
                    0xc2..=0xc4 => (&[I64], I64),
                    _ => return Err("floating-point instructions are not supported"),
                };
                v.pop_all(params)?;
                v.push(result);
                v.code.push(Op::Num(opcode));
            }
            0xfc => match r.u32()? {
                10 => {
                    v.memory()?;
                    if r.byte()? != 0 || r.byte()? != 0 {
                        return Err("memory index must be zero");
                    }
                    v.pop_all(&[I32, I32, I32])?;
                    v.code.push(Op::MemoryCopy);
                }
                11 => {
                    v.memory()?;
                    if r.byte()? != 0 {
                        return Err("memory index must be zero");
                    }
                    v.pop_all(&[I32, I32, I32])?;
                    v.code.push(Op::MemoryFill);
                }
                0..=7 => return Err("floating-point instructions are not supported"),
                _ => return Err("unsupported 0xfc instruction"),
            },
            0x43 | 0x44 => return Err("floating-point instructions are not supported"),
            _ => return Err("unsupported wasm instruction"),
        }
    }
    if !r.at_end() {
        return Err("bytes after the end of a function body");
    }
    Ok(Function { type_index, locals: declared, code: v.code, branch_table: v.table })
}
