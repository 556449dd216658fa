import FieldLabCore

/// The built-in 2D toy distributions, each standardised to mean 0 and unit
/// isotropic scale.
///
/// The recipes are FFJORD's (`rtqichen/ffjord`, `lib/toy_data.py`, Grathwohl et
/// al. 2019), the common source of these shapes in the flow-matching and
/// diffusion literature. Each one is drawn in FFJORD's raw units and then mapped
/// to the standard frame by ``recipeFrame``: subtract the *population* mean and
/// divide both axes by one common scale `√((var_x + var_y)/2)`, so that shapes
/// are not distorted and W2 values are comparable across datasets. The
/// constants are exact integrals of each recipe (derivations below), not sample
/// estimates, so standardisation never depends on the sample drawn.
///
/// One deliberate change from FFJORD and scikit-learn: where they place points
/// at evenly spaced angles or give each class exactly `n / k` points (moons,
/// rings, pinwheel, 2spirals), these draw every point independently (uniform
/// angle, uniform class). Every sample is then an i.i.d. sample of one fixed
/// distribution, of any size, which the metrics' noise floors assume.
public enum ToyDataset: String, CaseIterable, Sendable {
    /// Two interleaved half circles (scikit-learn `make_moons`, noise 0.1).
    ///
    /// θ ~ U[0, π), a fair coin picks the upper moon `(cos θ, sin θ)` or the
    /// lower moon `(1 − cos θ, ½ − sin θ)`, plus N(0, 0.1² I) noise; FFJORD then
    /// maps p → 2p + (−1, −0.2). Population moments in sklearn units:
    /// mean (½, ¼); var_x = ¾ + 0.01, var_y = 0.5725 − 1/π.
    /// Standardisation (FFJORD units): mean (0, 0.3),
    /// scale 2·√((1.3325 − 1/π)/2) ≈ 1.42421.
    case moons
    /// Eight Gaussian modes on a circle.
    ///
    /// A uniform mode k ∈ 0..<8 with centre 4·(cos kπ/4, sin kπ/4), plus
    /// N(0, 0.5² I), all divided by 1.414: radius 4/1.414 ≈ 2.83, per-mode std
    /// 0.5/1.414 ≈ 0.354 in FFJORD units. Mean 0 by symmetry; per-axis variance
    /// (4² · ½ + 0.5²)/1.414² = 8.25/1.414². Standardisation: mean 0,
    /// scale √8.25/1.414 ≈ 2.0313; in the standard frame the centres lie at
    /// radius 4/√8.25 ≈ 1.3926 with per-mode std 0.5/√8.25 ≈ 0.1741.
    case eightGaussians = "8gaussians"
    /// Eight black squares of a 4 × 4 checkerboard.
    ///
    /// x₁ ~ U[−2, 2), x₂ = U[0, 1) − 2·Bernoulli(½) + (⌊x₁⌋ mod 2), then ×2: the
    /// cells (i, j) = (⌊x₁⌋, ⌊x₂⌋) with i + j even, each with density 1/32 in
    /// FFJORD units. Both coordinates have mean 0 and variance 4/3 (before ×2).
    /// Standardisation: mean 0, scale 2·√(4/3) ≈ 2.3094; the board then spans
    /// ±√3 with squares of side √3/2.
    case checkerboard
    /// A noisy 2D swiss roll (scikit-learn `make_swiss_roll`, noise 1.0, ÷5).
    ///
    /// t ~ U[1.5π, 4.5π), point (t cos t, t sin t) + N(0, I), then ÷5.
    /// Integrals over t give mean (2, 2/(3π)) and
    /// (var_x + var_y)/2 = 4.875π² − 1 − 2/(9π²) before ÷5.
    /// Standardisation (FFJORD units): mean (0.4, 2/(15π) ≈ 0.04244),
    /// scale √(4.875π² − 1 − 2/(9π²))/5 ≈ 1.37247.
    case swissroll
    /// Two interleaved spiral arms.
    ///
    /// n = 3π·√u (u ~ U[0, 1), 540° of turn), arm
    /// (−n cos n + ½u′, n sin n + ½u″), mirrored through the origin by a fair
    /// coin, divided by 3, plus N(0, 0.1² I). Mean 0 by the mirror symmetry;
    /// with n's density 2n/(3π)² the arm's second moments sum to
    /// 4.5π² + 7/6 + 2/(3π) − 4/(9π²). Standardisation: mean 0,
    /// scale √((4.5π² + 7/6 + 2/(3π) − 4/(9π²))/18 + 0.01) ≈ 1.59734.
    case twoSpirals = "2spirals"
    /// Four concentric rings.
    ///
    /// A uniform ring k ∈ 0..<4 of radius 3·(1 − k/4) ∈ {3, 2.25, 1.5, 0.75}, a
    /// uniform angle, plus N(0, 0.08² I). Mean 0; per-axis variance
    /// E[r²]/2 + 0.08² = 4.21875/2 + 0.0064. Standardisation: mean 0,
    /// scale √2.115775 ≈ 1.45457 (radii ≈ 2.0625, 1.5469, 1.0313, 0.5156).
    case rings
    /// Five curved arms of a pinwheel.
    ///
    /// A uniform arm k ∈ 0..<5 and a feature f = (1 + 0.3ε₁, 0.1ε₂); angle
    /// a = 2πk/5 + 0.25·exp(f₁); the point is f rotated by −a,
    /// (f₁ cos a + f₂ sin a, −f₁ sin a + f₂ cos a), then ×2. Rotations keep
    /// ‖f‖² (mean 1.09 + 0.01) and the five-fold symmetry makes the mean 0 and
    /// the covariance isotropic. Standardisation: mean 0, scale 2·√0.55 ≈ 1.48324.
    case pinwheel
    /// The standard normal N(0, I): already standard (identity map), for
    /// checks against closed forms.
    case gaussian

