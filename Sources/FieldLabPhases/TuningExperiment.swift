import FieldLabAnalysis
import FieldLabCore
import FieldLabData
import FieldLabExperiments
import FieldLabMethods
import FieldLabRender
import FieldLabSampling
import Foundation

/// The tuning of every method for 2D data, as an experiment: the sweeps of
/// ``TuningPlan``, each point's 10 000 samples scored against one fixed fresh
/// draw next to the noise floors at that size (``SweepQuality``), one chart
/// and table per sweep, the choice each sweep made and why, and the chosen
/// defaults checked against the targets (≤ 1.2× the sliced W₂ floor and
/// ≤ 1.5× the energy floor on every dataset, median of the seeds).
public struct TuningExperiment: PhaseExperiment {
    public static let name = "tuning"
    public static let title = "A fair race: every method tuned for 2D data"
    public static let papers = "Karras, Aittala, Aila, Laine 2022 (EDM); Xu et al. 2023 (PFGM++); Lipman et al. 2023 and Esser et al. 2024 (flow matching, logit-normal times)"

    public init() {}

    /// One setting of a stage (its values of the stage's own axes) on one dataset: the seeds' ratios.
    struct Cell {
        var setting: [SweepValue]
        var dataset: String
        var sliced: [Double] = []
        var energy: [Double] = []
        var evaluations: Int
        var nonFinite = 0
    }

    /// One setting over all datasets: the median over seeds per dataset, and the worst dataset.
    struct Setting {
        var values: [SweepValue]
        var cells: [Cell]
        var evaluations: Int
        /// The largest per-dataset median sliced W₂ ratio (what the choice minimises).
        var worstSliced: Double { cells.map { $0.sliced.median }.max() ?? .nan }
        var worstEnergy: Double { cells.map { $0.energy.median }.max() ?? .nan }
        var medianSliced: Double { cells.flatMap(\.sliced).median }
    }

    struct StageResult {
        var stage: TuningPlan.Stage
        var command: String
        var settings: [Setting]
        /// Index into `settings` of the choice (nil for a check, or when nothing is within the budget).
        var chosen: Int?
        var failures: Int
    }

    public func run(_ context: ExperimentContext) throws -> ExperimentOutcome {
        let plan = TuningPlan.plan(quick: context.quick)
        _ = try RunFolder.prepare(context.reportFolder)
        var results: [StageResult] = []
        var decisions: [TuningPlan.Decision] = []
        var qualityCSV = ""
        for planned in plan.stages {
            let stage = try TuningPlan.resolve(planned, after: decisions)
            let sweep = try PhaseSweep.run(stage.name, base: stage.base, sampling: stage.sampling,
                                           poissonExtraDimensions: stage.base.method == .poisson ? stage.base.methodParameters["extra_dims"] : nil,
                                           axes: [(.dataset, stage.datasets.joined(separator: ","))] + stage.axes,
                                           seeds: plan.seeds, context: context)
            let rows = try SweepQuality.measure(sweep.table, folder: sweep.folder)
            qualityCSV += (qualityCSV.isEmpty ? "" : "\n") + "# \(stage.name)\n" + SweepQuality.csv(rows, table: sweep.table)
            let result = Self.summarise(stage, rows: rows, command: sweep.command, failures: sweep.table.failed.count)
            if let c = result.chosen {
                for (axis, value) in zip(stage.axes, result.settings[c].values) {
                    decisions.append(.init(parameter: axis.0, value: value, methods: stage.methods, stage: stage.name))
                }
            }
            results.append(result)
            context.log("tuning: \(stage.name) scored")
        }
        var outcome = ExperimentOutcome()
        var report = ExperimentReport(title: Self.title, papers: Self.papers, command: context.command, quick: context.quick)
        report.setup = setup(plan)
        report.sweepCommands = results.map(\.command)
        report.section("Decisions", decisionsText(decisions))
        let checks = results.filter(\.stage.isTargetCheck)
        if !checks.isEmpty {
            report.section("Targets", targetsText(checks, plan: plan))
            for check in checks {
                let method = check.stage.base.method.rawValue
                outcome.figures["\(method)_worst_sliced"] = check.settings.first?.worstSliced
                outcome.figures["\(method)_worst_energy"] = check.settings.first?.worstEnergy
            }
        }
        for (k, result) in results.enumerated() where !result.stage.isTargetCheck {
            let chart = try drawChart(result, plan: plan, file: "\(result.stage.name).png", folder: context.reportFolder)
            report.section("\(k + 1). \(result.stage.title)", stageText(result, plan: plan, chart: chart))
            if let c = result.chosen {
                outcome.figures["\(result.stage.name)_worst_sliced"] = result.settings[c].worstSliced
                outcome.figures["\(result.stage.name)_worst_energy"] = result.settings[c].worstEnergy
            }
        }
        report.tables = [("quality.csv", qualityCSV)]
        try report.write(to: context.reportFolder)
        return outcome
    }

