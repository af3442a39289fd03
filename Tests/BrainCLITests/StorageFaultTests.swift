import Foundation
import ProdCore
import Testing

/// A real full disk: the database and reports on a small tmpfs (mounting needs root, as
/// scripts/test.sh runs in CI; elsewhere the suite is skipped and says so).
@Suite(.serialized, .enabled(if: Tmpfs.canMount, "mounting a tmpfs needs root"))
struct StorageFaultTests {
    static func arguments(_ folder: String) -> [String] {
        ["start", "--db", folder + "/crupto.db", "--reports", folder + "/reports", "--socket", folder + "/run/prodcore.sock",
         "--metrics-port", "0", "--runner-metrics-port", "0"]
    }

    /// The disk fills mid-run: the brain prints the cause — the runner's (the database, "disk
    /// full") or its own (the agents' journal, "No space left on device"), whichever write found
    /// the disk full first — and exits 1 without restarting the runner; the run is
    /// `failed: … disk full`, and once there is space `brain start --resume` finishes it.
    @Test func aFullDiskStopsTheRunWithItsCauseAndTheRunResumesOnceThereIsSpace() throws {
        let folder = try Tmpfs.mount(megabytes: 2)
        defer { Tmpfs.unmount(folder) }
        let failed = try BrainProcess.run(Self.arguments(folder))
        #expect(failed.status == 1)
        let causes = [
            "Error: the run failed: \(folder)/crupto.db: disk full; nothing was written",
            "Error: cannot write \(folder)/brain/run-1.journal: No space left on device",
        ]
        #expect(causes.contains { failed.errors.contains($0) }, "\(failed.errors)")
        #expect(!failed.errors.contains("runner restarted"), "a full disk is not fixed by restarting")
        let listed = try #require(try RecordedRunCommandTests.runs(folder + "/crupto.db").first)
        #expect((listed["state"] as? String)?.hasPrefix("failed: \(folder)/crupto.db: disk full") == true, "\(listed)")

        let remount = try ExternalCommand.run(["mount", "-o", "remount,size=64m", folder])
        #expect(remount.status == 0, "\(remount.output)")
        let resumed = try BrainProcess.run(Self.arguments(folder) + ["--resume", "1", "--json"])
        #expect(resumed.status == 0, "\(resumed.errors)")
        #expect(try RecordedRunCommandTests.runs(folder + "/crupto.db").first?["state"] as? String == "finished")
    }

    /// The report fills the disk: the run's tables are complete, the half-written report folder
    /// is removed, and the message says how to write the report later.
    @Test func aReportThatDoesNotFitLeavesNoPartialFolder() throws {
        let folder = try Tmpfs.mount(megabytes: 8)
        defer { Tmpfs.unmount(folder) }
        let result = try BrainProcess.run(Self.arguments(folder))
        #expect(result.status == 1)
        #expect(result.errors.contains("cannot write the report") && result.errors.contains("`brain report export 1` writes the report"), "\(result.errors)")
        let reports = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/reports")) ?? []
        #expect(reports.isEmpty, "\(reports)")
        let run = try #require(try RunStore(database: CruptoDatabase(path: folder + "/crupto.db")).run(1))
        #expect(run.isFinished && run.digest?.count == 64 && run.outcome?.hasPrefix("failed: cannot write the report") == true)
    }
}

struct CLITestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A small RAM file system to fill: a real full disk.
enum Tmpfs {
    /// A tmpfs of `megabytes` at a new folder; unmounted by `unmount`.
    static func mount(megabytes: Int) throws -> String {
        let folder = try BrainProcess.temporaryFolder()
        let result = try ExternalCommand.run(["mount", "-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", folder])
        guard result.status == 0 else { throw CLITestError("mount failed: \(result.output)") }
        return folder
    }

    static func unmount(_ folder: String) { _ = try? ExternalCommand.run(["umount", folder]) }

    static let canMount: Bool = {
        guard getuid() == 0, let folder = try? mount(megabytes: 1) else { return false }
        unmount(folder)
        return true
    }()

}

/// A database file with a damaged page, or whose log is deleted under a run: refused or stopped
/// with a message naming the file and what to do.
struct DamagedDatabaseTests {
    /// A `brain start` well into its run: 500 decision points answered (of about 17,000).
    static func sessionUnderWay() throws -> BrainCrashTests.Session {
        let session = try BrainCrashTests.Session(["--decision-interval", "5m"])
        _ = try #require(session.runner())
        session.waitForDecisions(500)
        return session
    }

