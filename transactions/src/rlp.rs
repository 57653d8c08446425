//! Recursive Length Prefix (RLP): a strict canonical decoder and a small encoder.
//!
//! The decoder works on borrowed slices and never allocates except to collect the items of a list. It accepts
//! only the canonical encoding of every item, so that a successful decode followed by a re-encode reproduces
//! the input byte for byte (which is what makes the transaction hash well defined):
//!
//! - a single byte below `0x80` must be encoded as itself, not as a one-byte string (`0x81 0x05`);
//! - a payload of up to 55 bytes must use the short form; the long form's length must have no leading zero
//!   byte and must be above 55;
//! - a declared length may not exceed the remaining input, and [`decode_exact`] rejects trailing bytes;
//! - integers ([`Item::as_u64`] and friends) may not have leading zero bytes, and zero is the empty string.
//!
//! The encoder ([`ListEncoder`] and the `encode_*` functions) always produces the canonical form.

use alloc::vec::Vec;
use core::fmt;
use primitives::U256;

/// Why an RLP input was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RlpError {
    /// The input ended before the item it announces.
    UnexpectedEnd,
    /// A single byte below `0x80` was encoded as a one-byte string instead of as itself.
    NonCanonicalSingleByte,
    /// A length was written in the long form although the short form fits, or its length bytes have a
    /// leading zero.
    NonCanonicalLength,
    /// A declared length does not fit in the address space.
    LengthOverflow,
    /// Bytes remain after the top-level item.
    TrailingBytes,
    /// A string was found where a list was expected.
    ExpectedList,
    /// A list was found where a string was expected.
    ExpectedString,
    /// An integer was encoded with leading zero bytes.
    LeadingZero,
    /// An integer is wider than the target type.
    IntegerOverflow,
}

impl fmt::Display for RlpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::UnexpectedEnd => "input ends before the announced item",
            Self::NonCanonicalSingleByte => "single byte below 0x80 encoded as a string",
            Self::NonCanonicalLength => "non-minimal length prefix",
            Self::LengthOverflow => "declared length overflows",
            Self::TrailingBytes => "trailing bytes after the item",
            Self::ExpectedList => "expected a list, found a string",
            Self::ExpectedString => "expected a string, found a list",
            Self::LeadingZero => "integer has leading zero bytes",
            Self::IntegerOverflow => "integer too large for its field",
        })
    }
}

/// One decoded RLP item, borrowing its payload from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item<'a> {
    /// A byte string.
    String(&'a [u8]),
    /// A list; the slice is the concatenated encoding of its elements.
    List(&'a [u8]),
}

impl<'a> Item<'a> {
    /// The payload of a string item.
    pub fn as_bytes(&self) -> Result<&'a [u8], RlpError> {
        match *self {
            Item::String(bytes) => Ok(bytes),
            Item::List(_) => Err(RlpError::ExpectedString),
        }
    }

    /// The elements of a list item.
    pub fn as_list(&self) -> Result<Vec<Item<'a>>, RlpError> {
        match *self {
            Item::List(payload) => decode_list_payload(payload),
            Item::String(_) => Err(RlpError::ExpectedList),
        }
    }

    /// A canonical big-endian unsigned integer of at most `N` bytes, left-padded to `N` bytes.
    pub fn as_uint_bytes<const N: usize>(&self) -> Result<[u8; N], RlpError> {
        let bytes = self.as_bytes()?;
        if bytes.first() == Some(&0) {
            return Err(RlpError::LeadingZero);
        }
        if bytes.len() > N {
            return Err(RlpError::IntegerOverflow);
        }
        let mut out = [0u8; N];
        out[N - bytes.len()..].copy_from_slice(bytes);
        Ok(out)
    }

    /// A canonical integer that fits in `u8`.
    pub fn as_u8(&self) -> Result<u8, RlpError> {
        self.as_uint_bytes::<1>().map(u8::from_be_bytes)
    }

    /// A canonical integer that fits in `u64`.
    pub fn as_u64(&self) -> Result<u64, RlpError> {
        self.as_uint_bytes::<8>().map(u64::from_be_bytes)
    }

    /// A canonical integer that fits in `u128`.
    pub fn as_u128(&self) -> Result<u128, RlpError> {
        self.as_uint_bytes::<16>().map(u128::from_be_bytes)
    }

    /// A canonical integer that fits in 256 bits.
    pub fn as_u256(&self) -> Result<U256, RlpError> {
        self.as_uint_bytes::<32>().map(U256::from_be_bytes)
    }
}

/// Reads a big-endian length of `len_of_len` bytes from the start of `input` (long-form header).
fn read_long_length(input: &[u8], len_of_len: usize) -> Result<usize, RlpError> {
    let bytes = input.get(..len_of_len).ok_or(RlpError::UnexpectedEnd)?;
    if bytes.first() == Some(&0) {
        return Err(RlpError::NonCanonicalLength);
    }
    let mut len: usize = 0;
    for &b in bytes {
        len = len
            .checked_mul(256)
            .and_then(|l| l.checked_add(b as usize))
            .ok_or(RlpError::LengthOverflow)?;
    }
    if len <= 55 {
        return Err(RlpError::NonCanonicalLength);
    }
    Ok(len)
}

/// Splits `len` payload bytes starting at `start` off `input`, returning the payload and the rest.
fn take(input: &[u8], start: usize, len: usize) -> Result<(&[u8], &[u8]), RlpError> {
    let end = start.checked_add(len).ok_or(RlpError::LengthOverflow)?;
    let payload = input.get(start..end).ok_or(RlpError::UnexpectedEnd)?;
    let rest = input.get(end..).ok_or(RlpError::UnexpectedEnd)?;
    Ok((payload, rest))
}

