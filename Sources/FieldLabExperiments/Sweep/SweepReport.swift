import FieldLabAnalysis
import FieldLabCore
import FieldLabData
import FieldLabRender
import Foundation

/// `fieldlab sweep report DIR`: the tidy tables, the critical points of the
/// main observables against the control parameter, a chart per observable
/// and a strip of sample pictures along the sweep, put together in
/// `DIR/report/README.md`.
public enum SweepReport {
    /// The observables whose critical points are located, with the fit the
    /// charts draw (every method's value goes to `critical.csv`). Sigmoidal
    /// order parameters get the logistic (Kneedle is the wrong tool for a
    /// sigmoid), the rest the broken stick (log_nn_ratio too: over the usual
    /// ranges it falls and flattens rather than switching between plateaus).
    public static let criticalObservables: [(name: String, primary: CriticalPointMethod)] = [
        ("memorization_ratio", .logistic), ("log_nn_ratio", .segmented),
        ("field_error_train", .segmented), ("field_error_population", .segmented),
        ("generalization_gap", .segmented), ("heldout_loss", .segmented),
        ("sliced_w2", .segmented), ("energy_distance", .segmented),
    ]

    /// Curves derived from two observables, located like the others.
    /// `field_error_log_ratio` = ln(field_error_train / field_error_population):
    /// negative where the network is closer to the exact field of its training
    /// set (memorising) than to the population field; its zero is where the
    /// two field errors cross.
    public static let derived: [(name: String, primary: CriticalPointMethod)] = [("field_error_log_ratio", .crossing)]
    static let derivedNames: Set<String> = ["field_error_log_ratio"]

    /// The levels of the `crossing` method: 50 % for the memorisation ratio
    /// (N_c), 0 for the log ratio of the field errors (the curves cross).
    /// Observables without a natural level get no crossing.
    public static let crossingLevels: [String: Double] = ["memorization_ratio": 0.5, "field_error_log_ratio": 0]

    /// The reference line drawn on an observable's chart: its floor or baseline.
    static let references: [String: (column: String, label: String)] = [
        "memorization_ratio": ("memorization_baseline", "fresh true samples"),
        "log_nn_ratio": ("log_nn_ratio_baseline", "fresh true samples"),
        "sliced_w2": ("sliced_w2_floor", "noise floor"),
        "energy_distance": ("energy_distance_floor", "noise floor"),
    ]

    public struct Options: Sendable {
        /// The swept parameter on the x axis (default: the first numeric axis).
        public var control: SweepParameter?
        public var resamples = 500
        public var confidence = 0.95
        /// The report folder (nil: `DIR/report`).
        public var out: String?
        public init(control: SweepParameter? = nil, resamples: Int = 500, confidence: Double = 0.95, out: String? = nil) {
            self.control = control
            self.resamples = resamples
            self.confidence = confidence
            self.out = out
        }
    }

    /// One row of `critical.csv`.
    public struct Row: Sendable {
        public var group: String
        public var observable: String
        public var method: CriticalPointMethod
        public var point: CriticalPoint?
        public var note: String
        public var distinctX: Int
        public var seedsPerX: Double
    }

    public struct Output: Sendable {
        public var folder: String
        public var rows: [Row]
        public var finished: Int
        public var planned: Int
    }

