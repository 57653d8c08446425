"""Inputs for scripts/t8n-compare.py: the system contracts, RLP and signing helpers, and a seeded generator
of small t8n blocks. Imported only when the reference (ethereum-execution) is installed: keccak and
secp256k1 come from its dependencies (ethereum.crypto, coincurve).

Every generated block is self-consistent t8n input both tools must accept; invalid transactions are mixed
in on purpose and must be rejected at the same indexes by both.
"""

import random

import coincurve
from ethereum.crypto.hash import keccak256

# The system contracts' deployed code, as EIP-4788, EIP-2935, EIP-7002 and EIP-7251 specify it.
EIP4788_CODE = (
    "3373fffffffffffffffffffffffffffffffffffffffe14604d57602036146024575f5ffd5b5f35801560495762001fff"
    "810690815414603c575f5ffd5b62001fff01545f5260205ff35b5f5ffd5b62001fff42064281555f359062001fff0155"
    "00"
)
EIP2935_CODE = (
    "3373fffffffffffffffffffffffffffffffffffffffe14604657602036036042575f35600143038111604257611fff81"
    "430311604257611fff9006545f5260205ff35b5f5ffd5b5f35611fff60014303065500"
)
EIP7002_CODE = (
    "3373fffffffffffffffffffffffffffffffffffffffe1460cb5760115f54807fffffffffffffffffffffffffffffffff"
    "ffffffffffffffffffffffffffffffff146101f457600182026001905f5b5f8211156068578101908302848302900491"
    "6001019190604d565b909390049250505036603814608857366101f457346101f4575f5260205ff35b34106101f45760"
    "0154600101600155600354806003026004013381556001015f35815560010160203590553360601b5f5260385f601437"
    "604c5fa0600101600355005b6003546002548082038060101160df575060105b5f5b8181146101835782810160030260"
    "040181604c02815460601b8152601401816001015481526020019060020154807fffffffffffffffffffffffffffffff"
    "ff00000000000000000000000000000000168252906010019060401c908160381c81600701538160301c816006015381"
    "60281c81600501538160201c81600401538160181c81600301538160101c81600201538160081c816001015353600101"
    "60e1565b910180921461019557906002556101a0565b90505f6002555f6003555b5f54807fffffffffffffffffffffff"
    "ffffffffffffffffffffffffffffffffffffffffff14156101cd57505f5b6001546002828201116101e25750505f6101"
    "e8565b01600290035b5f555f600155604c025ff35b5f5ffd"
)
EIP7251_CODE = (
    "3373fffffffffffffffffffffffffffffffffffffffe1460d35760115f54807fffffffffffffffffffffffffffffffff"
    "ffffffffffffffffffffffffffffffff1461019a57600182026001905f5b5f8211156068578101908302848302900491"
    "6001019190604d565b9093900492505050366060146088573661019a573461019a575f5260205ff35b341061019a5760"
    "0154600101600155600354806004026004013381556001015f358155600101602035815560010160403590553360601b"
    "5f5260605f60143760745fa0600101600355005b6003546002548082038060021160e7575060025b5f5b818114610129"
    "5782810160040260040181607402815460601b8152601401816001015481526020018160020154815260200190600301"
    "54905260010160e9565b910180921461013b5790600255610146565b90505f6002555f6003555b5f54807fffffffffff"
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffff141561017357505f5b600154600182820111610188"
    "5750505f61018e565b01600190035b5f555f6001556074025ff35b5f5ffd0000"
)

BEACON_ROOTS = "0x000f3df6d732807ef1319fb7b8bb8522d0beac02"
HISTORY_STORAGE = "0x0000f90827f1c53a10cb7a02335b175320002935"
WITHDRAWAL_REQUESTS = "0x00000961ef480eb55e80d19ad83579a64c007002"
CONSOLIDATION_REQUESTS = "0x0000bbddc7ce488642fb579f8b00f3a590007251"
DEPOSIT_CONTRACT = "0x00000000219ab540356cbb839cbe05303d7705fa"
DEPOSIT_TOPIC = "649bbc62d0e31342afea4e5cd82d4049e7e1ee912fc0889aa790803be39038c5"


def system_contracts(fork):
    """The alloc entries of the system contracts `fork` calls (nonce 1, as deployed)."""
    entries = [(BEACON_ROOTS, EIP4788_CODE)]
    if fork != "Cancun":
        entries += [(HISTORY_STORAGE, EIP2935_CODE), (WITHDRAWAL_REQUESTS, EIP7002_CODE),
                    (CONSOLIDATION_REQUESTS, EIP7251_CODE)]
    return {address: {"balance": "0x0", "nonce": "0x1", "code": "0x" + code} for address, code in entries}


