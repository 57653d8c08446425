//! Hex encoding and decoding with typed errors (input files are untrusted).

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// Why a hex string could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HexError {
    /// The string has an odd number of digits.
    OddLength,
    /// A character that is not a hex digit, at this byte index.
    InvalidDigit {
        /// Byte index in the string (after any `0x` prefix).
        index: usize,
    },
    /// The decoded value does not have the expected length.
    WrongLength {
        /// Bytes expected.
        expected: usize,
        /// Bytes found.
        found: usize,
    },
}

impl fmt::Display for HexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OddLength => f.write_str("odd number of hex digits"),
            Self::InvalidDigit { index } => write!(f, "invalid hex digit at position {index}"),
            Self::WrongLength { expected, found } => write!(f, "expected {expected} bytes, found {found}"),
        }
    }
}

fn digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Decodes hex with an optional `0x` prefix.
pub fn decode_hex(s: &str) -> Result<Vec<u8>, HexError> {
    let s = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")).unwrap_or(s).as_bytes();
    if !s.len().is_multiple_of(2) {
        return Err(HexError::OddLength);
    }
    let mut out = Vec::with_capacity(s.len() / 2);
    for (i, pair) in s.chunks_exact(2).enumerate() {
        let hi = digit(pair[0]).ok_or(HexError::InvalidDigit { index: 2 * i })?;
        let lo = digit(pair[1]).ok_or(HexError::InvalidDigit { index: 2 * i + 1 })?;
        out.push(hi << 4 | lo);
    }
    Ok(out)
}

/// Encodes bytes as lowercase hex with a `0x` prefix.
pub fn encode_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(2 + bytes.len() * 2);
    out.push_str("0x");
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        assert_eq!(decode_hex("0xdeadBEEF").unwrap(), [0xde, 0xad, 0xbe, 0xef]);
        assert_eq!(encode_hex(&[0xde, 0xad]), "0xdead");
        assert_eq!(decode_hex("0x123"), Err(HexError::OddLength));
        assert_eq!(decode_hex("0xzz"), Err(HexError::InvalidDigit { index: 0 }));
        assert_eq!(decode_hex("").unwrap(), [] as [u8; 0]);
    }
}
