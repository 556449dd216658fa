import Foundation

/// Progress of long work on standard error: a bar with rate and ETA redrawn in
/// place on a terminal, plain lines about every 10 % otherwise (logs, CI).
struct ProgressBar {
    let label: String
    let total: Int
    let unit: String
    let isTerminal = isatty(STDERR_FILENO) == 1
    private var lastDraw = 0.0
    private var lastPlainPercent = -1
    private let start = Date()

    init(label: String, total: Int, unit: String = "steps") {
        self.label = label
        self.total = max(1, total)
        self.unit = unit
    }

    /// Reports that `done` of `total` are finished; `detail` is appended (e.g. the loss).
    mutating func update(_ done: Int, detail: String = "") {
        guard OutputMode.current == .text else { return }
        let elapsed = Date().timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        let fraction = Double(done) / Double(total)
        if isTerminal {
            guard elapsed - lastDraw >= 0.1 || done == total else { return }
            lastDraw = elapsed
            let width = 28
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let line = "\(label) \(bar) \(Int(fraction * 100))% \(done)/\(total) \(format(rate)) \(unit)/s ETA \(duration(remaining)) \(detail)"
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        } else {
            let percent = Int(fraction * 10) * 10
            guard percent > lastPlainPercent else { return }
            lastPlainPercent = percent
            let line = "\(label): \(done)/\(total) (\(percent)%), \(format(rate)) \(unit)/s, ETA \(duration(remaining)) \(detail)"
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    private func format(_ x: Double) -> String { x >= 100 ? String(Int(x)) : String(format: "%.1f", x) }
    private func duration(_ s: Double) -> String {
        s >= 60 ? String(format: "%dm%02ds", Int(s) / 60, Int(s) % 60) : String(format: "%.0fs", s)
    }
}

/// A line of output for the user (standard output; not with `--quiet` or `--json`).
func say(_ line: String) {
    guard OutputMode.current == .text else { return }
    print(line)
    fflush(nil)
}
