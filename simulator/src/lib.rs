//! An RV32IM machine-mode simulator implementing the ZKsync Airbender program ABI, counting cycles.
//!
//! This is the machine our proving-mode binary (a flat `riscv32im-unknown-none-elf` image) runs on:
//! it executes the image exactly as Airbender's prover would see it and reports the cost in the
//! units Airbender proves (cycles and delegation calls). It never panics on guest behaviour: any
//! trap, fault or bad delegation request ends the run with a typed [`SimError`].
//!
//! # Machine
//! - **ISA**: RV32IM, machine mode only. `FENCE`, `ECALL`, `EBREAK`, every CSR instruction other
//!   than `CSRRW`, and any encoding outside RV32IM are illegal (a trap), as in Airbender.
//! - **Memory**: one byte-addressed space `0 .. 1 GiB`. The ROM `0 .. 2 MiB` holds the flat image
//!   loaded at address 0 (the rest of the ROM reads as zero); stores to it fault. RAM
//!   `2 MiB .. 1 GiB` starts zeroed. Loads and stores must be naturally aligned (a misaligned
//!   access traps); any access at or beyond 1 GiB faults. Instructions are fetched from the ROM
//!   only (they are decoded once, when the machine is built). The space is one zero-initialised
//!   allocation of 1 GiB that the operating system backs lazily, so only touched pages cost
//!   memory; each [`Machine::run`] starts from a fresh one.
//! - **Start and stop**: `pc = 0`, every register 0. The run succeeds when an instruction jumps
//!   to itself (`j .`, i.e. the pc stops changing); the output is then `x10..=x17`. Writing the
//!   read-only `cycle` CSR (`0xC00`, which is also what `unimp` encodes) is the error exit.
//!
//! # CSRs (all through `csrrw`)
//! | CSR | use |
//! |---|---|
//! | `0x7C0` | non-determinism: `csrrw rd, 0x7C0, x0` reads the next tape word into `rd` (past the end is [`SimError::TapeExhausted`]); `csrrw x0, 0x7C0, rs` (rs ≠ x0) sends a word to the host, recorded in [`RunResult::host_writes`]. |
//! | `0x7C7` | Blake2s round delegation, see [`delegation::blake2s`]. |
//! | `0x7CA` | U256 operation delegation, see [`delegation::u256`]. |
//! | `0x7FF` | cycle marker: records a [`Marker`] with the value of `rs1`. |
//! | `0xC00` | error exit ([`SimError::ErrorExit`]). |
//!
//! Delegations and markers must be invoked as `csrrw x0, CSR, x0` (markers may name a source
//! register to tag the event); anything else is a trap. For `0x7C0`, a read happens only when
//! `rd ≠ x0` and a host write only when `rs1 ≠ x0`, as in Airbender's oracle handling, so
//! `csrrw x0, 0x7C0, x0` does nothing.
//!
//! # Cycle accounting
//! Every executed instruction costs one raw cycle, as in Airbender's main RISC-V circuit, with
//! one exception: a cycle marker costs nothing (Airbender's marker hooks subtract them too, and a
//! proving build must not contain markers). The instruction that ends the run (the self-jump) is
//! counted. Each `csrrw` to `0x7C7` is one Blake2s delegation call (one round; a full compression
//! is ten calls) and each `csrrw` to `0x7CA` one U256 call. The *effective* cycles follow the
//! zksync-os convention: `raw + 16 × blake2s + 4 × u256` ([`CycleCounts::effective`]).
//!
//! # Example
//! ```
//! use zkos_simulator::{Machine, DEFAULT_MAX_CYCLES};
//! // addi a0, x0, 7 ; j .
//! let image: Vec<u8> = [0x0070_0513u32, 0x0000_006F].iter().flat_map(|w| w.to_le_bytes()).collect();
//! let mut machine = Machine::new(&image).unwrap();
//! let result = machine.run(&[], DEFAULT_MAX_CYCLES).unwrap();
//! assert_eq!(result.output[0], 7);
//! assert_eq!(result.cycles.raw, 2);
//! ```
//!
//! A program that adds two words of the non-determinism tape, and the typed error when the tape runs out:
//! ```
//! use zkos_simulator::{Machine, SimError, DEFAULT_MAX_CYCLES};
//! // csrrw a0, 0x7C0, x0 ; csrrw a1, 0x7C0, x0 ; add a0, a0, a1 ; j .
//! let words = [0x7C00_1573u32, 0x7C00_15F3, 0x00B5_0533, 0x0000_006F];
//! let image: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
//! let mut machine = Machine::new(&image).unwrap();
//! let result = machine.run(&[40, 2], DEFAULT_MAX_CYCLES).unwrap();
//! assert_eq!((result.output[0], result.tape_words_read, result.cycles.raw), (42, 2, 4));
//! assert!(matches!(machine.run(&[40], DEFAULT_MAX_CYCLES), Err(SimError::TapeExhausted { pc: 4, .. })));
//! ```

mod decode;
pub mod delegation;
mod error;
mod machine;
pub mod observe;
pub mod tape;

pub use error::{Access, DelegationError, SimError, TrapCause};
pub use machine::{CycleCounts, Machine, Marker, RunResult};
pub use observe::{JumpKind, NoObserver, Observer};

/// Size of the read-only region at address 0 that holds the image (2 MiB).
pub const ROM_SIZE: u32 = 2 << 20;
/// End of the address space (exclusive): RAM spans `ROM_SIZE .. MEMORY_SIZE` (1 GiB).
pub const MEMORY_SIZE: u32 = 1 << 30;

/// CSR of the non-determinism tape (read) and the host channel (write).
pub const CSR_NON_DETERMINISM: u32 = 0x7C0;
/// CSR that invokes one Blake2s round delegation.
pub const CSR_BLAKE2S: u32 = 0x7C7;
/// CSR that invokes one U256 operation delegation.
pub const CSR_U256: u32 = 0x7CA;
/// CSR of the cycle marker (profiling only; not provable).
pub const CSR_MARKER: u32 = 0x7FF;
/// The read-only `cycle` CSR: writing it is the program's error exit.
pub const CSR_CYCLE: u32 = 0xC00;

/// Effective-cycle weight of one Blake2s delegation call (zksync-os convention).
pub const BLAKE2S_CYCLE_WEIGHT: u64 = 16;
/// Effective-cycle weight of one U256 delegation call (zksync-os convention).
pub const U256_CYCLE_WEIGHT: u64 = 4;

/// A generous default raw-cycle limit for [`Machine::run`] (2^32 cycles).
pub const DEFAULT_MAX_CYCLES: u64 = 1 << 32;
