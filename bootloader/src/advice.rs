//! The oracle as a source of signature-recovery advice: each question a recovery asks goes to
//! [`BootloaderIo::advise`], so in proving mode the prover's answers (from the tape) spare the three
//! exponentiations of every sender, EIP-7702 authority and `ecrecover` recovery (the precompile gets them
//! through `PrecompileSet::run`), and the forward run that records the witness puts the answers there. The
//! recovery checks every answer and computes the value itself when one fails, so the oracle can only make
//! it cheaper, never change the signer.

use system_api::{BootloaderIo, Question, SystemError};
use transactions::Advice;

/// A signature recovery: `advised` with the oracle's advice when the oracle gives any (proving mode and the
/// forward run recording its witness, which must ask the same questions), else `plain` (native code).
pub fn recover<Sys: BootloaderIo, T>(
    sys: &mut Sys,
    plain: impl FnOnce() -> T,
    advised: impl FnOnce(&mut OracleAdvice<'_, Sys>) -> T,
) -> Result<T, SystemError> {
    if sys.gives_advice() {
        with_oracle_advice(sys, advised)
    } else {
        Ok(plain())
    }
}

/// Runs a recovery `recover` with the oracle's advice; a failure to reach the oracle ends the block.
pub fn with_oracle_advice<Sys: BootloaderIo, T>(
    sys: &mut Sys,
    recover: impl FnOnce(&mut OracleAdvice<'_, Sys>) -> T,
) -> Result<T, SystemError> {
    let mut advice = OracleAdvice::new(sys);
    let recovered = recover(&mut advice);
    match advice.error {
        Some(error) => Err(error),
        None => Ok(recovered),
    }
}

/// Advice from the system's oracle; the first system error ends the block after the recovery.
pub struct OracleAdvice<'a, Sys> {
    sys: &'a mut Sys,
    /// The first failure to reach the oracle (a broken tape in proving mode).
    pub error: Option<SystemError>,
}

impl<'a, Sys: BootloaderIo> OracleAdvice<'a, Sys> {
    /// Advice from `sys`'s oracle.
    pub fn new(sys: &'a mut Sys) -> Self {
        OracleAdvice { sys, error: None }
    }

    fn ask(&mut self, question: Question) -> Option<[u8; 32]> {
        if self.error.is_some() {
            return None;
        }
        match self.sys.advise(&question) {
            Ok(answer) => answer,
            Err(error) => {
                self.error = Some(error);
                None
            }
        }
    }
}

impl<Sys: BootloaderIo> Advice for OracleAdvice<'_, Sys> {
    fn sqrt(&mut self, a: &[u8; 32]) -> Option<[u8; 32]> {
        self.ask(Question::Secp256k1Sqrt(*a))
    }
    fn scalar_inverse(&mut self, r: &[u8; 32]) -> Option<[u8; 32]> {
        self.ask(Question::Secp256k1ScalarInverse(*r))
    }
    fn field_inverse(&mut self, z: &[u8; 32]) -> Option<[u8; 32]> {
        self.ask(Question::Secp256k1FieldInverse(*z))
    }
    fn p256_scalar_inverse(&mut self, s: &[u8; 32]) -> Option<[u8; 32]> {
        self.ask(Question::P256ScalarInverse(*s))
    }
}
