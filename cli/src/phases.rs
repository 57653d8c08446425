//! Exact cycles per phase of the proving program: every retired instruction and delegation call is charged
//! to one [`Phase`], decided by the functions on a shadow call stack rebuilt from the simulator's jump events
//! and the ELF symbol table. No sampling and no marker instructions, so the phases of a transaction add up to
//! exactly its total (the measured binary is the provable one).
//!
//! A frame's phase is the highest-priority phase of any function on the stack up to it, in the order
//! recovery > proofs > hashing > interpretation > other. So keccak inside the EVM's `SHA3` is hashing, a
//! storage read the EVM asks for is proofs (its Merkle path, record and code checks, Blake2s included), and
//! the curve arithmetic of `ecrecover` is recovery wherever it is called from.

use std::collections::HashMap;

use simulator::{CycleCounts, JumpKind, Machine, Observer};

use crate::profile::function_symbols;
use crate::simulate::MAX_CYCLES;

/// Where a cycle goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    /// Bootloader, transaction decoding and validation, fees, receipts, allocation, the system's cache.
    Other = 0,
    /// The execution environments (EVM, WASM, EraVM) and the system calls they make.
    Interpretation = 1,
    /// keccak and Blake2s outside proofs and recovery (signing hash, `SHA3`, blooms, public input).
    Hashing = 2,
    /// Verifying oracle answers: tape reads, Merkle paths, account records, code preimages, the new root.
    Proofs = 3,
    /// secp256k1 public-key recovery (transaction senders, EIP-7702 authorities, `ecrecover`).
    Recovery = 4,
}

/// Number of phases.
pub const PHASES: usize = 5;

impl Phase {
    /// Every phase, in report order.
    pub const ALL: [Phase; PHASES] =
        [Phase::Recovery, Phase::Hashing, Phase::Proofs, Phase::Interpretation, Phase::Other];

    /// The phase's short name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Recovery => "recovery",
            Phase::Hashing => "hashing",
            Phase::Proofs => "proofs",
            Phase::Interpretation => "interpretation",
            Phase::Other => "other",
        }
    }

    fn from_index(i: u8) -> Phase {
        match i {
            4 => Phase::Recovery,
            3 => Phase::Proofs,
            2 => Phase::Hashing,
            1 => Phase::Interpretation,
            _ => Phase::Other,
        }
    }
}

/// The phase a function's own name claims (demangled), or `Other` when it claims none and inherits its caller's.
pub fn classify(name: &str) -> Phase {
    const RECOVERY: [&str; 3] = ["zkos_secp256k1::", "zkos_transactions::signature::recover", "zkos_p256::"];
    const PROOFS: [&str; 4] =
        ["zkos_tree::partial::", "zkos_bootloader::proving::verify::", "zkos_bootloader::proving::tape::", "zkos_tree::keys::AccountRecord::"];
    const HASHING: [&str; 5] = ["keccak::", "tiny_keccak::", "zkos_tree::blake2s::", "zkos_tree::delegation::", "zkos_primitives::keccak"];
    const EES: [&str; 3] = ["zkos_ee_evm::", "zkos_ee_wasm_example::", "zkos_ee_eravm::"];
    // Trait impls demangle as `<Type as Trait>::method`: the implementing type is what we classify.
    let name = name.trim_start_matches('<');
    let any = |prefixes: &[&str]| prefixes.iter().any(|p| name.starts_with(p));
    if any(&RECOVERY) {
        Phase::Recovery
    } else if any(&PROOFS) {
        Phase::Proofs
    } else if any(&HASHING) || name.contains("keccak256") {
        Phase::Hashing
    } else if any(&EES) {
        Phase::Interpretation
    } else {
        Phase::Other
    }
}

/// Cycles of one stretch of the run (a transaction, the setup, the commitment), split by phase.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PhaseCycles(pub [CycleCounts; PHASES]);

impl PhaseCycles {
    /// The cycles charged to `phase`.
    pub fn get(&self, phase: Phase) -> CycleCounts {
        self.0[phase as usize]
    }

    /// Adds `other`'s cycles phase by phase.
    pub fn add(&mut self, other: &PhaseCycles) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a = CycleCounts { raw: a.raw + b.raw, blake2s: a.blake2s + b.blake2s, bigint: a.bigint + b.bigint };
        }
    }

    /// All phases added up.
    pub fn total(&self) -> CycleCounts {
        self.0.iter().fold(CycleCounts::default(), |a, c| CycleCounts {
            raw: a.raw + c.raw,
            blake2s: a.blake2s + c.blake2s,
            bigint: a.bigint + c.bigint,
        })
    }
}

