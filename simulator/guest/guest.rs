//! A small Airbender-ABI guest built with the stable Rust compiler (see `build.sh`), so the
//! simulator is tested on real compiler output, not only on hand-assembled programs.
//!
//! Tape: `n`, then `n` words (the message, little-endian bytes). The guest
//! - sends to the host the word `sum over i of w[i] / (i + 1) + w[i] % 7 * mulh(w[i], i)`,
//! - hashes the message bytes with Blake2s-256 through the 0x7C7 delegation,
//! - doubles the digest (as a 256-bit number) with the 0x7CA delegation and sends word 0 to the
//!   host,
//! - outputs the digest in x10..x17.
//!
//! A panic takes the error exit.
#![no_std]
#![no_main]

use core::arch::{asm, global_asm};

global_asm!(
    ".section .text.start",
    ".globl _start",
    "_start:",
    "li sp, 0x4200000",
    "call guest_main",
    "mv t0, a0",
    "lw a0, 0(t0)",
    "lw a1, 4(t0)",
    "lw a2, 8(t0)",
    "lw a3, 12(t0)",
    "lw a4, 16(t0)",
    "lw a5, 20(t0)",
    "lw a6, 24(t0)",
    "lw a7, 28(t0)",
    "1: j 1b",
);

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    unsafe { asm!("csrrw x0, cycle, x0", options(noreturn)) }
}

fn read_word() -> u32 {
    let w: u32;
    unsafe { asm!("csrrw {0}, 0x7c0, x0", out(reg) w, options(nomem, nostack)) };
    w
}

fn write_word(w: u32) {
    unsafe { asm!("csrrw x0, 0x7c0, {0}", in(reg) w, options(nomem, nostack)) };
}

#[repr(C, align(128))]
struct Blake {
    state: [u32; 24],
}

#[repr(C, align(64))]
struct Block([u32; 16]);

#[repr(C, align(32))]
struct U256([u32; 8]);

const IV: [u32; 8] = [
    0x6A09_E667,
    0xBB67_AE85,
    0x3C6E_F372,
    0xA54F_F53A,
    0x510E_527F,
    0x9B05_688C,
    0x1F83_D9AB,
    0x5BE0_CD19,
];

static mut BLAKE: Blake = Blake { state: [0; 24] };
static mut BLOCK: Block = Block([0; 16]);
static mut MESSAGE: [u32; 1024] = [0; 1024];
static mut A: U256 = U256([0; 8]);
static mut B: U256 = U256([0; 8]);

fn blake_round(state: *mut u32, input: *const u32, round: u32, control: u32) {
    unsafe {
        asm!(
            "csrrw x0, 0x7c7, x0",
            in("x10") state,
            in("x11") input,
            in("x12") 1u32 << round,
            in("x13") control,
            options(nostack)
        )
    }
}

fn u256_op(a: *mut u32, b: *const u32, op: u32) -> u32 {
    let mut flag = op;
    unsafe {
        asm!("csrrw x0, 0x7ca, x0", in("x10") a, in("x11") b, inlateout("x12") flag, options(nostack))
    };
    flag
}

#[no_mangle]
extern "C" fn guest_main() -> *const u32 {
    let n = read_word() as usize;
    let message = unsafe { &mut *core::ptr::addr_of_mut!(MESSAGE) };
    let words = &mut message[..n]; // panics (error exit) when n > 1024
    for w in words.iter_mut() {
        *w = read_word();
    }

    let mut check = 0u32;
    for (i, &w) in words.iter().enumerate() {
        let i = i as u32;
        let high = ((w as i32 as i64 * i as i64) >> 32) as u32;
        check = check
            .wrapping_add(w / (i + 1))
            .wrapping_add((w % 7).wrapping_mul(high));
    }
    write_word(check);

    let blake = unsafe { &mut *core::ptr::addr_of_mut!(BLAKE) };
    let block = unsafe { &mut *core::ptr::addr_of_mut!(BLOCK) };
    blake.state[..8].copy_from_slice(&IV);
    blake.state[0] ^= 0x0101_0020;
    let blocks = n.div_ceil(16).max(1);
    for k in 0..blocks {
        let chunk = &words[(16 * k).min(n)..(16 * k + 16).min(n)];
        block.0 = [0; 16];
        block.0[..chunk.len()].copy_from_slice(chunk);
        let last = k + 1 == blocks;
        blake.state[8 + 12] = IV[4] ^ (4 * (16 * k + chunk.len())) as u32;
        blake.state[8 + 14] = IV[6] ^ if last { u32::MAX } else { 0 };
        for r in 0..10 {
            let control = (r == 9) as u32;
            blake_round(blake.state.as_mut_ptr(), block.0.as_ptr(), r, control);
        }
    }

    let a = unsafe { &mut *core::ptr::addr_of_mut!(A) };
    let b = unsafe { &mut *core::ptr::addr_of_mut!(B) };
    a.0.copy_from_slice(&blake.state[..8]);
    b.0.copy_from_slice(&blake.state[..8]);
    let carry = u256_op(a.0.as_mut_ptr(), b.0.as_ptr(), 1);
    write_word(a.0[0]);
    write_word(carry);

    blake.state.as_ptr()
}