def rlp(item):
    """RLP of bytes, non-negative ints (minimal big-endian) and lists."""
    if isinstance(item, int):
        item = item.to_bytes((item.bit_length() + 7) // 8, "big")
    if isinstance(item, (bytes, bytearray)):
        if len(item) == 1 and item[0] < 0x80:
            return bytes(item)
        return _header(0x80, len(item)) + bytes(item)
    payload = b"".join(rlp(x) for x in item)
    return _header(0xc0, len(payload)) + payload


def _header(offset, length):
    if length <= 55:
        return bytes([offset + length])
    size = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([offset + 55 + len(size)]) + size


def rlp_list_hex(envelopes):
    """An RLP list of EIP-2718 envelopes as a block body holds them (legacy as lists, typed as strings)."""
    payload = b"".join(e if e[0] >= 0xc0 else rlp(e) for e in envelopes)
    return "0x" + (_header(0xc0, len(payload)) + payload).hex()


def address_of(secret):
    public = coincurve.PrivateKey.from_int(secret).public_key.format(compressed=False)[1:]
    return "0x" + keccak256(public)[12:].hex()


def sign(digest, secret):
    signature = coincurve.PrivateKey.from_int(secret).sign_recoverable(digest, hasher=None)
    return signature[64], int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:64], "big")


def b(hex_text):
    return bytes.fromhex(hex_text[2:]) if hex_text else b""


def envelope(tx):
    """Signs the JSON transaction `tx` with its secretKey here (not in either tool): its EIP-2718 bytes."""
    n = lambda key: int(tx.get(key) or "0x0", 16)
    to = b(tx.get("to"))
    access = [[b(a["address"]), [b(k) for k in a["storageKeys"]]] for a in tx.get("accessList", [])]
    secret, kind = int(tx["secretKey"], 16), n("type")
    if kind == 0:
        fields = [n("nonce"), n("gasPrice"), n("gas"), to, n("value"), b(tx["input"])]
        protected = tx.get("protected", True)
        parity, r, s = sign(keccak256(rlp(fields + ([1, 0, 0] if protected else []))), secret)
        return rlp(fields + [parity + (37 if protected else 27), r, s])
    if kind == 1:
        fields = [1, n("nonce"), n("gasPrice"), n("gas"), to, n("value"), b(tx["input"]), access]
    else:
        fields = [1, n("nonce"), n("maxPriorityFeePerGas"), n("maxFeePerGas"), n("gas"), to, n("value"),
                  b(tx["input"]), access]
    if kind == 3:
        fields += [n("maxFeePerBlobGas"), [b(h) for h in tx["blobVersionedHashes"]]]
    if kind == 4:
        fields.append([[int(a["chainId"], 16), b(a["address"]), int(a["nonce"], 16), int(a["yParity"], 16),
                        int(a["r"], 16), int(a["s"], 16)] for a in tx["authorizationList"]])
    parity, r, s = sign(keccak256(bytes([kind]) + rlp(fields)), secret)
    return bytes([kind]) + rlp(fields + [parity, r, s])


def authorization(secret, chain_id, address, nonce):
    parity, r, s = sign(keccak256(b"\x05" + rlp([chain_id, b(address), nonce])), secret)
    return {"chainId": hex(chain_id), "address": address, "nonce": hex(nonce), "v": hex(parity),
            "yParity": hex(parity), "r": hex(r), "s": hex(s)}


