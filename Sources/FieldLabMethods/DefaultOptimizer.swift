/// The optimiser settings a method trains with when none are given: Adam's
/// peak learning rate, the EMA decay of the weights that sample, and the end
/// of the cosine decay as a fraction of the peak.
public struct DefaultOptimizer: Sendable, Equatable {
    public var learningRate: Double
    public var emaDecay: Double
    public var learningRateFloor: Double

    public init(learningRate: Double, emaDecay: Double, learningRateFloor: Double) {
        self.learningRate = learningRate
        self.emaDecay = emaDecay
        self.learningRateFloor = learningRateFloor
    }

    /// What every method trained with before the tuning (and EDM and PFGM++
    /// still do: `notebooks-exported/tuning/` found nothing better for them).
    public static let standard = DefaultOptimizer(learningRate: 5e-3, emaDecay: 0.999, learningRateFloor: 0.1)
}