    /// Writes `DIR/report/` for the sweep in `folder`. Every file is written
    /// atomically; nothing is written when the folder is not a sweep or has
    /// no finished point.
    public static func write(_ folder: SweepFolder, options: Options = Options(), command: String) throws -> Output {
        let table = try SweepTable(folder: folder)
        guard !table.results.isEmpty else { throw SweepError.noResults(folder: folder.path) }
        let specification = table.specification
        let numericAxes = specification.axes.filter { $0.parameter.isNumeric }
        guard let controlAxis = options.control.flatMap({ c in specification.axes.first { $0.parameter == c } })
                ?? numericAxes.first else {
            throw SweepError.notASweep(folder: folder.path, reason: "no numeric parameter to use as the control")
        }
        if let control = options.control, !numericAxes.contains(where: { $0.parameter == control }) {
            throw SweepError.notASweep(folder: folder.path, reason: "--control \(control.rawValue) is not a numeric swept parameter")
        }
        let control = controlAxis.parameter
        let logX = controlAxis.logAxis
        let out = options.out ?? folder.reportPath
        try RunFolder.prepare(out)

        // Groups: the settings of every other axis.
        let controlIndex = specification.axes.firstIndex { $0.parameter == control }!
        var groupOrder: [String] = []
        var groups: [String: [SweepPointResult]] = [:]
        for r in table.results {
            let name = zip(specification.axes, r.point.values).enumerated()
                .filter { $0.offset != controlIndex }
                .map { "\($0.element.0.parameter.rawValue)=\($0.element.1)" }.joined(separator: ", ")
            if groups[name] == nil { groupOrder.append(name) }
            groups[name, default: []].append(r)
        }

        // Critical points.
        var rows: [Row] = []
        let available = Set(table.observableNames)
        for (name, _) in criticalObservables + derived where available.contains(name) || derivedNames.contains(name) {
            for group in groupOrder {
                let samples = curve(groups[group]!, control: control.column, observable: name)
                let distinct = Set(samples.x).count
                for method in CriticalPointMethod.allCases where method != .crossing || crossingLevels[name] != nil {
                    var row = Row(group: group, observable: name, method: method, point: nil, note: "",
                                  distinctX: distinct, seedsPerX: Double(samples.x.count) / Double(max(1, distinct)))
                    do {
                        row.point = try CriticalPoints.find(CurveSamples(x: samples.x, y: samples.y), method: method,
                                                            logX: logX, confidence: options.confidence,
                                                            resamples: options.resamples, seed: 0,
                                                            level: crossingLevels[name] ?? 0.5)
                    } catch {
                        row.note = "\(error)"
                    }
                    rows.append(row)
                }
            }
        }

        try AtomicFile.write(text: table.pointsCSV, to: out + "/points.csv")
        try AtomicFile.write(text: table.summaryCSV, to: out + "/summary.csv")
        try AtomicFile.write(text: criticalCSV(rows, control: control), to: out + "/critical.csv")

        // Charts.
        var charts: [String: String] = [:]
        for name in table.observableNames {
            let file = "\(name).png"
            let primary = criticalObservables.first { $0.name == name }?.primary
            let picture = chart(observable: name, control: control, logX: logX, groups: groupOrder.map { ($0, groups[$0]!) },
                                rows: rows.filter { $0.observable == name && $0.method == primary })
            try ImageFile.write(picture, to: out + "/" + file)
            charts[name] = file
        }
        if available.contains("field_error_train") && available.contains("field_error_population") {
            let picture = fieldErrorChart(control: control, logX: logX, groups: groupOrder.map { ($0, groups[$0]!) },
                                          crossings: rows.filter { $0.observable == "field_error_log_ratio" && $0.method == .crossing })
            try ImageFile.write(picture, to: out + "/field-errors.png")
            charts["field-errors"] = "field-errors.png"
        }
        let strip = try sampleStrip(table: table, folder: folder, control: controlAxis, controlIndex: controlIndex)
        if let strip { try ImageFile.write(strip, to: out + "/samples-strip.png") }

        let readme = markdown(table: table, control: controlAxis, logX: logX, rows: rows, charts: charts,
                              hasStrip: strip != nil, command: command, options: options)
        try AtomicFile.write(text: readme, to: out + "/README.md")
        return Output(folder: out, rows: rows, finished: table.results.count, planned: specification.points.count)
    }

    /// (control value, observable) pairs of a group, one per finished seed.
    static func curve(_ results: [SweepPointResult], control: String, observable: String) -> (x: [Double], y: [Double]) {
        var x: [Double] = [], y: [Double] = []
        for r in results {
            guard let cx = r.value(of: control), let v = value(of: observable, in: r), v.isFinite else { continue }
            x.append(cx)
            y.append(v)
        }
        return (x, y)
    }

    /// The rows the README and the command's output show: each observable's
    /// primary fit, and every level crossing.
    public static func isHeadline(_ row: Row) -> Bool {
        row.method == .crossing
            || (criticalObservables + derived).contains { $0.name == row.observable && $0.primary == row.method }
    }

    /// An observable's value, or a derived curve's.
    static func value(of observable: String, in result: SweepPointResult) -> Double? {
        guard observable == "field_error_log_ratio" else { return result.value(of: observable) }
        guard let a = result.value(of: "field_error_train"), let b = result.value(of: "field_error_population"),
              a > 0, b > 0 else { return nil }
        return Foundation.log(a / b)
    }