# Contracts every generated block holds, hand-assembled.
STORE = "0x000000000000000000000000000000000000c001"      # SSTORE(calldata[0], calldata[32])
REVERTS = "0x000000000000000000000000000000000000c002"    # SSTORE(0, 1); REVERT
LOGGER = "0x000000000000000000000000000000000000c003"     # LOG2(calldata, CALLER, 0xaa)
ENV = "0x000000000000000000000000000000000000c004"        # stores BLOCKHASH(n-1), TIMESTAMP, BASEFEE, …
FACTORY = "0x000000000000000000000000000000000000c005"    # CREATE2(value, calldata, salt 7)
PROXY = "0x000000000000000000000000000000000000c006"      # CALL STORE with the calldata, store success
SHA = "0x000000000000000000000000000000000000c007"        # STATICCALL sha256(calldata), store the digest
DESTRUCT = "0x000000000000000000000000000000000000c008"   # SELFDESTRUCT(CALLER)
TRANSIENT = "0x000000000000000000000000000000000000c009"  # TSTORE(0, 1); SSTORE(9, TLOAD(0))
CONTRACTS = {
    STORE: "0x6020355f355500",
    REVERTS: "0x60015f555f5ffd",
    LOGGER: "0x365f5f3760aa33365fa200",
    ENV: "0x600143034060005542600155486002554460035546600455" "4a6005553a6006554160075545600855600243034060095500",
    FACTORY: "0x365f5f376007365f34f55f5500",
    PROXY: "0x365f5f375f5f365f5f73" + STORE[2:] + "5af15f5500",
    SHA: "0x365f5f3760205f365f60025afa505f515f5500",
    DESTRUCT: "0x33ff",
    TRANSIENT: "0x60015f5d5f5c60095500",
    DEPOSIT_CONTRACT: "0x365f5f377f" + DEPOSIT_TOPIC + "365fa100",
}
SENDERS = [1, 2, 3, 4, 5]          # secret keys that send
AUTHORITIES = [7, 8]               # secret keys that only sign EIP-7702 authorizations
CODED = 6                          # a key whose account has code: its transactions are refused (EIP-3607)


def word(value):
    return value.to_bytes(32, "big").hex()


def deposit_data(rng, malformed=False):
    """A DepositEvent's ABI data: five byte strings at offsets 160/256/320/384/512 of sizes 48/32/8/96/8."""
    fields = [(160, 48), (256, 32), (320, 8), (384, 96), (512, 8)]
    data = bytearray(576)
    for i, (offset, size) in enumerate(fields):
        data[32 * i:32 * i + 32] = (offset).to_bytes(32, "big")
        data[offset:offset + 32] = (size).to_bytes(32, "big")
        data[offset + 32:offset + 32 + size] = rng.randbytes(size)
    return "0x" + (bytes(data[:575]) if malformed else bytes(data)).hex()


def init_code(runtime, constructor_store=False, revert=False):
    """Init code returning `runtime` (optionally storing 1 at slot 5 first, or reverting)."""
    body = bytes.fromhex(runtime[2:])
    prefix = "600160055500" if constructor_store else ""
    if revert:
        return "0x" + prefix + "5f5ffd"
    offset = len(prefix) // 2 + 9
    return "0x" + prefix + "60%02x80%s5f395ff3" % (len(body), "60%02x" % offset) + body.hex()


