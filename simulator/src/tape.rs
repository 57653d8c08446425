//! The non-determinism tape in Airbender's witness text format.
//!
//! Airbender's CLI (`tools/cli run --bin app.bin --input-file F`) trims the file and reads it as one
//! continuous hexadecimal string: its length must be a multiple of 8 and every 8 characters are one u32
//! word, most significant digit first; a separator anywhere (a newline between words) makes it fail.
//! [`to_hex`] therefore writes `%08X` per word with nothing between words and no final newline.
//! [`from_hex`] is more lenient (whitespace ignored, an optional leading `0x`), so it also reads the
//! one-word-per-line files that earlier versions wrote.

use core::fmt;
use std::io;
use std::path::Path;

/// Why a tape text could not be parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TapeParseError {
    /// The number of hex digits (whitespace removed) is not a multiple of 8.
    Length {
        /// Number of digits found.
        digits: usize,
    },
    /// A character that is neither a hex digit nor whitespace.
    InvalidDigit {
        /// The character.
        ch: char,
        /// Index of the word (0-based) it belongs to.
        word: usize,
    },
}

impl fmt::Display for TapeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            TapeParseError::Length { digits } => {
                write!(f, "tape has {digits} hex digits, not a multiple of 8")
            }
            TapeParseError::InvalidDigit { ch, word } => {
                write!(f, "tape word {word}: {ch:?} is not a hex digit")
            }
        }
    }
}

impl std::error::Error for TapeParseError {}

/// Formats words as `%08X` each, concatenated: Airbender's input format.
pub fn to_hex(words: &[u32]) -> String {
    use core::fmt::Write;
    let mut out = String::with_capacity(words.len() * 8);
    for w in words {
        // Writing into a String cannot fail.
        let _ = write!(out, "{w:08X}");
    }
    out
}

/// Parses tape text: whitespace ignored, optional leading `0x`, 8 hex digits per word.
pub fn from_hex(text: &str) -> Result<Vec<u32>, TapeParseError> {
    let text = text.trim_start();
    let text = text
        .strip_prefix("0x")
        .or_else(|| text.strip_prefix("0X"))
        .unwrap_or(text);
    let mut words = Vec::new();
    let mut current = 0u32;
    let mut digits = 0usize;
    for ch in text.chars().filter(|c| !c.is_whitespace()) {
        let d = ch.to_digit(16).ok_or(TapeParseError::InvalidDigit {
            ch,
            word: digits / 8,
        })?;
        current = (current << 4) | d;
        digits += 1;
        if digits.is_multiple_of(8) {
            words.push(current);
            current = 0;
        }
    }
    if !digits.is_multiple_of(8) {
        return Err(TapeParseError::Length { digits });
    }
    Ok(words)
}

/// Writes `words` to `path` in the format of [`to_hex`].
pub fn write_file(path: &Path, words: &[u32]) -> io::Result<()> {
    std::fs::write(path, to_hex(words))
}

/// Reads a tape file; a parse error comes back as [`io::ErrorKind::InvalidData`].
pub fn read_file(path: &Path) -> io::Result<Vec<u32>> {
    let text = std::fs::read_to_string(path)?;
    from_hex(&text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Airbender's reader as its sources describe it: trim, then the length must be a multiple of 8 and
    /// each 8-character chunk one hexadecimal u32 (no separators, no prefix).
    fn airbender_reads(text: &str) -> Option<Vec<u32>> {
        let text = text.trim();
        if !text.len().is_multiple_of(8) {
            return None;
        }
        text.as_bytes()
            .chunks(8)
            .map(|chunk| core::str::from_utf8(chunk).ok().and_then(|c| u32::from_str_radix(c, 16).ok()))
            .collect()
    }

    #[test]
    fn airbender_accepts_what_we_write() {
        let words = [0u32, 1, 0xdead_beef, u32::MAX, 0x0000_00ff, 0x8000_0000];
        let text = to_hex(&words);
        assert_eq!(text, "0000000000000001DEADBEEFFFFFFFFF000000FF80000000");
        assert_eq!(airbender_reads(&text).as_deref(), Some(&words[..]));
        assert_eq!(from_hex(&text).as_deref(), Ok(&words[..]));
        assert_eq!(to_hex(&[]), "");
    }

    #[test]
    fn the_old_line_format_is_refused_by_airbender_but_still_read_here() {
        let lines = "00000001\n00000002\n";
        assert_eq!(airbender_reads(lines), None);
        assert_eq!(from_hex(lines), Ok(vec![1, 2]));
        assert_eq!(from_hex("0x0000000100000002"), Ok(vec![1, 2]));
        assert_eq!(from_hex("0000001"), Err(TapeParseError::Length { digits: 7 }));
        assert!(matches!(from_hex("0000000g"), Err(TapeParseError::InvalidDigit { ch: 'g', word: 0 })));
    }
}
