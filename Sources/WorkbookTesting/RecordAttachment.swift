import Testing
import ExperimentRecords
import Numerics

/// An experiment record attaches as its canonical JSON, so `workbook log` finds it in the
/// test run's attachments next to the verdict of the test that judged it.
extension ExperimentRecord: Attachable {
    public borrowing func withUnsafeBytes<R>(
        for attachment: borrowing Attachment<Self>, _ body: (UnsafeRawBufferPointer) throws -> R
    ) throws -> R {
        try canonicalJSON().withUnsafeBytes(body)
    }
}

/// Attaches `record` to the running test: call first thing in every test that judges it,
/// so the record reaches the log whether the test then passes or fails.
public func attach(_ record: ExperimentRecord) {
    Attachment.record(record, named: record.attachmentName)
}
