import FieldLabAnalysis
import Foundation

extension GeneralizeFirstExperiment {
    /// "Against the paper", from the measured slopes.
    func comparison(_ scalings: [Scaling], runs: [RunTimescales], plan: GeneralizeFirstSweep, quick: Bool) -> String {
        func slope(_ kind: RunTimescales.Kind) -> String {
            guard let s = scalings.first(where: { $0.kind == kind }), let f = s.fit else { return "none" }
            return ExperimentFormatting.interval(f.exponent, f.low, f.high) + (s.censored > 0 ? " (\(s.censored) of \(s.runs) runs censored)" : "")
        }
        var t = "Bonnaire et al. find τ_gen independent of n and τ_mem ∝ n, so the window in which a diffusion model "
        t += "generalises before it memorises widens linearly with the training set; Favero et al. find τ_mem ∝ P. Here "
        t += "(EDM, width \(plan.width), `\(plan.dataset)`, \(plan.steps) steps):\n\n"
        for kind in RunTimescales.Kind.allCases { t += "- \(kind.label): log-log slope \(slope(kind)).\n" }
        if quick { t += "\nThis is the quick variant: two sizes, two seeds, short training; the intervals are wide." }
        return t
    }
}
