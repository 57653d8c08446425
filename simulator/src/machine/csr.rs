//! The CSRs: `csrrw` on the non-determinism tape, host output, cycle markers and the cycle counter, and
//! the Blake2s and U256 delegations with the checks on the memory their pointer registers designate.

use super::{Marker, State};
use crate::decode::Instr;
use crate::delegation::{blake2s, u256};
use crate::{
    DelegationError, SimError, TrapCause, CSR_BLAKE2S, CSR_CYCLE, CSR_MARKER, CSR_NON_DETERMINISM, CSR_U256,
    MEMORY_SIZE, ROM_SIZE,
};

impl State {
    /// `csrrw rd, csr, rs1`; `raw` already counts this instruction.
    #[inline(never)]
    pub(super) fn csrrw(&mut self, pc: u32, ins: Instr, tape: &[u32], raw: &mut u64) -> Result<(), SimError> {
        let (rd, rs1, csr) = (ins.rd, ins.rs1, ins.imm);
        let plain = |ok: bool| {
            if ok {
                Ok(())
            } else {
                Err(SimError::Trap {
                    pc,
                    cause: TrapCause::InvalidCsrOperands { csr, rd, rs1 },
                })
            }
        };
        let delegation = |error: DelegationError| SimError::Delegation { pc, csr, error };
        match csr {
            CSR_NON_DETERMINISM => {
                let out = self.regs[rs1 as usize];
                if rd != 0 {
                    let word = *tape.get(self.tape_pos).ok_or(SimError::TapeExhausted {
                        pc,
                        len: tape.len(),
                    })?;
                    if self.watch.get(self.tape_marks.len()) == Some(&self.tape_pos) {
                        let mut at = self.counts;
                        at.raw = *raw;
                        self.tape_marks.push(at);
                    }
                    self.tape_pos += 1;
                    self.regs[rd as usize] = word;
                }
                if rs1 != 0 {
                    self.host_writes.push(out);
                }
            }
            CSR_BLAKE2S => {
                plain(rd == 0 && rs1 == 0)?;
                self.blake2s().map_err(delegation)?;
                self.counts.blake2s += 1;
            }
            CSR_U256 => {
                plain(rd == 0 && rs1 == 0)?;
                self.u256().map_err(delegation)?;
                self.counts.bigint += 1;
            }
            CSR_MARKER => {
                plain(rd == 0)?;
                *raw -= 1;
                self.markers.push(Marker {
                    value: self.regs[rs1 as usize],
                    raw_cycle: *raw,
                    blake2s: self.counts.blake2s,
                    bigint: self.counts.bigint,
                });
            }
            CSR_CYCLE => return Err(SimError::ErrorExit { pc }),
            _ => {
                return Err(SimError::Trap {
                    pc,
                    cause: TrapCause::UnsupportedCsr { csr },
                })
            }
        }
        Ok(())
    }

    /// Validates a delegation pointer and returns its word index.
    fn pointer(&self, reg: u8, align: u32, words: usize) -> Result<usize, DelegationError> {
        let value = self.regs[reg as usize];
        if value < ROM_SIZE {
            return Err(DelegationError::PointerInRom { reg, value });
        }
        if !value.is_multiple_of(align) {
            return Err(DelegationError::MisalignedPointer { reg, value, align });
        }
        if value as u64 + 4 * words as u64 > MEMORY_SIZE as u64 {
            return Err(DelegationError::PointerOutOfMemory { reg, value });
        }
        Ok((value >> 2) as usize)
    }

    fn blake2s(&mut self) -> Result<(), DelegationError> {
        use blake2s::{INPUT_ALIGN, INPUT_WORDS, STATE_ALIGN, STATE_WORDS};
        let s = self.pointer(10, STATE_ALIGN, STATE_WORDS)?;
        let i = self.pointer(11, INPUT_ALIGN, INPUT_WORDS)?;
        if s < i + INPUT_WORDS && i < s + STATE_WORDS {
            return Err(DelegationError::OverlappingPointers {
                x10: self.regs[10],
                x11: self.regs[11],
            });
        }
        let mut state = [0u32; STATE_WORDS];
        state.copy_from_slice(&self.mem[s..s + STATE_WORDS]);
        let mut input = [0u32; INPUT_WORDS];
        input.copy_from_slice(&self.mem[i..i + INPUT_WORDS]);
        blake2s::blake2s_round(&mut state, &input, self.regs[12], self.regs[13])?;
        self.mem[s..s + STATE_WORDS].copy_from_slice(&state);
        Ok(())
    }

    fn u256(&mut self) -> Result<(), DelegationError> {
        use u256::{ALIGN, WORDS};
        let a = self.pointer(10, ALIGN, WORDS)?;
        let b = self.pointer(11, ALIGN, WORDS)?;
        if a == b {
            return Err(DelegationError::OverlappingPointers {
                x10: self.regs[10],
                x11: self.regs[11],
            });
        }
        let mut x = [0u32; WORDS];
        x.copy_from_slice(&self.mem[a..a + WORDS]);
        let mut y = [0u32; WORDS];
        y.copy_from_slice(&self.mem[b..b + WORDS]);
        let flag = u256::u256_op(&mut x, &y, self.regs[12])?;
        self.mem[a..a + WORDS].copy_from_slice(&x);
        self.regs[12] = flag as u32;
        Ok(())
    }
}
