import Foundation
import Testing
import ExperimentsLog
import ExperimentRecords
import LiterateChapters
import Numerics

@Suite("Tooling · Plotting with gnuplot")
struct GnuplotTests {
    static let plot = Plot(
        file: "test_plot.png", title: "a \"quoted\" title", kind: "test", description: "d",
        xLabel: "x", yLabel: "y", logScaleY: true,
        layers: [.line(label: "curve", points: (1...20).map { PlotPoint(Double($0), 1 / Double($0)) }),
                 .scatter(label: "dots", points: [PlotPoint(2, 0.3)], marker: .circle, filled: true, colorGroup: 0)])

    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("The same plot renders to the same PNG bytes, and a re-render changes nothing")
    func reproducible() throws {
        let (first, second) = (try scratch(), try scratch())
        #expect(try PlotRenderer().render(Self.plot, into: first))
        #expect(try PlotRenderer().render(Self.plot, into: second))
        let bytes = try Data(contentsOf: first.appendingPathComponent("test_plot.png"))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "not a PNG")
        #expect(bytes == (try Data(contentsOf: second.appendingPathComponent("test_plot.png"))))
        #expect(try PlotRenderer().render(Self.plot, into: first) == false)
    }

    @Test("A plot gnuplot rejects is an error naming the file and gnuplot's complaint")
    func rejected() throws {
        var broken = Self.plot
        broken.file = "broken.png"
        broken.xRange = 1...1
        #expect { try PlotRenderer().render(broken, into: scratch()) } throws: { error in
            let text = "\(error)"
            return text.contains("broken.png") && text.contains("range")
        }
    }
}
