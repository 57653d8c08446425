//! The validator of one function body, after the specification's appendix: an operand stack of known and
//! unknown types, a control stack of labels, and the branch targets recorded for patching when a label's
//! end is reached.

use alloc::vec;
use alloc::vec::Vec;

use super::decode::Reader;
use super::{Branch, Module, Op, Reject, ValType, MAX_BLOCK_DEPTH};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Block,
    Loop,
    If,
    Else,
    Function,
}

pub(super) enum Fixup {
    Op(usize),
    Table(usize),
}

pub(super) struct Ctrl {
    pub(super) kind: Kind,
    pub(super) params: Vec<ValType>,
    pub(super) results: Vec<ValType>,
    pub(super) height: usize,
    pub(super) unreachable: bool,
    /// Instruction index of a loop's start.
    start: usize,
    /// Branches to patch with this label's end.
    pub(super) fixups: Vec<Fixup>,
    /// The `BrIfNot` of an `if`, patched at `else` or `end`.
    pub(super) if_jump: Option<usize>,
}

impl Ctrl {
    fn label_types(&self) -> &[ValType] {
        if self.kind == Kind::Loop {
            &self.params
        } else {
            &self.results
        }
    }
}

pub(super) struct Validator<'m> {
    pub(super) m: &'m Module,
    pub(super) locals: Vec<ValType>,
    pub(super) vals: Vec<Option<ValType>>,
    pub(super) ctrls: Vec<Ctrl>,
    pub(super) code: Vec<Op>,
    pub(super) table: Vec<Branch>,
}

impl Validator<'_> {
    pub(super) fn push(&mut self, t: ValType) {
        self.vals.push(Some(t));
    }

    pub(super) fn pop(&mut self) -> Result<Option<ValType>, Reject> {
        let ctrl = self.ctrls.last().ok_or("validation: no frame")?;
        if self.vals.len() == ctrl.height {
            if ctrl.unreachable {
                return Ok(None);
            }
            return Err("validation: operand stack underflow");
        }
        self.vals.pop().ok_or("validation: operand stack underflow")
    }

    pub(super) fn pop_expect(&mut self, t: ValType) -> Result<(), Reject> {
        match self.pop()? {
            None => Ok(()),
            Some(actual) if actual == t => Ok(()),
            Some(_) => Err("validation: type mismatch"),
        }
    }

    pub(super) fn pop_all(&mut self, ts: &[ValType]) -> Result<(), Reject> {
        for &t in ts.iter().rev() {
            self.pop_expect(t)?;
        }
        Ok(())
    }

    pub(super) fn push_all(&mut self, ts: &[ValType]) {
        for &t in ts {
            self.push(t);
        }
    }

    pub(super) fn push_ctrl(&mut self, kind: Kind, params: Vec<ValType>, results: Vec<ValType>) -> Result<(), Reject> {
        if self.ctrls.len() >= MAX_BLOCK_DEPTH {
            return Err("blocks nested too deeply");
        }
        let height = self.vals.len();
        self.push_all(&params);
        let start = self.code.len();
        self.ctrls.push(Ctrl {
            kind,
            params,
            results,
            height,
            unreachable: false,
            start,
            fixups: Vec::new(),
            if_jump: None,
        });
        Ok(())
    }

    pub(super) fn pop_ctrl(&mut self) -> Result<Ctrl, Reject> {
        let results = self.ctrls.last().ok_or("validation: no frame")?.results.clone();
        self.pop_all(&results)?;
        let ctrl = self.ctrls.pop().ok_or("validation: no frame")?;
        if self.vals.len() != ctrl.height {
            return Err("validation: values left at the end of a block");
        }
        Ok(ctrl)
    }

    pub(super) fn set_unreachable(&mut self) {
        if let Some(ctrl) = self.ctrls.last_mut() {
            self.vals.truncate(ctrl.height);
            ctrl.unreachable = true;
        }
    }

    /// The branch to relative label `depth`; forward targets are recorded for patching.
    pub(super) fn branch(&mut self, depth: u32, fixup: impl FnOnce(&Self) -> Fixup) -> Result<Branch, Reject> {
        let n = self.ctrls.len();
        let index = n.checked_sub(1 + depth as usize).ok_or("branch depth out of range")?;
        let ctrl = &self.ctrls[index];
        let branch = Branch { target: 0, height: ctrl.height as u32, keep: ctrl.label_types().len() as u32 };
        if ctrl.kind == Kind::Loop {
            return Ok(Branch { target: ctrl.start as u32, ..branch });
        }
        let f = fixup(self);
        self.ctrls[index].fixups.push(f);
        Ok(branch)
    }

    pub(super) fn label_types(&self, depth: u32) -> Result<Vec<ValType>, Reject> {
        let n = self.ctrls.len();
        let index = n.checked_sub(1 + depth as usize).ok_or("branch depth out of range")?;
        Ok(self.ctrls[index].label_types().to_vec())
    }

    pub(super) fn block_type(&self, r: &mut Reader<'_>) -> Result<(Vec<ValType>, Vec<ValType>), Reject> {
        let b = *r.bytes.get(r.pos).ok_or("unexpected end of wasm")?;
        match b {
            0x40 => {
                r.pos += 1;
                Ok((Vec::new(), Vec::new()))
            }
            0x7f | 0x7e | 0x7d | 0x7c | 0x7b | 0x70 | 0x6f => Ok((Vec::new(), vec![r.val_type()?])),
            _ => {
                let index = r.sleb(33)?;
                let ty = usize::try_from(index)
                    .ok()
                    .and_then(|i| self.m.types.get(i))
                    .ok_or("block type index out of range")?;
                Ok((ty.params.clone(), ty.results.clone()))
            }
        }
    }

    pub(super) fn memory(&self) -> Result<(), Reject> {
        if self.m.memory.is_none() {
            return Err("memory instruction without a memory");
        }
        Ok(())
    }

    pub(super) fn local(&self, index: u32) -> Result<ValType, Reject> {
        self.locals.get(index as usize).copied().ok_or("local index out of range")
    }
}
