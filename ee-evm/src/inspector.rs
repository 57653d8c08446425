//! Inspector hooks: observe every step without slowing the plain interpreter (the hooks compile away when
//! `ENABLED` is false). The EIP-3155 tracer of the state-test runner is built on this.

use crate::interpreter::Interpreter;

/// Observes interpretation. Every hook has a no-op default.
pub trait Inspector<R> {
    /// Whether any hook does something; `false` removes the calls at compile time.
    const ENABLED: bool = true;
    /// Called before each instruction executes (before its gas is charged).
    fn step(&mut self, _interpreter: &Interpreter<R>, _opcode: u8) {}
    /// Called after each instruction that `step` announced: after its body ran, or after the dispatcher
    /// halted it (stack check, static gas). A CALL or CREATE that suspended the frame is seen here before
    /// its callee runs, with `interpreter.request` still set.
    fn step_end(&mut self, _interpreter: &Interpreter<R>, _opcode: u8) {}
}

/// The inspector that observes nothing.
#[derive(Default, Clone, Copy, Debug)]
pub struct NoInspector;

impl<R> Inspector<R> for NoInspector {
    const ENABLED: bool = false;
}
