//! The bare-metal side: entry point, allocator, CSR tape, output and the unprovable exit.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;

use bootloader::proving::{TapeError, TapeSource};
use system_api::SystemAllocator;

core::arch::global_asm!(
    ".section .text.init, \"ax\"",
    ".global _start",
    "_start:",
    "    la sp, _stack_top",
    "    call zkos_main",
    "1:  j 1b",
);

/// Reads the oracle tape from CSR 0x7c0.
struct CsrTape;

impl TapeSource for CsrTape {
    #[inline(always)]
    fn read_word(&mut self) -> Result<u32, TapeError> {
        let word: u32;
        // SAFETY: csrrw on the non-determinism CSR only reads the next input word.
        unsafe { core::arch::asm!("csrrw {0}, 0x7c0, x0", out(reg) word, options(nomem, nostack)) };
        Ok(word)
    }
}

/// A bump allocator over the heap region the linker script leaves after `.bss`. Proving runs are short and
/// single-threaded; never freeing is the cheapest correct policy.
struct BumpAllocator {
    next: UnsafeCell<usize>,
}

// SAFETY: the guest is single-threaded; no two threads can race on `next`.
unsafe impl Sync for BumpAllocator {}

unsafe extern "C" {
    static _heap_start: u8;
    static _heap_end: u8;
}

unsafe impl GlobalAlloc for BumpAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: single-threaded access to the bump pointer; the linker symbols bound the region.
        unsafe {
            let next = &mut *self.next.get();
            if *next == 0 {
                *next = core::ptr::addr_of!(_heap_start) as usize;
            }
            let start = (*next + layout.align() - 1) & !(layout.align() - 1);
            let end = start + layout.size();
            if end > core::ptr::addr_of!(_heap_end) as usize {
                return core::ptr::null_mut();
            }
            *next = end;
            start as *mut u8
        }
    }

    /// Memory from the bump pointer was never handed out before, and RAM starts zeroed (the Airbender ABI,
    /// `link.x`): it is zero already, so nothing is written (a fresh 32 KiB EVM stack costs no cycles).
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as `alloc`.
        unsafe { self.alloc(layout) }
    }

    unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}
}

#[global_allocator]
static ALLOCATOR: BumpAllocator = BumpAllocator { next: UnsafeCell::new(0) };

/// The allocator as the System's type parameter names it.
struct Bump;

impl SystemAllocator for Bump {
    const NAME: &'static str = "bump";
    fn allocated_bytes() -> Option<usize> {
        // SAFETY: single-threaded read of the bump pointer.
        let next = unsafe { *ALLOCATOR.next.get() };
        let start = core::ptr::addr_of!(_heap_start) as usize;
        Some(next.saturating_sub(start))
    }
}

/// Ends the run so that it cannot be proven: `cycle` is read-only, writing it is illegal.
fn unprovable_exit() -> ! {
    // SAFETY: the write traps by design; nothing after it runs.
    unsafe { core::arch::asm!("csrrw x0, cycle, x0", "1: j 1b", options(noreturn)) }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    unprovable_exit()
}

/// The chain this program proves, chosen by cargo feature (see the crate's `Cargo.toml`).
#[cfg(not(feature = "ethereum-l1"))]
type Chain = bootloader::Rollup;
#[cfg(feature = "ethereum-l1")]
type Chain = bootloader::EthereumL1;

/// The public input of the tape's block (or batch, with the `batch` feature).
fn prove() -> Option<[u32; 8]> {
    #[cfg(not(feature = "batch"))]
    let proven = bootloader::proving::prove_chain_block::<Chain, _, Bump>(CsrTape).ok().map(|p| p.public_input);
    #[cfg(feature = "batch")]
    let proven = bootloader::proving::batch::prove_chain_batch::<Chain, _, Bump>(CsrTape).ok().map(|(pi, _)| pi);
    proven
}

#[unsafe(no_mangle)]
extern "C" fn zkos_main() -> ! {
    match prove() {
        Some(o) => {
            // SAFETY: the outputs are plain values in registers; the loop is the ABI's end of program.
            unsafe {
                core::arch::asm!(
                    "1: j 1b",
                    in("x10") o[0], in("x11") o[1], in("x12") o[2], in("x13") o[3],
                    in("x14") o[4], in("x15") o[5], in("x16") o[6], in("x17") o[7],
                    options(noreturn)
                )
            }
        }
        None => unprovable_exit(),
    }
}
