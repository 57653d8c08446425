// SPDX-License-Identifier: MIT
// A minimal ERC-20 token and a constant-product pair (x * y = k, 0.3% fee), written for zkos's example
// blocks and cycle benchmarks: a swap is a realistic contract call with two cross-contract token calls,
// several cold storage reads and writes, and two events. Not audited; not for real funds.
pragma solidity ^0.8.28;

contract Token {
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;
    uint256 public totalSupply;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(uint256 supply) {
        balanceOf[msg.sender] = supply;
        totalSupply = supply;
        emit Transfer(address(0), msg.sender, supply);
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            require(allowed >= value, "allowance");
            allowance[from][msg.sender] = allowed - value;
        }
        _move(from, to, value);
        return true;
    }

    function _move(address from, address to, uint256 value) internal {
        uint256 have = balanceOf[from];
        require(have >= value, "balance");
        unchecked {
            balanceOf[from] = have - value;
        }
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}

interface IToken {
    function transfer(address to, uint256 value) external returns (bool);
    function transferFrom(address from, address to, uint256 value) external returns (bool);
}

contract Pair {
    IToken public immutable token0;
    IToken public immutable token1;
    uint112 public reserve0;
    uint112 public reserve1;

    event Sync(uint112 reserve0, uint112 reserve1);
    event Swap(address indexed sender, uint256 amountIn, uint256 amountOut, bool zeroForOne, address indexed to);

    constructor(IToken t0, IToken t1) {
        token0 = t0;
        token1 = t1;
    }

    /// Pulls `amount0` and `amount1` from the caller (which approved this pair) into the reserves.
    function addLiquidity(uint256 amount0, uint256 amount1) external {
        require(token0.transferFrom(msg.sender, address(this), amount0), "transfer0");
        require(token1.transferFrom(msg.sender, address(this), amount1), "transfer1");
        _sync(uint256(reserve0) + amount0, uint256(reserve1) + amount1);
    }

    /// The output for `amountIn` against reserves `rIn`, `rOut`, after the 0.3% fee (Uniswap V2's formula).
    function quote(uint256 amountIn, uint256 rIn, uint256 rOut) public pure returns (uint256) {
        uint256 withFee = amountIn * 997;
        return (withFee * rOut) / (rIn * 1000 + withFee);
    }

    /// Swaps exactly `amountIn` of token0 (`zeroForOne`) or token1 for at least `minOut` of the other, sent to `to`.
    function swap(uint256 amountIn, uint256 minOut, bool zeroForOne, address to) external returns (uint256 out) {
        (uint256 r0, uint256 r1) = (reserve0, reserve1);
        (IToken tokenIn, IToken tokenOut) = zeroForOne ? (token0, token1) : (token1, token0);
        out = zeroForOne ? quote(amountIn, r0, r1) : quote(amountIn, r1, r0);
        require(out >= minOut, "slippage");
        require(tokenIn.transferFrom(msg.sender, address(this), amountIn), "transfer in");
        require(tokenOut.transfer(to, out), "transfer out");
        if (zeroForOne) {
            _sync(r0 + amountIn, r1 - out);
        } else {
            _sync(r0 - out, r1 + amountIn);
        }
        emit Swap(msg.sender, amountIn, out, zeroForOne, to);
    }

    function _sync(uint256 r0, uint256 r1) internal {
        require(r0 <= type(uint112).max && r1 <= type(uint112).max, "overflow");
        reserve0 = uint112(r0);
        reserve1 = uint112(r1);
        emit Sync(uint112(r0), uint112(r1));
    }
}
