//! The machine: its state, the execution loop, the CSRs and the delegations' memory plumbing.
//!
//! Layout: the state and the public interface here; the execution loop (decode-once dispatch, loads,
//! stores, jumps, traps) in `execute.rs`; the CSRs (tape, host output, markers, counters) and the
//! delegations' memory plumbing in `csr.rs`.

mod csr;
mod execute;

use crate::decode::{decode, Instr};
use crate::observe::{NoObserver, Observer};
use crate::{SimError, BLAKE2S_CYCLE_WEIGHT, MEMORY_SIZE, ROM_SIZE, U256_CYCLE_WEIGHT};

const MEMORY_WORDS: usize = (MEMORY_SIZE / 4) as usize;

/// Cycle counters of a run (or of a phase, see [`CycleCounts::since`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CycleCounts {
    /// Executed instructions (cycle markers excluded).
    pub raw: u64,
    /// Blake2s delegation calls (one round each).
    pub blake2s: u64,
    /// U256 delegation calls.
    pub bigint: u64,
}

impl CycleCounts {
    /// `raw + 16 × blake2s + 4 × bigint`, the zksync-os "effective cycles".
    pub fn effective(&self) -> u64 {
        self.raw + BLAKE2S_CYCLE_WEIGHT * self.blake2s + U256_CYCLE_WEIGHT * self.bigint
    }

    /// The counts accumulated between `earlier` and `self` (saturating at zero).
    pub fn since(&self, earlier: &CycleCounts) -> CycleCounts {
        CycleCounts {
            raw: self.raw.saturating_sub(earlier.raw),
            blake2s: self.blake2s.saturating_sub(earlier.blake2s),
            bigint: self.bigint.saturating_sub(earlier.bigint),
        }
    }
}

/// A cycle-marker event: `csrrw x0, 0x7FF, rs` executed when the counters stood at these values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marker {
    /// The value of `rs` (0 for `x0`, Airbender's anonymous marker).
    pub value: u32,
    /// Raw cycles executed before the marker.
    pub raw_cycle: u64,
    /// Blake2s delegation calls before the marker.
    pub blake2s: u64,
    /// U256 delegation calls before the marker.
    pub bigint: u64,
}

impl Marker {
    /// The counters at the marker, for phase differences with [`CycleCounts::since`].
    pub fn counts(&self) -> CycleCounts {
        CycleCounts {
            raw: self.raw_cycle,
            blake2s: self.blake2s,
            bigint: self.bigint,
        }
    }
}

/// What a successful run produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunResult {
    /// `x10..=x17` when the program stopped.
    pub output: [u32; 8],
    /// Cycle counters of the whole run.
    pub cycles: CycleCounts,
    /// Cycle markers in execution order.
    pub markers: Vec<Marker>,
    /// Words the program sent to the host (`csrrw x0, 0x7C0, rs`), in order.
    pub host_writes: Vec<u32>,
    /// Number of tape words the program read.
    pub tape_words_read: usize,
    /// Address of the self-jump that ended the run.
    pub final_pc: u32,
    /// Counters at the moment each watched tape word (see [`Machine::watch_tape`]) was read, in order.
    /// Phases measured this way need no markers in the program, so the measured binary is the provable one.
    pub tape_marks: Vec<CycleCounts>,
}

/// Mutable machine state, split from the decoded code so the loop can borrow both.
struct State {
    /// `x0..x31`, then slot 32 that absorbs writes to `x0` (see `decode::SINK`), then padding so
    /// that any 6-bit index is in bounds.
    regs: [u32; 64],
    /// The whole address space as little-endian words; allocated zeroed, so the OS commits pages
    /// only when touched.
    mem: Vec<u32>,
    pc: u32,
    counts: CycleCounts,
    markers: Vec<Marker>,
    host_writes: Vec<u32>,
    tape_pos: usize,
    /// Sorted tape positions to take counter snapshots at, and the snapshots taken.
    watch: Vec<usize>,
    tape_marks: Vec<CycleCounts>,
}

/// An RV32IM machine loaded with one image, reusable for many runs.
pub struct Machine {
    image: Vec<u32>,
    code: Vec<Instr>,
    state: State,
    /// Memory has been written since the image was loaded.
    dirty: bool,
}

