import FieldLabAnalysis
import FieldLabCore
import FieldLabExperiments
import FieldLabRender
import Foundation

/// Experiment 2: the collapse of the exact field (Biroli, Bonnaire, de
/// Bortoli, Mézard 2024, "Dynamical regimes of diffusion models"). No
/// training: the exact EDM flow of each training set is stopped at σ_stop
/// and its denoised output scored with the 1/3 rule (and a continuous twin).
/// The ratio falls from 1 to 0 as σ_stop passes the collapse noise σ_C; the
/// half-way noise σ½ ∝ N^(−1/d) gives the exponent d, and so does the data
/// collapse of the curves against σ_stop·N^(1/d). Both are compared with
/// σ_C² = σ_data²/(P^(2/d) − 1) for P points per mode.
public struct CollapseExperiment: PhaseExperiment {
    public static let name = "collapse"
    public static let title = "Collapse of the exact field onto the training points"
    public static let papers = "Biroli, Bonnaire, de Bortoli, Mézard 2024, \"Dynamical regimes of diffusion models\""

    public init() {}

    /// One dataset's fitted exponents and half-way noises.
    struct Fit {
        var dataset: String
        var result: CollapseRuns.Result
        /// d from the slope of σ½(N) (ratio), with its seed-bootstrap interval.
        var d: (value: Double, low: Double, high: Double)?
        /// d from the data collapse of the ratio curves.
        var collapseD: (value: Double, low: Double, high: Double)?
        /// d from the data collapse of the continuous twin.
        var continuousD: (value: Double, low: Double, high: Double)?
        /// d over the smallest sizes (N ≤ 16) and the largest (N ≥ 1024).
        var small: (value: Double, low: Double, high: Double)?
        var large: (value: Double, low: Double, high: Double)?
        /// Local d between neighbouring sizes (ratio).
        var local: [(value: Double, low: Double, high: Double)?]
        /// σ½ per size (ratio), with intervals.
        var half: [(value: Double, low: Double, high: Double)?]

        /// σ_C = σ_data/√(P^(2/d) − 1) at size N, P = N / modes.
        func predicted(_ n: Int, d: Double = 2) -> Double {
            let p = Double(n) / Double(result.modes)
            return result.sigmaData / (pow(p, 2 / d) - 1).squareRoot()
        }
    }

