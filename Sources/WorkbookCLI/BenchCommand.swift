import ArgumentParser
import Foundation
import GSL
import LogisticRegression
import Optimization
import WorkbookCore

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed: matrix products on both kernels, and whole experiments. Run in release mode.",
        discussion: """
            Prints the best and median of several rounds. Timing lives here, not in the tests, so
            `swift test` stays a progress check. Run `swift run -c release workbook bench`.
            """)

    @Option(help: "Square matrix sizes for the GEMM measurement.")
    var sizes: [Int] = [256, 512, 1024]

    @Option(help: "Rounds per measurement (best and median are reported).")
    var rounds: Int = 3

    @Option(help: "OpenBLAS threads (the workbook's default is 1).")
    var threads: Int = 1

    func run() throws {
        #if DEBUG
        print("warning: this is a debug build; run `swift run -c release workbook bench` for meaningful figures")
        #endif
        let environment = ProcessInfo.processInfo.environment
        MatrixKernel.setOpenBLASThreads(threads)
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; OpenBLAS on \(counted(threads, "thread")), \(MatrixKernel.openBLASConfiguration)")
        print("OPENBLAS_CORETYPE=\(environment["OPENBLAS_CORETYPE"] ?? "(unset: OpenBLAS detects the CPU itself)")")
        print("")
        print("GEMM, fp64, C = A·B with n×n matrices (GFLOP/s = 2n³ / time)")
        print(row(["n", "kernel", "best ms", "median ms", "GFLOP/s", "of OpenBLAS"]))
        let generator = RandomGenerator(seed: 1)
        for n in sizes {
            let a = Matrix(rows: n, columns: n, entries: (0..<(n * n)).map { _ in generator.gaussian() })
            let b = Matrix(rows: n, columns: n, entries: (0..<(n * n)).map { _ in generator.gaussian() })
            let flops = 2 * pow(Double(n), 3)
            let blas = measure { _ = a.multiplied(by: b, kernel: .openBLAS) }
            let reference = measure { _ = a.multiplied(by: b, kernel: .reference) }
            for (name, times) in [("OpenBLAS", blas), ("reference", reference)] {
                print(row(["\(n)", name, ms(times.best), ms(times.median), formatted(flops / times.best / 1e9, digits: 1),
                           Metric.percent("", blas.best / times.best).display]))
            }
        }
        print("")
        print("GEMM, fp32")
        print(row(["n", "kernel", "best ms", "median ms", "GFLOP/s", "of OpenBLAS"]))
        for n in sizes {
            let a = (0..<(n * n)).map { _ in Float(generator.gaussian()) }, b = (0..<(n * n)).map { _ in Float(generator.gaussian()) }
            let flops = 2 * pow(Double(n), 3)
            let blas = measure { _ = squareProductFloat(a, b, n: n, kernel: .openBLAS) }
            let reference = measure { _ = squareProductFloat(a, b, n: n, kernel: .reference) }
            for (name, times) in [("OpenBLAS", blas), ("reference", reference)] {
                print(row(["\(n)", name, ms(times.best), ms(times.median), formatted(flops / times.best / 1e9, digits: 1),
                           Metric.percent("", blas.best / times.best).display]))
            }
        }
        print("")
        print("Whole experiments (best of \(rounds))")
        let mainRun = measure { _ = try? MainRun() }
        print("  M1 main run (200 epochs, 160 points, with its gradient checks): \(ms(mainRun.best)) ms")
        let split = try DigitsDataset.standardSplit()
        let mlp = measure(rounds: 1) { _ = try? DigitsFit.multilayerPerceptron(split: split) }
        print("  M4 MLP on the digits (64-256-10, AdamW, up to 60 epochs, early stopping): \(ms(mlp.best)) ms")
        print("")
        print("The outcome suite's wall time: `time swift test -c release` (after a build).")
    }

    /// Best and median seconds over the rounds.
    private func measure(rounds: Int? = nil, _ body: () -> Void) -> (best: Double, median: Double) {
        let times = (0..<(rounds ?? self.rounds)).map { _ -> Double in
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }.sorted()
        return (times[0], times[times.count / 2])
    }

    private func ms(_ seconds: Double) -> String { formatted(seconds * 1000, digits: 1) }

    private func row(_ cells: [String]) -> String {
        cells.enumerated().map { i, cell in i == 1 ? cell.padding(toLength: 10, withPad: " ", startingAt: 0) : String(repeating: " ", count: max(0, 11 - cell.count)) + cell }.joined(separator: " ")
    }
}