impl Machine {
    /// Builds a machine with `image` (a flat binary, loaded at address 0, entry at 0) in ROM.
    /// The image is padded with zero bytes to a whole number of words.
    pub fn new(image: &[u8]) -> Result<Machine, SimError> {
        if image.len() > ROM_SIZE as usize {
            return Err(SimError::ImageTooLarge { len: image.len() });
        }
        let words: Vec<u32> = image
            .chunks(4)
            .map(|c| {
                let mut b = [0u8; 4];
                b[..c.len()].copy_from_slice(c);
                u32::from_le_bytes(b)
            })
            .collect();
        let code = words.iter().map(|&w| decode(w)).collect();
        let mut machine = Machine {
            image: words,
            code,
            state: State {
                regs: [0; 64],
                mem: Vec::new(),
                pc: 0,
                counts: CycleCounts::default(),
                markers: Vec::new(),
                host_writes: Vec::new(),
                tape_pos: 0,
                watch: Vec::new(),
                tape_marks: Vec::new(),
            },
            dirty: true,
        };
        machine.reset();
        Ok(machine)
    }

    /// Restores the initial state: pc 0, registers 0, RAM zeroed, counters cleared.
    fn reset(&mut self) {
        let st = &mut self.state;
        if self.dirty {
            drop(core::mem::take(&mut st.mem));
            st.mem = vec![0u32; MEMORY_WORDS];
            st.mem[..self.image.len()].copy_from_slice(&self.image);
            self.dirty = false;
        }
        st.regs = [0; 64];
        st.pc = 0;
        st.counts = CycleCounts::default();
        st.markers.clear();
        st.host_writes.clear();
        st.tape_pos = 0;
        st.tape_marks.clear();
    }

    /// Takes a counter snapshot whenever one of `positions` (tape word indexes) is read in later runs.
    pub fn watch_tape(&mut self, mut positions: Vec<usize>) {
        positions.sort_unstable();
        positions.dedup();
        self.state.watch = positions;
    }

    /// Runs the program from its initial state with the non-determinism `tape`, for at most
    /// `max_cycles` raw cycles. Every run starts afresh (RAM zeroed, registers cleared).
    ///
    /// After a failed run the accessors ([`Machine::pc`], [`Machine::registers`],
    /// [`Machine::cycles`], [`Machine::markers`], …) show the state at the failure.
    pub fn run(&mut self, tape: &[u32], max_cycles: u64) -> Result<RunResult, SimError> {
        self.run_observed(tape, max_cycles, &mut NoObserver)
    }

    /// [`Machine::run`] with `observer` told of every jump and watched tape read (see [`crate::observe`]).
    pub fn run_observed<O: Observer>(&mut self, tape: &[u32], max_cycles: u64, observer: &mut O) -> Result<RunResult, SimError> {
        self.reset();
        self.dirty = true;
        self.execute(tape, max_cycles, observer)?;
        let st = &self.state;
        let mut output = [0u32; 8];
        output.copy_from_slice(&st.regs[10..18]);
        Ok(RunResult {
            output,
            cycles: st.counts,
            markers: st.markers.clone(),
            host_writes: st.host_writes.clone(),
            tape_words_read: st.tape_pos,
            final_pc: st.pc,
            tape_marks: st.tape_marks.clone(),
        })
    }

    /// The pc: where the last run stopped (the self-jump, or the failing instruction).
    pub fn pc(&self) -> u32 {
        self.state.pc
    }

    /// Registers `x0..=x31`.
    pub fn registers(&self) -> [u32; 32] {
        let mut r = [0u32; 32];
        r.copy_from_slice(&self.state.regs[..32]);
        r
    }

    /// Cycle counters of the last run so far.
    pub fn cycles(&self) -> CycleCounts {
        self.state.counts
    }

    /// Cycle markers recorded by the last run.
    pub fn markers(&self) -> &[Marker] {
        &self.state.markers
    }

    /// Words the last run sent to the host.
    pub fn host_writes(&self) -> &[u32] {
        &self.state.host_writes
    }

    /// Tape words the last run read.
    pub fn tape_words_read(&self) -> usize {
        self.state.tape_pos
    }

    /// The memory word at `addr` (which must be 4-byte aligned and below 1 GiB).
    pub fn read_word(&self, addr: u32) -> Option<u32> {
        if addr & 3 != 0 {
            return None;
        }
        self.state.mem.get((addr >> 2) as usize).copied()
    }
}
