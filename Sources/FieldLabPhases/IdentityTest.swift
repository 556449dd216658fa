import FieldLabCore
import FieldLabData
import FieldLabExperiments
import FieldLabMetrics
import Foundation

/// Kadkhodaie et al.'s identity test (ICLR 2024): two networks trained on
/// disjoint training sets of the same size, sampled from the same prior
/// draws. Memorising, each copies its own training points, and the two
/// samples of one draw are different copies, about a nearest-neighbour
/// spacing apart; generalising, both land on the same new point.
///
/// Two seeds of a sweep point are two such networks: their training sets
/// are independent draws of a continuous distribution (disjoint with
/// probability 1), as are their initialisations and minibatches.
enum IdentityTest {
    /// One pair of networks at one training-set size.
    struct Pair: Sendable {
        var trainSize: Int
        /// Mean ‖x_A − x_B‖ over shared prior draws (data units).
        var distance: Double
        /// The same between A's and B's samples of different draws: unrelated points.
        var unrelatedDistance: Double
        /// The median nearest-neighbour spacing of the two training sets (their mean).
        var spacing: Double

        var distanceOverSpacing: Double { distance / spacing }
        var distanceOverUnrelated: Double { distance / unrelatedDistance }
    }

    /// Pairs the seeds of each training-set size in `results` (seed i with
    /// seed i + 1, cyclically when there are more than two) and samples both
    /// networks of a pair from the same `count` prior draws.
    static func pairs(_ results: [SweepPointResult], folder: SweepFolder, count: Int = 512, steps: Int = 18,
                      priorSeed: UInt64 = 20_231_002) throws -> [Pair] {
        var bySize: [Int: [SweepPointResult]] = [:]
        for r in results { if let n = r.point.training.trainSize { bySize[n, default: []].append(r) } }
        var pairs: [Pair] = []
        for n in bySize.keys.sorted() {
            let runs = bySize[n]!.sorted { $0.point.seed < $1.point.seed }
            guard runs.count >= 2 else { continue }
            let samples = try runs.map { try sample($0, folder: folder, count: count, steps: steps, priorSeed: priorSeed) }
            let spacings = try runs.map { r -> Double in
                let training = try PointFile.read(folder.pointPath(r.id) + "/training-set.csv")
                return Memorization.Index(training: training).medianSpacing()
            }
            let combinations = runs.count == 2 ? [(0, 1)] : runs.indices.map { ($0, ($0 + 1) % runs.count) }
            for (a, b) in combinations {
                let xa = samples[a], xb = samples[b]
                var same = 0.0, unrelated = 0.0
                for k in xa.indices {
                    same += distance(xa[k], xb[k])
                    unrelated += distance(xa[k], xb[(k + 1) % xb.count])
                }
                pairs.append(Pair(trainSize: n, distance: same / Double(xa.count),
                                  unrelatedDistance: unrelated / Double(xa.count),
                                  spacing: 0.5 * (spacings[a] + spacings[b])))
            }
        }
        return pairs
    }

    /// The point's network sampled from the shared prior draws, in data units.
    static func sample(_ result: SweepPointResult, folder: SweepFolder, count: Int, steps: Int,
                       priorSeed: UInt64) throws -> [Point] {
        let model = try TrainedModel(contentsOf: folder.pointPath(result.id) + "/model.safetensors")
        let samples = Sampler.sample(network: model.network, method: model.method,
                                     options: SamplingOptions(count: count, solver: .heun, steps: steps, seed: priorSeed))
        return model.standardization.invert(samples.points)
    }

    static func distance(_ a: Point, _ b: Point) -> Double { ((a - b) * (a - b)).sum().squareRoot() }
}
