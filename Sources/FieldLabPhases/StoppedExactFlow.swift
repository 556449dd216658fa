import FieldLabCore
import FieldLabMethods
import FieldLabSampling

/// The exact EDM flow of a training set, stopped at a list of noise levels:
/// at each σ_stop the ideal denoiser's output D*(x(σ_stop); σ_stop), the
/// point the flow would jump to if it ended there with EDM's last step.
///
/// One trajectory per sample serves every σ_stop: 18 Karras steps from σ_max
/// to the largest stop, then a few log-spaced Heun steps between neighbouring
/// stops. Below the collapse noise D* returns (nearly) one training point,
/// above it a weighted blend of several: the memorisation ratio of the
/// outputs against σ_stop is the collapse curve of Biroli et al. (2024).
struct StoppedExactFlow {
    /// Karras steps from σ_max to the first (largest) stop.
    var stepsToFirst = 18
    /// Log-spaced Heun steps between two neighbouring stops.
    var stepsBetween = 2

    /// D*(x(σ); σ) for each σ in `stops` (decreasing, all > 0), `count`
    /// samples from the prior drawn with `seed`.
    func denoised(training: [Point], stops: [Double], count: Int, seed: UInt64) -> [[Point]] {
        precondition(!stops.isEmpty && zip(stops, stops.dropFirst()).allSatisfy { $0 > $1 } && stops.last! > 0,
                     "stops must be positive and decreasing")
        let method = EDMDiffusion(parameters: ImageModelConstants.edm)  // the report's constants (σ_max = 80, ρ = 7)
        var field = ExactField(method: method, trainingPoints: training)
        var rng = SeededGenerator(seed: seed)
        var x = method.samplePrior(count: count, using: &rng)
        var solver = Heun()
        var outputs: [[Point]] = []
        var previous = method.sigmaMax
        for (k, stop) in stops.enumerated() {
            let grid = k == 0 ? TimeGrid.karras(steps: stepsToFirst, sigmaMax: previous, sigmaMin: stop, rho: method.rho)
                              : TimeGrid.logUniform(from: previous, to: stop, steps: stepsBetween)
            x = integrate(&field, solver: &solver, from: x, grid: grid).final
            outputs.append(field.denoise(x, time: stop).points)
            previous = stop
        }
        return outputs
    }
}
