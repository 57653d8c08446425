//! Fixed-size byte types: 20-byte addresses and 32-byte hashes, with hex formatting and parsing.

use crate::hex::{decode_hex, HexError};
use crate::U256;
use core::fmt;

macro_rules! fixed_bytes {
    ($(#[$doc:meta])* $name:ident, $len:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Eq, Default)]
        pub struct $name(pub [u8; $len]);

        // Equality and hashing by 8-byte words: these are the keys of the System's account and slot maps,
        // probed on every state access. The derived versions went through `memcmp` and the hasher's byte-
        // string path (a third of an account lookup's time); the words give the same equality, and equal
        // values still hash equally.
        impl PartialEq for $name {
            #[inline]
            fn eq(&self, other: &Self) -> bool {
                let mut differ = 0u64;
                for (a, b) in self.0.chunks(8).zip(other.0.chunks(8)) {
                    differ |= word(a) ^ word(b);
                }
                differ == 0
            }
        }

        // Byte-wise (lexicographic) order, compared a big-endian word at a time: sorted address lists and
        // the state diff's ordered maps compare keys constantly, and the derived order called `memcmp`.
        impl Ord for $name {
            #[inline]
            fn cmp(&self, other: &Self) -> core::cmp::Ordering {
                for (a, b) in self.0.chunks(8).zip(other.0.chunks(8)) {
                    match word(a).cmp(&word(b)) {
                        core::cmp::Ordering::Equal => {}
                        unequal => return unequal,
                    }
                }
                core::cmp::Ordering::Equal
            }
        }

        impl PartialOrd for $name {
            #[inline]
            fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl core::hash::Hash for $name {
            #[inline]
            fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
                for chunk in self.0.chunks(8) {
                    state.write_u64(word(chunk));
                }
            }
        }

        impl $name {
            /// The all-zero value.
            pub const ZERO: Self = Self([0u8; $len]);
            /// Length in bytes.
            pub const LEN: usize = $len;

            /// Parses hex (optional `0x`) of exactly the right length.
            pub fn from_hex(s: &str) -> Result<Self, HexError> {
                let bytes = decode_hex(s)?;
                Self::from_slice(&bytes)
            }

            /// Copies from a slice of exactly the right length.
            pub fn from_slice(bytes: &[u8]) -> Result<Self, HexError> {
                let array: [u8; $len] = bytes
                    .try_into()
                    .map_err(|_| HexError::WrongLength { expected: $len, found: bytes.len() })?;
                Ok(Self(array))
            }

            /// The bytes.
            pub const fn as_bytes(&self) -> &[u8; $len] {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("0x")?;
                for b in self.0.iter() {
                    write!(f, "{b:02x}")?;
                }
                Ok(())
            }
        }

        impl AsRef<[u8]> for $name {
            fn as_ref(&self) -> &[u8] {
                &self.0
            }
        }

        impl From<[u8; $len]> for $name {
            fn from(value: [u8; $len]) -> Self {
                Self(value)
            }
        }
    };
}

/// Up to eight bytes as a big-endian word, zero-padded on the right (the last chunk of an address has
/// four), so words order as the bytes do: chunks compared at one position have the same length.
#[inline(always)]
fn word(bytes: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    buf[..bytes.len().min(8)].copy_from_slice(&bytes[..bytes.len().min(8)]);
    u64::from_be_bytes(buf)
}

fixed_bytes!(
    /// A 20-byte account address.
    Address,
    20
);
fixed_bytes!(
    /// A 32-byte hash or word in big-endian byte order.
    B256,
    32
);

impl Address {
    /// The address held in the low 20 bytes of a word (EVM `address` conversion).
    pub fn from_word(word: &U256) -> Self {
        let bytes = word.to_be_bytes::<32>();
        let mut out = [0u8; 20];
        out.copy_from_slice(&bytes[12..]);
        Self(out)
    }

    /// The address as a word, left-padded with zeros.
    pub fn to_word(&self) -> U256 {
        let mut bytes = [0u8; 32];
        bytes[12..].copy_from_slice(&self.0);
        U256::from_be_bytes(bytes)
    }

    /// An address whose last eight bytes hold `n` big-endian (system and precompile addresses).
    pub const fn from_low_u64(n: u64) -> Self {
        let b = n.to_be_bytes();
        let mut out = [0u8; 20];
        let mut i = 0;
        while i < 8 {
            out[12 + i] = b[i];
            i += 1;
        }
        Self(out)
    }
}

impl B256 {
    /// The hash as a big-endian word.
    pub fn to_word(&self) -> U256 {
        U256::from_be_bytes(self.0)
    }

    /// A word as 32 big-endian bytes.
    pub fn from_word(word: &U256) -> Self {
        Self(word.to_be_bytes::<32>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_word_round_trip() {
        let a = Address::from_hex("0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b").unwrap();
        assert_eq!(Address::from_word(&a.to_word()), a);
        assert_eq!(alloc::format!("{a}"), "0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b");
        assert_eq!(Address::from_low_u64(0x0a).0[19], 0x0a);
        assert!(Address::from_hex("0x1234").is_err());
    }

    #[test]
    fn equality_and_hashing_see_every_byte() {
        use core::hash::{Hash, Hasher};
        // A hasher that records what it is fed, so equal values must feed it the same words.
        #[derive(Default)]
        struct Record(alloc::vec::Vec<u64>);
        impl Hasher for Record {
            fn finish(&self) -> u64 {
                0
            }
            fn write(&mut self, _: &[u8]) {
                unreachable!("fed by words")
            }
            fn write_u64(&mut self, word: u64) {
                self.0.push(word);
            }
        }
        let fed = |a: &Address| {
            let mut h = Record::default();
            a.hash(&mut h);
            h.0
        };
        let base = Address::from_hex("0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b").unwrap();
        for i in 0..20 {
            let mut other = base;
            other.0[i] ^= 0x80;
            assert_ne!(base, other, "byte {i}");
            assert_ne!(fed(&base), fed(&other), "byte {i}");
        }
        assert_eq!(base, Address(base.0));
        // The order is the bytes' order, wherever the first difference lies.
        for i in 0..20 {
            let (mut low, mut high) = (base, base);
            low.0[i] = 0x10;
            high.0[i] = 0x90;
            assert!(low < high, "byte {i}");
            assert!(high > low, "byte {i}");
            assert_eq!(low.cmp(&high), low.0.cmp(&high.0));
            if i + 1 < 20 {
                low.0[i + 1] = 0xff;
                assert!(low < high, "byte {i} decides before byte {}", i + 1);
            }
        }
        assert_eq!(base.cmp(&base), core::cmp::Ordering::Equal);
        assert_eq!(fed(&base).len(), 3);
        let mut b = B256::ZERO;
        b.0[31] = 1;
        assert_ne!(b, B256::ZERO);
    }
}
