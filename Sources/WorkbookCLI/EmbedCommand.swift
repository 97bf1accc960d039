import ArgumentParser
import Foundation
import Numerics
import Retrieval
import RetrievalExperiments

/// `workbook embed`: all-MiniLM-L6-v2's normalised embedding of each input line, as JSON.
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Print all-MiniLM-L6-v2's unit-length embedding (384 numbers) of each line of standard input or of the arguments, as JSON.",
        discussion: "The model is read from .cache/models/all-MiniLM-L6-v2 (bash Scripts/fetch-data.sh fetches it). Inputs past 256 tokens are cut, as sentence-transformers cuts them.")

    @Flag(help: "Print the WordPiece ids and tokens instead of the embedding.")
    var tokens = false

    @OptionGroup var options: PackageOptions

    @Argument(help: "Texts to embed (default: each line of standard input).")
    var texts: [String] = []

    func run() throws {
        let root = options.root
        let tokenizer = try WordPieceTokenizer(vocabularyFile: MiniLMFiles.file("vocab.txt", root: root))
        let lines = texts.isEmpty ? (readLines()) : texts
        let encoder = tokens ? nil : try SentenceEncoder(weights: SafetensorsFile(contentsOf: MiniLMFiles.file("model.safetensors", root: root)))
        for text in lines {
            let ids = try tokenizer.encode(text)
            let object: [String: Any] = if let encoder {
                ["text": text, "embedding": try encoder.embedding(ids: ids).map(Double.init)]
            } else {
                ["text": text, "ids": ids, "tokens": tokenizer.tokens(ids)]
            }
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
        }
    }

    func readLines() -> [String] {
        var lines: [String] = []
        while let line = Swift.readLine() { lines.append(line) }
        return lines
    }
}
