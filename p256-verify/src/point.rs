//! Curve points in Jacobian coordinates (`x = X/Z²`, `y = Y/Z³`, Montgomery form) on `y² = x³ − 3x + b`,
//! with variable-time doubling and additions that handle every special case (infinity, equal and
//! opposite points).

use crate::backend::Fe;

/// A point with affine coordinates (never infinity).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Affine {
    pub(crate) x: Fe,
    pub(crate) y: Fe,
}

/// A point in Jacobian coordinates.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Jacobian {
    pub(crate) x: Fe,
    pub(crate) y: Fe,
    pub(crate) z: Fe,
    /// The point at infinity (the coordinates are then meaningless).
    pub(crate) infinity: bool,
}

/// A Jacobian point (never infinity) with `Z²` and `Z³` cached, as kept in a multiplication table.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cached {
    pub(crate) x: Fe,
    pub(crate) y: Fe,
    pub(crate) z: Fe,
    pub(crate) zz: Fe,
    pub(crate) zzz: Fe,
}

/// Temporaries for the point formulas, allocated once per multiplication so that every product is written
/// in place.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scratch {
    a: Fe,
    b: Fe,
    c: Fe,
    d: Fe,
}

impl Scratch {
    pub(crate) const fn new() -> Scratch {
        Scratch {
            a: Fe::ZERO,
            b: Fe::ZERO,
            c: Fe::ZERO,
            d: Fe::ZERO,
        }
    }
}

impl Cached {
    /// Caches `Z²` and `Z³` of a finite point.
    pub(crate) fn from_jacobian(p: &Jacobian) -> Cached {
        let zz = Fe::mul(&p.z, &p.z);
        let zzz = Fe::mul(&zz, &p.z);
        Cached {
            x: p.x,
            y: p.y,
            z: p.z,
            zz,
            zzz,
        }
    }
}

impl Jacobian {
    pub(crate) const INFINITY: Jacobian = Jacobian {
        x: Fe::ZERO,
        y: Fe::ONE,
        z: Fe::ZERO,
        infinity: true,
    };

    pub(crate) fn from_affine(p: &Affine) -> Jacobian {
        Jacobian {
            x: p.x,
            y: p.y,
            z: Fe::ONE,
            infinity: false,
        }
    }

    /// `self = 2·self` (`3M + 5S`, using `a = −3`: `3X² + aZ⁴ = 3·(X − Z²)·(X + Z²)`).
    ///
    /// P-256 has prime order, so no finite point has `y = 0` and none doubles to infinity.
    #[inline(never)]
    pub(crate) fn double(&mut self, s: &mut Scratch) {
        if self.infinity {
            return;
        }
        // δ = Z², γ = Y², S = 4·X·γ, M = 3·(X − δ)·(X + δ), X3 = M² − 2·S, Y3 = M·(S − X3) − 8·γ², Z3 = 2·Y·Z.
        s.a.set_square(&self.z); // δ
        self.z.mul_assign(&self.y);
        self.z.double_assign(); // Z3
        s.b.set_square(&self.y);
        s.b.double_assign(); // 2γ
        s.c.set_mul(&self.x, &s.b);
        s.c.double_assign(); // S
        s.d.set(&self.x);
        s.d.sub_assign(&s.a); // X − δ
        self.x.add_assign(&s.a); // X + δ
        s.d.mul_assign(&self.x);
        s.a.set(&s.d);
        s.d.add_assign(&s.a);
        s.d.add_assign(&s.a); // M
        s.b.square_assign(); // 4γ²
        self.x.set_square(&s.d);
        self.x.sub_assign(&s.c);
        self.x.sub_assign(&s.c); // X3
        s.c.sub_assign(&self.x); // S − X3
        self.y.set_mul(&s.d, &s.c);
        self.y.sub_assign(&s.b);
        self.y.sub_assign(&s.b); // Y3
    }

    /// The finishing steps shared by both additions, with `self = (U1, S1, Z1·Z2)` (the same point as
    /// before, rescaled), `H = U2 − U1 ≠ 0` in `s.b` and `R = S2 − S1` in `s.c`.
    #[inline(always)]
    fn finish_add(&mut self, s: &mut Scratch) {
        s.a.set_square(&s.b); // H²
        s.d.set_mul(&s.b, &s.a); // H³
        s.a.mul_assign(&self.x); // V = U1·H²
        self.z.mul_assign(&s.b);
        self.y.mul_assign(&s.d); // S1·H³
                                 // X3 = R² − H³ − 2·V
        self.x.set_square(&s.c);
        self.x.sub_assign(&s.d);
        self.x.sub_assign(&s.a);
        self.x.sub_assign(&s.a);
        // Y3 = R·(V − X3) − S1·H³
        s.a.sub_assign(&self.x);
        s.a.mul_assign(&s.c);
        self.y.rsub_assign(&s.a);
    }

    /// `R = ±S2 − S1` into `s.c` (`S2` in `s.c`, `S1` in `self.y`), then the sum, or the special cases when
    /// `H` (in `s.b`) is zero.
    #[inline(always)]
    fn complete_add(&mut self, negate: bool, s: &mut Scratch) {
        if negate {
            s.c.add_assign(&self.y);
            s.c.negate_assign();
        } else {
            s.c.sub_assign(&self.y);
        }
        if s.b.is_zero() {
            self.coincident(s);
        } else {
            self.finish_add(s);
        }
    }

    /// `self = self ± q` for an affine `q` (`negate`: subtract), `7M + 4S`.
    #[inline(never)]
    pub(crate) fn add_affine(&mut self, q: &Affine, negate: bool, s: &mut Scratch) {
        if self.infinity {
            *self = Jacobian::from_affine(q);
            if negate {
                self.y.negate_assign();
            }
            return;
        }
        // U1 = X1, S1 = Y1 (Z2 = 1).
        s.a.set_square(&self.z);
        s.b.set_mul(&q.x, &s.a); // U2
        s.a.mul_assign(&self.z);
        s.c.set_mul(&q.y, &s.a); // S2
        s.b.sub_assign(&self.x); // H
        self.complete_add(negate, s);
    }

    /// `self = self ± q` for a cached Jacobian `q`, `11M + 3S`.
    #[inline(never)]
    pub(crate) fn add_cached(&mut self, q: &Cached, negate: bool, s: &mut Scratch) {
        if self.infinity {
            *self = Jacobian {
                x: q.x,
                y: q.y,
                z: q.z,
                infinity: false,
            };
            if negate {
                self.y.negate_assign();
            }
            return;
        }
        s.a.set_square(&self.z);
        s.b.set_mul(&q.x, &s.a); // U2
        s.a.mul_assign(&self.z);
        s.c.set_mul(&q.y, &s.a); // S2
                                 // (U1, S1, Z1·Z2) = (X1·Z2², Y1·Z2³, Z1·Z2) is self rescaled.
        self.x.mul_assign(&q.zz);
        self.y.mul_assign(&q.zzz);
        self.z.mul_assign(&q.z);
        s.b.sub_assign(&self.x); // H
        self.complete_add(negate, s);
    }

    /// The sum when both points have the same x: twice `self` if the y coordinates agree (`R = 0`, in
    /// `s.c`), infinity otherwise.
    #[cold]
    #[inline(never)]
    fn coincident(&mut self, s: &mut Scratch) {
        if s.c.is_zero() {
            self.double(s);
        } else {
            *self = Jacobian::INFINITY;
        }
    }
}
