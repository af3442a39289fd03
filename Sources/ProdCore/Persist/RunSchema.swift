import GRDB

/// Tables of recorded runs. Money, prices and quantities are the exact fixed-point integers
/// (value × 10^8); times are UTC epoch milliseconds. Every row names its run; `seq` columns
/// number a run's rows in the order the engine produced them, so a replay after a crash
/// rewrites the same keys with the same values.
///
/// Equity has a point per bar of the feed (a million for two years of minutes): SQLite costs
/// about 3 µs a row, eight times the engine's time per bar, so the points of each batch are
/// stored together in one row (`EquityPoint.packed`: delta-encoded varints of time, equity, cash
/// and gross exposure). `RunStore.equity(run:)` and the report's equity files unpack them.
enum RunSchema {
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE runs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                kind TEXT NOT NULL,
                started_at TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('running', 'finished')),
                settings TEXT NOT NULL,
                code_version TEXT NOT NULL,
                timeframe TEXT NOT NULL,
                initial_cash INTEGER NOT NULL,
                recorder_pid INTEGER,
                recorder_host TEXT,
                inputs_done INTEGER NOT NULL DEFAULT 0,
                batches INTEGER NOT NULL DEFAULT 0,
                first_time INTEGER,
                last_time INTEGER,
                digest TEXT,
                finished_at TEXT
            );
            CREATE TABLE run_files (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                role TEXT NOT NULL,
                path TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                bytes INTEGER NOT NULL,
                PRIMARY KEY (run_id, path)
            ) WITHOUT ROWID;
            CREATE TABLE journal (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                seq INTEGER NOT NULL,
                event_time INTEGER NOT NULL,
                type TEXT NOT NULL,
                payload TEXT NOT NULL,
                PRIMARY KEY (run_id, seq)
            ) WITHOUT ROWID;
            CREATE TABLE orders (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                id INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                symbol TEXT NOT NULL,
                market TEXT NOT NULL,
                strategy TEXT NOT NULL,
                side TEXT NOT NULL,
                intent TEXT NOT NULL,
                limit_price INTEGER,
                PRIMARY KEY (run_id, id)
            ) WITHOUT ROWID;
            CREATE TABLE order_rejections (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                seq INTEGER NOT NULL,
                order_id INTEGER NOT NULL,
                time INTEGER NOT NULL,
                reason TEXT NOT NULL,
                detail TEXT NOT NULL,
                PRIMARY KEY (run_id, seq)
            ) WITHOUT ROWID;
            CREATE TABLE fills (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                seq INTEGER NOT NULL,
                order_id INTEGER NOT NULL,
                time INTEGER NOT NULL,
                symbol TEXT NOT NULL,
                market TEXT NOT NULL,
                strategy TEXT NOT NULL,
                side TEXT NOT NULL,
                intent TEXT NOT NULL,
                price INTEGER NOT NULL,
                quantity INTEGER NOT NULL,
                notional INTEGER NOT NULL,
                fee INTEGER NOT NULL,
                is_maker INTEGER NOT NULL,
                PRIMARY KEY (run_id, seq)
            ) WITHOUT ROWID;
            CREATE TABLE trades (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                seq INTEGER NOT NULL,
                strategy TEXT NOT NULL,
                symbol TEXT NOT NULL,
                market TEXT NOT NULL,
                side TEXT NOT NULL,
                entry_time INTEGER NOT NULL,
                exit_time INTEGER NOT NULL,
                quantity INTEGER NOT NULL,
                entry_price INTEGER NOT NULL,
                exit_price INTEGER NOT NULL,
                fees INTEGER NOT NULL,
                funding INTEGER NOT NULL,
                pnl INTEGER NOT NULL,
                exit_reason TEXT NOT NULL,
                PRIMARY KEY (run_id, seq)
            ) WITHOUT ROWID;
            CREATE TABLE positions (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                strategy TEXT NOT NULL,
                symbol TEXT NOT NULL,
                market TEXT NOT NULL,
                quantity INTEGER NOT NULL,
                mark INTEGER NOT NULL,
                has_working_order INTEGER NOT NULL,
                draining INTEGER NOT NULL,
                PRIMARY KEY (run_id, strategy)
            ) WITHOUT ROWID;
            CREATE TABLE equity (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                first_time INTEGER NOT NULL,
                last_time INTEGER NOT NULL,
                points INTEGER NOT NULL,
                data BLOB NOT NULL,
                PRIMARY KEY (run_id, first_time)
            ) WITHOUT ROWID;
            CREATE TABLE plans (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                seq INTEGER NOT NULL,
                input_seq INTEGER NOT NULL,
                time INTEGER,
                source TEXT NOT NULL,
                applied INTEGER NOT NULL,
                reasons TEXT NOT NULL,
                plan TEXT NOT NULL,
                PRIMARY KEY (run_id, seq)
            ) WITHOUT ROWID;
            CREATE TABLE governor_events (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                seq INTEGER NOT NULL,
                time INTEGER NOT NULL,
                kind TEXT NOT NULL,
                detail TEXT NOT NULL,
                PRIMARY KEY (run_id, seq)
            ) WITHOUT ROWID;
            CREATE TABLE funding_payments (
                run_id INTEGER NOT NULL REFERENCES runs(id),
                seq INTEGER NOT NULL,
                time INTEGER NOT NULL,
                symbol TEXT NOT NULL,
                market TEXT NOT NULL,
                strategy TEXT NOT NULL,
                rate INTEGER NOT NULL,
                position INTEGER NOT NULL,
                amount INTEGER NOT NULL,
                PRIMARY KEY (run_id, seq)
            ) WITHOUT ROWID;
            CREATE TABLE snapshots (
                run_id INTEGER PRIMARY KEY REFERENCES runs(id),
                input_seq INTEGER NOT NULL,
                state BLOB NOT NULL
            );
            """)
    }
}
