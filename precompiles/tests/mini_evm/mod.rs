//! A minimal single-frame EVM (Prague gas rules) for replaying precompile state tests.
//!
//! It runs one contract's code with exact gas for the opcodes precompile tests use: arithmetic, memory,
//! storage, `GAS`, and the call family — but calls may only target precompiles (which run through
//! `zkos_precompiles::run`). Anything else makes the run `Unsupported`, and the caller skips that test.

use std::collections::{BTreeMap, BTreeSet};

use primitives::{keccak256, Address, Fork, U256};
use serde_json::Value;

/// The transaction and account context of one run.
pub struct Env {
    pub address: Address,
    pub caller: Address,
    pub value: U256,
    pub calldata: Vec<u8>,
    pub gas_limit: u64,
    pub access_list: Value,
    pub pre_storage: BTreeMap<U256, U256>,
    pub fork: Fork,
}

/// What a run produced.
pub enum Outcome {
    /// The contract's storage afterwards (reverted to the pre-state on failure).
    Storage(BTreeMap<U256, U256>),
    /// The run needs something this EVM does not model.
    Unsupported(String),
}

enum Halt {
    Stop,
    Fail,
    Unsupported(String),
}

struct Frame<'a> {
    env: &'a Env,
    code: &'a [u8],
    stack: Vec<U256>,
    memory: Vec<u8>,
    gas: u64,
    storage: BTreeMap<U256, U256>,
    warm_slots: BTreeSet<U256>,
    returndata: Vec<u8>,
}

fn intrinsic_gas(env: &Env) -> u64 {
    let mut gas = 21_000u64;
    for b in &env.calldata {
        gas += if *b == 0 { 4 } else { 16 };
    }
    if let Some(list) = env.access_list.as_array() {
        for item in list {
            gas += 2400;
            gas += 1900 * item["storageKeys"].as_array().map_or(0, |k| k.len() as u64);
        }
    }
    gas
}

fn mem_cost(words: u64) -> u64 {
    3 * words + words * words / 512
}

fn as_u64(v: U256) -> Option<u64> {
    primitives::u256_to_u64(&v)
}

