//! The upstream harness's test directives, reproduced: the preprocessing that turns `print(…)`, `revert(…)`,
//! `set_storage_cold()` and `set_storage_warm(N)` into marker instructions plus `.rodata` message cells
//! (zkevm_test_harness `tests/utils/preprocess_asm.rs`), and the tracer that watches those markers while a
//! test runs (its `TestingTracer`). Both follow the upstream behaviour exactly, quirks included, because the
//! markers are real instructions: they cost cycles and ergs and change the code hash, and the fixtures'
//! recorded cycle counts were taken with them in place.

use std::collections::HashMap;

use primitives::U256;
use zkos_ee_eravm::opcodes::{mode, Condition, Instruction, Op};
use zkos_ee_eravm::vm::{Value, Vm};

use super::TestHost;

/// The directive kinds, in the order upstream processes them (each pass sees the previous pass's output).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Directive {
    PrintText,
    PrintRegister,
    PrintPointer,
    Revert,
    StorageCold,
    StorageWarm,
}

impl Directive {
    const ALL: [Directive; 6] = [
        Directive::PrintText,
        Directive::PrintRegister,
        Directive::PrintPointer,
        Directive::Revert,
        Directive::StorageCold,
        Directive::StorageWarm,
    ];

    /// (message prefix, cell label stem)
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Directive::PrintText => ("L:", "PRINT"),
            Directive::PrintRegister => ("R:", "PRINT_REG"),
            Directive::PrintPointer => ("P:", "PRINT_PTR"),
            Directive::Revert => ("E:", "REVERT"),
            Directive::StorageCold => ("C:", "STORAGE_REFUND_COLD"),
            Directive::StorageWarm => ("W:", "STORAGE_REFUND_WARM"),
        }
    }

    /// The length of the directive starting at the beginning of `s`, if one does (the upstream regexes,
    /// written out by hand).
    fn match_len(self, s: &str) -> Option<usize> {
        let b = s.as_bytes();
        // `[^"]*` / `[^")]+` runs
        let run = |from: usize, stop_paren: bool| -> usize {
            b[from..].iter().take_while(|&&c| c != b'"' && !(stop_paren && c == b')')).count()
        };
        match self {
            Directive::PrintText | Directive::Revert => {
                let head = if self == Directive::Revert { "revert(\"" } else { "print(\"" };
                let body = s.strip_prefix(head)?;
                let n = run(head.len(), false);
                body.as_bytes().get(n..n + 2).filter(|t| t == b"\")").map(|_| head.len() + n + 2)
            }
            Directive::PrintRegister => {
                let head = "print(".len();
                s.strip_prefix("print(")?;
                // optional `"[^")]+"\s*,\s*` message, then `[^")]+` then `)`
                let with_message = (|| {
                    let mut i = head;
                    (b.get(i) == Some(&b'"')).then_some(())?;
                    i += 1;
                    let n = run(i, true);
                    (n > 0 && b.get(i + n) == Some(&b'"')).then_some(())?;
                    i += n + 1;
                    i += b[i..].iter().take_while(|c| c.is_ascii_whitespace()).count();
                    (b.get(i) == Some(&b',')).then_some(())?;
                    i += 1;
                    i += b[i..].iter().take_while(|c| c.is_ascii_whitespace()).count();
                    Some(i)
                })();
                for start in with_message.into_iter().chain([head]) {
                    let n = run(start, true);
                    if n > 0 && b.get(start + n) == Some(&b')') {
                        return Some(start + n + 1);
                    }
                }
                None
            }
            Directive::PrintPointer => {
                let head = "printPtr(".len();
                s.strip_prefix("printPtr(")?;
                let n = run(head, true);
                (n > 0 && b.get(head + n) == Some(&b')')).then_some(head + n + 1)
            }
            Directive::StorageCold => s.starts_with("set_storage_cold()").then_some("set_storage_cold()".len()),
            Directive::StorageWarm => {
                let head = "set_storage_warm(".len();
                s.strip_prefix("set_storage_warm(")?;
                let n = b[head..].iter().take_while(|c| c.is_ascii_digit()).count();
                (b.get(head + n) == Some(&b')')).then_some(head + n + 1)
            }
        }
    }
}

