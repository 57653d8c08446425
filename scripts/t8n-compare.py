#!/usr/bin/env python3
"""Differential test of `zkos t8n` against the execution specs' `ethereum-spec-evm t8n`.

Both tools run the same t8n inputs (alloc, env, txs) and their outputs are compared field by field: the
result's roots (stateRoot, txRoot, receiptsRoot, withdrawalsRoot, logsHash, logsBloom, requestsHash),
gasUsed, the derived currentBaseFee and currentExcessBlobGas, the requests, every receipt (hash, status,
cumulative gas, bloom, logs), the rejected indexes, a block exception (zkos: exit 2), and the post alloc.

Cases: every example block of examples/blocks/ converted to t8n inputs (the system contracts of the fork
added to the alloc, the signed transactions as an RLP list), then a seeded set of generated blocks
(transfers, creations, storage, reverts, logs, CREATE2, self-destructs, transient storage, precompiles,
EIP-7702 delegations, blob transactions, withdrawals, EIP-7002/7251/6110 requests, invalid transactions,
env values derived from parent fields), as JSON transactions signed by the tools from a `secretKey` or as
an RLP list signed here.

Prints one line per case and a summary; exits 1 on any difference. Without the reference installed
(`pip install ethereum-execution`) it says SKIP and exits 0.

    scripts/t8n-compare.py [--zkos target/release/zkos] [--cases 60] [--seed 1] [--jobs 2] [--keep DIR]
"""

import argparse
import concurrent.futures
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = "ethereum-spec-evm"


def example_cases(cases_lib):
    """The example blocks as t8n inputs (their own fork, chain id 1)."""
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "examples", "blocks", "*.json"))):
        block = json.load(open(path))
        env = {k: v for k, v in block["env"].items() if k not in ("fork", "chainId")}
        fork = block["env"].get("fork", "Osaka")
        number = int(env["currentNumber"], 16)
        env["withdrawals"] = []
        env["parentBeaconBlockRoot"] = "0x" + "be" * 32
        env["blockHashes"] = {hex(number - 1): "0x" + "0b" * 32}
        alloc = dict(block["alloc"])
        alloc.update(cases_lib.system_contracts(fork))
        txs = [bytes.fromhex(t[2:]) for t in block["txs"]]
        name = "example/" + os.path.basename(path)[:-5]
        out.append({"name": name, "fork": fork, "alloc": alloc, "env": env, "txs": txs, "rlp": True,
                    "count": len(block["txs"])})
    return out


def rlp_hex(envelopes):
    import t8n_compare_cases
    return t8n_compare_cases.rlp_list_hex(envelopes)


def run(cmd, cwd):
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300)
    return proc.returncode, proc.stderr


def run_tools(case, zkos, d):
    """Writes the inputs into `d`, runs both tools: {tool: (exit code, stderr, result, alloc)}."""
    os.makedirs(d, exist_ok=True)
    txs_name = "txs.rlp" if case["rlp"] else "txs.json"
    txs = case["txs"] if not case["rlp"] else rlp_hex(case["txs"])
    for name, value in (("alloc.json", case["alloc"]), ("env.json", case["env"]), (txs_name, txs)):
        with open(os.path.join(d, name), "w") as f:
            json.dump(value, f)
    outputs = {}
    for tool, exe in (("zkos", [zkos, "t8n"]), ("ref", [REFERENCE, "t8n"])):
        out = os.path.join(d, tool)
        os.makedirs(out, exist_ok=True)
        cmd = exe + ["--input.alloc", "alloc.json", "--input.env", "env.json", "--input.txs", txs_name,
                     "--state.fork", case["fork"], "--state.chainid", "1", "--state.reward", "-1",
                     "--output.basedir", out, "--output.result", "result.json", "--output.alloc", "alloc.json"]
        rc, err = run(cmd, d)
        result = alloc = None
        if rc == 0:
            result = json.load(open(os.path.join(out, "result.json")))
            alloc = json.load(open(os.path.join(out, "alloc.json")))
        outputs[tool] = (rc, err, result, alloc)
    return outputs


def run_case(case, zkos, workdir):
    """Runs both tools on `case`: (case, differences).

    The reference files a transaction into its transactions trie before validating it and keys receipts
    by input position, so with rejections its txRoot and receiptsRoot are not a block's. Those two roots
    are then compared on a second run of both tools over the included transactions alone.
    """
    d = os.path.join(workdir, case["name"].replace("/", "_"))
    outputs = run_tools(case, zkos, d)
    diffs = compare(outputs["zkos"], outputs["ref"], roots=True)
    ref_result = outputs["ref"][2]
    rejected = {r["index"] for r in (ref_result or {}).get("rejected", [])}
    if rejected and not any(d.startswith("rejected") for d in diffs):
        diffs = compare(outputs["zkos"], outputs["ref"], roots=False)
        included = dict(case, txs=[t for i, t in enumerate(case["txs"]) if i not in rejected])
        again = run_tools(included, zkos, os.path.join(d, "included"))
        diffs += ["included only: " + x for x in compare(again["zkos"], again["ref"], roots=True)]
    return case, diffs


def num(value):
    if value is None:
        return None
    return int(value, 16) if isinstance(value, str) else int(value)


