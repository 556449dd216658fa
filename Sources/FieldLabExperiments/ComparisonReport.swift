import Foundation
import FieldLabCore
import FieldLabMetrics
import FieldLabRender

/// Tables and figures of a `Comparison.Result`.
extension Comparison.Result {
    /// The main table (Markdown): every metric as "value (ratio × floor)",
    /// the floors themselves, NLL, memorisation next to its baseline, times
    /// and network evaluations.
    public var markdownTable: String {
        let metrics = configuration.metrics
        var header = "| method |"
        var rule = "|---|"
        for m in metrics { header += " \(m.displayName) |"; rule += "---|" }
        header += " NLL (nats) | memorised | train (s) | sample (s) | NFE (sampler) |"
        rule += "---|---|---|---|---|"
        var lines = [header, rule]
        for o in outcomes {
            var line = "| \(o.entry.title) |"
            for r in o.metrics { line += String(format: " %.4g (%.2f×) |", r.value, r.ratio) }
            line += o.negativeLogLikelihood.map { String(format: " %.3f |", $0) } ?? " – |"
            line += String(format: " %.3f | %.1f | %.2f | %d (%@ × %d) |", o.memorization, o.trainingSeconds,
                           o.samplingSeconds, o.evaluations, o.sampler.solver.rawValue, o.sampler.steps)
            lines.append(line)
        }
        var floorLine = groundTruth.heldOut == nil && configuration.truthFile == nil
            ? "| noise floor (fresh true vs this truth) |" : "| noise floor (disjoint halves of the truth) |"
        for m in metrics {
            let f = floors[m]!
            floorLine += String(format: " %.4g ± %.2g |", f.mean, f.standardDeviation)
        }
        floorLine += String(format: " – | %.3f | | | |", memorizationBaseline)
        lines.append(floorLine)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Quality against sampling budget (sliced W2 per number of Heun steps), if swept.
    public var sweepTable: String? {
        guard let steps = outcomes.first?.sweep.map(\.steps), !steps.isEmpty else { return nil }
        var lines = ["| method |" + steps.map { " \($0) steps (\(2 * $0) NFE) |" }.joined(),
                     "|---|" + String(repeating: "---|", count: steps.count)]
        for o in outcomes {
            lines.append("| \(o.entry.title) |" + o.sweep.map { String(format: " %.4f |", $0.slicedW2) }.joined())
        }
        let floor = floors[.slicedWasserstein2]!.mean
        lines.append("| noise floor |" + String(repeating: String(format: " %.4f |", floor), count: steps.count))
        return lines.joined(separator: "\n") + "\n"
    }

    /// True data and each method's samples (top row), the training set and
    /// each method's sampling paths (bottom row), on one shared viewport.
    public func figure(panelSize: Int = 280) -> Canvas {
        let viewport = Viewport.fitting(truth, margin: 0.08)
        func density(_ points: [Point]) -> Canvas {
            Plot.density(points, viewport: viewport, width: panelSize, height: panelSize)
        }
        var top: [(title: String, canvas: Canvas)] = [("true data", density(truth))]
        var bottom: [(title: String, canvas: Canvas)] = [
            ("training set (\(trainingPoints.count))",
             Plot.scatter(Array(trainingPoints.prefix(5000)), viewport: viewport, width: panelSize, height: panelSize,
                          radius: 0.8, alpha: 0.4)),
        ]
        for o in outcomes {
            let sw2 = o.metrics.first { $0.metric == TwoSampleMetric.slicedWasserstein2.rawValue }
            top.append(("\(o.entry.title)" + (sw2.map { String(format: " %.1f×", $0.ratio) } ?? ""), density(o.samples)))
            var paths = density(o.samples)
            Plot.drawTrajectories(o.paths, on: &paths, viewport: viewport, coloring: .byTime(.viridis))
            bottom.append(("paths", paths))
        }
        let caption = "\(configuration.dataset): \(configuration.steps) steps × batch \(configuration.batchSize), "
            + "\(configuration.samplerText), seed \(configuration.seed); "
            + "× = sliced W2 / noise floor"
        return Plot.panels(top + bottom, columns: top.count, caption: caption)
    }
}

extension Comparison.Result {
    /// Every method's training loss against the step, in one chart. (The
    /// methods' losses have different irreducible parts, so compare shapes,
    /// not heights.)
    public func lossChart(width: Int = 720, height: Int = 420) -> Canvas {
        let series = outcomes.map { o in
            ChartSeries(name: o.entry.title, points: o.log.map { Point(Double($0.step), $0.loss) })
        }
        return Plot.lineChart(series, width: width, height: height,
                              title: "\(configuration.dataset): training loss",
                              xLabel: "step", yLabel: "loss (mean over 10 steps)", smoothing: 5)
    }

    /// Sliced W2 against the number of Heun steps (log-log), with the noise floor.
    public func sweepChart(width: Int = 720, height: Int = 420) -> Canvas? {
        guard let steps = outcomes.first?.sweep.map(\.steps), steps.count > 1 else { return nil }
        var series = outcomes.map { o in
            ChartSeries(name: o.entry.title, points: o.sweep.map { Point(Double(2 * $0.steps), $0.slicedW2) }, markers: true)
        }
        let floor = floors[.slicedWasserstein2]!.mean
        series.append(ChartSeries(name: "noise floor", points: [Point(Double(2 * steps.min()!), floor),
                                                                 Point(Double(2 * steps.max()!), floor)],
                                  color: Theme.mutedText))
        return Plot.lineChart(series, width: width, height: height,
                              title: "\(configuration.dataset): quality against sampling budget",
                              xLabel: "network evaluations (Heun)", yLabel: "sliced W2",
                              xScale: .log, yScale: .log)
    }
}

extension Comparison.Result {
    /// Writes the figures (`<prefix>comparison.png`, `<prefix>loss.png`,
    /// `<prefix>steps.png` with a sweep) into `folder` and returns the
    /// Markdown section that shows them with the tables.
    public func writeFigures(to folder: String, prefix: String = "", heading: String? = nil) throws -> String {
        var text = heading.map { "\($0)\n\n" } ?? ""
        text += "Ground truth: " + groundTruth.description + ".\n\n"
        text += markdownTable
        if let sweep = sweepTable {
            text += "\nSliced W2 against the number of Heun steps:\n\n" + sweep
        }
        try ImageFile.write(figure(), to: folder + "/\(prefix)comparison.png")
        try ImageFile.write(lossChart(), to: folder + "/\(prefix)loss.png")
        text += "\n![\(configuration.dataset): samples and paths](\(prefix)comparison.png)\n\n"
        text += "![\(configuration.dataset): loss](\(prefix)loss.png)\n"
        if let chart = sweepChart() {
            try ImageFile.write(chart, to: folder + "/\(prefix)steps.png")
            text += "\n![\(configuration.dataset): quality against steps](\(prefix)steps.png)\n"
        }
        return text
    }
}
