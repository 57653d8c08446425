//! An EraVM execution environment (EE type 3) for zkos.
#![no_std]

extern crate alloc;

pub mod calls;
pub mod opcodes;
pub mod vm;
