import FieldLabAnalysis
import FieldLabCore
import FieldLabRender
import Foundation

extension GeneralizeFirstExperiment {
    /// The seed mean of a column over the training steps for the runs at one N.
    func meanCurve(_ runs: [RunTimescales], _ value: (RunTimescales) -> [Double]) -> [Point] {
        guard let steps = runs.first?.timeline.steps else { return [] }
        return steps.indices.compactMap { i in
            let v = runs.compactMap { r in i < r.timeline.steps.count ? value(r)[i] : nil }.filter(\.isFinite)
            return v.isEmpty ? nil : Point(steps[i], v.reduce(0, +) / Double(v.count))
        }
    }

    /// A marker at the geometric mean of a time scale over the seeds at one N, its band the seeds' range.
    func timeMarker(_ scaling: Scaling, n: Int, color: RGB, prefix: String) -> ChartMarker? {
        guard let p = scaling.perSize.first(where: { $0.n == n }) else { return nil }
        return ChartMarker(x: p.mean, band: p.low...p.high,
                           label: "\(prefix) \(p.allCensored ? "≥ " : "")\(ExperimentFormatting.number(p.mean.rounded()))", color: color)
    }

    func charts(_ report: inout ExperimentReport, runs: [RunTimescales], sizes: [Int], scalings: [Scaling],
                plan: GeneralizeFirstSweep, folder: String) throws {
        let colors = Theme.palette
        func scaling(_ kind: RunTimescales.Kind) -> Scaling { scalings.first { $0.kind == kind }! }
        func curves(_ column: String, kind: RunTimescales.Kind) -> ([ChartSeries], [ChartMarker]) {
            var series: [ChartSeries] = [], markers: [ChartMarker] = []
            for (k, n) in sizes.enumerated() {
                let at = runs.filter { $0.trainSize == n }
                let color = colors[k % colors.count]
                series.append(ChartSeries(name: "N = \(n)", points: meanCurve(at) { $0.timeline.values(column) }, color: color))
                if let m = timeMarker(scaling(kind), n: n, color: color, prefix: "N=\(n):") { markers.append(m) }
            }
            return (series, markers)
        }
        let stepLabel = "training step (log scale)"
        let (ratio, ratioMarkers) = curves("memorization_ratio", kind: .memorization)
        let ratioChart = Plot.lineChart(ratio, width: 760, height: 460,
                                        title: "memorisation ratio (1/3 rule) over training, τ_mem where it reaches 50 %",
                                        xLabel: stepLabel, yLabel: "share of samples memorised (seed mean)",
                                        xScale: .log, yRange: -0.02...1.05, markers: ratioMarkers,
                                        referenceLines: [ChartReferenceLine(y: 0.5, label: "50 %")])
        let (twin, twinMarkers) = curves("log_nn_ratio", kind: .logRatio)
        let twinChart = Plot.lineChart(twin, width: 760, height: 460,
                                       title: "continuous twin: mean ln(d1/d2) over training, τ_mem where it reaches ln(1/3)",
                                       xLabel: stepLabel, yLabel: "mean ln(d1 / d2) (seed mean)", xScale: .log,
                                       markers: twinMarkers,
                                       referenceLines: [ChartReferenceLine(y: Foundation.log(1.0 / 3), label: "ln(1/3)")])
        report.section("Memorisation over training", """
            Seed means of the 1/3-rule ratio (left) and its continuous twin (right) over training, one line per N; \
            the markers are τ_mem per N (geometric mean over seeds, band: the seeds' range).

            \(try ExperimentReport.chart(ratioChart, file: "memorization-over-training.png", in: folder)) \
            \(try ExperimentReport.chart(twinChart, file: "log-nn-ratio-over-training.png", in: folder))
            """)

        var panels: [(title: String, canvas: Canvas)] = []
        for (k, n) in sizes.enumerated() {
            let at = runs.filter { $0.trainSize == n }
            let color = colors[k % colors.count]
            let markers = [timeMarker(scaling(.generalizationOnset), n: n, color: Theme.mutedText, prefix: "onset"),
                           timeMarker(scaling(.generalization), n: n, color: Theme.text, prefix: "τ_gen"),
                           timeMarker(scaling(.fieldCross), n: n, color: color, prefix: "τ_mem")].compactMap { $0 }
            let chart = Plot.lineChart(
                [ChartSeries(name: "vs population field", points: meanCurve(at) { $0.timeline.values("field_error_population") }, color: color),
                 ChartSeries(name: "vs training set (exact)", points: meanCurve(at) { $0.timeline.values("field_error_train") },
                             color: color, dashed: true)],
                width: 420, height: 300, title: "", xLabel: stepLabel, yLabel: "relative squared error",
                xScale: .log, yScale: .log, markers: markers)
            panels.append(("N = \(n)", chart))
        }
        let fieldPanels = Plot.panels(panels, columns: min(2, panels.count),
                                      caption: "field errors over training (seed means): onset where the population error nears its minimum, τ_gen at the minimum, τ_mem where the curves cross")
        report.section("Field errors over training", """
            The network's error against the population field (solid) falls, reaches its minimum at τ_gen and rises again \
            as the network moves towards the exact field of its own training set (dashed); τ_mem marks where it becomes \
            closer to that memorising optimum than to the population field.

            \(try ExperimentReport.chart(fieldPanels, file: "field-errors-over-training.png", in: folder))
            """)

        var series: [ChartSeries] = []
        for (k, s) in scalings.enumerated() {
            let color = colors[(k + 4) % colors.count]
            series.append(ChartSeries(name: s.kind.label, points: s.perSize.map { Point(Double($0.n), $0.mean) }, color: color,
                                      markers: true, errorBars: s.perSize.map { $0.low...$0.high }))
            if let f = s.fit, let lo = sizes.first, let hi = sizes.last {
                let xs = [Double(lo), Double(hi)]
                series.append(ChartSeries(name: "  fit: slope \(ExperimentFormatting.interval(f.exponent, f.low, f.high))",
                                          points: xs.map { Point($0, f.value(at: $0)) }, color: color, dashed: true))
            }
        }
        // The papers' τ_mem ∝ N, through the field-error τ_mem at the smallest N.
        if let anchor = scaling(.fieldCross).perSize.first, let hi = sizes.last {
            let xs = [Double(anchor.n), Double(hi)]
            series.append(ChartSeries(name: "τ ∝ N (papers' τ_mem)", points: xs.map { Point($0, anchor.mean * $0 / xs[0]) },
                                      color: Theme.mutedText, dashed: true))
        }
        let timescaleChart = Plot.lineChart(series, width: 760, height: 500,
                                            title: "τ_mem and τ_gen against N (papers: τ_mem ∝ N, τ_gen flat)",
                                            xLabel: "training-set size N (log scale)", yLabel: "training steps (log scale)",
                                            xScale: .log, yScale: .log,
                                            referenceLines: [ChartReferenceLine(y: Double(plan.steps), label: "budget"),
                                                             ChartReferenceLine(y: 100, label: "end of warm-up")])
        report.section("Time scales against N", """
            Geometric means over seeds (bars: the seeds' range) and the least-squares line in log-log with its slope and \
            95 % seed-bootstrap interval. Points on the "budget" line (or, for τ_mem, the end of the warm-up) are censored.

            \(try ExperimentReport.chart(timescaleChart, file: "timescales.png", in: folder))
            """)
    }
}