    public func run(_ context: ExperimentContext) throws -> ExperimentOutcome {
        let plan = CollapseRuns.plan(quick: context.quick)
        context.log("collapse: \(plan.datasets.count) datasets × \(plan.sizes.count) sizes × \(plan.smallSeeds)–\(plan.seeds) seeds, \(plan.stops.count) stops each")
        let results = try plan.run(jobs: context.jobs)
        let resamples = context.quick ? 200 : 400
        let fitted = plan.sizes.indices.filter { plan.sizes[$0] >= plan.fitFrom }
        let range = fitted.first!..<(fitted.last! + 1)
        let smallest = plan.sizes.indices.filter { plan.sizes[$0] <= 16 }, largest = plan.sizes.indices.filter { plan.sizes[$0] >= 1024 }
        let fits = zip(plan.datasets, results).map { dataset, result in
            let s = result.ratio
            func over(_ r: [Int]) -> (value: Double, low: Double, high: Double)? {
                r.count >= 2 ? s.bootstrap({ s.exponent($0, range: r.first!..<(r.last! + 1)) }, resamples: resamples) : nil
            }
            let sub = CollapseScaling(sizes: Array(s.sizes[range]), stops: s.stops, ratio: Array(s.ratio[range]))
            let subContinuous = CollapseScaling(sizes: sub.sizes, stops: s.stops, ratio: Array(result.continuous.ratio[range]))
            return Fit(dataset: dataset, result: result,
                       d: s.bootstrap({ s.exponent($0, range: range) }, resamples: resamples),
                       collapseD: sub.bootstrap({ sub.collapseExponent($0) }, resamples: resamples),
                       continuousD: subContinuous.bootstrap({ subContinuous.collapseExponent($0) }, resamples: resamples),
                       small: over(smallest), large: over(largest),
                       local: (0..<(s.sizes.count - 1)).map { i in s.bootstrap({ s.exponent($0, range: i..<(i + 2)) }, resamples: resamples) },
                       half: s.sizes.indices.map { n in s.bootstrap({ s.halfNoise($0[n]) }, resamples: resamples) })
        }
        _ = try RunFolder.prepare(context.reportFolder)
        var outcome = ExperimentOutcome()
        for fit in fits {
            let method = "σ½ (ratio 0.5, linear in log σ) at each N ≥ \(plan.fitFrom), power-law fit of σ½ against N, seed bootstrap over whole curves"
            if let d = fit.d {
                outcome.criticalValues.append(CriticalValue(name: "d from σ½ ∝ N^(−1/d), \(fit.dataset)", value: d.value, low: d.low, high: d.high, method: method))
                outcome.figures["d \(fit.dataset)"] = d.value
            }
            if let d = fit.collapseD {
                outcome.criticalValues.append(CriticalValue(name: "d from the data collapse, \(fit.dataset)", value: d.value, low: d.low, high: d.high,
                                                            method: "minimum spread of the curves against σ_stop·N^(1/d), seed bootstrap"))
            }
            if let d = fit.continuousD {
                outcome.criticalValues.append(CriticalValue(name: "d from the continuous twin, \(fit.dataset)", value: d.value, low: d.low, high: d.high,
                                                            method: "data collapse (as the second) of 1 − geometric mean of d1/d2, seed bootstrap"))
            }
            for (label, range) in [("N ≤ 16", fit.small), ("N ≥ 1024", fit.large)] {
                guard let range else { continue }
                outcome.criticalValues.append(CriticalValue(name: "d over \(label), \(fit.dataset)", value: range.value, low: range.low, high: range.high,
                                                            method: "as the first, on those sizes only"))
            }
            for (n, h) in fit.half.enumerated() {
                guard let h else { continue }
                outcome.criticalValues.append(CriticalValue(name: "σ½ at N = \(plan.sizes[n]), \(fit.dataset)", value: h.value, low: h.low, high: h.high,
                                                            method: "ratio 0.5 crossing in log σ_stop, seed bootstrap"))
            }
        }
        outcome.claims = claims(fits, sizes: plan.sizes)
        try writeReport(fits, plan: plan, outcome: outcome, context: context)
        return outcome
    }

    func claims(_ fits: [Fit], sizes: [Int]) -> [ExperimentClaim] {
        var claims: [ExperimentClaim] = []
        for fit in fits {
            guard let d = fit.d else {
                claims.append(ExperimentClaim("the exponent d of \(fit.dataset) can be fitted", holds: false, detail: "σ½ missing at too many N"))
                continue
            }
            let text = ExperimentFormatting.interval(d.value, d.low, d.high)
            switch fit.dataset {
            case "8gaussians", "checkerboard":
                claims.append(ExperimentClaim("d of \(fit.dataset) (area-filling) lies within [1.5, 2.5]", holds: d.value >= 1.5 && d.value <= 2.5, detail: "d = \(text)"))
            default:
                if let small = fit.small, let large = fit.large {
                    claims.append(ExperimentClaim("d of \(fit.dataset) (a thin curve) is nearer 1 at N ≤ 16 than at N ≥ 1024",
                                                  holds: small.value < large.value && abs(small.value - 1) < abs(small.value - 2),
                                                  detail: "N ≤ 16: \(ExperimentFormatting.interval(small.value, small.low, small.high)); N ≥ 1024: \(ExperimentFormatting.interval(large.value, large.low, large.high))"))
                }
            }
        }
        // σ½ against the prediction σ_C (d = 2) at the sizes where it exists.
        var ratios: [String] = []
        var within = true
        for fit in fits where fit.dataset == "8gaussians" || fit.dataset == "checkerboard" {
            for (n, h) in fit.half.enumerated() {
                guard let h, fit.predicted(sizes[n]).isFinite, sizes[n] / fit.result.modes >= 2 else { continue }
                let r = h.value / fit.predicted(sizes[n])
                within = within && r >= 0.5 && r <= 2
                ratios.append(ExperimentFormatting.number(r))
            }
            claims.append(ExperimentClaim("σ½ of \(fit.dataset) is within 2× of σ_C = σ_data/√(P − 1) (d = 2) at every N", holds: within,
                                          detail: "σ½/σ_C = " + ratios.joined(separator: ", ")))
            ratios = []
            within = true
        }
        return claims
    }