    // MARK: - Scores

    static func summarise(_ stage: TuningPlan.Stage, rows: [SweepQuality.Row], command: String, failures: Int) -> StageResult {
        var cells: [Cell] = []
        for row in rows {
            let values = Array(row.result.point.values.dropFirst())
            let dataset = row.result.point.training.dataset
            let nfe = row.result.point.sampling.solver.evaluationsPerStep * row.result.point.sampling.solverSteps
            if let i = cells.firstIndex(where: { $0.setting == values && $0.dataset == dataset }) {
                cells[i].sliced.append(row.ratios[0])
                cells[i].energy.append(row.ratios[1])
                cells[i].nonFinite += row.nonFinite
            } else {
                cells.append(Cell(setting: values, dataset: dataset, sliced: [row.ratios[0]], energy: [row.ratios[1]],
                                  evaluations: nfe, nonFinite: row.nonFinite))
            }
        }
        var settings: [Setting] = []
        for cell in cells {
            if let i = settings.firstIndex(where: { $0.values == cell.setting }) { settings[i].cells.append(cell) }
            else { settings.append(Setting(values: cell.setting, cells: [cell], evaluations: cell.evaluations)) }
        }
        var chosen: Int?
        if !stage.isCheck {
            let affordable = settings.indices.filter { i in
                settings[i].cells.count == stage.datasets.count && stage.evaluationBudget.map { settings[i].evaluations <= $0 } ?? true
            }
            chosen = affordable.min { settings[$0].worstSliced < settings[$1].worstSliced }
        }
        return StageResult(stage: stage, command: command, settings: settings, chosen: chosen, failures: failures)
    }

    // MARK: - Report

    func setup(_ plan: TuningPlan) -> [String] {
        [
            "Every point trains with `train`'s budget (4000 steps at batch 1024, width 128, depth 3) on one of \(TuningPlan.datasets.map { "`\($0)`" }.joined(separator: ", ")), \(plan.seeds) seeds each (a seed is a training set, an initialisation and a prior draw).",
            "Quality: the point's \(plan.sampleCount) samples against one fixed fresh draw of \(plan.sampleCount) points, by sliced W₂ and energy distance, each over its noise floor (the mean of the metric between 3 pairs of fresh draws of that size); below 1 is possible, as a sample can sit closer to the reference than another fresh draw by chance.",
            "A setting's score is its **worst dataset**: the largest, over the datasets, of the median over seeds of the sliced W₂ ratio (the target asks every dataset to be within \(ExperimentFormatting.number(plan.slicedTarget))×). The choice is the setting with the smallest score (within the stage's budget of network evaluations, where it has one); the energy ratio stands beside it.",
            "Points that differ only in how they sample (σ_max, σ_min, ρ, flow matching's time grid, the solver and its steps) share one trained network.",
        ]
    }

    /// Every decision in order, with the stage that made it; and whether the
    /// methods' defaults in the code are the decided values.
    func decisionsText(_ decisions: [TuningPlan.Decision]) -> String {
        var t = "Each stage starts from the choices of the stages before it for its method (PFGM++ takes EDM's choices of the training noise law, σ_data, the weighting and the optimiser, since its σ is EDM's σ; it chooses its own sampler).\n\n"
        t += "| stage | method | setting | value |\n|---|---|---|---|\n"
        for d in decisions {
            t += "| \(d.stage) | \(d.methods.map(\.displayName).joined(separator: ", ")) | \(d.parameter.rawValue) | \(d.value.description) |\n"
        }
        let mismatches = Self.defaultMismatches(decisions)
        t += mismatches.isEmpty
            ? "\nThe methods' defaults in the code (`EDMDiffusion`, `PoissonFlow.samplerConstants`, `FlowMatching`, and each method's `defaultSampler` and `defaultOptimizer`) are these values.\n"
            : "\nThe code's defaults differ from these decisions: " + mismatches.joined(separator: "; ") + ".\n"
        return t
    }

