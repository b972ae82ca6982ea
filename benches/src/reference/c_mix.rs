//! Reference for the `c_mix` workload (`benches/guests-c/c_mix.c`), written from the definition in that file's
//! header: the list kernel as a stable sort of a vector (the C program merge-sorts a linked list), the scanner as
//! a token split and a classification of each token, the matrix product as plain loops.

const NODES: usize = 256;
const TEXT: usize = 1024;
const DIM: usize = 12;

/// The generator every kernel draws from (the C program's `next_random`).
struct Random(u32);

impl Random {
    fn next(&mut self) -> u32 {
        self.0 = self.0.wrapping_mul(1_103_515_245).wrapping_add(12345);
        self.0 >> 8
    }
}

/// One step of the reflected bitwise CRC-32 (polynomial 0xEDB88320) over the four little-endian bytes of `value`.
fn crc_word(mut crc: u32, value: u32) -> u32 {
    for byte in value.to_le_bytes() {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = (crc >> 1) ^ if crc & 1 == 1 { 0xEDB8_8320 } else { 0 };
        }
    }
    crc
}

fn list_kernel(random: &mut Random, mut crc: u32) -> u32 {
    let nodes: Vec<(u32, u32)> = (0..NODES)
        .map(|_| {
            let key = random.next() & 0x3ff;
            (key, random.next())
        })
        .collect();
    let mut order: Vec<usize> = (0..NODES).collect();
    for i in (1..NODES).rev() {
        let j = (random.next() % (i as u32 + 1)) as usize;
        order.swap(i, j);
    }
    // The list in link order, sorted stably by key.
    let mut list: Vec<(u32, u32)> = order.iter().map(|&i| nodes[i]).collect();
    list.sort_by_key(|&(key, _)| key);
    for (position, (key, data)) in list.into_iter().enumerate() {
        let word = key
            .wrapping_mul(65536)
            .wrapping_add(data & 0xffff)
            .wrapping_add(position as u32);
        crc = crc_word(crc, word);
    }
    crc
}

/// The scanner's final states, numbered as in the C program's `enum`.
const INT: u32 = 2;
const FRACTION: u32 = 3;
const ALPHA: u32 = 4;

/// The final state a token leaves the scanner in.
fn classify(token: &[u8]) -> u32 {
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    let unsigned = match token.first() {
        Some(b'-' | b'+') => &token[1..],
        _ => token,
    };
    if token.iter().all(|c| (b'a'..=b'c').contains(c)) {
        return ALPHA;
    }
    if digits(unsigned) {
        return INT;
    }
    // One '.' after at least one digit, then digits only (possibly none).
    if let Some(dot) = unsigned.iter().position(|&c| c == b'.')
        && digits(&unsigned[..dot])
        && unsigned[dot + 1..].iter().all(u8::is_ascii_digit)
    {
        return FRACTION;
    }
    // SIGN (1) for a lone sign, BAD (5) otherwise.
    if unsigned.is_empty() { 1 } else { 5 }
}

fn scan_kernel(random: &mut Random, mut crc: u32) -> u32 {
    let alphabet = b"0123456789.abc -+";
    let text: Vec<u8> = (0..TEXT)
        .map(|_| alphabet[(random.next() % 17) as usize])
        .collect();
    // Numbers, decimals, words, other.
    let mut counts = [0u32; 4];
    for token in text.split(|&c| c == b' ').filter(|t| !t.is_empty()) {
        let state = classify(token);
        let class = match state {
            INT => 0,
            FRACTION => 1,
            ALPHA => 2,
            _ => 3,
        };
        counts[class] += 1;
        crc = crc_word(
            crc,
            (token.len() as u32).wrapping_mul(8).wrapping_add(state),
        );
    }
    counts.iter().fold(crc, |crc, &count| crc_word(crc, count))
}

fn matrix_kernel(random: &mut Random, crc: u32) -> u32 {
    let mut a = [[0i16; DIM]; DIM];
    let mut b = [[0i16; DIM]; DIM];
    for i in 0..DIM {
        for j in 0..DIM {
            a[i][j] = (random.next() & 0xffff) as u16 as i16;
            b[i][j] = (random.next() & 0xffff) as u16 as i16;
        }
    }
    let mut total: u32 = 0;
    for row in &a {
        for column in 0..DIM {
            let sum = row.iter().zip(&b).fold(0u32, |sum, (&x, b_row)| {
                sum.wrapping_add((i32::from(x) * i32::from(b_row[column])) as u32)
            });
            total = total.wrapping_mul(31).wrapping_add(sum >> 3);
        }
    }
    crc_word(crc, total)
}

/// `run(n)` of the C program.
pub(crate) fn c_mix(n: i32) -> i64 {
    let mut random = Random(1);
    let mut crc = u32::MAX;
    for _ in 0..n.max(0) {
        crc = list_kernel(&mut random, crc);
        crc = scan_kernel(&mut random, crc);
        crc = matrix_kernel(&mut random, crc);
    }
    i64::from(crc ^ u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_classified_as_the_state_machine_does() {
        assert_eq!(classify(b"123"), INT);
        assert_eq!(classify(b"-7"), INT);
        assert_eq!(classify(b"1.5"), FRACTION);
        assert_eq!(classify(b"+1."), FRACTION);
        assert_eq!(classify(b"abc"), ALPHA);
        assert_eq!(classify(b"-"), 1);
        assert_eq!(classify(b".5"), 5);
        assert_eq!(classify(b"1.2.3"), 5);
        assert_eq!(classify(b"1a"), 5);
        assert_eq!(classify(b"-a"), 5);
    }

    #[test]
    fn no_rounds_leave_the_initial_checksum() {
        assert_eq!(c_mix(0), 0);
    }
}