/// A shadow call stack over jump events that charges counter deltas to the current frame's phase, and cuts
/// the run into stretches at watched tape reads.
pub struct PhaseTracker {
    /// `(start, end, phase)` of every function symbol, sorted by start.
    functions: Vec<(u32, u32, Phase)>,
    /// Function names by start address.
    names: HashMap<u32, String>,
    /// Per frame: the function's start (to tell a tail call from a jump inside it) and the frame's phase.
    stack: Vec<(u32, Phase)>,
    last: CycleCounts,
    current: PhaseCycles,
    /// Returns seen with only the entry frame on the stack (zero when calls and returns pair up).
    pub unmatched_returns: u64,
    /// The current stretch's self cycles per function (the innermost frame's; see [`self_key`]).
    current_self: HashMap<u64, CycleCounts>,
    stretches: Vec<(PhaseCycles, HashMap<u64, CycleCounts>)>,
    /// Starts of memcpy, memmove, memset and keccak, whose cycles are listed per caller (`memcpy ← caller`):
    /// one memcpy line would say nothing about which copies to avoid.
    copies: Vec<u32>,
}

/// The key of a frame's self cycles: its function's start, and for the copy functions also the caller's
/// (`(caller + 1) << 32`).
fn self_key(function: u32, caller: Option<u32>) -> u64 {
    u64::from(function) | caller.map_or(0, |c| (u64::from(c) + 1) << 32)
}

/// Deeper than any real call chain of the program; past it, calls are charged to the deepest frame kept.
const MAX_DEPTH: usize = 4096;

impl PhaseTracker {
    /// A tracker for the program whose ELF is `elf`.
    pub fn new(elf: &[u8]) -> PhaseTracker {
        let symbols = function_symbols(elf);
        let functions = symbols.iter().map(|(s, e, name)| (*s, *e, classify(name))).collect();
        let copies = symbols
            .iter()
            .filter(|(_, _, name)| ["compiler_builtins::mem::memcpy", "compiler_builtins::mem::memmove", "memset", "memcpy", "memmove", "compiler_builtins::mem::memset", "keccak::f1600", "zkos_primitives::keccak::keccak256"].contains(&name.as_str()))
            .map(|(s, _, _)| *s)
            .collect();
        let names = symbols.into_iter().map(|(s, _, name)| (s, name)).collect();
        PhaseTracker {
            copies,
            functions,
            names,
            stack: vec![(0, Phase::Other)],
            last: CycleCounts::default(),
            unmatched_returns: 0,
            current: PhaseCycles::default(),
            current_self: HashMap::new(),
            stretches: Vec::new(),
        }
    }

    /// The function symbol covering `pc`: its start and claimed phase.
    fn function_at(&self, pc: u32) -> Option<(u32, Phase)> {
        let idx = self.functions.partition_point(|(s, _, _)| *s <= pc);
        let (start, end, phase) = *self.functions.get(idx.checked_sub(1)?)?;
        (pc < end).then_some((start, phase))
    }

    /// Charges everything since the last event to the current frame.
    fn charge(&mut self, now: &CycleCounts) {
        let (function, phase) = self.stack.last().copied().unwrap_or((0, Phase::Other));
        let caller = if self.copies.contains(&function) {
            self.stack.len().checked_sub(2).and_then(|i| self.stack.get(i)).map(|f| f.0)
        } else {
            None
        };
        let delta = now.since(&self.last);
        for slot in [&mut self.current.0[phase as usize], self.current_self.entry(self_key(function, caller)).or_default()] {
            slot.raw += delta.raw;
            slot.blake2s += delta.blake2s;
            slot.bigint += delta.bigint;
        }
        self.last = *now;
    }

    /// The frame entered at `target`, under a caller whose phase is `outer`.
    fn frame(&self, target: u32, outer: Phase) -> (u32, Phase) {
        let (start, own) = self.function_at(target).unwrap_or((target, Phase::Other));
        (start, Phase::from_index((outer as u8).max(own as u8)))
    }

    /// Ends the run at `total` and returns the stretches: the one before the first watched tape read, one
    /// between each pair of reads, and the one after the last.
    pub fn finish(self, total: &CycleCounts) -> Vec<Stretch> {
        self.finish_with_depth(total).0
    }

    /// [`PhaseTracker::finish`], also returning the shadow stack's final depth and the unmatched returns
    /// (a sanity check of the call-stack reconstruction: the program ends a few frames deep, with none).
    pub fn finish_with_depth(mut self, total: &CycleCounts) -> (Vec<Stretch>, usize, u64) {
        let (depth, unmatched) = (self.stack.len(), self.unmatched_returns);
        self.charge(total);
        self.cut();
        let names = self.names;
        let name_of = |start: u32| names.get(&start).cloned().unwrap_or_else(|| format!("{start:#x}"));
        let name = |key: u64| match key >> 32 {
            0 => name_of(key as u32),
            caller => format!("{} ← {}", name_of(key as u32), name_of((caller - 1) as u32)),
        };
        let stretches = self
            .stretches
            .into_iter()
            .map(|(phases, by_start)| {
                let mut functions: Vec<(String, CycleCounts)> = by_start.into_iter().map(|(s, c)| (name(s), c)).collect();
                functions.sort_by(|a, b| b.1.effective().cmp(&a.1.effective()).then_with(|| a.0.cmp(&b.0)));
                Stretch { phases, functions }
            })
            .collect();
        (stretches, depth, unmatched)
    }

