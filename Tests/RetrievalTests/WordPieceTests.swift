import Foundation
import Testing
import Numerics
import Retrieval
import RetrievalExperiments
import WorkbookTesting

@Suite("M11 · Retrieval: BERT's WordPiece tokenizer")
struct WordPieceTests {
    @Test("Token ids equal Hugging Face tokenizers with all-MiniLM-L6-v2's tokenizer.json, truncated at 256")
    func idsEqualHuggingFace() throws {
        attach(try SharedRuns.equalityRecord.get())
        let (tokenizer, _) = try SharedRuns.model.get()
        let e = try SharedRuns.equality.get()
        #expect(e.wordPieceTexts > 300)
        for text in e.wordPieceDiffering.prefix(5) { Issue.record("\(text.debugDescription.prefix(120)): \(try tokenizer.tokens(tokenizer.encode(text)).prefix(40))") }
        #expect(e.wordPieceDiffering.isEmpty, "\(e.wordPieceDiffering.count) of \(e.wordPieceTexts) texts tokenized differently")
    }

    @Test("A missing model says which command fetches it")
    func missingModel() {
        let error = #expect(throws: FileFormatError.self) { try MiniLMFiles.file("vocab.txt", root: URL(fileURLWithPath: "/nonexistent")) }
        #expect(error?.problem.contains("bash Scripts/fetch-data.sh") == true)
    }
}