    // MARK: - Report

    func writeReport(_ fits: [Fit], plan: CollapseRuns, outcome: ExperimentOutcome, context: ExperimentContext) throws {
        let folder = context.reportFolder
        var report = ExperimentReport(title: Self.title, papers: Self.papers, command: context.command, quick: context.quick)
        report.setup = [
            "Data: \(plan.datasets.map { "`\($0)`" }.joined(separator: ", ")); N = \(plan.sizes.map(String.init).joined(separator: ", ")) training points; \(plan.smallSeeds == plan.seeds ? "\(plan.seeds) training sets (seeds) at each N" : "\(plan.smallSeeds) training sets (seeds) at each N ≤ 256, \(plan.seeds) above").",
            "The exact EDM flow of each training set from σ_max = 80, \(plan.samples) samples: 18 Karras steps to the largest σ_stop, then 2 log-spaced Heun steps between neighbouring σ_stop; at each σ_stop the ideal denoiser's output D*(x; σ_stop) (where EDM's last step would land). σ_stop from 10⁻⁴ to 10^0.5 in the standardised frame (data std ≈ 1), \(plan.stops.count) values.",
            "Memorisation ratio (thresholded): share of outputs whose nearest training point is closer than 1/3 of the second nearest. Continuous twin: 1 − the geometric mean of d1/d2 (1 when every output is a training point).",
            "σ½(N): where the seed-mean ratio falls through 0.5 (linear in log σ). d: −1/slope of ln σ½ against ln N; also the d whose x = σ_stop·N^(1/d) lays the curves on top of each other (least mean squared difference between pairs of curves where the ratio is between 0.05 and 0.95). The overall d uses N ≥ \(plan.fitFrom) (≥ 8 points per mode of 8gaussians); the local d, between neighbouring sizes, uses all. Intervals: 95 % percentile bootstrap over whole seed curves at each N.",
            "Prediction (Biroli et al., Gaussian data): σ_C² = σ_data²/(P^(2/d) − 1), P points per mode (N/8 for 8gaussians, N otherwise), σ_data the per-coordinate standard deviation within a mode.",
        ]
        report.criticalValues = outcome.criticalValues.filter { !$0.name.hasPrefix("σ½") }
        report.claims = outcome.claims
        let colors = Theme.palette

        // Curves against σ_stop, and collapsed.
        func curvePanels(_ scaled: Bool, continuous: Bool) -> [(title: String, canvas: Canvas)] {
            fits.map { fit in
                let s = continuous ? fit.result.continuous : fit.result.ratio
                let d = (continuous ? fit.continuousD : fit.d)?.value ?? 2
                let series = s.sizes.indices.map { n -> ChartSeries in
                    let factor = scaled ? pow(Double(s.sizes[n]), 1 / d) : 1
                    var x: [Double] = [], y: [Double] = []
                    for curve in s.ratio[n] {
                        for (k, v) in curve.enumerated() { x.append(s.stops[k] * factor); y.append(v) }
                    }
                    return PhaseCurves.meanSeries("N = \(s.sizes[n])", CurveSamples(x: x, y: y), color: colors[n % colors.count])
                }
                let name = continuous ? "1 - geometric mean of d1/d2" : "memorisation ratio (1/3 rule)"
                let title = scaled ? "\(fit.dataset): d = \(ExperimentFormatting.number(d))" : fit.dataset
                return (title, Plot.lineChart(series, width: 480, height: 340, title: "",
                                              xLabel: scaled ? "σ_stop · N^(1/d) (log)" : "σ_stop, standardised units (log)",
                                              yLabel: name, xScale: .log, yRange: 0...1,
                                              referenceLines: [ChartReferenceLine(y: 0.5, label: "")]))
            }
        }
        let raw = Plot.panels(curvePanels(false, continuous: false), columns: min(fits.count, 2),
                              caption: "Memorisation ratio of the stopped exact flow's denoised output against σ_stop, one line per training-set size (seed means, 95 % bars). Dashed: 0.5, which defines σ_1/2.")
        let collapsed = Plot.panels(curvePanels(true, continuous: false), columns: min(fits.count, 2),
                                    caption: "The same curves against σ_stop · N^(1/d), d fitted per dataset from σ_1/2 ~ N^(-1/d) (N ≥ 64): the curves fall onto one.")
        let collapsedContinuous = Plot.panels(curvePanels(true, continuous: true), columns: min(fits.count, 2),
                                              caption: "The continuous twin (1 - geometric mean of d1/d2) against σ_stop · N^(1/d), d from the collapse of its own curves (N ≥ 64).")

        // σ½ against N with the fits and the prediction.
        var halfSeries: [ChartSeries] = []
        for (i, fit) in fits.enumerated() {
            var points: [Point] = [], bars: [ClosedRange<Double>] = []
            for (n, h) in fit.half.enumerated() { if let h { points.append(Point(Double(plan.sizes[n]), h.value)); bars.append(h.low...h.high) } }
            let label = fit.d.map { "\(fit.dataset): d = \(ExperimentFormatting.interval($0.value, $0.low, $0.high))" } ?? fit.dataset
            halfSeries.append(ChartSeries(name: label, points: points, color: colors[i % colors.count], markers: true, errorBars: bars))
            guard fit.dataset == "8gaussians" || fit.dataset == "checkerboard" else { continue }
            let predicted = plan.sizes.filter { $0 / fit.result.modes >= 2 }.map { Point(Double($0), fit.predicted($0)) }
            if predicted.count >= 2 {
                halfSeries.append(ChartSeries(name: "σ_C (d = 2), \(fit.dataset)", points: predicted, color: colors[i % colors.count], dashed: true))
            }
        }
        let halfChart = Plot.lineChart(halfSeries, width: 820, height: 520, title: "half-way noise σ_1/2 against N, and the prediction σ_C",
                                       xLabel: "training-set size N (log)", yLabel: "σ_1/2, standardised units (log)", xScale: .log, yScale: .log)

        // Local d between neighbouring sizes.
        var localSeries: [ChartSeries] = []
        for (i, fit) in fits.enumerated() {
            var points: [Point] = [], bars: [ClosedRange<Double>] = []
            for (k, l) in fit.local.enumerated() {
                guard let l else { continue }
                points.append(Point((Double(plan.sizes[k]) * Double(plan.sizes[k + 1])).squareRoot(), l.value))
                bars.append(l.low...l.high)
            }
            localSeries.append(ChartSeries(name: fit.dataset, points: points, color: colors[i % colors.count], markers: true, errorBars: bars))
        }
        let formula = plan.sizes.filter { $0 >= 2 }
        if formula.count >= 2 {
            localSeries.append(ChartSeries(name: "Gaussian formula, d = 2, P = N: 2(N - 1)/N",
                                           points: zip(formula, formula.dropFirst()).map { a, b in
                                               let n = (Double(a) * Double(b)).squareRoot()
                                               let local = log(Double(b) / Double(a)) / log(((Double(b) - 1) / (Double(a) - 1)).squareRoot())
                                               return Point(n, local)
                                           }, color: Theme.mutedText, dashed: true))
        }
        let localChart = Plot.lineChart(localSeries, width: 820, height: 460, title: "local exponent d between neighbouring sizes",
                                        xLabel: "training-set size N (log; geometric mean of the pair)", yLabel: "d = -Δ ln N / Δ ln σ_1/2",
                                        xScale: .log, referenceLines: [ChartReferenceLine(y: 1, label: "d = 1 (a curve)"), ChartReferenceLine(y: 2, label: "d = 2 (an area)")])

        report.section("The collapse", """
            \(try ExperimentReport.chart(raw, file: "collapse-curves.png", in: folder))

            \(try ExperimentReport.chart(collapsed, file: "universal.png", in: folder))

            \(try ExperimentReport.chart(collapsedContinuous, file: "universal-continuous.png", in: folder))
            """)
        report.section("Scaling of the collapse noise", """
            \(try ExperimentReport.chart(halfChart, file: "sigma-half.png", in: folder))

            \(try ExperimentReport.chart(localChart, file: "local-dimension.png", in: folder))

            \(halfTable(fits, sizes: plan.sizes))
            """)
        report.tables = [("collapse-curves.csv", curvesCSV(fits, plan: plan))]
        report.comparison = comparison(fits, quick: context.quick)
        try report.write(to: folder)
    }

