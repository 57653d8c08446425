//! The benchmark harness's one error: a missing or malformed fixture, a transaction that cannot be built,
//! or zkos and revm disagreeing on a case (a bench must never time two different computations). The bench
//! binaries report it and stop; the library never panics on what it reads.

use std::fmt;

/// What went wrong, in words that name the case or file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BenchError(pub String);

impl fmt::Display for BenchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BenchError {}

/// `Err(BenchError(format!(...)))` unless the condition holds.
macro_rules! ensure {
    ($cond:expr, $($message:tt)+) => {
        if !$cond {
            return Err($crate::BenchError(format!($($message)+)));
        }
    };
}
pub(crate) use ensure;

/// A `BenchError` from anything displayable, with context.
pub(crate) fn fail(context: impl fmt::Display, error: impl fmt::Debug) -> BenchError {
    BenchError(format!("{context}: {error:?}"))
}
