import FieldLabAnalysis
import FieldLabCore
import FieldLabData
import FieldLabExperiments
import FieldLabRender
import Foundation

/// Experiment 5: PFGM++ and its extra dimensions D (Xu et al. 2023). Poisson
/// flow trained at D = 1…2048 and EDM (D = ∞) on one budget and seeds; each
/// checkpoint resampled at 4…32 Heun steps and scored against one fixed
/// fresh draw. It reports the best D with a seed-bootstrap interval, quality
/// against D, robustness against the step count, and whether D = 2048
/// matches EDM within the seed spread (the paper's D → ∞ limit).
public struct ExtraDimensionsExperiment: PhaseExperiment {
    public static let name = "pfgm-d"
    public static let title = "PFGM++: quality and robustness against the extra dimensions D"
    public static let papers = "Xu, Liu, Tian, Tong, Tegmark, Jaakkola 2023, \"PFGM++: Unlocking the potential of physics-inspired generative models\""

    public init() {}

    /// Seed values of one group at one step count.
    struct Seeds {
        var energy: [Double] = []
        var sliced: [Double] = []
        var modes: [Double] = []
        var nonFinite = 0
    }

    public func run(_ context: ExperimentContext) throws -> ExperimentOutcome {
        let plan = ExtraDimensionsPlan.plan(quick: context.quick)
        let runs = try plan.run(context)
        guard let dataset = ToyDataset(rawValue: plan.dataset) else { throw ExperimentError.missingResults("dataset \(plan.dataset)") }
        _ = try RunFolder.prepare(context.reportFolder)
        let quality = SampleQuality(dataset: dataset, count: plan.sampleCount)
        let rows = try StepRobustness.measure(runs.groups, steps: plan.solverSteps, count: plan.sampleCount,
                                              quality: quality, log: context.log)
        func seeds(_ group: ExtraDimensionsPlan.Group, steps: Int) -> Seeds {
            var s = Seeds()
            for r in rows where r.extraDimensions == group.extraDimensions && r.steps == steps {
                s.energy.append(r.score.energyDistance)
                s.sliced.append(r.score.slicedW2)
                if let m = r.score.modeShare { s.modes.append(m) }
                s.nonFinite += r.score.nonFinite
            }
            return s
        }
        let headline = runs.groups.map { seeds($0, steps: plan.headlineSteps) }
        let finite = runs.groups.indices.filter { !runs.groups[$0].isEDM && !headline[$0].energy.isEmpty }
        guard let edmIndex = runs.groups.firstIndex(where: \.isEDM), let largest = finite.last, !finite.isEmpty else {
            throw ExperimentError.missingResults("no finished Poisson-flow or EDM point")
        }

        var outcome = ExperimentOutcome()
        // Best D, by each continuous metric.
        let dValues = finite.map { runs.groups[$0].extraDimensions }
        func bySeed(_ metric: (SampleQuality.Score) -> Double) -> [[Double?]] {
            finite.map { k in (0..<plan.seeds).map { j in
                rows.first { $0.extraDimensions == runs.groups[k].extraDimensions && $0.steps == plan.headlineSteps && $0.seed == UInt64(j) }
                    .map { metric($0.score) }
            } }
        }
        let best = ArgminBootstrap(settings: dValues, values: bySeed(\.energyDistance))
        let bestSliced = ArgminBootstrap(settings: dValues, values: bySeed(\.slicedW2))
        let method = "smallest seed mean at \(plan.headlineSteps) Heun steps; interval: 2.5–97.5 % of the best D over 2000 paired seed-bootstrap resamples"
        outcome.criticalValues.append(CriticalValue(name: "best D (energy distance)", value: best.best, low: best.low, high: best.high, method: method))
        outcome.criticalValues.append(CriticalValue(name: "best D (sliced W₂)", value: bestSliced.best, low: bestSliced.low, high: bestSliced.high, method: method))
        outcome.figures["best_d"] = best.best
        outcome.figures["best_d_low"] = best.low
        outcome.figures["best_d_high"] = best.high

        // D = largest vs EDM.
        let dMax = runs.groups[largest].extraDimensions
        let versus = MeanDifference(headline[largest].energy, headline[edmIndex].energy)
        let spread = { (v: [Double]) in MeanInterval(v).map { ExperimentFormatting.interval($0.mean, $0.low, $0.high) } ?? "–" }
        if let versus {
            outcome.figures["largest_minus_edm"] = versus.difference
            outcome.figures["largest_minus_edm_low"] = versus.low
            outcome.figures["largest_minus_edm_high"] = versus.high
            outcome.criticalValues.append(CriticalValue(name: "energy distance, D = \(ExperimentFormatting.number(dMax)) − EDM",
                                                        value: versus.difference, low: versus.low, high: versus.high,
                                                        method: "difference of seed means, Welch t interval (ν = \(ExperimentFormatting.number(versus.degreesOfFreedom)))"))
        }
        outcome.claims.append(ExperimentClaim(
            "D = \(ExperimentFormatting.number(dMax)) and EDM agree within their seed spread",
            holds: versus?.containsZero ?? false,
            detail: "energy distance at \(plan.headlineSteps) steps: D = \(ExperimentFormatting.number(dMax)) \(spread(headline[largest].energy)), EDM \(spread(headline[edmIndex].energy)); difference " +
                (versus.map { ExperimentFormatting.interval($0.difference, $0.low, $0.high) } ?? "not computable (fewer than 2 seeds)")))
        outcome.claims += smallDClaims(runs.groups, headline, largest: largest)
        // D = largest against EDM at every step count.
        let agreeing = plan.solverSteps.filter { n in
            MeanDifference(seeds(runs.groups[largest], steps: n).energy, seeds(runs.groups[edmIndex], steps: n).energy)?.containsZero ?? false
        }
        outcome.figures["largest_agrees_steps"] = Double(agreeing.count)
        outcome.figures["step_counts"] = Double(plan.solverSteps.count)
        func mean(_ v: [Double]) -> Double { MeanInterval(v)?.mean ?? .nan }
        for (k, g) in runs.groups.enumerated() {
            let key = g.isEDM ? "edm" : "d\(ExperimentFormatting.number(g.extraDimensions))"
            outcome.figures["energy_\(key)"] = mean(headline[k].energy)
            outcome.figures["modes_\(key)"] = mean(headline[k].modes)
            outcome.figures["seeds_\(key)"] = Double(headline[k].energy.count)
            if let fewest = plan.solverSteps.min() { outcome.figures["energy_fewest_\(key)"] = mean(seeds(g, steps: fewest).energy) }
        }
        if let fewest = plan.solverSteps.min() {
            outcome.claims += fewStepsClaims(runs.groups, runs.groups.map { seeds($0, steps: fewest) }, edm: edmIndex, steps: fewest)
        }

        let charts = try drawCharts(plan: plan, groups: runs.groups, headline: headline, rows: rows, quality: quality,
                                    best: best, edm: edmIndex, folder: context.reportFolder)
        var report = ExperimentReport(title: Self.title, papers: Self.papers, command: context.command, quick: context.quick)
        report.setup = setup(plan, quality: quality)
        report.sweepCommands = runs.commands
        report.criticalValues = outcome.criticalValues
        report.claims = outcome.claims
        report.section("Quality against D", """
            Energy distance to the fixed reference draw at \(plan.headlineSteps) Heun steps (seed means, 95 % Student-t bars), \
            with EDM and the noise floor as horizontal lines and the best D with its bootstrap interval:

            \(charts.energy)

            The same samples by sliced W₂ (continuous) and by the share within 3σ of a mode (thresholded):

            \(charts.sliced)

            \(charts.modes)

            \(summaryTable(runs.groups, headline))
            How often each D was best in the bootstrap (energy distance): \
            \(zip(dValues, best.shares).map { "D = \(ExperimentFormatting.number($0)): \(ExperimentFormatting.number(100 * $1)) %" }.joined(separator: ", ")).
            """)
        report.section("Robustness against the number of steps", """
            Every checkpoint resampled from the same latents at \(plan.solverSteps.map(String.init).joined(separator: ", ")) Heun \
            steps (2 network evaluations each), seed means with 95 % bars:

            \(charts.steps)

            \(stepsTable(runs.groups, plan: plan, seeds: seeds))
            """)
        report.section("Failed runs", failuresText(runs.failures, nonFinite: headline.map(\.nonFinite).reduce(0, +)))
        report.tables = [("quality.csv", StepRobustness.csv(rows)), ("best-d.csv", bestCSV(dValues, best, bestSliced))]
        report.comparison = comparison(outcome, plan: plan, groups: runs.groups, headline: headline, quick: context.quick)
        try report.write(to: context.reportFolder)
        return outcome
    }