    /// The x range of the measured points, padded by 5 % of the span (of the
    /// decades on a log axis): an interval that reaches beyond the data (a
    /// plateau the sweep never reached) is clipped at the frame rather than
    /// squeezing the data into a corner; its label keeps the whole interval.
    static func dataRange(_ series: [ChartSeries], logX: Bool) -> ClosedRange<Double>? {
        let xs = series.flatMap { $0.points.map(\.x) }.filter { $0.isFinite && (!logX || $0 > 0) }
        guard let lo = xs.min(), let hi = xs.max(), hi > lo else { return nil }
        if logX {
            let pad = 0.05 * (Foundation.log10(hi) - Foundation.log10(lo))
            return Foundation.pow(10, Foundation.log10(lo) - pad)...Foundation.pow(10, Foundation.log10(hi) + pad)
        }
        let pad = 0.05 * (hi - lo)
        return (lo - pad)...(hi + pad)
    }

    /// The mean over seeds at each distinct x, with its 95 % Student-t interval.
    public static func means(_ samples: (x: [Double], y: [Double])) -> (points: [Point], bars: [ClosedRange<Double>]) {
        var points: [Point] = [], bars: [ClosedRange<Double>] = []
        for x in Array(Set(samples.x)).sorted() {
            guard let m = MeanInterval(zip(samples.x, samples.y).filter { $0.0 == x }.map(\.1)) else { continue }
            points.append(Point(x, m.mean))
            bars.append(m.low...m.high)
        }
        return (points, bars)
    }

    static func criticalCSV(_ rows: [Row], control: SweepParameter) -> String {
        var text = "control,group,observable,method,critical,low,high,confidence,log_x,width,distinct_x,seeds_per_x,note\n"
        for r in rows {
            let p = r.point
            let cells: [String] = [
                control.column, quoted(r.group), r.observable, r.method.rawValue,
                p.map { "\($0.critical)" } ?? "", p.map { "\($0.low)" } ?? "", p.map { "\($0.high)" } ?? "",
                p.map { "\($0.confidence)" } ?? "", p.map { $0.logX ? "true" : "false" } ?? "",
                p?.parameters["width"].map { "\($0)" } ?? "", String(r.distinctX),
                String(format: "%.2f", r.seedsPerX), quoted(r.note),
            ]
            text += cells.joined(separator: ",") + "\n"
        }
        return text
    }