    fn cut(&mut self) {
        let phases = core::mem::take(&mut self.current);
        let functions = core::mem::take(&mut self.current_self);
        self.stretches.push((phases, functions));
    }
}

impl Observer for PhaseTracker {
    fn jump(&mut self, _pc: u32, target: u32, kind: JumpKind, counts: &CycleCounts) {
        self.charge(counts);
        let outer = |stack: &[(u32, Phase)], skip: usize| {
            stack.len().checked_sub(1 + skip).and_then(|i| stack.get(i)).map_or(Phase::Other, |f| f.1)
        };
        match kind {
            JumpKind::Call => {
                let frame = self.frame(target, outer(&self.stack, 0));
                if self.stack.len() < MAX_DEPTH {
                    self.stack.push(frame);
                }
            }
            JumpKind::Return => {
                // The bottom frame (the entry) never returns; keep it so a stray `ret` cannot empty the stack.
                if self.stack.len() > 1 {
                    self.stack.pop();
                } else {
                    self.unmatched_returns += 1;
                }
            }
            JumpKind::Jump => {
                // A jump to the start of another function is a tail call: it replaces the current frame.
                let here = self.stack.last().map_or(0, |f| f.0);
                if let Some((start, _)) = self.function_at(target).filter(|(s, _)| *s == target && *s != here) {
                    let frame = self.frame(start, outer(&self.stack, 1));
                    if let Some(top) = self.stack.last_mut() {
                        *top = frame;
                    }
                }
            }
        }
    }

    fn tape_mark(&mut self, counts: &CycleCounts) {
        self.charge(counts);
        self.cut();
    }
}

/// One stretch of a run: its cycles by phase, and by function (self cycles of the innermost frame, largest
/// first; functions inlined into another count as that one).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stretch {
    /// Cycles by phase.
    pub phases: PhaseCycles,
    /// Self cycles by function name, largest effective first.
    pub functions: Vec<(String, CycleCounts)>,
}

/// Per-phase cycles of a block's run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PhaseReport {
    /// Shadow call stack depth when the program stopped, and returns that matched no call (see
    /// [`PhaseTracker::finish_with_depth`]).
    pub stack_check: (usize, u64),
    /// Before the first transaction (reading the pre-state commitment and the block context).
    pub setup: Stretch,
    /// Per transaction, in block order (the same stretches as [`crate::simulate::SimulateReport::per_tx`]).
    pub per_tx: Vec<Stretch>,
    /// After the last transaction (the state commitment and the public input).
    pub commitment: Stretch,
}

impl PhaseReport {
    /// The whole run as one stretch: every stretch's phases added, functions merged by name.
    pub fn whole_run(&self) -> Stretch {
        let mut phases = PhaseCycles::default();
        let mut functions: HashMap<&str, CycleCounts> = HashMap::new();
        for stretch in core::iter::once(&self.setup).chain(&self.per_tx).chain(core::iter::once(&self.commitment)) {
            phases.add(&stretch.phases);
            for (name, c) in &stretch.functions {
                let entry = functions.entry(name.as_str()).or_default();
                *entry = CycleCounts { raw: entry.raw + c.raw, blake2s: entry.blake2s + c.blake2s, bigint: entry.bigint + c.bigint };
            }
        }
        let mut functions: Vec<(String, CycleCounts)> = functions.into_iter().map(|(n, c)| (n.to_string(), c)).collect();
        functions.sort_by(|a, b| b.1.effective().cmp(&a.1.effective()).then_with(|| a.0.cmp(&b.0)));
        Stretch { phases, functions }
    }
}

/// Re-runs the simulation of `report` (from [`crate::simulate::simulate_block`]) on the program `image` built
/// from `elf`, watching the same transaction starts, and splits each stretch by phase.
pub fn phase_breakdown(elf: &[u8], image: &[u8], report: &crate::simulate::SimulateReport) -> Result<PhaseReport, String> {
    let mut machine = Machine::new(image).map_err(|e| format!("cannot load the program: {e}"))?;
    machine.watch_tape(report.tx_starts.clone());
    let mut tracker = PhaseTracker::new(elf);
    let result = machine.run_observed(&report.tape, MAX_CYCLES, &mut tracker).map_err(|e| e.to_string())?;
    let (mut stretches, depth, unmatched) = tracker.finish_with_depth(&result.cycles);
    // Stretch k (k ≥ 1) starts at tape mark k - 1; transaction i spans marks i .. i + 1, and the last mark is
    // the end marker, after which the commitment runs.
    let commitment = stretches.pop().unwrap_or_default();
    let setup = if stretches.is_empty() { Stretch::default() } else { stretches.remove(0) };
    Ok(PhaseReport { stack_check: (depth, unmatched), setup, per_tx: stretches, commitment })
}

/// One-line summary of `cycles` by phase: `recovery 310.2k, hashing …, other … effective`.
pub fn summary(cycles: &PhaseCycles) -> String {
    let parts: Vec<String> =
        Phase::ALL.iter().map(|p| format!("{} {:.1}k", p.name(), cycles.get(*p).effective() as f64 / 1000.0)).collect();
    parts.join(", ")
}
