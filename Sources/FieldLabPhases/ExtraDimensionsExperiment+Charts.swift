import FieldLabAnalysis
import FieldLabCore
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
                      title: String, yScale: AxisScale, marker: Bool, file: String) throws -> String {
            var x: [Double] = [], y: [Double] = []
            for (g, s) in zip(groups, headline) where !g.isEDM {
                for v in values(s) where v.isFinite { x.append(g.extraDimensions); y.append(v) }
            }
            let series = PhaseCurves.meanSeries("PFGM++, seed mean", CurveSamples(x: x, y: y), color: colors[0])
            var references: [ChartReferenceLine] = []
            if let m = MeanInterval(values(headline[edm])) {
                references.append(ChartReferenceLine(y: m.mean, label: "EDM (D = ∞): \(ExperimentFormatting.interval(m.mean, m.low, m.high))",
                                                     color: colors[1]))
            }
            if let floor { references.append(ChartReferenceLine(y: floor, label: floorLabel, color: Theme.mutedText)) }
            let markers = marker ? [ChartMarker(x: best.best, band: best.low...best.high,
                                                label: "best D \(ExperimentFormatting.interval(best.best, best.low, best.high))",
                                                color: colors[2])] : []
            let chart = Plot.lineChart([series], width: 760, height: 460, title: title,
                                       xLabel: "extra dimensions D (log scale)", yLabel: yLabel, xScale: .log,
                                       yScale: yScale, markers: markers, referenceLines: references)
            return try ExperimentReport.chart(chart, file: file, in: folder)
        }
        let n = plan.headlineSteps
        let energy = try againstD({ $0.energy }, name: "energy", floor: quality.floor.energyDistance,
                                  floorLabel: "noise floor (two fresh draws)", yLabel: "energy distance to fresh data (log scale)",
                                  title: "sample quality against D (\(n) Heun steps; lower is better)", yScale: .log,
                                  marker: true, file: "quality-vs-d.png")
        let sliced = try againstD({ $0.sliced }, name: "sliced", floor: quality.floor.slicedW2,
                                  floorLabel: "noise floor (two fresh draws)", yLabel: "sliced W2 to fresh data (log scale)",
                                  title: "sliced Wasserstein-2 against D (\(n) Heun steps; lower is better)", yScale: .log,
                                  marker: false, file: "sliced-w2-vs-d.png")
        let modes = try againstD({ $0.modes }, name: "modes", floor: quality.floor.modeShare,
                                 floorLabel: "a fresh draw", yLabel: "share of samples within 3 sigma of a mode",
                                 title: "thresholded: share of samples in the modes against D (\(n) Heun steps)", yScale: .linear,
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
            series.append(PhaseCurves.meanSeries(g.label, CurveSamples(x: x, y: y), color: g.isEDM ? Theme.text : ramp[min(k, ramp.count - 1)],
                                                 dashed: g.isEDM))
        }
        let stepsChart = Plot.lineChart(series, width: 760, height: 500,
                                        title: "robustness: sample quality against the number of Heun steps",
                                        xLabel: "Heun steps (log scale; 2 network evaluations each)",
                                        yLabel: "energy distance to fresh data (log scale)", xScale: .log, yScale: .log,
                                        referenceLines: [ChartReferenceLine(y: quality.floor.energyDistance, label: "noise floor",
                                                                            color: Theme.mutedText)])
        let steps = try ExperimentReport.chart(stepsChart, file: "quality-vs-steps.png", in: folder)
        return Charts(energy: energy, sliced: sliced, modes: modes, steps: steps)
    }
}
