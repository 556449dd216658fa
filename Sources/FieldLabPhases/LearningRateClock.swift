import FieldLabExperiments
import Foundation

/// Training time as gradient flow sees it: the learning rate summed over the
/// steps taken, Σ_{s < k} lr(s), for a run's schedule (warm-up, cosine decay
/// to 10 %). Theories of τ_mem (Bonnaire et al. 2025) count gradient-flow
/// time at a constant rate; in steps, the decay stretches late events.
struct LearningRateClock: Sendable {
    /// prefix[k] = Σ_{s < k} lr(s), k = 0 … steps.
    let prefix: [Double]

    init(_ configuration: TrainingConfiguration) {
        var prefix = [0.0]
        prefix.reserveCapacity(configuration.steps + 1)
        for s in 0..<configuration.steps { prefix.append(prefix[s] + configuration.learningRate(at: s)) }
        self.prefix = prefix
    }

    /// Σ lr after `step` steps (fractional steps interpolated linearly; clamped to the run).
    func time(atStep step: Double) -> Double {
        let x = min(max(step, 0), Double(prefix.count - 1))
        let k = Int(x.rounded(.down))
        guard k + 1 < prefix.count else { return prefix[k] }
        return prefix[k] + (x - Double(k)) * (prefix[k + 1] - prefix[k])
    }
}
