import Foundation
import FieldLabCore

/// One point of each recipe in FFJORD's raw units (see the cases of
/// ``ToyDataset`` for the formulas and their sources).
extension ToyDataset {
    func rawPoint(using rng: inout SeededGenerator) -> Point {
        switch self {
        case .moons: return Self.moon(using: &rng)
        case .eightGaussians: return Self.eightGaussian(using: &rng)
        case .checkerboard: return Self.checker(using: &rng)
        case .swissroll: return Self.swissRoll(using: &rng)
        case .twoSpirals: return Self.spiral(using: &rng)
        case .rings: return Self.ring(using: &rng)
        case .pinwheel: return Self.pinwheelArm(using: &rng)
        case .gaussian: return Self.gaussianPoint(using: &rng)
        }
    }

    private static func gaussianPoint(using rng: inout SeededGenerator) -> Point {
        let (a, b) = rng.nextGaussianPair()
        return Point(a, b)
    }

    private static func moon(using rng: inout SeededGenerator) -> Point {
        let upper = rng.nextIndex(below: 2) == 0
        let theta = Double.pi * rng.nextUniform()
        let c = cos(theta), s = sin(theta)
        let arc = upper ? Point(c, s) : Point(1 - c, 0.5 - s)
        return 2 * (arc + 0.1 * gaussianPoint(using: &rng)) + Point(-1, -0.2)
    }

    private static func eightGaussian(using rng: inout SeededGenerator) -> Point {
        let angle = Double(rng.nextIndex(below: 8)) * Double.pi / 4
        let centre = 4 * Point(cos(angle), sin(angle))
        return (centre + 0.5 * gaussianPoint(using: &rng)) / 1.414
    }

    private static func checker(using rng: inout SeededGenerator) -> Point {
        let x1 = 4 * rng.nextUniform() - 2
        let column = Int(x1.rounded(.down))
        let parity = Double(((column % 2) + 2) % 2)          // Python's non-negative `%`
        let x2 = rng.nextUniform() - 2 * Double(rng.nextIndex(below: 2)) + parity
        return 2 * Point(x1, x2)
    }

    private static func swissRoll(using rng: inout SeededGenerator) -> Point {
        let t = 1.5 * Double.pi * (1 + 2 * rng.nextUniform())
        return (Point(t * cos(t), t * sin(t)) + gaussianPoint(using: &rng)) / 5
    }

    private static func spiral(using rng: inout SeededGenerator) -> Point {
        let n = rng.nextUniform().squareRoot() * 3 * Double.pi
        let arm = Point(-cos(n) * n + 0.5 * rng.nextUniform(), sin(n) * n + 0.5 * rng.nextUniform())
        let sign: Double = rng.nextIndex(below: 2) == 0 ? 1 : -1
        return sign * arm / 3 + 0.1 * gaussianPoint(using: &rng)
    }

    private static func ring(using rng: inout SeededGenerator) -> Point {
        let radius = 3 * (1 - 0.25 * Double(rng.nextIndex(below: 4)))
        let angle = 2 * Double.pi * rng.nextUniform()
        return radius * Point(cos(angle), sin(angle)) + 0.08 * gaussianPoint(using: &rng)
    }

    private static func pinwheelArm(using rng: inout SeededGenerator) -> Point {
        let arm = Double(rng.nextIndex(below: 5))
        let (e1, e2) = rng.nextGaussianPair()
        let f = Point(1 + 0.3 * e1, 0.1 * e2)
        let a = 2 * Double.pi * arm / 5 + 0.25 * exp(f.x)
        let c = cos(a), s = sin(a)
        return 2 * Point(f.x * c + f.y * s, -f.x * s + f.y * c)
    }
}