    func halfTable(_ fits: [Fit], sizes: [Int]) -> String {
        var t = "| dataset | N | σ½ [95 %] | σ_C (d = 2) | σ½ / σ_C |\n|---|---|---|---|---|\n"
        for fit in fits {
            for (n, h) in fit.half.enumerated() {
                let predicted = sizes[n] / fit.result.modes >= 2 ? fit.predicted(sizes[n]) : .nan
                t += "| \(fit.dataset) | \(sizes[n]) | \(h.map { ExperimentFormatting.interval($0.value, $0.low, $0.high) } ?? "no crossing") | \(ExperimentFormatting.number(predicted)) | \(h.map { ExperimentFormatting.number($0.value / predicted) } ?? "–") |\n"
            }
        }
        return t
    }

    func curvesCSV(_ fits: [Fit], plan: CollapseRuns) -> String {
        var t = "dataset,train_size,seed,sigma_stop,memorization_ratio,one_minus_geometric_mean_ratio\n"
        for fit in fits {
            for n in plan.sizes.indices {
                for s in fit.result.ratio.ratio[n].indices {
                    for (k, sigma) in plan.stops.enumerated() {
                        t += "\(fit.dataset),\(plan.sizes[n]),\(s),\(sigma),\(fit.result.ratio.ratio[n][s][k]),\(fit.result.continuous.ratio[n][s][k])\n"
                    }
                }
            }
        }
        return t
    }