/// Decodes the first item of `input`, returning it and the bytes after it.
pub fn decode_item(input: &[u8]) -> Result<(Item<'_>, &[u8]), RlpError> {
    let prefix = *input.first().ok_or(RlpError::UnexpectedEnd)?;
    match prefix {
        0x00..=0x7f => Ok((Item::String(&input[..1]), &input[1..])),
        0x80..=0xb7 => {
            let len = (prefix - 0x80) as usize;
            let (payload, rest) = take(input, 1, len)?;
            if len == 1 && payload[0] < 0x80 {
                return Err(RlpError::NonCanonicalSingleByte);
            }
            Ok((Item::String(payload), rest))
        }
        0xb8..=0xbf => {
            let len_of_len = (prefix - 0xb7) as usize;
            let len = read_long_length(&input[1..], len_of_len)?;
            let (payload, rest) = take(input, 1 + len_of_len, len)?;
            Ok((Item::String(payload), rest))
        }
        0xc0..=0xf7 => {
            let len = (prefix - 0xc0) as usize;
            let (payload, rest) = take(input, 1, len)?;
            Ok((Item::List(payload), rest))
        }
        0xf8..=0xff => {
            let len_of_len = (prefix - 0xf7) as usize;
            let len = read_long_length(&input[1..], len_of_len)?;
            let (payload, rest) = take(input, 1 + len_of_len, len)?;
            Ok((Item::List(payload), rest))
        }
    }
}

/// Decodes exactly one item that spans the whole input.
pub fn decode_exact(input: &[u8]) -> Result<Item<'_>, RlpError> {
    let (item, rest) = decode_item(input)?;
    if !rest.is_empty() {
        return Err(RlpError::TrailingBytes);
    }
    Ok(item)
}

/// Splits a list payload into its items (each validated as canonical at the top level).
pub fn decode_list_payload(mut payload: &[u8]) -> Result<Vec<Item<'_>>, RlpError> {
    let mut items = Vec::new();
    while !payload.is_empty() {
        let (item, rest) = decode_item(payload)?;
        items.push(item);
        payload = rest;
    }
    Ok(items)
}

/// Appends an RLP header for a payload of `len` bytes; `offset` is `0x80` for strings and `0xc0` for lists.
fn encode_header(out: &mut Vec<u8>, offset: u8, len: usize) {
    if len <= 55 {
        out.push(offset + len as u8);
    } else {
        let be = (len as u64).to_be_bytes();
        let skip = be.iter().take_while(|&&b| b == 0).count();
        out.push(offset + 55 + (8 - skip) as u8);
        out.extend_from_slice(&be[skip..]);
    }
}

/// Appends the encoding of a byte string.
pub fn encode_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    if bytes.len() == 1 && bytes[0] < 0x80 {
        out.push(bytes[0]);
    } else {
        encode_header(out, 0x80, bytes.len());
        out.extend_from_slice(bytes);
    }
}

/// Appends the encoding of a big-endian unsigned integer given as bytes (leading zeros are stripped).
pub fn encode_uint_bytes(out: &mut Vec<u8>, be: &[u8]) {
    let skip = be.iter().take_while(|&&b| b == 0).count();
    encode_bytes(out, &be[skip..]);
}

/// Appends the encoding of a `u64`.
pub fn encode_u64(out: &mut Vec<u8>, value: u64) {
    encode_uint_bytes(out, &value.to_be_bytes());
}

/// Appends the encoding of a `u128`.
pub fn encode_u128(out: &mut Vec<u8>, value: u128) {
    encode_uint_bytes(out, &value.to_be_bytes());
}

/// Appends the encoding of a 256-bit integer.
pub fn encode_u256(out: &mut Vec<u8>, value: &U256) {
    encode_uint_bytes(out, &value.to_be_bytes::<32>());
}

/// Appends a list header for `payload` followed by the payload (already-encoded items).
pub fn encode_list(out: &mut Vec<u8>, payload: &[u8]) {
    encode_header(out, 0xc0, payload.len());
    out.extend_from_slice(payload);
}

/// Builds one RLP list item by item.
#[derive(Debug, Clone, Default)]
pub struct ListEncoder {
    payload: Vec<u8>,
}

impl ListEncoder {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a byte string.
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        encode_bytes(&mut self.payload, bytes);
        self
    }

    /// Appends a `u64`.
    pub fn u64(&mut self, value: u64) -> &mut Self {
        encode_u64(&mut self.payload, value);
        self
    }

    /// Appends a `u128`.
    pub fn u128(&mut self, value: u128) -> &mut Self {
        encode_u128(&mut self.payload, value);
        self
    }

    /// Appends a 256-bit integer.
    pub fn u256(&mut self, value: &U256) -> &mut Self {
        encode_u256(&mut self.payload, value);
        self
    }

    /// Appends a nested list.
    pub fn list(&mut self, list: &ListEncoder) -> &mut Self {
        encode_list(&mut self.payload, &list.payload);
        self
    }

    /// Appends an already-encoded item verbatim.
    pub fn raw(&mut self, encoded: &[u8]) -> &mut Self {
        self.payload.extend_from_slice(encoded);
        self
    }

    /// Appends the finished list (header and payload) to `out`.
    pub fn finish_into(&self, out: &mut Vec<u8>) {
        encode_list(out, &self.payload);
    }

    /// The finished list encoding.
    pub fn finish(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.payload.len() + 9);
        self.finish_into(&mut out);
        out
    }
}
