import Testing
import ExperimentRecords

@Suite("Tooling · Record texts and progress lines")
struct RecordTextTests {
    @Test("Metric texts: percent, fixed and scientific")
    func metricTexts() {
        #expect(Metric.percent("a", 1).display == "100.0%")
        #expect(Metric.decimal("b", 1.54e-5).display == "0.0000")
        #expect(Metric.scientific("c", 1.54e-5).display == "1.54e-05")
        #expect(counted(1, "epoch") == "1 epoch" && counted(2, "epoch") == "2 epochs")
    }

    @Test("Progress lines show epoch, loss and ETA")
    func progressLine() {
        #expect(TrainingProgress.line(label: "M1", step: 50, total: 200, loss: 0.5, elapsed: 1)
                == "M1  epoch 50/200  loss 0.500000  ETA 3.0s")
        #expect(TrainingProgress.line(label: "M1", step: 1, total: 2, loss: 1.5e-6, elapsed: 1).contains("loss 1.500e-06"))
        #expect(TrainingProgress.duration(75) == "1m15s")
        #expect(TrainingProgress.duration(.infinity) == "?")
    }
}
