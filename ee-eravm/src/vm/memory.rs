//! Memory: fat pointers, byte pages (heap, aux heap, calldata, returndata), the tagged stack pages, and
//! the heap and fat-pointer read/write opcodes (`uma`) with their paid heap growth.

use alloc::collections::BTreeMap;
use alloc::vec;
use alloc::vec::Vec;

use primitives::U256;

use super::{shl, shr, Exec, Value, Vm, MAX_OFFSET_TO_DEREF, STATIC_MEMORY_PAGE};
use crate::opcodes::UmaOp;

/// A fat pointer: a slice of a memory page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FatPointer {
    /// Offset within the slice.
    pub offset: u32,
    /// The page.
    pub page: u32,
    /// Absolute start.
    pub start: u32,
    /// Length.
    pub length: u32,
}

impl FatPointer {
    /// Unpacks the low 128 bits.
    pub fn from_u256(v: &U256) -> Self {
        let l = v.as_limbs();
        FatPointer { offset: l[0] as u32, page: (l[0] >> 32) as u32, start: l[1] as u32, length: (l[1] >> 32) as u32 }
    }
    /// Packs into the low 128 bits.
    pub fn to_u256(self) -> U256 {
        U256::from_limbs([
            self.offset as u64 | ((self.page as u64) << 32),
            self.start as u64 | ((self.length as u64) << 32),
            0,
            0,
        ])
    }
}

/// Sparse-above-16-MiB byte page.
#[derive(Clone, Debug, Default)]
pub struct Page {
    dense: Vec<u8>,
    sparse: BTreeMap<u64, [u8; 32]>,
}

const DENSE_LIMIT: u64 = 1 << 24;

impl Page {
    fn byte(&self, addr: u64) -> u8 {
        if addr < DENSE_LIMIT {
            self.dense.get(addr as usize).copied().unwrap_or(0)
        } else {
            self.sparse.get(&(addr / 32)).map(|w| w[(addr % 32) as usize]).unwrap_or(0)
        }
    }
    fn set_byte(&mut self, addr: u64, b: u8) {
        if addr < DENSE_LIMIT {
            let a = addr as usize;
            if a >= self.dense.len() {
                if b == 0 {
                    return;
                }
                self.dense.resize(a + 1, 0);
            }
            self.dense[a] = b;
        } else {
            self.sparse.entry(addr / 32).or_insert([0; 32])[(addr % 32) as usize] = b;
        }
    }
    /// Reads 32 bytes at `addr` (big-endian word).
    pub fn read32(&self, addr: u64) -> [u8; 32] {
        let mut out = [0u8; 32];
        if addr + 32 <= self.dense.len() as u64 {
            out.copy_from_slice(&self.dense[addr as usize..addr as usize + 32]);
        } else {
            for (i, o) in out.iter_mut().enumerate() {
                *o = self.byte(addr + i as u64);
            }
        }
        out
    }
    /// Writes 32 bytes at `addr`.
    pub fn write32(&mut self, addr: u64, bytes: &[u8; 32]) {
        if addr + 32 <= DENSE_LIMIT {
            let a = addr as usize;
            if a + 32 > self.dense.len() {
                self.dense.resize(a + 32, 0);
            }
            self.dense[a..a + 32].copy_from_slice(bytes);
        } else {
            for (i, b) in bytes.iter().enumerate() {
                self.set_byte(addr + i as u64, *b);
            }
        }
    }
    /// Copies `len` bytes from `start`.
    pub fn read_range(&self, start: u64, len: u64) -> Vec<u8> {
        (0..len).map(|i| self.byte(start + i)).collect()
    }
    /// A page holding `bytes` from offset 0.
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Page { dense: bytes, sparse: BTreeMap::new() }
    }
}

impl Vm {
    pub(super) fn stack_read(&self, page: u32, index: u16) -> Value {
        self.stacks.get(&page).and_then(|s| s.get(index as usize)).copied().unwrap_or_default()
    }

    pub(super) fn stack_write(&mut self, page: u32, index: u16, v: Value) {
        let s = self.stacks.entry(page).or_default();
        if s.len() <= index as usize {
            s.resize(index as usize + 1, Value::default());
        }
        s[index as usize] = v;
    }

    /// Reads a 32-byte word of a page.
    pub fn page_read32(&self, page: u32, addr: u64) -> [u8; 32] {
        self.pages.get(&page).map(|p| p.read32(addr)).unwrap_or([0; 32])
    }

