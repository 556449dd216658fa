import FieldLabAnalysis
import FieldLabCore
import FieldLabExperiments
import FieldLabRender
import Foundation

extension ExtraDimensionsExperiment {
    /// The Markdown of each chart, written into the report folder.
    struct Charts {
        var energy: String
        var sliced: String
        var modes: String
        var steps: String
    }

    func drawCharts(plan: ExtraDimensionsPlan, groups: [ExtraDimensionsPlan.Group], headline: [Seeds],
                    rows: [StepRobustness.Row], quality: SampleQuality, best: ArgminBootstrap, edm: Int,
                    folder: String) throws -> Charts {
        let colors = Theme.palette
        func againstD(_ values: (Seeds) -> [Double], name: String, floor: Double?, floorLabel: String, yLabel: String,
                      title: String, yScale: AxisScale, yRange: ClosedRange<Double>?, marker: Bool, file: String) throws -> String {
            var x: [Double] = [], y: [Double] = []
            for (g, s) in zip(groups, headline) where !g.isEDM {
                for v in values(s) where v.isFinite { x.append(g.extraDimensions); y.append(v) }
            }
            let logScale = yScale == .log
            let samples = CurveSamples(x: x, y: y)
            let series = logScale ? Self.geometricSeries("PFGM++, geometric seed mean", samples, color: colors[0])
                                  : PhaseCurves.meanSeries("PFGM++, seed mean", samples, color: colors[0])
            var references: [ChartReferenceLine] = []
            let edmValues = values(headline[edm]).filter { $0.isFinite && (!logScale || $0 > 0) }
            if let m = MeanInterval(logScale ? edmValues.map { Foundation.log($0) } : edmValues) {
                let (mean, low, high) = logScale ? (exp(m.mean), exp(m.low), exp(m.high)) : (m.mean, m.low, m.high)
                references.append(ChartReferenceLine(y: mean, label: "EDM (D = ∞): \(ExperimentFormatting.interval(mean, low, high))",
                                                     color: colors[1]))
            }
            if let floor { references.append(ChartReferenceLine(y: floor, label: floorLabel, color: Theme.mutedText)) }
            let markers = marker ? [ChartMarker(x: best.best, band: best.low...best.high,
                                                label: "best D \(ExperimentFormatting.interval(best.best, best.low, best.high))",
                                                color: colors[2])] : []
            let chart = Plot.lineChart([series], width: 760, height: 460, title: title,
                                       xLabel: "extra dimensions D (log scale)", yLabel: yLabel, xScale: .log,
                                       yScale: yScale, yRange: yRange, markers: markers, referenceLines: references)
            return try ExperimentReport.chart(chart, file: file, in: folder)
        }
        let n = plan.headlineSteps
        let energy = try againstD({ $0.energy }, name: "energy", floor: quality.floor.energyDistance,
                                  floorLabel: "noise floor (two fresh draws)", yLabel: "energy distance to fresh data (log scale)",
                                  title: "quality against D (\(n) Heun steps; lower is better)", yScale: .log, yRange: 3e-4...1,
                                  marker: true, file: "quality-vs-d.png")
        let sliced = try againstD({ $0.sliced }, name: "sliced", floor: quality.floor.slicedW2,
                                  floorLabel: "noise floor (two fresh draws)", yLabel: "sliced W2 to fresh data (log scale)",
                                  title: "sliced W2 against D (\(n) Heun steps; lower is better)", yScale: .log, yRange: nil,
                                  marker: false, file: "sliced-w2-vs-d.png")
        let fresh = ExperimentFormatting.number(quality.floor.modeShare ?? .nan)
        let modes = try againstD({ $0.modes }, name: "modes", floor: nil,
                                 floorLabel: "", yLabel: "share of samples within 3 sigma of a mode",
                                 title: "thresholded: share in the modes (\(n) Heun steps; fresh data \(fresh))", yScale: .linear, yRange: nil,
                                 marker: false, file: "mode-share-vs-d.png")

        // Quality against steps, one line per D (ordered colours), EDM dashed.
        let ramp = Colormap.viridis.colors(count: max(1, groups.count - 1))
        var series: [ChartSeries] = []
        for (k, g) in groups.enumerated() {
            var x: [Double] = [], y: [Double] = []
            for r in rows where r.extraDimensions == g.extraDimensions && r.score.energyDistance.isFinite {
                x.append(Double(r.steps)); y.append(r.score.energyDistance)
            }
            guard !x.isEmpty else { continue }
            series.append(Self.geometricSeries(g.label, CurveSamples(x: x, y: y), color: g.isEDM ? Theme.text : ramp[min(k, ramp.count - 1)],
                                               dashed: g.isEDM))
        }
        let stepsChart = Plot.lineChart(series, width: 760, height: 500,
                                        title: "robustness: quality against the number of Heun steps",
                                        xLabel: "Heun steps (log scale; 2 network evaluations each)",
                                        yLabel: "energy distance, geometric seed mean (log scale)", xScale: .log, yScale: .log,
                                        yRange: 3e-4...30, referenceLines: [ChartReferenceLine(y: quality.floor.energyDistance, label: "noise floor",
                                                                            color: Theme.mutedText)])
        let steps = try ExperimentReport.chart(stepsChart, file: "quality-vs-steps.png", in: folder)
        return Charts(energy: energy, sliced: sliced, modes: modes, steps: steps)
    }

    /// Geometric seed means with the 95 % Student-t interval of ln y, for log
    /// axes (an arithmetic interval of a positive, skewed metric over a few
    /// seeds reaches below zero). Values ≤ 0 are left out.
    static func geometricSeries(_ name: String, _ samples: CurveSamples, color: RGB?, dashed: Bool = false) -> ChartSeries {
        let positive = zip(samples.x, samples.y).filter { $0.1 > 0 && $0.1.isFinite }
        let (points, bars) = SweepReport.means((positive.map(\.0), positive.map { Foundation.log($0.1) }))
        return ChartSeries(name: name, points: points.map { Point($0.x, exp($0.y)) }, color: color, markers: true,
                           errorBars: bars.map { exp($0.lowerBound)...exp($0.upperBound) }, dashed: dashed)
    }
}
