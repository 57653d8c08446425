//! Run observers: hooks that see every control transfer of a run, for exact cost attribution (a shadow call
//! stack, cycles per function or per phase) without sampling and without marker instructions in the program.
//!
//! The machine calls an [`Observer`] at every `jal`/`jalr` (taken or self-jump excluded) and at every watched
//! tape read ([`crate::Machine::watch_tape`]), passing the counters at that instant. Everything executed
//! between two events ran in one straight-line stretch of one function, so attributing the counter delta
//! between consecutive events to "where the program was" is exact: the deltas of a run partition its total.
//! [`crate::Machine::run`] uses [`NoObserver`], which compiles the hooks away.

use crate::machine::CycleCounts;

/// How a jump links, decoded from the architectural registers of the `jal`/`jalr` (RISC-V calling
/// convention: `ra` = `x1` and the alternate `t0` = `x5` are link registers, `x0` discards the link).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JumpKind {
    /// `jal ra, f` or `jalr ra, r, off` (or through `t0`): a call that returns to the next instruction.
    Call,
    /// `jalr x0, 0(ra)` (`ret`, or through `t0`): a return to the caller.
    Return,
    /// Any other jump: a jump inside a function, or a tail call (`jal x0, f` / `jalr x0, r`) when the target
    /// starts another function.
    Jump,
}

/// Hooks called during [`crate::Machine::run_observed`].
pub trait Observer {
    /// A `jal`/`jalr` at `pc` to `target`. `counts` includes the jump itself (and everything before it);
    /// everything after the event is executed at `target`.
    fn jump(&mut self, pc: u32, target: u32, kind: JumpKind, counts: &CycleCounts);

    /// A watched tape word was read; `counts` is the snapshot recorded in [`crate::RunResult::tape_marks`]
    /// (it includes the reading `csrrw`).
    fn tape_mark(&mut self, counts: &CycleCounts);
}

/// The observer that does nothing (what [`crate::Machine::run`] uses).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoObserver;

impl Observer for NoObserver {
    #[inline(always)]
    fn jump(&mut self, _pc: u32, _target: u32, _kind: JumpKind, _counts: &CycleCounts) {}

    #[inline(always)]
    fn tape_mark(&mut self, _counts: &CycleCounts) {}
}

/// Classifies a decoded jump by its architectural link register `rd` (0 for `x0`), base register `rs1`
/// (`None` for `jal`) and offset.
pub(crate) fn jump_kind(rd: u8, rs1: Option<u8>, imm: u32) -> JumpKind {
    match (rd, rs1) {
        (1 | 5, _) => JumpKind::Call,
        (0, Some(1 | 5)) if imm == 0 => JumpKind::Return,
        _ => JumpKind::Jump,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Machine;

    #[derive(Default)]
    struct Recorder(Vec<(u32, u32, JumpKind, u64)>);

    impl Observer for Recorder {
        fn jump(&mut self, pc: u32, target: u32, kind: JumpKind, counts: &CycleCounts) {
            self.0.push((pc, target, kind, counts.raw));
        }
        fn tape_mark(&mut self, _counts: &CycleCounts) {}
    }

    #[test]
    fn calls_returns_and_counts_are_reported() {
        // 0: jal ra, 8 · 4: j . · 8: ret
        let image: Vec<u8> = [0x0080_00EFu32, 0x0000_006F, 0x0000_8067].iter().flat_map(|w| w.to_le_bytes()).collect();
        let mut machine = Machine::new(&image).unwrap_or_else(|e| panic!("{e}"));
        let mut seen = Recorder::default();
        let result = machine.run_observed(&[], 100, &mut seen).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(seen.0, vec![(0, 8, JumpKind::Call, 1), (8, 4, JumpKind::Return, 2)]);
        assert_eq!(result.cycles.raw, 3, "the final self-jump is counted but not reported");
        assert_eq!(jump_kind(0, None, 8), JumpKind::Jump);
        assert_eq!(jump_kind(0, Some(6), 0), JumpKind::Jump, "a tail call through t1");
        assert_eq!(jump_kind(5, None, 64), JumpKind::Call, "an outlined call through t0");
        assert_eq!(jump_kind(0, Some(5), 0), JumpKind::Return);
    }
}