    // MARK: - Claims

    /// D ≤ 2 (infinite second moment of the perturbation) against the largest
    /// D, one claim per metric: worse when the Welch interval of the
    /// difference lies entirely on the worse side of 0.
    func smallDClaims(_ groups: [ExtraDimensionsPlan.Group], _ headline: [Seeds], largest: Int) -> [ExperimentClaim] {
        let small = groups.indices.filter { groups[$0].extraDimensions <= 2 && !headline[$0].energy.isEmpty }
        guard !small.isEmpty else { return [] }
        let dMax = ExperimentFormatting.number(groups[largest].extraDimensions)
        let metrics: [(name: String, values: (Seeds) -> [Double], lowerIsBetter: Bool)] = [
            ("energy distance", { $0.energy }, true), ("sliced W₂", { $0.sliced }, true), ("share in modes", { $0.modes }, false),
        ]
        return metrics.compactMap { metric in
            guard !metric.values(headline[largest]).isEmpty else { return nil }
            var worse = true
            let detail = small.map { i -> String in
                let d = "D = \(ExperimentFormatting.number(groups[i].extraDimensions)) − \(dMax): "
                guard let m = MeanDifference(metric.values(headline[i]), metric.values(headline[largest])) else {
                    worse = false
                    return d + "fewer than 2 seeds"
                }
                if metric.lowerIsBetter ? !(m.low > 0) : !(m.high < 0) { worse = false }
                return d + ExperimentFormatting.interval(m.difference, m.low, m.high)
            }.joined(separator: "; ")
            return ExperimentClaim("D ≤ 2 is worse than D = \(dMax) by \(metric.name) (Welch interval of the difference excludes 0)",
                                   holds: worse, detail: detail)
        }
    }

