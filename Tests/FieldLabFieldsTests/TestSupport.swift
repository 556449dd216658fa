import Foundation
import FieldLabCore
import FieldLabFields

/// |actual − expected| ≤ absolute + relative·|expected|.
func isClose(_ actual: Double, _ expected: Double, relative: Double = 1e-12, absolute: Double = 0) -> Bool {
    abs(actual - expected) <= absolute + relative * abs(expected)
}

func norm(_ p: Point) -> Double { (p * p).sum().squareRoot() }

/// Two interleaved half-moons with a little noise, centred and scaled to
/// about unit spread (a stand-in for the Data layer's "moons").
func moons(_ count: Int, seed: UInt64) -> [Point] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { i in
        let t = Double.pi * generator.nextUniform()
        let arc = i % 2 == 0 ? Point(cos(t), sin(t)) : Point(1 - cos(t), 0.5 - sin(t))
        let (a, b) = generator.nextGaussianPair()
        return (arc + 0.05 * Point(a, b) - Point(0.5, 0.25)) / 0.8
    }
}

/// Queries where a sampler meets the kernel: a training point perturbed by the
/// kernel itself (y + σε for the Gaussian; for PFGM++ a radius
/// R = r·√(b/(1−b)), b ~ Beta(1, D/2), in a uniform direction).
func perturbedQueries(_ points: [Point], kernel: FieldKernel, count: Int, seed: UInt64) -> [Point] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in
        let y = points[generator.nextIndex(below: points.count)]
        switch kernel {
        case .gaussian(let sigma):
            let (a, b) = generator.nextGaussianPair()
            return y + sigma * Point(a, b)
        case .poisson(let r, let d):
            let beta = min(generator.nextBeta(1, d / 2), 1 - 1e-12)
            let radius = r * (beta / (1 - beta)).squareRoot()
            let angle = 2 * Double.pi * generator.nextUniform()
            return y + radius * Point(cos(angle), sin(angle))
        }
    }
}

/// The plain textbook sum, written independently of the library: log-weights
/// from the kernel's formula, shifted by their maximum, then one weighted mean.
func referenceDenoise(_ x: Point, points: [Point], kernel: FieldKernel) -> Point {
    let logWeights = points.map { y -> Double in
        let u = x - y, s = (u * u).sum()
        switch kernel {
        case .gaussian(let sigma): return -s / (2 * sigma * sigma)
        case .poisson(let r, let d): return -(2 + d) / 2 * log(s + r * r)
        }
    }
    let top = logWeights.max()!
    var total = 0.0, mean = Point.zero
    for (w, y) in zip(logWeights, points) {
        let weight = exp(w - top)
        total += weight
        mean += weight * y
    }
    return mean / total
}

/// ‖v − v_ref‖ / max(‖v_ref‖, 1) for velocities v = (x − D)/scale: relative
/// error, measured absolutely where the velocity is below its typical size 1.
func velocityError(query x: Point, denoised: Point, reference: Point, scale: Double) -> Double {
    let v = (x - reference) / scale
    let error = (denoised - reference) / scale
    return norm(error) / max(norm(v), 1)
}
