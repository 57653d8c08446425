//! A sampling profiler for the RISC-V program: re-runs the simulation to evenly spaced cycle counts inside a
//! window, reads the pc there, and attributes each sample to the function whose symbol covers it (from the
//! ELF symbol table, names demangled by `rustc-demangle`). Cheap, deterministic, no program changes.

use std::collections::BTreeMap;

use simulator::Machine;

/// Every symbol `(value, size, type, demangled name)` of a 32-bit little-endian ELF (type: 1 object, 2
/// function, 0 no type).
pub fn symbols(elf: &[u8]) -> Vec<(u32, u32, u8, String)> {
    let u16_at = |at: usize| elf.get(at..at + 2).map(|s| u16::from_le_bytes([s[0], s[1]])).unwrap_or(0) as usize;
    let u32_at = |at: usize| elf.get(at..at + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]])).unwrap_or(0);
    let (shoff, shentsize, shnum) = (u32_at(0x20) as usize, u16_at(0x2e), u16_at(0x30));
    let mut out = Vec::new();
    for i in 0..shnum {
        let sh = shoff + i * shentsize;
        if u32_at(sh + 4) != 2 {
            continue; // SHT_SYMTAB
        }
        let (offset, size, link, entsize) =
            (u32_at(sh + 16) as usize, u32_at(sh + 20) as usize, u32_at(sh + 24) as usize, u32_at(sh + 36) as usize);
        let strtab = u32_at(shoff + link * shentsize + 16) as usize;
        for s in (0..size / entsize.max(1)).map(|k| offset + k * entsize) {
            let Some(info) = elf.get(s + 12) else { continue };
            let name_at = strtab + u32_at(s) as usize;
            let end = elf.get(name_at..).and_then(|b| b.iter().position(|c| *c == 0)).unwrap_or(0);
            let raw = elf.get(name_at..name_at + end).map(String::from_utf8_lossy).unwrap_or_default().to_string();
            let name = format!("{:#}", rustc_demangle::demangle(&raw));
            out.push((u32_at(s + 4), u32_at(s + 8), info & 0xf, name));
        }
    }
    out
}

/// Function symbols `(start, end, name)` of a 32-bit little-endian ELF, sorted by start.
pub fn function_symbols(elf: &[u8]) -> Vec<(u32, u32, String)> {
    let mut out: Vec<(u32, u32, String)> =
        symbols(elf).into_iter().filter(|s| s.2 == 2).map(|(value, size, _, name)| (value, value + size, name)).collect();
    out.sort();
    out
}

/// The address of the symbol named `name` (demangled, without hash; a `name.0` that LLVM split out of a
/// struct counts), if the ELF has it.
pub fn symbol_address(elf: &[u8], name: &str) -> Option<u32> {
    let split = format!("{name}.0");
    symbols(elf).into_iter().find(|s| s.3 == name || s.3 == split).map(|s| s.0)
}

/// Samples `samples` pcs evenly between raw cycles `start` and `end` and returns `(share, function)` rows,
/// largest first.
pub fn profile(
    machine: &mut Machine,
    tape: &[u32],
    symbols: &[(u32, u32, String)],
    (start, end): (u64, u64),
    samples: u64,
) -> Vec<(f64, String)> {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for i in 0..samples {
        let stop = start + (end - start) * i / samples.max(1);
        let _ = machine.run(tape, stop.max(1));
        let pc = machine.pc();
        let idx = symbols.partition_point(|(s, _, _)| *s <= pc);
        let name = match idx.checked_sub(1).and_then(|k| symbols.get(k)) {
            Some((s, e, n)) if pc >= *s && pc < *e => n.clone(),
            _ => format!("{pc:#x}"),
        };
        *counts.entry(name).or_default() += 1;
    }
    let mut rows: Vec<(f64, String)> =
        counts.into_iter().map(|(n, c)| (100.0 * c as f64 / samples.max(1) as f64, n)).collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    rows
}