    /// At the fewest steps, the smallest D with all its seeds against EDM.
    func fewStepsClaims(_ groups: [ExtraDimensionsPlan.Group], _ few: [Seeds], edm: Int, steps: Int) -> [ExperimentClaim] {
        guard let small = groups.indices.first(where: { !groups[$0].isEDM && few[$0].energy.count == few[edm].energy.count }),
              let difference = MeanDifference(few[small].energy, few[edm].energy) else { return [] }
        let d = ExperimentFormatting.number(groups[small].extraDimensions)
        return [ExperimentClaim("at \(steps) Heun steps D = \(d) is better than EDM (Welch interval of the difference below 0)",
                                holds: difference.high < 0,
                                detail: "energy distance D = \(d) − EDM: \(ExperimentFormatting.interval(difference.difference, difference.low, difference.high))")]
    }

    // MARK: - Report text

    func setup(_ plan: ExtraDimensionsPlan, quality: SampleQuality) -> [String] {
        [
            "Data: `\(plan.dataset)` (20 000 training points per seed, each seed its own draw). PFGM++ at D = \(plan.dimensions.replacingOccurrences(of: ",", with: ", ")) with r = σ√D, and EDM (D = ∞), on one budget: width \(plan.width), depth 3, \(plan.steps) steps at batch \(plan.batchSize), lr 5e-3, \(plan.seeds) seeds.",
            "Every checkpoint resampled with Heun at \(plan.solverSteps.map(String.init).joined(separator: ", ")) steps, \(plan.sampleCount) samples from one prior draw per seed; quality against D is read at \(plan.headlineSteps) steps (the paper's 18 steps: 36 network evaluations here, 35 there with a last Euler step to σ = 0).",
            "Scores against one fixed fresh reference draw of \(plan.sampleCount) points: energy distance and sliced W₂ (continuous; noise floors between two fresh draws: \(ExperimentFormatting.number(quality.floor.energyDistance)) and \(ExperimentFormatting.number(quality.floor.slicedW2))), and the share of samples within 3σ of a mode centre (thresholded; a fresh draw: \(ExperimentFormatting.number(quality.floor.modeShare ?? .nan))).",
            "Best D: the D with the smallest seed mean; its interval is the 2.5–97.5 % range of the best D over 2000 paired seed-bootstrap resamples (a seed is one training set, initialisation and prior draw, shared by every D, so the seeds are resampled jointly). D = 2048 against EDM: the difference of seed means with a Welch 95 % interval.",
        ]
    }

