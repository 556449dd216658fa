import FieldLabCore
import FieldLabRender
import FieldLabExperiments
import Foundation

/// The Markdown report of an experiment, written to `reportFolder/README.md`
/// with its charts beside it: what was run (the command and the sweeps'
/// own commands), the critical values with their intervals and methods, the
/// claims checked, the charts, and how the result compares with the paper.
struct ExperimentReport {
    var title: String
    var papers: String
    var command: String
    var quick: Bool
    /// Bullet points of the set-up.
    var setup: [String] = []
    /// Commands that make the sweeps behind the report.
    var sweepCommands: [String] = []
    var criticalValues: [CriticalValue] = []
    var claims: [ExperimentClaim] = []
    /// Sections in order: a heading and Markdown text (charts as `![](file.png)`).
    var sections: [(heading: String, text: String)] = []
    /// "Where it agrees, where it does not, and why that might be."
    var comparison: String = ""
    /// Tables written beside the report (file name, CSV text).
    var tables: [(file: String, csv: String)] = []

    init(title: String, papers: String, command: String, quick: Bool) {
        self.title = title
        self.papers = papers
        self.command = command
        self.quick = quick
    }

    mutating func section(_ heading: String, _ text: String) { sections.append((heading, text)) }

    /// Writes a chart into the report folder and returns its Markdown.
    static func chart(_ canvas: Canvas, file: String, in folder: String) throws -> String {
        try ImageFile.write(canvas, to: folder + "/" + file)
        return "![](\(file))"
    }

    var markdown: String {
        var t = "# \(title)\n\n"
        t += "Reproducing: \(papers).\n\n"
        t += "Made by `\(command)`\(quick ? " (the quick variant of the test suite: fewer points, shorter training)" : "").\n\n"
        if !setup.isEmpty { t += setup.map { "- \($0)\n" }.joined() + "\n" }
        if !sweepCommands.isEmpty {
            t += "The runs behind it, as sweeps that `fieldlab sweep report` can also read:\n\n"
            t += sweepCommands.map { "    \($0)\n" }.joined() + "\n"
        }
        if !criticalValues.isEmpty {
            t += "## Critical values\n\n| quantity | value [\(Int((criticalValues[0].confidence * 100).rounded())) % interval] | method |\n|---|---|---|\n"
            for c in criticalValues { t += "| \(c.name) | \(ExperimentFormatting.interval(c)) | \(c.method) |\n" }
            t += "\n"
        }
        if !claims.isEmpty {
            t += "## Claims checked\n\n| claim | holds | numbers |\n|---|---|---|\n"
            for c in claims { t += "| \(c.statement) | \(c.holds ? "yes" : "**no**") | \(c.detail) |\n" }
            t += "\n"
        }
        for s in sections { t += "## \(s.heading)\n\n\(s.text.trimmingCharacters(in: .whitespacesAndNewlines))\n\n" }
        if !comparison.isEmpty { t += "## Against the paper\n\n\(comparison.trimmingCharacters(in: .whitespacesAndNewlines))\n\n" }
        if !tables.isEmpty {
            t += "Tables: " + tables.map { "[`\($0.file)`](\($0.file))" }.joined(separator: ", ") + ".\n"
        }
        return t
    }

    /// Writes the tables and README.md (each file atomically).
    func write(to folder: String) throws {
        for table in tables { try AtomicFile.write(text: table.csv, to: folder + "/" + table.file) }
        try AtomicFile.write(text: markdown, to: folder + "/README.md")
    }
}
