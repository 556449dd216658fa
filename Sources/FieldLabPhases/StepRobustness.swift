import FieldLabCore
import FieldLabExperiments
import FieldLabSampling
import Foundation

/// Robustness to the solver's step count: each sweep point's checkpoint
/// resampled with Heun at several step counts, from one prior draw per point
/// (the same latents at every step count), every set scored against the same
/// reference draw.
///
/// Samples stay in the standard frame, where the sweep's own observables
/// measure them (the built-in datasets' standardisation is the identity).
enum StepRobustness {
    struct Row: Sendable {
        var extraDimensions: Double
        var seed: UInt64
        var steps: Int
        /// Network evaluations of the sampler.
        var evaluations: Int
        var score: SampleQuality.Score
    }

    /// The prior's seed of a point's resampling (fixed per training seed).
    static func samplingSeed(_ trainingSeed: UInt64) -> UInt64 { 0x57E9_5000 &+ trainingSeed }

    /// One row per (group, seed, step count), in that order.
    static func measure(_ groups: [ExtraDimensionsPlan.Group], steps: [Int], count: Int, quality: SampleQuality,
                        log: @Sendable (String) -> Void) throws -> [Row] {
        var rows: [Row] = []
        for group in groups {
            for result in group.results.sorted(by: { $0.point.seed < $1.point.seed }) {
                let model = try TrainedModel(contentsOf: group.folder.pointPath(result.id) + "/model.safetensors")
                for n in steps {
                    let options = SamplingOptions(count: count, solver: .heun, steps: n, seed: samplingSeed(result.point.seed))
                    let sampled = Sampler.sample(network: model.network, method: model.method, options: options)
                    rows.append(Row(extraDimensions: group.extraDimensions, seed: result.point.seed, steps: n,
                                    evaluations: sampled.evaluations, score: quality.score(sampled.points)))
                }
            }
            log("pfgm-d: resampled \(group.label) at \(steps.count) step counts")
        }
        return rows
    }

    static func csv(_ rows: [Row]) -> String {
        var t = "extra_dims,seed,solver_steps,nfe,energy_distance,sliced_w2,mode_share,non_finite\n"
        for r in rows {
            t += "\(r.extraDimensions.isInfinite ? "inf" : ExperimentFormatting.number(r.extraDimensions)),\(r.seed),\(r.steps),\(r.evaluations),"
            t += "\(r.score.energyDistance),\(r.score.slicedW2),\(r.score.modeShare.map { "\($0)" } ?? ""),\(r.score.nonFinite)\n"
        }
        return t
    }
}
