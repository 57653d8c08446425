//! Turns the prover's ELF into the flat image the Airbender ABI loads at address 0: ROM segments are copied,
//! RAM segments must carry no initialised bytes (the ABI forbids `.data`; RAM starts zeroed).

/// The ROM size of the Airbender layout.
pub const ROM_SIZE: u32 = 2 << 20;

fn u16_at(b: &[u8], at: usize) -> Result<u16, String> {
    b.get(at..at + 2).map(|s| u16::from_le_bytes([s[0], s[1]])).ok_or_else(|| "truncated ELF".to_string())
}

fn u32_at(b: &[u8], at: usize) -> Result<u32, String> {
    b.get(at..at + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]])).ok_or_else(|| "truncated ELF".to_string())
}

/// The flat image of a 32-bit little-endian RISC-V ELF, checked against the ABI's layout.
pub fn flat_image(elf: &[u8]) -> Result<Vec<u8>, String> {
    if elf.get(..4) != Some(b"\x7fELF") || elf.get(4) != Some(&1) || elf.get(5) != Some(&1) {
        return Err("not a 32-bit little-endian ELF".into());
    }
    if u16_at(elf, 0x12)? != 0xf3 {
        return Err("not a RISC-V ELF".into());
    }
    if u32_at(elf, 0x18)? != 0 {
        return Err("entry point is not address 0".into());
    }
    let phoff = u32_at(elf, 0x1c)? as usize;
    let phentsize = u16_at(elf, 0x2a)? as usize;
    let phnum = u16_at(elf, 0x2c)? as usize;
    let mut image = Vec::new();
    for i in 0..phnum {
        let ph = phoff + i * phentsize;
        if u32_at(elf, ph)? != 1 {
            continue; // not PT_LOAD
        }
        let offset = u32_at(elf, ph + 4)? as usize;
        let vaddr = u32_at(elf, ph + 8)?;
        let filesz = u32_at(elf, ph + 16)? as usize;
        let bytes = elf.get(offset..offset + filesz).ok_or("segment outside the file")?;
        if vaddr >= ROM_SIZE {
            if bytes.iter().any(|b| *b != 0) {
                return Err(format!("initialised data in RAM at {vaddr:#x}: the ABI forbids .data"));
            }
            continue;
        }
        let end = vaddr as usize + filesz;
        if end > ROM_SIZE as usize {
            return Err(format!("ROM segment at {vaddr:#x} ends past 2 MiB"));
        }
        if image.len() < end {
            image.resize(end, 0);
        }
        image[vaddr as usize..end].copy_from_slice(bytes);
    }
    if image.is_empty() {
        return Err("no ROM segment".into());
    }
    Ok(image)
}
