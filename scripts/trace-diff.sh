#!/usr/bin/env bash
# Diff zkos's EIP-3155 state-test trace against the execution specs' reference tool, line by line.
#
#   scripts/trace-diff.sh FILE [TEST-INDEX]
#
# FILE is a state-test fixture (.json). TEST-INDEX (0-based) picks one entry among the file's entries for
# the fork, in the order the reference runs them (file order of the tests, then post order); without it every
# entry is compared. Prints one line per entry (MATCH or DIFF) and, for a difference, the first differing
# lines with a few lines of context. Exits 0 when everything matched, 1 otherwise, 2 on a usage or setup error.
#
# Both tools' lines are parsed as JSON and the fields both emit are compared after normalising numbers
# (hex case and leading zeros, hex vs decimal). The transaction's closing line ({"output","gasUsed"}) and
# the {"stateRoot"} line are compared too.
#
# Environment:
#   FORK=Prague                  fork to compare (Prague or Cancun)
#   SPEC_EVM=ethereum-spec-evm   the reference: `pip install ethereum-execution==2.20.0`
#   ZKOS=target/release/zkos     the zkos binary (built with `cargo build --release -p zkos-cli` if missing)
#   FIELDS=pc,op,gas,...         restrict the compared per-instruction fields (default: all that both emit)
#   CONTEXT=3                    context lines around the first difference
#   KEEP=DIR                     keep both raw traces in DIR
#   STRICT=1                     also count as differences the gasCost/refund of a *failing* SSTORE, SLOAD,
#                                BALANCE, EXTCODE*, CALL-family or SELFDESTRUCT, and OutOfGasError against
#                                WriteInStaticContext on them: the price the reference tried to charge (before
#                                its static check) depends on warmth/original values the zkos tracer cannot see;
#                                the instruction burns all gas either way. By default such lines match, noted.
set -euo pipefail

usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
FILE=$1
INDEX=${2:-}
[ -f "$FILE" ] || { echo "trace-diff: no such file: $FILE" >&2; exit 2; }
FORK=${FORK:-Prague}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SPEC_EVM=${SPEC_EVM:-ethereum-spec-evm}
ZKOS=${ZKOS:-$ROOT/target/release/zkos}

command -v "$SPEC_EVM" >/dev/null 2>&1 || {
    echo "trace-diff: $SPEC_EVM not found; install it with: pip install ethereum-execution==2.20.0" >&2
    exit 2
}
if [ ! -x "$ZKOS" ]; then
    (cd "$ROOT" && cargo build --release -q -p zkos-cli) || exit 2
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The reference writes its result list to stdout and the trace to stderr (log lines start with '#').
"$SPEC_EVM" statetest --json "$FILE" >"$WORK/ref.out" 2>"$WORK/ref.trace" || {
    echo "trace-diff: the reference failed:" >&2
    tail -5 "$WORK/ref.trace" >&2
    exit 2
}
# zkos: --json gives one result line per entry (the trace's order: tests sorted by name, then post order).
"$ZKOS" statetest --fork "$FORK" --json --trace-out "$WORK/zkos.trace" "$FILE" >"$WORK/zkos.out" || true

if [ -n "${KEEP:-}" ]; then
    mkdir -p "$KEEP"
    cp "$WORK/ref.trace" "$KEEP/ref.trace"
    cp "$WORK/zkos.trace" "$KEEP/zkos.trace"
fi

python3 - "$WORK" "$FORK" "$INDEX" "${FIELDS:-}" "${CONTEXT:-3}" "${STRICT:-}" <<'PY'
import json, sys

work, fork, index, fields, context, strict = sys.argv[1:7]
context = int(context)
strict = strict not in ("", "0")
STATE_PRICED = {"SSTORE", "SLOAD", "BALANCE", "EXTCODESIZE", "EXTCODECOPY", "EXTCODEHASH",
                "CALL", "CALLCODE", "DELEGATECALL", "STATICCALL", "SELFDESTRUCT"}
STATIC_OR_OOG = {"OutOfGasError", "WriteInStaticContext"}
fields = set(f for f in fields.split(",") if f)

def blocks(path):
    """Split a trace into per-entry blocks, each ending with its stateRoot line."""
    out, cur = [], []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            obj = json.loads(line)
            cur.append(obj)
            if "stateRoot" in obj:
                out.append(cur)
                cur = []
    return out

def norm_value(v):
    if isinstance(v, str) and v.lower().startswith("0x") and v != "0x":
        try:
            return hex(int(v, 16))
        except ValueError:
            return v.lower()
    if isinstance(v, list):
        return [norm_value(x) for x in v]
    return v

def norm(obj, keep):
    return {k: norm_value(v) for k, v in obj.items() if k in keep}

