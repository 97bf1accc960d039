// The `workbook` executable: every command lives in the WorkbookCommands library, so that the
// tests import it as an ordinary module and `swift test` and `swift run` share one build.
import WorkbookCommands

Workbook.main()