    /// The decisions that the defaults in the code do not follow.
    static func defaultMismatches(_ decisions: [TuningPlan.Decision]) -> [String] {
        var last: [String: (TuningPlan.Decision, MethodKind)] = [:]
        for d in decisions { for m in d.methods { last["\(m.rawValue) \(d.parameter.rawValue)"] = (d, m) } }
        var out: [String] = []
        for (key, (d, method)) in last.sorted(by: { $0.key < $1.key }) {
            let configuration = TrainingConfiguration(method: method)
            let defaults = makeMethod(kind: method)
            let sampler = defaults.defaultSampler
            let actual: SweepValue?
            switch d.parameter {
            case .lr: actual = .number(configuration.learningRate)
            case .emaDecay: actual = .number(configuration.emaDecay)
            case .lrFloor: actual = .number(configuration.learningRateFloor)
            case .trainSize: actual = .number(Double(TrainingSet.defaultSize))
            case .solver: actual = .text(sampler.solver.rawValue)
            case .solverSteps: actual = .number(Double(sampler.steps))
            case .timeShift: actual = .number(defaults.parameters["time_shift"] ?? 1)
            case .lossWeighting:
                actual = .text((defaults.parameters["loss_weighting"].flatMap { EDMDiffusion.LossWeighting(rawValue: Int($0)) } ?? .edm).name)
            default: actual = d.parameter.methodConstant.flatMap { defaults.parameters[$0.key] }.map { .number($0) }
            }
            if actual != d.value { out.append("\(key): \(actual?.description ?? "none") in the code, \(d.value.description) decided") }
        }
        return out
    }

    /// The check stages: each method's decided settings per dataset against the targets.
    func targetsText(_ checks: [StageResult], plan: TuningPlan) -> String {
        let f = ExperimentFormatting.number
        var t = "Each method with every decision above, `train`'s budget, \(plan.seeds) seeds, n = \(plan.sampleCount) against fresh truth: the median over seeds of sliced W₂ / its floor and energy distance / its floor (targets ≤ \(f(plan.slicedTarget))× and ≤ \(f(plan.energyTarget))×).\n\n"
        let names = TuningPlan.datasets
        t += "| method | sampler | NFE | " + names.joined(separator: " | ") + " | targets |\n|---|---|---|" + names.map { _ in "---|" }.joined() + "---|\n"
        for check in checks {
            guard let setting = check.settings.first else { continue }
            let stage = check.stage
            var missed: [String] = []
            t += "| \(stage.base.method == .poisson ? "PFGM++ (D = \(f(stage.base.methodParameters["extra_dims"] ?? 4)))" : stage.base.method.displayName) | \(stage.sampling.solver.rawValue) \(stage.sampling.solverSteps) | \(setting.evaluations) | "
            t += names.map { n in
                guard let cell = setting.cells.first(where: { $0.dataset == n }) else { return "–" }
                let (sl, en) = (cell.sliced.median, cell.energy.median)
                if sl > plan.slicedTarget { missed.append("\(n) sliced by \(f(sl - plan.slicedTarget))×") }
                if en > plan.energyTarget { missed.append("\(n) energy by \(f(en - plan.energyTarget))×") }
                return "\(f(sl)) / \(f(en))"
            }.joined(separator: " | ")
            let budget = stage.base.method == .flowMatching ? 10 : 20
            if setting.evaluations > budget { missed.append("\(setting.evaluations) NFE > \(budget)") }
            t += " | " + (missed.isEmpty ? "all met" : "missed: " + missed.joined(separator: ", ")) + " |\n"
        }
        return t
    }

    static func label(_ stage: TuningPlan.Stage, _ values: [SweepValue]) -> String {
        zip(stage.axes, values).map { "\($0.0.rawValue) \($1.description)" }.joined(separator: ", ")
    }

    func stageText(_ result: StageResult, plan: TuningPlan, chart: String) -> String {
        let stage = result.stage
        var t = "Question: \(stage.question).\n\n\(chart)\n\n"
        let order = result.settings.indices.sorted { result.settings[$0].worstSliced < result.settings[$1].worstSliced }
        let f = ExperimentFormatting.number
        if let c = result.chosen {
            let best = result.settings[c]
            t += "**Choice: \(Self.label(stage, best.values))**: its worst dataset is at \(f(best.worstSliced))× the sliced W₂ floor "
            t += "(\(f(best.worstEnergy))× in energy distance; median over all datasets and seeds \(f(best.medianSliced))×)"
            let affordable = { (i: Int) in stage.evaluationBudget.map { result.settings[i].evaluations <= $0 } ?? true }
            if let runnerUp = order.first(where: { $0 != c && affordable($0) }) {
                let r = result.settings[runnerUp]
                t += "; the next best, \(Self.label(stage, r.values)), is at \(f(r.worstSliced))×"
            }
            t += ".\n\n"
        }
        if let budget = stage.evaluationBudget { t += "Budget: at most \(budget) network evaluations.\n\n" }
        if result.failures > 0 { t += "Failed points: \(result.failures) (they count as missing; a setting with a missing dataset is not chosen).\n\n" }
        // The table: every setting, best first; per dataset the median sliced / energy ratio.
        let names = stage.datasets
        t += "| setting | NFE | worst sliced W₂ | worst energy | " + names.joined(separator: " | ") + " |\n"
        t += "|---|---|---|---|" + names.map { _ in "---|" }.joined() + "\n"
        for i in order {
            let s = result.settings[i]
            let mark = i == result.chosen ? " **(chosen)**" : ""
            t += "| \(Self.label(stage, s.values))\(mark) | \(s.evaluations) | \(f(s.worstSliced))× | \(f(s.worstEnergy))× | "
            t += names.map { n in
                guard let cell = s.cells.first(where: { $0.dataset == n }) else { return "–" }
                return "\(f(cell.sliced.median)) / \(f(cell.energy.median))" + (cell.nonFinite > 0 ? " (\(cell.nonFinite) non-finite)" : "")
            }.joined(separator: " | ") + " |\n"
        }
        t += "\nPer dataset: median over seeds of sliced W₂ / energy distance, each over its floor.\n"
        return t
    }