    static func quoted(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// A chart of one observable against the control: the mean over seeds
    /// with its 95 % interval per group, the fitted curve (dashed), the
    /// critical value with its confidence band, and the floor or baseline.
    static func chart(observable: String, control: SweepParameter, logX: Bool,
                      groups: [(name: String, results: [SweepPointResult])], rows: [Row]) -> Canvas {
        var series: [ChartSeries] = []
        var markers: [ChartMarker] = []
        var references: [ChartReferenceLine] = []
        for (g, group) in groups.enumerated() {
            let color = Theme.palette[g % Theme.palette.count]
            let (points, bars) = means(curve(group.results, control: control.column, observable: observable))
            let label = group.name.isEmpty ? "mean ± 95% CI" : group.name
            series.append(ChartSeries(name: label, points: points, color: color, markers: true, errorBars: bars))
            if let row = rows.first(where: { $0.group == group.name }), let p = row.point {
                if !p.curveX.isEmpty {
                    series.append(ChartSeries(name: g == 0 ? "\(p.method.rawValue) fit" : "", x: p.curveX, y: p.curveY,
                                              color: color, dashed: true))
                }
                markers.append(ChartMarker(x: p.critical, band: p.low...p.high,
                                           label: "\(p.method.rawValue) " + format(p.critical)
                                               + " [" + format(p.low) + ", " + format(p.high) + "]",
                                           color: color))
            }
            if g == 0, let reference = Self.references[observable] {
                let values = group.results.compactMap { $0.value(of: reference.column) }
                if let m = MeanInterval(values) {
                    references.append(ChartReferenceLine(y: m.mean, label: reference.label, color: nil))
                }
            }
        }
        if observable == "memorization_ratio" {
            references.append(ChartReferenceLine(y: 0.5, label: "50 %", color: nil))
        }
        let xRange = dataRange(series.filter { !$0.dashed }, logX: logX)
        let yLog = observable.contains("field_error") || observable.hasSuffix("loss") || observable.hasPrefix("heldout")
        let positive = series.filter { !$0.dashed }.allSatisfy { $0.points.allSatisfy { $0.y > 0 } }
        return Plot.lineChart(series, width: 720, height: 440, title: "\(observable) against \(control.rawValue)",
                              xLabel: control.rawValue + (logX ? " (log scale)" : ""), yLabel: observable,
                              xScale: logX ? .log : .linear, yScale: yLog && positive ? .log : .linear,
                              xRange: xRange, markers: markers, referenceLines: references)
    }

    /// Both field errors on one chart: against the training set's exact field
    /// (the memorising optimum) and the population field (the generalising
    /// reference). Where the first is the smaller, the network is closer to
    /// memorising; the curves cross at the change.
    static func fieldErrorChart(control: SweepParameter, logX: Bool,
                                groups: [(name: String, results: [SweepPointResult])], crossings: [Row]) -> Canvas {
        var series: [ChartSeries] = []
        var markers: [ChartMarker] = []
        for (g, group) in groups.enumerated() {
            for (k, observable) in ["field_error_train", "field_error_population"].enumerated() {
                let (points, bars) = means(curve(group.results, control: control.column, observable: observable))
                let against = k == 0 ? "vs training set" : "vs population"
                series.append(ChartSeries(name: group.name.isEmpty ? against : "\(group.name), \(against)", points: points,
                                          color: Theme.palette[(2 * g + k) % Theme.palette.count], markers: true,
                                          errorBars: bars, dashed: k == 0))
            }
            if let p = crossings.first(where: { $0.group == group.name })?.point {
                markers.append(ChartMarker(x: p.critical, band: p.low...p.high,
                                           label: "cross " + format(p.critical) + " [" + format(p.low) + ", " + format(p.high) + "]",
                                           color: Theme.palette[(2 * g) % Theme.palette.count]))
            }
        }
        let positive = series.allSatisfy { $0.points.allSatisfy { $0.y > 0 } }
        return Plot.lineChart(series, width: 720, height: 440,
                              title: "field error: training set (memorising) vs population (generalising)",
                              xLabel: control.rawValue + (logX ? " (log scale)" : ""),
                              yLabel: "relative squared velocity error", xScale: logX ? .log : .linear,
                              yScale: positive ? .log : .linear, xRange: dataRange(series, logX: logX), markers: markers)
    }

    /// Three significant digits, without exponent for ordinary sizes.
    public static func format(_ v: Double) -> String {
        if abs(v) >= 1e-3 && abs(v) < 1e5 { return String(format: "%.3g", v) }
        return String(format: "%.2e", v)
    }

    /// Density pictures of the first seed's samples along the control axis
    /// (the first setting of every other axis), side by side.
    static func sampleStrip(table: SweepTable, folder: SweepFolder, control: SweepAxis, controlIndex: Int) throws -> Canvas? {
        let first = table.results.first!
        var chosen: [SweepPointResult] = []
        for value in control.values {
            let match = table.results.first { r in
                r.point.seed == first.point.seed && r.point.values.enumerated().allSatisfy { i, v in
                    i == controlIndex ? v == value : v == first.point.values[i]
                }
            }
            if let match { chosen.append(match) }
        }
        guard !chosen.isEmpty else { return nil }
        var clouds: [(SweepPointResult, [Point])] = []
        for r in chosen {
            guard let samples = try? PointFile.read(folder.pointPath(r.id) + "/samples.csv") else { continue }
            clouds.append((r, samples))
        }
        guard let last = clouds.last else { return nil }
        let reference = (try? PointFile.read(folder.pointPath(last.0.id) + "/training-set.csv")) ?? last.1
        let viewport = Viewport.fitting(reference)
        let panels = clouds.map { r, samples in
            (title: "\(control.parameter.rawValue) \(r.point.values[controlIndex])",
             canvas: Plot.density(samples, viewport: viewport, width: 160, height: 160))
        }
        return Plot.panels(panels, columns: min(6, panels.count),
                           caption: "samples (seed \(first.point.seed)) along \(control.parameter.rawValue)")
    }

    static func markdown(table: SweepTable, control: SweepAxis, logX: Bool, rows: [Row], charts: [String: String],
                         hasStrip: Bool, command: String, options: Options) -> String {
        let s = table.specification
        var t = "# Sweep: \(s.axes.map(\.parameter.rawValue).joined(separator: " × ")) on \(s.base.dataset)\n\n"
        t += "Made by `\(command)` from the sweep made by `\(s.command ?? "fieldlab sweep …")`.\n\n"
        t += "- Method: \(s.base.methodTitle); \(s.base.steps) steps at batch \(s.base.batchSize), lr \(s.base.learningRate), "
        t += "width \(s.base.network.width) × depth \(s.base.network.depth) (unless swept).\n"
        for axis in s.axes {
            t += "- `\(axis.parameter.rawValue)`: \(axis.values.map(\.description).joined(separator: ", ")) (\(axis.spacing.rawValue))\n"
        }
        t += "- Seeds: \(s.seeds) (\(s.base.seed)…\(s.base.seed + UInt64(s.seeds) - 1)); each seed draws its own training set, initialisation and noise.\n"
        t += "- Points: \(table.results.count) finished of \(s.points.count) planned"
        t += table.failed.isEmpty ? "" : ", \(table.failed.count) failed"
        t += table.missing.isEmpty ? "" : ", \(table.missing.count) not run yet"
        t += table.corrupt.isEmpty ? "" : ", \(table.corrupt.count) with an unreadable result (not used)"
        t += ".\n\n"
        t += "Files: [`points.csv`](points.csv) (one row per point and seed), [`summary.csv`](summary.csv) "
        t += "(mean and 95 % Student-t interval over seeds), [`critical.csv`](critical.csv) (every method).\n\n"

        t += "## Critical points against `\(control.parameter.rawValue)`\n\n"
        t += "Fitted on \(logX ? "log10 " : "")\(control.parameter.rawValue); intervals are \(Int(options.confidence * 100)) % "
        t += "bootstrap intervals (\(options.resamples) resamples of the seeds at each value). The 1/3-rule memorisation "
        t += "ratio is a thresholded metric: read it next to its continuous twin, the mean log(d1/d2).\n\n"
        t += "Methods: **logistic**, the midpoint of a four-parameter logistic; **segmented**, the breakpoint of a "
        t += "continuous broken stick; **crossing**, where the seed means first cross a level (50 % for the "
        t += "memorisation ratio; 0 for `field_error_log_ratio` = ln(field_error_train / field_error_population), "
        t += "where the two field errors cross), interpolated linearly in \(logX ? "log10 " : "")\(control.parameter.rawValue). "
        t += "Kneedle and (double) Bacon–Watts values are in `critical.csv`.\n\n"
        t += "| observable | group | method | critical | interval | note |\n|---|---|---|---|---|---|\n"
        for r in rows where isHeadline(r) {
            let value = r.point.map { format($0.critical) } ?? "–"
            let interval = r.point.map { "[\(format($0.low)), \(format($0.high))]" } ?? "–"
            t += "| \(r.observable) | \(r.group.isEmpty ? "all" : r.group) | \(r.method.rawValue) | \(value) | \(interval) | \(r.note) |\n"
        }
        t += "\n"
        if hasStrip { t += "## Samples along the sweep\n\n![](samples-strip.png)\n\n" }
        t += "## Observables\n\n"
        let paired = ["memorization_ratio", "log_nn_ratio"]
        if paired.allSatisfy({ charts[$0] != nil }) {
            t += "Thresholded and continuous memorisation, side by side:\n\n"
            t += "![](\(charts[paired[0]]!)) ![](\(charts[paired[1]]!))\n\n"
        }
        if let file = charts["field-errors"] {
            t += "The network's field against the exact field of its training set and against the population field "
            t += "(10⁶ fresh points): the curves cross where the network stops being closer to the memorising optimum:\n\n"
            t += "![](\(file))\n\n"
        }
        for name in table.observableNames where !paired.contains(name) {
            if let file = charts[name] { t += "![](\(file))\n" }
        }
        if !table.failed.isEmpty {
            t += "\n## Failed points\n\n| id | point | reason |\n|---|---|---|\n"
            for (point, reason) in table.failed {
                t += "| \(point.id) | \(point.columns.map { "\($0.name)=\($0.value)" }.joined(separator: " ")) seed=\(point.seed) | \(reason) |\n"
            }
        }
        return t
    }
}
