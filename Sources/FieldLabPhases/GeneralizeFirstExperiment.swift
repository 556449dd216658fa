import FieldLabAnalysis
import FieldLabCore
import FieldLabExperiments
import FieldLabRender
import Foundation

/// Experiment 3: generalise first, memorise later (Bonnaire, Urfin, Biroli,
/// Mézard 2025; Favero, Sclocchi, Wyart 2025).
///
/// Long EDM runs at a few small N, observables logged over training. Per
/// run: τ_mem, the step at which memorisation sets in (the 1/3-rule ratio
/// reaches 50 %, its continuous twin mean ln(d1/d2) reaches ln(1/3), and the
/// field error against the training set's exact field falls below that
/// against the population field), and τ_gen, the step of the smallest error
/// against the population field. Each against N as a log-log slope
/// (``PowerLawFit``) with a seed-bootstrap interval; the papers expect
/// τ_mem ∝ N (slope 1) and τ_gen flat (slope 0). Runs whose event falls
/// outside the observed steps enter the fit at their bound and are counted.
public struct GeneralizeFirstExperiment: PhaseExperiment {
    public static let name = "generalize-first"
    public static let title = "Generalise first, memorise later: τ_mem and τ_gen against N"
    public static let papers = "Bonnaire, Urfin, Biroli, Mézard 2025, \"Why diffusion models don't memorize\"; Favero, Sclocchi, Wyart 2025, \"Bigger isn't always memorizing\""

    public init() {}

    /// The slope fit of one time scale against N.
    struct Scaling {
        var kind: RunTimescales.Kind
        /// In Σ lr (gradient-flow time) rather than steps.
        var inFlowTime = false
        var fit: PowerLawFit?
        var censored: Int
        var runs: Int
        /// Per N: the geometric mean over seeds, the seeds' range, and
        /// whether every seed there is censored from above (≥ the budget).
        var perSize: [(n: Int, mean: Double, low: Double, high: Double, allCensored: Bool)]
    }

    public func run(_ context: ExperimentContext) throws -> ExperimentOutcome {
        let plan = GeneralizeFirstSweep.plan(quick: context.quick)
        let (sweep, runs) = try plan.run(context)
        _ = try RunFolder.prepare(context.reportFolder)
        let folder = context.reportFolder
        let sizes = Array(Set(runs.map(\.trainSize))).sorted()
        var outcome = ExperimentOutcome()
        let scalings = RunTimescales.Kind.allCases.map { scaling($0, runs: runs) }
        let clock = LearningRateClock(plan.base)
        let flowScalings = RunTimescales.Kind.allCases.map { scaling($0, runs: runs, clock: clock) }
        for s in scalings + flowScalings {
            guard let fit = s.fit else { continue }
            let unit = s.inFlowTime ? " (time in Σ lr)" : ""
            outcome.criticalValues.append(CriticalValue(
                name: "log-log slope of \(s.kind.label) against N\(unit)", value: fit.exponent, low: fit.low, high: fit.high,
                method: "least squares on (ln N, ln τ), seed bootstrap (\(fit.resamples)); \(s.censored) of \(s.runs) runs censored, at their bound"))
            let key = s.kind.rawValue + (s.inFlowTime ? " flow" : "")
            outcome.figures["slope \(key)"] = fit.exponent
            outcome.figures["slope_low \(key)"] = fit.low
            outcome.figures["slope_high \(key)"] = fit.high
        }
        outcome.claims = claims(scalings, runs: runs)

        var report = ExperimentReport(title: "Generalise first, memorise later", papers: Self.papers,
                                      command: context.command, quick: context.quick)
        report.setup = [
            "Data: `\(plan.dataset)`; N = \(sizes.map(String.init).joined(separator: ", ")) training points, \(plan.seeds) seeds (each draws its own set).",
            "EDM, width \(plan.width) (depth 3), \(plan.steps) steps at batch \(plan.batchSize), lr 5e-3 (warm-up, cosine decay to 10 %), EMA 0.999; the observables of the averaged network every \(plan.observeEvery) steps and at \(plan.observePerDecade) log-spaced steps per decade.",
            "Memorisation over training: 512 fixed-seed samples per row by \(plan.observeSolverSteps) Heun steps (the observer's default 6 steps blur small-N copies away); 1/3-rule ratio and its continuous twin, the mean ln(d1/d2).",
            "Field errors: relative squared error of the network's velocity against the exact field of its training set (memorising optimum) and of 10⁶ fresh points (population field), at fixed queries over σ = 0.03, 0.5, 3.",
            "τ_mem: " + [RunTimescales.Kind.memorization, .logRatio, .fieldCross].map { "\($0.label): \($0.definition)" }.joined(separator: "; ") + ". τ_gen: \(RunTimescales.Kind.generalization.definition); its twin, \(RunTimescales.Kind.generalizationOnset.label): \(RunTimescales.Kind.generalizationOnset.definition) (added after the first default run showed the minimum drifting inside a flat valley at large N).",
            "Crossings are looked for from the end of the warm-up (step 100), where the two field errors are no longer equal to within noise; a run already past the level there is censored at ≤ 100, one whose event has not come by the end at ≥ \(plan.steps) (the budget); both enter the slope fit at that bound and are counted in the table.",
        ]
        report.sweepCommands = [sweep.command]
        report.criticalValues = outcome.criticalValues
        report.claims = outcome.claims
        report.tables.append(("times.csv", timesCSV(runs)))
        report.tables.append(("slopes.csv", slopesCSV(scalings + flowScalings)))
        try charts(&report, runs: runs, sizes: sizes, scalings: scalings, plan: plan, folder: folder)
        report.comparison = comparison(scalings, flow: flowScalings, plan: plan, quick: context.quick)
        try report.write(to: folder)
        return outcome
    }

