//! The non-determinism tape in Airbender's witness text format.
//!
//! Airbender's CLI (`tools/cli run --bin app.bin --input-file F`) reads the tape as hexadecimal
//! u32 words: whitespace is ignored, an optional leading `0x` is skipped, and every 8 hex digits
//! are one word (most significant digit first). [`to_hex`] writes `%08X` one word per line, which
//! that reader and [`from_hex`] both accept.

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

/// Formats words as `%08X`, one per line (each line ends with `\n`).
pub fn to_hex(words: &[u32]) -> String {
    let mut out = String::with_capacity(words.len() * 9);
    for w in words {
        out.push_str(&format!("{w:08X}\n"));
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
