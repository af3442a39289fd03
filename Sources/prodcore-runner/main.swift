// The sandboxed runner process (ARCHITECTURE.md §1) arrives with the runner issue. Until then
// this executable only exists so that the package has its final shape; it refuses to run.
import Foundation

FileHandle.standardError.write(Data("""
    prodcore-runner: not implemented yet (it comes with the runner issue: Unix-socket plan \
    protocol, lockstep replay, safe mode). Use `brain backtest` to run the engine.\n
    """.utf8))
exit(2)
