import ArgumentParser
import FieldLabExperiments

struct SweepReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a sweep's report: tidy tables, critical points with intervals, charts, sample strip.",
        discussion: """
        Writes DIR/report/points.csv (one row per point and seed), summary.csv (mean and 95 % interval \
        over seeds), critical.csv (logistic, segmented, kneedle, bacon-watts and bacon-watts-onset for the \
        main observables, per setting of the other parameters), one chart per observable, samples-strip.png \
        and README.md. Points that are missing, failed or unreadable are listed, never used.
        """
    )

    @Argument(help: "The sweep folder.")
    var folder: String

    @Option(help: "The swept parameter on the x axis (default: the first numeric one).")
    var control: String?

    @Option(help: "Report folder (default DIR/report).")
    var out: String?

    @Option(help: "Bootstrap resamples per interval.")
    var resamples: Int = 500

    func validate() throws {
        guard resamples >= 50, resamples <= 100_000 else {
            throw ValidationError("--resamples must be from 50 to 100000, got \(resamples)")
        }
    }

    func run() throws {
        let parameter = try control.map { name -> SweepParameter in
            guard let p = SweepParameter(rawValue: name) else { throw SweepError.unknownParameter(name) }
            return p
        }
        let output = try SweepReport.write(SweepFolder(folder), options: .init(control: parameter, resamples: resamples, out: out),
                                           command: FieldLabCommand.invocation)
        for row in output.rows where SweepReport.isHeadline(row) {
            guard let p = row.point else { continue }
            say(String(format: "%@%@ (%@): critical %.4g, %d%% CI [%.4g, %.4g]", row.observable,
                       row.group.isEmpty ? "" : " [\(row.group)]", row.method.rawValue, p.critical,
                       Int(p.confidence * 100), p.low, p.high))
        }
        say("sweep report: \(output.finished) of \(output.planned) points → \(output.folder)/README.md")
    }
}