class Block:
    """One generated block under construction: its env, alloc, nonces and transactions."""

    def __init__(self, rng, index):
        self.rng = rng
        self.fork = rng.choice(["Cancun", "Prague", "Osaka"])
        self.number = rng.randint(3, 5000)
        self.base_fee = rng.choice([7, 10 ** 9, 25 * 10 ** 9])
        self.gas_limit = rng.choice([30_000_000, 36_000_000, 1_000_000])
        self.name = "gen/%03d" % index
        self.nonces = {k: 0 for k in SENDERS + AUTHORITIES + [CODED]}
        self.txs = []
        self.alloc = system_contracts(self.fork)
        for address, code in CONTRACTS.items():
            self.alloc[address] = {"balance": hex(rng.choice([0, 10 ** 15])), "nonce": "0x1", "code": code}
        self.alloc[STORE]["storage"] = {"0x01": "0x02", "0x" + "ab" * 32: "0x1234"}
        for key in SENDERS + AUTHORITIES:
            self.alloc[address_of(key)] = {"balance": hex(rng.choice([10 ** 17, 10 ** 19, 10 ** 20, 10 ** 22]))}
        self.alloc[address_of(CODED)] = {"balance": hex(10 ** 20), "code": "0x00"}

    def env(self):
        rng = self.rng
        hashes = {hex(self.number - i): "0x" + rng.randbytes(32).hex() for i in (1, 2, 3)}
        coinbase = rng.choice(["0x0000000000000000000000000000000000c0ffee", address_of(1), STORE, "0x" + "00" * 20])
        env = {
            "currentCoinbase": coinbase, "currentGasLimit": hex(self.gas_limit), "currentNumber": hex(self.number),
            "currentTimestamp": hex(1_700_000_000 + self.number * 12), "currentRandom": "0x" + rng.randbytes(32).hex(),
            "currentBaseFee": hex(self.base_fee), "currentExcessBlobGas": hex(rng.choice([0, 0, 2 ** 20, 10 ** 7])),
            "parentBeaconBlockRoot": "0x" + rng.randbytes(32).hex(), "blockHashes": hashes, "withdrawals": [],
        }
        if rng.random() < 0.2:  # the base fee derived from the parent (EIP-1559)
            del env["currentBaseFee"]
            env.update(parentBaseFee=hex(self.base_fee), parentGasLimit=hex(self.gas_limit),
                       parentGasUsed=hex(rng.choice([0, self.gas_limit // 2, self.gas_limit, self.gas_limit // 3])))
        if rng.random() < 0.3:  # the excess blob gas derived from the parent (EIP-4844, EIP-7918 in Osaka)
            del env["currentExcessBlobGas"]
            env.update(parentExcessBlobGas=hex(rng.choice([0, 2 ** 17, 3 * 2 ** 17, 10 ** 7])),
                       parentBlobGasUsed=hex(rng.choice([0, 2 ** 17, 6 * 2 ** 17, 9 * 2 ** 17])),
                       parentBaseFee=env.get("parentBaseFee", hex(rng.choice([7, 10 ** 9]))))
        for i in range(rng.choice([0, 0, 1, 3])):
            recipient = rng.choice([address_of(2), "0x" + rng.randbytes(20).hex(), STORE])
            env["withdrawals"].append({"index": hex(i), "validatorIndex": hex(rng.randint(0, 999)),
                                       "address": recipient, "amount": hex(rng.choice([0, 1, 32 * 10 ** 9]))})
        return env

    def add(self, kind=None, key=None, to=None, value=0, data="0x", gas=None, tx_type=None, nonce_shift=0, **extra):
        """Appends a transaction; the nonce advances unless the transaction is meant to be rejected."""
        rng = self.rng
        key = key or rng.choice(SENDERS)
        tx_type = rng.choice([0, 1, 2]) if tx_type is None else tx_type
        tip = rng.choice([0, 1, 10 ** 9])
        tx = {"type": hex(tx_type), "chainId": "0x1", "nonce": hex(max(0, self.nonces[key] + nonce_shift)),
              "gas": hex(gas or 300_000), "to": to, "value": hex(value), "input": data,
              "v": "0x0", "r": "0x0", "s": "0x0", "secretKey": "0x" + word(key)}
        if tx_type in (0, 1):
            tx["gasPrice"] = hex(self.base_fee + tip)
        else:
            tx.update(maxFeePerGas=hex(2 * self.base_fee + tip), maxPriorityFeePerGas=hex(tip))
        if tx_type:
            tx["accessList"] = [] if rng.random() < 0.6 else [{"address": STORE, "storageKeys": ["0x" + word(1)]}]
        if tx_type == 0 and rng.random() < 0.25:
            tx["protected"] = False
        tx.update(extra)
        if nonce_shift == 0 and not kind:
            self.nonces[key] += 1
        self.txs.append(tx)
        return tx


def add_random_tx(block):
    rng = block.rng
    prague = block.fork != "Cancun"
    kinds = ["transfer"] * 3 + ["create"] * 2 + ["store"] * 3 + ["revert", "log", "log", "env", "factory", "proxy",
             "sha", "destruct", "transient", "blob", "invalid", "invalid"]
    if prague:
        kinds += ["delegate", "delegate", "withdrawal_request", "consolidation", "deposit"]
    kind = rng.choice(kinds)
    if kind == "transfer":
        block.add(to=rng.choice([address_of(rng.choice(SENDERS)), "0x" + rng.randbytes(20).hex()]),
                  value=rng.choice([0, 1, 10 ** 18]), gas=rng.choice([21_000, 30_000, 60_000]))
    elif kind == "create":
        runtime = rng.choice(list(CONTRACTS.values()))
        code = init_code(runtime, constructor_store=rng.random() < 0.5, revert=rng.random() < 0.15)
        block.add(to=None, value=rng.choice([0, 5]), data=code, gas=rng.choice([80_000, 200_000]))
    elif kind == "store":
        data = "0x" + word(rng.choice([1, 2, 3, 0xab])) + word(rng.choice([0, 1, 7, 2 ** 255]))
        block.add(to=rng.choice([STORE, PROXY]), data=data, gas=rng.choice([30_000, 60_000, 100_000]))
    elif kind in ("revert", "env", "destruct", "transient"):
        target = {"revert": REVERTS, "env": ENV, "destruct": DESTRUCT, "transient": TRANSIENT}[kind]
        block.add(to=target, value=rng.choice([0, 3]), gas=rng.choice([60_000, 250_000]))
    elif kind in ("log", "sha"):
        block.add(to=LOGGER if kind == "log" else SHA, data="0x" + rng.randbytes(rng.choice([0, 5, 64])).hex())
    elif kind == "factory":
        block.add(to=FACTORY, value=rng.choice([0, 2]), data=init_code(CONTRACTS[STORE]), gas=200_000)
    elif kind == "blob":
        hashes = ["0x01" + rng.randbytes(31).hex() for _ in range(rng.choice([1, 2, 6]))]
        if rng.random() < 0.2:
            hashes = rng.choice([[], ["0x02" + rng.randbytes(31).hex()]])  # rejected: no blobs, bad version
        rejected = not hashes or hashes[0].startswith("0x02")
        block.add(kind="bad blobs" if rejected else None, to=STORE, tx_type=3,
                  data="0x" + word(4) + word(5), maxFeePerBlobGas=hex(rng.choice([10 ** 9, 10 ** 12])),
                  blobVersionedHashes=hashes)
    elif kind == "delegate":
        authority = rng.choice(AUTHORITIES)
        target = rng.choice([STORE, LOGGER, TRANSIENT])
        stale = rng.random() < 0.15  # an authorization for a later nonce: skipped by both
        chain_id = rng.choice([1, 1, 0, 5])  # 0 is any chain; 5 is another chain: skipped
        auth = authorization(authority, chain_id, target, block.nonces[authority] + stale)
        if not stale and chain_id in (0, 1):
            block.nonces[authority] += 1
        block.add(to=address_of(authority), tx_type=4, data="0x" + word(8) + word(9), authorizationList=[auth])
    elif kind == "withdrawal_request":
        block.add(to=WITHDRAWAL_REQUESTS, tx_type=2, value=rng.choice([1, 2]), gas=200_000,
                  data="0x" + rng.randbytes(48).hex() + rng.randbytes(8).hex())
    elif kind == "consolidation":
        block.add(to=CONSOLIDATION_REQUESTS, tx_type=2, value=rng.choice([1, 2]), gas=200_000,
                  data="0x" + rng.randbytes(96).hex())
    elif kind == "deposit":
        block.add(to=DEPOSIT_CONTRACT, gas=100_000, data=deposit_data(rng, malformed=rng.random() < 0.1))
    else:
        add_invalid_tx(block)


def add_invalid_tx(block):
    rng = block.rng
    bad = rng.choice(["nonce_high", "nonce_low", "intrinsic", "fee_low", "priority", "funds", "block_gas", "cap",
                      "coded", "empty_auth", "initcode"])
    to = address_of(rng.choice(SENDERS))
    if bad == "nonce_high":
        block.add(kind=bad, to=to, nonce_shift=1)
    elif bad == "nonce_low":
        key = rng.choice(SENDERS)
        block.add(kind=bad, key=key, to=to, nonce_shift=-1 if block.nonces[key] else 3)
    elif bad == "intrinsic":
        block.add(kind=bad, to=to, gas=20_999)
    elif bad == "fee_low":
        block.add(kind=bad, to=to, tx_type=2, maxFeePerGas=hex(block.base_fee - 1), maxPriorityFeePerGas="0x0")
    elif bad == "priority":
        block.add(kind=bad, to=to, tx_type=2, maxFeePerGas=hex(block.base_fee), maxPriorityFeePerGas=hex(block.base_fee + 1))
    elif bad == "funds":
        block.add(kind=bad, to=to, value=10 ** 30)
    elif bad == "block_gas":
        block.add(kind=bad, to=to, gas=block.gas_limit + 1)
    elif bad == "cap":  # EIP-7825: above 2^24 is refused from Osaka on (and may be included before)
        block.add(kind=bad, to=to, gas=2 ** 24 + 1, tx_type=2)
    elif bad == "coded":
        block.add(kind=bad, key=CODED, to=to)
    elif bad == "empty_auth":
        block.add(kind=bad, to=to, tx_type=4, authorizationList=[])
    else:  # EIP-3860: init code over 49,152 bytes
        block.add(kind=bad, to=None, data="0x" + "00" * 49_153, gas=5_000_000)


def generated_cases(seed, count):
    """`count` blocks from `seed`; every fourth has its transactions signed here and given as an RLP list
    (`txs` then holds the envelopes)."""
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        block = Block(rng, index)
        for _ in range(rng.randint(1, 8)):
            add_random_tx(block)
        env = block.env()
        as_rlp = index % 4 == 3
        txs = [envelope(tx) for tx in block.txs] if as_rlp else block.txs
        cases.append({"name": block.name, "fork": block.fork, "alloc": block.alloc, "env": env, "txs": txs,
                      "rlp": as_rlp, "count": len(block.txs)})
    return cases
