//! The opcode-variant table and ergs prices against the reference (`zkevm_opcode_defs` 0.153.12).

use zk_evm::zkevm_opcode_defs::{self as defs, Opcode, Operand};
use zkos_ee_eravm::opcodes::{ContextOp, FarCallKind, LogOp, Op, RetKind, UmaOp, TABLE};

fn map_op(op: &Opcode) -> Op {
    use defs::*;
    match op {
        Opcode::Invalid(_) => Op::Invalid,
        Opcode::Nop(_) => Op::Nop,
        Opcode::Add(_) => Op::Add,
        Opcode::Sub(_) => Op::Sub,
        Opcode::Mul(_) => Op::Mul,
        Opcode::Div(_) => Op::Div,
        Opcode::Jump(_) => Op::Jump,
        Opcode::Binop(BinopOpcode::Xor) => Op::Xor,
        Opcode::Binop(BinopOpcode::And) => Op::And,
        Opcode::Binop(BinopOpcode::Or) => Op::Or,
        Opcode::Shift(ShiftOpcode::Shl) => Op::Shl,
        Opcode::Shift(ShiftOpcode::Shr) => Op::Shr,
        Opcode::Shift(ShiftOpcode::Rol) => Op::Rol,
        Opcode::Shift(ShiftOpcode::Ror) => Op::Ror,
        Opcode::Ptr(PtrOpcode::Add) => Op::PtrAdd,
        Opcode::Ptr(PtrOpcode::Sub) => Op::PtrSub,
        Opcode::Ptr(PtrOpcode::Pack) => Op::PtrPack,
        Opcode::Ptr(PtrOpcode::Shrink) => Op::PtrShrink,
        Opcode::NearCall(_) => Op::NearCall,
        Opcode::Context(c) => Op::Context(match c {
            ContextOpcode::This => ContextOp::This,
            ContextOpcode::Caller => ContextOp::Caller,
            ContextOpcode::CodeAddress => ContextOp::CodeAddress,
            ContextOpcode::Meta => ContextOp::Meta,
            ContextOpcode::ErgsLeft => ContextOp::ErgsLeft,
            ContextOpcode::Sp => ContextOp::Sp,
            ContextOpcode::GetContextU128 => ContextOp::GetContextU128,
            ContextOpcode::SetContextU128 => ContextOp::SetContextU128,
            ContextOpcode::AuxMutating0 => ContextOp::AuxMutating0,
            ContextOpcode::IncrementTxNumber => ContextOp::IncrementTxNumber,
        }),
        Opcode::Log(l) => Op::Log(match l {
            LogOpcode::StorageRead => LogOp::StorageRead,
            LogOpcode::StorageWrite => LogOp::StorageWrite,
            LogOpcode::ToL1Message => LogOp::ToL1Message,
            LogOpcode::Event => LogOp::Event,
            LogOpcode::PrecompileCall => LogOp::PrecompileCall,
            LogOpcode::Decommit => LogOp::Decommit,
            LogOpcode::TransientStorageRead => LogOp::TransientRead,
            LogOpcode::TransientStorageWrite => LogOp::TransientWrite,
        }),
        Opcode::FarCall(f) => Op::FarCall(match f {
            FarCallOpcode::Normal => FarCallKind::Normal,
            FarCallOpcode::Delegate => FarCallKind::Delegate,
            FarCallOpcode::Mimic => FarCallKind::Mimic,
        }),
        Opcode::Ret(r) => Op::Ret(match r {
            RetOpcode::Ok => RetKind::Ok,
            RetOpcode::Revert => RetKind::Revert,
            RetOpcode::Panic => RetKind::Panic,
        }),
        Opcode::UMA(u) => Op::Uma(match u {
            UMAOpcode::HeapRead => UmaOp::HeapRead,
            UMAOpcode::HeapWrite => UmaOp::HeapWrite,
            UMAOpcode::AuxHeapRead => UmaOp::AuxHeapRead,
            UMAOpcode::AuxHeapWrite => UmaOp::AuxHeapWrite,
            UMAOpcode::FatPointerRead => UmaOp::FatPointerRead,
            UMAOpcode::StaticMemoryRead => UmaOp::StaticMemoryRead,
            UMAOpcode::StaticMemoryWrite => UmaOp::StaticMemoryWrite,
        }),
    }
}

fn mode(o: &Operand) -> u8 {
    o.variant_idx() as u8
}

#[test]
fn table_matches_reference() {
    let mut checked = 0;
    for (i, (reference, mine)) in defs::OPCODES_TABLE.iter().zip(TABLE.iter()).enumerate() {
        let op = map_op(&reference.opcode);
        assert_eq!(mine.op, op, "entry {i}");
        assert_eq!(mine.src0, mode(&reference.src0_operand_type), "entry {i} src0 ({reference:?})");
        assert_eq!(mine.dst0, mode(&reference.dst0_operand_type), "entry {i} dst0 ({reference:?})");
        assert_eq!(mine.flags, reference.flags, "entry {i} flags ({reference:?})");
        assert_eq!(mine.op.ergs(), defs::OPCODES_PRICES[i], "entry {i} price ({reference:?})");
        assert_eq!(mine.op.requires_kernel(), reference.requires_kernel_mode(), "entry {i} kernel");
        assert_eq!(!mine.op.forbidden_in_static(), reference.can_be_used_in_static_context(), "entry {i} static");
        assert_eq!(mine.op.swaps(mine.flags), reference.swap_operands(), "entry {i} swap");
        checked += 1;
    }
    assert_eq!(checked, 2048);
    println!("opcode table: {checked} entries equal to zkevm_opcode_defs");
}
