//! An interpreter loop: a small bytecode stack machine whose `match` on the opcode byte compiles to `br_table`,
//! with its operand stack and registers in memory, running a loop program assembled at start.

use alloc::vec::Vec;

const HALT: u8 = 0;
const PUSH: u8 = 1;
const LOAD: u8 = 2;
const STORE: u8 = 3;
const ADD: u8 = 4;
const SUB: u8 = 5;
const MUL: u8 = 6;
const XOR: u8 = 7;
const SHR: u8 = 8;
const LT: u8 = 9;
const JZ: u8 = 10;
const JMP: u8 = 11;
const DUP: u8 = 12;
const REM: u8 = 13;
const AND: u8 = 14;
const SWAP: u8 = 15;

/// Registers: the loop counter, the bound, the accumulator, a scratch value.
const I: u8 = 0;
const N: u8 = 1;
const ACC: u8 = 2;
const T: u8 = 3;

struct Assembler {
    code: Vec<u8>,
}

impl Assembler {
    fn op(&mut self, op: u8) -> &mut Self {
        self.code.push(op);
        self
    }
    fn with(&mut self, op: u8, operand: u8) -> &mut Self {
        self.code.extend_from_slice(&[op, operand]);
        self
    }
    fn push(&mut self, value: u32) -> &mut Self {
        self.code.push(PUSH);
        self.code.extend_from_slice(&value.to_le_bytes());
        self
    }
    /// A jump with its target to be patched; returns where the target goes.
    fn jump(&mut self, op: u8) -> usize {
        self.code.extend_from_slice(&[op, 0, 0]);
        self.code.len() - 2
    }
    fn patch(&mut self, at: usize, target: usize) {
        let target = u16::try_from(target).unwrap_or(u16::MAX).to_le_bytes();
        self.code[at..at + 2].copy_from_slice(&target);
    }
    fn here(&self) -> usize {
        self.code.len()
    }
}

/// `acc = 0; for i in 0..n { t = (i ^ (i >> 3)) % 7; acc = acc * 31 + t; if t & 1 == 0 { acc ^= i } }`.
fn program() -> Vec<u8> {
    let mut asm = Assembler { code: Vec::new() };
    asm.push(0).with(STORE, I).push(0).with(STORE, ACC);
    let top = asm.here();
    asm.with(LOAD, I).with(LOAD, N).op(LT);
    let exit = asm.jump(JZ);
    asm.with(LOAD, I)
        .op(DUP)
        .push(3)
        .op(SHR)
        .op(XOR)
        .push(7)
        .op(REM)
        .with(STORE, T);
    asm.with(LOAD, ACC)
        .push(31)
        .op(MUL)
        .with(LOAD, T)
        .op(ADD)
        .with(STORE, ACC);
    asm.push(1).with(LOAD, T).op(AND);
    let odd = asm.jump(JZ);
    let skip = asm.jump(JMP);
    let even = asm.here();
    asm.with(LOAD, ACC).with(LOAD, I).op(XOR).with(STORE, ACC);
    let next = asm.here();
    asm.with(LOAD, I).push(1).op(SWAP).op(ADD).with(STORE, I);
    let back = asm.jump(JMP);
    let end = asm.here();
    asm.with(LOAD, ACC).op(HALT);
    // `JZ` jumps when the value is zero: an even `t` goes to `even`, an odd one falls through to `skip`.
    asm.patch(odd, even);
    asm.patch(skip, next);
    asm.patch(back, top);
    asm.patch(exit, end);
    asm.code
}

/// Runs `code` with register `N` set to `n`; returns the top of the stack at `HALT` (0 on a malformed program).
#[inline(never)]
fn execute(code: &[u8], n: u32) -> u32 {
    let mut stack = [0u32; 16];
    let mut registers = [0u32; 4];
    registers[usize::from(N)] = n;
    let mut sp = 0usize;
    let mut pc = 0usize;
    loop {
        let Some(&op) = code.get(pc) else { return 0 };
        pc += 1;
        match op {
            HALT => return stack[sp.wrapping_sub(1) % 16],
            PUSH => {
                let Some(bytes) = code.get(pc..pc + 4) else {
                    return 0;
                };
                stack[sp % 16] = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
                sp += 1;
                pc += 4;
            }
            LOAD | STORE => {
                let register = usize::from(code.get(pc).copied().unwrap_or(0) & 3);
                pc += 1;
                if op == LOAD {
                    stack[sp % 16] = registers[register];
                    sp += 1;
                } else {
                    sp = sp.wrapping_sub(1) % 16;
                    registers[register] = stack[sp];
                }
            }
            JZ | JMP => {
                let Some(bytes) = code.get(pc..pc + 2) else {
                    return 0;
                };
                let target = usize::from(u16::from_le_bytes([bytes[0], bytes[1]]));
                pc += 2;
                if op == JMP {
                    pc = target;
                } else {
                    sp = sp.wrapping_sub(1) % 16;
                    if stack[sp] == 0 {
                        pc = target;
                    }
                }
            }
            DUP => {
                stack[sp % 16] = stack[sp.wrapping_sub(1) % 16];
                sp += 1;
            }
            SWAP => stack.swap(sp.wrapping_sub(1) % 16, sp.wrapping_sub(2) % 16),
            _ => {
                let b = stack[sp.wrapping_sub(1) % 16];
                let a = stack[sp.wrapping_sub(2) % 16];
                let value = match op {
                    ADD => a.wrapping_add(b),
                    SUB => a.wrapping_sub(b),
                    MUL => a.wrapping_mul(b),
                    XOR => a ^ b,
                    SHR => a.wrapping_shr(b),
                    LT => u32::from(a < b),
                    REM => a.checked_rem(b).unwrap_or(0),
                    AND => a & b,
                    _ => return 0,
                };
                sp = sp.wrapping_sub(1) % 16;
                stack[sp.wrapping_sub(1) % 16] = value;
            }
        }
    }
}

/// The program's accumulator after `n` iterations.
pub fn run(n: i32) -> i64 {
    let code = program();
    i64::from(execute(&code, u32::try_from(n).unwrap_or(0)))
}
