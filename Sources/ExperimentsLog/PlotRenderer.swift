import Foundation
import Numerics
import ExperimentRecords

/// A plot could not be drawn.
public struct PlotRenderingError: Error, CustomStringConvertible {
    public let file: String
    public let problem: String

    public var description: String { "cannot render \(file): \(problem)" }
}

/// Renders `Plot`s to PNG with gnuplot (`pngcairo`), or with Graphviz's `dot` for diagrams,
/// the script fed on standard input. The same plot always gives the same script, and neither
/// tool writes a timestamp, so re-rendering unchanged results leaves the files byte-identical.
public struct PlotRenderer: Sendable {
    public var width = 900
    public var height = 600

    public init() {}

    /// Draws `plot` into `directory/plot.file`, replacing the file atomically and only when
    /// its bytes change. Returns whether the file changed.
    @discardableResult
    public func render(_ plot: Plot, into directory: URL) throws -> Bool {
        let destination = directory.appendingPathComponent(plot.file)
        let scratch = directory.appendingPathComponent(".\(plot.file).\(ProcessInfo.processInfo.processIdentifier).tmp")
        defer { try? FileManager.default.removeItem(at: scratch) }
        if let dot = plot.graphviz {
            try run("dot", arguments: ["-Tpng", "-Gdpi=96", "-o", scratch.path], input: dot, file: plot.file)
        } else {
            try run("gnuplot", arguments: [], input: script(for: plot, output: scratch.path), file: plot.file)
        }
        let rendered = try Data(contentsOf: scratch)
        if let existing = try? Data(contentsOf: destination), existing == rendered { return false }
        try rendered.write(to: destination, options: .atomic)
        return true
    }

    /// The gnuplot script that draws `plot` into `output`.
    public func script(for plot: Plot, output: String) -> String {
        var lines = [
            "set encoding utf8",
            "set terminal pngcairo noenhanced size \(width),\(height) font 'Sans,11'",
            "set output \(quoted(output))",
            "set title \(quoted(plot.title))",
            "set xlabel \(quoted(plot.xLabel))",
            "set ylabel \(quoted(plot.yLabel))",
            "set key outside right top box opaque",
            "set grid back lc rgb '#dddddd'",
            "set border lw 1",
        ]
        if plot.logScaleY { lines += ["set logscale y", "set format y '%.0e'"] }
        if plot.logScaleX { lines += ["set logscale x 2"] }
        if let range = plot.xRange { lines.append("set xrange [\(number(range.lowerBound)):\(number(range.upperBound))]") }
        if let range = plot.yRange { lines.append("set yrange [\(number(range.lowerBound)):\(number(range.upperBound))]") }

        var clauses: [String] = []
        var curveColor = 0
        for (index, layer) in plot.layers.enumerated() {
            let block = "$layer\(index)"
            switch layer {
            case .line(let label, let points):
                lines += dataBlock(block, points.map { "\(number($0.x)) \(number($0.y))" })
                clauses.append("\(block) using 1:2 with lines lw 2 lc rgb '\(Self.palette[curveColor % Self.palette.count])' title \(quoted(label))")
                curveColor += 1
            case .scatter(let label, let points, let marker, let filled, let colorGroup):
                lines += dataBlock(block, points.map { "\(number($0.x)) \(number($0.y))" })
                let type = Self.pointType(marker, filled: filled)
                clauses.append("\(block) using 1:2 with points pt \(type) ps 1.2 lc rgb '\(Self.scatterPalette[colorGroup % Self.scatterPalette.count])' title \(quoted(label))")
            case .heatmap(let grid):
                let rows = (0..<grid.rows).map { r in
                    (0..<grid.columns).map { c in
                        "\(number(grid.x(c))) \(number(grid.y(r))) \(number(grid.values[r * grid.columns + c]))"
                    }.joined(separator: "\n") + "\n"
                }
                lines += dataBlock(block, rows)
                if grid.palette == .grayscale {     // an image: square pixels, no axes
                    lines += ["set size ratio -1", "unset xtics", "unset ytics", "unset border", "unset key", "unset grid", "unset colorbox"]
                }
                lines += [
                    grid.palette == .grayscale ? "set palette defined (0 'white', 1 'black')"
                        : "set palette defined (0 '#d6604d', 0.5 '#f7f7f7', 1 '#4393c3')",
                    "set cbrange [0:1]",
                    "set cblabel \(quoted(grid.valueLabel))",
                ]
                clauses.append("\(block) using 1:2:3 with image notitle")
            case .labels(let labels):
                lines += dataBlock(block, labels.map { "\(number($0.x)) \(number($0.y)) \(quoted($0.text))" })
                clauses.append("\(block) using 1:2:3 with labels textcolor rgb '#d55e00' font 'Sans,10' notitle")
            case .countMatrix(let rowLabels, let columnLabels, let counts):
                let cells = counts.indices.flatMap { r in
                    counts[r].indices.map { c in "\(c) \(r) \(counts[r][c])" }
                }
                lines += dataBlock(block, cells)
                let maximum = max(1, counts.flatMap { $0 }.max() ?? 1)
                lines += [
                    "set palette defined (0 '#f7fbff', 1 '#2171b5')",
                    "set cbrange [0:\(maximum)]",
                    "set cblabel 'count'",
                ] + matrixAxes(rows: rowLabels, columns: columnLabels, ticFont: "")
                clauses.append("\(block) using 1:2:3 with image notitle")
                clauses.append("\(block) using 1:2:(sprintf('%d', $3)) with labels font 'Sans,20' notitle")
            case .weightMatrix(let rowLabels, let columnLabels, let values, let valueLabel):
                lines += dataBlock(block, values.indices.flatMap { r in values[r].indices.map { c in "\(c) \(r) \(number(values[r][c]))" } })
                lines += [
                    "set palette defined (0 '#ffffff', 1 '#08306b')",
                    "set cbrange [0:1]",
                    "set cblabel \(quoted(valueLabel))",
                    "set size ratio -1",
                ] + matrixAxes(rows: rowLabels, columns: columnLabels, ticFont: "font 'Sans,8' ")
                clauses.append("\(block) using 1:2:3 with image notitle")
            case .bars(let labels, let values):
                lines += dataBlock(block, zip(labels, values).map { "\(quoted($0)) \(number($1))" })
                lines += ["set style fill solid 0.8 border -1", "set boxwidth 0.6", "set yrange [0:\(number(1.15 * (values.max() ?? 1)))]", "unset key",
                          "set xrange [-0.6:\(number(Double(labels.count) - 0.4))]"]
                clauses.append("\(block) using 0:2:xtic(1) with boxes lc rgb '\(Self.palette[0])' notitle")
                clauses.append("\(block) using 0:2:(sprintf('%.2f', $2)) with labels offset 0,1 notitle")
            }
        }
        lines.append("plot " + clauses.joined(separator: ", \\\n     "))
        return lines.joined(separator: "\n") + "\n"
    }

