import ArgumentParser
import ExperimentsLog
import Foundation
import LogisticRegression
import MultilayerPerceptron
import LogisticRegressionExperiments
import MultilayerPerceptronExperiments
import FineTuningExperiments
import GPT

struct FixturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fixtures",
        abstract: "Regenerate the seeded data sets in Fixtures/ (tests check they match byte for byte).")

    @OptionGroup var options: PackageOptions

    @Option(help: "Only write the probe checkpoint (M9's PyTorch fixture is computed from it) to this file.")
    var probeCheckpoint: String?

    func run() throws {
        if let probeCheckpoint {
            do {
                let corpus = try CharacterCorpus.shakespeare(root: options.root)
                try CheckpointProbe.checkpoint(vocabulary: corpus.vocabulary).write(to: URL(fileURLWithPath: probeCheckpoint))
                print("\(probeCheckpoint): written")
            } catch { throw fail(error) }
            return
        }
        let fixtures = try [(GaussianBlobs.fixturePath, GaussianBlobs.chapterDefault.csv())]
            + ToyDataset.all.map { ($0.fixturePath, try $0.csv()) }
        for (path, text) in fixtures {
            let url = options.root.appendingPathComponent(path)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                print("\(path): \(try ExperimentsLogFile.write(text, to: url) ? "written" : "unchanged")")
            } catch { throw fail(error) }
        }
    }
}
