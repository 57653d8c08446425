//! Binary decoding: the header, every section of a module in order (types, imports, functions, table,
//! memory, globals, exports, start, elements, code, data) with its limits, and the bounds-checked
//! [`Reader`] with LEB128 integers, names, value types, limits and constant expressions.

use alloc::string::String;
use alloc::vec::Vec;

use super::compile::compile_function;
use super::{
    FuncType, Global, Module, Reject, ValType, MAX_FUNCTIONS, MAX_GLOBALS, MAX_MODULE_SIZE, MAX_PAGES, MAX_TABLE,
};
use crate::host;

impl Module {
    /// Decodes, validates and compiles `bytes`.
    pub fn decode(bytes: &[u8]) -> Result<Module, Reject> {
        if bytes.len() > MAX_MODULE_SIZE {
            return Err("wasm module too large");
        }
        let mut r = Reader::new(bytes);
        if r.bytes(4)? != b"\0asm" {
            return Err("not a wasm module (bad magic)");
        }
        if r.bytes(4)? != [1, 0, 0, 0] {
            return Err("unsupported wasm version");
        }
        let mut m = Module::default();
        let mut defined_types: Vec<u32> = Vec::new();
        let mut last_id = 0u8;
        let mut saw_code = false;
        while !r.at_end() {
            let id = r.byte()?;
            let size = r.u32()? as usize;
            let mut s = Reader::new(r.bytes(size)?);
            if id > 12 {
                return Err("unknown wasm section");
            }
            if id != 0 {
                // Sections appear at most once, in order (data count 12 sits between 9 and 10).
                let rank = |id: u8| if id == 12 { 95 } else { u32::from(id) * 10 };
                if rank(id) <= rank(last_id) {
                    return Err("wasm sections out of order or repeated");
                }
                last_id = id;
            }
            match id {
                0 => continue, // custom section
                1 => {
                    for _ in 0..s.count(MAX_FUNCTIONS)? {
                        if s.byte()? != 0x60 {
                            return Err("malformed function type");
                        }
                        let params = s.val_types()?;
                        let results = s.val_types()?;
                        m.types.push(FuncType { params, results });
                    }
                }
                2 => {
                    for _ in 0..s.count(MAX_FUNCTIONS)? {
                        let module = s.name()?;
                        let name = s.name()?;
                        match s.byte()? {
                            0x00 => {
                                let ty = s.u32()?;
                                let ty_ref = m.types.get(ty as usize).ok_or("import type index out of range")?;
                                if module != host::MODULE {
                                    return Err("import from an unknown module (only \"zkos\" is provided)");
                                }
                                let f = host::lookup(name).ok_or("import of an unknown zkos host function")?;
                                if !f.signature_matches(ty_ref) {
                                    return Err("zkos host function imported with a wrong signature");
                                }
                                m.imports.push(f);
                                m.func_types.push(ty);
                            }
                            _ => return Err("only function imports are supported"),
                        }
                    }
                }
                3 => {
                    for _ in 0..s.count(MAX_FUNCTIONS)? {
                        let ty = s.u32()?;
                        if ty as usize >= m.types.len() {
                            return Err("function type index out of range");
                        }
                        defined_types.push(ty);
                        m.func_types.push(ty);
                    }
                    if m.func_types.len() > MAX_FUNCTIONS {
                        return Err("too many functions");
                    }
                }
                4 => {
                    if s.count(1)? == 1 {
                        if s.byte()? != 0x70 {
                            return Err("only funcref tables are supported");
                        }
                        let (min, max) = s.limits(MAX_TABLE)?;
                        if min > MAX_TABLE {
                            return Err("table too large");
                        }
                        m.table = Some((min, max));
                    }
                }
                5 => {
                    if s.count(1)? == 1 {
                        let (min, max) = s.limits(MAX_PAGES)?;
                        if min > MAX_PAGES {
                            return Err("initial memory above the 16-page cap");
                        }
                        m.memory = Some((min, max));
                    }
                }
                6 => {
                    for _ in 0..s.count(MAX_GLOBALS)? {
                        let ty = s.val_type()?;
                        let mutable = match s.byte()? {
                            0 => false,
                            1 => true,
                            _ => return Err("malformed global mutability"),
                        };
                        let init = s.const_expr(ty)?;
                        m.globals.push(Global { ty, mutable, init });
                    }
                }
                7 => {
                    let n = s.count(MAX_FUNCTIONS)?;
                    for _ in 0..n {
                        let name = String::from(s.name()?);
                        let kind = s.byte()?;
                        let index = s.u32()?;
                        let in_range = match kind {
                            0 => (index as usize) < m.func_types.len(),
                            1 => m.table.is_some() && index == 0,
                            2 => m.memory.is_some() && index == 0,
                            3 => (index as usize) < m.globals.len(),
                            _ => return Err("malformed export kind"),
                        };
                        if !in_range {
                            return Err("export index out of range");
                        }
                        if m.exports.iter().any(|(n, _)| *n == name) {
                            return Err("duplicate export name");
                        }
                        if kind == 0 {
                            m.exports.push((name, index));
                        }
                    }
                }
                8 => {
                    let f = s.u32()?;
                    if f as usize >= m.func_types.len() {
                        return Err("start function index out of range");
                    }
                    let ty = m.func_type(f);
                    if !ty.params.is_empty() || !ty.results.is_empty() {
                        return Err("start function must take and return nothing");
                    }
                    m.start = Some(f);
                }
                9 => {
                    for _ in 0..s.count(MAX_FUNCTIONS)? {
                        let flags = s.u32()?;
                        match flags {
                            0 => {}
                            2 => {
                                if s.u32()? != 0 {
                                    return Err("element segment for an unknown table");
                                }
                            }
                            _ => return Err("only active function element segments are supported"),
                        }
                        if m.table.is_none() {
                            return Err("element segment without a table");
                        }
                        let offset = s.const_expr(ValType::I32)? as u32;
                        if flags == 2 && s.byte()? != 0x00 {
                            return Err("unsupported element kind");
                        }
                        let n = s.count(MAX_TABLE as usize)?;
                        let mut funcs = Vec::with_capacity(n);
                        for _ in 0..n {
                            let f = s.u32()?;
                            if f as usize >= m.func_types.len() {
                                return Err("element function index out of range");
                            }
                            funcs.push(f);
                        }
                        m.elements.push((offset, funcs));
                    }
                }
                10 => {
                    saw_code = true;
                    let n = s.count(MAX_FUNCTIONS)?;
                    if n != defined_types.len() {
                        return Err("function and code section lengths differ");
                    }
                    for &type_index in &defined_types {
                        let size = s.u32()? as usize;
                        let body = s.bytes(size)?;
                        let f = compile_function(&m, type_index, body)?;
                        m.functions.push(f);
                    }
                }
                11 => {
                    for _ in 0..s.count(MAX_FUNCTIONS)? {
                        match s.u32()? {
                            0 => {}
                            2 => {
                                if s.u32()? != 0 {
                                    return Err("data segment for an unknown memory");
                                }
                            }
                            _ => return Err("only active data segments are supported"),
                        }
                        if m.memory.is_none() {
                            return Err("data segment without a memory");
                        }
                        let offset = s.const_expr(ValType::I32)? as u32;
                        let len = s.u32()? as usize;
                        m.data.push((offset, s.bytes(len)?.to_vec()));
                    }
                }
                12 => {
                    s.u32()?;
                }
                _ => return Err("unknown wasm section"),
            }
            if !s.at_end() {
                return Err("wasm section size mismatch");
            }
        }
        if !saw_code && !defined_types.is_empty() {
            return Err("function section without a code section");
        }
        Ok(m)
    }
}

