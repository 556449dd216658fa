import FieldLabAnalysis
import FieldLabCore
import FieldLabData
import FieldLabExperiments
import FieldLabMethods
import FieldLabMetrics
import FieldLabRender
import Foundation

/// Experiment 1: memorisation gives way to generalisation as the training
/// set grows (Gu et al. 2023; Yoon et al. 2023; Kadkhodaie et al. 2024).
///
/// A sweep over N (log-spaced) × method × width × seeds at a fixed budget;
/// per method and width the critical size N_c (the memorisation ratio
/// crosses 50 %) and the effective model memorisation EMM (the largest N
/// still memorised at 90 %), each with a bootstrap interval over seeds,
/// beside the continuous twin (mean log d1/d2) and both field errors. The
/// exact-field sampler of every training set is the memorising limit, and
/// Kadkhodaie's identity test pairs networks trained on disjoint sets.
public struct MemorizationExperiment: PhaseExperiment {
    public static let name = "memorization"
    public static let title = "Memorisation → generalisation as the training set grows"
    public static let papers = "Gu et al. 2023, \"On memorization in diffusion models\"; Yoon et al. 2023; Kadkhodaie et al. 2024"

    public init() {}

    public func run(_ context: ExperimentContext) throws -> ExperimentOutcome {
        let plan = MemorizationSweep.plan(quick: context.quick)
        let (sweep, groups, commands) = try plan.run(context)
        _ = try RunFolder.prepare(context.reportFolder)
        let folder = context.reportFolder
        var report = ExperimentReport(title: "Memorisation → generalisation as the training set grows",
                                      papers: Self.papers, command: context.command, quick: context.quick)
        report.setup = [
            "Data: `\(plan.dataset)`; N = \(MemorizationSweep.sizes(of: sweep).map(String.init).joined(separator: ", ")) training points (each seed draws its own set).",
            "Methods: \(plan.methods.map { $0 == .diffusion ? "EDM" : $0.displayName }.joined(separator: ", ")); widths \(plan.widths.map(String.init).joined(separator: ", ")) (depth 3); \(plan.steps) steps at batch \(plan.batchSize), lr 5e-3, \(plan.seeds) seeds.",
            "Samples: 2000 per point, 18 Heun steps; observables on the first 512. Memorisation ratio = share of samples whose nearest training point is closer than 1/3 of the second nearest (thresholded); its continuous twin is the mean ln(d1/d2).",
            "Field errors: the network's velocity against the exact field of its own training set (the memorising optimum) and against the population field (10⁶ fresh points), relative squared error averaged over three noise bands.",
        ]
        report.sweepCommands = commands

        var outcome = ExperimentOutcome()
        let colors = Theme.palette
        let memorization = { (r: SweepPointResult) in r.value(of: "memorization_ratio") }
        let size = { (r: SweepPointResult) in r.point.training.trainSize.map(Double.init) }

        // Critical sizes per group.
        var markers: [ChartMarker] = []
        var rows = "group,quantity,method,value,low,high,note\n"
        for (g, group) in groups.enumerated() {
            let curve = PhaseCurves.samples(group.results, x: size, y: memorization)
            for (quantity, level) in [("N_c (memorisation 50 %)", 0.5), ("EMM (memorised at 90 %)", 0.9)] {
                switch PhaseCurves.locate(curve, method: .crossing, logX: true, level: level) {
                case let .success(p):
                    outcome.criticalValues.append(CriticalValue(
                        name: "\(quantity), \(group.label)", point: p,
                        method: "crossing of \(Int(level * 100)) % by the seed means (log N), seed bootstrap"))
                    rows += "\(group.label),\(quantity),crossing,\(p.critical),\(p.low),\(p.high),\n"
                    if level == 0.5 { markers.append(PhaseCurves.marker(p, label: "N_c", color: colors[g % colors.count])) }
                case let .failure(error):
                    rows += "\(group.label),\(quantity),crossing,,,,\(error)\n"
                    report.section("No \(quantity) for \(group.label)", "\(error): the curve never crosses \(Int(level * 100)) % within the sweep.")
                }
            }
            if case let .success(p) = PhaseCurves.locate(curve, method: .logistic, logX: true) {
                outcome.criticalValues.append(CriticalValue(name: "logistic midpoint, \(group.label)", point: p,
                                                            method: "4-parameter logistic in log N, seed bootstrap"))
                rows += "\(group.label),logistic midpoint,logistic,\(p.critical),\(p.low),\(p.high),\n"
            }
            let fieldRatio = PhaseCurves.samples(group.results, x: size) { r in
                guard let a = r.value(of: "field_error_train"), let b = r.value(of: "field_error_population"), a > 0, b > 0
                else { return nil }
                return Foundation.log(a / b)
            }
            if case let .success(p) = PhaseCurves.locate(fieldRatio, method: .crossing, logX: true, level: 0) {
                outcome.criticalValues.append(CriticalValue(
                    name: "field errors cross, \(group.label)", point: p,
                    method: "zero of ln(error vs training set / error vs population), seed bootstrap"))
                rows += "\(group.label),field errors cross,crossing,\(p.critical),\(p.low),\(p.high),\n"
            }
        }
        report.tables.append(("critical.csv", rows))

        // The exact-field sampler: the memorising limit.
        let sizes = MemorizationSweep.sizes(of: sweep)
        var exactRows = "method,train_size,seed,memorization_ratio\n"
        var exactSeries: [ChartSeries] = []
        var exactMinimum = 1.0
        for (k, method) in plan.methods.enumerated() {
            var xs: [Double] = [], ys: [Double] = []
            for n in sizes {
                for s in 0..<plan.seeds {
                    let training = try TrainingSet.load(plan.dataset, size: n, seed: UInt64(s))
                    let samples = Sampler.sampleExact(method: makeMethod(kind: method, parameters: ImageModelConstants.parameters(for: method)), trainingPoints: training.points,
                                                      options: SamplingOptions(count: 512, steps: 18, seed: 99)).points
                    let ratio = Memorization.ratio(samples, training: training.points)
                    exactMinimum = min(exactMinimum, ratio)
                    xs.append(Double(n))
                    ys.append(ratio)
                    exactRows += "\(method.rawValue),\(n),\(s),\(ratio)\n"
                }
            }
            exactSeries.append(PhaseCurves.meanSeries("exact field (\(method == .diffusion ? "EDM" : method.displayName))",
                                                      CurveSamples(x: xs, y: ys), color: k == 0 ? Theme.text : Theme.mutedText,
                                                      dashed: true))
        }
        report.tables.append(("exact-sampler.csv", exactRows))
        outcome.figures["exact_minimum_ratio"] = exactMinimum

        // Claims.
        var largest: [String] = []
        var largestHolds = true
        for group in groups {
            let curve = PhaseCurves.samples(group.results, x: size, y: memorization)
            let (first, last) = PhaseCurves.ends(curve)
            let baseline = PhaseCurves.ends(PhaseCurves.samples(group.results, x: size) { $0.value(of: "memorization_baseline") }).last
            if let first {
                outcome.figures["smallest_ratio \(group.label)"] = first.mean
                outcome.claims.append(ExperimentClaim(
                    "memorisation ratio ≥ 0.8 at the smallest N, \(group.label)", holds: first.mean >= 0.8,
                    detail: "\(ExperimentFormatting.interval(first.mean, first.low, first.high)) at N = \(ExperimentFormatting.number(curve.x.min() ?? 0))"))
            }
            if let last, let baseline, group.longSteps == nil {
                largest.append("\(group.label) \(ExperimentFormatting.number(last.mean)) vs baseline \(ExperimentFormatting.number(baseline.mean))")
                largestHolds = largestHolds && last.mean <= 2 * baseline.mean
            }
        }
        outcome.claims.append(ExperimentClaim("at the largest N, no more than 2 × the fresh-sample baseline", holds: largestHolds,
                                              detail: largest.joined(separator: "; ")))
        outcome.claims.append(ExperimentClaim("the exact-field sampler memorises ≥ 0.95 at every N", holds: exactMinimum >= 0.95,
                                              detail: "lowest ratio over every N, seed and method: \(ExperimentFormatting.number(exactMinimum))"))

        // Identity test.
        var identity: [(group: MemorizationSweep.Group, pairs: [IdentityTest.Pair])] = []
        var identityRows = "group,train_size,distance,unrelated_distance,spacing,distance_over_spacing,distance_over_unrelated\n"
        for group in groups {
            let pairs = try IdentityTest.pairs(group.results, folder: sweepFolder(of: group, sweep))
            identity.append((group, pairs))
            for p in pairs {
                identityRows += "\(group.label),\(p.trainSize),\(p.distance),\(p.unrelatedDistance),\(p.spacing),\(p.distanceOverSpacing),\(p.distanceOverUnrelated)\n"
            }
        }
        report.tables.append(("identity-test.csv", identityRows))
        var identityDetails: [String] = []
        var identityHolds = true
        for (group, pairs) in identity {
            let curve = CurveSamples(x: pairs.map { Double($0.trainSize) }, y: pairs.map(\.distanceOverUnrelated))
            let (first, last) = PhaseCurves.ends(curve)
            if let first, let last {
                identityDetails.append("\(group.label): \(ExperimentFormatting.number(first.mean)) → \(ExperimentFormatting.number(last.mean))")
                identityHolds = identityHolds && last.mean < first.mean
                outcome.figures["identity_first \(group.label)"] = first.mean
                outcome.figures["identity_last \(group.label)"] = last.mean
            }
        }
        outcome.claims.append(ExperimentClaim(
            "networks on disjoint sets agree more at the largest N than at the smallest (identity test)",
            holds: identityHolds, detail: "shared-draw distance / unrelated-draw distance: " + identityDetails.joined(separator: "; ")))
        report.claims = outcome.claims
        report.criticalValues = outcome.criticalValues

        // Charts.
        var series: [ChartSeries] = []
        for (g, group) in groups.enumerated() {
            series.append(PhaseCurves.meanSeries(group.label, PhaseCurves.samples(group.results, x: size, y: memorization),
                                                 color: colors[g % colors.count]))
        }
        let baseline = MeanInterval(sweep.table.results.compactMap { $0.value(of: "memorization_baseline") })
        var references = [ChartReferenceLine(y: 0.5, label: "50 %"), ChartReferenceLine(y: 0.9, label: "90 % (EMM)")]
        if let baseline { references.append(ChartReferenceLine(y: baseline.mean, label: "fresh true samples")) }
        let ratioChart = Plot.lineChart(series + exactSeries, width: 760, height: 460,
                                        title: "memorisation ratio (1/3 rule) against training-set size",
                                        xLabel: "training-set size N (log scale)", yLabel: "share of samples memorised",
                                        xScale: .log, yRange: -0.02...1.05, markers: markers, referenceLines: references)
        var twin: [ChartSeries] = []
        for (g, group) in groups.enumerated() {
            twin.append(PhaseCurves.meanSeries(group.label, PhaseCurves.samples(group.results, x: size) { $0.value(of: "log_nn_ratio") },
                                               color: colors[g % colors.count]))
        }
        let twinBaseline = MeanInterval(sweep.table.results.compactMap { $0.value(of: "log_nn_ratio_baseline") })
        let twinChart = Plot.lineChart(twin, width: 760, height: 460,
                                       title: "continuous twin: mean ln(d1/d2) against training-set size",
                                       xLabel: "training-set size N (log scale)", yLabel: "mean ln(d1 / d2)  (ln(1/3) = −1.10)",
                                       xScale: .log,
                                       referenceLines: [ChartReferenceLine(y: Foundation.log(1.0 / 3), label: "ln(1/3)")]
                                           + (twinBaseline.map { [ChartReferenceLine(y: $0.mean, label: "fresh true samples")] } ?? []))
        report.section("Memorisation against N", """
            The thresholded ratio (left) and its continuous twin (right), seed means with 95 % intervals; the exact field of \
            each training set (dashed) is the memorising limit. N_c is marked with its bootstrap interval.

            \(try ExperimentReport.chart(ratioChart, file: "memorization_ratio.png", in: folder)) \
            \(try ExperimentReport.chart(twinChart, file: "log_nn_ratio.png", in: folder))
            """)

        var panels: [(title: String, canvas: Canvas)] = []
        for (g, group) in groups.enumerated() {
            let train = PhaseCurves.samples(group.results, x: size) { $0.value(of: "field_error_train") }
            let population = PhaseCurves.samples(group.results, x: size) { $0.value(of: "field_error_population") }
            let crossing = outcome.criticalValues.first { $0.name == "field errors cross, \(group.label)" }
            let chart = Plot.lineChart(
                [PhaseCurves.meanSeries("vs its training set (exact field)", train, color: colors[g % colors.count], dashed: true),
                 PhaseCurves.meanSeries("vs the population field", population, color: colors[g % colors.count])],
                width: 420, height: 300, title: "", xLabel: "N (log scale)", yLabel: "relative squared error",
                xScale: .log, yScale: .log,
                markers: crossing.map { [ChartMarker(x: $0.value, band: $0.low...$0.high, label: "cross " + ExperimentFormatting.interval($0))] } ?? [])
            panels.append((group.label, chart))
        }
        let fieldPanels = Plot.panels(panels, columns: min(2, panels.count),
                                      caption: "field error of the network against the exact field of its training set and against the population field")
        report.section("Field errors: memorising optimum against population field", """
            Where the dashed curve (error against the network's own training set's exact field) lies below the solid one \
            (against the population field), the network is closer to the memorising optimum; the curves cross at the change.

            \(try ExperimentReport.chart(fieldPanels, file: "field-errors.png", in: folder))
            """)

        var identitySeries: [ChartSeries] = []
        var spacingSeries: [ChartSeries] = []
        for (g, entry) in identity.enumerated() {
            let x = entry.pairs.map { Double($0.trainSize) }
            identitySeries.append(PhaseCurves.meanSeries(entry.group.label, CurveSamples(x: x, y: entry.pairs.map(\.distanceOverUnrelated)),
                                                         color: colors[g % colors.count]))
            spacingSeries.append(PhaseCurves.meanSeries(entry.group.label, CurveSamples(x: x, y: entry.pairs.map(\.distanceOverSpacing)),
                                                        color: colors[g % colors.count]))
        }
        let identityChart = Plot.lineChart(identitySeries, width: 760, height: 460,
                                           title: "identity test: two networks on disjoint training sets, same prior draws",
                                           xLabel: "training-set size N of each network (log scale)",
                                           yLabel: "‖x_A − x_B‖ / same for unrelated draws", xScale: .log,
                                           referenceLines: [ChartReferenceLine(y: 1, label: "unrelated samples")])
        let spacingChart = Plot.lineChart(spacingSeries, width: 760, height: 460,
                                          title: "identity test in units of the nearest-neighbour spacing",
                                          xLabel: "training-set size N of each network (log scale)",
                                          yLabel: "‖x_A − x_B‖ / median NN spacing", xScale: .log,
                                          referenceLines: [ChartReferenceLine(y: 1, label: "one spacing (different copies)")])
        report.section("Identity test (Kadkhodaie et al.)", """
            Two seeds of a point are two networks trained on independent (hence disjoint) training sets of size N. Both are \
            sampled from the same 512 prior draws (18 Heun steps). Memorising, each lands on its own training points and the \
            pair is about one nearest-neighbour spacing apart or more; generalising, both land on the same new point.

            \(try ExperimentReport.chart(identityChart, file: "identity-test.png", in: folder)) \
            \(try ExperimentReport.chart(spacingChart, file: "identity-test-spacing.png", in: folder))
            """)

        let stripGroup = groups.last { $0.longSteps == nil }!
        if let strip = try sampleStrip(stripGroup, sweep: sweep) {
            report.section("Samples along N (\(stripGroup.label), seed 0)",
                           try ExperimentReport.chart(strip, file: "samples-strip.png", in: folder))
        }
        report.comparison = comparison(groups: groups, outcome: outcome, quick: context.quick)
        try report.write(to: folder)
        return outcome
    }