/// Splits a directive's argument text the way upstream does: quoted strings whole, other tokens at commas
/// and whitespace; quotes and commas trimmed off.
fn split_args(inner: &str) -> Vec<String> {
    let b = inner.trim().as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'"' {
            if let Some(end) = b[i + 1..].iter().position(|&c| c == b'"') {
                out.push(String::from_utf8_lossy(&b[i + 1..i + 1 + end]).into_owned());
                i += end + 2;
                continue;
            }
        }
        let start = i;
        if b[i] == b',' {
            i += 1;
        }
        i += b[i..].iter().take_while(|c| c.is_ascii_whitespace()).count();
        let n = b[i..].iter().take_while(|&&c| !c.is_ascii_whitespace() && c != b',').count();
        if n == 0 {
            i = start + 1;
            continue;
        }
        let tok = String::from_utf8_lossy(&b[i..i + n]);
        out.push(tok.trim_matches(',').trim().trim_matches('"').to_string());
        i += n;
    }
    out
}

/// The message bytes as a big-endian number (how upstream writes a message cell).
fn message_cell(text: &str) -> U256 {
    assert!(text.len() <= 32, "directive message longer than a cell: {text}");
    U256::from_be_slice(text.as_bytes())
}

fn one_pass(asm: String, d: Directive) -> String {
    let (prefix, stem) = d.names();
    let mut result = asm.clone();
    let mut args: Vec<String> = Vec::new();
    let mut i = 0;
    while i < asm.len() {
        let Some(len) = asm.is_char_boundary(i).then(|| d.match_len(&asm[i..])).flatten() else {
            i += 1;
            continue;
        };
        let matched = &asm[i..i + len];
        let line_start = asm[..i].rfind('\n').map(|p| p + 1).unwrap_or(0);
        i += len;
        if asm[line_start..i - len].contains(';') {
            continue; // commented out
        }
        let open = matched.find('(').unwrap_or(0);
        let parsed = split_args(&matched[open + 1..matched.len() - 1]);
        args.push(match d {
            Directive::PrintRegister | Directive::PrintPointer => {
                if parsed.len() > 1 {
                    parsed[0].clone()
                } else {
                    String::new()
                }
            }
            Directive::StorageCold => String::new(),
            _ => parsed.first().cloned().unwrap_or_default(),
        });
        let marker = format!("add @{stem}_{}_STRING, r0, r0", args.len() - 1);
        let value_arg = || parsed.last().cloned().unwrap_or_default();
        let line = match d {
            Directive::Revert => format!("{marker}\n ret.panic r0"),
            Directive::PrintText => marker,
            Directive::PrintRegister => format!("{marker}\n add {}, r0, r0", value_arg()),
            Directive::PrintPointer => format!("{marker}\n ptr.add {}, r0, r0", value_arg()),
            Directive::StorageCold => format!("{marker}\n add r0, r0, r0"),
            Directive::StorageWarm => format!("{marker}\n add {}, r0, r0", value_arg()),
        };
        // upstream replaces every occurrence of the matched text (commented ones and repeats included)
        result = result.replace(matched, &line);
    }
    if args.is_empty() {
        return result;
    }
    let mut data = String::from(".rodata\n");
    for (k, a) in args.iter().enumerate() {
        data += &format!("{stem}_{k}_STRING:\n .cell {}\n", message_cell(&format!("{prefix}{a}")));
    }
    data += ".text\n";
    let at = result.find("__entry:").expect("asm without __entry");
    result.insert_str(at, &data);
    result
}

/// Template substitution (`${KEY}`) and the directive passes; a file without directives comes out
/// byte-identical (code hashes depend on the exact text: the assembler appends its keccak as metadata).
pub fn preprocess(src: &str, template: &HashMap<String, String>) -> String {
    let mut text = src.to_string();
    for (k, v) in template {
        text = text.replace(&format!("${{{k}}}"), v);
    }
    Directive::ALL.iter().fold(text, |acc, d| one_pass(acc, *d))
}

/// What a marker value asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `E:msg`: the message a later revert reports.
    Error(String),
    /// `L:msg`, or the value after an `R:`/`P:` marker: something to print.
    Print(String),
    /// `C:` (0) or `W:N`: the refund later storage accesses get.
    Refund(u32),
}

/// The upstream `TestingTracer`'s state machine, shared by the tracers of both machines: each marker value
/// (X of `add X, r0, r0` / `ptr.add X, r0, r0`) is read as a `PREFIX:arg` message, except that after an
/// `R:`/`P:` message the next one is a value to print.
#[derive(Default)]
pub struct Markers {
    expecting_value: bool,
}

