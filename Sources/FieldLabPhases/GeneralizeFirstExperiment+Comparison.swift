import FieldLabAnalysis
import Foundation

extension GeneralizeFirstExperiment {
    /// "Against the paper", from the measured slopes: agreement stated only
    /// where the intervals say so.
    func comparison(_ scalings: [Scaling], flow: [Scaling], plan: GeneralizeFirstSweep, quick: Bool) -> String {
        func find(_ kind: RunTimescales.Kind, _ list: [Scaling]) -> Scaling? { list.first { $0.kind == kind } }
        func slope(_ s: Scaling?) -> String {
            guard let s, let f = s.fit else { return "none" }
            return ExperimentFormatting.interval(f.exponent, f.low, f.high)
                + (s.censored > 0 ? " (\(s.censored) of \(s.runs) runs censored)" : "")
        }
        let memKinds: [RunTimescales.Kind] = [.memorization, .logRatio, .fieldCross]
        var t = "Bonnaire et al. find τ_gen independent of n and τ_mem ∝ n, so the window in which a diffusion model "
        t += "generalises before it memorises widens linearly with the training set; Favero et al. find the same "
        t += "τ_mem ∝ n (and ∝ model size). Here (EDM, width \(plan.width), `\(plan.dataset)`, N = \(plan.sizes), "
        t += "\(plan.steps) steps), the log-log slopes against N, in steps and in gradient-flow time Σ lr:\n\n"
        for kind in RunTimescales.Kind.allCases {
            t += "- \(kind.label): \(slope(find(kind, scalings))) in steps; \(slope(find(kind, flow))) in Σ lr.\n"
        }
        let fits = memKinds.compactMap { find($0, scalings)?.fit }
        let flowFits = memKinds.compactMap { find($0, flow)?.fit }
        t += "\n"
        if !fits.isEmpty, fits.allSatisfy({ $0.low > 0 }) {
            t += "Memorise later: yes. Every τ_mem grows with N, by the thresholded 1/3 rule, by its continuous twin and "
            t += "by the field errors, which need no samples at all. "
        } else {
            t += "Memorise later is not clear here: not every τ_mem slope is above 0 within its interval. "
        }
        let containsOne = fits.filter { $0.low <= 1 && 1 <= $0.high }.count
        let above = fits.filter { $0.low > 1 }.count
        if containsOne == fits.count {
            t += "The slopes agree with the papers' τ_mem ∝ N within their intervals. "
        } else if above > 0 {
            t += "But τ_mem grows faster than N in steps: \(above) of \(fits.count) slopes lie above 1 with their whole interval. "
            if flowFits.contains(where: { $0.exponent < fits[0].exponent }) {
                t += "Part of that is the schedule: the cosine decay to 10 % makes late steps slow, and counted in Σ lr "
                t += "the slopes come down (\(flowFits.map { ExperimentFormatting.number($0.exponent) }.joined(separator: ", "))). "
            }
        } else {
            t += "The slopes are below 1: τ_mem grows more slowly than N. "
        }
        for kind in [RunTimescales.Kind.generalization, .generalizationOnset] {
            guard let g = find(kind, scalings)?.fit else { continue }
            if g.low <= 0 && 0 <= g.high {
                t += "\(kind.label) stays flat in N within its interval, as in the papers. "
            } else {
                t += "\(kind.label) does not stay flat: slope \(ExperimentFormatting.interval(g.exponent, g.low, g.high)), "
                t += "smaller than τ_mem's but above 0. "
            }
        }
        if let m = find(.fieldCross, scalings), let g = find(.generalizationOnset, scalings) {
            let windows = m.perSize.compactMap { a in g.perSize.first { $0.n == a.n }.map { (a.n, a.mean / $0.mean) } }
            t += "\n\nThe generalisation window, τ_mem (field errors cross) over the τ_gen onset (geometric means): "
            t += windows.map { "×\(ExperimentFormatting.number($0.1.rounded())) at N = \($0.0)" }.joined(separator: ", ") + ". "
            if let a = windows.first, let b = windows.last, b.1 > a.1 {
                t += "It widens with N, as the papers say, even though τ_gen moves too. "
            }
        }
        if !quick {
        t += "At the smallest N the error against the population field has a sharp dip and rises straight after it, "
        t += "with no stretch of good generalisation; from N ≈ 64 a valley opens and lasts an order of magnitude in "
        t += "steps before the rise. An MLP with tens of thousands of parameters on 8–128 points is far inside the "
        t += "memorising phase of Bonnaire et al.'s (n, p) diagram (n ≪ p), and in every run the network ends closer to its training set's exact field than to the population "
        t += "field. Plainly: 2D shows the ordering (τ_gen before τ_mem in every run) and a window that widens with N; it "
        t += "does not show the papers' laws: τ_mem grows faster than N (slopes ≈ 1.4–1.6, above 1 with their intervals, "
        t += "and still above 1 in Σ lr time) and τ_gen is not flat. Possible reasons: the cosine "
        t += "decay (late steps are slow), the small range of N (just over a decade), and the 2D data, whose "
        t += "nearest-neighbour spacing shrinks as N^(−1/2), so each extra point is closer to the others and needs a "
        t += "sharper field to be copied. The papers train U-Nets on images for up to 10⁶ steps. The averaged network "
        t += "(EMA, warm-up d = (1 + t)/(10 + t)) lags by about t/9 steps until step 9000: a near-constant shift in "
        t += "log time that moves every τ by the same factor and leaves the slopes alone.\n"
        }
        if quick { t += "\n\nThis is the quick variant: two sizes, two seeds, short training; the intervals are wide." }
        return t
    }
}
