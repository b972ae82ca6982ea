//! A small decoder of the code section: it knows the immediates of every operator a generated module can
//! contain (WebAssembly 2.0 with SIMD, relaxed SIMD and extended constant expressions), nothing more. It lists
//! the SIMD operators of a module ([`simd_opcodes`], for the coverage numbers of the seeded test and the sweep).

use core::ops::Range;

/// A reader over a byte slice that fails (returns `None`) at the end.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let byte = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(byte)
    }

    /// An unsigned LEB128 number of at most 32 bits; also skips a signed one (only its length matters then).
    fn leb(&mut self) -> Option<u32> {
        let mut value: u64 = 0;
        for shift in (0..70).step_by(7) {
            let byte = self.byte()?;
            if shift < 64 {
                value |= u64::from(byte & 0x7f) << shift;
            }
            if byte & 0x80 == 0 {
                return Some(value as u32);
            }
        }
        None
    }

    fn skip(&mut self, n: usize) -> Option<()> {
        self.pos = self.pos.checked_add(n)?;
        (self.pos <= self.bytes.len()).then_some(())
    }

    fn memarg(&mut self) -> Option<()> {
        self.leb()?;
        self.leb().map(drop)
    }
}

/// One operator of a function body, as [`operators`] reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Operator {
    /// Its offset in the body (of the opcode byte, or of the prefix).
    offset: usize,
    /// The opcode byte (the prefix, for a prefixed operator).
    opcode: u8,
    /// The sub-opcode of a `0xfc`- or `0xfd`-prefixed operator.
    sub: Option<u32>,
    /// For `block`, `loop` and `if`: whether the block type is a type index (the only kind that can have
    /// parameters).
    type_index: bool,
}

/// The code section of `wasm`: the offset of its id byte, the range of its contents, and the range of every
/// function body in it (after the body's size). `None` if there is none or the module is malformed before or
/// in it.
fn code_section(wasm: &[u8]) -> Option<(usize, Range<usize>, Vec<Range<usize>>)> {
    let mut r = Reader {
        bytes: wasm,
        pos: 8,
    };
    while let Some(id) = r.byte() {
        let id_offset = r.pos - 1;
        let size = r.leb()? as usize;
        let start = r.pos;
        r.skip(size)?;
        if id != 10 {
            continue;
        }
        let mut c = Reader {
            bytes: &wasm[..r.pos],
            pos: start,
        };
        let count = c.leb()?;
        let mut bodies = Vec::new();
        for _ in 0..count {
            let size = c.leb()? as usize;
            let body = c.pos;
            c.skip(size)?;
            bodies.push(body..c.pos);
        }
        return Some((id_offset, start..r.pos, bodies));
    }
    None
}