def norm_alloc(alloc):
    out = {}
    for address, account in alloc.items():
        storage = {num(k): num(v) for k, v in (account.get("storage") or {}).items() if num(v)}
        out[address.lower()] = (num(account.get("balance")) or 0, num(account.get("nonce")) or 0,
                                (account.get("code") or "0x").lower(), storage)
    return out


def norm_logs(logs):
    return [(l["address"].lower(), [t.lower() for t in l["topics"]], l["data"].lower()) for l in logs or []]


def compare(zk, ref, roots):
    zk_rc, zk_err, zk_result, zk_alloc = zk
    ref_rc, ref_err, ref_result, ref_alloc = ref
    last = lambda text: (text.strip().splitlines() or [""])[-1][:200]
    if ref_rc != 0:
        return ["reference failed (exit %d): %s; zkos exit %d" % (ref_rc, last(ref_err), zk_rc)]
    if "blockException" in ref_result:
        if zk_rc == 2:
            return []
        return ["reference: block exception %r; zkos exit %d" % (ref_result["blockException"], zk_rc)]
    if zk_rc != 0:
        return ["zkos failed (exit %d): %s" % (zk_rc, last(zk_err))]
    diffs = []
    keys = ["stateRoot", "withdrawalsRoot", "logsHash", "logsBloom", "requestsHash"]
    for key in keys + (["txRoot", "receiptsRoot"] if roots else []):
        a, b = zk_result.get(key), ref_result.get(key)
        if (a or "").lower() != (b or "").lower():
            diffs.append("%s: zkos %s, reference %s" % (key, a, b))
    for key in ("gasUsed", "currentBaseFee", "currentExcessBlobGas"):
        if num(zk_result.get(key)) != num(ref_result.get(key)):
            diffs.append("%s: zkos %s, reference %s" % (key, zk_result.get(key), ref_result.get(key)))
    zk_requests = [r.lower() for r in zk_result.get("requests") or []]
    ref_requests = [r.lower() for r in ref_result.get("requests") or []]
    if zk_requests != ref_requests:
        diffs.append("requests: zkos %s, reference %s" % (zk_requests, ref_requests))
    zk_rejected = sorted(r["index"] for r in zk_result.get("rejected") or [])
    ref_rejected = sorted(r["index"] for r in ref_result.get("rejected") or [])
    if zk_rejected != ref_rejected:
        diffs.append("rejected: zkos %s, reference %s" % (zk_rejected, ref_rejected))
    zk_receipts, ref_receipts = zk_result["receipts"], ref_result["receipts"]
    if len(zk_receipts) != len(ref_receipts):
        diffs.append("receipts: zkos %d, reference %d" % (len(zk_receipts), len(ref_receipts)))
    for i, (a, b) in enumerate(zip(zk_receipts, ref_receipts)):
        pairs = (
            ("transactionHash", a["transactionHash"].lower(), b["transactionHash"].lower()),
            ("status", a["status"] == "0x1", b["succeeded"]),
            ("cumulativeGasUsed", num(a["cumulativeGasUsed"]), num(b["cumulativeGasUsed"])),
            ("logsBloom", a["logsBloom"].lower(), b["bloom"].lower()),
            ("logs", norm_logs(a["logs"]), norm_logs(b["logs"])),
        )
        for field, x, y in pairs:
            if x != y:
                diffs.append("receipt %d %s: zkos %s, reference %s" % (i, field, str(x)[:120], str(y)[:120]))
    zk_accounts, ref_accounts = norm_alloc(zk_alloc), norm_alloc(ref_alloc)
    for address in sorted(set(zk_accounts) | set(ref_accounts)):
        a, b = zk_accounts.get(address), ref_accounts.get(address)
        if a != b:
            diffs.append("alloc %s: zkos %s, reference %s" % (address, str(a)[:160], str(b)[:160]))
    return diffs


def find_zkos(path):
    if path:
        return os.path.abspath(path)
    built = os.path.join(ROOT, "target", "release", "zkos")
    subprocess.run(["cargo", "build", "--release", "-p", "zkos-cli"], cwd=ROOT, check=True)
    return built


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--zkos", default=os.environ.get("ZKOS_BIN"), help="the zkos binary (default: build it)")
    parser.add_argument("--cases", type=int, default=60, help="generated blocks (default 60)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", help="keep the inputs and outputs in this folder")
    args = parser.parse_args()
    if shutil.which(REFERENCE) is None:
        print("SKIP: ethereum-spec-evm not installed (pip install ethereum-execution); t8n not compared")
        return 0
    import t8n_compare_cases as cases_lib  # needs the reference's Python packages (keccak, coincurve)

    zkos = find_zkos(args.zkos)
    cases = example_cases(cases_lib) + cases_lib.generated_cases(args.seed, args.cases)
    workdir = args.keep or tempfile.mkdtemp(prefix="t8n-compare-")
    differing = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for case, diffs in pool.map(lambda c: run_case(c, zkos, workdir), cases):
            kind = "rlp" if case["rlp"] else "json"
            count = case["count"]
            if diffs:
                differing += 1
                print("DIFF %-28s %-6s %s txs=%s" % (case["name"], case["fork"], kind, count))
                for d in diffs:
                    print("       " + d)
            else:
                print("ok   %-28s %-6s %s txs=%s" % (case["name"], case["fork"], kind, count))
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    print("t8n-compare: %d cases, %d differences" % (len(cases), differing))
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
