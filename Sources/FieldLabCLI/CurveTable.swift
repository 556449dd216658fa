import Foundation

/// Two numeric columns of a CSV file with a header row, as `fieldlab knee` reads it.
///
/// Cells are split on commas and trimmed; blank lines are ignored; other
/// columns may hold anything. Line numbers in errors are 1-based lines of the file.
struct CurveTable {
    var x: [Double]
    var y: [Double]
    /// Distinct x values and how many observations each has (fewest, most).
    var distinctX: Int
    var seedsPerX: (fewest: Int, most: Int)

    init(contentsOf path: String, x xName: String, y yName: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw CurveTableError.fileNotFound(path)
        }
        guard !isFolder.boolValue, let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw CurveTableError.unreadable(path)
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        guard let headerIndex = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw CurveTableError.empty(path)
        }
        let header = Self.cells(lines[headerIndex])
        func column(_ name: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else {
                throw CurveTableError.noSuchColumn(path: path, name: name, available: header)
            }
            return i
        }
        let xi = try column(xName), yi = try column(yName)
        var xs: [Double] = [], ys: [Double] = []
        for (n, line) in lines.enumerated().dropFirst(headerIndex + 1)
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let row = Self.cells(line)
            guard row.count == header.count else {
                throw CurveTableError.wrongCellCount(path: path, line: n + 1, found: row.count, expected: header.count)
            }
            func number(_ i: Int) throws -> Double {
                guard let v = Double(row[i]) else {
                    throw CurveTableError.notANumber(path: path, line: n + 1, column: header[i], text: row[i])
                }
                guard v.isFinite else { throw CurveTableError.nonFinite(path: path, line: n + 1, column: header[i]) }
                return v
            }
            xs.append(try number(xi))
            ys.append(try number(yi))
        }
        guard !xs.isEmpty else { throw CurveTableError.empty(path) }
        x = xs
        y = ys
        let counts = Dictionary(grouping: xs, by: { $0 }).values.map(\.count)
        distinctX = counts.count
        seedsPerX = (counts.min()!, counts.max()!)
    }

    static func cells(_ line: String) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map {
            var cell = $0.trimmingCharacters(in: .whitespaces)
            if cell.count >= 2, cell.hasPrefix("\""), cell.hasSuffix("\"") { cell = String(cell.dropFirst().dropLast()) }
            return cell
        }
    }
}

/// What a curve CSV can get wrong; each description is one line naming the file.
enum CurveTableError: Error, CustomStringConvertible, Equatable {
    case fileNotFound(String)
    case unreadable(String)
    case empty(String)
    case noSuchColumn(path: String, name: String, available: [String])
    case wrongCellCount(path: String, line: Int, found: Int, expected: Int)
    case notANumber(path: String, line: Int, column: String, text: String)
    case nonFinite(path: String, line: Int, column: String)

    var description: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path): no such file"
        case .unreadable(let path):
            return "\(path): cannot read the file (a folder, no permission, or not UTF-8 text)"
        case .empty(let path):
            return "\(path): no data rows under the header"
        case .noSuchColumn(let path, let name, let available):
            return "\(path): no column '\(name)' (columns: \(available.joined(separator: ", ")))"
        case .wrongCellCount(let path, let line, let found, let expected):
            return "\(path) line \(line): \(found) cells, the header has \(expected)"
        case .notANumber(let path, let line, let column, let text):
            return "\(path) line \(line), column '\(column)': '\(text.prefix(40))' is not a number"
        case .nonFinite(let path, let line, let column):
            return "\(path) line \(line), column '\(column)': not a finite number (NaN or infinity)"
        }
    }
}
