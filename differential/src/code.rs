//! A small decoder of the code section: it knows the immediates of every operator a generated module can
//! contain (WebAssembly 2.0 with SIMD, relaxed SIMD and extended constant expressions), nothing more. It lists
//! the SIMD operators of a module ([`simd_opcodes`], for the coverage numbers of the seeded test and the sweep)
//! and inserts code before chosen operators ([`insert_before`], for the wasmi runner's workarounds).

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
pub(crate) struct Operator {
    /// Its offset in the body (of the opcode byte, or of the prefix).
    offset: usize,
    /// The opcode byte (the prefix, for a prefixed operator).
    pub(crate) opcode: u8,
    /// The sub-opcode of a `0xfc`- or `0xfd`-prefixed operator.
    sub: Option<u32>,
    /// For `block`, `loop` and `if`: whether the block type is a type index (the only kind that can have
    /// parameters).
    pub(crate) type_index: bool,
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

/// `wasm` with `code` inserted before every operator of its function bodies for which `here(previous, op)`
/// holds (`previous` is the operator before `op` in the same body, `nop`s passed over). `None` when there is no
/// such operator, or a body this decoder cannot read (then the module should be used as it is). `code` must be
/// valid anywhere and change nothing, as `block end`.
pub(crate) fn insert_before(
    wasm: &[u8],
    code: &[u8],
    mut here: impl FnMut(Option<&Operator>, &Operator) -> bool,
) -> Option<Vec<u8>> {
    let (id_offset, section, bodies) = code_section(wasm)?;
    let mut new_bodies = Vec::with_capacity(bodies.len());
    let mut changed = false;
    for body in bodies {
        let bytes = &wasm[body];
        let mut at = Vec::new();
        let mut previous = None;
        operators(bytes, |op| {
            if here(previous.as_ref(), &op) {
                at.push(op.offset);
            }
            if op.opcode != 0x01 {
                previous = Some(op);
            }
        })?;
        changed |= !at.is_empty();
        let mut new = Vec::with_capacity(bytes.len() + at.len() * code.len());
        let mut from = 0;
        for offset in at {
            new.extend_from_slice(&bytes[from..offset]);
            new.extend_from_slice(code);
            from = offset;
        }
        new.extend_from_slice(&bytes[from..]);
        new_bodies.push(new);
    }
    if !changed {
        return None;
    }
    let mut contents = Vec::new();
    write_leb(&mut contents, new_bodies.len());
    for body in &new_bodies {
        write_leb(&mut contents, body.len());
        contents.extend_from_slice(body);
    }
    let mut out = Vec::with_capacity(wasm.len() + contents.len());
    out.extend_from_slice(&wasm[..=id_offset]);
    write_leb(&mut out, contents.len());
    out.extend_from_slice(&contents);
    out.extend_from_slice(&wasm[section.end..]);
    Some(out)
}

/// Appends `value` as an unsigned LEB128.
fn write_leb(out: &mut Vec<u8>, mut value: usize) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
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

    #[test]
    fn inserts_where_told_passing_over_nops() {
        let source = |marker: &str| {
            format!(
                r#"(module
                    (type $t (func (param i64) (result i64)))
                    (func (param i32 i64) (result i64)
                      local.get 1
                      block (result i64) i64.const 1 end
                      local.get 0
                      {marker}
                      if (type $t) (param i64) (result i64)
                        {marker}
                        loop (type $t) (param i64) (result i64) end
                      else
                        {marker}
                        block (type $t) (param i64) (result i64) end
                      end
                      i64.add)
                    (func))"#
            )
        };
        let typed = |_: Option<&Operator>, op: &Operator| op.type_index;
        let wasm = wat::parse_str(source("")).unwrap();
        let expected = wat::parse_str(source("nop")).unwrap();
        assert_eq!(insert_before(&wasm, &[0x01], typed), Some(expected));
        let untyped = wat::parse_str("(module (func block loop end end))").unwrap();
        assert_eq!(insert_before(&untyped, &[0x01], typed), None);
        // `previous` passes over `nop`s, and the inserted code does not count.
        let selects = |first: &str, second: &str| {
            format!(
                "(module (func (param i32) (result i32)
                   i32.const 1 i32.const 2 local.get 0 i32.eqz nop {first} select
                   i32.const 3 local.get 0 {second} select))"
            )
        };
        let after_eqz = |previous: Option<&Operator>, op: &Operator| {
            op.opcode == 0x1b && previous.is_some_and(|p| p.opcode == 0x45)
        };
        let wasm = wat::parse_str(selects("", "")).unwrap();
        let expected = wat::parse_str(selects("nop", "")).unwrap();
        assert_eq!(insert_before(&wasm, &[0x01], after_eqz), Some(expected));
    }
}