impl Markers {
    /// A marker instruction ran with `value` as its source.
    pub fn on_marker(&mut self, value: &U256) -> Option<Command> {
        if core::mem::take(&mut self.expecting_value) {
            return Some(Command::Print(value.to_string()));
        }
        let (prefix, arg) = parse_message(value)?;
        match prefix {
            "E:" => Some(Command::Error(arg)),
            "L:" => Some(Command::Print(arg)),
            "R:" | "P:" => {
                self.expecting_value = true;
                None
            }
            "C:" => Some(Command::Refund(0)),
            "W:" => Some(Command::Refund(arg.parse().expect("set_storage_warm needs a u32"))),
            _ => None,
        }
    }

    /// Any other instruction ran.
    pub fn on_other(&mut self) {
        self.expecting_value = false;
    }
}

/// The upstream `TestingTracer` for this machine: before each instruction it finds the marker
/// instructions, hands C:/W: refunds to the [`TestHost`] and remembers `E:` messages.
#[derive(Default)]
pub struct DirectiveTracer {
    markers: Markers,
    /// The last `E:` message (reported when a test fails).
    pub last_error: Option<String>,
    /// Print `L:`/`R:`/`P:` output.
    pub verbose: bool,
}

fn resolve(vm: &Vm, c: Condition) -> bool {
    let f = vm.flags;
    match c {
        Condition::Always => true,
        Condition::Gt => f.gt,
        Condition::Lt => f.lt_of,
        Condition::Eq => f.eq,
        Condition::Ge => f.gt || f.eq,
        Condition::Le => f.lt_of || f.eq,
        Condition::Ne => !f.eq,
        Condition::GtOrLt => f.gt || f.lt_of,
    }
}

impl DirectiveTracer {
    /// Looks at the instruction the machine is about to execute.
    pub fn before_cycle(&mut self, vm: &Vm, host: &mut TestHost) {
        if vm.pending_exception || vm.has_ended() {
            return;
        }
        let f = vm.frame();
        let word = f.code.get((f.pc >> 2) as usize).copied().unwrap_or(U256::ZERO);
        let ins = Instruction::decode(word.as_limbs()[3 - (f.pc & 3) as usize]);
        // an instruction whose condition fails executes as a nop (and is seen as one)
        let op = if resolve(vm, ins.condition) { ins.variant.op } else { Op::Nop };
        if !matches!(op, Op::Nop | Op::Ret(_)) {
            self.last_error = None;
        }
        if !(matches!(op, Op::Add | Op::PtrAdd) && ins.src1 == 0 && ins.dst0 == 0) {
            self.markers.on_other();
            return;
        }
        let reg = |i: u8| if i == 0 { Value::default() } else { vm.registers[i as usize - 1] };
        let vaddr = (reg(ins.src0).value.as_limbs()[0] as u16).wrapping_add(ins.imm0);
        let stack = |idx: u16| {
            vm.stacks.get(&(f.base_page + 1)).and_then(|s| s.get(idx as usize)).copied().unwrap_or_default().value
        };
        let value = match ins.variant.src0 {
            mode::REG => reg(ins.src0).value,
            mode::IMM => U256::from(ins.imm0),
            mode::CODE => f.code.get(vaddr as usize).copied().unwrap_or(U256::ZERO),
            mode::STACK_ABSOLUTE => stack(vaddr),
            _ => stack(f.sp.wrapping_sub(vaddr)),
        };
        match self.markers.on_marker(&value) {
            Some(Command::Error(e)) => self.last_error = Some(e),
            Some(Command::Print(p)) if self.verbose => println!("{p}"),
            Some(Command::Refund(r)) => host.refund = r,
            _ => {}
        }
    }
}

/// Reads a marker value as a `PREFIX:arg` message: its 32 big-endian bytes as UTF-8, NULs trimmed.
pub fn parse_message(v: &U256) -> Option<(&'static str, String)> {
    if v.is_zero() {
        return None;
    }
    let bytes = v.to_be_bytes::<32>();
    let text = std::str::from_utf8(&bytes).ok()?.trim_matches('\0');
    ["E:", "L:", "R:", "P:", "C:", "W:"].into_iter().find_map(|p| text.strip_prefix(p).map(|a| (p, a.to_string())))
}
