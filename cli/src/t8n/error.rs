//! The errors of `zkos t8n` and their exit codes, which are geth's `evm t8n` codes so that a test filler
//! driving either tool reads the same failure the same way.

use std::fmt;

use fixtures::InputError;

/// The kind of a t8n failure; its discriminant is the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum ErrorKind {
    /// The block could not be executed (geth's `ErrorEVM`): a failed system contract, an invalid block.
    Evm = 2,
    /// The configuration is unusable (geth's `ErrorConfig`): unknown fork, env lacking what the fork needs.
    Config = 3,
    /// BLOCKHASH asked for a block the env's `blockHashes` does not hold (geth's `ErrorMissingBlockhash`).
    MissingBlockhash = 4,
    /// An input is not the JSON expected (geth's `ErrorJson`).
    Json = 10,
    /// A file cannot be read or written (geth's `ErrorIO`).
    Io = 11,
    /// A transaction list is not valid RLP (geth's `ErrorRlp`).
    Rlp = 12,
}

/// A t8n failure: its kind (the exit code) and a one-line reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct T8nError {
    /// What kind of failure.
    pub kind: ErrorKind,
    /// Why, for a person.
    pub message: String,
}

impl T8nError {
    /// A failure of `kind`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        T8nError { kind, message: message.into() }
    }

    /// An unusable configuration.
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }

    /// Malformed JSON input.
    pub fn json(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Json, message)
    }

    /// A malformed field of the input `what` (`env`, `alloc`, `txs`): a JSON error naming the field.
    pub fn input(what: &str, error: InputError) -> Self {
        Self::json(format!("{what}: {error}"))
    }

    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        self.kind as u8
    }
}

impl fmt::Display for T8nError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // geth prints `ERROR(code): reason`; the same prefix lets scripts grep either tool's stderr.
        write!(f, "ERROR({}): {}", self.exit_code(), self.message)
    }
}

impl std::error::Error for T8nError {}
