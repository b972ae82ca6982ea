//! f64 struct code: the n-body simulation of five planets, with the bodies as structs in a slice (field loads and
//! stores at constant offsets, f64 arithmetic and square roots).

const PI: f64 = core::f64::consts::PI;
const SOLAR_MASS: f64 = 4.0 * PI * PI;
const DAYS_PER_YEAR: f64 = 365.24;

#[derive(Clone, Copy)]
struct Body {
    position: [f64; 3],
    velocity: [f64; 3],
    mass: f64,
}

const BODIES: [Body; 5] = [
    Body {
        position: [0.0; 3],
        velocity: [0.0; 3],
        mass: SOLAR_MASS,
    },
    Body {
        position: [
            4.841_431_442_464_72,
            -1.160_320_044_027_428_4,
            -0.103_622_044_471_123_1,
        ],
        velocity: [
            1.660_076_642_744_037e-3 * DAYS_PER_YEAR,
            7.699_011_184_197_404e-3 * DAYS_PER_YEAR,
            -6.904_600_169_720_63e-5 * DAYS_PER_YEAR,
        ],
        mass: 9.547_919_384_243_266e-4 * SOLAR_MASS,
    },
    Body {
        position: [
            8.343_366_718_244_58,
            4.124_798_564_124_305,
            -4.035_234_171_143_214e-1,
        ],
        velocity: [
            -2.767_425_107_268_624e-3 * DAYS_PER_YEAR,
            4.998_528_012_349_172e-3 * DAYS_PER_YEAR,
            2.304_172_975_737_639_3e-5 * DAYS_PER_YEAR,
        ],
        mass: 2.858_859_806_661_308e-4 * SOLAR_MASS,
    },
    Body {
        position: [
            1.289_436_956_213_913_1e1,
            -1.511_115_140_169_863_1e1,
            -2.233_075_788_926_557_3e-1,
        ],
        velocity: [
            2.964_601_375_647_616e-3 * DAYS_PER_YEAR,
            2.378_471_739_594_809_5e-3 * DAYS_PER_YEAR,
            -2.965_895_685_402_375_6e-5 * DAYS_PER_YEAR,
        ],
        mass: 4.366_244_043_351_563e-5 * SOLAR_MASS,
    },
    Body {
        position: [
            1.537_969_711_485_091_1e1,
            -2.591_931_460_998_796_4e1,
            1.792_587_729_503_711_8e-1,
        ],
        velocity: [
            2.680_677_724_903_893_2e-3 * DAYS_PER_YEAR,
            1.628_241_700_382_423e-3 * DAYS_PER_YEAR,
            -9.515_922_545_197_159e-5 * DAYS_PER_YEAR,
        ],
        mass: 5.151_389_020_466_114_5e-5 * SOLAR_MASS,
    },
];

fn offset_momentum(bodies: &mut [Body]) {
    let mut momentum = [0.0; 3];
    for body in bodies.iter() {
        for (m, v) in momentum.iter_mut().zip(body.velocity) {
            *m += v * body.mass;
        }
    }
    for (v, m) in bodies[0].velocity.iter_mut().zip(momentum) {
        *v = -m / SOLAR_MASS;
    }
}

#[inline(never)]
fn advance(bodies: &mut [Body], dt: f64) {
    for i in 0..bodies.len() {
        let (left, right) = bodies.split_at_mut(i + 1);
        let a = &mut left[i];
        for b in right.iter_mut() {
            let d = [
                a.position[0] - b.position[0],
                a.position[1] - b.position[1],
                a.position[2] - b.position[2],
            ];
            let distance2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
            let magnitude = dt / (distance2 * distance2.sqrt());
            for (k, dk) in d.into_iter().enumerate() {
                a.velocity[k] -= dk * b.mass * magnitude;
                b.velocity[k] += dk * a.mass * magnitude;
            }
        }
    }
    for body in bodies.iter_mut() {
        for k in 0..3 {
            body.position[k] += dt * body.velocity[k];
        }
    }
}

fn energy(bodies: &[Body]) -> f64 {
    let mut e = 0.0;
    for (i, a) in bodies.iter().enumerate() {
        let v2: f64 = a.velocity.iter().map(|v| v * v).sum();
        e += 0.5 * a.mass * v2;
        for b in &bodies[i + 1..] {
            let d2: f64 = (0..3)
                .map(|k| {
                    let d = a.position[k] - b.position[k];
                    d * d
                })
                .sum();
            e -= a.mass * b.mass / d2.sqrt();
        }
    }
    e
}

/// The bits of the system's energy after `n` steps of 0.01 (IEEE arithmetic, so native and WebAssembly agree).
pub fn run(n: i32) -> i64 {
    let mut bodies = BODIES;
    offset_momentum(&mut bodies);
    for _ in 0..n {
        advance(&mut bodies, 0.01);
    }
    energy(&bodies).to_bits() as i64
}
