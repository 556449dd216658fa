import FieldLabExperiments
import FieldLabMethods

extension TrainingConfiguration {
    /// These settings with the optimiser every method had before the tuning
    /// (``ImageModelConstants/optimizer``), whatever the method's defaults are
    /// now: the phase experiments' sweeps write it out, as they write out the
    /// method constants, so that their reports stay reproducible.
    var withImageModelOptimizer: TrainingConfiguration {
        var copy = self
        copy.learningRate = ImageModelConstants.optimizer.learningRate
        copy.emaDecay = ImageModelConstants.optimizer.emaDecay
        copy.learningRateFloor = ImageModelConstants.optimizer.learningRateFloor
        return copy
    }
}