    /// The slope fit of `kind` over the runs, in steps or (with `clock`) in Σ lr.
    func scaling(_ kind: RunTimescales.Kind, runs: [RunTimescales], clock: LearningRateClock? = nil) -> Scaling {
        var x: [Double] = [], y: [Double] = [], late: [Bool] = [], censored = 0
        for r in runs {
            guard let t = r.time(kind), t.steps > 0 else { continue }
            x.append(Double(r.trainSize))
            y.append(clock.map { $0.time(atStep: t.steps) } ?? t.steps)
            late.append(t.censoring == .atLeast)
            if t.censoring != .none { censored += 1 }
        }
        let fit = try? PowerLawFit.fit(CurveSamples(x: x, y: y), resamples: 1000, seed: 0)
        var perSize: [(Int, Double, Double, Double, Bool)] = []
        for n in Array(Set(x)).sorted() {
            let at = x.indices.filter { x[$0] == n }
            let v = at.map { y[$0] }
            let mean = Foundation.exp(v.map { Foundation.log($0) }.reduce(0, +) / Double(v.count))
            perSize.append((Int(n), mean, v.min()!, v.max()!, at.allSatisfy { late[$0] }))
        }
        return Scaling(kind: kind, inFlowTime: clock != nil, fit: fit, censored: censored, runs: x.count, perSize: perSize)
    }

    func claims(_ scalings: [Scaling], runs: [RunTimescales]) -> [ExperimentClaim] {
        var claims: [ExperimentClaim] = []
        func slope(_ s: Scaling) -> String {
            guard let f = s.fit else { return "no fit" }
            return "slope \(ExperimentFormatting.interval(f.exponent, f.low, f.high)), \(s.censored) of \(s.runs) runs censored"
        }
        for s in scalings where !s.kind.isGeneralization {
            guard let f = s.fit else { continue }
            claims.append(ExperimentClaim("\(s.kind.label): grows with N (slope > 0)", holds: f.exponent > 0, detail: slope(s)))
        }
        for s in scalings where !s.kind.isGeneralization {
            guard let f = s.fit else { continue }
            claims.append(ExperimentClaim("\(s.kind.label): τ_mem ∝ N as in the papers (interval holds 1)",
                                          holds: f.low <= 1 && 1 <= f.high, detail: slope(s)))
        }
        for g in scalings where g.kind.isGeneralization {
            guard let f = g.fit else { continue }
            claims.append(ExperimentClaim("\(g.kind.label): stays flat in N as in the papers (interval holds 0)",
                                          holds: f.low <= 0 && 0 <= f.high, detail: slope(g)))
        }
        var first = 0, total = 0
        for r in runs {
            guard let g = r.time(.generalization), let m = r.time(.fieldCross) else { continue }
            total += 1
            if g.steps < m.steps || (g.steps == m.steps && g.censoring == .atMost && m.censoring == .atLeast) { first += 1 }
        }
        claims.append(ExperimentClaim("generalise first: τ_gen comes before τ_mem (field errors cross) in every run",
                                      holds: total > 0 && first == total, detail: "\(first) of \(total) runs"))
        return claims
    }

    func timesCSV(_ runs: [RunTimescales]) -> String {
        var t = "train_size,seed," + RunTimescales.Kind.allCases.flatMap { ["\($0.rawValue)_steps", "\($0.rawValue)_censoring"] }.joined(separator: ",") + "\n"
        for r in runs {
            t += "\(r.trainSize),\(r.seed)"
            for kind in RunTimescales.Kind.allCases {
                let time = r.time(kind)
                t += ",\(time.map { "\($0.steps)" } ?? ""),\(time?.censoring.rawValue ?? "")"
            }
            t += "\n"
        }
        return t
    }

    func slopesCSV(_ scalings: [Scaling]) -> String {
        var t = "timescale,time_unit,slope,low,high,prefactor,runs,censored\n"
        for s in scalings {
            t += "\"\(s.kind.label)\",\(s.inFlowTime ? "sum_lr" : "steps"),\(s.fit.map { "\($0.exponent),\($0.low),\($0.high),\($0.prefactor)" } ?? ",,,"),\(s.runs),\(s.censored)\n"
        }
        return t
    }
}