    /// One line for `fieldlab data --list`.
    public var summary: String {
        switch self {
        case .moons: "two interleaved half circles with Gaussian noise 0.1 (sklearn make_moons)"
        case .eightGaussians: "8 Gaussian modes evenly spaced on a circle"
        case .checkerboard: "uniform on the 8 black squares of a 4×4 checkerboard"
        case .swissroll: "a noisy 2D swiss roll (sklearn make_swiss_roll, noise 1.0)"
        case .twoSpirals: "two interleaved spiral arms of 540° with noise 0.1"
        case .rings: "4 concentric noisy rings of equal mass"
        case .pinwheel: "5 curved Gaussian arms of a pinwheel"
        case .gaussian: "the standard normal N(0, I), for analytic checks"
        }
    }

    /// The built-in dataset called `name` (its raw value, e.g. `8gaussians`).
    ///
    /// - Throws: ``DataError/unknownDataset(_:)`` when no built-in has that name.
    public static func named(_ name: String) throws -> ToyDataset {
        guard let dataset = ToyDataset(rawValue: name) else { throw DataError.unknownDataset(name) }
        return dataset
    }

    /// `count` independent points from the distribution, in the standard frame.
    ///
    /// The same generator state gives the same points.
    public func sample(count: Int, using rng: inout SeededGenerator) -> [Point] {
        precondition(count >= 0, "sample count must be non-negative, got \(count)")
        let frame = recipeFrame
        var points = [Point]()
        points.reserveCapacity(count)
        for _ in 0..<count {
            points.append((rawPoint(using: &rng) - frame.mean) / frame.scale)
        }
        return points
    }

    /// The map from this recipe's raw (FFJORD) units to the standard frame:
    /// `standard = recipeFrame.apply(raw)`. Its `invert` gives back FFJORD's
    /// coordinates, for comparing with numbers published in those units.
    public var recipeFrame: Standardization {
        let pi = Double.pi
        switch self {
        case .moons:
            return Standardization(mean: Point(0, 0.3),
                                   scale: 2 * ((1.3325 - 1 / pi) / 2).squareRoot())
        case .eightGaussians:
            return Standardization(mean: .zero, scale: 8.25.squareRoot() / 1.414)
        case .checkerboard:
            return Standardization(mean: .zero, scale: 2 * (4.0 / 3).squareRoot())
        case .swissroll:
            return Standardization(mean: Point(0.4, 2 / (15 * pi)),
                                   scale: (4.875 * pi * pi - 1 - 2 / (9 * pi * pi)).squareRoot() / 5)
        case .twoSpirals:
            let armMoments = 4.5 * pi * pi + 7.0 / 6 + 2 / (3 * pi) - 4 / (9 * pi * pi)
            return Standardization(mean: .zero, scale: (armMoments / 18 + 0.01).squareRoot())
        case .rings:
            return Standardization(mean: .zero, scale: (4.21875 / 2 + 0.08 * 0.08).squareRoot())
        case .pinwheel:
            return Standardization(mean: .zero, scale: 2 * 0.55.squareRoot())
        case .gaussian:
            return .identity
        }
    }
}
