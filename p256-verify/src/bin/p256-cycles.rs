//! The cost-measurement guest: P-256 verifications on the riscv32 U256 delegation, for the simulator
//! (`tests/cycles.rs` builds it with `--features delegation,guest` and runs it). Not part of any product.
//!
//! Tape: the number of cases, then per case the 160-byte precompile input as 40 little-endian words, an
//! advice count (0 or 1) and that many 8-word answers (32 bytes each). Per case the guest brackets the
//! verification with cycle markers 1 and 2 and sends the verdict (0 or 1) to the host; it ends with the
//! number of cases in `x10`.
#![cfg_attr(target_arch = "riscv32", no_std, no_main)]

/// Off riscv32 there is nothing to run: the program exists for the simulator.
#[cfg(not(target_arch = "riscv32"))]
fn main() {}

#[cfg(target_arch = "riscv32")]
mod guest {
    use zkos_p256::{verify, verify_advised, Replay, INPUT_LEN};

    core::arch::global_asm!(
        ".section .text.init, \"ax\"",
        ".global _start",
        "_start:",
        "    la sp, _stack_top",
        "    call guest_main",
        "1:  j 1b",
    );

    /// The error exit (a write to the read-only `cycle` CSR).
    #[panic_handler]
    fn panic(_: &core::panic::PanicInfo) -> ! {
        // SAFETY: writing `cycle` traps into the simulator's error exit; nothing returns.
        unsafe { core::arch::asm!("csrrw x0, cycle, x0", options(noreturn)) }
    }

    fn read_word() -> u32 {
        let w: u32;
        // SAFETY: reads the next word of the non-determinism tape; touches no memory.
        unsafe { core::arch::asm!("csrrw {0}, 0x7c0, x0", out(reg) w, options(nomem, nostack)) };
        w
    }

    fn write_word(w: u32) {
        // SAFETY: sends a word to the host; touches no memory.
        unsafe { core::arch::asm!("csrrw x0, 0x7c0, {0}", in(reg) w, options(nomem, nostack)) };
    }

    /// A cycle marker tagged `tag` (profiling only: never in a proving build).
    fn marker(tag: u32) {
        // SAFETY: the marker CSR only records the counters.
        unsafe { core::arch::asm!("csrrw x0, 0x7ff, {0}", in(reg) tag, options(nomem, nostack)) };
    }

    fn read_bytes(out: &mut [u8]) {
        for chunk in out.chunks_mut(4) {
            let w = read_word().to_le_bytes();
            chunk.copy_from_slice(&w[..chunk.len()]);
        }
    }

    #[no_mangle]
    extern "C" fn guest_main() -> u32 {
        let cases = read_word();
        for _ in 0..cases {
            let mut input = [0u8; INPUT_LEN];
            read_bytes(&mut input);
            let mut answer = [[0u8; 32]; 1];
            let advised = read_word() != 0;
            if advised {
                read_bytes(&mut answer[0]);
            }
            let verdict = match input.as_chunks::<32>() {
                ([hash, r, s, qx, qy], []) => {
                    marker(1);
                    let v = if advised {
                        verify_advised(hash, r, s, qx, qy, &mut Replay::new(&answer))
                    } else {
                        verify(hash, r, s, qx, qy)
                    };
                    marker(2);
                    v
                }
                _ => false,
            };
            write_word(verdict as u32);
        }
        cases
    }
}