    func summaryTable(_ groups: [ExtraDimensionsPlan.Group], _ headline: [Seeds]) -> String {
        var t = "| D | seeds | energy distance | sliced W₂ | share in modes |\n|---|---|---|---|---|\n"
        func cell(_ v: [Double]) -> String { MeanInterval(v).map { ExperimentFormatting.interval($0.mean, $0.low, $0.high) } ?? "–" }
        for (g, s) in zip(groups, headline) {
            t += "| \(g.isEDM ? "∞ (EDM)" : ExperimentFormatting.number(g.extraDimensions)) | \(s.energy.count) | \(cell(s.energy)) | \(cell(s.sliced)) | \(cell(s.modes)) |\n"
        }
        return t
    }

    func stepsTable(_ groups: [ExtraDimensionsPlan.Group], plan: ExtraDimensionsPlan,
                    seeds: (ExtraDimensionsPlan.Group, Int) -> Seeds) -> String {
        var t = "Energy distance (seed mean) by steps:\n\n| D | " + plan.solverSteps.map { "\($0) steps" }.joined(separator: " | ") + " |\n"
        t += "|---|" + plan.solverSteps.map { _ in "---" }.joined(separator: "|") + "|\n"
        for g in groups {
            t += "| \(g.isEDM ? "∞ (EDM)" : ExperimentFormatting.number(g.extraDimensions)) | "
            t += plan.solverSteps.map { n in MeanInterval(seeds(g, n).energy).map { ExperimentFormatting.number($0.mean) } ?? "–" }.joined(separator: " | ") + " |\n"
        }
        if let edm = groups.last(where: \.isEDM), let largest = groups.last(where: { !$0.isEDM }) {
            t += "| D = \(ExperimentFormatting.number(largest.extraDimensions)) − EDM (Welch 95 %) | "
            t += plan.solverSteps.map { n in
                MeanDifference(seeds(largest, n).energy, seeds(edm, n).energy).map { ExperimentFormatting.interval($0.difference, $0.low, $0.high) } ?? "–"
            }.joined(separator: " | ") + " |\n"
        }
        return t
    }

    func failuresText(_ failures: [(label: String, seed: UInt64, reason: String)], nonFinite: Int) -> String {
        var t = failures.isEmpty ? "No training run failed." : "Runs that failed (recorded by the sweep, left out of every curve):\n\n" +
            failures.map { "- \($0.label), seed \($0.seed): \($0.reason)\n" }.joined()
        t += nonFinite == 0 ? "\n\nEvery sample of the finished runs was finite." : "\n\n\(nonFinite) samples were not finite at the headline step count (left out of the distances, counted as outside the modes)."
        return t
    }

    func bestCSV(_ d: [Double], _ energy: ArgminBootstrap, _ sliced: ArgminBootstrap) -> String {
        var t = "extra_dims,share_best_energy_distance,share_best_sliced_w2\n"
        for k in d.indices { t += "\(ExperimentFormatting.number(d[k])),\(energy.shares[k]),\(sliced.shares[k])\n" }
        return t
    }
}
