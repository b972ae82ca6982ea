//! Reference for `nbody.wat`.

use std::f64::consts::PI;

const SOLAR_MASS: f64 = 4.0 * PI * PI;
const DAYS_PER_YEAR: f64 = 365.24;

#[derive(Clone, Copy)]
struct Body {
    pos: [f64; 3],
    vel: [f64; 3],
    mass: f64,
}

impl Body {
    /// A body from its position, velocity per day and mass in solar masses.
    fn new(pos: [f64; 3], vel_per_day: [f64; 3], solar_masses: f64) -> Self {
        Self {
            pos,
            vel: vel_per_day.map(|v| v * DAYS_PER_YEAR),
            mass: solar_masses * SOLAR_MASS,
        }
    }
}

/// The sun and the four outer planets (the benchmarks game's initial conditions, digit for digit as in
/// `nbody.wat`), with the sun's velocity offset so that the total momentum is zero.
#[allow(
    clippy::excessive_precision,
    reason = "the literals are spelled exactly as in nbody.wat so both parse to the same f64"
)]
fn jovian_system() -> [Body; 5] {
    let mut bodies = [
        Body::new([0.0; 3], [0.0; 3], 1.0),
        Body::new(
            [
                4.84143144246472090e+00,
                -1.16032004402742839e+00,
                -1.03622044471123109e-01,
            ],
            [
                1.66007664274403694e-03,
                7.69901118419740425e-03,
                -6.90460016972063023e-05,
            ],
            9.54791938424326609e-04,
        ),
        Body::new(
            [
                8.34336671824457987e+00,
                4.12479856412430479e+00,
                -4.03523417114321381e-01,
            ],
            [
                -2.76742510726862411e-03,
                4.99852801234917238e-03,
                2.30417297573763929e-05,
            ],
            2.85885980666130812e-04,
        ),
        Body::new(
            [
                1.28943695621391310e+01,
                -1.51111514016986312e+01,
                -2.23307578892655734e-01,
            ],
            [
                2.96460137564761618e-03,
                2.37847173959480950e-03,
                -2.96589568540237556e-05,
            ],
            4.36624404335156298e-05,
        ),
        Body::new(
            [
                1.53796971148509165e+01,
                -2.59193146099879641e+01,
                1.79258772950371181e-01,
            ],
            [
                2.68067772490389322e-03,
                1.62824170038242295e-03,
                -9.51592254519715870e-05,
            ],
            5.15138902046611451e-05,
        ),
    ];
    let mut momentum = [0.0_f64; 3];
    for body in &bodies {
        for (p, v) in momentum.iter_mut().zip(body.vel) {
            *p += v * body.mass;
        }
    }
    bodies[0].vel = momentum.map(|p| -(p / SOLAR_MASS));
    bodies
}

fn advance(bodies: &mut [Body; 5], dt: f64) {
    for i in 0..bodies.len() {
        for j in i + 1..bodies.len() {
            let d = [0, 1, 2].map(|k| bodies[i].pos[k] - bodies[j].pos[k]);
            let d2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
            let mag = dt / (d2 * d2.sqrt());
            let mj = bodies[j].mass * mag;
            let mi = bodies[i].mass * mag;
            for (k, dk) in d.iter().enumerate() {
                bodies[i].vel[k] -= dk * mj;
                bodies[j].vel[k] += dk * mi;
            }
        }
    }
    for body in bodies.iter_mut() {
        for k in 0..3 {
            body.pos[k] += dt * body.vel[k];
        }
    }
}

fn energy(bodies: &[Body; 5]) -> f64 {
    let mut e = 0.0;
    for (i, a) in bodies.iter().enumerate() {
        let [vx, vy, vz] = a.vel;
        e += 0.5 * a.mass * (vx * vx + vy * vy + vz * vz);
        for b in &bodies[i + 1..] {
            let d = [0, 1, 2].map(|k| a.pos[k] - b.pos[k]);
            e -= a.mass * b.mass / (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt();
        }
    }
    e
}

/// The bits of the system's energy after n steps of 0.01.
pub(crate) fn nbody(n: i32) -> i64 {
    let mut bodies = jovian_system();
    for _ in 0..n.max(0) {
        advance(&mut bodies, 0.01);
    }
    energy(&bodies).to_bits() as i64
}

#[cfg(test)]
mod tests {
    /// The well-known outputs of the benchmarks game program (printed to nine decimals).
    #[test]
    fn known_energies() {
        let at = |n| f64::from_bits(super::nbody(n) as u64);
        assert!((at(0) - -0.169_075_164).abs() < 5e-10, "{}", at(0));
        assert!((at(1000) - -0.169_087_605).abs() < 5e-10, "{}", at(1000));
    }
}
