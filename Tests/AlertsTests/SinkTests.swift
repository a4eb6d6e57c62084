import Basics
import Foundation
import Testing

@testable import Alerts

/// Real files in a fresh temporary directory per test.
struct TemporaryDirectory: ~Copyable {
    let path: String
    init() {
        let template = NSTemporaryDirectory() + "newswatch-alerts-XXXXXX"
        var bytes = Array(template.utf8CString)
        let made = bytes.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = made.map { String(cString: $0) } ?? template
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

@Suite struct SinkTests {
    func alert(_ id: String, time: String = "2026-11-27T01:02:03Z") -> AlertRecord {
        var a = AlertFormattingTests.sample
        a.id = id
        a.time = time
        return a
    }

    func list(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    @Test func spoolWritesOnceIntoNewWithMode0640() throws {
        let tmp = TemporaryDirectory()
        let spool = MaildirSpool(directory: tmp.path + "/spool")
        try spool.deliver(alert("00000000000000aa"))
        try spool.deliver(alert("00000000000000aa"))
        let unix = 1_795_741_323  // 2026-11-27T01:02:03Z
        #expect(list(spool.new) == ["\(unix).00000000000000aa.json"])
        #expect(list(spool.tmp).isEmpty)
        let attributes = try FileManager.default.attributesOfItem(atPath: spool.new + "/\(unix).00000000000000aa.json")
        #expect((attributes[.posixPermissions] as? Int) == 0o640)
        let body = try String(contentsOfFile: spool.new + "/\(unix).00000000000000aa.json", encoding: .utf8)
        #expect(AlertFormatter.decode(jsonLine: body.trimmingCharacters(in: .newlines))?.id == "00000000000000aa")
    }

    @Test func spoolSkipsAlertAlreadyTakenIntoCur() throws {
        let tmp = TemporaryDirectory()
        let spool = MaildirSpool(directory: tmp.path + "/spool")
        let a = alert("00000000000000bb")
        try spool.deliver(a)
        let name = MaildirSpool.fileName(for: a)
        try FileManager.default.moveItem(atPath: spool.new + "/" + name, toPath: spool.cur + "/" + name)
        try spool.deliver(a)
        #expect(list(spool.new).isEmpty)
        #expect(list(spool.cur) == [name])
    }

    @Test func spoolReplacesTornTmpFile() throws {
        let tmp = TemporaryDirectory()
        let spool = MaildirSpool(directory: tmp.path + "/spool")
        try spool.prepare()
        let a = alert("00000000000000cc")
        let name = MaildirSpool.fileName(for: a)
        try Data("{\"id\":".utf8).write(to: URL(fileURLWithPath: spool.tmp + "/" + name))
        try spool.deliver(a)
        #expect(list(spool.tmp).isEmpty)
        #expect(list(spool.new) == [name])
    }

    /// How a consumer may have handled the file before the retry of a delivery whose acknowledgement was
    /// cut off: with the ledger, the spool writes nothing again in every case.
    enum Consumer: CaseIterable, Sendable { case left, deleted, movedToCur, movedWithFlags }

    @Test(arguments: Consumer.allCases)
    func aRetriedDeliveryWritesNothingWhateverTheConsumerDid(consumer: Consumer) throws {
        let tmp = TemporaryDirectory()
        let spool = MaildirSpool(directory: tmp.path + "/spool", ledger: tmp.path + "/state/spool-delivered")
        let a = alert("00000000000000ee")
        let name = MaildirSpool.fileName(for: a)
        try spool.deliver(a)
        #expect(list(tmp.path + "/state/spool-delivered") == ["00000000000000ee"])
        switch consumer {
        case .left: break
        case .deleted: try FileManager.default.removeItem(atPath: spool.new + "/" + name)
        case .movedToCur:
            try FileManager.default.moveItem(atPath: spool.new + "/" + name, toPath: spool.cur + "/" + name)
        case .movedWithFlags:
            try FileManager.default.moveItem(atPath: spool.new + "/" + name, toPath: spool.cur + "/" + name + ":2,S")
        }
        let before = (list(spool.new), list(spool.cur))
        try spool.deliver(a)  // the retry after a crash before the acknowledgement
        #expect(list(spool.new) == before.0)
        #expect(list(spool.cur) == before.1)
        #expect(list(spool.tmp).isEmpty)
        spool.acknowledged(a)
        #expect(list(tmp.path + "/state/spool-delivered").isEmpty)
    }

    /// The process died between making the marker durable and the rename: the retry completes the rename.
    @Test func aRenameCutOffIsCompletedOnce() throws {
        let tmp = TemporaryDirectory()
        let spool = MaildirSpool(directory: tmp.path + "/spool", ledger: tmp.path + "/ledger")
        try spool.prepare()
        let a = alert("00000000000000ff")
        let name = MaildirSpool.fileName(for: a)
        try Data((AlertFormatter.jsonLine(a) + "\n").utf8).write(to: URL(fileURLWithPath: spool.tmp + "/" + name))
        #expect(FileManager.default.createFile(atPath: tmp.path + "/ledger/" + a.id, contents: Data()))
        try spool.deliver(a)
        try spool.deliver(a)
        #expect(list(spool.new) == [name])
        #expect(list(spool.tmp).isEmpty)
        let body = try String(contentsOfFile: spool.new + "/" + name, encoding: .utf8)
        #expect(AlertFormatter.decode(jsonLine: body.trimmingCharacters(in: .newlines))?.id == a.id)
    }

    /// The rename into new/ fails after the marker was made: the file stays in tmp/, and the retry
    /// delivers it (it used to be removed, and the marker then read as "delivered": a lost alert).
    @Test func aFailedRenameIsRetriedNotLost() throws {
        let tmp = TemporaryDirectory()
        let spool = MaildirSpool(directory: tmp.path + "/spool", ledger: tmp.path + "/ledger")
        try spool.prepare()
        let a = alert("0000000000000abc")
        let name = MaildirSpool.fileName(for: a)
        // new/ turned into a dangling symbolic link: rename(2) fails (as root, permissions would not).
        try FileManager.default.removeItem(atPath: spool.new)
        try FileManager.default.createSymbolicLink(atPath: spool.new, withDestinationPath: tmp.path + "/nowhere")
        #expect(throws: SinkError.self) { try spool.deliver(a) }
        #expect(list(spool.tmp) == [name])
        // Fixed: the retry recreates new/ and moves the kept file in.
        try FileManager.default.removeItem(atPath: spool.new)
        try spool.deliver(a)
        #expect(list(spool.new) == [name])
        #expect(list(spool.tmp).isEmpty)
        let body = try String(contentsOfFile: spool.new + "/" + name, encoding: .utf8)
        #expect(AlertFormatter.decode(jsonLine: body.trimmingCharacters(in: .newlines))?.id == a.id)
    }

    @Test func failingSpoolThrowsNamedError() throws {
        let tmp = TemporaryDirectory()
        // The spool path is a regular file: every delivery must fail, naming the path.
        #expect(FileManager.default.createFile(atPath: tmp.path + "/spool", contents: Data()))
        let spool = MaildirSpool(directory: tmp.path + "/spool")
        #expect(throws: SinkError.self) { try spool.deliver(alert("00000000000000dd")) }
        do {
            try spool.deliver(alert("00000000000000dd"))
        } catch {
            #expect(error.description.contains(tmp.path + "/spool"))
        }
    }

    @Test(arguments: [AlertLogFormat.text, .json])
    func logAppendsLinesAndFollowsRotation(format: AlertLogFormat) throws {
        let tmp = TemporaryDirectory()
        let path = tmp.path + "/log/alerts.log"
        let sink = AlertLogSink(path: path, format: format)
        try sink.deliver(alert("0000000000000001"))
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try sink.deliver(alert("0000000000000002"))
        let rotated = try String(contentsOfFile: path + ".1", encoding: .utf8)
        let current = try String(contentsOfFile: path, encoding: .utf8)
        #expect(rotated.split(separator: "\n").count == 1)
        #expect(rotated.contains("0000000000000001"))
        #expect(current.split(separator: "\n").count == 1)
        #expect(current.contains("0000000000000002"))
        #expect(AlertLogLine.parse(String(current.dropLast()))?.alertID == "0000000000000002")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o640)
    }

    @Test func logReopenAfterTruncateKeepsAppending() throws {
        let tmp = TemporaryDirectory()
        let path = tmp.path + "/alerts.log"
        let sink = AlertLogSink(path: path, format: .text)
        try sink.deliver(alert("0000000000000001"))
        sink.reopen()
        try sink.deliver(alert("0000000000000002"))
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
    }
}
