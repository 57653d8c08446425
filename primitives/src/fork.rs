//! Ethereum fork (hard-fork rule set) selector. Only the forks zkos executes are listed.

use core::fmt;
use core::str::FromStr;

/// The Ethereum rule set a block runs under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Fork {
    /// Cancun (Dencun execution layer): EIP-1153, 4844, 5656, 6780, 7516.
    Cancun,
    /// Prague (Pectra execution layer): adds EIP-2537, 2935, 7623, 7702 on top of Cancun.
    #[default]
    Prague,
}

impl Fork {
    /// True when this fork includes every rule of `other`.
    pub const fn is_enabled(self, other: Fork) -> bool {
        self as u8 >= other as u8
    }

    /// The fork's name as the state tests spell it.
    pub const fn name(self) -> &'static str {
        match self {
            Fork::Cancun => "Cancun",
            Fork::Prague => "Prague",
        }
    }
}

impl fmt::Display for Fork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The name is not a fork zkos knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFork;

impl fmt::Display for UnknownFork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown fork (expected Cancun or Prague)")
    }
}

impl FromStr for Fork {
    type Err = UnknownFork;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "cancun" => Ok(Fork::Cancun),
            "prague" => Ok(Fork::Prague),
            _ => Err(UnknownFork),
        }
    }
}
