//! `--tracer NAME` on `run`, `replay` and `t8n`: the block run once more under the tracer, its output
//! written to `--trace-out FILE` or stdout. `callTracer[:withLog]` and `prestateTracer[:diffMode]` print
//! geth's `[{txHash, result}]`; `eip3155` prints one JSON line per instruction (the state tests' tracer).

use std::cell::RefCell;
use std::io::Write;
use std::marker::PhantomData;
use std::path::Path;
use std::rc::Rc;

use bootloader::{BlockObserver, ChainSpec};
use ee_api::EeSet;
use system_api::BlockContext;
use system_impl::{ForwardSystem, InMemoryState};
use zkos_tracers::{CallTracer, PrestateTracer, TracerKind};

/// Chain `C` with the EIP-3155 tracer in every EVM frame (its precompiles and rules unchanged).
struct Traced<C>(PhantomData<C>);

impl<C: ChainSpec> ChainSpec for Traced<C> {
    type Ees = fixtures::statetest::trace::TracingEes;
    type Precompiles = C::Precompiles;
    type Rules = C::Rules;
    const NAME: &'static str = C::NAME;
}

/// A `Write` into a shared buffer (the EIP-3155 sink takes its writer by value).
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs the block of chain `C` under `kind` and returns the trace's text.
pub fn trace_block<C: ChainSpec>(
    kind: TracerKind,
    context: &BlockContext,
    state: &InMemoryState,
    transactions: &[Vec<u8>],
) -> Result<String, String>
where
    C::Ees: EeSet<ForwardSystem>,
{
    match kind {
        TracerKind::Call { with_log } => {
            let mut tracer = CallTracer::new(with_log);
            forward::<C, _>(context, state, transactions, &mut tracer)?;
            Ok(pretty(tracer.into_results()))
        }
        TracerKind::Prestate { diff_mode } => {
            let mut tracer = PrestateTracer::new(diff_mode);
            forward::<C, _>(context, state, transactions, &mut tracer)?;
            Ok(pretty(tracer.into_results()))
        }
        TracerKind::Eip3155 => {
            let buffer = Shared::default();
            fixtures::statetest::trace::install(Box::new(buffer.clone()));
            let result = forward::<Traced<C>, _>(context, state, transactions, &mut TransactionStarts);
            let _ = fixtures::statetest::trace::uninstall();
            result?;
            let text = String::from_utf8_lossy(&buffer.0.borrow()).into_owned();
            Ok(text)
        }
    }
}

/// Starts the EIP-3155 tracer's bookkeeping anew at each transaction.
struct TransactionStarts;

impl BlockObserver<ForwardSystem> for TransactionStarts {
    fn transaction_started(&mut self, _: &ForwardSystem, _: usize, _: &transactions::Transaction, _: primitives::Address) {
        fixtures::statetest::trace::begin_transaction();
    }
}

fn forward<C: ChainSpec, O: BlockObserver<ForwardSystem>>(
    context: &BlockContext,
    state: &InMemoryState,
    transactions: &[Vec<u8>],
    observer: &mut O,
) -> Result<(), String>
where
    C::Ees: EeSet<ForwardSystem>,
{
    bootloader::forward::run_chain_forward_observed::<C>(context.clone(), state.clone(), transactions.to_vec(), 1, observer)
        .map(|_| ())
        .map_err(|e| format!("traced run failed: {e}"))
}

fn pretty(results: Vec<serde_json::Value>) -> String {
    serde_json::to_string_pretty(&serde_json::Value::Array(results)).unwrap_or_default() + "\n"
}

/// Writes `text` to `out`, or stdout.
pub fn emit(text: &str, out: Option<&Path>) -> Result<(), String> {
    match out {
        Some(path) => std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => {
            // A closed pipe (`| head`) ends the output quietly instead of panicking as `print!` would.
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(text.as_bytes()).and_then(|_| stdout.flush()) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(format!("cannot write the trace: {e}")),
            }
        }
    }
}