/// A cursor over bytes; every read is bounds-checked.
pub(super) struct Reader<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) pos: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, pos: 0 }
    }

    pub(super) fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    pub(super) fn byte(&mut self) -> Result<u8, Reject> {
        let b = *self.bytes.get(self.pos).ok_or("unexpected end of wasm")?;
        self.pos += 1;
        Ok(b)
    }

    fn bytes(&mut self, n: usize) -> Result<&'a [u8], Reject> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or("unexpected end of wasm")?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }

    /// Unsigned LEB128 of at most `bits` bits.
    fn uleb(&mut self, bits: u32) -> Result<u64, Reject> {
        let mut result = 0u64;
        let mut shift = 0u32;
        loop {
            let b = self.byte()?;
            if shift >= bits || (shift + 7 > bits && (b & 0x7f) >> (bits - shift) != 0) {
                return Err("LEB128 integer too long");
            }
            result |= u64::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                return Ok(result);
            }
        }
    }

    /// Signed LEB128 of at most `bits` bits, sign-extended to 64 bits.
    pub(super) fn sleb(&mut self, bits: u32) -> Result<i64, Reject> {
        let mut result = 0i64;
        let mut shift = 0u32;
        loop {
            let b = self.byte()?;
            if shift >= bits {
                return Err("LEB128 integer too long");
            }
            if shift + 7 > bits {
                // The unused bits of the last byte must all equal the sign bit.
                let used = bits - shift;
                let rest = ((b & 0x7f) as i32) >> (used - 1);
                if b & 0x80 != 0 || (rest != 0 && rest != (0x7f >> (used - 1))) {
                    return Err("LEB128 integer too long");
                }
            }
            result |= i64::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                if shift < 64 && b & 0x40 != 0 {
                    result |= -1i64 << shift;
                }
                return Ok(result);
            }
        }
    }

    pub(super) fn u32(&mut self) -> Result<u32, Reject> {
        self.uleb(32).map(|v| v as u32)
    }

    /// A vector length, bounded by `max` and by the bytes left (each element takes at least one byte).
    pub(super) fn count(&mut self, max: usize) -> Result<usize, Reject> {
        let n = self.u32()? as usize;
        if n > max || n > self.bytes.len() - self.pos {
            return Err("wasm vector too long");
        }
        Ok(n)
    }

    fn name(&mut self) -> Result<&'a str, Reject> {
        let n = self.u32()? as usize;
        core::str::from_utf8(self.bytes(n)?).map_err(|_| "wasm name is not UTF-8")
    }

    pub(super) fn val_type(&mut self) -> Result<ValType, Reject> {
        match self.byte()? {
            0x7f => Ok(ValType::I32),
            0x7e => Ok(ValType::I64),
            0x7d | 0x7c => Err("floating-point types are not supported"),
            _ => Err("unsupported value type"),
        }
    }

    pub(super) fn val_types(&mut self) -> Result<Vec<ValType>, Reject> {
        let n = self.count(1000)?;
        (0..n).map(|_| self.val_type()).collect()
    }

    fn limits(&mut self, cap: u32) -> Result<(u32, u32), Reject> {
        match self.byte()? {
            0x00 => Ok((self.u32()?, cap)),
            0x01 => {
                let (min, max) = (self.u32()?, self.u32()?);
                if min > max {
                    return Err("limits minimum above maximum");
                }
                Ok((min, max.min(cap)))
            }
            _ => Err("unsupported limits (shared or 64-bit)"),
        }
    }

    /// A constant expression: `i32.const`/`i64.const` then `end`.
    fn const_expr(&mut self, ty: ValType) -> Result<u64, Reject> {
        let value = match (self.byte()?, ty) {
            (0x41, ValType::I32) => self.sleb(32)? as u32 as u64,
            (0x42, ValType::I64) => self.sleb(64)? as u64,
            _ => return Err("unsupported constant expression"),
        };
        if self.byte()? != 0x0b {
            return Err("unsupported constant expression");
        }
        Ok(value)
    }
}
