import Foundation
import GRDB
import Testing
import TestSupport

@testable import SchedulerKit

/// A bulk run hands each row's report on as soon as it and the rows before it are done, in input
/// order, and keeps none of them: what it prints is the same as rendering every report at once.
@Suite("Bulk runs stream their rows")
struct BulkStreamingTests {
    @Test func reportsComeInInputOrderWhileTheRunGoesOnAndPrintAsIfRenderedAtOnce() async throws {
        let f = try await SchedulerFixture.start()
        defer { Task { try await f.stop() } }
        var csv = "key,name,start,duration,tz,template,organizer,attendees\n"
        for i in 1...40 {
            let key = i == 20 ? "row-3" : "row-\(i)"  // line 21 repeats line 4's key
            let zone = i == 5 ? "Nowhere/City" : "Europe/Berlin"
            csv += "\(key),Bulk \(i),2030-01-07T09:00,30m,\(zone),CoSpaceTemp-Scheduler,saiacano@s.com,gogi@s.com=ExternalAccessMeth\n"
        }
        let rows = try BulkInput.rows(Data(csv.utf8), source: "in.csv", defaults: MeetingFields())
        #expect(rows.count == 40)
        let creator = BulkCreator(service: f.service, concurrency: 4, defaultZone: .current) { MeetingView($0, sipDomain: "cms.example.com", webBaseURL: nil) }
        var reports: [BulkRowReport] = []
        var storedAtFirstReport: Int?
        let outputs = [OutputFormat.json, .csv, .table].map { ($0, Box()) }
        var printers = try outputs.map { format, box in
            try BulkReportPrinter(format: format, out: { box.text += $0 }, errors: { box.errors.append($0) })
        }
        let tally = await creator.run(rows, dryRun: false) { report in
            if storedAtFirstReport == nil {
                storedAtFirstReport = try? f.store.pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM meeting") }
            }
            reports.append(report)
            for index in printers.indices { printers[index].print(report) }
        }
        #expect(reports.map(\.line) == Array(2...41))
        #expect(reports.filter { $0.status == .failed }.map(\.line) == [6, 21])
        #expect(reports[19].error == "line 21: key 'row-3' repeats line 4")
        #expect(tally.rows == 40 && tally.failed == 2)
        #expect(tally.outcome?.exitStatus == .partial)
        // The first row was reported long before the last was begun.
        #expect(try #require(storedAtFirstReport) < 20)

        let cells = reports.map(BulkReportPrinter.cells)
        for (index, (format, box)) in outputs.enumerated() {
            try printers[index].finish()
            #expect(box.text == (try Render.rows(format, header: BulkReportPrinter.header, rows: cells, json: reports)), "\(format)")
            #expect(box.errors.count == (format == .table ? 0 : 2), "\(format)")
        }
    }

    @Test func anEmptyRunPrintsWhatRenderingNoRowsPrints() throws {
        for format in [OutputFormat.json, .csv, .table] {
            let box = Box()
            var printer = try BulkReportPrinter(format: format, out: { box.text += $0 }, errors: { _ in })
            try printer.finish()
            #expect(box.text == (try Render.rows(format, header: BulkReportPrinter.header, rows: [], json: [BulkRowReport]())))
        }
        #expect(throws: Render.icsRefused) { try BulkReportPrinter(format: .ics, out: nil, errors: { _ in }) }
    }

    @Test func aFailedWriteStopsPrintingAndIsThrownAtTheEnd() throws {
        var writes = 0
        var printer = try BulkReportPrinter(format: .csv, out: { _ in
            writes += 1
            if writes == 2 { throw CmschedError.cannotWriteOutput("stdout closed") }
        }, errors: { _ in })
        for line in 2...5 { printer.print(BulkRowReport(line: line, key: "k\(line)", status: .created)) }
        #expect(throws: CmschedError.cannotWriteOutput("stdout closed")) { try printer.finish() }
        #expect(writes == 2)
    }

    // MARK: input read back in pieces

    @Test func inputIsReadBackInPiecesWithoutLosingACharacterAtTheSeams() throws {
        // Rows long enough that several 64 KB pieces meet inside names of two- and four-byte characters.
        var csv = "\u{FEFF}name,start\r\n"
        var names: [String] = []
        for i in 0..<700 {
            let name = "Réunion 🗓 \(i) " + String(repeating: i % 2 == 0 ? "é" : "🗓", count: 100 + i % 7)
            names.append(name)
            csv += "\"\(name)\",2030-01-07T09:00\r\n"
        }
        #expect(csv.utf8.count > 3 * SpooledInput.piece)
        let rows = try BulkInput.rows(Data(csv.utf8), source: "big.csv", defaults: MeetingFields())
        #expect(rows.count == 700)
        let read = Array(rows)
        #expect(try read.map { try $0.fields.get().name } == names)
        #expect(read.map(\.line) == Array(2...701))
        // A second pass reads the same rows again.
        #expect(Array(rows).count == 700)
    }

    @Test func aFileChangedDuringTheRunIsReadAsItWasWhenOpened() throws {
        let path = NSTemporaryDirectory() + "bulk-\(UUID().uuidString).csv"
        try Data("name,start\nA,2030-01-07T09:00\nB,2030-01-08T09:00\n".utf8).write(to: URL(fileURLWithPath: path))
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        let rows = try BulkInput.rows(reading: descriptor, name: path, source: path, defaults: MeetingFields())
        try Data("name,start\nZ,2030-01-07T09:00\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try Array(rows).map { try $0.fields.get().name } == ["A", "B"])
    }

    @Test func inputFromAPipeIsRead() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let text = "{\"name\": \"A\"}\n\n{\"name\": \"B\"}\n"
        _ = text.withCString { write(ends[1], $0, strlen($0)) }
        close(ends[1])
        defer { close(ends[0]) }
        let rows = try BulkInput.rows(reading: ends[0], name: "standard input", source: "stdin", defaults: MeetingFields())
        #expect(rows.count == 2)
        #expect(try Array(rows).map { try $0.fields.get().name } == ["A", "B"])
        #expect(Array(rows).map(\.line) == [1, 3])
    }

    private final class Box: @unchecked Sendable {
        var text = ""
        var errors: [String] = []
    }
}
