import Foundation

/// A fast, seedable pseudo-random generator (xoshiro256**, Blackman & Vigna 2018),
/// seeded through SplitMix64 so that any 64-bit seed gives a well-mixed state.
///
/// Everything random in FieldLab draws from one of these, passed `inout`, so
/// the same seed gives the same output.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var sm = seed
        func splitMix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(&sm); s1 = splitMix(&sm); s2 = splitMix(&sm); s3 = splitMix(&sm)
    }

    /// The generator's position: its four state words. A generator made with
    /// ``init(state:)`` from them continues the same stream (a resumed run).
    public var state: [UInt64] { [s0, s1, s2, s3] }

    /// The generator at a saved position (see ``state``); nil unless there
    /// are four words, not all zero (xoshiro's one forbidden state).
    public init?(state: [UInt64]) {
        guard state.count == 4, state.contains(where: { $0 != 0 }) else { return nil }
        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3])
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }

    /// An independent generator for sub-stream `stream` (e.g. one per thread or
    /// per purpose), derived deterministically from this generator's next output.
    public mutating func fork(stream: UInt64 = 0) -> SeededGenerator {
        SeededGenerator(seed: next() ^ (stream &* 0xD1B5_4A32_D192_ED03))
    }
}

extension RandomNumberGenerator {
    /// Uniform in [0, 1) with 53 random bits.
    @inlinable public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in (0, 1): never exactly 0, safe under `log`.
    @inlinable public mutating func nextOpenUniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// A standard normal draw (Box–Muller).
    @inlinable public mutating func nextGaussian() -> Double {
        let u1 = nextOpenUniform(), u2 = nextUniform()
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    /// Two independent standard normal draws (both halves of Box–Muller).
    @inlinable public mutating func nextGaussianPair() -> (Double, Double) {
        let u1 = nextOpenUniform(), u2 = nextUniform()
        let r = (-2 * Foundation.log(u1)).squareRoot()
        let a = 2 * Double.pi * u2
        return (r * Foundation.cos(a), r * Foundation.sin(a))
    }

    /// A Gamma(shape, 1) draw (Marsaglia & Tsang 2000; shape < 1 by boosting).
    public mutating func nextGamma(shape: Double) -> Double {
        precondition(shape > 0, "Gamma shape must be positive")
        if shape < 1 {
            let u = nextOpenUniform()
            return nextGamma(shape: shape + 1) * Foundation.pow(u, 1 / shape)
        }
        let d = shape - 1.0 / 3.0, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat {
                x = nextGaussian()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = nextOpenUniform()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if Foundation.log(u) < 0.5 * x * x + d * (1 - v + Foundation.log(v)) { return d * v }
        }
    }

    /// A Beta(a, b) draw, as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
    public mutating func nextBeta(_ a: Double, _ b: Double) -> Double {
        let x = nextGamma(shape: a), y = nextGamma(shape: b)
        return x / (x + y)
    }

    /// A uniformly random index in `0..<n`.
    @inlinable public mutating func nextIndex(below n: Int) -> Int {
        Int(next(upperBound: UInt64(n)))
    }

    /// A partial Fisher–Yates shuffle: afterwards `elements[..<count]` is a
    /// uniformly random `count`-subset of the elements, in random order (the
    /// rest is left in some order). One draw per position, so the same
    /// generator state always picks the same subset.
    public mutating func shuffle<T>(_ elements: inout [T], first count: Int) {
        precondition(count >= 0 && count <= elements.count, "cannot shuffle \(count) of \(elements.count) elements")
        for i in 0..<count { elements.swapAt(i, i + nextIndex(below: elements.count - i)) }
    }
}