/// Calls `f` with every operator of the function body `bytes` (its locals first, then its code), in order.
/// `None` where the body is malformed or uses an operator this decoder does not know (of a proposal generated
/// modules do not have); the operators before it have been reported.
fn operators(bytes: &[u8], mut f: impl FnMut(Operator)) -> Option<()> {
    let mut r = Reader { bytes, pos: 0 };
    for _ in 0..r.leb()? {
        r.leb()?;
        r.byte()?;
    }
    while r.pos < bytes.len() {
        let offset = r.pos;
        let opcode = r.byte()?;
        let (mut sub, mut type_index) = (None, false);
        match opcode {
            // Control without immediates, `else`, `end`, `return`, `drop`, `select`, numeric operators,
            // `ref.is_null`.
            0x00 | 0x01 | 0x05 | 0x0b | 0x0f | 0x1a | 0x1b | 0x45..=0xc4 | 0xd1 => {}
            // Block types: 0x40 or a value type (one byte each, negative as a signed LEB: bits 6 and 7 are 1
            // and 0), or a type index (a non-negative signed LEB: bit 6 of a last byte is 0, and a first byte
            // with bit 7 set continues).
            0x02..=0x04 => {
                let first = *bytes.get(r.pos)?;
                type_index = first & 0xc0 != 0x40;
                r.leb()?;
            }
            // Branches, calls, locals, globals, tables, `memory.size`/`grow`, integer constants, `ref.null`
            // and `ref.func`: one LEB.
            0x0c | 0x0d | 0x10 | 0x20..=0x26 | 0x3f..=0x42 | 0xd0 | 0xd2 => {
                r.leb()?;
            }
            0x0e => {
                for _ in 0..=r.leb()? {
                    r.leb()?;
                }
            }
            0x11 => {
                r.leb()?;
                r.leb()?;
            }
            0x1c => {
                let n = r.leb()?;
                r.skip(n as usize)?;
            }
            0x28..=0x3e => r.memarg()?,
            0x43 => r.skip(4)?,
            0x44 => r.skip(8)?,
            0xfc => {
                let op = r.leb()?;
                match op {
                    0..=7 => {}
                    // `memory.init`, `table.init`, `memory.copy`, `table.copy`: two indices.
                    8 | 10 | 12 | 14 => {
                        r.leb()?;
                        r.leb()?;
                    }
                    // `data.drop`, `memory.fill`, `elem.drop`, `table.grow`/`size`/`fill`: one.
                    9 | 11 | 13 | 15..=17 => {
                        r.leb()?;
                    }
                    _ => return None,
                }
                sub = Some(op);
            }
            0xfd => {
                let op = r.leb()?;
                match op {
                    // Loads, `v128.store`, `load32_zero`/`load64_zero`: a memarg.
                    0x00..=0x0b | 0x5c | 0x5d => r.memarg()?,
                    // `v128.const`, `i8x16.shuffle`: 16 bytes.
                    0x0c | 0x0d => r.skip(16)?,
                    // `extract_lane`/`replace_lane`: a lane index.
                    0x15..=0x22 => r.skip(1)?,
                    // `load*_lane`/`store*_lane`: a memarg and a lane index.
                    0x54..=0x5b => {
                        r.memarg()?;
                        r.skip(1)?;
                    }
                    _ => {}
                }
                sub = Some(op);
            }
            _ => return None,
        }
        f(Operator {
            offset,
            opcode,
            sub,
            type_index,
        });
    }
    Some(())
}

/// The sub-opcodes (after the `0xfd` prefix) of every SIMD and relaxed-SIMD operator in the function bodies of
/// `wasm`, in order (`i32x4.add` is `0xae`, `i8x16.relaxed_swizzle` is `0x100`). A body that uses an operator
/// this decoder does not know is counted up to it; a malformed module gives what was read before the damage.
pub fn simd_opcodes(wasm: &[u8]) -> Vec<u32> {
    let mut found = Vec::new();
    if let Some((_, _, bodies)) = code_section(wasm) {
        for body in bodies {
            // A body the decoder cannot finish still counts up to there.
            let _ = operators(&wasm[body], |op| {
                if op.opcode == 0xfd {
                    found.extend(op.sub);
                }
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_simd_operators_among_others() {
        let wasm = wat::parse_str(
            r#"(module
                (memory 1)
                (func (param i32) (result v128) (local $v v128)
                  block (result i32)
                    local.get 0
                    br_table 0 0 0
                  end
                  v128.load offset=3
                  v128.const i64x2 -1 -1
                  i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31
                  f32.const 1.5
                  f32x4.replace_lane 2
                  local.set $v
                  i32.const 0 i32.const 0 i32.const 0 memory.fill
                  i32.const 0
                  local.get $v
                  v128.load8_lane offset=1 7
                  local.get $v
                  i8x16.relaxed_swizzle
                  local.get $v
                  i32x4.add))"#,
        )
        .unwrap();
        assert_eq!(
            simd_opcodes(&wasm),
            [0x00, 0x0c, 0x0d, 0x20, 0x54, 0x100, 0xae]
        );
    }
}
