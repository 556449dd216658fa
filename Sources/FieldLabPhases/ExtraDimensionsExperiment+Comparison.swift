import FieldLabAnalysis
import Foundation

extension ExtraDimensionsExperiment {
    /// "Against the paper": where the measurement agrees, where not, and why.
    func comparison(_ outcome: ExperimentOutcome, plan: ExtraDimensionsPlan, groups: [ExtraDimensionsPlan.Group],
                    headline: [Seeds], quick: Bool) -> String {
        let f = outcome.figures
        func n(_ key: String) -> String { ExperimentFormatting.number(f[key] ?? .nan) }
        let claim = { (prefix: String) in outcome.claims.first { $0.statement.hasPrefix(prefix) } }
        var t = "PFGM++ (CIFAR-10, N = 3072, 35 NFE) reports FID 1.91 at D = 2048, 1.92 at D = 128 and 1.96 at D = 64 "
        t += "against EDM's 1.98, that D → ∞ recovers EDM, and that small D is more robust to estimation errors "
        t += "but harder to train.\n\n"

        t += "**Where it agrees.** "
        if let c = claim("D = 2048 and EDM agree") {
            t += "D = 2048 matches EDM: \(c.holds ? "the" : "but the") Welch interval of the difference of energy distances "
            t += "\(c.holds ? "contains" : "does not contain") 0 at \(plan.headlineSteps) steps "
            t += "(\(n("largest_minus_edm")) [\(n("largest_minus_edm_low")), \(n("largest_minus_edm_high"))]), "
            t += "and it does at \(n("largest_agrees_steps")) of \(n("step_counts")) step counts. "
        }
        if let e1 = f["energy_d1"], e1.isFinite {
            t += "The small-D end is poor: D = 1 (PFGM's field, trained the PFGM++ way) trained to the end in \(n("seeds_d1")) of \(plan.seeds) seeds "
            t += "(the rest diverged), and its energy distance is \(n("energy_d1")) against \(n("energy_d2048")) at D = 2048, "
            t += "with \(ExperimentFormatting.number(100 * (f["modes_d1"] ?? .nan))) % of the samples in the modes. "
        }
        if let m2 = f["modes_d2"], m2.isFinite, let modes = claim("D ≤ 2 is worse than D = 2048 by share in modes"),
           let energy = claim("D ≤ 2 is worse than D = 2048 by energy distance") {
            t += "D = 2 puts \(ExperimentFormatting.number(100 * m2)) % of its samples in the modes against "
            t += "\(ExperimentFormatting.number(100 * (f["modes_d2048"] ?? .nan))) % at D = 2048"
            t += modes.holds ? " (the thresholded metric separates them)" : ""
            t += energy.holds ? ", and the continuous distances agree. " :
                "; by energy distance and sliced W₂ it is worse on average, but within the seed spread. "
        }
        if let few = outcome.claims.first(where: { $0.statement.hasPrefix("at ") }) {
            t += "Robustness goes the paper's way: with very few steps the error falls steadily as D decreases "
            t += "(at the fewest steps energy distance \(n("energy_fewest_d1")) at D = 1, \(n("energy_fewest_d2")) at D = 2, "
            t += "\(n("energy_fewest_d2048")) at D = 2048, \(n("energy_fewest_edm")) for EDM; \(few.holds ? "the" : "but the") "
            t += "difference D = 2 − EDM is \(few.holds ? "" : "not ")significant). Every sampler is still far from the data there; "
            t += "from 8 steps on the curves of D ≥ 3 and EDM coincide, and D ≤ 2 level off higher.\n\n"
        }

        t += "**Where it does not.** "
        if let b = f["best_d"], let lo = f["best_d_low"], let hi = f["best_d_high"],
           let k = groups.firstIndex(where: { $0.extraDimensions == b }), let e = groups.firstIndex(where: \.isEDM),
           let versus = MeanDifference(headline[k].energy, headline[e].energy) {
            t += versus.containsZero ? "No D beats EDM here. " : (versus.high < 0 ? "The best D beats EDM here. " : "EDM beats every D here. ")
            t += "The best D by energy distance is \(ExperimentFormatting.interval(b, lo, hi)); its difference to EDM "
            t += "(\(n("energy_edm"))) is \(ExperimentFormatting.interval(versus.difference, versus.low, versus.high)) (Welch 95 %), "
            t += "and the bootstrap interval of the best D spans nearly the whole grid. The paper's gains between D are a few "
            t += "per cent of FID; the seed spread of a 2D toy at this budget is tens of per cent of the distance or more, so this "
            t += "experiment cannot resolve them. The paper's best D is of order 10⁻² to 1 times N (128 of 12 288 on FFHQ, "
            t += "2048 of 3072 on CIFAR-10); in 2D that would be D of order 1, exactly where the perturbation's second moment "
            t += "is infinite (D ≤ 2) and where training diverged or came out worst. The benefit the paper finds for "
            t += "intermediate D is presumably a high-dimensional one; with N = 2 the only visible effect of D is the heavy tail at "
            t += "small D, which costs accuracy with enough steps and, in this measurement, helps with too few."
        }
        if quick { t += "\n\nThis is the quick variant: few D values, short training and 3 seeds; the intervals are wide." }
        return t
    }
}
