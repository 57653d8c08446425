//! geth's `callTracer`: per transaction the tree of frames — `{type, from, to, value, gas, gasUsed, input,
//! output, error, revertReason, calls, logs}` — as `debug_traceBlockByNumber(N, {tracer: "callTracer"})`
//! returns it.
//!
//! geth's conventions, followed here: the transaction's frame has the transaction's gas limit as `gas` and
//! the receipt's gas as `gasUsed`; inner frames the gas handed to them and what they spent of it. `to` of a
//! DELEGATECALL or CALLCODE is the account whose code runs; `value` is omitted for STATICCALL; `output` only
//! when not empty, and on a failure only for a revert; a revert's `Error(string)` is decoded into
//! `revertReason`; logs (with `withLog`) carry their `position` among the frame's calls, and a failed
//! frame's logs (and its callees') are dropped. Not seen by the bootloader, so absent here: calls the EVM
//! refused before making them (depth, balance) and SELFDESTRUCT pseudo-frames.

use bootloader::{BlockObserver, FrameEnd, FrameStart, FrameStartKind, InvalidTransaction, TransactionResult};
use ee_api::{CallScheme, ExitStatus, HaltReason};
use primitives::{encode_hex, Log, B256};
use serde_json::{json, Map, Value};
use system_api::BootloaderIo;
use transactions::Transaction;

use crate::hex_u64;

/// One frame being built.
#[derive(Debug, Default)]
struct Frame {
    fields: Map<String, Value>,
    gas: u64,
    calls: Vec<Value>,
    logs: Vec<Value>,
}

/// The callTracer (see the module docs).
#[derive(Debug, Default)]
pub struct CallTracer {
    with_log: bool,
    stack: Vec<Frame>,
    /// Logs of the current transaction already attributed to a frame.
    logs_seen: usize,
    /// The finished top frame of the current transaction, waiting for its receipt.
    top: Option<Frame>,
    gas_limit: u64,
    /// `{txHash, result}` per included transaction.
    results: Vec<Value>,
}

impl CallTracer {
    /// A callTracer; `with_log` adds each frame's logs.
    pub fn new(with_log: bool) -> Self {
        CallTracer { with_log, ..CallTracer::default() }
    }

    /// The traces so far: `[{txHash, result}]`.
    pub fn into_results(self) -> Vec<Value> {
        self.results
    }

    /// Attributes the logs emitted since the last look to the frame on top.
    fn collect_logs(&mut self, logs: &[Log]) {
        if !self.with_log {
            return;
        }
        // A rollback shrinks the list; what it removed belonged to a failed frame, dropped there.
        self.logs_seen = self.logs_seen.min(logs.len());
        let Some(frame) = self.stack.last_mut() else {
            self.logs_seen = logs.len();
            return;
        };
        for log in &logs[self.logs_seen..] {
            frame.logs.push(json!({
                "address": log.address.to_string(),
                "topics": log.topics.iter().map(B256::to_string).collect::<Vec<_>>(),
                "data": encode_hex(&log.data),
                "position": hex_u64(frame.calls.len() as u64),
            }));
        }
        self.logs_seen = logs.len();
    }
}

fn type_name(kind: FrameStartKind) -> &'static str {
    match kind {
        FrameStartKind::Call(CallScheme::Call) => "CALL",
        FrameStartKind::Call(CallScheme::CallCode) => "CALLCODE",
        FrameStartKind::Call(CallScheme::DelegateCall) => "DELEGATECALL",
        FrameStartKind::Call(CallScheme::StaticCall) => "STATICCALL",
        FrameStartKind::Create => "CREATE",
        FrameStartKind::Create2 => "CREATE2",
    }
}

/// geth's error text for a halt.
fn halt_error(reason: HaltReason) -> String {
    match reason {
        HaltReason::OutOfResources => "out of gas".into(),
        HaltReason::InvalidInstruction => "invalid opcode".into(),
        HaltReason::StackUnderflow => "stack underflow".into(),
        HaltReason::StackOverflow => "stack limit reached 1024 (1023)".into(),
        HaltReason::InvalidJump => "invalid jump destination".into(),
        HaltReason::StateChangeInStaticContext => "write protection".into(),
        HaltReason::OutOfBounds => "return data out of bounds".into(),
        HaltReason::InvalidDeployedCode => "invalid code: must not begin with 0xef".into(),
        HaltReason::CreateCollision => "contract address collision".into(),
        HaltReason::CallDepthExceeded => "max call depth exceeded".into(),
        other => other.to_string(),
    }
}

/// The string of an ABI `Error(string)` revert payload.
fn revert_reason(output: &[u8]) -> Option<String> {
    let body = output.strip_prefix(&[0x08, 0xc3, 0x79, 0xa0])?;
    let word = |at: usize| -> Option<usize> {
        let bytes = body.get(at..at + 32)?;
        if bytes[..24].iter().any(|b| *b != 0) {
            return None;
        }
        usize::try_from(u64::from_be_bytes(bytes[24..].try_into().ok()?)).ok()
    };
    let offset = word(0)?;
    let len = word(offset)?;
    let text = body.get(offset + 32..offset.checked_add(32)?.checked_add(len)?)?;
    String::from_utf8(text.to_vec()).ok()
}