# Reference: results list in run order (all forks), one trace block each.
ref_results = json.load(open(f"{work}/ref.out"))
ref_blocks = blocks(f"{work}/ref.trace")
if len(ref_results) != len(ref_blocks):
    sys.exit(f"trace-diff: reference gave {len(ref_results)} results but {len(ref_blocks)} trace blocks")
ref, seen = [], {}
for result, block in zip(ref_results, ref_blocks):
    if result["fork"] != fork:
        continue
    key = result["name"]
    entry = seen.get(key, 0)
    seen[key] = entry + 1
    ref.append(((key, entry), block))

# zkos: result lines sorted by (test, entry); skipped entries have no trace block.
zk_results = [json.loads(l) for l in open(f"{work}/zkos.out") if l.startswith("{")]
zk_results = [r for r in zk_results if r["result"] != "skip"]
zk_blocks = blocks(f"{work}/zkos.trace")
if len(zk_results) != len(zk_blocks):
    sys.exit(f"trace-diff: zkos gave {len(zk_results)} results but {len(zk_blocks)} trace blocks")
zk = {(r["test"], r["entry"]): (r, b) for r, b in zip(zk_results, zk_blocks)}

if index != "":
    i = int(index)
    if not 0 <= i < len(ref):
        sys.exit(f"trace-diff: TEST-INDEX {i} out of range: {len(ref)} {fork} entries")
    ref = [ref[i]]

def kind(line):
    return "op" if "pc" in line else "root" if "stateRoot" in line else "end"

def render(lines):
    return [json.dumps(l, separators=(",", ":")) for l in lines]

failures = 0
for n, ((name, entry), rblock) in enumerate(ref):
    label = f"{name} [{entry}]"
    if (name, entry) not in zk:
        print(f"MISSING {label}: zkos has no trace for it (skipped or not run)")
        failures += 1
        continue
    zres, zblock = zk[(name, entry)]
    label += f" (d={zres['indexes']['data']} g={zres['indexes']['gas']} v={zres['indexes']['value']})"
    rn, zn = [], []
    for r, z in zip(rblock + [None] * (len(zblock) - len(rblock)), zblock + [None] * (len(rblock) - len(zblock))):
        if r is None or z is None:
            rn.append(r)
            zn.append(z)
            continue
        keep = set(r) & set(z)
        if kind(r) != kind(z):
            # Different kinds of line (say, a closing line against a stateRoot line): show them whole.
            rn.append(r)
            zn.append(z)
            continue
        if fields and "pc" in r:
            keep &= fields
        # A field only one side prints is a difference too (say, a gasCost the reference omits).
        for k in ("gasCost", "error", "memory"):
            if (k in r) != (k in z) and (not fields or k in fields):
                keep.add(k)
        rn.append(norm(r, keep))
        zn.append(norm(z, keep))
    # The price a failing SSTORE, call or account access tried to pay depends on state the zkos tracer
    # cannot see (warmth, original values); the instruction burns all gas either way. Unless STRICT, such
    # lines match when they differ in gasCost/refund only and agree on everything else, error included.
    caveats = 0
    if not strict:
        for i, (a, b) in enumerate(zip(rn, zn)):
            if a == b or a is None or b is None or "error" not in a or "error" not in b:
                continue
            if a.get("opName") not in STATE_PRICED:
                continue
            # Which of the two failures comes first depends on that price too.
            errors_agree = a["error"] == b["error"] or {a["error"], b["error"]} == STATIC_OR_OOG
            loose = ("gasCost", "refund", "error")
            if errors_agree and {k: v for k, v in a.items() if k not in loose} == {
                k: v for k, v in b.items() if k not in loose
            }:
                rn[i] = zn[i]
                caveats += 1
    first = next((i for i, (a, b) in enumerate(zip(rn, zn)) if a != b), None)
    if first is None:
        note = f" ({caveats} failing state-priced instruction(s) with unknowable cost)" if caveats else ""
        print(f"MATCH   {label}: {len(rblock)} lines{note}")
        continue
    failures += 1
    print(f"DIFF    {label}: {len(rblock)} reference lines, {len(zblock)} zkos lines; first difference at line {first + 1}")
    lo, hi = max(0, first - context), min(max(len(rn), len(zn)), first + context + 1)
    for i in range(lo, hi):
        a = json.dumps(rn[i], separators=(",", ":")) if i < len(rn) and rn[i] is not None else "(none)"
        b = json.dumps(zn[i], separators=(",", ":")) if i < len(zn) and zn[i] is not None else "(none)"
        if a == b:
            print(f"    {i + 1:>6}   {a}")
        else:
            print(f"    {i + 1:>6} - {a}")
            print(f"    {i + 1:>6} + {b}")
print(f"{len(ref) - failures} matched, {failures} differed")
sys.exit(1 if failures else 0)
PY