impl Frame<'_> {
    fn pop(&mut self) -> Result<U256, Halt> {
        self.stack.pop().ok_or(Halt::Fail)
    }

    fn push(&mut self, v: U256) -> Result<(), Halt> {
        if self.stack.len() >= 1024 {
            return Err(Halt::Fail);
        }
        self.stack.push(v);
        Ok(())
    }

    fn charge(&mut self, cost: u64) -> Result<(), Halt> {
        if cost > self.gas {
            return Err(Halt::Fail);
        }
        self.gas -= cost;
        Ok(())
    }

    /// Charges memory expansion for `[offset, offset + len)` and grows memory; returns the offset.
    fn expand(&mut self, offset: U256, len: U256) -> Result<usize, Halt> {
        if len.is_zero() {
            return Ok(0);
        }
        let (Some(offset), Some(len)) = (as_u64(offset), as_u64(len)) else {
            return Err(Halt::Fail);
        };
        let end = offset.checked_add(len).ok_or(Halt::Fail)?;
        if end > 1 << 32 {
            return Err(Halt::Fail);
        }
        let new_words = end.div_ceil(32);
        let old_words = (self.memory.len() as u64) / 32;
        if new_words > old_words {
            self.charge(mem_cost(new_words) - mem_cost(old_words))?;
            self.memory.resize((new_words * 32) as usize, 0);
        }
        Ok(offset as usize)
    }

    fn copy_cost(len: U256) -> Result<u64, Halt> {
        let len = as_u64(len).ok_or(Halt::Fail)?;
        Ok(3 * len.div_ceil(32))
    }

    fn run(&mut self) -> Result<(), Halt> {
        let mut pc = 0usize;
        let code = self.code;
        let jumpdests = jumpdests(code);
        while pc < code.len() {
            let op = code[pc];
            pc += 1;
            match op {
                0x00 => return Ok(()),
                0x01 | 0x02 | 0x03 | 0x04 | 0x06 | 0x10 | 0x11 | 0x14 | 0x16 | 0x17 | 0x18
                | 0x1b | 0x1c => {
                    self.charge(if matches!(op, 0x02 | 0x04 | 0x06) {
                        5
                    } else {
                        3
                    })?;
                    let a = self.pop()?;
                    let b = self.pop()?;
                    let r = match op {
                        0x01 => a.wrapping_add(b),
                        0x02 => a.wrapping_mul(b),
                        0x03 => a.wrapping_sub(b),
                        0x04 => a.checked_div(b).unwrap_or_default(),
                        0x06 => a.checked_rem(b).unwrap_or_default(),
                        0x10 => U256::from((a < b) as u8),
                        0x11 => U256::from((a > b) as u8),
                        0x14 => U256::from((a == b) as u8),
                        0x16 => a & b,
                        0x17 => a | b,
                        0x18 => a ^ b,
                        0x1b => as_u64(a)
                            .filter(|s| *s < 256)
                            .map_or(U256::ZERO, |s| b << s as usize),
                        _ => as_u64(a)
                            .filter(|s| *s < 256)
                            .map_or(U256::ZERO, |s| b >> s as usize),
                    };
                    self.push(r)?;
                }
                0x0a => {
                    let a = self.pop()?;
                    let b = self.pop()?;
                    self.charge(10 + 50 * (b.bit_len() as u64).div_ceil(8))?;
                    self.push(a.wrapping_pow(b))?;
                }
                0x15 | 0x19 => {
                    self.charge(3)?;
                    let a = self.pop()?;
                    self.push(if op == 0x15 {
                        U256::from(a.is_zero() as u8)
                    } else {
                        !a
                    })?;
                }
                0x20 => {
                    let off = self.pop()?;
                    let len = self.pop()?;
                    self.charge(30 + 2 * Self::copy_cost(len)?)?;
                    let o = self.expand(off, len)?;
                    let l = as_u64(len).unwrap_or(0) as usize;
                    let h = keccak256(&self.memory[o..o + l]);
                    self.push(U256::from_be_bytes(h.0))?;
                }
                0x30 | 0x32 | 0x33 | 0x34 | 0x36 | 0x3d | 0x58 | 0x59 | 0x5a | 0x5f => {
                    self.charge(2)?;
                    let v = match op {
                        0x30 => self.env.address.to_word(),
                        0x32 | 0x33 => self.env.caller.to_word(),
                        0x34 => self.env.value,
                        0x36 => U256::from(self.env.calldata.len() as u64),
                        0x3d => U256::from(self.returndata.len() as u64),
                        0x58 => U256::from((pc - 1) as u64),
                        0x59 => U256::from(self.memory.len() as u64),
                        0x5a => U256::from(self.gas),
                        _ => U256::ZERO,
                    };
                    self.push(v)?;
                }
                0x35 => {
                    self.charge(3)?;
                    let off = self.pop()?;
                    let mut w = [0u8; 32];
                    if let Some(o) = as_u64(off) {
                        for (i, b) in w.iter_mut().enumerate() {
                            *b = self.env.calldata.get(o as usize + i).copied().unwrap_or(0);
                        }
                    }
                    self.push(U256::from_be_bytes(w))?;
                }
                0x37 | 0x3e | 0x5e => {
                    let dst = self.pop()?;
                    let src = self.pop()?;
                    let len = self.pop()?;
                    self.charge(3 + Self::copy_cost(len)?)?;
                    let l = as_u64(len).ok_or(Halt::Fail)? as usize;
                    if op == 0x3e {
                        let s = as_u64(src).ok_or(Halt::Fail)? as usize;
                        if s.checked_add(l)
                            .is_none_or(|end| end > self.returndata.len())
                        {
                            return Err(Halt::Fail);
                        }
                    }
                    let src_bytes: Vec<u8> = match op {
                        0x37 => (0..l)
                            .map(|i| {
                                as_u64(src)
                                    .and_then(|s| self.env.calldata.get(s as usize + i).copied())
                                    .unwrap_or(0)
                            })
                            .collect(),
                        0x3e => {
                            let s = as_u64(src).unwrap_or(0) as usize;
                            self.returndata[s..s + l].to_vec()
                        }
                        _ => {
                            self.expand(src, len)?;
                            let s = as_u64(src).unwrap_or(0) as usize;
                            if l == 0 {
                                Vec::new()
                            } else {
                                self.memory[s..s + l].to_vec()
                            }
                        }
                    };
                    let d = self.expand(dst, len)?;
                    self.memory[d..d + l].copy_from_slice(&src_bytes);
                }
                0x50 => {
                    self.charge(2)?;
                    self.pop()?;
                }
                0x51..=0x53 => {
                    self.charge(3)?;
                    let off = self.pop()?;
                    let len = U256::from(if op == 0x53 { 1u64 } else { 32 });
                    let o = self.expand(off, len)?;
                    match op {
                        0x51 => {
                            let mut w = [0u8; 32];
                            w.copy_from_slice(&self.memory[o..o + 32]);
                            self.push(U256::from_be_bytes(w))?;
                        }
                        0x52 => {
                            let v = self.pop()?;
                            self.memory[o..o + 32].copy_from_slice(&v.to_be_bytes::<32>());
                        }
                        _ => {
                            let v = self.pop()?;
                            self.memory[o] = v.to_be_bytes::<32>()[31];
                        }
                    }
                }
                0x54 => {
                    let key = self.pop()?;
                    let cold = self.warm_slots.insert(key);
                    self.charge(if cold { 2100 } else { 100 })?;
                    let v = self.storage.get(&key).copied().unwrap_or_default();
                    self.push(v)?;
                }
                0x55 => {
                    if self.gas <= 2300 {
                        return Err(Halt::Fail);
                    }
                    let key = self.pop()?;
                    let new = self.pop()?;
                    let cold = self.warm_slots.insert(key);
                    let current = self.storage.get(&key).copied().unwrap_or_default();
                    let original = self.env.pre_storage.get(&key).copied().unwrap_or_default();
                    let mut cost = if current == new {
                        100
                    } else if original == current {
                        if original.is_zero() {
                            20_000
                        } else {
                            2900
                        }
                    } else {
                        100
                    };
                    if cold {
                        cost += 2100;
                    }
                    self.charge(cost)?;
                    self.storage.insert(key, new);
                }
                0x56 | 0x57 => {
                    self.charge(if op == 0x56 { 8 } else { 10 })?;
                    let dest = self.pop()?;
                    let jump = if op == 0x57 {
                        !self.pop()?.is_zero()
                    } else {
                        true
                    };
                    if jump {
                        let d = as_u64(dest).ok_or(Halt::Fail)? as usize;
                        if !jumpdests.contains(&d) {
                            return Err(Halt::Fail);
                        }
                        pc = d;
                    }
                }
                0x5b => self.charge(1)?,
                0x60..=0x7f => {
                    self.charge(3)?;
                    let n = (op - 0x5f) as usize;
                    let mut w = [0u8; 32];
                    for i in 0..n {
                        w[32 - n + i] = code.get(pc + i).copied().unwrap_or(0);
                    }
                    pc += n;
                    self.push(U256::from_be_bytes(w))?;
                }
                0x80..=0x8f => {
                    self.charge(3)?;
                    let n = (op - 0x80) as usize + 1;
                    let v = *self
                        .stack
                        .len()
                        .checked_sub(n)
                        .and_then(|i| self.stack.get(i))
                        .ok_or(Halt::Fail)?;
                    self.push(v)?;
                }
                0x90..=0x9f => {
                    self.charge(3)?;
                    let n = (op - 0x90) as usize + 1;
                    let len = self.stack.len();
                    if len <= n {
                        return Err(Halt::Fail);
                    }
                    self.stack.swap(len - 1, len - 1 - n);
                }
                0xf1 | 0xf2 | 0xf4 | 0xfa => self.call(op)?,
                0xf3 => return Ok(()),
                0xfd | 0xfe => return Err(Halt::Fail),
                other => return Err(Halt::Unsupported(format!("opcode {other:#04x}"))),
            }
        }
        Ok(())
    }

    fn call(&mut self, op: u8) -> Result<(), Halt> {
        let gas_req = self.pop()?;
        let target = Address::from_word(&self.pop()?);
        let value = if matches!(op, 0xf1 | 0xf2) {
            self.pop()?
        } else {
            U256::ZERO
        };
        let (args_off, args_len) = (self.pop()?, self.pop()?);
        let (ret_off, ret_len) = (self.pop()?, self.pop()?);
        if !value.is_zero() {
            return Err(Halt::Unsupported("call with value".into()));
        }
        if !zkos_precompiles::is_precompile(&target, self.env.fork) {
            return Err(Halt::Unsupported(format!("call to {target}")));
        }
        self.charge(100)?;
        let a = self.expand(args_off, args_len)?;
        let r = self.expand(ret_off, ret_len)?;
        let avail = self.gas - self.gas / 64;
        let given = as_u64(gas_req).map_or(avail, |g| g.min(avail));
        self.gas -= given;
        let input = self.memory[a..a + as_u64(args_len).unwrap_or(0) as usize].to_vec();
        let result =
            zkos_precompiles::run(&target, &input, given, self.env.fork).ok_or(Halt::Fail)?;
        match result {
            Ok(out) => {
                assert!(out.gas_used <= given, "precompile used more gas than given");
                self.gas += given - out.gas_used;
                let n = (as_u64(ret_len).unwrap_or(0) as usize).min(out.output.len());
                self.memory[r..r + n].copy_from_slice(&out.output[..n]);
                self.returndata = out.output;
                self.push(U256::from(1u64))
            }
            Err(_) => {
                self.returndata = Vec::new();
                self.push(U256::ZERO)
            }
        }
    }
}