impl<Sys: BootloaderIo> BlockObserver<Sys> for CallTracer {
    fn transaction_started(&mut self, _sys: &Sys, _index: usize, tx: &Transaction, _sender: primitives::Address) {
        self.stack.clear();
        self.top = None;
        self.logs_seen = 0;
        self.gas_limit = tx.gas_limit;
    }

    fn frame_started(&mut self, sys: &Sys, start: &FrameStart<'_>) {
        self.collect_logs(sys.pending_logs());
        let mut fields = Map::new();
        let kind = type_name(start.kind);
        fields.insert("type".into(), kind.into());
        // A DELEGATECALL or CALLCODE runs in the caller's own context: geth names that account as `from` and
        // the account whose code runs as `to` (the request's `from` is the inherited `msg.sender`).
        let (from, to) = match start.kind {
            FrameStartKind::Call(CallScheme::DelegateCall | CallScheme::CallCode) => (start.to, start.code_address),
            _ => (start.from, start.to),
        };
        fields.insert("from".into(), from.to_string().into());
        fields.insert("to".into(), to.to_string().into());
        if start.kind != FrameStartKind::Call(CallScheme::StaticCall) {
            fields.insert("value".into(), format!("{:#x}", start.value).into());
        }
        fields.insert("input".into(), encode_hex(start.input).into());
        fields.insert("gas".into(), hex_u64(start.gas));
        self.stack.push(Frame { fields, gas: start.gas, calls: Vec::new(), logs: Vec::new() });
    }

    fn frame_ended(&mut self, sys: &Sys, end: &FrameEnd<'_>) {
        self.collect_logs(sys.pending_logs());
        let Some(mut frame) = self.stack.pop() else { return };
        frame.fields.insert("gasUsed".into(), hex_u64(frame.gas.saturating_sub(end.gas_left)));
        match end.status {
            ExitStatus::Success => {
                if !end.output.is_empty() {
                    frame.fields.insert("output".into(), encode_hex(end.output).into());
                }
            }
            ExitStatus::Revert => {
                frame.fields.insert("error".into(), "execution reverted".into());
                if !end.output.is_empty() {
                    frame.fields.insert("output".into(), encode_hex(end.output).into());
                }
                if let Some(reason) = revert_reason(end.output) {
                    frame.fields.insert("revertReason".into(), reason.into());
                }
            }
            ExitStatus::Halt(reason) => {
                frame.fields.insert("error".into(), halt_error(reason).into());
            }
        }
        if !end.status.is_success() {
            frame.logs.clear();
            clear_logs(&mut frame.calls);
        }
        match self.stack.last_mut() {
            Some(parent) => parent.calls.push(render(frame)),
            None => self.top = Some(frame),
        }
    }

    fn transaction_done(&mut self, _sys: &Sys, _index: usize, result: Result<&TransactionResult, &InvalidTransaction>) {
        let (Ok(result), Some(mut top)) = (result, self.top.take()) else { return };
        top.fields.insert("gas".into(), hex_u64(self.gas_limit));
        top.fields.insert("gasUsed".into(), hex_u64(result.gas_used));
        self.results.push(json!({"txHash": result.hash.to_string(), "result": render(top)}));
    }
}

/// A finished frame as JSON.
fn render(frame: Frame) -> Value {
    let mut fields = frame.fields;
    if !frame.calls.is_empty() {
        fields.insert("calls".into(), Value::Array(frame.calls));
    }
    if !frame.logs.is_empty() {
        fields.insert("logs".into(), Value::Array(frame.logs));
    }
    Value::Object(fields)
}

/// Drops the logs of already rendered frames (the callees of a failed frame).
fn clear_logs(calls: &mut [Value]) {
    for call in calls {
        if let Some(obj) = call.as_object_mut() {
            obj.remove("logs");
            if let Some(Value::Array(inner)) = obj.get_mut("calls") {
                clear_logs(inner);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revert_reasons_decode() {
        let mut payload = vec![0x08, 0xc3, 0x79, 0xa0];
        let word = |n: u64| {
            let mut w = [0u8; 32];
            w[24..].copy_from_slice(&n.to_be_bytes());
            w
        };
        payload.extend_from_slice(&word(32));
        payload.extend_from_slice(&word(7));
        let mut text = [0u8; 32];
        text[..7].copy_from_slice(b"balance");
        payload.extend_from_slice(&text);
        assert_eq!(revert_reason(&payload).as_deref(), Some("balance"));
        assert_eq!(revert_reason(&payload[..40]), None);
        assert_eq!(revert_reason(&[1, 2, 3]), None);
    }
}