    /// The bytes a fat pointer designates (from start + offset to start + length).
    pub fn fat_pointer_bytes(&self, p: FatPointer) -> Vec<u8> {
        let start = p.start as u64 + p.offset as u64;
        let len = (p.length as u64).saturating_sub(p.offset as u64);
        match self.pages.get(&p.page) {
            Some(page) => page.read_range(start, len),
            None => vec![0; len as usize],
        }
    }
}

impl Vm {
    pub(super) fn uma(&mut self, u: UmaOp, ctx: &Exec) {
        self.frame_mut().pc = ctx.new_pc;
        let increment = ctx.ins.variant.flags[0];
        let src0 = ctx.src0;
        let mut p = FatPointer::from_u256(&src0.value);
        let mut panic = false;
        let mut skip = false;
        let is_ptr_read = u == UmaOp::FatPointerRead;
        if is_ptr_read && !src0.is_pointer {
            panic = true;
        }
        let base = self.frame().base_page;
        match u {
            UmaOp::HeapRead | UmaOp::HeapWrite => p.page = base + 2,
            UmaOp::AuxHeapRead | UmaOp::AuxHeapWrite => p.page = base + 3,
            UmaOp::StaticMemoryRead | UmaOp::StaticMemoryWrite => p.page = STATIC_MEMORY_PAGE,
            UmaOp::FatPointerRead => {}
        }
        let mut beyond = false;
        let addr = if is_ptr_read {
            if p.offset >= p.length {
                skip = true;
            }
            p.start.wrapping_add(p.offset)
        } else {
            if src0.value > U256::from(MAX_OFFSET_TO_DEREF) {
                panic = true;
                beyond = true;
                skip = true;
            }
            p.offset
        };
        let (incremented, inc_of) = p.offset.overflowing_add(32);
        if inc_of {
            panic = true;
        }
        if matches!(u, UmaOp::HeapRead | UmaOp::HeapWrite | UmaOp::AuxHeapRead | UmaOp::AuxHeapWrite) {
            let heap = matches!(u, UmaOp::HeapRead | UmaOp::HeapWrite);
            let f = self.frame_mut();
            let bound = if heap { f.heap_bound } else { f.aux_heap_bound };
            let cost = if beyond { u32::MAX } else { incremented.saturating_sub(bound) };
            match f.ergs.checked_sub(cost) {
                Some(e) => {
                    f.ergs = e;
                    if incremented > bound {
                        if heap {
                            f.heap_bound = incremented;
                        } else {
                            f.aux_heap_bound = incremented;
                        }
                    }
                }
                None => {
                    f.ergs = 0;
                    panic = true;
                }
            }
        }
        let skip = skip || panic;
        let read = |vm: &Vm| if skip { [0u8; 32] } else { vm.page_read32(p.page, addr as u64) };
        match u {
            UmaOp::HeapRead | UmaOp::AuxHeapRead | UmaOp::FatPointerRead | UmaOp::StaticMemoryRead => {
                let mut word = U256::from_be_bytes(read(self));
                if is_ptr_read {
                    let beyond_bytes = if skip { 0 } else { incremented.saturating_sub(p.length) % 32 };
                    word = shl(shr(word, beyond_bytes as usize * 8), beyond_bytes as usize * 8);
                }
                if panic {
                    self.pending_exception = true;
                    return;
                }
                self.write_dst0(ctx, Value::num(word));
                if increment {
                    let mut l = *src0.value.as_limbs();
                    l[0] = (l[0] & 0xffff_ffff_0000_0000) + incremented as u64;
                    self.write_dst1(ctx.ins.dst1, Value { value: U256::from_limbs(l), is_pointer: src0.is_pointer });
                }
            }
            _ => {
                if !skip {
                    let bytes = ctx.src1.value.to_be_bytes::<32>();
                    self.pages.entry(p.page).or_default().write32(addr as u64, &bytes);
                }
                if panic {
                    self.pending_exception = true;
                    return;
                }
                if increment {
                    let mut l = *src0.value.as_limbs();
                    l[0] = (l[0] & 0xffff_ffff_0000_0000) + incremented as u64;
                    self.write_dst0(ctx, Value::num(U256::from_limbs(l)));
                }
            }
        }
    }
}
