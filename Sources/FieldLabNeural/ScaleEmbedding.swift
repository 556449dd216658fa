import Foundation
import FieldLabCore

/// Features of the conditioning scalar `c` fed to the network next to the point.
///
/// - `sinusoidal`: `[sin(ω_k c), cos(ω_k c)]` with `frequencyCount` angular
///   frequencies spaced geometrically from `minFrequency` to `maxFrequency`
///   (the transformer / DDPM positional embedding, on a continuous input).
/// - `fourier`: `[sin(2π f_k c), cos(2π f_k c)]` with `f_k ~ N(0, scale²)` drawn
///   once from `seed` (random Fourier features, Tancik et al. 2020; EDM's
///   `FourierEmbedding`).
public enum ScaleEmbedding: Codable, Sendable, Equatable {
    case sinusoidal(frequencyCount: Int = 8, minFrequency: Double = 1, maxFrequency: Double = 64)
    case fourier(frequencyCount: Int = 8, scale: Double = 4, seed: UInt64 = 0)

    /// Number of features (two per frequency; no frequencies are drawn).
    public var featureCount: Int {
        switch self {
        case let .sinusoidal(n, _, _), let .fourier(n, _, _): 2 * max(0, n)
        }
    }

    /// Angular frequencies ω_k, so that the features are sin(ω_k c), cos(ω_k c).
    public var frequencies: [Double] {
        switch self {
        case let .sinusoidal(n, lo, hi):
            guard n > 1 else { return n == 1 ? [lo] : [] }
            return (0..<n).map { lo * pow(hi / lo, Double($0) / Double(n - 1)) }
        case let .fourier(n, scale, seed):
            var rng = SeededGenerator(seed: seed)
            return (0..<n).map { _ in 2 * Double.pi * scale * rng.nextGaussian() }
        }
    }

    /// A short name for tables and metadata.
    public var name: String {
        switch self {
        case .sinusoidal: "sinusoidal"
        case .fourier: "fourier"
        }
    }
}
