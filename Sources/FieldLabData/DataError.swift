/// What a user or a file can get wrong when naming, reading or writing data.
///
/// Each description is one line that names the file (as the user gave it) and,
/// for text files, the line, e.g. `points.csv line 7: not a finite number`.
public enum DataError: Error, CustomStringConvertible, Equatable {
    /// Neither a built-in dataset nor a file.
    case unknownDataset(String)
    case fileNotFound(String)
    /// The file exists but cannot be read (a folder, or no permission).
    case unreadable(String)
    /// No bytes, or only blank lines.
    case emptyFile(String)
    /// The first line of a CSV is not `x,y`.
    case badHeader(path: String, found: String)
    /// A CSV row that is not two numbers (1-based line number in the file).
    case malformedRow(path: String, line: Int, text: String)
    /// A NaN or infinity: in a CSV at 1-based `line`, in an NPY at 1-based row `line`.
    case nonFinite(path: String, line: Int)
    case tooFewPoints(path: String, count: Int, needed: Int)
    /// All points equal: there is no scale to standardise by.
    case noSpread(String)
    /// A NaN or infinity among points to be written (0-based `index`).
    case nonFinitePoint(path: String, index: Int)
    /// The file could not be created (missing folder, no permission, disk full).
    /// The path, and why (the system's words: "No space left on device", …).
    case unwritable(String, reason: String)
    case badNPY(path: String, reason: String)
    /// A picture used as a density that cannot be read or has no bright pixel.
    case badPicture(path: String, reason: String)

    public var description: String {
        switch self {
        case .unknownDataset(let name):
            let names = ToyDataset.allCases.map(\.rawValue).joined(separator: ", ")
            return "unknown dataset '\(Self.quoted(name))': not a file and not one of \(names)"
        case .fileNotFound(let path):
            return "\(path): no such file"
        case .unreadable(let path):
            return "\(path): cannot read the file (a folder, or no permission)"
        case .emptyFile(let path):
            return "\(path): the file is empty"
        case .badHeader(let path, let found):
            return "\(path): the header is '\(Self.quoted(found))', expected 'x,y'"
        case .malformedRow(let path, let line, let text):
            return "\(path) line \(line): '\(Self.quoted(text))' is not two numbers x,y"
        case .nonFinite(let path, let line):
            let unit = path.lowercased().hasSuffix(".npy") ? "row" : "line"
            return "\(path) \(unit) \(line): not a finite number (NaN or infinity)"
        case .tooFewPoints(let path, let count, let needed):
            return "\(path): \(count) point\(count == 1 ? "" : "s"), need at least \(needed)"
        case .noSpread(let path):
            return "\(path): all points are equal, so there is no scale to standardise by"
        case .nonFinitePoint(let path, let index):
            return "cannot write \(path): point \(index) is not finite (NaN or infinity)"
        case .unwritable(let path, let reason):
            return "cannot write '\(path)': \(reason)"
        case .badNPY(let path, let reason):
            return "\(path): not a readable NPY file of 2D points: \(reason)"
        case .badPicture(let path, let reason):
            return "\(path): cannot use the picture as a density: \(Self.quoted(reason))"
        }
    }

    /// File text made safe for a one-line message: control characters become
    /// `?`, and anything past 60 characters is cut.
    static func quoted(_ text: String) -> String {
        let clean = String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : Character($0) })
        return clean.count > 60 ? String(clean.prefix(60)) + "…" : clean
    }
}
