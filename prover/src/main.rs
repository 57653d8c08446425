//! The proving-mode program.
//!
//! Built for `riscv32im-unknown-none-elf` with `--features proving`, this is the zkos bootloader as an
//! Airbender guest: it reads the witness tape word by word from CSR 0x7c0, verifies every answer while
//! running the block ([`bootloader::proving::prove_block`]), leaves the 256-bit public input in x10–x17 and
//! loops on itself. Any failure (a forged answer, a bug) ends in a write to the read-only `cycle` CSR, which
//! cannot be proven. Built for any other target it is a stub that explains how to build it.
#![cfg_attr(all(target_arch = "riscv32", feature = "proving"), no_std, no_main)]

#[cfg(all(target_arch = "riscv32", feature = "proving"))]
mod guest;

#[cfg(not(all(target_arch = "riscv32", feature = "proving")))]
fn main() {
    println!(
        "zkos-prover is the RISC-V proving program; build it with\n  \
         cargo build --profile prover -p zkos-prover --features proving --target riscv32im-unknown-none-elf"
    );
}