    /// The stage's score against its first numeric axis (or the number of
    /// network evaluations, when it varies the solver's steps), one line per
    /// value of its other axes; the floor and the target as horizontal lines.
    func drawChart(_ result: StageResult, plan: TuningPlan, file: String, folder: String) throws -> String {
        let stage = result.stage
        let byEvaluations = stage.axes.contains { $0.0 == .solverSteps }
        let xAxis = byEvaluations ? nil : stage.axes.firstIndex { $0.0.isNumeric }
        func x(_ s: Setting) -> Double {
            if let a = xAxis { return s.values[a].number ?? .nan }
            if byEvaluations { return Double(s.evaluations) }
            // A text axis alone: its values at 1, 2, 3, …
            let values = stage.axes.isEmpty ? [] : (try? SweepValueList.parse(stage.axes[0].1, for: stage.axes[0].0).values) ?? []
            return Double((values.firstIndex(of: s.values[0]) ?? 0) + 1)
        }
        let lineAxes = stage.axes.indices.filter { $0 != xAxis && !(byEvaluations && stage.axes[$0].0 == .solverSteps) }
        var groups: [(label: String, settings: [Setting])] = []
        for s in result.settings {
            let label = lineAxes.map { "\(stage.axes[$0].0.rawValue) \(s.values[$0].description)" }.joined(separator: ", ")
            if let g = groups.firstIndex(where: { $0.label == label }) { groups[g].settings.append(s) }
            else { groups.append((label, [s])) }
        }
        let colors = groups.count <= Theme.palette.count ? Theme.palette : Colormap.viridis.colors(count: groups.count)
        var series: [ChartSeries] = []
        for (g, group) in groups.enumerated() {
            let sorted = group.settings.sorted { x($0) < x($1) }
            series.append(ChartSeries(name: group.label.isEmpty ? "worst dataset" : group.label,
                                      x: sorted.map(x), y: sorted.map(\.worstSliced), color: colors[g % colors.count], markers: true))
        }
        var markers: [ChartMarker] = []
        if let c = result.chosen {
            markers.append(ChartMarker(x: x(result.settings[c]), label: "chosen: \(Self.label(stage, result.settings[c].values))",
                                       color: Theme.text))
        }
        let xName: String
        let logX: Bool
        if byEvaluations { xName = "network evaluations per sample"; logX = false }
        else if let a = xAxis {
            // Scales such as σ_max span decades: a log axis from a tenfold range on.
            let numbers = ((try? SweepValueList.parse(stage.axes[a].1, for: stage.axes[a].0))?.values ?? []).compactMap(\.number)
            logX = (numbers.min() ?? 0) > 0 && (numbers.max() ?? 0) / (numbers.min() ?? 1) >= 10
            xName = stage.axes[a].0.rawValue + (logX ? " (log scale)" : "")
        } else {
            let values = (try? SweepValueList.parse(stage.axes[0].1, for: stage.axes[0].0).values) ?? []
            xName = stage.axes[0].0.rawValue + ": " + values.enumerated().map { "\($0 + 1) = \($1.description)" }.joined(separator: ", ")
            logX = false
        }
        let chart = Plot.lineChart(series, width: 760, height: 460,
                                   title: "\(stage.title): worst dataset (lower is better)", xLabel: xName,
                                   yLabel: "sliced W2 / noise floor, worst dataset (log scale)",
                                   xScale: logX ? .log : .linear, yScale: .log, markers: markers,
                                   referenceLines: [ChartReferenceLine(y: 1, label: "noise floor", color: Theme.mutedText),
                                                    ChartReferenceLine(y: plan.slicedTarget, label: "target \(ExperimentFormatting.number(plan.slicedTarget))×",
                                                                       color: Theme.palette[3])])
        return try ExperimentReport.chart(chart, file: file, in: folder)
    }
}