    /// The sweep folder holding a group's runs.
    func sweepFolder(of group: MemorizationSweep.Group, _ sweep: PhaseSweep) -> SweepFolder {
        group.longSteps == nil ? sweep.folder : SweepFolder(sweep.folder.path + "-long")
    }

    /// Density pictures of seed 0's samples at each N, training points on top.
    func sampleStrip(_ group: MemorizationSweep.Group, sweep: PhaseSweep) throws -> Canvas? {
        let runs = group.results.filter { $0.point.seed == 0 }.sorted { ($0.point.training.trainSize ?? 0) < ($1.point.training.trainSize ?? 0) }
        guard let last = runs.last else { return nil }
        let reference = try PointFile.read(sweep.folder.pointPath(last.id) + "/training-set.csv")
        let viewport = Viewport.fitting(reference)
        var panels: [(title: String, canvas: Canvas)] = []
        for r in runs {
            let samples = try PointFile.read(sweep.folder.pointPath(r.id) + "/samples.csv")
            panels.append(("N = \(r.point.training.trainSize ?? 0)", Plot.density(samples, viewport: viewport, width: 150, height: 150)))
        }
        return Plot.panels(panels, columns: min(6, panels.count), caption: "samples (2000, density) along the training-set size")
    }

    func comparison(groups: [MemorizationSweep.Group], outcome: ExperimentOutcome, quick: Bool) -> String {
        func value(_ prefix: String, _ group: MemorizationSweep.Group) -> String {
            outcome.criticalValues.first { $0.name == "\(prefix), \(group.label)" }.map(ExperimentFormatting.interval) ?? "none in range"
        }
        func nc(_ group: MemorizationSweep.Group) -> Double? {
            outcome.criticalValues.first { $0.name == "N_c (memorisation 50 %), \(group.label)" }?.value
        }
        var t = "Gu et al. find memorisation only at small training sets, a decreasing sigmoid in |D|, with the effective "
        t += "model memorisation EMM (largest |D| memorised at 90 %) growing with model size and training length; "
        t += "Kadkhodaie et al. find two networks on disjoint sets converge to the same samples once N is large. Here:\n\n"
        for group in groups {
            t += "- \(group.label): N_c = \(value("N_c (memorisation 50 %)", group)), EMM = \(value("EMM (memorised at 90 %)", group)), "
            t += "field errors cross at \(value("field errors cross", group)).\n"
        }
        let main = groups.filter { $0.longSteps == nil }
        var widthNotes: [String] = []
        for method in [MethodKind.flowMatching, .diffusion] {
            let byWidth = main.filter { $0.method == method }.sorted { $0.width < $1.width }
            if let a = byWidth.first, let b = byWidth.last, a.width != b.width, let x = nc(a), let y = nc(b) {
                widthNotes.append("\(method == .diffusion ? "EDM" : method.displayName) \(ExperimentFormatting.number(x)) → \(ExperimentFormatting.number(y)) from width \(a.width) to \(b.width)")
            }
        }
        if !widthNotes.isEmpty {
            t += "\nN_c grows with the width, as EMM grows with model size in Gu et al.: " + widthNotes.joined(separator: "; ") + ". "
        }
        if let long = groups.first(where: { $0.longSteps != nil }), let base = main.last(where: { $0.method == .diffusion }) {
            let emmLong = outcome.criticalValues.first { $0.name == "EMM (memorised at 90 %), \(long.label)" }
            let emmBase = outcome.criticalValues.first { $0.name == "EMM (memorised at 90 %), \(base.label)" }
            t += "Training longer moves it too (Gu et al.: EMM grows with training length): \(long.label) has N_c = "
            t += "\(nc(long).map { ExperimentFormatting.number($0) } ?? "none") against \(nc(base).map { ExperimentFormatting.number($0) } ?? "none") "
            t += "at \(base.results.first?.point.training.steps ?? 0) steps, and EMM = \(emmLong.map(ExperimentFormatting.interval) ?? "below the smallest N") "
            t += "against \(emmBase.map(ExperimentFormatting.interval) ?? "below the smallest N"). "
            if main.allSatisfy({ g in !outcome.criticalValues.contains { $0.name == "EMM (memorised at 90 %), \(g.label)" } }) {
                t += "At the sweep's budget no network here memorises 90 % of its samples even at the smallest N, so EMM needs the longer run."
            }
            t += "\n"
        }
        t += "\nThe sigmoid in log N is there: the thresholded ratio falls from near-copies to the fresh-sample baseline, "
        t += "and its continuous twin falls with it, without a step. The exact-field sampler memorises at every N "
        t += "(lowest \(ExperimentFormatting.number(outcome.figures["exact_minimum_ratio"] ?? .nan))), so the fall is the networks' doing. "
        t += "Where the numbers differ from the paper, the scale does: 2D points and a 3-layer MLP at a fixed budget of a "
        t += "few thousand steps, against CIFAR-10 U-Nets trained to convergence, so N_c sits at tens of points, not thousands. "
        t += "The 1/3 rule is also harder in 2D at small N: two training points of one mode lie closer than the network's "
        t += "blur, so a sample between them counts as new. "
        let fm = main.filter { $0.method == .flowMatching }, edm = main.filter { $0.method == .diffusion }
        if !fm.isEmpty, !edm.isEmpty, zip(fm, edm).allSatisfy({ a, b in (nc(a) ?? 0) < (nc(b) ?? 0) }) {
            t += "Flow matching memorises less than EDM at the same budget and width: it regresses the velocity, which near "
            t += "the data end is (y − x)/(1 − t) and singular at the training points, while EDM's preconditioned denoiser "
            t += "output stays bounded. "
        }
        t += "\n\nThe identity test agrees with Kadkhodaie et al. at the scale of the distribution: the distance between the "
        t += "two networks' samples from the same draws falls from about half that of unrelated draws to a few per cent. "
        t += "In units of the nearest-neighbour spacing it does not fall: the spacing shrinks as N^(−1/2) in 2D, below the "
        t += "networks' own accuracy, so two generalising networks agree on the same new point only to within a few spacings."
        if quick { t += "\n\nThis is the quick variant: one method, one width, few sizes and seeds; the intervals are wide." }
        return t
    }
}