    /// Before, the run went on and printed a digest and report while the database kept it
    /// `running` at a fraction of its inputs.
    @Test func aDeletedWriteAheadLogStopsTheRunWhichResumesLater() throws {
        let session = try Self.sessionUnderWay()
        let log = session.folder + "/crupto.db-wal"
        #expect(unlink(log) == 0)
        let (status, _, errors) = try session.finish()
        #expect(status == 1)
        #expect(errors.contains("crupto.db-wal: the write-ahead log was deleted while the run wrote to it"), "\(errors)")
        let state = try RecordedRunCommandTests.runs(session.folder + "/crupto.db").first?["state"] as? String
        #expect(state == "interrupted" || state?.hasPrefix("failed: ") == true, "\(String(describing: state))")
        let resumed = try BrainProcess.run(BrainStartTests.arguments(session.folder, ["--resume", "1"]))
        #expect(resumed.status == 0, "\(resumed.errors)")
        #expect(try RecordedRunCommandTests.runs(session.folder + "/crupto.db").first?["state"] as? String == "finished")
    }

    /// `chattr +i` on the database while a run writes: SQLite's checkpoints fail silently (before,
    /// exit 0 and a log grown to 208 MB); the runner's checkpointer finds it (`LogCheckpointer`).
    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/chattr"), "chattr needs root"))
    func anImmutableDatabaseStopsTheRunWhichResumesOnceWritable() throws {
        let session = try Self.sessionUnderWay()
        let database = session.folder + "/crupto.db"
        let immutable = try ExternalCommand.run(["chattr", "+i", database])
        defer { _ = try? ExternalCommand.run(["chattr", "-i", database]) }
        guard immutable.status == 0 else {
            Issue.record("chattr +i failed: \(immutable.output)")
            return
        }
        let (status, _, errors) = try session.finish()
        #expect(status == 1)
        #expect(errors.contains("\(database): cannot write the database file ("), "\(errors)")
        _ = try ExternalCommand.run(["chattr", "-i", database])
        let resumed = try BrainProcess.run(BrainStartTests.arguments(session.folder, ["--resume", "1"]))
        #expect(resumed.status == 0, "\(resumed.errors)")
    }

    @Test func aDamagedDatabaseIsRefusedWithHowToRecover() throws {
        let folder = try BrainProcess.temporaryFolder()
        let arguments = StorageFaultTests.arguments(folder) + ["--from", "2023-02-01", "--to", "2023-02-20"]
        #expect(try BrainProcess.run(arguments).status == 0)
        // Move everything into the main file, then overwrite 4 KiB in its middle.
        let damage = """
            import os, sqlite3, sys
            path = sys.argv[1]
            connection = sqlite3.connect(path); connection.execute("PRAGMA wal_checkpoint(TRUNCATE)"); connection.close()
            with open(path, "r+b") as file:
                file.seek(os.path.getsize(path) // 2); file.write(b"\\xde\\xad\\xbe\\xef" * 1024)
            """
        let damaged = try ExternalCommand.run(["python3", "-c", damage, folder + "/crupto.db"])
        #expect(damaged.status == 0, "\(damaged.output)")
        let refused = try BrainProcess.run(arguments)
        #expect(refused.status == 1)
        // Damage SQLite meets while opening reads "not a valid Crupto database"; damage found by
        // the quick check "is damaged": both name the file and how to save its contents.
        let named = refused.errors.contains("crupto.db: not a valid Crupto database (") || refused.errors.contains("crupto.db is damaged (")
        #expect(named && refused.errors.contains("`sqlite3 \(folder)/crupto.db .recover | sqlite3 recovered.db`"), "\(refused.errors)")
    }
}

/// A byte flipped inside a stored equity block — damage SQLite's own page checks cannot see —
/// is refused by the block's checksum when a report reads it, instead of becoming other numbers.
struct DamagedBlockTests {
    @Test func aFlippedByteInAnEquityBlockFailsItsChecksum() throws {
        let folder = try BrainProcess.temporaryFolder()
        let database = folder + "/crupto.db"
        let run = try BrainProcess.run([
            "backtest", "--strategy", "ema_cross:fast=20,slow=50", "--from", "2023-02-01", "--to", "2023-02-10", "--db", database,
            "--reports", folder + "/reports",
        ])
        #expect(run.status == 0, "\(run.errors)")
        let flip = """
            import sqlite3, sys
            path = sys.argv[1]
            connection = sqlite3.connect(path)
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            block = connection.execute("SELECT data FROM equity ORDER BY first_time LIMIT 1").fetchone()[0]
            connection.close()
            raw = bytearray(open(path, "rb").read())
            at = raw.find(block[:64])
            assert at > 0, "block not found in the file"
            raw[at + 32] ^= 0x55
            open(path, "r+b").write(raw)
            """
        let flipped = try ExternalCommand.run(["python3", "-c", flip, database])
        #expect(flipped.status == 0, "\(flipped.output)")
        let export = try BrainProcess.run(["report", "export", "1", "--db", database, "--reports", folder + "/again"])
        #expect(export.status == 1)
        #expect(export.errors.contains("the equity block of run 1 from 2023-02-01T00:01:00Z fails its checksum"), "\(export.errors)")
    }
}
