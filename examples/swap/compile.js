// Compiles Swap.sol with solc-js (npm package `solc`, 0.8.28) and writes each contract's init code as hex
// beside it: `NODE_PATH=$(npm root -g) node compile.js` (or from a folder where `npm install solc@0.8.28` ran).
// Settings are pinned (optimizer 200 runs, Cancun, no metadata hash) so the output is byte-identical on rerun.
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const source = fs.readFileSync(path.join(__dirname, 'Swap.sol'), 'utf8');
const input = {
  language: 'Solidity',
  sources: { 'Swap.sol': { content: source } },
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    metadata: { bytecodeHash: 'none', appendCBOR: false },
    outputSelection: { '*': { '*': ['evm.bytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors || []).filter((e) => e.severity === 'error');
if (errors.length) {
  console.error(errors.map((e) => e.formattedMessage).join('\n'));
  process.exit(1);
}
for (const name of ['Token', 'Pair']) {
  const hex = output.contracts['Swap.sol'][name].evm.bytecode.object;
  fs.writeFileSync(path.join(__dirname, `${name}.init.hex`), hex + '\n');
  console.log(`${name}.init.hex: ${hex.length / 2} bytes (solc ${solc.version()})`);
}