    /// Colour-blind-safe curve colours (Okabe–Ito), in order of use.
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]
    /// Marker colours by group, dark enough to read on the probability shading.
    static let scatterPalette = ["#7a0000", "#002a66", "#1b5e20", "#4a148c"]

    private static func pointType(_ marker: PlotMarker, filled: Bool) -> Int {
        switch marker {
        case .circle: filled ? 7 : 6
        case .triangle: filled ? 9 : 8
        case .square: filled ? 5 : 4
        case .cross: 2
        }
    }

    /// A matrix drawn as an image: one labelled tic per row and column, row 0 at the top.
    private func matrixAxes(rows: [String], columns: [String], ticFont: String) -> [String] {
        func tics(_ labels: [String]) -> String { labels.enumerated().map { "\(quoted($1)) \($0)" }.joined(separator: ", ") }
        return ["set xtics \(ticFont)(\(tics(columns)))",
                "set ytics \(ticFont)(\(tics(rows)))",
                "set xrange [-0.5:\(number(Double(columns.count) - 0.5))]",
                "set yrange [-0.5:\(number(Double(rows.count) - 0.5))] reverse",
                "unset grid",
                "unset key"]
    }

    private func dataBlock(_ name: String, _ rows: [String]) -> [String] {
        ["\(name) << EOD"] + rows + ["EOD"]
    }

    /// A gnuplot string literal.
    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Shortest round-trip text of a number; gnuplot reads "NaN" and "Inf".
    private func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Inf" : "-Inf" }
        return "\(value)"
    }

    /// Runs `tool` with `input` on standard input; its failure becomes an error naming `file`.
    private func run(_ tool: String, arguments: [String], input: String, file: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let stdin = Pipe(), errors = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        do { try process.run() } catch {
            throw PlotRenderingError(file: file, problem: "cannot start \(tool) (\(error))")
        }
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 127 {
            throw PlotRenderingError(file: file, problem: "\(tool) is not installed: run `bash Scripts/install-system-packages.sh`")
        }
        if process.terminationStatus != 0 {
            throw PlotRenderingError(file: file, problem: "\(tool) exited with status \(process.terminationStatus): \(stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}
