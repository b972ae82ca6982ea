//! Bulk table operations that need more than one table at a time.

use crate::store::TableEntity;

/// Out of bounds.
#[derive(Debug)]
pub(crate) struct OutOfBounds;

/// Copies `n` elements from `tables[src].elements[s..]` to `tables[dst].elements[d..]`, as if through a
/// temporary buffer (overlap-safe). Checks both ranges before copying anything.
pub(crate) fn table_copy(
    tables: &mut [TableEntity],
    dst: usize,
    d: usize,
    src: usize,
    s: usize,
    n: usize,
) -> Result<(), OutOfBounds> {
    let src_len = tables.get(src).ok_or(OutOfBounds)?.elements.len();
    let dst_len = tables.get(dst).ok_or(OutOfBounds)?.elements.len();
    let s_end = s
        .checked_add(n)
        .filter(|end| *end <= src_len)
        .ok_or(OutOfBounds)?;
    let d_end = d
        .checked_add(n)
        .filter(|end| *end <= dst_len)
        .ok_or(OutOfBounds)?;
    if dst == src {
        tables[dst].elements.copy_within(s..s_end, d);
        return Ok(());
    }
    let (first, second) = tables.split_at_mut(dst.max(src));
    let (to, from) = if dst < src {
        (&mut first[dst], &second[0])
    } else {
        (&mut second[0], &first[src])
    };
    to.elements[d..d_end].copy_from_slice(&from.elements[s..s_end]);
    Ok(())
}