fn jumpdests(code: &[u8]) -> BTreeSet<usize> {
    let mut set = BTreeSet::new();
    let mut i = 0;
    while i < code.len() {
        match code[i] {
            0x5b => {
                set.insert(i);
                i += 1;
            }
            op @ 0x60..=0x7f => i += (op - 0x5f) as usize + 1,
            _ => i += 1,
        }
    }
    set
}

/// Runs `code` as the transaction's callee and returns its storage afterwards.
pub fn execute(code: &[u8], env: &Env) -> Outcome {
    let intrinsic = intrinsic_gas(env);
    if intrinsic > env.gas_limit {
        return Outcome::Unsupported("intrinsic gas".into());
    }
    let mut warm_slots = BTreeSet::new();
    if let Some(list) = env.access_list.as_array() {
        for item in list {
            if item["address"].as_str().map(|a| a.to_ascii_lowercase())
                == Some(env.address.to_string())
            {
                for key in item["storageKeys"].as_array().into_iter().flatten() {
                    let bytes =
                        primitives::decode_hex(key.as_str().unwrap_or("0x")).unwrap_or_default();
                    let mut w = [0u8; 32];
                    w[32 - bytes.len()..].copy_from_slice(&bytes);
                    warm_slots.insert(U256::from_be_bytes(w));
                }
            }
        }
    }
    let mut frame = Frame {
        env,
        code,
        stack: Vec::new(),
        memory: Vec::new(),
        gas: env.gas_limit - intrinsic,
        storage: env.pre_storage.clone(),
        warm_slots,
        returndata: Vec::new(),
    };
    let halt = match frame.run() {
        Ok(()) => Halt::Stop,
        Err(h) => h,
    };
    match halt {
        Halt::Stop => Outcome::Storage(
            frame
                .storage
                .into_iter()
                .filter(|(_, v)| !v.is_zero())
                .collect(),
        ),
        Halt::Fail => Outcome::Storage(env.pre_storage.clone()),
        Halt::Unsupported(why) => Outcome::Unsupported(why),
    }
}
