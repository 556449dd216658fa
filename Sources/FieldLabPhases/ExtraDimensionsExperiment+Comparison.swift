import FieldLabAnalysis
import Foundation

extension ExtraDimensionsExperiment {
    /// "Against the paper": where the measurement agrees, where not, and why.
    func comparison(_ outcome: ExperimentOutcome, groups: [ExtraDimensionsPlan.Group], headline: [Seeds],
                    quick: Bool) -> String {
        var t = "PFGM++ reports on CIFAR-10 (N = 3072) that FID improves from EDM (1.98) to D = 2048 (1.91) and D = 128 (1.92), "
        t += "that D = 2048 is practically EDM, and that small D is more robust to estimation errors but harder to train. "
        if let b = outcome.figures["best_d"], let lo = outcome.figures["best_d_low"], let hi = outcome.figures["best_d_high"] {
            t += "Here (N = 2) the best D by energy distance is \(ExperimentFormatting.interval(b, lo, hi)). "
        }
        if quick { t += "\n\nThis is the quick variant: few D values and short training; the intervals are wide." }
        return t
    }
}