    func comparison(_ fits: [Fit], quick: Bool) -> String {
        func d(_ name: String) -> String {
            fits.first { $0.dataset == name }?.d.map { ExperimentFormatting.interval($0.value, $0.low, $0.high) } ?? "–"
        }
        var t = "Biroli et al. find that the backward flow of the exact score is captured by a single training point below a collapse "
        t += "time t_C, and for Gaussian data of dimension d put it at σ_C² = σ_data²/(P^(2/d) − 1): the noise at which a typical "
        t += "point's neighbours are no longer confused, about the nearest-neighbour spacing. In 2D the transition is a smooth "
        t += "crossover, not a sharp one, but its scaling is clean: the half-way noise falls as a power of N and the curves "
        t += "collapse onto one against σ_stop·N^(1/d). "
        t += "For 8gaussians d = \(d("8gaussians"))"
        if fits.contains(where: { $0.dataset == "checkerboard" }) { t += " and for checkerboard d = \(d("checkerboard"))" }
        t += ", the area-filling value 2 of the paper's formula. "
        if let moons = fits.first(where: { $0.dataset == "moons" }), let small = moons.small,
           let areas = fits.first(where: { $0.dataset == "checkerboard" })?.small {
            t += "The thin curves (moons d = \(d("moons")), swissroll d = \(d("swissroll")) at N ≥ 64) are as two-dimensional as the areas "
            t += "once N is a few dozen: their width (noise std 0.2 in data units) is then comparable with the spacing along the curve. "
            t += "At N ≤ 16 their exponent does fall towards 1 (moons \(ExperimentFormatting.interval(small.value, small.low, small.high))), "
            t += "as the paper's effective dimension suggests, but this is **not** evidence for the thin shape: the area-filling "
            t += "checkerboard falls just as far (\(ExperimentFormatting.interval(areas.value, areas.low, areas.high))), and even the Gaussian "
            t += "formula's local slope 2(P − 1)/P is below 2 at small P (dashed in the local-exponent chart). With 4–16 points 2D does "
            t += "not tell a curve from an area by this measure. "
        }
        t += "The continuous twin, which has no threshold, collapses with d = \(fits.map { f in f.continuousD.map { "\(ExperimentFormatting.number($0.value)) (\(f.dataset))" } ?? "–" }.joined(separator: ", ")): "
        t += "above 2 except on the checkerboard. It collapses less cleanly than the ratio: its floor at large σ_stop (outputs blended "
        t += "between points) rises with N, and the best overlay trades the fall against the floor. The ratio, whose floor is flat, "
        t += "is the cleaner observable here. "
        t += "The formula's prefactor is only a guide: it is derived for Gaussian data, and σ½ measured with the 1/3 rule is a "
        t += "different (stricter) definition of collapse than the paper's vanishing excess entropy, so σ½/σ_C is a constant "
        t += "of order one rather than 1 (see the table); what the experiment tests is the exponent."
        if quick { t += "\n\nThis is the quick variant: one dataset, four sizes, two seeds; the intervals are wide." }
        return t
    }
}
