import Foundation
import Testing
import FieldLabCLI

/// Runs `arguments` in-process and checks the error contract: a non-zero
/// status and exactly one line, `error: …`, that contains `message`.
func expectOneLineError(_ arguments: [String], containing message: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    var lines: [String] = []
    let status = FieldLabCommand.run(arguments) { lines.append($0) }
    #expect(status != 0, sourceLocation: sourceLocation)
    #expect(lines.count == 1, sourceLocation: sourceLocation)
    let line = lines.first ?? ""
    #expect(!line.contains("\n"), sourceLocation: sourceLocation)
    #expect(line.hasPrefix("error: "), sourceLocation: sourceLocation)
    #expect(line.contains(message), "got: \(line)", sourceLocation: sourceLocation)
}

/// Runs `body` in a fresh temporary folder named after `name` (and this
/// process), removed afterwards whatever happens.
func withTemporaryFolder(_ name: String, _ body: (String) throws -> Void) throws {
    let folder = NSTemporaryDirectory() + "fieldlab-\(name)-\(getpid())"
    try? FileManager.default.removeItem(atPath: folder)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try body(folder)
}
